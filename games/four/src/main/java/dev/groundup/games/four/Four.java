package dev.groundup.games.four;

import static dev.groundup.games.four.FourGame.COLUMNS;
import static dev.groundup.games.four.FourGame.ROWS;

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
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One room of connect four: two seats ({@code x}, the first to sit down, and {@code o}), a board,
 * and the round being played.
 *
 * <p>A round starts when the second player sits down (or, after a round is over, on a {@code
 * rematch} from either player); the players take turns, the one who did not start the last round
 * starting the next. Four discs in a row win; a full board is a draw; a player who leaves during a
 * round forfeits it to the other. After a round the board stays as it ended, with its result, until
 * the next round starts. A player's progress — wins, losses and draws — goes with it from room to
 * room; each win is also a point on the leaderboard.
 */
final class Four implements Room {

  private static final int SNAPSHOT_VERSION = 1;
  private static final int PROGRESS_VERSION = 1;
  private static final char EMPTY = '.';
  private static final char[] DISCS = {'x', 'o'};
  private static final int[][] DIRECTIONS = {{1, 0}, {0, 1}, {1, 1}, {1, -1}};

  private static final class Seat {
    final String name;
    long wins;
    long losses;
    long draws;

    Seat(String name, long wins, long losses, long draws) {
      this.name = name;
      this.wins = wins;
      this.losses = losses;
      this.draws = draws;
    }
  }

  /** How the last round ended. */
  enum Outcome {
    WIN,
    FORFEIT,
    DRAW
  }

  /**
   * The last round's result: its winner and, for a win, the winning line ({@code [col, row]} pairs,
   * row 0 on top) or, for a forfeit, the player who left.
   */
  record Result(Outcome outcome, String winner, String forfeit, List<int[]> line) {}

  private final Seat[] seats = new Seat[2];
  private final char[][] board = new char[ROWS][COLUMNS];
  private int round;

  /** The seat whose turn it is; -1 while no round is being played. */
  private int turn = -1;

  /** The seat that started the current or last round; -1 before the first. */
  private int starter = -1;

  private Result result;
  private FourView view;

  Four() {
    for (char[] row : board) {
      Arrays.fill(row, EMPTY);
    }
  }

  @Override
  public void join(Joining player, Effects effects) {
    int seat = seats[0] == null ? 0 : 1;
    long[] p = readProgress(player.progress());
    seats[seat] = new Seat(player.name(), p[0], p[1], p[2]);
    if (seats[0] != null && seats[1] != null) {
      startRound();
    }
    view = null;
  }

  @Override
  public Leaving leave(String player, Effects effects) {
    int seat = seatOf(player);
    if (seat < 0) {
      return new Leaving(progress(0, 0, 0), null);
    }
    Seat leaving = seats[seat];
    if (turn >= 0) {
      Seat other = seats[1 - seat];
      other.wins++;
      leaving.losses++;
      effects.award(other.name, 1);
      result = new Result(Outcome.FORFEIT, other.name, leaving.name, List.of());
      turn = -1;
    }
    seats[seat] = null;
    view = null;
    return new Leaving(progress(leaving.wins, leaving.losses, leaving.draws), null);
  }

  @Override
  public void input(String player, Input input, Effects effects) {
    int seat = seatOf(player);
    switch (input.op()) {
      case "drop" -> drop(seat, input, effects);
      case "rematch" -> rematch(input, effects);
      default -> throw Refusal.unknownOp(input.op());
    }
  }

  private void drop(int seat, Input input, Effects effects) {
    if (turn < 0) {
      throw seated() < 2
          ? new Refusal("waiting_for_player", "waiting for a second player")
          : new Refusal("game_over", "the round is over: send rematch to play another");
    }
    if (turn != seat) {
      throw new Refusal("not_your_turn", "it is " + seats[turn].name + "'s turn");
    }
    int col = FourGame.column(input.args());
    if (col < 0) {
      throw FourGame.badColumn(input.args());
    }
    int row = ROWS - 1;
    while (row >= 0 && board[row][col] != EMPTY) {
      row--;
    }
    if (row < 0) {
      throw new Refusal("column_full", "column " + col + " is full");
    }
    board[row][col] = DISCS[seat];
    effects.applied(input.seq());
    view = null;
    List<int[]> line = lineThrough(row, col);
    if (line != null) {
      Seat winner = seats[seat];
      Seat loser = seats[1 - seat];
      winner.wins++;
      loser.losses++;
      effects.award(winner.name, 1);
      result = new Result(Outcome.WIN, winner.name, null, line);
      turn = -1;
    } else if (full()) {
      seats[0].draws++;
      seats[1].draws++;
      result = new Result(Outcome.DRAW, null, null, List.of());
      turn = -1;
    } else {
      turn = 1 - seat;
    }
  }

  private void rematch(Input input, Effects effects) {
    if (turn >= 0) {
      throw new Refusal("round_in_progress", "a round is being played");
    }
    if (seated() < 2) {
      throw new Refusal("waiting_for_player", "waiting for a second player");
    }
    startRound();
    effects.applied(input.seq());
    view = null;
  }

  /** A fresh board; the seat that did not start the last round starts. */
  private void startRound() {
    for (char[] row : board) {
      Arrays.fill(row, EMPTY);
    }
    round++;
    starter = starter < 0 ? 0 : 1 - starter;
    turn = starter;
    result = null;
  }

  /**
   * The run of at least four discs through {@code (row, col)} that the disc there completes, or
   * null.
   */
  private List<int[]> lineThrough(int row, int col) {
    char disc = board[row][col];
    for (int[] d : DIRECTIONS) {
      List<int[]> line = new ArrayList<>();
      int r = row;
      int c = col;
      while (inside(r - d[1], c - d[0]) && board[r - d[1]][c - d[0]] == disc) {
        r -= d[1];
        c -= d[0];
      }
      while (inside(r, c) && board[r][c] == disc) {
        line.add(new int[] {c, r});
        r += d[1];
        c += d[0];
      }
      if (line.size() >= 4) {
        return line;
      }
    }
    return null;
  }

  private static boolean inside(int row, int col) {
    return row >= 0 && row < ROWS && col >= 0 && col < COLUMNS;
  }

  private boolean full() {
    for (char cell : board[0]) {
      if (cell == EMPTY) {
        return false;
      }
    }
    return true;
  }

  private int seated() {
    return (seats[0] == null ? 0 : 1) + (seats[1] == null ? 0 : 1);
  }

  private int seatOf(String player) {
    for (int i = 0; i < seats.length; i++) {
      if (seats[i] != null && seats[i].name.equals(player)) {
        return i;
      }
    }
    return -1;
  }

  @Override
  public byte[] progress(String player) {
    int seat = seatOf(player);
    if (seat < 0) {
      return progress(0, 0, 0);
    }
    Seat s = seats[seat];
    return progress(s.wins, s.losses, s.draws);
  }

  @Override
  public void writeJoined(String viewer, JsonOut out) {
    out.field("game", FourGame.ID).field("columns", COLUMNS).field("rows", ROWS);
    view(viewer).write(out);
  }

  @Override
  public void writeEnter(String player, JsonOut out) {
    int seat = seatOf(player);
    out.name("player");
    FourView.writePlayer(out, player(seat));
  }

  @Override
  public FourView view(String viewer) {
    if (view == null) {
      List<FourView.Player> players = new ArrayList<>(2);
      for (int i = 0; i < seats.length; i++) {
        if (seats[i] != null) {
          players.add(player(i));
        }
      }
      List<String> rows = new ArrayList<>(ROWS);
      for (char[] row : board) {
        rows.add(new String(row));
      }
      view = new FourView(players, rows, turn < 0 ? null : seats[turn].name, round, result);
    }
    return view;
  }

  private FourView.Player player(int seat) {
    Seat s = seats[seat];
    return new FourView.Player(s.name, String.valueOf(DISCS[seat]), s.wins, s.losses, s.draws);
  }

  @Override
  public byte[] snapshot() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(128);
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeByte(SNAPSHOT_VERSION);
      out.writeInt(round);
      out.writeByte(turn);
      out.writeByte(starter);
      for (char[] row : board) {
        for (char cell : row) {
          out.writeByte(cell);
        }
      }
      for (Seat s : seats) {
        out.writeBoolean(s != null);
        if (s != null) {
          out.writeUTF(s.name);
          out.writeLong(s.wins);
          out.writeLong(s.losses);
          out.writeLong(s.draws);
        }
      }
      out.writeByte(result == null ? -1 : result.outcome().ordinal());
      if (result != null) {
        out.writeUTF(result.winner() == null ? "" : result.winner());
        out.writeUTF(result.forfeit() == null ? "" : result.forfeit());
        out.writeByte(result.line().size());
        for (int[] cell : result.line()) {
          out.writeByte(cell[0]);
          out.writeByte(cell[1]);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  static Four restore(byte[] snapshot) {
    Four four = new Four();
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(snapshot))) {
      int version = in.readUnsignedByte();
      if (version != SNAPSHOT_VERSION) {
        throw new IllegalArgumentException("unknown four snapshot version " + version);
      }
      four.round = in.readInt();
      four.turn = in.readByte();
      four.starter = in.readByte();
      for (char[] row : four.board) {
        for (int c = 0; c < COLUMNS; c++) {
          row[c] = (char) in.readUnsignedByte();
        }
      }
      for (int i = 0; i < four.seats.length; i++) {
        if (in.readBoolean()) {
          four.seats[i] = new Seat(in.readUTF(), in.readLong(), in.readLong(), in.readLong());
        }
      }
      int outcome = in.readByte();
      if (outcome >= 0) {
        String winner = in.readUTF();
        String forfeit = in.readUTF();
        int n = in.readUnsignedByte();
        List<int[]> line = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
          line.add(new int[] {in.readUnsignedByte(), in.readUnsignedByte()});
        }
        four.result =
            new Result(
                Outcome.values()[outcome],
                winner.isEmpty() ? null : winner,
                forfeit.isEmpty() ? null : forfeit,
                List.copyOf(line));
      }
    } catch (IOException | IndexOutOfBoundsException e) {
      throw new IllegalArgumentException("unreadable four snapshot: " + e.getMessage(), e);
    }
    return four;
  }

  static byte[] progress(long wins, long losses, long draws) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(25);
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeByte(PROGRESS_VERSION);
      out.writeLong(wins);
      out.writeLong(losses);
      out.writeLong(draws);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  /** {@code [wins, losses, draws]}; none for a player new to the game. */
  static long[] readProgress(byte[] progress) {
    if (progress == null || progress.length == 0) {
      return new long[] {0, 0, 0};
    }
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(progress))) {
      int version = in.readUnsignedByte();
      if (version != PROGRESS_VERSION) {
        throw new IllegalArgumentException("unknown four progress version " + version);
      }
      return new long[] {in.readLong(), in.readLong(), in.readLong()};
    } catch (IOException e) {
      throw new IllegalArgumentException("unreadable four progress: " + e.getMessage(), e);
    }
  }
}
