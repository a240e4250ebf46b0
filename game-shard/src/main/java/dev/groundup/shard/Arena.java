package dev.groundup.shard;

import dev.groundup.common.protocol.Cell;
import dev.groundup.common.protocol.Dir;
import dev.groundup.common.protocol.PlayerView;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.random.RandomGenerator;

/**
 * The built-in game, one room of it: a grid, coins and players, advanced one tick at a time. Pure
 * logic with no Vert.x and no clock: the room's host calls {@link #step()} from its timer.
 *
 * <p>Rules: at each tick every player (in the order they entered) gets at most one waiting move
 * applied; a move into a wall still counts as a step and leaves the player in place; stepping onto
 * a coin collects it (score + 1) and a new coin appears on a free cell (no coin, no player), so the
 * number of coins never changes. Players may share a cell. Ticks count up from 1 and never go back.
 *
 * @param <T> what the host attaches to a queued move to answer it once applied (the pending
 *     request)
 */
public final class Arena<T> {

  /** A tick's outcome: its number, whether anything changed, and the moves it applied. */
  public record Step<T>(long tick, boolean changed, List<T> applied) {}

  /** A player taken out: how it was when it left, and its moves that never got applied. */
  public record Removed<T>(PlayerView player, List<T> unapplied) {}

  private record Pending<T>(Dir dir, T ticket) {}

  private static final class Avatar<T> {
    final String name;
    int x;
    int y;
    long score;
    long steps;
    final ArrayDeque<Pending<T>> moves = new ArrayDeque<>(4);

    Avatar(String name, int x, int y, long score, long steps) {
      this.name = name;
      this.x = x;
      this.y = y;
      this.score = score;
      this.steps = steps;
    }

    PlayerView view() {
      return new PlayerView(name, x, y, score, steps);
    }
  }

  private final ArenaRules rules;
  private final RandomGenerator random;
  private final Map<String, Avatar<T>> avatars = new LinkedHashMap<>();
  private final List<Cell> coins = new ArrayList<>();
  private final Set<Cell> coinCells = new HashSet<>();
  private long tick;
  private boolean changed;

  /** A new room at tick 0 (its first tick is 1) with its coins placed. */
  public Arena(ArenaRules rules, RandomGenerator random) {
    this(rules, random, 0, List.of());
  }

  /**
   * A room resumed at {@code tick} with the given coins (topped up or trimmed to the rules' count).
   */
  public Arena(ArenaRules rules, RandomGenerator random, long tick, List<Cell> coins) {
    this.rules = rules;
    this.random = random;
    this.tick = tick;
    for (Cell c : coins) {
      if (this.coins.size() < rules.coins() && inside(c.x(), c.y()) && coinCells.add(c)) {
        this.coins.add(c);
      }
    }
    while (this.coins.size() < rules.coins()) {
      spawnCoin();
    }
  }

  public ArenaRules rules() {
    return rules;
  }

  public long tick() {
    return tick;
  }

  public int size() {
    return avatars.size();
  }

  public boolean isEmpty() {
    return avatars.isEmpty();
  }

  public boolean isFull() {
    return avatars.size() >= rules.maxPlayers();
  }

  public boolean contains(String name) {
    return avatars.containsKey(name);
  }

  /**
   * Puts a player in the room at {@code at} (if inside the grid) or on a random cell without a
   * coin. The caller checks {@link #isFull()} first.
   */
  public PlayerView join(String name, long score, long steps, Cell at) {
    Avatar<T> existing = avatars.get(name);
    if (existing != null) {
      return existing.view();
    }
    if (isFull()) {
      throw new IllegalStateException("room is full");
    }
    Cell cell =
        at != null && inside(at.x(), at.y()) && !coinCells.contains(at) ? at : randomCell(false);
    Avatar<T> avatar = new Avatar<>(name, cell.x(), cell.y(), score, steps);
    avatars.put(name, avatar);
    changed = true;
    return avatar.view();
  }

  /** Takes a player out; null if it was not in the room. */
  public Removed<T> leave(String name) {
    Avatar<T> avatar = avatars.remove(name);
    if (avatar == null) {
      return null;
    }
    changed = true;
    List<T> unapplied = avatar.moves.stream().map(Pending::ticket).toList();
    return new Removed<>(avatar.view(), unapplied);
  }

  /** Queues a move; false when the player already has the maximum waiting (or is not here). */
  public boolean enqueue(String name, Dir dir, T ticket) {
    Avatar<T> avatar = avatars.get(name);
    if (avatar == null || avatar.moves.size() >= rules.maxWaitingMoves()) {
      return false;
    }
    avatar.moves.add(new Pending<>(dir, ticket));
    return true;
  }

  /** Whether any player has a move waiting for a tick. */
  public boolean hasWaitingMoves() {
    for (Avatar<T> avatar : avatars.values()) {
      if (!avatar.moves.isEmpty()) {
        return true;
      }
    }
    return false;
  }

  /** Advances one tick. */
  public Step<T> step() {
    tick++;
    List<T> applied = new ArrayList<>();
    for (Avatar<T> avatar : avatars.values()) {
      Pending<T> move = avatar.moves.poll();
      if (move == null) {
        continue;
      }
      apply(avatar, move.dir());
      applied.add(move.ticket());
    }
    boolean didChange = changed || !applied.isEmpty();
    changed = false;
    return new Step<>(tick, didChange, applied);
  }

  private void apply(Avatar<T> avatar, Dir dir) {
    int nx = avatar.x + dir.dx();
    int ny = avatar.y + dir.dy();
    if (inside(nx, ny)) {
      avatar.x = nx;
      avatar.y = ny;
    }
    avatar.steps++;
    Cell here = new Cell(avatar.x, avatar.y);
    if (coinCells.remove(here)) {
      coins.remove(here);
      avatar.score++;
      spawnCoin();
    }
  }

  public List<PlayerView> players() {
    List<PlayerView> views = new ArrayList<>(avatars.size());
    for (Avatar<T> a : avatars.values()) {
      views.add(a.view());
    }
    return views;
  }

  public List<Cell> coins() {
    return List.copyOf(coins);
  }

  private boolean inside(int x, int y) {
    return x >= 0 && y >= 0 && x < rules.width() && y < rules.height();
  }

  private void spawnCoin() {
    Cell cell = randomCell(true);
    coins.add(cell);
    coinCells.add(cell);
  }

  /** A random cell without a coin and, if {@code noPlayer}, without a player. */
  private Cell randomCell(boolean noPlayer) {
    Set<Cell> occupied = noPlayer ? playerCells() : Set.of();
    for (int attempt = 0; attempt < 64; attempt++) {
      Cell c = new Cell(random.nextInt(rules.width()), random.nextInt(rules.height()));
      if (!coinCells.contains(c) && !occupied.contains(c)) {
        return c;
      }
    }
    // a crowded grid: take the first free cell from a random starting point
    int cells = rules.width() * rules.height();
    int start = random.nextInt(cells);
    for (int i = 0; i < cells; i++) {
      int k = (start + i) % cells;
      Cell c = new Cell(k % rules.width(), k / rules.width());
      if (!coinCells.contains(c) && !occupied.contains(c)) {
        return c;
      }
    }
    throw new IllegalStateException("no free cell");
  }

  private Set<Cell> playerCells() {
    Set<Cell> cells = new HashSet<>();
    for (Avatar<T> a : avatars.values()) {
      cells.add(new Cell(a.x, a.y));
    }
    return cells;
  }
}
