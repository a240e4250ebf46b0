package dev.groundup.node;

import static org.assertj.core.api.Assertions.assertThat;

import dev.groundup.common.Addresses;
import dev.groundup.common.cluster.ClusterNode;
import dev.groundup.common.registry.GroupMember;
import dev.groundup.common.registry.Registration;
import dev.groundup.common.registry.Registry;
import dev.groundup.common.shard.Rendezvous;
import dev.groundup.common.shard.RoutingMode;
import dev.groundup.common.shard.ShardIds;
import dev.groundup.common.testing.Ports;
import dev.groundup.testkit.Await;
import dev.groundup.testkit.LineClient;
import io.vertx.core.Future;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * The registry under faults, with every node a separate JVM: a node killed with SIGKILL or frozen
 * with SIGSTOP loses its names and group memberships within the failure-detection time, everyone
 * else keeps theirs, a killed registry node loses nothing, and a frozen node that runs again
 * rejoins.
 */
class RegistryFaultIT {

  /** Failure detection (heartbeat timeout 4 s) plus a sweep, with room for a slow machine. */
  private static final Duration DETECTION = Duration.ofSeconds(20);

  @TempDir(cleanup = CleanupMode.ON_SUCCESS)
  Path dir;

  @Test
  void namesOfADeadOrFrozenNodeVanishOthersStayAndAFrozenNodeRejoins() throws Exception {
    try (ProcessCluster cluster = new ProcessCluster(dir, 2, Map.of())) {
      List<NodeProcess> registries = cluster.startRegistries();
      NodeProcess shard1 = cluster.startShard("shard-1");
      NodeProcess shard2 = cluster.startShard("shard-2");
      int port = Ports.free();
      NodeProcess gateway = cluster.startGateway("gateway-1", port);
      for (NodeProcess n : List.of(shard1, shard2, gateway)) {
        n.awaitReady(ProcessCluster.READY);
      }
      String node1 = shard1.ready().path("nodeId").asText();
      String node2 = shard2.ready().path("nodeId").asText();
      ClusterNode observer = cluster.observer();
      Registry registry = Registry.create(observer.vertx(), observer);

      Await.until(
          "both shard nodes in group shards",
          DETECTION,
          () -> nodes(registry.members(Addresses.SHARDS_GROUP)).containsAll(List.of(node1, node2)));

      // a player (registered by the gateway) and a room on each shard node (registered by its
      // shard)
      String room1 = roomOn(node1, List.of(node1, node2));
      String room2 = roomOn(node2, List.of(node1, node2));
      try (LineClient player = LineClient.connect(port)) {
        player.awaitEv("hello");
        assertThat(player.request(1, "{\"op\":\"login\",\"name\":\"faulty\"}").path("ev").asText())
            .isEqualTo("welcome");
        assertThat(
                player
                    .request(2, "{\"op\":\"join\",\"room\":\"" + room1 + "\"}")
                    .path("ev")
                    .asText())
            .isEqualTo("joined");
        assertThat(
                player
                    .request(3, "{\"op\":\"join\",\"room\":\"" + room2 + "\"}")
                    .path("ev")
                    .asText())
            .isEqualTo("joined");
        Await.until(
            "names registered",
            DETECTION,
            () ->
                whereis(registry, "player:faulty").isPresent()
                    && whereis(registry, "room:" + room1).isPresent()
                    && whereis(registry, "room:" + room2).isPresent());
        assertThat(whereis(registry, "room:" + room1).map(Registration::node)).contains(node1);
        assertThat(whereis(registry, "room:" + room2).map(Registration::node)).contains(node2);
        assertThat(whereis(registry, "player:faulty").map(Registration::node))
            .contains(gateway.ready().path("nodeId").asText());

        // kill -9 a shard node: its registration of the room and its membership go (the room itself
        // is
        // taken over from the store by the other shard node, which may register it again at once),
        // the rest stays
        shard1.kill();
        Await.until(
            "shard-1's room registration and membership to vanish",
            DETECTION,
            answered(
                () ->
                    whereis(registry, "room:" + room1)
                            .map(Registration::node)
                            .filter(node1::equals)
                            .isEmpty()
                        && !nodes(registry.members(Addresses.SHARDS_GROUP)).contains(node1)));
        assertThat(whereis(registry, "room:" + room2)).isPresent();
        assertThat(whereis(registry, "player:faulty")).isPresent();
        assertThat(nodes(registry.members(Addresses.SHARDS_GROUP))).containsExactly(node2);

        // kill -9 a registry node (the oldest member, Hazelcast's master): nothing of a live node
        // is lost
        registries.getFirst().kill();
        Await.until(
            "shard-2's room to be found without the killed registry node",
            DETECTION,
            answered(() -> whereis(registry, "room:" + room2).isPresent()));
        assertThat(whereis(registry, "player:faulty")).isPresent();
        assertThat(nodes(registry.members(Addresses.SHARDS_GROUP))).containsExactly(node2);

        // SIGSTOP the other shard node: same as dead once the heartbeats time out
        shard2.freeze();
        Await.until(
            "frozen shard-2's room registration and membership to vanish",
            DETECTION,
            answered(
                () ->
                    whereis(registry, "room:" + room2)
                            .map(Registration::node)
                            .filter(node2::equals)
                            .isEmpty()
                        && !nodes(registry.members(Addresses.SHARDS_GROUP)).contains(node2)));
        assertThat(whereis(registry, "player:faulty")).isPresent();

        // SIGCONT: it rejoins the cluster and its group membership comes back
        shard2.thaw();
        Await.until(
            "shard-2 to rejoin",
            Duration.ofSeconds(90),
            answered(
                () ->
                    observer.view().snapshot().contains(node2)
                        && nodes(registry.members(Addresses.SHARDS_GROUP)).contains(node2)));
      }
      registry.close().await(10, TimeUnit.SECONDS);
    }
  }

  /**
   * A condition over registry lookups that counts a failed lookup as "not yet": while Hazelcast's
   * membership changes (a killed master, a frozen member) a lookup may fail with a transient
   * cluster error such as {@code NoDataMemberInClusterException}. What must hold afterwards is
   * asserted separately, once lookups answer again.
   */
  private static BooleanSupplier answered(BooleanSupplier condition) {
    return () -> {
      try {
        return condition.getAsBoolean();
      } catch (AssertionError e) {
        System.err.println(
            "registry lookup failed while the cluster changes, retrying: " + e.getCause());
        return false;
      }
    };
  }

  /** A room name whose shard the rendezvous hash puts on {@code node}. */
  private static String roomOn(String node, List<String> shardNodes) {
    ShardIds ids = new ShardIds(64, RoutingMode.SHARDED);
    for (int i = 0; ; i++) {
      String room = "fault-room-" + i;
      if (node.equals(Rendezvous.owner(ids.room(room), shardNodes))) {
        return room;
      }
    }
  }

  private static Optional<Registration> whereis(Registry registry, String name) {
    return get(registry.whereis(name));
  }

  private static List<String> nodes(Future<List<GroupMember>> members) {
    return get(members).stream().map(GroupMember::node).toList();
  }

  private static <T> T get(Future<T> future) {
    try {
      return future.await(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }
}
