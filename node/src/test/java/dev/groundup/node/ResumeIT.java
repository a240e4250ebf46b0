package dev.groundup.node;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.groundup.common.shard.Rendezvous;
import dev.groundup.common.shard.RoutingMode;
import dev.groundup.common.shard.ShardIds;
import dev.groundup.common.store.GameStore;
import dev.groundup.common.store.StoredPlayer;
import dev.groundup.common.testing.Ports;
import dev.groundup.testkit.Await;
import dev.groundup.testkit.LineClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * "Resume anywhere", with separate processes (a registry node, shard-1, shard-2, gateway-1,
 * gateway-2): a player in a room whose gateway is stopped (SIGTERM: {@code bye shutdown}) logs in
 * on the other gateway with its token and is back in its room with its score and steps, and plays
 * on; a room-mate sees it {@code exit} and {@code enter} again. Then the player quits, the shard
 * node that owns it is killed, and it logs in again: the node that takes its shard over puts it
 * back into the room from the stored record alone.
 */
class ResumeIT {

  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final ShardIds IDS = new ShardIds(64, RoutingMode.SHARDED);

  @TempDir(cleanup = CleanupMode.ON_SUCCESS)
  Path dir;

  @Test
  void aPlayerWhoseGatewayStoppedIsBackInItsRoomOnAnotherGatewayAndAfterItsShardDied()
      throws Exception {
    try (ProcessCluster cluster = new ProcessCluster(dir, 1, Map.of())) {
      cluster.startRegistries();
      NodeProcess shard1 = cluster.startShard("shard-1");
      NodeProcess shard2 = cluster.startShard("shard-2");
      int port1 = Ports.free();
      int port2 = Ports.free();
      NodeProcess gateway1 = cluster.startGateway("gateway-1", port1);
      NodeProcess gateway2 = cluster.startGateway("gateway-2", port2);
      for (NodeProcess n : List.of(shard1, shard2, gateway1, gateway2)) {
        n.awaitReady(ProcessCluster.READY);
      }
      // the player is owned by shard-1, its room runs on shard-2
      String node1 = shard1.ready().path("nodeId").asText();
      String node2 = shard2.ready().path("nodeId").asText();
      List<String> nodes = List.of(node1, node2);
      String name = firstOn(node1, nodes, "runner-");
      String room = firstOn(node2, nodes, "resume-room-");

      try (LineClient watcher = connect(port2);
          LineClient player = connect(port1)) {
        assertThat(
                watcher.request(1, "{\"op\":\"login\",\"name\":\"watcher\"}").path("ev").asText())
            .isEqualTo("welcome");
        watcher.request(2, "{\"op\":\"join\",\"room\":\"" + room + "\"}");
        JsonNode welcome = player.request(1, "{\"op\":\"login\",\"name\":\"" + name + "\"}");
        assertThat(welcome.has("room")).as("a new player is in no room").isFalse();
        String token = welcome.path("token").asText();
        JsonNode joined = player.request(2, "{\"op\":\"join\",\"room\":\"" + room + "\"}");
        watcher.await("the player's enter", enterOf(name), LineClient.TIMEOUT);

        // play until every move is acknowledged, collecting the nearest coin on the way
        List<String> moves = Play.walkToNearestCoin(player, joined, name, 10);
        long lastAck = lastAckTick(player);
        JsonNode atLastAck =
            player.awaitSeen(
                "the state of the last ack",
                e -> Play.stateWithSteps(e, name, moves.size()),
                LineClient.TIMEOUT);
        long score = Play.me(atLastAck, name).path("score").asLong();
        long steps = moves.size();
        assertThat(steps).isPositive();

        assertThat(gateway1.stop(Duration.ofSeconds(30)))
            .as("gateway-1 exits by itself on SIGTERM")
            .isTrue();
        assertThat(player.awaitEv("bye").path("reason").asText()).isEqualTo("shutdown");
        assertThat(player.awaitClosed(LineClient.TIMEOUT)).isTrue();
        watcher.await("the player's exit", exitOf(name), WAIT);

        long resumedTick;
        try (LineClient again = connect(port2)) {
          again.send(
              "{\"op\":\"login\",\"name\":\"" + name + "\",\"token\":\"" + token + "\",\"id\":1}");
          JsonNode back = again.next();
          assertThat(back.path("ev").asText()).as(back.toString()).isEqualTo("welcome");
          assertThat(back.path("room").asText()).isEqualTo(room);
          assertThat(back.path("id").asInt()).isEqualTo(1);
          JsonNode rejoined = again.next();
          assertThat(rejoined.path("ev").asText())
              .as("right after welcome: " + rejoined)
              .isEqualTo("joined");
          assertThat(rejoined.path("room").asText()).isEqualTo(room);
          assertThat(rejoined.has("id")).as("the client did not ask for it").isFalse();
          assertThat(rejoined.path("tick").asLong()).isGreaterThanOrEqualTo(lastAck);
          assertThat(rejoined.path("players").findValuesAsText("name"))
              .containsExactlyInAnyOrder(name, "watcher");
          assertThat(Play.me(rejoined, name).path("score").asLong()).isEqualTo(score);
          assertThat(Play.me(rejoined, name).path("steps").asLong()).isEqualTo(steps);
          JsonNode entered =
              watcher.await("the player's enter again", enterOf(name), LineClient.TIMEOUT);
          assertThat(entered.path("player").path("score").asLong()).isEqualTo(score);
          assertThat(entered.path("player").path("steps").asLong()).isEqualTo(steps);

          // it plays on
          JsonNode ack =
              again.request(
                  2, "{\"op\":\"move\",\"dir\":\"" + awayFromTheWall(rejoined, name) + "\"}");
          assertThat(ack.path("ev").asText()).as(ack.toString()).isEqualTo("ack");
          assertThat(ack.path("tick").asLong()).isGreaterThan(lastAck);
          resumedTick = ack.path("tick").asLong();
          again.awaitSeen(
              "the state with the new step",
              e -> Play.stateWithSteps(e, name, steps + 1),
              LineClient.TIMEOUT);

          // quitting ends the session too: out of the room, the room kept in the stored record
          again.send("{\"op\":\"quit\"}");
          assertThat(again.awaitEv("bye").path("reason").asText()).isEqualTo("quit");
          watcher.await("the player's second exit", exitOf(name), WAIT);
        }

        // once the record says so, the player's shard node dies: shard-2 takes it over from the
        // store
        GameStore store = new GameStore(cluster.observer().vertx(), cluster.observer().hazelcast());
        Await.until(
            "the player's record stored offline with its room and last step",
            WAIT,
            () -> {
              Optional<StoredPlayer> stored = stored(store, name);
              return stored.isPresent()
                  && stored.get().conn() == null
                  && room.equals(stored.get().record().room())
                  // stored offline in the same write as its last progress (opaque: the game's
                  // bytes)
                  && stored.get().record().progressIn("arena").length > 0;
            });
        shard1.kill();

        try (LineClient third = loginWhenServed(port2, name, token)) {
          JsonNode rejoined = third.next();
          assertThat(rejoined.path("ev").asText()).isEqualTo("joined");
          assertThat(rejoined.path("room").asText()).isEqualTo(room);
          assertThat(Play.me(rejoined, name).path("score").asLong()).isEqualTo(score);
          assertThat(Play.me(rejoined, name).path("steps").asLong()).isEqualTo(steps + 1);
          JsonNode ack =
              third.request(
                  3, "{\"op\":\"move\",\"dir\":\"" + awayFromTheWall(rejoined, name) + "\"}");
          assertThat(ack.path("ev").asText()).as(ack.toString()).isEqualTo("ack");
          assertThat(ack.path("tick").asLong()).isGreaterThan(resumedTick);
        }
      }
    }
  }

  /** The first name {@code prefix + i} whose virtual shard runs on {@code node}. */
  private static String firstOn(String node, List<String> nodes, String prefix) {
    for (int i = 0; ; i++) {
      String name = prefix + i;
      if (node.equals(Rendezvous.owner(IDS.player(name), nodes))) {
        return name;
      }
    }
  }

  /** The player as stored now (empty also while the store does not answer). */
  private static Optional<StoredPlayer> stored(GameStore store, String name) {
    try {
      return store.player(name).await(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      return Optional.empty();
    }
  }

  private static LineClient connect(int port) {
    LineClient client = LineClient.connect(port);
    assertThat(client.next().path("ev").asText()).isEqualTo("hello");
    return client;
  }

  /**
   * Logs in on a new connection, again while the player's shard is being taken over (answered
   * {@code unavailable}), until a {@code welcome} that names a room; gives that connection.
   */
  private static LineClient loginWhenServed(int port, String name, String token) {
    AtomicReference<LineClient> served = new AtomicReference<>();
    Await.until(
        "a login served by the shard's new owner",
        WAIT,
        () -> {
          LineClient c = connect(port);
          JsonNode answer =
              c.request(
                  1, "{\"op\":\"login\",\"name\":\"" + name + "\",\"token\":\"" + token + "\"}");
          if ("welcome".equals(answer.path("ev").asText())) {
            assertThat(answer.path("room").isTextual()).as(answer.toString()).isTrue();
            served.set(c);
            return true;
          }
          assertThat(answer.path("code").asText()).as(answer.toString()).isEqualTo("unavailable");
          c.close();
          return false;
        });
    return served.get();
  }

  private static long lastAckTick(LineClient client) {
    return client.history().stream()
        .filter(e -> "ack".equals(e.path("ev").asText()))
        .mapToLong(e -> e.path("tick").asLong())
        .max()
        .orElseThrow();
  }

  /**
   * A direction in which {@code name} does not walk into the west wall, so the move shows as a
   * step.
   */
  private static String awayFromTheWall(JsonNode view, String name) {
    return Play.me(view, name).path("x").asInt() > 0 ? "w" : "e";
  }

  private static Predicate<JsonNode> enterOf(String name) {
    return e ->
        "enter".equals(e.path("ev").asText())
            && name.equals(e.path("player").path("name").asText());
  }

  private static Predicate<JsonNode> exitOf(String name) {
    return e -> "exit".equals(e.path("ev").asText()) && name.equals(e.path("name").asText());
  }
}
