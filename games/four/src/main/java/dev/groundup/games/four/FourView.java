package dev.groundup.games.four;

import dev.groundup.game.JsonOut;
import dev.groundup.game.View;
import java.util.List;

/**
 * What every member of a connect-four room sees: {@code "players":[{"name","disc","wins","losses",
 * "draws"}...],"board":[6 rows of 7, top first],"turn":N|null,"round":K,"result":R|null}, where R
 * is {@code {"winner":N,"line":[[col,row]...]}}, {@code {"winner":N,"forfeit":M}} or {@code
 * {"draw":true}}. Nothing is hidden, so one instance serves every member.
 */
record FourView(
    List<Player> players, List<String> board, String turn, int round, Four.Result result)
    implements View {

  /** A seated player: its disc ({@code x} or {@code o}) and its record in the game. */
  record Player(String name, String disc, long wins, long losses, long draws) {}

  FourView {
    players = List.copyOf(players);
    board = List.copyOf(board);
  }

  @Override
  public void write(JsonOut out) {
    out.name("players").startArray();
    for (Player p : players) {
      writePlayer(out, p);
    }
    out.endArray();
    out.name("board").startArray();
    for (String row : board) {
      out.value(row);
    }
    out.endArray();
    out.field("turn", turn).field("round", round);
    out.name("result");
    if (result == null) {
      out.nullValue();
      return;
    }
    out.startObject();
    switch (result.outcome()) {
      case WIN -> {
        out.field("winner", result.winner()).name("line").startArray();
        for (int[] cell : result.line()) {
          out.startArray().value(cell[0]).value(cell[1]).endArray();
        }
        out.endArray();
      }
      case FORFEIT -> out.field("winner", result.winner()).field("forfeit", result.forfeit());
      case DRAW -> out.field("draw", true);
    }
    out.endObject();
  }

  static void writePlayer(JsonOut out, Player p) {
    out.startObject()
        .field("name", p.name())
        .field("disc", p.disc())
        .field("wins", p.wins())
        .field("losses", p.losses())
        .field("draws", p.draws())
        .endObject();
  }
}
