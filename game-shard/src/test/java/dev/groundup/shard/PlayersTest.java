package dev.groundup.shard;

import static org.assertj.core.api.Assertions.assertThat;

import dev.groundup.common.protocol.Cell;
import dev.groundup.common.protocol.ConnRef;
import dev.groundup.common.protocol.ErrorCode;
import dev.groundup.common.protocol.GameException;
import dev.groundup.common.protocol.PlayerRecord;
import dev.groundup.common.protocol.PlayerView;
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
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Logins and sessions of a shard's players against rooms, a store and session verticles simulated
 * in memory: above all, resuming the room a player was in when it logs in again.
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
    assertThat(store.get("ada").record().room()).isNull();
    assertThat(rooms.calls).isEmpty();
  }

  @Test
  void aPlayerWhoseSessionEndedInARoomIsBackInItWithItsScoreAndSteps() {
    Players players = sharded();
    String token = done(players.login(new Login("ada", null, GW1))).token();
    done(players.join(new Join("ada", "lobby", GW1)));
    rooms.progress("lobby", "ada", 2, 9);

    done(players.disconnect("ada", GW1));
    assertThat(rooms.members("lobby")).doesNotContainKey("ada");
    PlayerRecord offline = store.get("ada").record();
    assertThat(offline.room()).as("the room to resume").isEqualTo("lobby");
    assertThat(offline.score()).isEqualTo(2);
    assertThat(offline.steps()).isEqualTo(9);
    assertThat(store.get("ada").conn()).isNull();

    LoggedIn back = done(players.login(new Login("ada", token, GW2)));
    assertThat(back.room()).isNotNull();
    assertThat(back.room().room()).isEqualTo("lobby");
    PlayerView me = back.room().players().getFirst();
    assertThat(me.name()).isEqualTo("ada");
    assertThat(me.score()).isEqualTo(2);
    assertThat(me.steps()).isEqualTo(9);
    assertThat(rooms.members("lobby").get("ada").conn()).isEqualTo(GW2);
    assertThat(store.get("ada").record().room()).isEqualTo("lobby");
    assertThat(store.get("ada").conn()).isEqualTo(GW2);
    assertThat(kicks).isEmpty();
  }

  @Test
  void aPlayerComingBackAfterATakeoverResumesFromItsStoredRecord() {
    PlayerRecord stored = new PlayerRecord("bo", Tokens.hash("tok"), 5, 40, "hall");
    store.players.put("bo", new StoredPlayer(stored, 3, 1, null));
    LoggedIn back = done(sharded().login(new Login("bo", "tok", GW2)));
    assertThat(back.room().room()).isEqualTo("hall");
    assertThat(rooms.members("hall").get("bo")).isEqualTo(new Member(5, 40, GW2));
  }

  @Test
  void leaveForgetsTheRoom() {
    Players players = sharded();
    String token = done(players.login(new Login("ada", null, GW1))).token();
    done(players.join(new Join("ada", "lobby", GW1)));
    done(players.leave(new Leave("ada", GW1)));
    done(players.disconnect("ada", GW1));
    assertThat(store.get("ada").record().room()).isNull();

    LoggedIn back = done(players.login(new Login("ada", token, GW2)));
    assertThat(back.room()).isNull();
    assertThat(rooms.members("lobby")).doesNotContainKey("ada");
  }

  @Test
  void aRoomThatRefusesTheReturningPlayerDoesNotFailTheLoginAndIsForgotten() {
    for (ErrorCode refusal : List.of(ErrorCode.ROOM_FULL, ErrorCode.UNAVAILABLE)) {
      Players players = sharded();
      String name = "ada-" + refusal.wire();
      String token = done(players.login(new Login(name, null, GW1))).token();
      done(players.join(new Join(name, "lobby", GW1)));
      done(players.disconnect(name, GW1));

      rooms.refusal = refusal;
      LoggedIn back = done(players.login(new Login(name, token, GW2)));
      rooms.refusal = null;
      assertThat(back.room()).as(refusal.wire()).isNull();
      assertThat(store.get(name).record().room()).as(refusal.wire()).isNull();
      assertThat(store.get(name).conn()).isEqualTo(GW2);
      // and the next disconnect and login do not try that room again
      done(players.disconnect(name, GW2));
      assertThat(done(players.login(new Login(name, token, GW2_AGAIN))).room()).isNull();
    }
  }

  @Test
  void aLoginThatReplacesAConnectionInARoomKeepsThePlayerThereLive() {
    Players players = sharded();
    String token = done(players.login(new Login("ada", null, GW1))).token();
    done(players.join(new Join("ada", "lobby", GW1)));
    rooms.progress("lobby", "ada", 1, 3);
    rooms.calls.clear();

    LoggedIn replaced = done(players.login(new Login("ada", token, GW2)));
    assertThat(kicks).containsExactly("gateway-1/1 replaced");
    assertThat(rooms.calls)
        .as("rebound, not taken out and put back")
        .containsExactly("enter lobby ada");
    assertThat(replaced.room().room()).isEqualTo("lobby");
    assertThat(replaced.room().players().getFirst().steps()).isEqualTo(3);
    assertThat(rooms.members("lobby").get("ada")).isEqualTo(new Member(1, 3, GW2));
    assertThat(store.get("ada").conn()).isEqualTo(GW2);

    // the replaced connection closing does not end the new session
    done(players.disconnect("ada", GW1));
    assertThat(rooms.members("lobby")).containsKey("ada");
    assertThat(done(players.join(new Join("ada", "lobby", GW2))).room()).isEqualTo("lobby");
  }

  @Test
  void aWrongTokenEntersNoRoom() {
    Players players = sharded();
    done(players.login(new Login("ada", null, GW1)));
    done(players.join(new Join("ada", "lobby", GW1)));
    done(players.disconnect("ada", GW1));
    rooms.calls.clear();
    Future<LoggedIn> wrong = players.login(new Login("ada", "not-the-token", GW2));
    assertThat(wrong.failed()).isTrue();
    assertThat(((GameException) wrong.cause()).code()).isEqualTo(ErrorCode.NAME_TAKEN);
    assertThat(rooms.calls).isEmpty();
    assertThat(store.get("ada").record().room()).isEqualTo("lobby");
  }

  @Test
  void aGatewayThatLeftEndsItsSessionsButTheyKeepTheirRoom() {
    Players players = sharded();
    String token = done(players.login(new Login("ada", null, GW1))).token();
    done(players.join(new Join("ada", "lobby", GW1)));
    players.gatewayLeft("gateway-1");
    assertThat(rooms.members("lobby")).doesNotContainKey("ada");
    assertThat(store.get("ada").record().room()).isEqualTo("lobby");
    assertThat(done(players.login(new Login("ada", token, GW2))).room().room()).isEqualTo("lobby");
  }

  // ---- routing mode per-connection: the session verticle holds the player while it is logged in
  // ----

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

  @Test
  void perConnectionAPlayerCheckedBackInWithARoomStartsItsNextSessionInThatRoom() {
    Players players = perConnection();
    LoggedIn first = done(players.login(new Login("ada", null, GW1)));
    // the session joined a room, then its connection went: it took the player out and handed it
    // back
    PlayerRecord checkedIn = sessions.get(first.session()).withProgress(4, 12).withRoom("lobby");
    done(players.checkIn(new CheckIn(checkedIn, first.session())));

    LoggedIn back = done(players.login(new Login("ada", first.token(), GW2)));
    assertThat(back.session()).isNotEqualTo(first.session());
    assertThat(back.room().room()).isEqualTo("lobby");
    assertThat(rooms.members("lobby").get("ada")).isEqualTo(new Member(4, 12, GW2));
    assertThat(sessions.get(back.session()).room())
        .as("the new session starts in the room")
        .isEqualTo("lobby");
  }

  @Test
  void perConnectionAReplacedSessionHandsItsRoomOverToTheNextOne() {
    Players players = perConnection();
    LoggedIn first = done(players.login(new Login("ada", null, GW1)));
    // the live session is in a room; ending it takes the player out (what SessionVerticle does)
    handBack.put(
        first.session(), sessions.get(first.session()).withProgress(1, 5).withRoom("lobby"));

    LoggedIn back = done(players.login(new Login("ada", first.token(), GW2)));
    assertThat(back.room().room()).isEqualTo("lobby");
    assertThat(rooms.members("lobby").get("ada")).isEqualTo(new Member(1, 5, GW2));
    assertThat(sessions.get(back.session()).room()).isEqualTo("lobby");
  }

  @Test
  void perConnectionASessionThatIsGoneIsTakenBackFromTheStore() {
    Players players = perConnection();
    LoggedIn first = done(players.login(new Login("ada", null, GW1)));
    // the session ended and stored its record, but its hand-back has not arrived (or its node died)
    PlayerRecord last = sessions.get(first.session()).withProgress(3, 7).withRoom("lobby");
    store.players.put("ada", new StoredPlayer(last, 3, 1, null));

    LoggedIn back = done(players.login(new Login("ada", first.token(), GW2)));
    assertThat(back.room().room()).isEqualTo("lobby");
    assertThat(rooms.members("lobby").get("ada")).isEqualTo(new Member(3, 7, GW2));
  }

  @Test
  void perConnectionARefusingRoomIsForgottenAndStored() {
    Players players = perConnection();
    LoggedIn first = done(players.login(new Login("ada", null, GW1)));
    done(
        players.checkIn(
            new CheckIn(sessions.get(first.session()).withRoom("lobby"), first.session())));
    rooms.refusal = ErrorCode.ROOM_FULL;
    LoggedIn back = done(players.login(new Login("ada", first.token(), GW2)));
    assertThat(back.room()).isNull();
    assertThat(store.get("ada").record().room()).isNull();
    assertThat(sessions.get(back.session()).room()).isNull();
  }

  // ---- fakes ----

  private static <T> T done(Future<T> future) {
    assertThat(future.isComplete()).as("completed").isTrue();
    if (future.failed()) {
      throw new AssertionError("failed: " + future.cause(), future.cause());
    }
    return future.result();
  }

  /** A room member: live score, steps and connection. */
  record Member(long score, long steps, ConnRef conn) {}

  /** Rooms as RoomHost behaves: entering a room one is in rebinds the connection. */
  static final class FakeRooms implements PlayerEntity.Rooms {
    final Map<String, Map<String, Member>> rooms = new HashMap<>();
    final List<String> calls = new ArrayList<>();
    ErrorCode refusal;

    Map<String, Member> members(String room) {
      return rooms.computeIfAbsent(room, r -> new LinkedHashMap<>());
    }

    void progress(String room, String name, long score, long steps) {
      members(room).computeIfPresent(name, (n, m) -> new Member(score, steps, m.conn()));
    }

    @Override
    public Future<Joined> enter(
        String room, String name, long score, long steps, ConnRef conn, Cell at) {
      calls.add("enter " + room + " " + name);
      if (refusal != null) {
        return Future.failedFuture(new GameException(refusal, "refused"));
      }
      Map<String, Member> members = members(room);
      Member m = members.get(name);
      members.put(
          name,
          m == null ? new Member(score, steps, conn) : new Member(m.score(), m.steps(), conn));
      List<PlayerView> views = new ArrayList<>();
      members.forEach((n, p) -> views.add(new PlayerView(n, 0, 0, p.score(), p.steps())));
      return Future.succeededFuture(new Joined(room, 10, 32, 32, views, List.of(new Cell(1, 1))));
    }

    @Override
    public Future<Exited> exit(String room, String name) {
      calls.add("exit " + room + " " + name);
      Member m = members(room).remove(name);
      return m == null
          ? Future.failedFuture(new GameException(ErrorCode.NOT_IN_ROOM, "not in room " + room))
          : Future.succeededFuture(new Exited(room, m.score(), m.steps(), new Cell(0, 0)));
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
