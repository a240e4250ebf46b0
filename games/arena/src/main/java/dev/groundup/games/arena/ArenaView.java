package dev.groundup.games.arena;

import dev.groundup.game.JsonOut;
import dev.groundup.game.View;
import java.util.List;

/**
 * What every member of an arena room sees at a tick: the players and the coins, as {@code
 * "players":[{"name","x","y","score","steps"}...],"coins":[[x,y]...]}. One instance per change,
 * shared by all members, so the engine encodes it once.
 */
record ArenaView(List<PlayerView> players, List<Cell> coins) implements View {

  ArenaView {
    players = List.copyOf(players);
    coins = List.copyOf(coins);
  }

  @Override
  public void write(JsonOut out) {
    out.name("players").startArray();
    for (PlayerView p : players) {
      writePlayer(out, p);
    }
    out.endArray();
    out.name("coins").startArray();
    for (Cell c : coins) {
      out.startArray().value(c.x()).value(c.y()).endArray();
    }
    out.endArray();
  }

  static void writePlayer(JsonOut out, PlayerView p) {
    out.startObject()
        .field("name", p.name())
        .field("x", p.x())
        .field("y", p.y())
        .field("score", p.score())
        .field("steps", p.steps())
        .endObject();
  }
}
