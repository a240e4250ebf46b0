package dev.groundup.node;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.groundup.common.Addresses;
import dev.groundup.common.cluster.ClusterNode;
import dev.groundup.common.registry.GroupMember;
import dev.groundup.common.registry.Registry;
import dev.groundup.common.shard.RoutingMode;
import dev.groundup.common.store.GameStore;
import dev.groundup.testkit.Await;
import dev.groundup.testkit.LineClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A shard verticle that crashes (the test-only hook makes it throw from a handler) is restarted by
 * its node's supervisor and resumes from the store: the player in its room plays on and keeps its
 * steps. Crashing it past the restart intensity makes the node give all its shards away to the
 * other shard node, where the player plays on.
 */
class SupervisionIT {

  private static final Duration WAIT = Duration.ofSeconds(30);

  @Test
  void aCrashedShardIsRestartedFromTheStoreAndPastTheIntensityTheNodeGivesItsShardsAway()
      throws Exception {
    try (TestCluster cluster =
            TestCluster.start(
                "SupervisionIT",
                RoutingMode.SHARDED,
                2,
                Map.of("GROUNDUP_FAULT_INJECTION", "true", "GROUNDUP_SHARD_MAX_RESTARTS", "2"));
        LineClient player = cluster.login("crashy")) {
      String room = "crash-room";
      int shard = cluster.ids().room(room);
      ClusterNode owner =
          cluster.shards.stream()
              .filter(n -> n.nodeId().equals(cluster.ownerOf(shard)))
              .findFirst()
              .orElseThrow();
      player.request(2, "{\"op\":\"join\",\"room\":\"" + room + "\"}");
      int id = 10;
      for (; id < 15; id++) {
        assertThat(player.request(id, "{\"op\":\"move\",\"dir\":\"e\"}").path("ev").asText())
            .isEqualTo("ack");
      }

      // one crash: the shard comes back from the store and the player plays on with its steps
      long epoch = crash(owner, shard, "first");
      awaitNewIncarnation(cluster, shard, epoch);
      int[] next = {id};
      Await.until("a move acked again after the crash", WAIT, () -> moveAcked(player, next[0]++));
      JsonNode state =
          player.awaitSeen(
              "a state after the restart",
              e ->
                  "state".equals(e.path("ev").asText())
                      && Play.me(e, "crashy").path("steps").asLong() >= 6,
              WAIT);
      assertThat(Play.me(state, "crashy").path("steps").asLong()).isGreaterThanOrEqualTo(6);

      // past the intensity (2 restarts): the third crash makes the node give its shards away, and
      // the other node serves them
      for (int i = 0; i < 2; i++) {
        epoch = crash(owner, shard, "again " + i);
        if (i == 0) {
          // the next crash must reach the restarted incarnation, not the one still stopping
          awaitNewIncarnation(cluster, shard, epoch);
        }
        Await.until("the shard to be back or given away", WAIT, () -> moveAcked(player, next[0]++));
      }
      Registry registry = Registry.create(cluster.registry.vertx(), cluster.registry);
      Await.until(
          "the crashing node to leave the group shards",
          WAIT,
          () -> shardNodes(registry).noneMatch(owner.nodeId()::equals));
      Await.until(
          "the player to play on at the other node", WAIT, () -> moveAcked(player, next[0]++));
      Await.until(
          "the room to run on the other node",
          WAIT,
          () -> !owner.nodeId().equals(roomNode(registry, room)));
      List<String> codes =
          player.history().stream()
              .filter(e -> "error".equals(e.path("ev").asText()))
              .map(e -> e.path("code").asText())
              .distinct()
              .toList();
      assertThat(codes).isSubsetOf("unavailable");
      registry.close();
    }
  }

  /**
   * Crashes the shard's serving verticle through the test-only hook, which answers before it
   * throws: sent again until an incarnation answers (between a restart's deployment and its serving
   * the hook is not there yet, and a message to it would be dropped).
   */
  private static long crash(ClusterNode owner, int shard, String why) {
    String[] answer = {null};
    Await.until(
        "the shard's crash hook to take " + why,
        WAIT,
        () -> {
          try {
            answer[0] =
                owner
                    .vertx()
                    .eventBus()
                    .<String>request(Addresses.crashHook(shard), why)
                    .await(2, TimeUnit.SECONDS)
                    .body();
            return true;
          } catch (Exception notThere) {
            return false;
          }
        });
    return Long.parseLong(answer[0].substring("epoch ".length()));
  }

  /**
   * A crashed incarnation serves on until its supervisor stops it (after the restart backoff), and
   * its crash hook with it: the restart is seen when the shard's lease has a newer epoch.
   */
  private static void awaitNewIncarnation(TestCluster cluster, int shard, long crashed) {
    GameStore store = new GameStore(cluster.registry.vertx(), cluster.registry.hazelcast());
    Await.until(
        "the shard restarted with an epoch after " + crashed,
        WAIT,
        () -> {
          try {
            return store
                .lease(shard)
                .await(5, TimeUnit.SECONDS)
                .map(l -> l.epoch() > crashed)
                .orElse(false);
          } catch (Exception e) {
            return false;
          }
        });
  }

  private static java.util.stream.Stream<String> shardNodes(Registry registry) {
    try {
      return registry.members(Addresses.SHARDS_GROUP).await(10, TimeUnit.SECONDS).stream()
          .map(GroupMember::node);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  private static String roomNode(Registry registry, String room) {
    try {
      return registry
          .whereis(Addresses.roomName(room))
          .await(10, TimeUnit.SECONDS)
          .map(r -> r.node())
          .orElse("");
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  private static boolean moveAcked(LineClient player, int id) {
    player.send("{\"op\":\"move\",\"dir\":\"w\",\"id\":" + id + "}");
    JsonNode answer = player.awaitSeenId(id);
    return "ack".equals(answer.path("ev").asText());
  }
}
