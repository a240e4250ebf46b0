package dev.groundup.node;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.groundup.common.Addresses;
import dev.groundup.common.cluster.ClusterNode;
import dev.groundup.common.protocol.ShardClient;
import dev.groundup.common.shard.RoutingMode;
import dev.groundup.common.shard.ShardNodes;
import dev.groundup.gateway.bridge.RoomWatchers;
import dev.groundup.testkit.Await;
import dev.groundup.testkit.LineClient;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * {@code groundup.cluster.status} and {@code groundup.room.<room>} on an in-JVM cluster (one
 * registry node, two shard nodes, one gateway): the status lists every node with its role, all 64
 * shards with their owners and epochs, a room with its players and the counts per node; a watcher
 * registered through {@link RoomWatchers} gets copies of the room's events identical to a member's,
 * and none once it unwatches.
 */
class ClusterStatusIT {

  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final ObjectMapper JSON = new ObjectMapper();

  /** The status as the bus answers it, or null if it did not (yet). */
  private static JsonObject status(ClusterNode from) {
    try {
      return from.vertx()
          .eventBus()
          .<JsonObject>request(Addresses.CLUSTER_STATUS, new JsonObject())
          .map(m -> m.body())
          .await(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      return null;
    }
  }

  private static JsonObject room(JsonObject status, String room) {
    for (Object o : status.getJsonArray("rooms")) {
      if (room.equals(((JsonObject) o).getString("room"))) {
        return (JsonObject) o;
      }
    }
    return null;
  }

  private static Set<String> players(JsonObject room) {
    Set<String> names = new HashSet<>();
    room.getJsonArray("players").forEach(p -> names.add((String) p));
    return names;
  }

  @Test
  void statusListsNodesShardsRoomsAndCountsAndWatchersGetCopiesOfTheRoomsEvents() throws Exception {
    try (TestCluster cluster = TestCluster.start("status", RoutingMode.SHARDED, 2, Map.of());
        LineClient ada = cluster.login("ada");
        LineClient bob = cluster.login("bob")) {
      String roomName = "stage";
      assertThat(
              ada.request(2, "{\"op\":\"join\",\"room\":\"" + roomName + "\"}").path("ev").asText())
          .isEqualTo("joined");
      assertThat(
              bob.request(2, "{\"op\":\"join\",\"room\":\"" + roomName + "\"}").path("ev").asText())
          .isEqualTo("joined");

      // the status, once the room shows both players and no shard is moving
      AtomicReference<JsonObject> last = new AtomicReference<>();
      Await.until(
          "a status with the room and both players",
          WAIT,
          () -> {
            JsonObject s = status(cluster.gateway);
            last.set(s);
            if (s == null) {
              return false;
            }
            JsonObject r = room(s, roomName);
            return r != null
                && players(r).equals(Set.of("ada", "bob"))
                && s.getJsonArray("handoffs").isEmpty();
          });
      JsonObject s = last.get();
      assertThat(s.fieldNames()).containsExactlyInAnyOrder("nodes", "shards", "rooms", "handoffs");

      // every node, with its role, host, uptime and whether it is a lite member
      Map<String, String> roles = new java.util.HashMap<>();
      roles.put(cluster.registry.nodeId(), "registry");
      cluster.shards.forEach(n -> roles.put(n.nodeId(), "shard"));
      roles.put(cluster.gateway.nodeId(), "gateway");
      JsonArray nodes = s.getJsonArray("nodes");
      assertThat(nodes).hasSize(4);
      int shardPlayers = 0;
      int shardRooms = 0;
      for (Object o : nodes) {
        JsonObject n = (JsonObject) o;
        assertThat(n.fieldNames())
            .containsExactlyInAnyOrder(
                "id", "name", "role", "host", "uptimeMs", "lite", "players", "rooms");
        assertThat(n.getString("role")).isEqualTo(roles.get(n.getString("id")));
        assertThat(n.getString("host")).isEqualTo("127.0.0.1");
        assertThat(n.getLong("uptimeMs")).isPositive();
        assertThat(n.getBoolean("lite")).isEqualTo(!n.getString("role").equals("registry"));
        switch (n.getString("role")) {
          case "gateway" -> {
            assertThat(n.getInteger("players"))
                .as("logged-in connections at the gateway")
                .isEqualTo(2);
            assertThat(n.getInteger("rooms")).isZero();
          }
          case "shard" -> {
            shardPlayers += n.getInteger("players");
            shardRooms += n.getInteger("rooms");
          }
          default -> assertThat(n.getInteger("players")).isZero();
        }
      }
      assertThat(shardPlayers).as("sessions held by the shard nodes").isEqualTo(2);
      assertThat(shardRooms).isEqualTo(1);

      // every virtual shard, owned by the node the rendezvous hash names, with an epoch
      JsonArray shards = s.getJsonArray("shards");
      assertThat(shards).hasSize(64);
      for (int i = 0; i < 64; i++) {
        JsonObject sh = shards.getJsonObject(i);
        assertThat(sh.getInteger("shard")).isEqualTo(i);
        assertThat(sh.getString("owner")).isEqualTo(cluster.ownerOf(i));
        assertThat(sh.getLong("epoch")).isPositive();
      }

      // the room: its shard, the node that runs it, its players, its tick lag
      JsonObject room = room(s, roomName);
      int roomShard = cluster.ids().room(roomName);
      assertThat(room.getInteger("shard")).isEqualTo(roomShard);
      assertThat(room.getString("node")).isEqualTo(cluster.ownerOf(roomShard));
      assertThat(room.getLong("tickLagMs")).isNotNegative().isLessThan(1000);
      JsonObject owner =
          nodes.stream()
              .map(o -> (JsonObject) o)
              .filter(n -> n.getString("id").equals(cluster.ownerOf(roomShard)))
              .findFirst()
              .orElseThrow();
      assertThat(owner.getInteger("rooms")).isEqualTo(1);

      // a watcher on a clustered node, through RoomWatchers
      ClusterNode watcherNode = cluster.gateway;
      ShardNodes directory = ShardNodes.start(watcherNode).await(30, TimeUnit.SECONDS);
      ShardClient shardClient =
          new ShardClient(
              watcherNode.vertx(),
              watcherNode.config().shardIds(),
              directory,
              watcherNode.config().requestTimeout());
      RoomWatchers watchers = new RoomWatchers(watcherNode.vertx(), shardClient);
      ConcurrentLinkedQueue<JsonNode> copies = new ConcurrentLinkedQueue<>();
      MessageConsumer<Object> consumer =
          watcherNode
              .vertx()
              .eventBus()
              .consumer(
                  Addresses.roomWatch(roomName),
                  m -> {
                    assertThat(m.body()).isInstanceOf(JsonObject.class);
                    try {
                      copies.add(JSON.readTree(((JsonObject) m.body()).encode()));
                    } catch (Exception e) {
                      throw new IllegalStateException(e);
                    }
                  });
      consumer.completion().await(10, TimeUnit.SECONDS);
      try {
        watchers.watch(roomName);
        // the watch takes effect at the room's shard: a said reaches the watcher
        int[] probe = {0};
        long[] sentAt = {0};
        Await.until(
            "a copy of a said",
            WAIT,
            () -> {
              if (System.nanoTime() - sentAt[0] > 200_000_000L) {
                ada.send("{\"op\":\"say\",\"text\":\"probe-" + (++probe[0]) + "\"}");
                sentAt[0] = System.nanoTime();
              }
              return copies.stream().anyMatch(c -> c.path("ev").asText().equals("said"));
            });

        // enter: carol joins; bob (a member) and the watcher get the same event
        try (LineClient carol = cluster.login("carol")) {
          assertThat(
                  carol
                      .request(2, "{\"op\":\"join\",\"room\":\"" + roomName + "\"}")
                      .path("ev")
                      .asText())
              .isEqualTo("joined");
          JsonNode enter =
              bob.awaitSeen(
                  "carol's enter",
                  n ->
                      n.path("ev").asText().equals("enter")
                          && n.path("player").path("name").asText().equals("carol"),
                  WAIT);
          Await.until("the watcher's copy of carol's enter", WAIT, () -> copies.contains(enter));

          // state: ada moves; the state of the tick that applied it reaches bob and the watcher
          // alike
          JsonNode ack = ada.request(3, "{\"op\":\"move\",\"dir\":\"n\"}");
          assertThat(ack.path("ev").asText()).isEqualTo("ack");
          long tick = ack.path("tick").asLong();
          JsonNode state =
              bob.awaitSeen(
                  "the state of tick " + tick,
                  n -> n.path("ev").asText().equals("state") && n.path("tick").asLong() >= tick,
                  WAIT);
          Await.until(
              "the watcher's copy of the state of tick " + state.path("tick"),
              WAIT,
              () -> copies.contains(state));

          // said
          ada.send("{\"op\":\"say\",\"text\":\"hello watchers\"}");
          JsonNode said =
              bob.awaitSeen(
                  "ada's said",
                  n ->
                      n.path("ev").asText().equals("said")
                          && n.path("text").asText().equals("hello watchers"),
                  WAIT);
          Await.until("the watcher's copy of ada's said", WAIT, () -> copies.contains(said));
          assertThat(said.toString()).contains("\"from\":\"ada\"");

          // exit: carol leaves
          assertThat(carol.request(4, "{\"op\":\"leave\"}").path("ev").asText()).isEqualTo("left");
          JsonNode exit =
              bob.awaitSeen(
                  "carol's exit",
                  n -> n.path("ev").asText().equals("exit") && n.toString().contains("carol"),
                  WAIT);
          Await.until("the watcher's copy of carol's exit", WAIT, () -> copies.contains(exit));
        }

        // unwatch: once the shard has it, saids that bob sees are no longer copied (two in a row,
        // so
        // that a copy merely a little later than bob's line is not taken for none)
        watchers.unwatch(roomName);
        List<String> said = new ArrayList<>();
        Await.until(
            "two saids in a row that bob sees and the watcher does not",
            WAIT,
            () -> {
              String text = "after-" + (said.size() + 1);
              ada.send("{\"op\":\"say\",\"text\":\"" + text + "\"}");
              bob.awaitSeen(text, j -> j.path("text").asText().equals(text), WAIT);
              said.add(text);
              return said.size() >= 2
                  && said.subList(said.size() - 2, said.size()).stream()
                      .allMatch(
                          t -> copies.stream().noneMatch(c -> c.path("text").asText().equals(t)));
            });
        String notCopied = said.get(said.size() - 2);
        // proof that it was not merely late: copies of one room come in order from its shard; watch
        // again, and a marker said arrives while the unwatched one never does
        watchers.watch(roomName);
        long[] markAt = {0};
        int[] m = {0};
        Await.until(
            "a marker said after watching again",
            WAIT,
            () -> {
              if (System.nanoTime() - markAt[0] > 200_000_000L) {
                ada.send("{\"op\":\"say\",\"text\":\"marker-" + (++m[0]) + "\"}");
                markAt[0] = System.nanoTime();
              }
              return copies.stream().anyMatch(c -> c.path("text").asText().startsWith("marker-"));
            });
        assertThat(copies.stream().map(c -> c.path("text").asText()).toList())
            .doesNotContain(notCopied);
        List<String> evs =
            new ArrayList<>(copies.stream().map(c -> c.path("ev").asText()).distinct().toList());
        assertThat(evs).contains("enter", "state", "said", "exit");
      } finally {
        watchers.close().await(10, TimeUnit.SECONDS);
        consumer.unregister().await(10, TimeUnit.SECONDS);
        directory.stop().await(10, TimeUnit.SECONDS);
      }
    }
  }

  @Test
  void aNodeOfRoleAllIsOneNodeThatOwnsEveryShardAndCountsItsPlayersAsAGatewayAndAsAShard()
      throws Exception {
    try (TestCluster cluster = TestCluster.inProcess("status-all", RoutingMode.SHARDED);
        LineClient ada = cluster.login("ada")) {
      assertThat(ada.request(2, "{\"op\":\"join\",\"room\":\"solo\"}").path("ev").asText())
          .isEqualTo("joined");
      AtomicReference<JsonObject> last = new AtomicReference<>();
      Await.until(
          "a status with the room",
          WAIT,
          () -> {
            JsonObject s = status(cluster.gateway);
            last.set(s);
            return s != null && room(s, "solo") != null && s.getJsonArray("handoffs").isEmpty();
          });
      JsonObject s = last.get();
      assertThat(s.getJsonArray("nodes")).hasSize(1);
      JsonObject all = s.getJsonArray("nodes").getJsonObject(0);
      assertThat(all.getString("role")).isEqualTo("all");
      assertThat(all.getBoolean("lite")).isFalse();
      assertThat(all.getInteger("players"))
          .as("one player: its connection and its session")
          .isEqualTo(2);
      assertThat(all.getInteger("rooms")).isEqualTo(1);
      assertThat(all.containsKey("error")).isFalse();
      assertThat(s.getJsonArray("shards")).hasSize(64);
      s.getJsonArray("shards")
          .forEach(
              o -> assertThat(((JsonObject) o).getString("owner")).isEqualTo(all.getString("id")));
      assertThat(players(room(s, "solo"))).containsExactly("ada");
    }
  }

  @Test
  void aWatchFollowsItsRoomWhenTheRoomsShardNodeLeaves() throws Exception {
    try (TestCluster cluster = TestCluster.start("watch-move", RoutingMode.SHARDED, 2, Map.of());
        LineClient ada = cluster.login("ada")) {
      // a room of the first shard node, which then leaves: its shards go to the second
      ClusterNode leaving = cluster.shards.getFirst();
      String roomName = null;
      for (int i = 0; roomName == null; i++) {
        if (cluster.ownerOf(cluster.ids().room("moving-" + i)).equals(leaving.nodeId())) {
          roomName = "moving-" + i;
        }
      }
      String room = roomName;
      assertThat(ada.request(2, "{\"op\":\"join\",\"room\":\"" + room + "\"}").path("ev").asText())
          .isEqualTo("joined");
      ClusterNode watcherNode = cluster.gateway;
      ShardNodes directory = ShardNodes.start(watcherNode).await(30, TimeUnit.SECONDS);
      ShardClient shardClient =
          new ShardClient(
              watcherNode.vertx(),
              watcherNode.config().shardIds(),
              directory,
              watcherNode.config().requestTimeout());
      RoomWatchers watchers = new RoomWatchers(watcherNode.vertx(), shardClient, 500);
      ConcurrentLinkedQueue<String> texts = new ConcurrentLinkedQueue<>();
      MessageConsumer<JsonObject> consumer =
          watcherNode
              .vertx()
              .eventBus()
              .consumer(Addresses.roomWatch(room), m -> texts.add(m.body().getString("text", "")));
      consumer.completion().await(10, TimeUnit.SECONDS);
      try {
        watchers.watch(room);
        saysUntilCopied(ada, texts, "before");
        cluster.harness.stop(leaving);
        cluster.shards.remove(leaving);
        Await.until(
            "the room's shard on the remaining node",
            WAIT,
            () -> !cluster.ownerOf(cluster.ids().room(room)).equals(leaving.nodeId()));
        // the renewal reaches the new owner: copies resume
        saysUntilCopied(ada, texts, "after");
      } finally {
        watchers.close().await(10, TimeUnit.SECONDS);
        consumer.unregister().await(10, TimeUnit.SECONDS);
        directory.stop().await(10, TimeUnit.SECONDS);
      }
    }
  }

  /**
   * {@code player} says {@code prefix-N} every 200 ms until a copy of one of them reaches the
   * watcher.
   */
  private static void saysUntilCopied(
      LineClient player, ConcurrentLinkedQueue<String> copies, String prefix) {
    long[] sentAt = {0};
    int[] n = {0};
    Await.until(
        "a copy of a said " + prefix + "-N",
        WAIT,
        () -> {
          if (System.nanoTime() - sentAt[0] > 200_000_000L) {
            player.send("{\"op\":\"say\",\"text\":\"" + prefix + "-" + (++n[0]) + "\"}");
            sentAt[0] = System.nanoTime();
          }
          return copies.stream().anyMatch(t -> t.startsWith(prefix + "-"));
        });
  }
}
