package dev.groundup.shard.room;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.hazelcast.splitbrainprotection.SplitBrainProtectionException;
import dev.groundup.common.games.GameCatalog;
import dev.groundup.common.metrics.ShardMeters;
import dev.groundup.common.protocol.ConnRef;
import dev.groundup.common.protocol.ErrorCode;
import dev.groundup.common.protocol.GameException;
import dev.groundup.common.protocol.RoomProtocol.Acked;
import dev.groundup.common.protocol.RoomProtocol.Enter;
import dev.groundup.common.protocol.RoomProtocol.Exit;
import dev.groundup.common.protocol.RoomProtocol.Exited;
import dev.groundup.common.protocol.RoomProtocol.Input;
import dev.groundup.common.protocol.RoomProtocol.Joined;
import dev.groundup.common.protocol.RoomProtocol.Say;
import dev.groundup.common.protocol.RoomProtocol.Watch;
import dev.groundup.common.protocol.Score;
import dev.groundup.common.protocol.ShardProtocol.RoomStatus;
import dev.groundup.common.store.StaleEpochException;
import dev.groundup.common.store.StoredMember;
import dev.groundup.common.store.StoredRoom;
import dev.groundup.common.wire.Events;
import dev.groundup.game.Room;
import dev.groundup.shard.Games;
import io.vertx.core.Future;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The rooms of a shard with the real arena and connect four, on a {@link ManualTicker}, a store
 * whose writes finish only when the test says so and an outbox that records every push: store
 * before show, writes that never overlap, retries, step-down, limits, ticks, handoff, close and
 * resume, each in milliseconds of test time.
 *
 * <p>{@link #shown} is what the members and the players who asked were shown, in order: pushes as
 * {@code "<ev> [<player>] @<tick> -> <targets>"}, answers as {@code "joined <player> @<tick>"},
 * {@code "ack <player> @<tick>"}, {@code "exited <player>"} or {@code "failed <player> <code>"}.
 */
class RoomsTest {

  private static final String LOBBY = "lobby";
  private static final String BOARD = "board";
  private static final String ARENA = "arena";
  private static final String FOUR = "four";

  /** Arena's tick at its default 20 Hz. */
  private static final long TICK = 50;

  private static final ObjectMapper JSON = new ObjectMapper();

  /** Every game of the classpath with its default settings (immutable, so shared). */
  private static final Games ALL = Games.fromEnv(Map.of());

  private final ManualTicker ticker = new ManualTicker();
  private final ControlledStore store = new ControlledStore();
  private final List<String> shown = new ArrayList<>();
  private final Map<String, ConnRef> conns = new LinkedHashMap<>();
  private final RecordingOutbox outbox = new RecordingOutbox(this::pushed);
  private final List<String> created = new ArrayList<>();
  private Games games = ALL;
  private Rooms rooms = rooms(ALL);

  private Rooms rooms(Games games) {
    this.games = games;
    return new Rooms(games, ticker, outbox, store, ShardMeters.detached(-1), created::add);
  }

  // ---- store before show ----

  @Test
  void nothingIsShownBeforeTheWriteThatHoldsItIsStored() {
    Future<Joined> ada = enter(LOBBY, null, "ada");
    assertThat(store.saves).isEmpty();
    ticker.advance(TICK);
    assertThat(store.count()).isOne();
    assertThat(store.last().tick()).isEqualTo(2);
    assertThat(store.last().game()).isEqualTo(ARENA);
    assertThat(store.last().members()).containsExactly(new StoredMember("ada", 0, conn("ada")));
    assertThat(ada.isComplete()).isFalse();

    Future<Joined> bo = enter(LOBBY, ARENA, "bo");
    Future<Acked> move = move("ada", "e");
    ticker.advance(TICK);
    assertThat(store.count()).as("no second write while the first is in flight").isOne();
    assertThat(shown).isEmpty();
    assertThat(outbox.pushes).isEmpty();

    store.succeed();
    assertThat(shown).containsExactly("joined ada @2", "state @2 -> ada");
    assertThat(ada.result().game()).isEqualTo(ARENA);
    assertThat(json(ada.result().line()).get("players")).hasSize(1);
    assertThat(bo.isComplete()).isFalse();
    assertThat(move.isComplete()).isFalse();
    assertThat(store.count()).as("the next write starts at once").isEqualTo(2);
    assertThat(store.last().tick()).isEqualTo(3);
    assertThat(store.last().names()).containsExactly("ada", "bo");

    shown.clear();
    store.succeed();
    assertThat(shown)
        .containsExactly("enter bo @3 -> ada", "joined bo @3", "ack ada @3", "state @3 -> ada,bo");
    assertThat(json(bo.result().line()).get("players")).hasSize(2);
  }

  @Test
  void anExitIsShownOnceStored() {
    stored(enter(LOBBY, null, "ada"), enter(LOBBY, null, "bo"));
    shown.clear();
    Future<Exited> exited = exit(LOBBY, "bo");
    assertThat(rooms.status(5).getFirst().players()).containsExactly("ada");
    ticker.advance(TICK);
    assertThat(store.last().names()).containsExactly("ada");
    assertThat(shown).isEmpty();
    store.succeed();
    long tick = store.last().tick();
    assertThat(shown)
        .containsExactly("exit bo @" + tick + " -> ada", "exited bo", "state @" + tick + " -> ada");
    assertThat(exited.result().game()).isEqualTo(ARENA);
    assertThat(exited.result().room()).isEqualTo(LOBBY);
    assertThat(exited.result().seat()).as("arena puts a player back where it was").isNotNull();
  }

  @Test
  void writesNeverOverlapAndTheNextCarriesEverythingSinceAtItsOwnTick() {
    Future<Joined> ada = enter(LOBBY, null, "ada");
    ticker.advance(TICK); // tick 2: the join's write starts
    List<Future<Acked>> moves = List.of(move("ada", "e"), move("ada", "e"), move("ada", "s"));
    ticker.advance(3 * TICK); // ticks 3 to 5 apply the moves, one a tick
    assertThat(store.count()).isOne();
    assertThat(moves).noneMatch(Future::isComplete);

    long now = ticker.now();
    store.succeed();
    assertThat(ada.result().tick()).isEqualTo(2);
    assertThat(store.count()).isEqualTo(2);
    assertThat(ticker.now()).isEqualTo(now);
    assertThat(store.last().tick()).isEqualTo(5);
    assertThat(steps(ARENA, store.last().snapshot(), "ada")).isEqualTo(3);
    assertThat(moves).noneMatch(Future::isComplete);

    store.succeed();
    assertThat(moves).allMatch(m -> m.result().tick() == 5);
    assertThat(shown).endsWith("ack ada @5", "ack ada @5", "ack ada @5", "state @5 -> ada");
    ticker.advance(10 * TICK);
    assertThat(store.count()).as("nothing changed since").isEqualTo(2);
  }

  @Test
  void aRoomWithATickRateAppliesOneMoveATickAndAcksItAtTheTickOfItsWrite() {
    stored(enter(LOBBY, null, "ada"));
    shown.clear();
    List<Future<Acked>> moves = List.of(move("ada", "e"), move("ada", "w"), move("ada", "s"));
    for (int i = 0; i < 3; i++) {
      ticker.advance(TICK);
      assertThat(steps(ARENA, store.last().snapshot(), "ada")).isEqualTo(i + 1);
      assertThat(moves.get(i).isComplete()).isFalse();
      store.succeed();
      assertThat(moves.get(i).result().tick()).isEqualTo(store.last().tick());
      if (i < 2) {
        assertThat(moves.get(i + 1).isComplete()).isFalse();
      }
    }
    assertThat(shown)
        .containsExactly(
            "ack ada @3",
            "state @3 -> ada",
            "ack ada @4",
            "state @4 -> ada",
            "ack ada @5",
            "state @5 -> ada");
  }

  // ---- a failed write ----

  @Test
  void aFailedWriteShowsNothingAndTheNextTickWritesAgain() {
    Future<Joined> ada = enter(LOBBY, null, "ada");
    ticker.advance(TICK);
    Future<Joined> bo = enter(LOBBY, null, "bo");
    store.fail(new RuntimeException("the store is down"));
    assertThat(shown).isEmpty();
    assertThat(ada.isComplete()).isFalse();
    assertThat(store.count()).isOne();

    ticker.advance(TICK - 1);
    assertThat(store.count()).as("not before the next tick").isOne();
    ticker.advance(1);
    assertThat(store.count()).isEqualTo(2);
    assertThat(store.last().tick()).isEqualTo(3);
    assertThat(store.last().names()).containsExactly("ada", "bo");
    Future<Acked> move = move("ada", "n");
    store.fail(new IllegalStateException("still down"));
    assertThat(shown).isEmpty();

    ticker.advance(TICK);
    assertThat(store.last().tick()).isEqualTo(4);
    store.succeed();
    assertThat(ada.result().tick()).isEqualTo(4);
    assertThat(bo.result().tick()).isEqualTo(4);
    assertThat(move.result().tick()).isEqualTo(4);
    assertThat(shown)
        .containsSubsequence(
            "joined ada @4",
            "enter bo @4 -> ada",
            "joined bo @4",
            "ack ada @4",
            "state @4 -> ada,bo");
    assertThat(shown).filteredOn(s -> s.startsWith("joined ada")).hasSize(1);
    assertThat(shown).filteredOn(s -> s.startsWith("joined bo")).hasSize(1);
    assertThat(shown).filteredOn(s -> s.startsWith("ack")).hasSize(1);
    assertThat(shown).filteredOn(s -> s.startsWith("state")).hasSize(1);
    assertThat(store.lost).isEmpty();
  }

  @Test
  void aTurnBasedRoomTriesAFailedWriteAgainAfterRetryMillis() {
    Future<Joined> ada = enter(BOARD, FOUR, "ada");
    ticker.runSoon();
    assertThat(store.last().tick()).isEqualTo(2);
    store.fail(new RuntimeException("the store is down"));
    assertThat(ticker.timers()).as("the retry").isOne();
    ticker.advance(HostedRoom.RETRY_MILLIS - 1);
    assertThat(store.count()).isOne();
    ticker.advance(1);
    assertThat(store.count()).isEqualTo(2);
    assertThat(shown).isEmpty();

    Future<Joined> bo = enter(BOARD, FOUR, "bo");
    ticker.runSoon();
    assertThat(store.count()).as("the retry is in flight").isEqualTo(2);
    store.fail(new RuntimeException("still down"));
    ticker.advance(HostedRoom.RETRY_MILLIS);
    assertThat(store.count()).isEqualTo(3);
    assertThat(store.last().names()).containsExactly("ada", "bo");
    long tick = store.last().tick();
    assertThat(tick).isGreaterThan(2);
    store.succeed();
    assertThat(ada.result().tick()).isEqualTo(tick);
    assertThat(bo.result().tick()).isEqualTo(tick);
    assertThat(shown).filteredOn(s -> s.startsWith("joined")).hasSize(2);
    assertThat(shown).filteredOn(s -> s.startsWith("state")).hasSize(1);
    assertThat(ticker.timers()).isZero();
    ticker.advance(10 * HostedRoom.RETRY_MILLIS);
    assertThat(store.count()).isEqualTo(3);
  }

  // ---- limits and refusals ----

  @Test
  void aRoomOfFourHoldsTwoPlayers() {
    stored(enter(BOARD, FOUR, "ada"), enter(BOARD, FOUR, "bo"));
    int saves = store.count();
    assertThat(code(enter(BOARD, FOUR, "cy"))).isEqualTo(ErrorCode.ROOM_FULL);
    assertThat(code(enter(BOARD, null, "cy"))).isEqualTo(ErrorCode.ROOM_FULL);
    ticker.runSoon();
    assertThat(store.count()).as("a refusal changes nothing").isEqualTo(saves);
    // rebinding a member to a new connection is not a join
    conns.put("bo", new ConnRef("gateway-2", 0, 99));
    Future<Joined> again = enter(BOARD, FOUR, "bo");
    ticker.runSoon();
    store.succeed();
    assertThat(again.succeeded()).isTrue();
    assertThat(store.last().members()).contains(new StoredMember("bo", 0, conn("bo")));
  }

  @Test
  void inputsPastMaxWaitingInputsAreRateLimited() {
    rooms = rooms(Games.fromEnv(Map.of("GROUNDUP_MAX_WAITING_MOVES", "2")));
    stored(enter(LOBBY, null, "ada"));
    Future<Acked> first = move("ada", "e");
    assertThat(code(move("ada", "up")))
        .as("refused: no slot taken")
        .isEqualTo(ErrorCode.BAD_REQUEST);
    Future<Acked> second = move("ada", "e");
    assertThat(code(move("ada", "e"))).isEqualTo(ErrorCode.RATE_LIMITED);
    ticker.advance(TICK); // one applied: one slot free
    Future<Acked> third = move("ada", "w");
    assertThat(code(move("ada", "w"))).isEqualTo(ErrorCode.RATE_LIMITED);
    store.succeed();
    assertThat(first.result().tick()).isEqualTo(3);
    ticker.advance(2 * TICK);
    store.succeed();
    assertThat(second.result().tick()).isEqualTo(4);
    assertThat(third.isComplete()).isFalse();
    ticker.advance(TICK);
    store.succeed();
    assertThat(third.result().tick()).isEqualTo(5);
  }

  @Test
  void playersNotInTheRoomAreNotInRoom() {
    assertThat(code(exit(LOBBY, "ada"))).isEqualTo(ErrorCode.NOT_IN_ROOM);
    assertThat(code(move("ada", "e"))).isEqualTo(ErrorCode.NOT_IN_ROOM);
    assertThat(code(rooms.say(new Say(LOBBY, "ada", "hi")))).isEqualTo(ErrorCode.NOT_IN_ROOM);
    stored(enter(LOBBY, null, "ada"));
    assertThat(code(exit(LOBBY, "bo"))).isEqualTo(ErrorCode.NOT_IN_ROOM);
    assertThat(code(move("bo", "e"))).isEqualTo(ErrorCode.NOT_IN_ROOM);
    assertThat(code(rooms.say(new Say(LOBBY, "bo", "hi")))).isEqualTo(ErrorCode.NOT_IN_ROOM);
  }

  @Test
  void aMoveWaitingWhenItsPlayerLeavesIsNotInRoom() {
    stored(enter(LOBBY, null, "ada"), enter(LOBBY, null, "bo"));
    Future<Acked> move = move("bo", "e");
    Future<Exited> exited = exit(LOBBY, "bo");
    assertThat(code(move)).isEqualTo(ErrorCode.NOT_IN_ROOM);
    ticker.advance(TICK);
    store.succeed();
    assertThat(exited.succeeded()).isTrue();
    assertThat(steps(ARENA, exited.result().progress())).isZero();
  }

  @Test
  void aRoomPlaysTheGameItWasMadeFor() {
    stored(enter(LOBBY, null, "ada"));
    int saves = store.count();
    assertThat(code(enter(LOBBY, FOUR, "bo"))).isEqualTo(ErrorCode.WRONG_GAME);
    assertThat(code(enter(LOBBY, FOUR, "ada"))).as("a member too").isEqualTo(ErrorCode.WRONG_GAME);
    ticker.advance(2 * TICK);
    assertThat(store.count()).isEqualTo(saves);
    assertThat(rooms.status(5).getFirst().players()).containsExactly("ada");
    assertThat(rooms.status(5).getFirst().game()).isEqualTo(ARENA);
  }

  @Test
  void aGameTheNodeDoesNotOfferIsUnknownGame() {
    rooms = rooms(Games.choose(GameCatalog.load(), Map.of("GROUNDUP_GAMES", ARENA)));
    Future<Joined> four = enter(BOARD, FOUR, "ada");
    assertThat(code(four)).isEqualTo(ErrorCode.UNKNOWN_GAME);
    assertThat(four.cause()).hasMessageContaining("'four'").hasMessageContaining("[arena]");
    assertThat(rooms.runs(BOARD)).isFalse();
    assertThat(created).isEmpty();
    stored(enter(BOARD, null, "ada"));
    assertThat(store.last().game()).as("the default game").isEqualTo(ARENA);
    assertThat(created).containsExactly(BOARD);
  }

  @Test
  void aGamesOwnRefusalCrossesWithItsCode() {
    stored(enter(BOARD, FOUR, "ada"), enter(BOARD, FOUR, "bo"));
    int saves = store.count();
    Future<Acked> notYours = drop("bo", 3);
    assertThat(code(notYours)).isEqualTo(ErrorCode.REFUSED);
    assertThat(((GameException) notYours.cause()).wire()).isEqualTo("not_your_turn");
    assertThat(code(input(BOARD, "ada", "drop", "{\"op\":\"drop\",\"col\":9}")))
        .isEqualTo(ErrorCode.BAD_REQUEST);
    assertThat(code(input(BOARD, "ada", "move", "{\"op\":\"move\",\"dir\":\"e\"}")))
        .isEqualTo(ErrorCode.UNKNOWN_OP);
    ticker.runSoon();
    assertThat(store.count()).isEqualTo(saves);
    Future<Acked> mine = drop("ada", 3);
    ticker.runSoon();
    store.succeed();
    assertThat(mine.result().tick()).isEqualTo(store.last().tick());
  }

  // ---- turn-based ----

  @Test
  void aTurnBasedRoomStoresEachChangeWithoutAnyTickAndItsTickCountsTheWrites() {
    Future<Joined> ada = enter(BOARD, FOUR, "ada");
    assertThat(ticker.timers()).isZero();
    ticker.runSoon();
    store.succeed();
    Future<Joined> bo = enter(BOARD, FOUR, "bo");
    ticker.runSoon();
    store.succeed();
    shown.clear();
    Future<Acked> drop = drop("ada", 3);
    assertThat(drop.isComplete()).isFalse();
    ticker.runSoon();
    assertThat(store.count()).isEqualTo(3);
    assertThat(drop.isComplete()).as("not before it is stored").isFalse();
    store.succeed();
    assertThat(List.of(ada.result().tick(), bo.result().tick(), drop.result().tick()))
        .containsExactly(2L, 3L, 4L);
    assertThat(store.saves).extracting(ControlledStore.Save::tick).containsExactly(2L, 3L, 4L);
    assertThat(shown).containsExactly("ack ada @4", "state @4 -> ada,bo");
    assertThat(ticker.timers()).as("never a timer").isZero();
    assertThat(ticker.now()).isZero();
  }

  @Test
  void changesOfOneEventLoopTurnGoIntoOneWrite() {
    Future<Joined> ada = enter(BOARD, FOUR, "ada");
    Future<Joined> bo = enter(BOARD, FOUR, "bo");
    ticker.runSoon();
    assertThat(store.count()).isOne();
    store.succeed();
    assertThat(ada.result().tick()).isEqualTo(2);
    assertThat(bo.result().tick()).isEqualTo(2);

    shown.clear();
    Future<Acked> x = drop("ada", 0);
    Future<Acked> o = drop("bo", 1);
    Future<Acked> x2 = drop("ada", 0);
    ticker.runSoon();
    assertThat(store.count()).isEqualTo(2);
    assertThat(store.last().tick()).isEqualTo(3);
    store.succeed();
    assertThat(List.of(x, o, x2)).allMatch(a -> a.result().tick() == 3);
    assertThat(shown)
        .containsExactly("ack ada @3", "ack bo @3", "ack ada @3", "state @3 -> ada,bo");
    JsonNode board = json(outbox.pushes.getLast().json()).get("board");
    assertThat(board.get(5).asText()).isEqualTo("xo.....");
    assertThat(board.get(4).asText()).isEqualTo("x......");
  }

  @Test
  void aTurnBasedRoomWritingMeanwhileWritesTheRestRightAfter() {
    stored(enter(BOARD, FOUR, "ada"), enter(BOARD, FOUR, "bo"));
    Future<Acked> x = drop("ada", 0);
    ticker.runSoon();
    Future<Acked> o = drop("bo", 1);
    ticker.runSoon();
    assertThat(store.pending()).hasSize(1);
    ControlledStore.Save first = store.succeed();
    assertThat(x.result().tick()).isEqualTo(first.tick());
    assertThat(o.isComplete()).isFalse();
    assertThat(store.last().tick()).isEqualTo(first.tick() + 1);
    store.succeed();
    assertThat(o.result().tick()).isEqualTo(first.tick() + 1);
  }

  // ---- the timer of a room with a tick rate ----

  @Test
  void aRoomStopsItsTimerWhenEmptyAndSettledAndStartsItWhenSomeoneJoins() {
    enter(LOBBY, null, "ada");
    assertThat(ticker.timers()).isOne();
    ticker.advance(TICK);
    store.succeed();
    ticker.advance(5 * TICK);
    assertThat(store.count()).as("a tick that changes nothing is not stored").isOne();
    assertThat(ticker.timers()).as("ticking while it has members").isOne();

    exit(LOBBY, "ada");
    ticker.advance(TICK);
    assertThat(ticker.timers()).as("the exit is not stored yet").isOne();
    store.fail(new RuntimeException("down"));
    assertThat(ticker.timers()).as("still to store").isOne();
    ticker.advance(TICK);
    store.succeed();
    assertThat(ticker.timers()).isZero();
    assertThat(rooms.runs(LOBBY)).isTrue();
    ticker.advance(20 * TICK);
    assertThat(store.count()).isEqualTo(3);

    Future<Joined> bo = enter(LOBBY, null, "bo");
    assertThat(ticker.timers()).isOne();
    ticker.advance(TICK);
    store.succeed();
    assertThat(bo.result().tick())
        .as("ticks never go back")
        .isGreaterThan(store.saves.get(2).tick());
  }

  // ---- step-down ----

  @Test
  void aWriteRefusedForAStaleEpochFailsWhatWaitsAndStepsDown() {
    Future<Joined> ada = enter(LOBBY, null, "ada");
    ticker.advance(TICK);
    StaleEpochException stale = new StaleEpochException(2, 3);
    store.fail(stale);
    assertThat(code(ada)).isEqualTo(ErrorCode.UNAVAILABLE);
    assertThat(store.lost).containsExactly(stale);
    assertThat(outbox.pushes).isEmpty();
  }

  @Test
  void anyFailureTheStoreCallsOwnershipLostStepsDown() {
    Future<Joined> ada = enter(LOBBY, null, "ada");
    ticker.advance(TICK);
    store.fail(new RuntimeException("put failed", new SplitBrainProtectionException("no quorum")));
    assertThat(code(ada)).isEqualTo(ErrorCode.UNAVAILABLE);
    assertThat(store.lost).hasSize(1);
  }

  @Test
  void aStaleEpochFailsAlsoWhatCameDuringTheWriteAndTheRoomNeverWritesAgain() {
    stored(enter(LOBBY, null, "ada"));
    Future<Acked> applied = move("ada", "e");
    ticker.advance(TICK); // the move's write is in flight
    Future<Joined> bo = enter(LOBBY, null, "bo");
    Future<Acked> queued = move("ada", "w");
    int saves = store.count();
    shown.clear();
    StaleEpochException stale = new StaleEpochException(2, 3);
    store.fail(stale);
    assertThat(code(applied)).isEqualTo(ErrorCode.UNAVAILABLE);
    assertThat(code(bo)).as("waiting for the next write").isEqualTo(ErrorCode.UNAVAILABLE);
    ticker.advance(5 * TICK); // the queued move is applied: nothing can store it
    assertThat(code(queued)).isEqualTo(ErrorCode.UNAVAILABLE);
    assertThat(code(enter(LOBBY, null, "cy"))).isEqualTo(ErrorCode.UNAVAILABLE);
    ticker.advance(5 * TICK);
    assertThat(store.count()).as("never written again").isEqualTo(saves);
    assertThat(store.lost).containsExactly(stale);
    assertThat(shown).allMatch(s -> s.startsWith("failed "));
  }

  @Test
  void aStaleEpochInATurnBasedRoomFailsTheInputsThatCameDuringTheWrite() {
    stored(enter(BOARD, FOUR, "ada"), enter(BOARD, FOUR, "bo"));
    Future<Acked> x = drop("ada", 0);
    ticker.runSoon();
    Future<Acked> o = drop("bo", 1);
    ticker.runSoon();
    int saves = store.count();
    store.fail(new StaleEpochException(2, 3));
    assertThat(code(x)).isEqualTo(ErrorCode.UNAVAILABLE);
    assertThat(code(o)).isEqualTo(ErrorCode.UNAVAILABLE);
    ticker.advance(10 * HostedRoom.RETRY_MILLIS);
    assertThat(store.count()).isEqualTo(saves);
    assertThat(store.lost).hasSize(1);
  }

  // ---- handoff and close ----

  @Test
  void finishCompletesOnceTheQueuedMovesAreAppliedAndStored() {
    stored(enter(LOBBY, null, "ada"));
    List<Future<Acked>> moves = List.of(move("ada", "e"), move("ada", "e"));
    Future<Void> finished = rooms.finish();
    ticker.advance(TICK);
    store.succeed();
    assertThat(finished.isComplete()).isFalse();
    ticker.advance(TICK);
    assertThat(finished.isComplete()).as("the last move is not stored yet").isFalse();
    store.fail(new RuntimeException("down"));
    ticker.advance(TICK);
    assertThat(finished.isComplete()).isFalse();
    store.succeed();
    assertThat(finished.succeeded()).isTrue();
    assertThat(moves).allMatch(Future::succeeded);
    assertThat(ticker.timers()).as("the room stopped").isZero();
    ticker.advance(10 * TICK);
    assertThat(store.pending()).isEmpty();
  }

  @Test
  void finishOfSettledRoomsCompletesAtOnce() {
    stored(enter(LOBBY, null, "ada"), enter(BOARD, FOUR, "bo"));
    Future<Void> finished = rooms.finish();
    assertThat(finished.succeeded()).isTrue();
    assertThat(ticker.timers()).isZero();
  }

  @Test
  void finishOfATurnBasedRoomWaitsForItsWrite() {
    stored(enter(BOARD, FOUR, "ada"), enter(BOARD, FOUR, "bo"));
    Future<Acked> drop = drop("ada", 2);
    Future<Void> finished = rooms.finish();
    ticker.runSoon();
    assertThat(finished.isComplete()).isFalse();
    store.succeed();
    assertThat(drop.succeeded()).isTrue();
    assertThat(finished.succeeded()).isTrue();
  }

  @Test
  void closeFailsEverythingWaitingAndTheRoomNeverWritesAgain() {
    stored(enter(LOBBY, null, "ada"));
    Future<Acked> move = move("ada", "e");
    Future<Joined> bo = enter(BOARD, FOUR, "bo"); // its write is queued for "soon"
    Future<Void> finished = rooms.finish();
    int saves = store.count();
    GameException stopped = new GameException(ErrorCode.UNAVAILABLE, "the shard stopped");
    rooms.close(stopped);
    assertThat(move.cause()).isSameAs(stopped);
    assertThat(bo.cause()).isSameAs(stopped);
    assertThat(finished.cause()).isSameAs(stopped);
    assertThat(rooms.runs(LOBBY)).isFalse();
    ticker.runSoon();
    ticker.advance(10 * TICK);
    assertThat(store.count()).isEqualTo(saves);
    assertThat(ticker.timers()).isZero();
  }

  @Test
  void closeFailsTheWaitersOfTheWriteInFlightAndItsEndShowsAndWritesNothing() {
    stored(enter(LOBBY, null, "ada"));
    Future<Joined> bo = enter(LOBBY, null, "bo");
    ticker.advance(TICK); // bo's write is in flight
    Future<Joined> cy = enter(LOBBY, null, "cy"); // for the next write
    int saves = store.count();
    GameException stopped = new GameException(ErrorCode.UNAVAILABLE, "the shard stopped");
    rooms.close(stopped);
    assertThat(bo.cause()).isSameAs(stopped);
    assertThat(cy.cause()).isSameAs(stopped);
    outbox.pushes.clear();
    store.succeed();
    assertThat(outbox.pushes).as("a closed room shows nothing").isEmpty();
    ticker.runSoon();
    ticker.advance(10 * TICK);
    assertThat(store.count()).as("nor writes again").isEqualTo(saves);
  }

  @Test
  void aWriteInFlightThatFailsAfterCloseLeavesNothingWaiting() {
    Future<Joined> ada = enter(BOARD, FOUR, "ada");
    ticker.runSoon();
    rooms.close(new GameException(ErrorCode.UNAVAILABLE, "the shard stopped"));
    assertThat(code(ada)).isEqualTo(ErrorCode.UNAVAILABLE);
    store.fail(new StaleEpochException(2, 3));
    ticker.advance(10 * HostedRoom.RETRY_MILLIS);
    assertThat(store.count()).isOne();
    assertThat(store.lost).as("the room was let go already").isEmpty();
  }

  @Test
  void aClosedTurnBasedRoomDoesNotRetry() {
    enter(BOARD, FOUR, "ada");
    ticker.runSoon();
    store.fail(new RuntimeException("down"));
    rooms.close(new GameException(ErrorCode.UNAVAILABLE, "the shard stopped"));
    ticker.advance(10 * HostedRoom.RETRY_MILLIS);
    assertThat(store.count()).isOne();
  }

  // ---- resume ----

  @Test
  void anArenaRoomResumesAtItsStoredTickWithItsMembersAndIsStoredAgain() {
    stored(enter(LOBBY, null, "ada", 7), enter(LOBBY, null, "bo", 3));
    move("ada", "e");
    ticker.advance(TICK);
    ControlledStore.Save last = store.succeed();

    Resumed next = resumed(List.of(last.stored()));
    assertThat(next.rooms.runs(LOBBY)).isTrue();
    assertThat(next.created).containsExactly(LOBBY);
    assertThat(next.rooms.liveScores())
        .containsExactlyInAnyOrder(new Score("ada", 7), new Score("bo", 3));
    next.ticker.advance(TICK);
    ControlledStore.Save again = next.store.last();
    assertThat(again.tick()).isEqualTo(last.tick() + 1);
    assertThat(again.members()).isEqualTo(last.members());
    assertThat(steps(ARENA, again.snapshot(), "ada")).isEqualTo(1);
    assertThat(next.outbox.pushes).as("not before it is stored again").isEmpty();
    next.store.succeed();
    RecordingOutbox.Push state = next.outbox.pushes.getFirst();
    assertThat(state.tick()).isEqualTo(again.tick());
    assertThat(state.targets()).containsExactly(conn("ada"), conn("bo"));

    Future<Acked> move = next.rooms.input(moveInput("ada", "s"));
    next.ticker.advance(TICK);
    next.store.succeed();
    assertThat(move.result().tick()).isEqualTo(again.tick() + 1);
  }

  @Test
  void aRoomOfFourResumesMidRound() {
    stored(enter(BOARD, FOUR, "ada", 1), enter(BOARD, FOUR, "bo"));
    drop("ada", 3);
    ticker.runSoon();
    ControlledStore.Save last = store.succeed();

    Resumed next = resumed(List.of(last.stored()));
    assertThat(next.ticker.timers()).isZero();
    next.ticker.runSoon();
    assertThat(next.store.last().tick()).isEqualTo(last.tick() + 1);
    assertThat(next.store.last().members()).isEqualTo(last.members());
    next.store.succeed();
    Future<Acked> notYours = next.rooms.input(dropInput("ada", 3));
    assertThat(((GameException) notYours.cause()).wire()).isEqualTo("not_your_turn");
    Future<Acked> bos = next.rooms.input(dropInput("bo", 3));
    next.ticker.runSoon();
    next.store.succeed();
    assertThat(bos.result().tick()).isEqualTo(last.tick() + 2);
  }

  @Test
  void aStoredRoomOfAGameNotOfferedOrUnreadableIsLeftOut() {
    StoredRoom chess = new StoredRoom("club", "chess", 5, 2, 9, new byte[] {1}, List.of());
    StoredRoom broken =
        new StoredRoom(
            "ruin",
            FOUR,
            5,
            2,
            9,
            new byte[] {42},
            List.of(new StoredMember("ada", 0, conn("ada"))));
    stored(enter(LOBBY, null, "ada"));
    Resumed next = resumed(List.of(chess, broken, store.last().stored()));
    assertThat(next.rooms.runs("club")).isFalse();
    assertThat(next.rooms.runs("ruin")).isFalse();
    assertThat(next.rooms.runs(LOBBY)).isTrue();
    assertThat(next.created).containsExactly(LOBBY);
    next.ticker.advance(TICK);
    assertThat(next.store.saves).extracting(ControlledStore.Save::room).containsExactly(LOBBY);
  }

  // ---- the leaderboard ----

  @Test
  void theLeaderboardFollowsTheCoinsOfArena() {
    rooms =
        rooms(
            Games.fromEnv(
                Map.of(
                    "GROUNDUP_ROOM_WIDTH", "8",
                    "GROUNDUP_ROOM_HEIGHT", "8",
                    "GROUNDUP_ROOM_MAX_PLAYERS", "4",
                    "GROUNDUP_ROOM_COINS", "4")));
    Future<Joined> ada = enter(LOBBY, null, "ada", 10);
    stored(ada, enter(LOBBY, null, "bo", 2));
    assertThat(rooms.liveScores())
        .containsExactlyInAnyOrder(new Score("ada", 10), new Score("bo", 2));
    JsonNode view = json(outbox.pushes.getLast().json());
    JsonNode me = view.get("players").get(0);
    JsonNode coin = view.get("coins").get(0);
    int dx = coin.get(0).asInt() - me.get("x").asInt();
    int dy = coin.get(1).asInt() - me.get("y").asInt();
    List<Future<Acked>> moves = new ArrayList<>();
    for (int i = 0; i < Math.abs(dx); i++) {
      moves.add(move("ada", dx > 0 ? "e" : "w"));
    }
    for (int i = 0; i < Math.abs(dy); i++) {
      moves.add(move("ada", dy > 0 ? "s" : "n"));
    }
    while (!moves.stream().allMatch(Future::isComplete)) {
      ticker.advance(TICK);
      store.succeed();
    }
    long coins = json(outbox.pushes.getLast().json()).get("players").get(0).get("score").asLong();
    assertThat(coins).as("at least the coin it went for").isPositive();
    assertThat(rooms.liveScores())
        .containsExactlyInAnyOrder(new Score("ada", 10 + coins), new Score("bo", 2));
    assertThat(store.last().members()).contains(new StoredMember("ada", 10 + coins, conn("ada")));

    Future<Exited> exited = exit(LOBBY, "ada");
    ticker.advance(TICK);
    store.succeed();
    assertThat(exited.result().score()).isEqualTo(10 + coins);
    assertThat(rooms.liveScores()).containsExactly(new Score("bo", 2));
  }

  @Test
  void theLeaderboardFollowsTheWinsOfFour() {
    stored(enter(BOARD, FOUR, "ada", 5), enter(BOARD, FOUR, "bo"));
    for (int i = 0; i < 3; i++) {
      drop("ada", 0);
      drop("bo", 1);
    }
    Future<Acked> win = drop("ada", 0);
    assertThat(rooms.liveScores())
        .as("live at once")
        .containsExactlyInAnyOrder(new Score("ada", 6), new Score("bo", 0));
    ticker.runSoon();
    store.succeed();
    assertThat(win.succeeded()).isTrue();
    assertThat(store.last().members()).contains(new StoredMember("ada", 6, conn("ada")));
    JsonNode state = json(outbox.pushes.getLast().json());
    assertThat(state.get("result").get("winner").asText()).isEqualTo("ada");

    // a forfeit is a win too
    drop("bo", 6); // a round is over: a drop is refused, a rematch starts the next
    stored(input(BOARD, "bo", "rematch", "{\"op\":\"rematch\"}"));
    Future<Exited> left = exit(BOARD, "ada");
    ticker.runSoon();
    store.succeed();
    assertThat(left.result().score()).isEqualTo(6);
    assertThat(rooms.liveScores()).containsExactly(new Score("bo", 1));
  }

  // ---- one state encoding per distinct view ----

  @Test
  void anArenaRoomPushesOneStateToAllItsMembers() {
    stored(enter(LOBBY, null, "ada"), enter(LOBBY, null, "bo"), enter(LOBBY, null, "cy"));
    outbox.pushes.clear();
    move("bo", "e");
    ticker.advance(TICK);
    store.succeed();
    List<RecordingOutbox.Push> states =
        outbox.pushes.stream().filter(p -> p.json().contains("\"ev\":\"state\"")).toList();
    assertThat(states).hasSize(1);
    assertThat(states.getFirst().targets()).containsExactly(conn("ada"), conn("bo"), conn("cy"));
  }

  @Test
  void aRoomOfFourPushesOneStateToBothPlayers() {
    stored(enter(BOARD, FOUR, "ada"), enter(BOARD, FOUR, "bo"));
    outbox.pushes.clear();
    stored(drop("ada", 3));
    assertThat(outbox.pushes).hasSize(1);
    assertThat(outbox.pushes.getFirst().targets()).containsExactly(conn("ada"), conn("bo"));
  }

  // ---- chat, watchers, status ----

  @Test
  void chatIsShownAtOnceAndWatchersGetACopyOfEveryEvent() {
    stored(enter(LOBBY, null, "ada"));
    shown.clear();
    rooms.watch(new Watch(LOBBY, "bridge-1", true), 0);
    assertThat(rooms.say(new Say(LOBBY, "ada", "hi")).succeeded()).isTrue();
    assertThat(shown).containsExactly("said ada @2 -> ada");
    stored(enter(LOBBY, null, "bo"));
    assertThat(outbox.published)
        .extracting(j -> json(j).get("ev").asText())
        .containsExactly("said", "enter", "state");
    rooms.watch(new Watch(LOBBY, "bridge-1", false), 1);
    stored(move("bo", "n"));
    assertThat(outbox.published).hasSize(3);
  }

  @Test
  void theStatusNamesEachRoomsGameAndPlayers() {
    stored(enter(LOBBY, null, "ada"), enter(BOARD, FOUR, "bo"));
    Map<String, RoomStatus> status =
        rooms.status(5).stream().collect(Collectors.toMap(RoomStatus::room, Function.identity()));
    assertThat(status.get(LOBBY).game()).isEqualTo(ARENA);
    assertThat(status.get(BOARD).game()).isEqualTo(FOUR);
    assertThat(status.get(BOARD).players()).containsExactly("bo");
    assertThat(created).containsExactlyInAnyOrder(LOBBY, BOARD);
  }

  // ---- helpers ----

  private ConnRef conn(String player) {
    return conns.computeIfAbsent(player, p -> new ConnRef("gateway-1", 0, conns.size() + 1));
  }

  private String player(ConnRef conn) {
    return conns.entrySet().stream()
        .filter(e -> e.getValue().equals(conn))
        .map(Map.Entry::getKey)
        .findFirst()
        .orElse("?" + conn.id());
  }

  private void pushed(RecordingOutbox.Push p) {
    if (p.targets().isEmpty()) {
      return; // reaches nobody (the enter of a room's only member): Pusher sends nothing
    }
    JsonNode event = json(p.json());
    String ev = event.get("ev").asText();
    if (event.has("tick")) {
      assertThat(event.get("tick").asLong()).as("the line's tick").isEqualTo(p.tick());
    }
    String who =
        switch (ev) {
          case "enter" -> " " + event.get("player").get("name").asText();
          case "exit" -> " " + event.get("name").asText();
          case "said" -> " " + event.get("from").asText();
          default -> "";
        };
    String targets = p.targets().stream().map(this::player).collect(Collectors.joining(","));
    shown.add(ev + who + " @" + p.tick() + " -> " + targets);
  }

  private Future<Joined> enter(String room, String game, String player) {
    return enter(room, game, player, 0);
  }

  private Future<Joined> enter(String room, String game, String player, long score) {
    return answered(
        rooms.enter(new Enter(room, game, player, score, List.of(), conn(player), null)),
        player,
        j -> {
          assertThat(json(j.line()).get("tick").asLong()).isEqualTo(j.tick());
          return "joined " + player + " @" + j.tick();
        });
  }

  private Future<Exited> exit(String room, String player) {
    return answered(rooms.exit(new Exit(room, player)), player, x -> "exited " + player);
  }

  private Future<Acked> move(String player, String dir) {
    return answered(
        rooms.input(moveInput(player, dir)), player, a -> "ack " + player + " @" + a.tick());
  }

  private Future<Acked> drop(String player, int col) {
    return answered(
        rooms.input(dropInput(player, col)), player, a -> "ack " + player + " @" + a.tick());
  }

  private Future<Acked> input(String room, String player, String op, String line) {
    return answered(
        rooms.input(new Input(room, player, op, line.getBytes(UTF_8))),
        player,
        a -> "ack " + player + " @" + a.tick());
  }

  private static Input moveInput(String player, String dir) {
    return new Input(
        LOBBY, player, "move", ("{\"op\":\"move\",\"dir\":\"" + dir + "\"}").getBytes(UTF_8));
  }

  private static Input dropInput(String player, int col) {
    return new Input(
        BOARD, player, "drop", ("{\"op\":\"drop\",\"col\":" + col + "}").getBytes(UTF_8));
  }

  /** Logs the answer in {@link #shown} when it comes. */
  private <T> Future<T> answered(Future<T> answer, String player, Function<T, String> line) {
    answer.onComplete(
        ok -> shown.add(line.apply(ok)),
        failed -> shown.add("failed " + player + " " + wire(failed)));
    return answer;
  }

  /**
   * Lets the rooms store what the given answers wait for (every write succeeding), until they are
   * all answered.
   */
  private void stored(Future<?>... answers) {
    for (int guard = 0; guard < 100; guard++) {
      ticker.runSoon();
      store.succeedAll();
      if (List.of(answers).stream().allMatch(Future::isComplete)) {
        for (Future<?> a : answers) {
          assertThat(a.succeeded()).as("answered: %s", a.cause()).isTrue();
        }
        return;
      }
      ticker.advance(1);
    }
    throw new AssertionError("not answered in 100 ms");
  }

  private static String wire(Throwable failure) {
    return failure instanceof GameException g ? g.wire() : failure.toString();
  }

  private static ErrorCode code(Future<?> answer) {
    assertThat(answer.failed()).as("refused").isTrue();
    assertThat(answer.cause()).isInstanceOf(GameException.class);
    return ((GameException) answer.cause()).code();
  }

  private static JsonNode json(byte[] line) {
    return json(new String(line, UTF_8));
  }

  private static JsonNode json(String line) {
    try {
      return JSON.readTree(line);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The steps of {@code player} in a stored arena room, as the room restored from it shows. */
  private long steps(String game, byte[] snapshot, String player) {
    Room room = games.rules(game).orElseThrow().restore(Rooms.context("scratch", 1), snapshot);
    JsonNode players = json(Events.state("scratch", 1, room.view(player)::write)).get("players");
    for (JsonNode p : players) {
      if (p.get("name").asText().equals(player)) {
        return p.get("steps").asLong();
      }
    }
    throw new AssertionError(player + " is not in the snapshot");
  }

  /** The steps an arena player's progress holds (version, score, steps). */
  private static long steps(String game, byte[] progress) {
    assertThat(game).isEqualTo(ARENA);
    return java.nio.ByteBuffer.wrap(progress, 9, 8).getLong();
  }

  /** A second shard that took the rooms over from the store. */
  private record Resumed(
      Rooms rooms,
      ManualTicker ticker,
      ControlledStore store,
      RecordingOutbox outbox,
      List<String> created) {}

  private Resumed resumed(List<StoredRoom> stored) {
    ManualTicker t = new ManualTicker();
    ControlledStore s = new ControlledStore();
    RecordingOutbox o = new RecordingOutbox(p -> {});
    List<String> c = new ArrayList<>();
    Rooms r = new Rooms(games, t, o, s, ShardMeters.detached(-1), c::add);
    r.resume(stored);
    return new Resumed(r, t, s, o, c);
  }
}
