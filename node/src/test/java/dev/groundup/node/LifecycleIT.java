package dev.groundup.node;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.groundup.common.cluster.ClusterNode;
import dev.groundup.common.shard.RoutingMode;
import dev.groundup.testkit.LineClient;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What players see when parts of the cluster go away. */
class LifecycleIT {

  @Test
  void withoutShardsOperationsAreUnavailableAndAStoppingGatewaySaysShutdown() throws Exception {
    try (TestCluster cluster = TestCluster.start("LifecycleIT", RoutingMode.SHARDED, 2, Map.of());
        LineClient player = cluster.login("survivor")) {
      player.request(2, "{\"op\":\"join\",\"room\":\"lobby\"}");
      for (ClusterNode shard : List.copyOf(cluster.shards)) {
        cluster.harness.stop(shard);
      }
      JsonNode ping = player.request(3, "{\"op\":\"ping\"}");
      assertThat(ping.path("ev").asText()).isEqualTo("error");
      assertThat(ping.path("code").asText()).isEqualTo("unavailable");
      JsonNode move = player.request(4, "{\"op\":\"move\",\"dir\":\"n\"}");
      assertThat(move.path("code").asText()).isEqualTo("unavailable");
      assertThat(player.isClosedByServer()).isFalse();

      cluster.harness.stop(cluster.gateway);
      assertThat(player.awaitEv("bye").path("reason").asText()).isEqualTo("shutdown");
      assertThat(player.awaitClosed(LineClient.TIMEOUT)).isTrue();
    }
  }
}
