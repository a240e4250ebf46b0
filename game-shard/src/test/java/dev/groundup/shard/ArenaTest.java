package dev.groundup.shard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.groundup.common.config.ConfigException;
import dev.groundup.common.protocol.Cell;
import dev.groundup.common.protocol.Dir;
import dev.groundup.common.protocol.PlayerView;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The arena's rules, PROTOCOL.md "The game: arena", with seeded randomness. */
class ArenaTest {

  private static final ArenaRules RULES = ArenaRules.DEFAULT;
  private static final Dir[] DIRS = Dir.values();

  /** Eight coins in a known place: the first row, x = 0, 2, ..., 14. */
  private static final List<Cell> ROW_OF_COINS =
      List.of(
          new Cell(0, 0),
          new Cell(2, 0),
          new Cell(4, 0),
          new Cell(6, 0),
          new Cell(8, 0),
          new Cell(10, 0),
          new Cell(12, 0),
          new Cell(14, 0));

  private static Arena<String> arena(long seed) {
    return new Arena<>(RULES, new SplittableRandom(seed));
  }

  /** An arena whose coins are where {@link #ROW_OF_COINS} says. */
  private static Arena<String> knownArena() {
    Arena<String> arena = new Arena<>(RULES, new SplittableRandom(1), 0, ROW_OF_COINS);
    assertThat(arena.coins()).containsExactlyElementsOf(ROW_OF_COINS);
    return arena;
  }

  private static PlayerView joinAt(Arena<String> arena, String name, int x, int y) {
    PlayerView p = arena.join(name, 0, 0, new Cell(x, y));
    assertThat(p.x()).isEqualTo(x);
    assertThat(p.y()).isEqualTo(y);
    return p;
  }

  private static PlayerView player(Arena<String> arena, String name) {
    return arena.players().stream().filter(p -> p.name().equals(name)).findFirst().orElseThrow();
  }

  /**
   * The room's invariants: the rules' number of coins, on distinct cells inside the grid, none
   * under a player (stepping onto a coin collects it, and coins appear only on free cells), players
   * inside. Plain checks rather than assertions per element: this runs after every one of many
   * ticks.
   */
  private static void assertInvariants(Arena<?> arena) {
    ArenaRules rules = arena.rules();
    List<String> problems = new ArrayList<>();
    List<Cell> coins = arena.coins();
    if (coins.size() != rules.coins()) {
      problems.add(coins.size() + " coins instead of " + rules.coins());
    }
    if (new HashSet<>(coins).size() != coins.size()) {
      problems.add("two coins on one cell: " + coins);
    }
    Set<Cell> playerCells = new HashSet<>();
    for (PlayerView p : arena.players()) {
      if (!inside(rules, p.x(), p.y())) {
        problems.add("player outside the grid: " + p);
      }
      playerCells.add(new Cell(p.x(), p.y()));
    }
    for (Cell c : coins) {
      if (!inside(rules, c.x(), c.y())) {
        problems.add("coin outside the grid: " + c);
      }
      if (playerCells.contains(c)) {
        problems.add("coin under a player: " + c);
      }
    }
    assertThat(problems).as("at tick %d", arena.tick()).isEmpty();
  }

  private static boolean inside(ArenaRules rules, int x, int y) {
    return x >= 0 && y >= 0 && x < rules.width() && y < rules.height();
  }

  // ---- ticks ----

  @Test
  void ticksStartAtOneAndOnlyGoUp() {
    Arena<String> arena = arena(1);
    assertThat(arena.tick()).isZero();
    for (long expected = 1; expected <= 500; expected++) {
      Arena.Step<String> step = arena.step();
      assertThat(step.tick()).isEqualTo(expected);
      assertThat(arena.tick()).isEqualTo(expected);
    }
  }

  @Test
  void resumingKeepsTheTickAndTheCoins() {
    Arena<String> first = arena(2);
    first.join("alice", 0, 0, null);
    for (int i = 0; i < 41; i++) {
      first.step();
    }
    Arena<String> resumed =
        new Arena<>(RULES, new SplittableRandom(99), first.tick(), first.coins());
    assertThat(resumed.tick()).isEqualTo(41);
    assertThat(resumed.coins()).containsExactlyElementsOf(first.coins());
    assertThat(resumed.isEmpty()).isTrue();
    assertThat(resumed.step().tick()).isEqualTo(42);
  }

  @Test
  void resumingTopsUpMissingCoins() {
    List<Cell> three = ROW_OF_COINS.subList(0, 3);
    Arena<String> arena = new Arena<>(RULES, new SplittableRandom(3), 7, three);
    assertThat(arena.coins()).hasSize(8).startsWith(three.toArray(new Cell[0]));
    assertInvariants(arena);
  }

  @Test
  void resumingTrimsExtraCoinsAndDropsBadOnes() {
    List<Cell> given = new ArrayList<>();
    given.add(new Cell(-1, 0));
    given.add(new Cell(32, 5));
    given.add(new Cell(5, 32));
    given.add(new Cell(1, 1));
    given.add(new Cell(1, 1));
    for (int x = 0; x < 10; x++) {
      given.add(new Cell(x, 9));
    }
    Arena<String> arena = new Arena<>(RULES, new SplittableRandom(4), 3, given);
    assertThat(arena.coins())
        .containsExactly(
            new Cell(1, 1),
            new Cell(0, 9),
            new Cell(1, 9),
            new Cell(2, 9),
            new Cell(3, 9),
            new Cell(4, 9),
            new Cell(5, 9),
            new Cell(6, 9));
  }

  @Test
  void aNewArenaHasItsCoins() {
    for (long seed = 0; seed < 20; seed++) {
      Arena<String> arena = arena(seed);
      assertThat(arena.coins()).hasSize(8);
      assertInvariants(arena);
    }
  }

  @Test
  void sameSeedSameGame() {
    List<List<PlayerView>> a = play(arena(5), 5);
    List<List<PlayerView>> b = play(arena(5), 5);
    assertThat(a).isEqualTo(b);
  }

  private static List<List<PlayerView>> play(Arena<String> arena, long seed) {
    SplittableRandom moves = new SplittableRandom(seed);
    List<List<PlayerView>> history = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      arena.join("p" + i, 0, 0, null);
    }
    for (int t = 0; t < 200; t++) {
      for (int i = 0; i < 10; i++) {
        arena.enqueue("p" + i, DIRS[moves.nextInt(4)], "m");
      }
      arena.step();
      history.add(arena.players());
    }
    return history;
  }

  // ---- coins ----

  @ParameterizedTest(name = "{0}x{1}, {2} players, {3} coins")
  @CsvSource({
    "32, 32, 64, 8",
    "8, 8, 40, 8",
    "3, 3, 4, 4",
    "2, 2, 1, 2",
    "5, 1, 2, 2",
    "16, 16, 1, 0"
  })
  void coinsStayConstantOverManyRandomTicks(int width, int height, int players, int coins) {
    ArenaRules rules = new ArenaRules(width, height, players, coins, 16, 20);
    SplittableRandom random = new SplittableRandom(width * 1000L + players);
    Arena<Integer> arena = new Arena<>(rules, random);
    SplittableRandom moves = new SplittableRandom(17);
    for (int i = 0; i < players; i++) {
      arena.join("p" + i, 0, 0, null);
    }
    assertThat(arena.isFull()).isTrue();
    assertInvariants(arena);
    long collected = 0;
    for (int t = 0; t < 1500; t++) {
      Map<String, PlayerView> before = byName(arena.players());
      for (int i = 0; i < players; i++) {
        if (moves.nextInt(4) != 0) {
          arena.enqueue("p" + i, DIRS[moves.nextInt(4)], i);
        }
      }
      arena.step();
      assertInvariants(arena);
      for (PlayerView p : arena.players()) {
        PlayerView was = before.get(p.name());
        long steps = p.steps() - was.steps();
        long score = p.score() - was.score();
        int distance = Math.abs(p.x() - was.x()) + Math.abs(p.y() - was.y());
        if (steps < 0 || steps > 1 || score < 0 || score > steps || distance > steps) {
          assertThat(p).as("at most one step, one cell and one coin a tick, from %s", was).isNull();
        }
        collected += score;
      }
    }
    if (coins > 0) {
      assertThat(collected).as("coins were collected").isPositive();
    } else {
      assertThat(collected).isZero();
    }
  }

  private static Map<String, PlayerView> byName(List<PlayerView> players) {
    Map<String, PlayerView> m = new HashMap<>();
    players.forEach(p -> m.put(p.name(), p));
    return m;
  }

  @Test
  void collectingACoinScoresAndANewCoinAppearsOnAFreeCell() {
    Arena<String> arena = knownArena();
    joinAt(arena, "alice", 2, 1); // just south of the coin at (2, 0)
    joinAt(arena, "bob", 20, 20);
    List<Cell> before = arena.coins();

    assertThat(arena.enqueue("alice", Dir.N, "m1")).isTrue();
    Arena.Step<String> step = arena.step();

    assertThat(step.applied()).containsExactly("m1");
    assertThat(step.changed()).isTrue();
    PlayerView alice = player(arena, "alice");
    assertThat(alice).isEqualTo(new PlayerView("alice", 2, 0, 1, 1));
    List<Cell> after = arena.coins();
    assertThat(after).hasSize(8).doesNotContain(new Cell(2, 0));
    List<Cell> appeared = new ArrayList<>(after);
    appeared.removeAll(before);
    assertThat(appeared).hasSize(1);
    Cell fresh = appeared.get(0);
    assertThat(fresh).isNotIn(before).isNotEqualTo(new Cell(2, 0)).isNotEqualTo(new Cell(20, 20));
    assertInvariants(arena);
  }

  @Test
  void scoreAndStepsAddToWhatThePlayerBrought() {
    Arena<String> arena = knownArena();
    PlayerView p = arena.join("alice", 10, 100, new Cell(1, 0));
    assertThat(p).isEqualTo(new PlayerView("alice", 1, 0, 10, 100));
    arena.enqueue("alice", Dir.E, "a"); // onto the coin at (2, 0)
    arena.step();
    assertThat(player(arena, "alice")).isEqualTo(new PlayerView("alice", 2, 0, 11, 101));
  }

  @Test
  void aLonePlayerScoresExactlyWhenItStepsOntoACoin() {
    Arena<String> arena = knownArena();
    joinAt(arena, "alice", 1, 0);
    SplittableRandom moves = new SplittableRandom(12);
    long expectedScore = 0;
    for (int t = 0; t < 2000; t++) {
      // walk east along the row of coins first, then wander
      Dir dir = t < 13 ? Dir.E : DIRS[moves.nextInt(4)];
      Set<Cell> coinsBefore = new HashSet<>(arena.coins());
      arena.enqueue("alice", dir, "m" + t);
      arena.step();
      PlayerView alice = player(arena, "alice");
      if (coinsBefore.contains(new Cell(alice.x(), alice.y()))) {
        expectedScore++;
      }
      assertThat(alice.score()).as("tick %d", t).isEqualTo(expectedScore);
      assertThat(alice.steps()).isEqualTo(t + 1);
      assertInvariants(arena);
      if (t == 12) {
        assertThat(alice.x()).isEqualTo(14);
        assertThat(alice.score()).as("the coins at x = 2..14").isGreaterThanOrEqualTo(7);
      }
    }
    assertThat(expectedScore).isGreaterThan(7);
  }

  // ---- moves ----

  @ParameterizedTest(name = "{2} from {0},{1}")
  @CsvSource({"0, 31, W", "0, 31, S", "31, 31, E", "31, 31, S", "31, 5, E", "5, 31, S", "20, 0, N"})
  void aMoveIntoAWallIsAppliedAndThePlayerStays(int x, int y, Dir dir) {
    Arena<String> arena = knownArena();
    joinAt(arena, "alice", x, y);
    arena.step(); // the join's change

    assertThat(arena.enqueue("alice", dir, "bump")).isTrue();
    Arena.Step<String> step = arena.step();

    assertThat(step.applied()).containsExactly("bump");
    assertThat(step.changed()).isTrue();
    assertThat(player(arena, "alice")).isEqualTo(new PlayerView("alice", x, y, 0, 1));
  }

  @Test
  void directionsMoveAsTheGridSays() {
    Arena<String> arena = knownArena();
    joinAt(arena, "alice", 10, 10);
    arena.enqueue("alice", Dir.N, "n");
    arena.step();
    assertThat(player(arena, "alice"))
        .extracting(PlayerView::x, PlayerView::y)
        .containsExactly(10, 9);
    arena.enqueue("alice", Dir.S, "s");
    arena.step();
    assertThat(player(arena, "alice"))
        .extracting(PlayerView::x, PlayerView::y)
        .containsExactly(10, 10);
    arena.enqueue("alice", Dir.E, "e");
    arena.step();
    assertThat(player(arena, "alice"))
        .extracting(PlayerView::x, PlayerView::y)
        .containsExactly(11, 10);
    arena.enqueue("alice", Dir.W, "w");
    arena.step();
    assertThat(player(arena, "alice"))
        .extracting(PlayerView::x, PlayerView::y)
        .containsExactly(10, 10);
  }

  @Test
  void oneMovePerPlayerPerTickInTheOrderSent() {
    Arena<String> arena = knownArena();
    joinAt(arena, "alice", 10, 10);
    List<String> tickets = List.of("1:E", "2:E", "3:S", "4:W", "5:N");
    arena.enqueue("alice", Dir.E, "1:E");
    arena.enqueue("alice", Dir.E, "2:E");
    arena.enqueue("alice", Dir.S, "3:S");
    arena.enqueue("alice", Dir.W, "4:W");
    arena.enqueue("alice", Dir.N, "5:N");
    int[][] expected = {{11, 10}, {12, 10}, {12, 11}, {11, 11}, {11, 10}};
    for (int i = 0; i < expected.length; i++) {
      Arena.Step<String> step = arena.step();
      assertThat(step.applied()).containsExactly(tickets.get(i));
      PlayerView alice = player(arena, "alice");
      assertThat(alice.x()).isEqualTo(expected[i][0]);
      assertThat(alice.y()).isEqualTo(expected[i][1]);
      assertThat(alice.steps()).isEqualTo(i + 1);
    }
    Arena.Step<String> idle = arena.step();
    assertThat(idle.applied()).isEmpty();
    assertThat(idle.changed()).isFalse();
  }

  @Test
  void playersMoveInTheOrderTheyEntered() {
    Arena<String> arena = knownArena();
    joinAt(arena, "zed", 10, 10);
    joinAt(arena, "amy", 20, 20);
    joinAt(arena, "kim", 25, 25);
    arena.enqueue("kim", Dir.N, "kim1");
    arena.enqueue("amy", Dir.N, "amy1");
    arena.enqueue("kim", Dir.N, "kim2");
    arena.enqueue("zed", Dir.N, "zed1");
    assertThat(arena.step().applied()).containsExactly("zed1", "amy1", "kim1");
    assertThat(arena.step().applied()).containsExactly("kim2");
    assertThat(arena.players()).extracting(PlayerView::name).containsExactly("zed", "amy", "kim");
  }

  @Test
  void atMostMaxWaitingMovesAreQueued() {
    Arena<String> arena = knownArena();
    joinAt(arena, "alice", 16, 16);
    for (int i = 0; i < RULES.maxWaitingMoves(); i++) {
      assertThat(arena.enqueue("alice", DIRS[i % 4], "m" + i)).as("move %d", i).isTrue();
    }
    assertThat(arena.enqueue("alice", Dir.N, "refused")).isFalse();
    assertThat(arena.enqueue("alice", Dir.N, "refused")).isFalse();

    assertThat(arena.step().applied()).containsExactly("m0");
    assertThat(arena.enqueue("alice", Dir.N, "room again")).isTrue();
    assertThat(arena.enqueue("alice", Dir.N, "refused")).isFalse();

    List<String> applied = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      applied.addAll(arena.step().applied());
    }
    assertThat(applied)
        .hasSize(RULES.maxWaitingMoves())
        .endsWith("room again")
        .doesNotContain("refused");
  }

  @Test
  void theWaitingLimitIsPerPlayerAndFollowsTheRules() {
    Arena<String> arena =
        new Arena<>(new ArenaRules(32, 32, 64, 8, 2, 20), new SplittableRandom(6));
    arena.join("a", 0, 0, null);
    arena.join("b", 0, 0, null);
    assertThat(arena.enqueue("a", Dir.N, "a1")).isTrue();
    assertThat(arena.enqueue("a", Dir.N, "a2")).isTrue();
    assertThat(arena.enqueue("a", Dir.N, "a3")).isFalse();
    assertThat(arena.enqueue("b", Dir.N, "b1")).isTrue();
  }

  @Test
  void movesOfSomeoneNotInTheRoomAreRefused() {
    Arena<String> arena = arena(7);
    assertThat(arena.enqueue("ghost", Dir.N, "x")).isFalse();
    arena.join("alice", 0, 0, null);
    arena.leave("alice");
    assertThat(arena.enqueue("alice", Dir.N, "x")).isFalse();
  }

  // ---- changes ----

  @Test
  void stepReportsAChangeOnlyWhenSomethingChanged() {
    Arena<String> arena = knownArena();
    assertThat(arena.step().changed()).as("empty room").isFalse();

    joinAt(arena, "alice", 10, 10);
    assertThat(arena.step().changed()).as("after a join").isTrue();
    assertThat(arena.step().changed()).as("nothing since").isFalse();

    arena.enqueue("alice", Dir.E, "m");
    assertThat(arena.step().changed()).as("a move").isTrue();
    assertThat(arena.step().changed()).isFalse();

    arena.join("alice", 0, 0, null);
    assertThat(arena.step().changed()).as("joining again changes nothing").isFalse();

    assertThat(arena.leave("nobody")).isNull();
    assertThat(arena.step().changed()).as("leaving a room one is not in").isFalse();

    arena.leave("alice");
    assertThat(arena.step().changed()).as("after a leave").isTrue();
    assertThat(arena.step().changed()).isFalse();
  }

  @Test
  void aJoinAndALeaveInOneTickStillCountAsAChange() {
    Arena<String> arena = knownArena();
    arena.join("alice", 0, 0, null);
    arena.leave("alice");
    assertThat(arena.step().changed()).isTrue();
  }

  // ---- join and leave ----

  @Test
  void joinAtAGivenCell() {
    Arena<String> arena = knownArena();
    assertThat(arena.join("alice", 3, 4, new Cell(7, 9)))
        .isEqualTo(new PlayerView("alice", 7, 9, 3, 4));
    assertThat(arena.contains("alice")).isTrue();
    assertThat(arena.players()).containsExactly(new PlayerView("alice", 7, 9, 3, 4));
  }

  @Test
  void playersMayShareACell() {
    Arena<String> arena = knownArena();
    joinAt(arena, "alice", 7, 9);
    joinAt(arena, "bob", 7, 9);
    joinAt(arena, "carol", 7, 8);
    arena.enqueue("carol", Dir.S, "c");
    arena.step();
    assertThat(arena.players()).extracting(PlayerView::x, PlayerView::y).containsOnly(tuple(7, 9));
  }

  @Test
  void joinOutsideTheGridOrOnACoinLandsOnARandomFreeCell() {
    for (Cell at :
        List.of(
            new Cell(-1, 0),
            new Cell(0, -1),
            new Cell(32, 0),
            new Cell(0, 32),
            new Cell(Integer.MIN_VALUE, Integer.MAX_VALUE),
            new Cell(2, 0))) {
      Arena<String> arena = knownArena();
      PlayerView p = arena.join("alice", 0, 0, at);
      assertThat(new Cell(p.x(), p.y()))
          .as("joined for %s", at)
          .isNotEqualTo(at)
          .isNotIn(ROW_OF_COINS);
      assertInvariants(arena);
    }
  }

  @Test
  void joinWithoutACellLandsOnACellWithoutACoin() {
    for (long seed = 0; seed < 50; seed++) {
      Arena<String> arena = arena(seed);
      for (int i = 0; i < 64; i++) {
        arena.join("p" + i, 0, 0, null);
      }
      assertInvariants(arena);
    }
  }

  @Test
  void joiningTwiceKeepsThePlayerWhereItIs() {
    Arena<String> arena = knownArena();
    joinAt(arena, "alice", 5, 5);
    arena.enqueue("alice", Dir.E, "m");
    PlayerView again = arena.join("alice", 99, 99, new Cell(20, 20));
    assertThat(again).isEqualTo(new PlayerView("alice", 5, 5, 0, 0));
    assertThat(arena.size()).isEqualTo(1);
    assertThat(arena.step().applied()).as("the queued move survives").containsExactly("m");
  }

  @Test
  void leaveReturnsThePlayerAndItsUnappliedMoves() {
    Arena<String> arena = knownArena();
    joinAt(arena, "alice", 10, 10);
    joinAt(arena, "bob", 12, 12);
    arena.enqueue("alice", Dir.E, "a1");
    arena.enqueue("alice", Dir.E, "a2");
    arena.enqueue("alice", Dir.S, "a3");
    arena.enqueue("bob", Dir.S, "b1");
    arena.step();

    Arena.Removed<String> removed = arena.leave("alice");

    assertThat(removed.player()).isEqualTo(new PlayerView("alice", 11, 10, 0, 1));
    assertThat(removed.unapplied()).containsExactly("a2", "a3");
    assertThat(arena.contains("alice")).isFalse();
    assertThat(arena.size()).isEqualTo(1);
    assertThat(arena.players()).extracting(PlayerView::name).containsExactly("bob");
    assertThat(arena.step().applied()).as("her moves are gone").isEmpty();
    assertThat(arena.leave("alice")).isNull();
  }

  @Test
  void leaveWithNothingQueued() {
    Arena<String> arena = knownArena();
    joinAt(arena, "alice", 10, 10);
    Arena.Removed<String> removed = arena.leave("alice");
    assertThat(removed.unapplied()).isEmpty();
    assertThat(arena.isEmpty()).isTrue();
  }

  @Test
  void aFullRoomRefusesNewPlayers() {
    Arena<String> arena = new Arena<>(new ArenaRules(8, 8, 2, 4, 16, 20), new SplittableRandom(8));
    arena.join("a", 0, 0, null);
    assertThat(arena.isFull()).isFalse();
    arena.join("b", 0, 0, null);
    assertThat(arena.isFull()).isTrue();
    assertThat(arena.size()).isEqualTo(2);

    assertThatThrownBy(() -> arena.join("c", 0, 0, null)).isInstanceOf(IllegalStateException.class);
    assertThat(arena.contains("c")).isFalse();
    assertThat(arena.join("a", 5, 5, null).name())
        .as("a member joining again is fine")
        .isEqualTo("a");

    arena.leave("a");
    assertThat(arena.isFull()).isFalse();
    arena.join("c", 0, 0, null);
    assertThat(arena.contains("c")).isTrue();
  }

  @Test
  void theDefaultRoomHolds64() {
    Arena<String> arena = arena(9);
    for (int i = 0; i < 64; i++) {
      assertThat(arena.isFull()).isFalse();
      arena.join("p" + i, 0, 0, null);
    }
    assertThat(arena.isFull()).isTrue();
    assertThatThrownBy(() -> arena.join("one-too-many", 0, 0, null))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void playersAndCoinsAreSnapshots() {
    Arena<String> arena = knownArena();
    joinAt(arena, "alice", 1, 0);
    List<PlayerView> players = arena.players();
    List<Cell> coins = arena.coins();
    arena.enqueue("alice", Dir.E, "m");
    arena.step();
    assertThat(players).containsExactly(new PlayerView("alice", 1, 0, 0, 0));
    assertThat(coins).containsExactlyElementsOf(ROW_OF_COINS);
    assertThatThrownBy(() -> arena.coins().add(new Cell(1, 1)))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  // ---- rules ----

  @Test
  void defaultRules() {
    assertThat(ArenaRules.DEFAULT).isEqualTo(new ArenaRules(32, 32, 64, 8, 16, 20));
    assertThat(ArenaRules.DEFAULT.tickMillis()).isEqualTo(50);
    assertThat(ArenaRules.fromEnv(Map.of())).isEqualTo(ArenaRules.DEFAULT);
  }

  @Test
  void rulesFromTheEnvironment() {
    ArenaRules rules =
        ArenaRules.fromEnv(
            Map.of(
                "GROUNDUP_ROOM_WIDTH",
                "10",
                "GROUNDUP_ROOM_HEIGHT",
                "12",
                "GROUNDUP_ROOM_MAX_PLAYERS",
                "5",
                "GROUNDUP_ROOM_COINS",
                "3",
                "GROUNDUP_MAX_WAITING_MOVES",
                "4",
                "GROUNDUP_TICK_HZ",
                "1000"));
    assertThat(rules).isEqualTo(new ArenaRules(10, 12, 5, 3, 4, 1000));
    assertThat(rules.tickMillis()).isEqualTo(1);
  }

  @ParameterizedTest(name = "{0}={1}")
  @CsvSource({
    "GROUNDUP_ROOM_WIDTH, 0",
    "GROUNDUP_ROOM_HEIGHT, wide",
    "GROUNDUP_ROOM_MAX_PLAYERS, 0",
    "GROUNDUP_ROOM_COINS, -1",
    "GROUNDUP_MAX_WAITING_MOVES, 0",
    "GROUNDUP_TICK_HZ, 1001"
  })
  void badRulesInTheEnvironmentNameTheVariable(String name, String value) {
    assertThatThrownBy(() -> ArenaRules.fromEnv(Map.of(name, value)))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(name);
  }

  @Test
  void tickMillis() {
    assertThat(new ArenaRules(4, 4, 1, 1, 1, 3).tickMillis()).isEqualTo(333);
    assertThat(new ArenaRules(4, 4, 1, 1, 1, 1).tickMillis()).isEqualTo(1000);
    assertThat(new ArenaRules(4, 4, 1, 1, 1, 999).tickMillis()).isEqualTo(1);
  }

  @ParameterizedTest(name = "{0}x{1}, {2} players, {3} coins, {4} moves, {5} Hz")
  @CsvSource({
    "0, 32, 64, 8, 16, 20",
    "32, 0, 64, 8, 16, 20",
    "-1, 32, 64, 8, 16, 20",
    "32, 32, 0, 8, 16, 20",
    "32, 32, 64, -1, 16, 20",
    "32, 32, 64, 8, 0, 20",
    "32, 32, 64, 8, 16, 0",
    // rooms that cannot hold their players and coins on distinct cells
    "4, 4, 10, 7, 16, 20",
    "4, 4, 17, 0, 16, 20",
    "1, 1, 1, 1, 16, 20",
    "1, 1, 1, 0, 16, 20",
    "4096, 4096, 10000, 100000000, 16, 20",
  })
  void rulesThatCannotWorkAreRefused(int w, int h, int players, int coins, int moves, int hz) {
    assertThatThrownBy(() -> new ArenaRules(w, h, players, coins, moves, hz))
        .isInstanceOf(ConfigException.class);
  }

  @ParameterizedTest(name = "{0}x{1}, {2} players, {3} coins")
  @CsvSource({
    "4, 4, 10, 5",
    "4, 4, 15, 0",
    "2, 1, 1, 0",
    "3, 1, 1, 1",
    "4096, 4096, 10000, 100000"
  })
  void roomsWithASpareCellAreAccepted(int w, int h, int players, int coins) {
    ArenaRules rules = new ArenaRules(w, h, players, coins, 16, 20);
    assertThat(rules.width()).isEqualTo(w);
  }

  @Test
  void theSmallestRoomWorks() {
    // 3 cells, 1 player, 1 coin: the coin must always find the one free cell
    ArenaRules rules = new ArenaRules(3, 1, 1, 1, 16, 20);
    Arena<String> arena = new Arena<>(rules, new SplittableRandom(10));
    arena.join("alice", 0, 0, null);
    SplittableRandom moves = new SplittableRandom(11);
    for (int t = 0; t < 500; t++) {
      arena.enqueue("alice", moves.nextBoolean() ? Dir.E : Dir.W, "m");
      arena.step();
      assertInvariants(arena);
    }
    assertThat(player(arena, "alice").steps()).isEqualTo(500);
    assertThat(player(arena, "alice").score()).isPositive();
  }
}
