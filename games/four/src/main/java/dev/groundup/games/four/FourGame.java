package dev.groundup.games.four;

import dev.groundup.game.Args;
import dev.groundup.game.Game;
import dev.groundup.game.Limits;
import dev.groundup.game.Refusal;
import dev.groundup.game.Room;
import dev.groundup.game.RoomContext;
import dev.groundup.game.Rules;
import dev.groundup.game.Settings;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Connect four: two players a room take turns dropping discs into a board of 7 columns and 6 rows
 * ({@code {"op":"drop","col":C}}, C from 0 to 6); four in a row — across, down or diagonally — wins
 * the round and a point on the cluster-wide leaderboard; a full board is a draw. {@code
 * {"op":"rematch"}} starts the next round once one is over. Turn-based: the room changes only on
 * joins, leaves and inputs, never on a clock. The wire shapes and refusals are in docs/games.md.
 */
public final class FourGame implements Game {

  public static final String ID = "four";
  static final int COLUMNS = 7;
  static final int ROWS = 6;

  /** Inputs of one player waiting at once: a turn-based room applies or refuses each at once. */
  static final int MAX_WAITING = 4;

  private static final Limits LIMITS = new Limits(2, MAX_WAITING, 0);

  @Override
  public String id() {
    return ID;
  }

  @Override
  public Set<String> inputs() {
    return Set.of("drop", "rematch");
  }

  @Override
  public Refusal check(String op, Args args) {
    return op.equals("drop") && column(args) < 0 ? badColumn(args) : null;
  }

  @Override
  public Rules configure(Settings settings) {
    return new Rules() {
      @Override
      public Limits limits() {
        return LIMITS;
      }

      @Override
      public Room create(RoomContext context) {
        return new Four();
      }

      @Override
      public Room restore(RoomContext context, byte[] snapshot) {
        return Four.restore(snapshot);
      }
    };
  }

  @Override
  public List<String> sampleInputs() {
    return List.of(
        "{\"op\":\"drop\",\"col\":3}", "{\"op\":\"drop\",\"col\":4}", "{\"op\":\"rematch\"}");
  }

  /** The column of a drop, or -1 if it names none. */
  static int column(Args args) {
    OptionalLong col = args.integer("col");
    return col.isPresent() && col.getAsLong() >= 0 && col.getAsLong() < COLUMNS
        ? (int) col.getAsLong()
        : -1;
  }

  static Refusal badColumn(Args args) {
    return switch (args.kind("col")) {
      case MISSING, NULL -> Refusal.badRequest("missing field col");
      default -> Refusal.badRequest("col must be an integer from 0 to " + (COLUMNS - 1));
    };
  }
}
