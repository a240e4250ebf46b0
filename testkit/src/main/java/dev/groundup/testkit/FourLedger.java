package dev.groundup.testkit;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The durability checker of one round of connect four: the drops two players made, in order, each
 * with the tick it was acknowledged at, checked against every view of the room the server showed
 * them ({@code state} and {@code joined}). Pure: no connection, no clock; {@link FourPlayers} feeds
 * it.
 *
 * <p>What it holds the server to, for each view at tick T of the round:
 *
 * <ul>
 *   <li><b>nothing acknowledged is lost</b>: every drop acknowledged at a tick up to T is on the
 *       board;
 *   <li><b>in order</b>: a board with k discs is exactly the board after the first k drops made,
 *       each disc where its drop landed — so no drop is missing, moved, swapped or applied twice;
 *   <li><b>the right turn</b>: the player to move (and the winner, once four are in a row) is the
 *       one after those k drops;
 *   <li>the round is the one being played, and each player's ticks never go back.
 * </ul>
 *
 * A view may show more drops than were acknowledged by its tick: a drop whose answer was lost (its
 * shard node died before the ack went out) may have been applied. The players resolve such a drop
 * before the next ({@link FourPlayers#drop}), so once they stop, {@link #checkShows} holds the
 * room's current view to every drop made.
 */
public final class FourLedger {

  public static final int COLUMNS = 7;
  public static final int ROWS = 6;

  /** The tick of a drop that was applied without an ack of its own (see {@link #applied}). */
  public static final long NO_ACK = 0;

  private static final char EMPTY = '.';
  private static final int[][] DIRECTIONS = {{1, 0}, {0, 1}, {1, 1}, {1, -1}};

  /**
   * A drop the players made: who dropped into which column, and the tick of its ack ({@link
   * #NO_ACK} if it was applied without one).
   */
  public record Drop(String player, int col, long ackTick) {
    @Override
    public String toString() {
      return player + " col " + col + (ackTick == NO_ACK ? " (applied, no ack)" : " @" + ackTick);
    }
  }

  /**
   * A view of the room as the server showed it to {@code viewer} at {@code tick}: its round, its
   * board (6 rows of 7, top first), the player to move (null when none) and the winner (null when
   * none).
   */
  public record View(
      String viewer, long tick, int round, List<String> board, String turn, String winner) {
    public View {
      board = List.copyOf(board);
    }
  }

  private final Map<String, Character> discs;
  private final String starter;
  private final int round;
  private final long startTick;
  private final List<Drop> drops = new ArrayList<>();

  /**
   * The round {@code round} that started at {@code startTick} between the players of {@code discs}
   * (name to {@code 'x'} or {@code 'o'}), {@code starter} to move first.
   */
  public FourLedger(Map<String, Character> discs, String starter, int round, long startTick) {
    if (discs.size() != 2 || !discs.containsKey(starter)) {
      throw new IllegalArgumentException("two players, the starter one of them: " + discs);
    }
    this.discs = Map.copyOf(discs);
    this.starter = starter;
    this.round = round;
    this.startTick = startTick;
  }

  public int round() {
    return round;
  }

  public long startTick() {
    return startTick;
  }

  public synchronized List<Drop> drops() {
    return List.copyOf(drops);
  }

  /** The player to move after every drop made, or null once the round is over. */
  public synchronized String toMove() {
    return replay(drops.size()).turn;
  }

  /** The board after every drop made. */
  public synchronized List<String> board() {
    return replay(drops.size()).rows();
  }

  /** The winner after every drop made, or null. */
  public synchronized String winner() {
    return replay(drops.size()).winner;
  }

  /** {@code player}'s drop into {@code col} was acknowledged at {@code tick}. */
  public synchronized void acked(String player, int col, long tick) {
    if (tick <= NO_ACK) {
      throw new IllegalArgumentException("an ack's tick is at least 1: " + tick);
    }
    add(new Drop(player, col, tick));
  }

  /**
   * {@code player}'s drop into {@code col} was applied without an ack of its own: its answer was
   * lost ({@code unavailable}) and the same drop sent again was refused because it was no longer
   * that player's turn.
   */
  public synchronized void applied(String player, int col) {
    add(new Drop(player, col, NO_ACK));
  }

  private void add(Drop drop) {
    Board now = replay(drops.size());
    if (!drop.player().equals(now.turn)) {
      throw new IllegalArgumentException(
          drop + ": it is " + (now.turn == null ? "nobody" : now.turn) + "'s turn");
    }
    if (drop.col() < 0 || drop.col() >= COLUMNS || now.cells[0][drop.col()] != EMPTY) {
      throw new IllegalArgumentException(drop + ": no room in that column");
    }
    drops.add(drop);
  }

  /**
   * Every way {@code views} (in the order each viewer got them) break the promise: see the class
   * comment. Also: the acks of the drops made come in increasing ticks. Views from before the round
   * started are not looked at.
   */
  public synchronized List<String> check(List<View> views) {
    List<String> found = new ArrayList<>();
    long lastAck = 0;
    for (int i = 0; i < drops.size(); i++) {
      Drop d = drops.get(i);
      if (d.ackTick() != NO_ACK) {
        if (d.ackTick() <= lastAck) {
          found.add(
              "drop "
                  + (i + 1)
                  + " ("
                  + d
                  + ") was acknowledged at a tick not after the one before");
        }
        lastAck = d.ackTick();
      }
    }
    Map<String, Long> lastTick = new HashMap<>();
    for (View v : views) {
      Long before = lastTick.put(v.viewer(), v.tick());
      if (before != null && v.tick() < before) {
        found.add(v.viewer() + "'s view went back from tick " + before + " to " + v.tick());
      }
      if (v.tick() >= startTick) {
        found.addAll(checkView(v));
      }
    }
    return found;
  }

  /**
   * What is wrong with {@code current}, the room's view once no drop is in flight: it must show
   * every drop made, with the turn after the last (and {@link #check} must hold for it too).
   */
  public synchronized List<String> checkShows(View current) {
    List<String> found = new ArrayList<>(checkView(current));
    int shown = discs(current.board());
    if (shown < drops.size()) {
      found.add(
          what(current)
              + " shows "
              + shown
              + " of the "
              + drops.size()
              + " drops made: lost "
              + drops.subList(shown, drops.size()));
    }
    return found;
  }

  private List<String> checkView(View v) {
    List<String> found = new ArrayList<>();
    if (v.round() != round) {
      found.add(what(v) + " is of round " + v.round() + ", not of round " + round);
      return found;
    }
    if (!wellFormed(v.board())) {
      found.add(what(v) + " has no board of " + ROWS + " rows of " + COLUMNS + ": " + v.board());
      return found;
    }
    int k = discs(v.board());
    int acked = 0;
    for (int i = 0; i < drops.size(); i++) {
      long t = drops.get(i).ackTick();
      if (t != NO_ACK && t <= v.tick()) {
        acked = i + 1;
      }
    }
    if (k < acked) {
      found.add(
          what(v)
              + " shows "
              + k
              + " discs, but "
              + acked
              + " drops were acknowledged by then: lost "
              + drops.subList(k, acked));
    }
    if (k > drops.size()) {
      found.add(what(v) + " shows " + k + " discs, but only " + drops.size() + " drops were made");
      return found;
    }
    Board expected = replay(k);
    if (!expected.rows().equals(v.board())) {
      found.add(
          what(v)
              + " is not the board of the first "
              + k
              + " drops in order"
              + misplaced(expected, v.board(), k)
              + ": expected "
              + expected.rows()
              + ", shown "
              + v.board());
      return found;
    }
    if (!Objects.equals(expected.turn, v.turn())) {
      found.add(
          what(v)
              + " has "
              + v.turn()
              + " to move, but after "
              + k
              + " drops it is "
              + expected.turn);
    }
    if (!Objects.equals(expected.winner, v.winner())) {
      found.add(
          what(v)
              + " names the winner "
              + v.winner()
              + ", but after "
              + k
              + " drops it is "
              + expected.winner);
    }
    return found;
  }

  /** The first of the first {@code k} drops that is not where it landed, for a message. */
  private String misplaced(Board expected, List<String> shown, int k) {
    Board walk = new Board();
    for (int i = 0; i < k; i++) {
      Drop d = drops.get(i);
      int row = walk.drop(d.col(), discs.get(d.player()));
      if (shown.get(row).charAt(d.col()) != expected.cells[row][d.col()]) {
        return " (drop "
            + (i + 1)
            + ", "
            + d
            + ", is not at column "
            + d.col()
            + " row "
            + row
            + ")";
      }
    }
    return "";
  }

  private static boolean wellFormed(List<String> board) {
    if (board.size() != ROWS) {
      return false;
    }
    for (String row : board) {
      if (row == null || row.length() != COLUMNS) {
        return false;
      }
    }
    return true;
  }

  private static int discs(List<String> board) {
    int n = 0;
    for (String row : board) {
      for (int c = 0; c < row.length(); c++) {
        if (row.charAt(c) != EMPTY) {
          n++;
        }
      }
    }
    return n;
  }

  private String what(View v) {
    return v.viewer() + "'s view at tick " + v.tick();
  }

  /** The board, the player to move and the winner after the first {@code k} drops. */
  private Board replay(int k) {
    Board board = new Board();
    board.turn = starter;
    for (int i = 0; i < k; i++) {
      Drop d = drops.get(i);
      int row = board.drop(d.col(), discs.get(d.player()));
      if (board.wins(row, d.col())) {
        board.winner = d.player();
        board.turn = null;
      } else if (board.full()) {
        board.turn = null;
      } else {
        board.turn = other(d.player());
      }
    }
    return board;
  }

  private String other(String player) {
    for (String name : discs.keySet()) {
      if (!name.equals(player)) {
        return name;
      }
    }
    throw new IllegalStateException("no other player than " + player);
  }

  /** A board being replayed. */
  private static final class Board {
    final char[][] cells = new char[ROWS][COLUMNS];
    String turn;
    String winner;

    Board() {
      for (char[] row : cells) {
        Arrays.fill(row, EMPTY);
      }
    }

    /** Drops {@code disc} into {@code col}; gives the row it lands in. */
    int drop(int col, char disc) {
      int row = ROWS - 1;
      while (row >= 0 && cells[row][col] != EMPTY) {
        row--;
      }
      if (row < 0) {
        throw new IllegalStateException("column " + col + " is full");
      }
      cells[row][col] = disc;
      return row;
    }

    boolean wins(int row, int col) {
      char disc = cells[row][col];
      for (int[] d : DIRECTIONS) {
        int n = 1;
        for (int sign = -1; sign <= 1; sign += 2) {
          int r = row + sign * d[1];
          int c = col + sign * d[0];
          while (r >= 0 && r < ROWS && c >= 0 && c < COLUMNS && cells[r][c] == disc) {
            n++;
            r += sign * d[1];
            c += sign * d[0];
          }
        }
        if (n >= 4) {
          return true;
        }
      }
      return false;
    }

    boolean full() {
      for (char cell : cells[0]) {
        if (cell == EMPTY) {
          return false;
        }
      }
      return true;
    }

    List<String> rows() {
      List<String> rows = new ArrayList<>(ROWS);
      for (char[] row : cells) {
        rows.add(new String(row));
      }
      return rows;
    }
  }
}
