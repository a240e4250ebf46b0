package dev.groundup.node;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.groundup.common.Addresses;
import dev.groundup.common.registry.GroupMember;
import dev.groundup.common.registry.Registration;
import dev.groundup.common.registry.Registry;
import dev.groundup.common.shard.RoutingMode;
import dev.groundup.common.testing.Ports;
import dev.groundup.testkit.Await;
import dev.groundup.testkit.LineClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * How the system uses the registry: players, rooms and shard nodes are registered, across gateways.
 */
class RegistryUseIT {

  @Test
  void playersRoomsAndShardNodesAreRegisteredAndALoginOnAnotherGatewayReplacesTheOlder()
      throws Exception {
    try (TestCluster cluster =
        TestCluster.start("RegistryUseIT", RoutingMode.SHARDED, 2, Map.of())) {
      int secondPort = cluster.addGateway(Ports.free());
      Registry registry = Registry.create(cluster.registry.vertx(), cluster.registry);

      List<String> shardNodes = cluster.shards.stream().map(n -> n.nodeId()).toList();
      assertThat(await(registry.members(Addresses.SHARDS_GROUP)))
          .extracting(GroupMember::node)
          .containsExactlyInAnyOrderElementsOf(shardNodes);

      try (LineClient first = cluster.connect(cluster.port);
          LineClient second = cluster.connect(secondPort)) {
        JsonNode welcome = first.request(1, "{\"op\":\"login\",\"name\":\"roamer\"}");
        String token = welcome.path("token").asText();
        first.request(2, "{\"op\":\"join\",\"room\":\"plaza\"}");
        Await.until(
            "player and room registered",
            Duration.ofSeconds(10),
            () ->
                whereis(registry, "player:roamer").isPresent()
                    && whereis(registry, "room:plaza").isPresent());
        assertThat(whereis(registry, "player:roamer").map(Registration::node))
            .contains(cluster.gateway.nodeId());
        Registration room = whereis(registry, "room:plaza").orElseThrow();
        assertThat(shardNodes).contains(room.node());
        assertThat(room.address())
            .isEqualTo(Addresses.shard(cluster.ids().room("plaza"), room.node()));

        JsonNode again =
            second.request(1, "{\"op\":\"login\",\"name\":\"roamer\",\"token\":\"" + token + "\"}");
        assertThat(again.path("ev").asText()).isEqualTo("welcome");
        assertThat(first.awaitEv("bye").path("reason").asText()).isEqualTo("replaced");
        assertThat(first.awaitClosed(LineClient.TIMEOUT)).isTrue();
        String secondGateway = cluster.gateways.get(1).nodeId();
        Await.until(
            "the name to move to the second gateway",
            Duration.ofSeconds(10),
            () ->
                whereis(registry, "player:roamer")
                    .map(Registration::node)
                    .equals(Optional.of(secondGateway)));

        second.send("{\"op\":\"quit\"}");
        assertThat(second.awaitEv("bye").path("reason").asText()).isEqualTo("quit");
        Await.until(
            "the name to go with the connection",
            Duration.ofSeconds(10),
            () -> whereis(registry, "player:roamer").isEmpty());
        assertThat(whereis(registry, "room:plaza")).isPresent();
      }
      registry.close().await(10, TimeUnit.SECONDS);
    }
  }

  private static Optional<Registration> whereis(Registry registry, String name) {
    return await(registry.whereis(name));
  }

  private static <T> T await(io.vertx.core.Future<T> f) {
    try {
      return f.await(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }
}
