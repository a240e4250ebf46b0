package dev.groundup.node;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.groundup.common.shard.RoutingMode;
import dev.groundup.testkit.LineClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** Limits that need their own settings: small rooms, short idle and line timeouts. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LimitsIT {

  private TestCluster cluster;

  @BeforeAll
  void start() throws Exception {
    cluster =
        TestCluster.start(
            "LimitsIT",
            RoutingMode.SHARDED,
            1,
            Map.of(
                "GROUNDUP_ROOM_MAX_PLAYERS", "2",
                "GROUNDUP_IDLE_SECONDS", "2",
                "GROUNDUP_LINE_TIMEOUT_SECONDS", "1"));
  }

  @AfterAll
  void stop() {
    cluster.close();
  }

  @Test
  void aFullRoomRefusesAndTheRefusedPlayerStaysWhereItWas() {
    try (LineClient a = cluster.login("full-a");
        LineClient b = cluster.login("full-b");
        LineClient c = cluster.login("full-c")) {
      a.request(2, "{\"op\":\"join\",\"room\":\"small\"}");
      b.request(2, "{\"op\":\"join\",\"room\":\"small\"}");
      c.request(2, "{\"op\":\"join\",\"room\":\"other\"}");
      JsonNode full = c.request(3, "{\"op\":\"join\",\"room\":\"small\"}");
      assertThat(full.path("ev").asText()).isEqualTo("error");
      assertThat(full.path("code").asText()).isEqualTo("room_full");
      assertThat(full.path("id").asInt()).isEqualTo(3);
      // c is still in its room: it can move there and its state comes from there
      assertThat(c.request(4, "{\"op\":\"move\",\"dir\":\"n\"}").path("ev").asText())
          .isEqualTo("ack");
      JsonNode state =
          c.awaitSeen(
              "state of other", e -> Play.stateWithSteps(e, "full-c", 1), LineClient.TIMEOUT);
      assertThat(state.path("room").asText()).isEqualTo("other");
      assertThat(c.request(5, "{\"op\":\"leave\"}").path("room").asText()).isEqualTo("other");
    }
  }

  @Test
  void aSilentConnectionGetsByeIdle() {
    try (LineClient c = cluster.connect()) {
      JsonNode bye =
          c.await("bye", e -> "bye".equals(e.path("ev").asText()), Duration.ofSeconds(10));
      assertThat(bye.path("reason").asText()).isEqualTo("idle");
      assertThat(c.awaitClosed(LineClient.TIMEOUT)).isTrue();
    }
  }

  @Test
  void aLineThatNeverEndsIsAbuse() {
    try (LineClient c = cluster.connect()) {
      c.sendRaw("{\"op\":\"ping\"".getBytes(StandardCharsets.UTF_8));
      JsonNode bye =
          c.await("bye", e -> "bye".equals(e.path("ev").asText()), Duration.ofSeconds(10));
      assertThat(bye.path("reason").asText()).isEqualTo("abuse");
      assertThat(c.awaitClosed(LineClient.TIMEOUT)).isTrue();
    }
  }

  @Test
  void aHugeUnterminatedLineIsRefusedWithoutHarmingOthers() {
    try (LineClient bystander = cluster.login("bystander");
        LineClient c = cluster.connect()) {
      byte[] chunk = "x".repeat(64 * 1024).getBytes(StandardCharsets.UTF_8);
      for (int i = 0; i < 16; i++) {
        c.sendRaw(chunk);
      }
      assertThat(c.awaitEv("error").path("code").asText()).isEqualTo("too_long");
      assertThat(bystander.request(9, "{\"op\":\"ping\"}").path("ev").asText()).isEqualTo("pong");
      assertThat(
              c.await("bye", e -> "bye".equals(e.path("ev").asText()), Duration.ofSeconds(10))
                  .path("reason")
                  .asText())
          .isEqualTo("abuse");
    }
  }
}
