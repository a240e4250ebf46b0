package dev.groundup.node;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.groundup.common.shard.RoutingMode;
import dev.groundup.testkit.LineClient;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The gateway's bound on requests waiting for the cluster ({@code GROUNDUP_MAX_IN_FLIGHT}): past
 * it, a request is refused at once with {@code unavailable}, the ones within it are served, and the
 * places come back once they are answered. Rooms tick once a second here, so a move stays in flight
 * (waiting for its tick to be applied and stored) long enough to fill the bound deterministically.
 */
class OverloadIT {

  @Test
  void requestsPastTheBoundAreRefusedAtOnceAndTheRestAreServed() throws Exception {
    try (TestCluster cluster =
            TestCluster.start(
                "OverloadIT",
                RoutingMode.SHARDED,
                1,
                Map.of(
                    "GROUNDUP_TICK_HZ",
                    "1",
                    "GROUNDUP_MAX_IN_FLIGHT",
                    "2",
                    "GROUNDUP_GATEWAY_INSTANCES",
                    "1"));
        LineClient c = cluster.login("busy")) {
      c.request(1, "{\"op\":\"join\",\"room\":\"slow\"}");
      // three moves in one write: two fill the bound until their tick, the third finds it full
      c.sendRaw(
          ("{\"op\":\"move\",\"dir\":\"e\",\"id\":2}\n{\"op\":\"move\",\"dir\":\"e\",\"id\":3}\n"
                  + "{\"op\":\"move\",\"dir\":\"e\",\"id\":4}\n")
              .getBytes(StandardCharsets.UTF_8));
      JsonNode refused = c.awaitSeenId(4);
      assertThat(refused.path("ev").asText()).isEqualTo("error");
      assertThat(refused.path("code").asText()).isEqualTo("unavailable");
      assertThat(refused.path("msg").asText()).contains("overloaded");
      // the two within the bound were applied and acknowledged
      assertThat(c.awaitSeenId(2).path("ev").asText()).isEqualTo("ack");
      assertThat(c.awaitSeenId(3).path("ev").asText()).isEqualTo("ack");
      // and their places are free again
      assertThat(c.request(5, "{\"op\":\"ping\"}").path("ev").asText()).isEqualTo("pong");
      assertThat(c.request(6, "{\"op\":\"move\",\"dir\":\"w\"}").path("ev").asText())
          .isEqualTo("ack");
    }
  }
}
