package dev.groundup.node;

import com.fasterxml.jackson.databind.JsonNode;
import dev.groundup.testkit.LineClient;
import java.util.ArrayList;
import java.util.List;

/** Moves a player around a room the way a client would: towards the nearest coin. */
final class Play {

  private Play() {}

  /**
   * Whether {@code event} is a {@code state} in which {@code name} has taken {@code steps} steps.
   */
  static boolean stateWithSteps(JsonNode event, String name, long steps) {
    if (!"state".equals(event.path("ev").asText())) {
      return false;
    }
    for (JsonNode p : event.path("players")) {
      if (p.path("name").asText().equals(name)) {
        return p.path("steps").asLong() == steps;
      }
    }
    return false;
  }

  /** The player {@code name} in a {@code joined} or {@code state} event. */
  static JsonNode me(JsonNode event, String name) {
    for (JsonNode p : event.path("players")) {
      if (p.path("name").asText().equals(name)) {
        return p;
      }
    }
    throw new AssertionError(name + " is not in " + event);
  }

  /**
   * Walks {@code name} (in a room, {@code view} being its latest joined/state event) onto the
   * nearest coin, pipelining moves with ids from {@code firstId}. Returns the moves sent.
   */
  static List<String> walkToNearestCoin(
      LineClient client, JsonNode view, String name, int firstId) {
    JsonNode me = me(view, name);
    int x = me.path("x").asInt();
    int y = me.path("y").asInt();
    JsonNode best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (JsonNode coin : view.path("coins")) {
      int d = Math.abs(coin.get(0).asInt() - x) + Math.abs(coin.get(1).asInt() - y);
      if (d < bestDistance) {
        best = coin;
        bestDistance = d;
      }
    }
    if (best == null) {
      throw new AssertionError("no coins in " + view);
    }
    List<String> moves = new ArrayList<>();
    int tx = best.get(0).asInt();
    int ty = best.get(1).asInt();
    for (; x < tx; x++) {
      moves.add("e");
    }
    for (; x > tx; x--) {
      moves.add("w");
    }
    for (; y < ty; y++) {
      moves.add("s");
    }
    for (; y > ty; y--) {
      moves.add("n");
    }
    int id = firstId;
    for (int i = 0; i < moves.size(); i += 12) {
      int end = Math.min(moves.size(), i + 12);
      for (int k = i; k < end; k++) {
        client.send("{\"op\":\"move\",\"dir\":\"" + moves.get(k) + "\",\"id\":" + (id + k) + "}");
      }
      JsonNode ack = client.awaitSeenId(id + end - 1);
      if (!"ack".equals(ack.path("ev").asText())) {
        throw new AssertionError("move not acked: " + ack);
      }
    }
    return moves;
  }
}
