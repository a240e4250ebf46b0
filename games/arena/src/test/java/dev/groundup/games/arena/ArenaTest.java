package dev.groundup.games.arena;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.tuple;

import dev.groundup.game.Args;
import dev.groundup.game.Effects;
import dev.groundup.game.Game;
import dev.groundup.game.Input;
import dev.groundup.game.Joining;
import dev.groundup.game.Leaving;
import dev.groundup.game.Limits;
import dev.groundup.game.Refusal;
import dev.groundup.game.RoomContext;
import dev.groundup.game.Settings;
import dev.groundup.game.testing.GameTestKit;
import dev.groundup.game.testing.JsonText;
import dev.groundup.game.testing.TestRoom;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The arena's rules, PROTOCOL.md "The game: arena", with seeded randomness: the room driven by hand
 * (as the engine calls it) and through {@link GameTestKit} (with the engine's limits, tick counting
 * and takeover).
 */
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

  /** The input numbers and the ticks of rooms driven by hand in a test. */
  private long nextSeq = 1;

  private long tick = 1;

  /** What a call on a room did, as the engine records it. */
  static final class Recorder implements Effects {
    final List<Long> applied = new ArrayList<>();
    final Map<String, Long> awards = new LinkedHashMap<>();
    int changed;

    @Override
    public void changed() {
      changed++;
    }

    @Override
    public void applied(long seq) {
      applied.add(seq);
    }

    @Override
    public void award(String player, long points) {
      if (points <= 0) {
        throw new AssertionError("award of " + points + " to " + player);
      }
      awards.merge(player, points, Long::sum);
    }

    boolean changedSomething() {
      return changed > 0 || !applied.isEmpty();
    }
  }

  // ---- a room by hand ----

  /**
   * A snapshot as {@link Arena#snapshot()} writes it: version 1 (a byte); the coins (an int count,
   * then x and y as ints); the players in the order they entered (an int count, then each one's
   * name in modified UTF-8, x and y as ints, score and steps as longs).
   */
  static byte[] snapshot(List<Cell> coins, List<PlayerView> players) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeByte(1);
      out.writeInt(coins.size());
      for (Cell c : coins) {
        out.writeInt(c.x());
        out.writeInt(c.y());
      }
      out.writeInt(players.size());
      for (PlayerView p : players) {
        out.writeUTF(p.name());
        out.writeInt(p.x());
        out.writeInt(p.y());
        out.writeLong(p.score());
        out.writeLong(p.steps());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  /** A seat as {@link Leaving#seat()} gives it: x and y, big-endian ints. */
  static byte[] seat(int x, int y) {
    return ByteBuffer.allocate(8).putInt(x).putInt(y).array();
  }

  private static Arena arena(long seed) {
    return new Arena(RULES, new SplittableRandom(seed));
  }

  private static Arena restore(ArenaRules rules, long seed, List<Cell> coins, List<PlayerView> ps) {
    return Arena.restore(rules, new SplittableRandom(seed), snapshot(coins, ps));
  }

  /** An arena whose coins are where {@link #ROW_OF_COINS} says. */
  private static Arena knownArena() {
    Arena arena = restore(RULES, 1, ROW_OF_COINS, List.of());
    assertThat(coins(arena)).containsExactlyElementsOf(ROW_OF_COINS);
    return arena;
  }

  private static List<Cell> coins(Arena arena) {
    return arena.view("anyone").coins();
  }

  private static List<PlayerView> players(Arena arena) {
    return arena.view("anyone").players();
  }

  private static PlayerView player(Arena arena, String name) {
    return players(arena).stream().filter(p -> p.name().equals(name)).findFirst().orElseThrow();
  }

  private static Recorder join(Arena arena, String name, long score, long steps, byte[] seat) {
    Recorder effects = new Recorder();
    arena.join(new Joining(name, Arena.progress(score, steps), seat), effects);
    return effects;
  }

  private static void join(Arena arena, String name) {
    arena.join(new Joining(name, new byte[0], null), new Recorder());
  }

  private static PlayerView joinAt(Arena arena, String name, int x, int y) {
    join(arena, name, 0, 0, seat(x, y));
    PlayerView p = player(arena, name);
    assertThat(p.x()).isEqualTo(x);
    assertThat(p.y()).isEqualTo(y);
    return p;
  }

  private static String wire(Dir dir) {
    return dir.name().toLowerCase(Locale.ROOT);
  }

  /** A move as the engine hands it in; gives its number. */
  private long move(Arena arena, String name, Dir dir) {
    long seq = nextSeq++;
    Recorder effects = new Recorder();
    arena.input(name, new Input(seq, "move", Args.of(Map.of("dir", wire(dir)))), effects);
    assertThat(effects.changedSomething()).as("a move waits for a tick").isFalse();
    return seq;
  }

  private Recorder step(Arena arena) {
    Recorder effects = new Recorder();
    arena.tick(++tick, effects);
    return effects;
  }

  /**
   * The room's invariants: the rules' number of coins, on distinct cells inside the grid, none
   * under a player (stepping onto a coin collects it, and coins appear only on free cells), players
   * inside. Plain checks rather than assertions per element: this runs after every one of many
   * ticks.
   */
  private static void assertInvariants(ArenaRules rules, ArenaView view, Object when) {
    List<String> problems = new ArrayList<>();
    List<Cell> coins = view.coins();
    if (coins.size() != rules.coins()) {
      problems.add(coins.size() + " coins instead of " + rules.coins());
    }
    if (new HashSet<>(coins).size() != coins.size()) {
      problems.add("two coins on one cell: " + coins);
    }
    Set<Cell> playerCells = new HashSet<>();
    Set<String> names = new HashSet<>();
    for (PlayerView p : view.players()) {
      if (!inside(rules, p.x(), p.y())) {
        problems.add("player outside the grid: " + p);
      }
      if (!names.add(p.name())) {
        problems.add("two players named " + p.name());
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
    assertThat(problems).as("at %s", when).isEmpty();
  }

  private static void assertInvariants(Arena arena) {
    assertInvariants(RULES, arena.view("anyone"), "now");
  }

  private static boolean inside(ArenaRules rules, int x, int y) {
    return x >= 0 && y >= 0 && x < rules.width() && y < rules.height();
  }

  // ---- a room through the kit ----

  private static Map<String, String> settings(ArenaRules rules) {
    return Map.of(
        "GROUNDUP_ROOM_WIDTH", String.valueOf(rules.width()),
        "GROUNDUP_ROOM_HEIGHT", String.valueOf(rules.height()),
        "GROUNDUP_ROOM_MAX_PLAYERS", String.valueOf(rules.maxPlayers()),
        "GROUNDUP_ROOM_COINS", String.valueOf(rules.coins()),
        "GROUNDUP_MAX_WAITING_MOVES", String.valueOf(rules.maxWaitingMoves()),
        "GROUNDUP_TICK_HZ", String.valueOf(rules.tickHz()));
  }

  private static TestRoom kitRoom(ArenaRules rules, long seed) {
    GameTestKit kit = GameTestKit.of(new ArenaGame(), settings(rules));
    assertThat(kit.rules()).isEqualTo(rules);
    return kit.room("r", seed);
  }

  private static TestRoom kitRoom(long seed) {
    return kitRoom(RULES, seed);
  }

  private static ArenaView view(TestRoom room) {
    return ((Arena) room.room()).view("anyone");
  }

  private static PlayerView player(TestRoom room, String name) {
    return view(room).players().stream()
        .filter(p -> p.name().equals(name))
        .findFirst()
        .orElseThrow();
  }

  private static long kitMove(TestRoom room, String name, Dir dir) {
    return room.input(name, "move", Map.of("dir", wire(dir)));
  }

  private static String refusalCode(Runnable call) {
    Refusal r = catchThrowableOfType(Refusal.class, call::run);
    assertThat(r).as("refused").isNotNull();
    return r.code();
  }

  // ---- ticks ----

  @Test
  void ticksStartAtOneAndOnlyGoUp() {
    TestRoom room = kitRoom(1);
    assertThat(room.tick()).isEqualTo(1);
    for (long expected = 2; expected <= 500; expected++) {
      room.tick(1);
      assertThat(room.tick()).isEqualTo(expected);
    }
    room.join("alice");
    room.tick(7);
    assertThat(room.tick()).isEqualTo(507);
  }

  @Test
  void aMoveIsAckedAtTheTickThatAppliedIt() {
    TestRoom room = kitRoom(2);
    room.join("alice");
    List<Long> seqs = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      seqs.add(kitMove(room, "alice", DIRS[i % 4]));
    }
    room.tick(10);
    for (int i = 0; i < 5; i++) {
      assertThat(room.ackedAt(seqs.get(i))).as("move %d", i).hasValue(2 + i);
    }
  }

  @Test
  void resumingKeepsTheTickAndTheCoins() {
    TestRoom first = kitRoom(2);
    first.join("alice");
    SplittableRandom moves = new SplittableRandom(3);
    for (int i = 0; i < 41; i++) {
      kitMove(first, "alice", DIRS[moves.nextInt(4)]);
      first.tick(1);
    }
    assertThat(first.tick()).isEqualTo(42);
    TestRoom resumed = first.restored();
    assertThat(resumed.tick()).isEqualTo(42);
    assertThat(view(resumed)).isEqualTo(view(first));
    assertThat(view(resumed).coins()).containsExactlyElementsOf(view(first).coins());
    resumed.tick(1);
    assertThat(resumed.tick()).isEqualTo(43);

    Arena empty =
        Arena.restore(RULES, new SplittableRandom(99), snapshot(coins(knownArena()), List.of()));
    assertThat(coins(empty)).containsExactlyElementsOf(ROW_OF_COINS);
    assertThat(players(empty)).isEmpty();
  }

  @Test
  void resumingTopsUpMissingCoins() {
    List<Cell> three = ROW_OF_COINS.subList(0, 3);
    Arena arena = restore(RULES, 3, three, List.of());
    assertThat(coins(arena)).hasSize(8).startsWith(three.toArray(new Cell[0]));
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
    Arena arena = restore(RULES, 4, given, List.of());
    assertThat(coins(arena))
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
  void resumingKeepsThePlayersWhereTheyWere() {
    List<PlayerView> ps =
        List.of(new PlayerView("zed", 31, 31, 5, 50), new PlayerView("amy", 0, 1, 0, 3));
    Arena arena = restore(RULES, 5, ROW_OF_COINS, ps);
    assertThat(players(arena)).containsExactlyElementsOf(ps);
    assertThat(arena.progress("zed")).isEqualTo(Arena.progress(5, 50));
  }

  @Test
  void resumingPutsAPlayerOutsideThisNodesGridOnARandomFreeCell() {
    List<PlayerView> ps =
        List.of(new PlayerView("far", 40, 3, 2, 9), new PlayerView("near", 3, 3, 0, 0));
    Arena arena = restore(RULES, 6, ROW_OF_COINS, ps);
    PlayerView far = player(arena, "far");
    assertThat(inside(RULES, far.x(), far.y())).isTrue();
    assertThat(far).extracting(PlayerView::score, PlayerView::steps).containsExactly(2L, 9L);
    assertThat(player(arena, "near")).isEqualTo(ps.get(1));
    assertInvariants(arena);
  }

  @Test
  void toppingUpCoinsOnResumeNeverMovesAPlayer() {
    // a 4x4 room with 10 players and 5 coins, stored by a node that had no coins: the coins come
    // back on the 6 free cells, the players stay where they were
    ArenaRules rules = new ArenaRules(4, 4, 10, 5, 16, 20);
    List<PlayerView> ps = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      ps.add(new PlayerView("p" + i, i % 4, i / 4, 0, 0));
    }
    for (long seed = 0; seed < 50; seed++) {
      Arena arena = restore(rules, seed, List.of(), ps);
      assertThat(arena.view("p0").players()).as("seed %d", seed).containsExactlyElementsOf(ps);
      assertInvariants(rules, arena.view("p0"), "seed " + seed);
    }
  }

  @Test
  void anUnreadableSnapshotIsRefused() {
    byte[] good = snapshot(ROW_OF_COINS, List.of(new PlayerView("a", 1, 1, 0, 0)));
    byte[] otherVersion = good.clone();
    otherVersion[0] = 2;
    assertThatThrownBy(
            () -> RULES.restore(new RoomContext("r", 1, new SplittableRandom(1)), otherVersion))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("version 2");
    for (int cut : new int[] {0, 1, 5, good.length - 1}) {
      byte[] shorter = Arrays.copyOf(good, cut);
      assertThatThrownBy(() -> Arena.restore(RULES, new SplittableRandom(1), shorter))
          .as("cut at %d", cut)
          .isInstanceOf(IllegalArgumentException.class);
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {Integer.MAX_VALUE, 1 << 28, 3, -1, Integer.MIN_VALUE})
  void aSnapshotWithMoreCoinsThanItHoldsIsRefused(int count) {
    byte[] bad = ByteBuffer.allocate(1 + 4 + 16).put((byte) 1).putInt(count).array();
    assertThatThrownBy(() -> Arena.restore(RULES, new SplittableRandom(1), bad))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aNewArenaHasItsCoins() {
    for (long seed = 0; seed < 20; seed++) {
      Arena arena = arena(seed);
      assertThat(coins(arena)).hasSize(8);
      assertInvariants(arena);
    }
  }

  @Test
  void sameSeedSameGame() {
    List<String> a = play(kitRoom(5), 5);
    List<String> b = play(kitRoom(5), 5);
    assertThat(a).hasSize(200).isEqualTo(b);
    assertThat(play(kitRoom(6), 5)).isNotEqualTo(a);
  }

  private static List<String> play(TestRoom room, long seed) {
    SplittableRandom moves = new SplittableRandom(seed);
    for (int i = 0; i < 10; i++) {
      room.join("p" + i);
    }
    for (int t = 0; t < 200; t++) {
      for (int i = 0; i < 10; i++) {
        kitMove(room, "p" + i, DIRS[moves.nextInt(4)]);
      }
      room.tick(1);
    }
    return room.shown("p0");
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
    Arena arena = new Arena(rules, new SplittableRandom(width * 1000L + players));
    SplittableRandom moves = new SplittableRandom(17);
    for (int i = 0; i < players; i++) {
      join(arena, "p" + i);
    }
    assertInvariants(rules, arena.view("p0"), "the start");
    long collected = 0;
    for (int t = 0; t < 1500; t++) {
      Map<String, PlayerView> before = byName(arena.view("p0").players());
      List<Long> sent = new ArrayList<>();
      for (int i = 0; i < players; i++) {
        if (moves.nextInt(4) != 0) {
          sent.add(move(arena, "p" + i, DIRS[moves.nextInt(4)]));
        }
      }
      Recorder effects = step(arena);
      assertThat(effects.applied).as("tick %d", t).containsExactlyElementsOf(sent);
      ArenaView view = arena.view("p0");
      assertInvariants(rules, view, "tick " + t);
      for (PlayerView p : view.players()) {
        PlayerView was = before.get(p.name());
        long steps = p.steps() - was.steps();
        long score = p.score() - was.score();
        int distance = Math.abs(p.x() - was.x()) + Math.abs(p.y() - was.y());
        if (steps < 0 || steps > 1 || score < 0 || score > steps || distance > steps) {
          assertThat(p).as("at most one step, one cell and one coin a tick, from %s", was).isNull();
        }
        if (effects.awards.getOrDefault(p.name(), 0L) != score) {
          assertThat(effects.awards).as("a leaderboard point per coin of %s", p).isNull();
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
    Arena arena = knownArena();
    joinAt(arena, "alice", 2, 1); // just south of the coin at (2, 0)
    joinAt(arena, "bob", 20, 20);
    List<Cell> before = coins(arena);

    long seq = move(arena, "alice", Dir.N);
    Recorder effects = step(arena);

    assertThat(effects.applied).containsExactly(seq);
    assertThat(effects.awards).as("a leaderboard point").containsExactly(Map.entry("alice", 1L));
    assertThat(player(arena, "alice")).isEqualTo(new PlayerView("alice", 2, 0, 1, 1));
    List<Cell> after = coins(arena);
    assertThat(after).hasSize(8).doesNotContain(new Cell(2, 0));
    List<Cell> appeared = new ArrayList<>(after);
    appeared.removeAll(before);
    assertThat(appeared).hasSize(1);
    Cell fresh = appeared.get(0);
    assertThat(fresh).isNotIn(before).isNotEqualTo(new Cell(2, 0)).isNotEqualTo(new Cell(20, 20));
    assertInvariants(arena);
  }

  @Test
  void eachCoinIsALeaderboardPointThroughTheKit() {
    TestRoom room = kitRoom(new ArenaRules(3, 1, 1, 1, 16, 20), 7);
    room.join("alice");
    SplittableRandom moves = new SplittableRandom(8);
    for (int t = 0; t < 300; t++) {
      kitMove(room, "alice", moves.nextBoolean() ? Dir.E : Dir.W);
      room.tick(1);
      assertThat(room.score("alice")).isEqualTo(player(room, "alice").score());
    }
    assertThat(room.score("alice")).isPositive();
  }

  @Test
  void scoreAndStepsAddToWhatThePlayerBrought() {
    Arena arena = knownArena();
    join(arena, "alice", 10, 100, seat(1, 0));
    assertThat(player(arena, "alice")).isEqualTo(new PlayerView("alice", 1, 0, 10, 100));
    move(arena, "alice", Dir.E); // onto the coin at (2, 0)
    Recorder effects = step(arena);
    assertThat(player(arena, "alice")).isEqualTo(new PlayerView("alice", 2, 0, 11, 101));
    assertThat(effects.awards).as("only this room's coin").containsExactly(Map.entry("alice", 1L));
    assertThat(arena.progress("alice")).isEqualTo(Arena.progress(11, 101));
    Leaving leaving = arena.leave("alice", new Recorder());
    assertThat(Arena.readProgress(leaving.progress())).containsExactly(11, 101);
  }

  @Test
  void progressGoesWithThePlayerFromRoomToRoom() {
    TestRoom first = kitRoom(9);
    first.join("alice");
    SplittableRandom moves = new SplittableRandom(10);
    for (int t = 0; t < 400; t++) {
      kitMove(first, "alice", DIRS[moves.nextInt(4)]);
      first.tick(1);
    }
    PlayerView was = player(first, "alice");
    assertThat(was.steps()).isEqualTo(400);
    Leaving leaving = first.leave("alice");
    assertThat(Arena.readProgress(leaving.progress())).containsExactly(was.score(), 400);

    TestRoom second = kitRoom(11);
    second.join("alice", leaving.progress());
    assertThat(player(second, "alice"))
        .extracting(PlayerView::score, PlayerView::steps)
        .containsExactly(was.score(), 400L);
    assertThat(second.score("alice")).as("leaderboard points are per room").isZero();
  }

  @Test
  void progressOfSomeoneNotInTheRoomIsNone() {
    Arena arena = knownArena();
    assertThat(Arena.readProgress(arena.progress("ghost"))).containsExactly(0, 0);
    assertThat(Arena.readProgress(new byte[0])).containsExactly(0, 0);
    assertThat(Arena.readProgress(null)).containsExactly(0, 0);
    assertThatThrownBy(() -> Arena.readProgress(new byte[] {9, 0}))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Arena.readProgress(new byte[] {1, 0}))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aLonePlayerScoresExactlyWhenItStepsOntoACoin() {
    Arena arena = knownArena();
    joinAt(arena, "alice", 1, 0);
    SplittableRandom moves = new SplittableRandom(12);
    long expectedScore = 0;
    for (int t = 0; t < 2000; t++) {
      // walk east along the row of coins first, then wander
      Dir dir = t < 13 ? Dir.E : DIRS[moves.nextInt(4)];
      Set<Cell> coinsBefore = new HashSet<>(coins(arena));
      move(arena, "alice", dir);
      Recorder effects = step(arena);
      PlayerView alice = player(arena, "alice");
      if (coinsBefore.contains(new Cell(alice.x(), alice.y()))) {
        expectedScore++;
        assertThat(effects.awards).containsExactly(Map.entry("alice", 1L));
      } else {
        assertThat(effects.awards).isEmpty();
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
    Arena arena = knownArena();
    joinAt(arena, "alice", x, y);

    long seq = move(arena, "alice", dir);
    Recorder effects = step(arena);

    assertThat(effects.applied).containsExactly(seq);
    assertThat(player(arena, "alice")).isEqualTo(new PlayerView("alice", x, y, 0, 1));
  }

  @Test
  void directionsMoveAsTheGridSays() {
    Arena arena = knownArena();
    joinAt(arena, "alice", 10, 10);
    int[][] expected = {{10, 9}, {10, 10}, {11, 10}, {10, 10}};
    Dir[] order = {Dir.N, Dir.S, Dir.E, Dir.W};
    for (int i = 0; i < order.length; i++) {
      move(arena, "alice", order[i]);
      step(arena);
      assertThat(player(arena, "alice"))
          .as("%s", order[i])
          .extracting(PlayerView::x, PlayerView::y)
          .containsExactly(expected[i][0], expected[i][1]);
    }
  }

  @Test
  void oneMovePerPlayerPerTickInTheOrderSent() {
    Arena arena = knownArena();
    joinAt(arena, "alice", 10, 10);
    List<Long> seqs =
        List.of(
            move(arena, "alice", Dir.E),
            move(arena, "alice", Dir.E),
            move(arena, "alice", Dir.S),
            move(arena, "alice", Dir.W),
            move(arena, "alice", Dir.N));
    int[][] expected = {{11, 10}, {12, 10}, {12, 11}, {11, 11}, {11, 10}};
    for (int i = 0; i < expected.length; i++) {
      Recorder effects = step(arena);
      assertThat(effects.applied).containsExactly(seqs.get(i));
      PlayerView alice = player(arena, "alice");
      assertThat(alice.x()).isEqualTo(expected[i][0]);
      assertThat(alice.y()).isEqualTo(expected[i][1]);
      assertThat(alice.steps()).isEqualTo(i + 1);
    }
    Recorder idle = step(arena);
    assertThat(idle.applied).isEmpty();
    assertThat(idle.changedSomething()).isFalse();
  }

  @Test
  void playersMoveInTheOrderTheyEntered() {
    Arena arena = knownArena();
    joinAt(arena, "zed", 10, 10);
    joinAt(arena, "amy", 20, 20);
    joinAt(arena, "kim", 25, 25);
    long kim1 = move(arena, "kim", Dir.N);
    long amy1 = move(arena, "amy", Dir.N);
    long kim2 = move(arena, "kim", Dir.N);
    long zed1 = move(arena, "zed", Dir.N);
    assertThat(step(arena).applied).containsExactly(zed1, amy1, kim1);
    assertThat(step(arena).applied).containsExactly(kim2);
    assertThat(players(arena)).extracting(PlayerView::name).containsExactly("zed", "amy", "kim");
  }

  @Test
  void atMostMaxWaitingMovesAreQueued() {
    TestRoom room = kitRoom(13);
    room.join("alice");
    List<Long> accepted = new ArrayList<>();
    for (int i = 0; i < RULES.maxWaitingMoves(); i++) {
      accepted.add(kitMove(room, "alice", DIRS[i % 4]));
    }
    assertThat(refusalCode(() -> kitMove(room, "alice", Dir.N))).isEqualTo("rate_limited");
    assertThat(refusalCode(() -> kitMove(room, "alice", Dir.N))).isEqualTo("rate_limited");

    room.tick(1);
    assertThat(room.ackedAt(accepted.get(0))).hasValue(2);
    long roomAgain = kitMove(room, "alice", Dir.N);
    assertThat(refusalCode(() -> kitMove(room, "alice", Dir.N))).isEqualTo("rate_limited");

    room.tick(20);
    accepted.add(roomAgain);
    for (int i = 0; i < accepted.size(); i++) {
      assertThat(room.ackedAt(accepted.get(i))).as("move %d", i).hasValue(2 + i);
    }
    assertThat(player(room, "alice").steps()).isEqualTo(RULES.maxWaitingMoves() + 1);
  }

  @Test
  void theWaitingLimitIsPerPlayerAndFollowsTheRules() {
    TestRoom room = kitRoom(new ArenaRules(32, 32, 64, 8, 2, 20), 6);
    assertThat(room.room()).isInstanceOf(Arena.class);
    room.join("a");
    room.join("b");
    kitMove(room, "a", Dir.N);
    kitMove(room, "a", Dir.N);
    assertThat(refusalCode(() -> kitMove(room, "a", Dir.N))).isEqualTo("rate_limited");
    kitMove(room, "b", Dir.N);
    kitMove(room, "b", Dir.N);
  }

  @Test
  void movesOfSomeoneNotInTheRoomAreRefused() {
    Arena arena = arena(7);
    Input input = new Input(1, "move", Args.of(Map.of("dir", "n")));
    Recorder effects = new Recorder();
    assertThat(refusalCode(() -> arena.input("ghost", input, effects))).isEqualTo("not_in_room");
    join(arena, "alice");
    arena.leave("alice", effects);
    assertThat(refusalCode(() -> arena.input("alice", input, effects))).isEqualTo("not_in_room");
    assertThat(effects.changedSomething()).isFalse();

    TestRoom room = kitRoom(7);
    assertThat(refusalCode(() -> kitMove(room, "ghost", Dir.N))).isEqualTo("not_in_room");
  }

  // ---- inputs ----

  @Test
  void theGameChecksAMovesDirection() {
    Game game = new ArenaGame();
    for (String d : List.of("n", "s", "e", "w")) {
      assertThat(game.check("move", Args.of(Map.of("dir", d)))).as(d).isNull();
    }
    Refusal missing = game.check("move", Args.of(Map.of()));
    assertThat(missing.code()).isEqualTo(Refusal.BAD_REQUEST);
    assertThat(missing).hasMessage("missing field dir");
    Map<String, Object> nullDir = new HashMap<>();
    nullDir.put("dir", null);
    assertThat(game.check("move", Args.of(nullDir))).hasMessage("missing field dir");
    for (Object bad : List.of("N", "north", "", " n", "x", 1, 0L, true, List.of("n"), Map.of())) {
      Refusal r = game.check("move", Args.of(Map.of("dir", bad)));
      assertThat(r).as("dir %s", bad).isNotNull();
      assertThat(r.code()).isEqualTo(Refusal.BAD_REQUEST);
      assertThat(r).hasMessage("dir must be one of n, s, e, w");
    }
    assertThat(game.check("other", Args.of(Map.of()))).as("not arena's to check").isNull();
  }

  @Test
  void theRoomRefusesABadMoveAndAnUnknownOpItself() {
    Arena arena = knownArena();
    joinAt(arena, "alice", 5, 5);
    Recorder effects = new Recorder();
    Refusal missing =
        catchThrowableOfType(
            Refusal.class,
            () -> arena.input("alice", new Input(1, "move", Args.of(Map.of())), effects));
    assertThat(missing.code()).isEqualTo(Refusal.BAD_REQUEST);
    assertThat(missing).hasMessage("missing field dir");
    Refusal bad =
        catchThrowableOfType(
            Refusal.class,
            () -> arena.input("alice", new Input(2, "move", Args.of(Map.of("dir", 3))), effects));
    assertThat(bad).hasMessage("dir must be one of n, s, e, w");
    Refusal unknown =
        catchThrowableOfType(
            Refusal.class,
            () -> arena.input("alice", new Input(3, "drop", Args.of(Map.of("col", 3))), effects));
    assertThat(unknown.code()).isEqualTo(Refusal.UNKNOWN_OP);
    assertThat(unknown).hasMessage("unknown op 'drop'");
    assertThat(step(arena).applied).as("nothing was queued").isEmpty();
    assertThat(player(arena, "alice")).isEqualTo(new PlayerView("alice", 5, 5, 0, 0));
  }

  @Test
  void throughTheKitBadMovesAndUnknownOpsAreRefused() {
    TestRoom room = kitRoom(14);
    room.join("alice");
    assertThat(refusalCode(() -> room.input("alice", "move", Map.of()))).isEqualTo("bad_request");
    assertThat(refusalCode(() -> room.input("alice", "move", Map.of("dir", "up"))))
        .isEqualTo("bad_request");
    assertThat(refusalCode(() -> room.input("alice", "fly", Map.of("dir", "n"))))
        .isEqualTo("unknown_op");
    assertThat(refusalCode(() -> room.input("alice", "rematch", Map.of()))).isEqualTo("unknown_op");
    kitMove(room, "alice", Dir.E);
  }

  @Test
  void theGameDescribesItself() {
    ArenaGame game = new ArenaGame();
    assertThat(game.id()).isEqualTo("arena").matches("[a-z0-9_-]{1,32}");
    assertThat(game.inputs()).containsExactly("move");
    Pattern move = Pattern.compile("\\{\"op\":\"(\\w+)\",\"dir\":\"(\\w)\"}");
    assertThat(game.sampleInputs()).isNotEmpty();
    for (String line : game.sampleInputs()) {
      Matcher m = move.matcher(line);
      assertThat(m.matches()).as(line).isTrue();
      assertThat(game.inputs()).contains(m.group(1));
      assertThat(game.check(m.group(1), Args.of(Map.of("dir", m.group(2))))).as(line).isNull();
    }
    assertThat(ServiceLoader.load(Game.class).stream().map(p -> p.type().getName()))
        .contains(ArenaGame.class.getName());
  }

  // ---- what members see ----

  @Test
  void theJoinedStateAndEnterFieldsAreThoseOfTheProtocol() {
    Arena arena = knownArena();
    join(arena, "alice", 3, 4, seat(2, 1));
    join(arena, "bob", 0, 0, seat(20, 20));
    String coins = "\"coins\":[[0,0],[2,0],[4,0],[6,0],[8,0],[10,0],[12,0],[14,0]]";
    String alice = "{\"name\":\"alice\",\"x\":2,\"y\":1,\"score\":3,\"steps\":4}";
    String bob = "{\"name\":\"bob\",\"x\":20,\"y\":20,\"score\":0,\"steps\":0}";

    assertThat(JsonText.fields(out -> arena.writeJoined("bob", out)))
        .isEqualTo(
            "{\"width\":32,\"height\":32,\"players\":[" + alice + "," + bob + "]," + coins + "}");
    assertThat(JsonText.fields(arena.view("bob")::write))
        .isEqualTo("{\"players\":[" + alice + "," + bob + "]," + coins + "}");
    assertThat(JsonText.fields(out -> arena.writeEnter("bob", out)))
        .isEqualTo("{\"player\":" + bob + "}");

    // as the engine frames them: PROTOCOL.md's joined and enter events
    String joined =
        "{\"ev\":\"joined\",\"room\":\"r\",\"tick\":7,"
            + JsonText.fields(out -> arena.writeJoined("bob", out)).substring(1);
    assertThat(joined)
        .startsWith("{\"ev\":\"joined\",\"room\":\"r\",\"tick\":7,\"width\":32,\"height\":32,")
        .endsWith(coins + "}");
  }

  @Test
  void theKitShowsEveryMemberTheSameState() {
    TestRoom room = kitRoom(new ArenaRules(5, 4, 3, 2, 16, 20), 15);
    String joined = room.join("alice");
    assertThat(joined).startsWith("{\"width\":5,\"height\":4,\"players\":[{\"name\":\"alice\",");
    assertThat(joined).isEqualTo("{\"width\":5,\"height\":4," + room.view("alice").substring(1));
    room.join("bob");
    assertThat(room.enter("bob")).startsWith("{\"player\":{\"name\":\"bob\",\"x\":");
    room.tick(1);
    assertThat(room.shown("alice")).hasSize(1).isEqualTo(room.shown("bob"));
    assertThat(room.shown("alice").get(0))
        .matches(
            "\\{\"players\":\\[\\{\"name\":\"alice\",\"x\":\\d,\"y\":\\d,\"score\":0,\"steps\":0},"
                + "\\{\"name\":\"bob\",\"x\":\\d,\"y\":\\d,\"score\":0,\"steps\":0}],"
                + "\"coins\":\\[\\[\\d,\\d],\\[\\d,\\d]]}");
  }

  @Test
  void oneViewInstanceServesEveryMemberUntilTheNextChange() {
    Arena arena = knownArena();
    joinAt(arena, "alice", 5, 5);
    joinAt(arena, "bob", 6, 6);
    ArenaView view = arena.view("alice");
    assertThat(arena.view("bob")).isSameAs(view);
    assertThat(arena.view("alice")).isSameAs(view);

    step(arena);
    assertThat(arena.view("bob")).as("an idle tick changes nothing").isSameAs(view);

    move(arena, "alice", Dir.E);
    assertThat(arena.view("bob")).as("a move waits for its tick").isSameAs(view);
    step(arena);
    ArenaView next = arena.view("bob");
    assertThat(next).isNotSameAs(view);
    assertThat(arena.view("alice")).isSameAs(next);

    joinAt(arena, "carol", 7, 7);
    assertThat(arena.view("carol")).isNotSameAs(next).isSameAs(arena.view("alice"));
    ArenaView withCarol = arena.view("carol");
    arena.leave("carol", new Recorder());
    assertThat(arena.view("bob")).isNotSameAs(withCarol).isSameAs(arena.view("alice"));
  }

  @Test
  void viewsAreImmutableValues() {
    Arena arena = knownArena();
    joinAt(arena, "alice", 1, 0);
    ArenaView before = arena.view("alice");
    String json = JsonText.fields(before::write);
    move(arena, "alice", Dir.E);
    step(arena);
    assertThat(before.players()).containsExactly(new PlayerView("alice", 1, 0, 0, 0));
    assertThat(before.coins()).containsExactlyElementsOf(ROW_OF_COINS);
    assertThat(JsonText.fields(before::write)).isEqualTo(json);
    assertThatThrownBy(() -> arena.view("alice").coins().add(new Cell(1, 1)))
        .isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> arena.view("alice").players().clear())
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void snapshotsAreImmutableToo() {
    Arena arena = knownArena();
    joinAt(arena, "alice", 1, 0);
    byte[] snapshot = arena.snapshot();
    byte[] copy = snapshot.clone();
    move(arena, "alice", Dir.E);
    step(arena);
    assertThat(snapshot).isEqualTo(copy);
    assertThat(arena.snapshot()).isNotEqualTo(copy);
  }

  @Test
  void aSnapshotIsWhatTheTestWritesByHand() {
    Arena arena = knownArena();
    join(arena, "alice", 3, 4, seat(2, 1));
    join(arena, "bob", 0, 0, seat(20, 20));
    assertThat(arena.snapshot())
        .isEqualTo(
            snapshot(
                ROW_OF_COINS,
                List.of(new PlayerView("alice", 2, 1, 3, 4), new PlayerView("bob", 20, 20, 0, 0))));
  }

  @Test
  void restoreGivesEveryMemberTheSameViewAndJoined() {
    ArenaRules rules = new ArenaRules(12, 10, 10, 6, 16, 20);
    TestRoom room = kitRoom(rules, 16);
    SplittableRandom random = new SplittableRandom(17);
    for (int t = 0; t < 300; t++) {
      if (t % 30 == 0 && room.members().size() < 10) {
        room.join("p" + t);
      }
      if (t % 45 == 44 && !room.members().isEmpty()) {
        room.leave(room.members().get(random.nextInt(room.members().size())));
      }
      for (String m : room.members()) {
        if (random.nextInt(3) != 0) {
          kitMove(room, m, DIRS[random.nextInt(4)]);
        }
      }
      room.tick(1);
      TestRoom back = room.restored();
      assertThat(back.tick()).isLessThanOrEqualTo(room.tick());
      assertThat(back.members()).isEqualTo(room.members());
      assertThat(back.room().snapshot()).isEqualTo(room.snapshot());
      for (String m : room.members()) {
        assertThat(back.view(m)).as("tick %d, %s", t, m).isEqualTo(room.view(m));
        assertThat(back.joined(m)).isEqualTo(room.joined(m));
        assertThat(back.enter(m)).isEqualTo(room.enter(m));
        assertThat(back.room().progress(m)).isEqualTo(room.room().progress(m));
        assertThat(back.score(m)).isEqualTo(room.score(m));
      }
      assertInvariants(rules, view(room), "tick " + t);
    }
  }

  @Test
  void aTakeoverLosesTheMovesNotYetApplied() {
    TestRoom room = kitRoom(18);
    room.join("alice");
    room.tick(1);
    PlayerView stored = player(room, "alice");
    long waiting = kitMove(room, "alice", Dir.E);
    TestRoom back = room.restored();
    assertThat(back.waiting(waiting)).isFalse();
    back.tick(5);
    assertThat(player(back, "alice")).isEqualTo(stored);
    assertThat(back.ackedAt(waiting)).isEmpty();
  }

  // ---- join and leave ----

  @Test
  void joinAtAGivenSeat() {
    Arena arena = knownArena();
    Recorder effects = join(arena, "alice", 3, 4, seat(7, 9));
    assertThat(players(arena)).containsExactly(new PlayerView("alice", 7, 9, 3, 4));
    assertThat(effects.awards).isEmpty();
  }

  @Test
  void aPlayerPutBackTakesItsSeatAgain() {
    Arena arena = knownArena();
    join(arena, "alice");
    move(arena, "alice", Dir.S);
    step(arena);
    PlayerView was = player(arena, "alice");
    Leaving leaving = arena.leave("alice", new Recorder());
    assertThat(leaving.seat()).isEqualTo(seat(was.x(), was.y()));
    arena.join(new Joining("alice", leaving.progress(), leaving.seat()), new Recorder());
    assertThat(player(arena, "alice")).isEqualTo(was);
  }

  @Test
  void playersMayShareACell() {
    Arena arena = knownArena();
    joinAt(arena, "alice", 7, 9);
    joinAt(arena, "bob", 7, 9);
    joinAt(arena, "carol", 7, 8);
    move(arena, "carol", Dir.S);
    step(arena);
    assertThat(players(arena)).extracting(PlayerView::x, PlayerView::y).containsOnly(tuple(7, 9));
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
      Arena arena = knownArena();
      join(arena, "alice", 0, 0, seat(at.x(), at.y()));
      PlayerView p = player(arena, "alice");
      assertThat(new Cell(p.x(), p.y()))
          .as("joined for %s", at)
          .isNotEqualTo(at)
          .isNotIn(ROW_OF_COINS);
      assertInvariants(arena);
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 4, 7, 9, 16})
  void aSeatThatIsNotACellIsIgnored(int length) {
    Arena arena = knownArena();
    join(arena, "alice", 0, 0, new byte[length]);
    assertInvariants(arena);
    assertThat(players(arena)).hasSize(1);
  }

  @Test
  void joinWithoutASeatLandsOnACellWithoutACoin() {
    for (long seed = 0; seed < 50; seed++) {
      TestRoom room = kitRoom(seed);
      for (int i = 0; i < 64; i++) {
        room.join("p" + i);
      }
      assertThat(view(room).players()).hasSize(64);
      assertInvariants(RULES, view(room), "seed " + seed);
    }
  }

  @Test
  void aMemberJoiningAgainIsTheEnginesToRefuse() {
    TestRoom room = kitRoom(19);
    room.join("alice");
    assertThatThrownBy(() -> room.join("alice")).isInstanceOf(IllegalStateException.class);
    assertThat(view(room).players()).hasSize(1);
  }

  @Test
  void leaveGivesTheProgressAndForgetsTheUnappliedMoves() {
    Arena arena = knownArena();
    joinAt(arena, "alice", 10, 10);
    joinAt(arena, "bob", 12, 12);
    move(arena, "alice", Dir.E);
    move(arena, "alice", Dir.E);
    move(arena, "alice", Dir.S);
    move(arena, "bob", Dir.S);
    step(arena);

    Recorder effects = new Recorder();
    Leaving leaving = arena.leave("alice", effects);

    assertThat(Arena.readProgress(leaving.progress())).containsExactly(0, 1);
    assertThat(leaving.seat()).isEqualTo(seat(11, 10));
    assertThat(effects.awards).isEmpty();
    assertThat(players(arena)).extracting(PlayerView::name).containsExactly("bob");
    assertThat(step(arena).applied).as("her moves are gone").isEmpty();

    join(arena, "alice");
    assertThat(step(arena).applied).as("also when she comes back").isEmpty();
    assertThat(player(arena, "alice").steps()).isZero();
  }

  @Test
  void leavingTheKitsRoomDropsTheWaitingMoves() {
    TestRoom room = kitRoom(20);
    room.join("alice");
    room.join("bob");
    long a1 = kitMove(room, "alice", Dir.E);
    long a2 = kitMove(room, "alice", Dir.E);
    room.tick(1);
    room.leave("alice");
    assertThat(room.ackedAt(a1)).hasValue(2);
    assertThat(room.waiting(a2)).isFalse();
    room.tick(3);
    assertThat(room.ackedAt(a2)).isEmpty();
    assertThat(room.members()).containsExactly("bob");
  }

  @Test
  void leavingARoomOneIsNotInGivesNothing() {
    Arena arena = knownArena();
    Recorder effects = new Recorder();
    Leaving leaving = arena.leave("nobody", effects);
    assertThat(Arena.readProgress(leaving.progress())).containsExactly(0, 0);
    assertThat(leaving.seat()).isNull();
    assertThat(effects.changedSomething()).isFalse();
  }

  @Test
  void aFullRoomRefusesNewPlayers() {
    TestRoom room = kitRoom(new ArenaRules(8, 8, 2, 4, 16, 20), 8);
    room.join("a");
    room.join("b");
    assertThat(refusalCode(() -> room.join("c"))).isEqualTo("room_full");
    assertThat(room.members()).containsExactly("a", "b");
    assertThat(view(room).players()).extracting(PlayerView::name).containsExactly("a", "b");
    room.leave("a");
    room.join("c");
    assertThat(room.members()).containsExactly("b", "c");
  }

  @Test
  void theDefaultRoomHolds64() {
    TestRoom room = kitRoom(9);
    for (int i = 0; i < 64; i++) {
      room.join("p" + i);
    }
    assertThat(refusalCode(() -> room.join("one-too-many"))).isEqualTo("room_full");
    assertThat(view(room).players()).hasSize(64);
  }

  @Test
  void changesAreShownOnlyAfterTheTickThatStoresThem() {
    TestRoom room = kitRoom(21);
    room.tick(1);
    assertThat(room.snapshot()).as("an empty room changes nothing").isNull();

    room.join("alice");
    room.tick(1);
    byte[] afterJoin = room.snapshot();
    assertThat(afterJoin).isNotNull();
    assertThat(room.shown("alice")).hasSize(1);
    room.tick(5);
    assertThat(room.shown("alice")).as("idle ticks").hasSize(1);

    kitMove(room, "alice", Dir.E);
    room.tick(1);
    assertThat(room.shown("alice")).as("a move").hasSize(2);

    room.join("bob");
    room.leave("bob");
    byte[] before = room.snapshot();
    room.tick(1);
    assertThat(room.shown("alice")).as("a join and a leave in one tick").hasSize(3);
    assertThat(room.snapshot()).isEqualTo(before);
  }

  // ---- rules ----

  @Test
  void defaultRules() {
    assertThat(ArenaRules.DEFAULT).isEqualTo(new ArenaRules(32, 32, 64, 8, 16, 20));
    assertThat(ArenaRules.DEFAULT.limits()).isEqualTo(new Limits(64, 16, 20));
    assertThat(ArenaRules.DEFAULT.limits().tickMillis()).isEqualTo(50);
    assertThat(ArenaRules.from(new Settings(Map.of()))).isEqualTo(ArenaRules.DEFAULT);
    assertThat(new ArenaGame().configure(new Settings(Map.of()))).isEqualTo(ArenaRules.DEFAULT);
  }

  @Test
  void rulesFromTheEnvironment() {
    ArenaRules rules =
        ArenaRules.from(
            new Settings(
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
                    "1000")));
    assertThat(rules).isEqualTo(new ArenaRules(10, 12, 5, 3, 4, 1000));
    assertThat(rules.limits()).isEqualTo(new Limits(5, 4, 1000));
    assertThat(rules.limits().tickMillis()).isEqualTo(1);
    assertThat(rules.limits().turnBased()).isFalse();
  }

  @ParameterizedTest(name = "{0}={1}")
  @CsvSource({
    "GROUNDUP_ROOM_WIDTH, 0",
    "GROUNDUP_ROOM_HEIGHT, wide",
    "GROUNDUP_ROOM_MAX_PLAYERS, 0",
    "GROUNDUP_ROOM_COINS, -1",
    "GROUNDUP_MAX_WAITING_MOVES, 0",
    "GROUNDUP_TICK_HZ, 1001",
    "GROUNDUP_TICK_HZ, 0"
  })
  void badRulesInTheEnvironmentNameTheVariable(String name, String value) {
    assertThatThrownBy(() -> new ArenaGame().configure(new Settings(Map.of(name, value))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(name);
  }

  @Test
  void tickMillis() {
    assertThat(new ArenaRules(4, 4, 1, 1, 1, 3).limits().tickMillis()).isEqualTo(333);
    assertThat(new ArenaRules(4, 4, 1, 1, 1, 1).limits().tickMillis()).isEqualTo(1000);
    assertThat(new ArenaRules(4, 4, 1, 1, 1, 999).limits().tickMillis()).isEqualTo(1);
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
    "32, 32, 64, 8, 16, 1001",
    // rooms that cannot hold their players and coins on distinct cells
    "4, 4, 10, 7, 16, 20",
    "4, 4, 17, 0, 16, 20",
    "1, 1, 1, 1, 16, 20",
    "1, 1, 1, 0, 16, 20",
    "4096, 4096, 10000, 100000000, 16, 20",
  })
  void rulesThatCannotWorkAreRefused(int w, int h, int players, int coins, int moves, int hz) {
    assertThatThrownBy(() -> new ArenaRules(w, h, players, coins, moves, hz))
        .isInstanceOf(IllegalArgumentException.class);
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
    assertThat(rules.limits().maxPlayers()).isEqualTo(players);
  }

  @Test
  void theSmallestRoomWorks() {
    // 3 cells, 1 player, 1 coin: the coin must always find the one free cell
    ArenaRules rules = new ArenaRules(3, 1, 1, 1, 16, 20);
    Arena arena = new Arena(rules, new SplittableRandom(10));
    join(arena, "alice");
    SplittableRandom moves = new SplittableRandom(11);
    for (int t = 0; t < 500; t++) {
      move(arena, "alice", moves.nextBoolean() ? Dir.E : Dir.W);
      step(arena);
      assertInvariants(rules, arena.view("alice"), "tick " + t);
    }
    assertThat(player(arena, "alice").steps()).isEqualTo(500);
    assertThat(player(arena, "alice").score()).isPositive();
  }
}
