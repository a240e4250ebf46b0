package dev.groundup.games.arena;

import dev.groundup.game.Effects;
import dev.groundup.game.Input;
import dev.groundup.game.Joining;
import dev.groundup.game.JsonOut;
import dev.groundup.game.Leaving;
import dev.groundup.game.Refusal;
import dev.groundup.game.Room;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.random.RandomGenerator;

/**
 * One room of arena: a grid, coins and players, advanced one tick at a time.
 *
 * <p>Rules: at each tick every player (in the order they entered) gets at most one waiting move
 * applied; a move into a wall still counts as a step and leaves the player in place; stepping onto
 * a coin collects it (score + 1, and a point on the leaderboard) and a new coin appears on a free
 * cell (no coin, no player), so the number of coins never changes. Players may share a cell. A
 * player's progress — its score and steps — goes with it from room to room.
 */
final class Arena implements Room {

  private static final int SNAPSHOT_VERSION = 1;
  private static final int PROGRESS_VERSION = 1;

  private record Move(Dir dir, long seq) {}

  private static final class Avatar {
    final String name;
    int x;
    int y;
    long score;
    long steps;
    final ArrayDeque<Move> moves = new ArrayDeque<>(4);

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
  private final Map<String, Avatar> avatars = new LinkedHashMap<>();
  private final List<Cell> coins = new ArrayList<>();
  private final Set<Cell> coinCells = new HashSet<>();

  /** What every member sees now; made on first use after a change. */
  private ArenaView view;

  /** A new room with its coins placed. */
  Arena(ArenaRules rules, RandomGenerator random) {
    this(rules, random, List.of());
    topUpCoins();
  }

  /**
   * A room with the given coins (trimmed to the rules' count, those outside the grid or on a cell
   * twice dropped); {@link #topUpCoins()} adds the missing ones.
   */
  private Arena(ArenaRules rules, RandomGenerator random, List<Cell> coins) {
    this.rules = rules;
    this.random = random;
    for (Cell c : coins) {
      if (this.coins.size() < rules.coins() && inside(c.x(), c.y()) && coinCells.add(c)) {
        this.coins.add(c);
      }
    }
  }

  /** New coins on free cells (no coin, no player) until there are as many as the rules say. */
  private void topUpCoins() {
    while (coins.size() < rules.coins()) {
      spawnCoin();
    }
  }

  /**
   * A room as {@link #snapshot()} wrote it; a player outside this node's grid gets a random cell.
   */
  static Arena restore(ArenaRules rules, RandomGenerator random, byte[] snapshot) {
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(snapshot))) {
      int version = in.readUnsignedByte();
      if (version != SNAPSHOT_VERSION) {
        throw new IllegalArgumentException("unknown arena snapshot version " + version);
      }
      int n = in.readInt();
      if (n < 0 || n > in.available() / 8) {
        throw new IllegalArgumentException("arena snapshot with " + n + " coins is cut short");
      }
      List<Cell> coins = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        coins.add(new Cell(in.readInt(), in.readInt()));
      }
      Arena arena = new Arena(rules, random, coins);
      int m = in.readInt();
      for (int i = 0; i < m; i++) {
        String name = in.readUTF();
        Cell at = new Cell(in.readInt(), in.readInt());
        arena.place(name, in.readLong(), in.readLong(), at);
      }
      // after the players are back: a coin added now never lands under one (which would move it)
      arena.topUpCoins();
      return arena;
    } catch (IOException e) {
      throw new IllegalArgumentException("unreadable arena snapshot: " + e.getMessage(), e);
    }
  }

  @Override
  public void join(Joining player, Effects effects) {
    long[] progress = readProgress(player.progress());
    Cell at = player.seat() == null ? null : readSeat(player.seat());
    place(player.name(), progress[0], progress[1], at);
  }

  /**
   * Puts a player at {@code at} (if inside the grid and without a coin) or on a random cell without
   * a coin.
   */
  private void place(String name, long score, long steps, Cell at) {
    Cell cell =
        at != null && inside(at.x(), at.y()) && !coinCells.contains(at) ? at : randomCell(false);
    avatars.put(name, new Avatar(name, cell.x(), cell.y(), score, steps));
    view = null;
  }

  @Override
  public Leaving leave(String player, Effects effects) {
    Avatar avatar = avatars.remove(player);
    if (avatar == null) {
      return new Leaving(progress(0, 0), null);
    }
    view = null;
    return new Leaving(progress(avatar.score, avatar.steps), seat(avatar.x, avatar.y));
  }

  @Override
  public void input(String player, Input input, Effects effects) {
    if (!input.op().equals("move")) {
      throw Refusal.unknownOp(input.op());
    }
    ArenaGame.DirOrRefusal dir = ArenaGame.dir(input.args());
    if (dir.refusal() != null) {
      throw dir.refusal();
    }
    Avatar avatar = avatars.get(player);
    if (avatar == null) {
      throw new Refusal("not_in_room", "not in the room");
    }
    avatar.moves.add(new Move(dir.dir(), input.seq()));
  }

  @Override
  public void tick(long tick, Effects effects) {
    for (Avatar avatar : avatars.values()) {
      Move move = avatar.moves.poll();
      if (move != null) {
        apply(avatar, move.dir(), effects);
        effects.applied(move.seq());
        view = null;
      }
    }
  }

  private void apply(Avatar avatar, Dir dir, Effects effects) {
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
      effects.award(avatar.name, 1);
      spawnCoin();
    }
  }

  @Override
  public byte[] progress(String player) {
    Avatar avatar = avatars.get(player);
    return avatar == null ? progress(0, 0) : progress(avatar.score, avatar.steps);
  }

  @Override
  public byte[] snapshot() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(64 + avatars.size() * 40);
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeByte(SNAPSHOT_VERSION);
      out.writeInt(coins.size());
      for (Cell c : coins) {
        out.writeInt(c.x());
        out.writeInt(c.y());
      }
      out.writeInt(avatars.size());
      for (Avatar a : avatars.values()) {
        out.writeUTF(a.name);
        out.writeInt(a.x);
        out.writeInt(a.y);
        out.writeLong(a.score);
        out.writeLong(a.steps);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  @Override
  public void writeJoined(String viewer, JsonOut out) {
    out.field("width", rules.width()).field("height", rules.height());
    view(viewer).write(out);
  }

  @Override
  public void writeEnter(String player, JsonOut out) {
    Avatar avatar = avatars.get(player);
    out.name("player");
    ArenaView.writePlayer(out, avatar.view());
  }

  @Override
  public ArenaView view(String viewer) {
    if (view == null) {
      List<PlayerView> players = new ArrayList<>(avatars.size());
      for (Avatar a : avatars.values()) {
        players.add(a.view());
      }
      view = new ArenaView(players, List.copyOf(coins));
    }
    return view;
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
    for (Avatar a : avatars.values()) {
      cells.add(new Cell(a.x, a.y));
    }
    return cells;
  }

  /** A player's progress in arena: its score (coins collected) and steps, since it was created. */
  static byte[] progress(long score, long steps) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(17);
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeByte(PROGRESS_VERSION);
      out.writeLong(score);
      out.writeLong(steps);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  /** {@code [score, steps]}; a player new to arena (empty progress) has none of either. */
  static long[] readProgress(byte[] progress) {
    if (progress == null || progress.length == 0) {
      return new long[] {0, 0};
    }
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(progress))) {
      int version = in.readUnsignedByte();
      if (version != PROGRESS_VERSION) {
        throw new IllegalArgumentException("unknown arena progress version " + version);
      }
      return new long[] {in.readLong(), in.readLong()};
    } catch (IOException e) {
      throw new IllegalArgumentException("unreadable arena progress: " + e.getMessage(), e);
    }
  }

  private static byte[] seat(int x, int y) {
    return new byte[] {
      (byte) (x >>> 24), (byte) (x >>> 16), (byte) (x >>> 8), (byte) x,
      (byte) (y >>> 24), (byte) (y >>> 16), (byte) (y >>> 8), (byte) y
    };
  }

  private static Cell readSeat(byte[] seat) {
    if (seat.length != 8) {
      return null;
    }
    int x =
        ((seat[0] & 0xff) << 24)
            | ((seat[1] & 0xff) << 16)
            | ((seat[2] & 0xff) << 8)
            | (seat[3] & 0xff);
    int y =
        ((seat[4] & 0xff) << 24)
            | ((seat[5] & 0xff) << 16)
            | ((seat[6] & 0xff) << 8)
            | (seat[7] & 0xff);
    return new Cell(x, y);
  }
}
