package dev.groundup.shard;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.groundup.common.protocol.ConnRef;
import dev.groundup.common.protocol.ErrorCode;
import dev.groundup.common.protocol.GameException;
import dev.groundup.common.protocol.PlayerRecord;
import dev.groundup.common.protocol.Progress;
import dev.groundup.common.protocol.RoomProtocol.Enter;
import dev.groundup.common.protocol.RoomProtocol.Exited;
import dev.groundup.common.protocol.RoomProtocol.Joined;
import dev.groundup.common.protocol.ShardProtocol.CheckIn;
import dev.groundup.common.protocol.ShardProtocol.Join;
import dev.groundup.common.protocol.ShardProtocol.Leave;
import dev.groundup.common.protocol.ShardProtocol.LoggedIn;
import dev.groundup.common.protocol.ShardProtocol.Login;
import dev.groundup.common.protocol.Tokens;
import dev.groundup.common.store.StoredPlayer;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Logins and sessions of a shard's players against rooms, a store and session verticles simulated
 * in memory: above all, resuming the room a player was in when it logs in again, and the record's
 * score, room, game and per-game progress as the player moves between rooms of different games.
 */
class PlayersTest {

  private static final ConnRef GW1 = new ConnRef("gateway-1", 0, 1);
  private static final ConnRef GW2 = new ConnRef("gateway-2", 1, 7);
  private static final ConnRef GW2_AGAIN = new ConnRef("gateway-2", 1, 8);

  private final FakeRooms rooms = new FakeRooms();
  private final FakeStore store = new FakeStore();
  private final List<String> kicks = new ArrayList<>();

  private Players sharded() {
    return new Players(
        3,
        rooms,
        (conn, reason) -> kicks.add(conn.node() + "/" + conn.id() + " " + reason),
        (session, reason) -> Future.failedFuture("no session verticles in mode sharded"),
        null,
        store);
  }

  @Test
  void aNewPlayerIsWelcomedWithoutARoom() {
    LoggedIn in = done(sharded().login(new Login("ada", null, GW1)));
    assertThat(in.room()).isNull();
    assertThat(in.shard()).isEqualTo(3);
    PlayerRecord record = store.get("ada").record();
    assertThat(record.room()).isNull();
    assertThat(record.game()).isNull();
    assertThat(record.score()).isZero();
    assertThat(record.progress()).isEmpty();
    assertThat(rooms.calls).isEmpty();
  }

  @Test
  void aPlayerWhoseSessionEndedInARoomIsBackInItWithItsScoreAndProgress() {
    Players players = sharded();
    String token = done(players.login(new Login("ada", null, GW1))).token();
    done(players.join(new Join("ada", "lobby", null, GW1)));
    rooms.progress("lobby", "ada", 2, "arena 9 steps");

    done(players.disconnect("ada", GW1));
    assertThat(rooms.members("lobby")).doesNotContainKey("ada");
    PlayerRecord offline = store.get("ada").record();
    assertThat(offline.room()).as("the room to resume").isEqualTo("lobby");
    assertThat(offline.game()).isEqualTo("arena");
    assertThat(offline.score()).isEqualTo(2);
    assertThat(text(offline.progressIn("arena"))).isEqualTo("arena 9 steps");
    assertThat(store.get("ada").conn()).isNull();

    LoggedIn back = done(players.login(new Login("ada", token, GW2)));
    assertThat(back.room()).isNotNull();
    assertThat(back.room().room()).isEqualTo("lobby");
    assertThat(back.room().game()).isEqualTo("arena");
    assertThat(text(back.room().line())).isEqualTo("joined lobby ada score 2 arena 9 steps");
    assertThat(rooms.member("lobby", "ada")).isEqualTo(new Member(2, "arena 9 steps", GW2));
    assertThat(rooms.calls).contains("enter lobby arena ada");
    assertThat(store.get("ada").record().room()).isEqualTo("lobby");
    assertThat(store.get("ada").record().game()).isEqualTo("arena");
    assertThat(store.get("ada").conn()).isEqualTo(GW2);
    assertThat(kicks).isEmpty();
  }

  @Test
  void aPlayerComingBackAfterATakeoverResumesFromItsStoredRecord() {
    PlayerRecord stored =
        new PlayerRecord(
            "bo",
            Tokens.hash("tok"),
            5,
            "hall",
            "four",
            List.of(
                new Progress("arena", bytes("arena 40")), new Progress("four", bytes("3 wins"))));
    store.players.put("bo", new StoredPlayer(stored, 3, 1, null));
    LoggedIn back = done(sharded().login(new Login("bo", "tok", GW2)));
    assertThat(back.room().room()).isEqualTo("hall");
    assertThat(back.room().game()).isEqualTo("four");
    assertThat(rooms.games).containsEntry("hall", "four");
    assertThat(rooms.member("hall", "bo"))
        .as("the room takes its game's progress")
        .isEqualTo(new Member(5, "3 wins", GW2));
  }

  @Test
  void leaveForgetsTheRoom() {
    Players players = sharded();
    String token = done(players.login(new Login("ada", null, GW1))).token();
    done(players.join(new Join("ada", "lobby", null, GW1)));
    done(players.leave(new Leave("ada", GW1)));
    assertThat(store.get("ada").record().room()).isNull();
    assertThat(store.get("ada").record().game()).isNull();
    done(players.disconnect("ada", GW1));
    assertThat(store.get("ada").record().room()).isNull();

    LoggedIn back = done(players.login(new Login("ada", token, GW2)));
    assertThat(back.room()).isNull();
    assertThat(rooms.members("lobby")).doesNotContainKey("ada");
  }

  @Test
  void leavingWithoutARoomIsNotInRoom() {
    Players players = sharded();
    done(players.login(new Login("ada", null, GW1)));
    assertThat(code(players.leave(new Leave("ada", GW1)))).isEqualTo(ErrorCode.NOT_IN_ROOM);
  }

  @Test
  void aRoomThatRefusesTheReturningPlayerDoesNotFailTheLoginAndIsForgotten() {
    for (ErrorCode refusal : List.of(ErrorCode.ROOM_FULL, ErrorCode.UNAVAILABLE)) {
      Players players = sharded();
      String name = "ada-" + refusal.wire();
      String token = done(players.login(new Login(name, null, GW1))).token();
      done(players.join(new Join(name, "lobby", null, GW1)));
      done(players.disconnect(name, GW1));

      rooms.refusal = refusal;
      LoggedIn back = done(players.login(new Login(name, token, GW2)));
      rooms.refusal = null;
      assertThat(back.room()).as(refusal.wire()).isNull();
      assertThat(store.get(name).record().room()).as(refusal.wire()).isNull();
      assertThat(store.get(name).record().game()).as(refusal.wire()).isNull();
      assertThat(store.get(name).conn()).isEqualTo(GW2);
      // and the next disconnect and login do not try that room again
      done(players.disconnect(name, GW2));
      assertThat(done(players.login(new Login(name, token, GW2_AGAIN))).room()).isNull();
    }
  }

  @Test
  void aRefusedJoinPutsThePlayerBackInItsRoomAtItsSeat() {
    Players players = sharded();
    done(players.login(new Login("ada", null, GW1)));
    done(players.join(new Join("ada", "lobby", null, GW1)));
    rooms.progress("lobby", "ada", 4, "arena 11 steps");
    PlayerRecord before = store.get("ada").record();
    rooms.full.add("hall");
    rooms.calls.clear();

    assertThat(code(players.join(new Join("ada", "hall", null, GW1))))
        .isEqualTo(ErrorCode.ROOM_FULL);
    assertThat(rooms.calls)
        .containsExactly(
            "exit lobby ada", "enter hall - ada", "enter lobby arena ada seat of ada in lobby");
    assertThat(rooms.member("lobby", "ada")).isEqualTo(new Member(4, "arena 11 steps", GW1));
    PlayerRecord after = store.get("ada").record();
    assertThat(after.room()).isEqualTo("lobby");
    assertThat(after.game()).isEqualTo("arena");
    assertThat(after.score()).as("the live score it left with").isEqualTo(4);
    assertThat(text(after.progressIn("arena"))).isEqualTo("arena 11 steps");
    assertThat(before.score()).isZero();
  }

  @Test
  void aJoinNamingAnotherGameThanTheRoomPlaysIsWrongGameAndThePlayerGoesBack() {
    // a player who played arena before, so the room gives back the progress it was given
    PlayerRecord known =
        new PlayerRecord(
            "ada", Tokens.hash("tok"), 7, null, null, List.of(new Progress("arena", bytes("a5"))));
    store.players.put("ada", new StoredPlayer(known, 3, 1, null));
    Players players = sharded();
    done(players.login(new Login("ada", "tok", GW1)));
    done(players.login(new Login("bo", null, GW2)));
    done(players.join(new Join("bo", "board", "four", GW2)));
    done(players.join(new Join("ada", "lobby", "arena", GW1)));
    PlayerRecord before = store.get("ada").record();
    rooms.calls.clear();

    Future<Joined> wrong = players.join(new Join("ada", "board", "arena", GW1));
    assertThat(code(wrong)).isEqualTo(ErrorCode.WRONG_GAME);
    assertThat(rooms.calls)
        .containsExactly(
            "exit lobby ada",
            "enter board arena ada",
            "enter lobby arena ada seat of ada in lobby");
    assertThat(rooms.members("board")).containsOnlyKeys("bo");
    assertThat(rooms.member("lobby", "ada")).isEqualTo(new Member(7, "a5", GW1));
    assertThat(store.get("ada").record()).as("the record as it was").isEqualTo(before);
    assertThat(store.get("ada").record().room()).isEqualTo("lobby");

    // naming the game the room plays, or none, is fine
    assertThat(done(players.join(new Join("ada", "board", "four", GW1))).game()).isEqualTo("four");
  }

  @Test
  void theRecordKeepsTheProgressOfEachGameApart() {
    Players players = sharded();
    done(players.login(new Login("ada", null, GW1)));
    done(players.join(new Join("ada", "lobby", "arena", GW1)));
    rooms.progress("lobby", "ada", 3, "arena 20 steps");

    done(players.join(new Join("ada", "board", "four", GW1)));
    assertThat(rooms.member("board", "ada"))
        .as("new to four: no progress of it, the leaderboard score it has")
        .isEqualTo(new Member(3, "", GW1));
    rooms.progress("board", "ada", 4, "1 win");

    done(players.leave(new Leave("ada", GW1)));
    PlayerRecord record = store.get("ada").record();
    assertThat(record.score()).isEqualTo(4);
    assertThat(text(record.progressIn("arena"))).isEqualTo("arena 20 steps");
    assertThat(text(record.progressIn("four"))).isEqualTo("1 win");
    assertThat(record.progress())
        .extracting(Progress::game)
        .containsExactlyInAnyOrder("arena", "four");

    done(players.join(new Join("ada", "lobby", null, GW1)));
    assertThat(rooms.member("lobby", "ada")).isEqualTo(new Member(4, "arena 20 steps", GW1));
    rooms.progress("lobby", "ada", 6, "arena 25 steps");
    done(players.join(new Join("ada", "board", null, GW1)));
    assertThat(rooms.member("board", "ada")).isEqualTo(new Member(6, "1 win", GW1));
    done(players.leave(new Leave("ada", GW1)));
    record = store.get("ada").record();
    assertThat(text(record.progressIn("arena"))).isEqualTo("arena 25 steps");
    assertThat(text(record.progressIn("four"))).isEqualTo("1 win");
    assertThat(record.progress()).hasSize(2);
  }

  @Test
  void theRecordsGameFollowsItsRoom() {
    Players players = sharded();
    String token = done(players.login(new Login("ada", null, GW1))).token();
    done(players.join(new Join("ada", "lobby", null, GW1)));
    assertThat(store.get("ada").record().game()).as("the default game").isEqualTo("arena");

    done(players.join(new Join("ada", "board", "four", GW1)));
    assertThat(store.get("ada").record().room()).isEqualTo("board");
    assertThat(store.get("ada").record().game()).isEqualTo("four");

    done(players.join(new Join("ada", "lobby", null, GW1)));
    assertThat(store.get("ada").record().game()).isEqualTo("arena");
    // a room of four joined without naming its game: the record takes the room's
    done(players.join(new Join("ada", "board", null, GW1)));
    assertThat(store.get("ada").record().game()).isEqualTo("four");

    done(players.disconnect("ada", GW1));
    assertThat(store.get("ada").record().room()).isEqualTo("board");
    assertThat(store.get("ada").record().game())
        .as("kept with the room to resume")
        .isEqualTo("four");
    rooms.calls.clear();
    done(players.login(new Login("ada", token, GW2)));
    assertThat(rooms.calls).containsExactly("enter board four ada");

    done(players.leave(new Leave("ada", GW2)));
    assertThat(store.get("ada").record().room()).isNull();
    assertThat(store.get("ada").record().game()).isNull();
  }

  @Test
  void aLoginThatReplacesAConnectionInARoomKeepsThePlayerThereLive() {
    Players players = sharded();
    String token = done(players.login(new Login("ada", null, GW1))).token();
    done(players.join(new Join("ada", "lobby", null, GW1)));
    rooms.progress("lobby", "ada", 1, "arena 3 steps");
    rooms.calls.clear();

    LoggedIn replaced = done(players.login(new Login("ada", token, GW2)));
    assertThat(kicks).containsExactly("gateway-1/1 replaced");
    assertThat(rooms.calls)
        .as("rebound, not taken out and put back")
        .containsExactly("enter lobby arena ada");
    assertThat(replaced.room().room()).isEqualTo("lobby");
    assertThat(text(replaced.room().line())).isEqualTo("joined lobby ada score 1 arena 3 steps");
    assertThat(rooms.member("lobby", "ada")).isEqualTo(new Member(1, "arena 3 steps", GW2));
    assertThat(store.get("ada").conn()).isEqualTo(GW2);

    // the replaced connection closing does not end the new session
    done(players.disconnect("ada", GW1));
    assertThat(rooms.members("lobby")).containsKey("ada");
    assertThat(done(players.join(new Join("ada", "lobby", null, GW2))).room()).isEqualTo("lobby");
  }

  @Test
  void anOldConnectionCanNeitherJoinNorLeave() {
    Players players = sharded();
    String token = done(players.login(new Login("ada", null, GW1))).token();
    done(players.join(new Join("ada", "lobby", null, GW1)));
    done(players.login(new Login("ada", token, GW2)));
    assertThat(code(players.join(new Join("ada", "hall", null, GW1))))
        .isEqualTo(ErrorCode.NOT_LOGGED_IN);
    assertThat(code(players.leave(new Leave("ada", GW1)))).isEqualTo(ErrorCode.NOT_LOGGED_IN);
    assertThat(rooms.members("lobby")).containsKey("ada");
    assertThat(code(players.join(new Join("nobody", "hall", null, GW1))))
        .isEqualTo(ErrorCode.NOT_LOGGED_IN);
  }

  @Test
  void aWrongTokenEntersNoRoom() {
    Players players = sharded();
    done(players.login(new Login("ada", null, GW1)));
    done(players.join(new Join("ada", "lobby", null, GW1)));
    done(players.disconnect("ada", GW1));
    rooms.calls.clear();
    Future<LoggedIn> wrong = players.login(new Login("ada", "not-the-token", GW2));
    assertThat(code(wrong)).isEqualTo(ErrorCode.NAME_TAKEN);
    assertThat(rooms.calls).isEmpty();
    assertThat(store.get("ada").record().room()).isEqualTo("lobby");
  }

  @Test
  void aGatewayThatLeftEndsItsSessionsButTheyKeepTheirRoom() {
    Players players = sharded();
    String token = done(players.login(new Login("ada", null, GW1))).token();
    done(players.join(new Join("ada", "lobby", null, GW1)));
    players.gatewayLeft("gateway-1");
    assertThat(rooms.members("lobby")).doesNotContainKey("ada");
    assertThat(store.get("ada").record().room()).isEqualTo("lobby");
    assertThat(players.online()).isZero();
    assertThat(done(players.login(new Login("ada", token, GW2))).room().room()).isEqualTo("lobby");
    assertThat(players.online()).isEqualTo(1);
  }

  // ---- routing mode per-connection: the session verticle holds the player while it is logged in

  /**
   * Session verticles simulated: each start is recorded; ending one answers with the record it had.
   */
  private final Map<String, PlayerRecord> sessions = new LinkedHashMap<>();

  private final Map<String, PlayerRecord> handBack = new HashMap<>();

  private Players perConnection() {
    return new Players(
        3,
        rooms,
        (conn, reason) -> kicks.add(conn.node() + "/" + conn.id() + " " + reason),
        (session, reason) -> {
          PlayerRecord r = handBack.remove(session);
          return r == null
              ? Future.failedFuture("no handlers for " + session)
              : Future.succeededFuture(new CheckIn(r, session));
        },
        (record, conn) -> {
          String address = "groundup.player." + sessions.size();
          sessions.put(address, record);
          return Future.succeededFuture(address);
        },
        store);
  }

  /** What a session verticle's record is after playing in {@code room} of {@code game}. */
  private static PlayerRecord played(
      PlayerRecord record, long score, String room, String game, String progress) {
    return record.withProgress(score, game, bytes(progress)).withRoom(room, game);
  }

  @Test
  void perConnectionAPlayerCheckedBackInWithARoomStartsItsNextSessionInThatRoom() {
    Players players = perConnection();
    LoggedIn first = done(players.login(new Login("ada", null, GW1)));
    assertThat(players.online()).isEqualTo(1);
    // the session joined a room, then its connection went: it took the player out and handed it
    // back
    PlayerRecord checkedIn = played(sessions.get(first.session()), 4, "board", "four", "2 wins");
    done(players.checkIn(new CheckIn(checkedIn, first.session())));
    assertThat(store.get("ada").record()).isEqualTo(checkedIn);
    assertThat(players.online()).isZero();

    LoggedIn back = done(players.login(new Login("ada", first.token(), GW2)));
    assertThat(back.session()).isNotEqualTo(first.session());
    assertThat(back.room().room()).isEqualTo("board");
    assertThat(back.room().game()).isEqualTo("four");
    assertThat(rooms.member("board", "ada")).isEqualTo(new Member(4, "2 wins", GW2));
    assertThat(sessions.get(back.session()).room())
        .as("the new session starts in the room")
        .isEqualTo("board");
    assertThat(sessions.get(back.session()).game()).isEqualTo("four");
  }

  @Test
  void perConnectionACheckInOfAnotherSessionIsIgnored() {
    Players players = perConnection();
    LoggedIn first = done(players.login(new Login("ada", null, GW1)));
    PlayerRecord stale = played(sessions.get(first.session()), 9, "lobby", "arena", "old");
    done(players.checkIn(new CheckIn(stale, "groundup.player.elsewhere")));
    assertThat(store.get("ada").record().room()).isNull();
    assertThat(players.online()).isEqualTo(1);
  }

  @Test
  void perConnectionAReplacedSessionHandsItsRoomOverToTheNextOne() {
    Players players = perConnection();
    LoggedIn first = done(players.login(new Login("ada", null, GW1)));
    // the live session is in a room; ending it takes the player out (what SessionVerticle does)
    handBack.put(
        first.session(), played(sessions.get(first.session()), 1, "lobby", "arena", "arena 5"));

    LoggedIn back = done(players.login(new Login("ada", first.token(), GW2)));
    assertThat(back.room().room()).isEqualTo("lobby");
    assertThat(rooms.member("lobby", "ada")).isEqualTo(new Member(1, "arena 5", GW2));
    assertThat(sessions.get(back.session()).room()).isEqualTo("lobby");
  }

  @Test
  void perConnectionASessionThatIsGoneIsTakenBackFromTheStore() {
    Players players = perConnection();
    LoggedIn first = done(players.login(new Login("ada", null, GW1)));
    // the session ended and stored its record, but its hand-back has not arrived (or its node died)
    PlayerRecord last = played(sessions.get(first.session()), 3, "lobby", "arena", "arena 7");
    store.players.put("ada", new StoredPlayer(last, 3, 1, null));

    LoggedIn back = done(players.login(new Login("ada", first.token(), GW2)));
    assertThat(back.room().room()).isEqualTo("lobby");
    assertThat(rooms.member("lobby", "ada")).isEqualTo(new Member(3, "arena 7", GW2));
  }

  @Test
  void perConnectionARefusingRoomIsForgottenAndStored() {
    Players players = perConnection();
    LoggedIn first = done(players.login(new Login("ada", null, GW1)));
    done(
        players.checkIn(
            new CheckIn(
                sessions.get(first.session()).withRoom("lobby", "arena"), first.session())));
    rooms.refusal = ErrorCode.ROOM_FULL;
    LoggedIn back = done(players.login(new Login("ada", first.token(), GW2)));
    assertThat(back.room()).isNull();
    assertThat(store.get("ada").record().room()).isNull();
    assertThat(store.get("ada").record().game()).isNull();
    assertThat(sessions.get(back.session()).room()).isNull();
  }

  // ---- helpers and fakes ----

  private static <T> T done(Future<T> future) {
    assertThat(future.isComplete()).as("completed").isTrue();
    if (future.failed()) {
      throw new AssertionError("failed: " + future.cause(), future.cause());
    }
    return future.result();
  }

  private static ErrorCode code(Future<?> future) {
    assertThat(future.isComplete()).as("completed").isTrue();
    assertThat(future.failed()).as("failed").isTrue();
    assertThat(future.cause()).isInstanceOf(GameException.class);
    return ((GameException) future.cause()).code();
  }

  private static byte[] bytes(String s) {
    return s.getBytes(UTF_8);
  }

  private static String text(byte[] b) {
    return new String(b, UTF_8);
  }

  /**
   * A room member: live leaderboard score, progress in the room's game (as text) and connection.
   */
  record Member(long score, String progress, ConnRef conn) {}

  /**
   * Rooms as the engine's behave: a room plays the game its first player names (else arena) and
   * refuses another ({@code wrong_game}); entering a room one is in rebinds the connection; leaving
   * gives the live score, the progress in the room's game and a seat to come back to.
   */
  static final class FakeRooms implements PlayerEntity.Rooms {
    final Map<String, String> games = new HashMap<>();
    final Map<String, Map<String, Live>> rooms = new HashMap<>();
    final List<String> calls = new ArrayList<>();
    final List<String> full = new ArrayList<>();
    ErrorCode refusal;

    static final class Live {
      long score;
      byte[] progress;
      ConnRef conn;

      Live(long score, byte[] progress, ConnRef conn) {
        this.score = score;
        this.progress = progress;
        this.conn = conn;
      }
    }

    Map<String, Live> members(String room) {
      return rooms.computeIfAbsent(room, r -> new LinkedHashMap<>());
    }

    Member member(String room, String name) {
      Live m = members(room).get(name);
      return m == null ? null : new Member(m.score, text(m.progress), m.conn);
    }

    /** The member scored and progressed while playing. */
    void progress(String room, String name, long score, String progress) {
      Live m = members(room).get(name);
      m.score = score;
      m.progress = bytes(progress);
    }

    @Override
    public Future<Joined> enter(Enter e) {
      calls.add(
          "enter "
              + e.room()
              + " "
              + (e.game() == null ? "-" : e.game())
              + " "
              + e.name()
              + (e.seat() == null ? "" : " " + text(e.seat())));
      if (refusal != null) {
        return Future.failedFuture(new GameException(refusal, "refused"));
      }
      if (full.contains(e.room())) {
        return Future.failedFuture(new GameException(ErrorCode.ROOM_FULL, "full"));
      }
      String game = games.get(e.room());
      if (game != null && e.game() != null && !e.game().equals(game)) {
        return Future.failedFuture(
            new GameException(ErrorCode.WRONG_GAME, e.room() + " plays " + game));
      }
      if (game == null) {
        game = e.game() == null ? "arena" : e.game();
        games.put(e.room(), game);
      }
      Map<String, Live> members = members(e.room());
      Live m = members.get(e.name());
      if (m == null) {
        m = new Live(e.score(), progressIn(e.progress(), game), e.conn());
        members.put(e.name(), m);
      } else {
        m.conn = e.conn();
      }
      String line = "joined " + e.room() + " " + e.name() + " score " + m.score;
      if (m.progress.length > 0) {
        line += " " + text(m.progress);
      }
      return Future.succeededFuture(new Joined(e.room(), game, 10, bytes(line)));
    }

    private static byte[] progressIn(List<Progress> progress, String game) {
      return progress.stream()
          .filter(p -> p.game().equals(game))
          .map(Progress::bytes)
          .findFirst()
          .orElse(new byte[0]);
    }

    @Override
    public Future<Exited> exit(String room, String name) {
      calls.add("exit " + room + " " + name);
      Live m = members(room).remove(name);
      return m == null
          ? Future.failedFuture(new GameException(ErrorCode.NOT_IN_ROOM, "not in room " + room))
          : Future.succeededFuture(
              new Exited(
                  room,
                  games.get(room),
                  m.score,
                  Arrays.copyOf(m.progress, m.progress.length),
                  bytes("seat of " + name + " in " + room)));
    }
  }

  /** The player store in memory. */
  static final class FakeStore implements Players.Store {
    final Map<String, StoredPlayer> players = new HashMap<>();

    StoredPlayer get(String name) {
      return players.get(name);
    }

    @Override
    public Future<Optional<StoredPlayer>> claim(String name) {
      return Future.succeededFuture(Optional.ofNullable(players.get(name)));
    }

    @Override
    public Future<Optional<StoredPlayer>> create(PlayerRecord record, ConnRef conn) {
      StoredPlayer existing = players.get(record.name());
      if (existing != null) {
        return Future.succeededFuture(Optional.of(existing));
      }
      players.put(record.name(), new StoredPlayer(record, 3, 1, conn));
      return Future.succeededFuture(Optional.empty());
    }

    @Override
    public Future<Void> save(PlayerRecord record, ConnRef conn) {
      players.put(record.name(), new StoredPlayer(record, 3, 1, conn));
      return Future.succeededFuture();
    }
  }
}
