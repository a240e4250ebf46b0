package dev.groundup.node;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.groundup.common.cluster.ClusterNode;
import dev.groundup.common.cluster.NodeRunner.Started;
import dev.groundup.common.cluster.Role;
import dev.groundup.common.config.NodeConfig;
import dev.groundup.common.testing.ClusterHarness;
import dev.groundup.common.testing.Ports;
import dev.groundup.gateway.GatewayConfig;
import dev.groundup.gateway.GatewayMain;
import dev.groundup.registry.RegistryMain;
import dev.groundup.shard.ShardConfig;
import dev.groundup.shard.ShardMain;
import dev.groundup.testkit.Await;
import dev.groundup.testkit.LineClient;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Every node's HTTP endpoints in a real cluster in this JVM (a registry, two shard nodes, a
 * gateway, each with its own HTTP port): they report ready once they serve, their metrics move when
 * players play through the gateway, and a shard node that drains (what SIGTERM runs) reports 503 at
 * once while it stays live.
 */
class HealthMetricsIT {

  private static final Duration WAIT = Duration.ofSeconds(60);

  private final ClusterHarness harness = new ClusterHarness("health-metrics");
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @AfterEach
  void close() {
    http.close();
    harness.close();
  }

  private Map<String, String> env(Role role, int httpPort, Map<String, String> extra) {
    Map<String, String> env = new HashMap<>(extra);
    env.put("GROUNDUP_HTTP_PORT", Integer.toString(httpPort));
    return harness.env(role, env);
  }

  private int status(int port, String path) {
    return get(port, path).statusCode();
  }

  private HttpResponse<String> get(int port, String path) {
    try {
      return http.send(
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
              .timeout(Duration.ofSeconds(10))
              .build(),
          HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new AssertionError("GET " + path + " on port " + port + " failed: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /**
   * The sum of every sample of {@code metric} (all its tag sets) in a Prometheus text scrape; a
   * {@code metric} with its tags ({@code name{tag="v"}}) is that one sample.
   */
  static double sum(String scrape, String metric) {
    double total = 0;
    for (String line : scrape.split("\n")) {
      if (line.startsWith(metric + (metric.endsWith("}") ? " " : "{"))
          || line.startsWith(metric + " ")) {
        total += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
      }
    }
    return total;
  }

  private double metric(int port, String metric) {
    HttpResponse<String> scrape = get(port, "/metrics");
    assertThat(scrape.statusCode()).isEqualTo(200);
    return sum(scrape.body(), metric);
  }

  private void awaitReady(String node, int port) {
    Await.until(node + " ready", WAIT, () -> status(port, "/health/ready") == 200);
    assertThat(status(port, "/health/live")).isEqualTo(200);
  }

  @Test
  void nodesReportReadinessAndTheirMetricsFollowThePlay() throws Exception {
    int registryHttp = Ports.free();
    ClusterNode registry =
        harness.track(
            RegistryMain.start(
                    NodeConfig.fromEnv(Role.REGISTRY, env(Role.REGISTRY, registryHttp, Map.of())))
                .await(60, TimeUnit.SECONDS)
                .node());
    awaitReady("registry", registryHttp);
    assertThat(registry.config().http().port()).isEqualTo(registryHttp);

    int shard1Http = Ports.free();
    Started shard1 =
        ShardMain.start(ShardConfig.fromEnv(env(Role.SHARD, shard1Http, Map.of())))
            .await(60, TimeUnit.SECONDS);
    harness.track(shard1.node());
    int shard2Http = Ports.free();
    Started shard2 =
        ShardMain.start(ShardConfig.fromEnv(env(Role.SHARD, shard2Http, Map.of())))
            .await(60, TimeUnit.SECONDS);
    harness.track(shard2.node());
    awaitReady("shard-1", shard1Http);
    awaitReady("shard-2", shard2Http);

    int gatewayHttp = Ports.free();
    int players = Ports.free();
    harness.track(
        GatewayMain.start(
                GatewayConfig.fromEnv(
                    env(
                        Role.GATEWAY,
                        gatewayHttp,
                        Map.of(
                            "GROUNDUP_PORT",
                            Integer.toString(players),
                            "GROUNDUP_SHARD_WAIT_SECONDS",
                            "60"))))
            .await(90, TimeUnit.SECONDS)
            .node());
    awaitReady("gateway", gatewayHttp);

    // Vert.x's own metrics are in the same scrape as groundup's
    String gatewayScrape = get(gatewayHttp, "/metrics").body();
    assertThat(gatewayScrape).contains("groundup_players_connected").contains("vertx_");
    assertThat(sum(gatewayScrape, "groundup_players_connected")).isZero();
    double movesBefore =
        metric(shard1Http, "groundup_moves_applied_total")
            + metric(shard2Http, "groundup_moves_applied_total");
    assertThat(movesBefore).isZero();

    try (LineClient ada = login(players, "ada");
        LineClient bob = login(players, "bob")) {
      assertThat(ada.request(2, "{\"op\":\"join\",\"room\":\"lobby\"}").path("ev").asText())
          .isEqualTo("joined");
      assertThat(bob.request(2, "{\"op\":\"join\",\"room\":\"lobby\"}").path("ev").asText())
          .isEqualTo("joined");
      int acks = 0;
      for (int i = 0; i < 5; i++) {
        JsonNode answer =
            ada.request(10 + i, "{\"op\":\"move\",\"dir\":\"" + (i % 2 == 0 ? "e" : "w") + "\"}");
        assertThat(answer.path("ev").asText()).isEqualTo("ack");
        acks++;
      }
      assertThat(bob.request(20, "{\"op\":\"dance\"}").path("code").asText())
          .isEqualTo("unknown_op");

      assertThat(metric(gatewayHttp, "groundup_players_connected")).isEqualTo(2.0);
      assertThat(get(gatewayHttp, "/metrics").body())
          .contains("groundup_errors_sent_total{code=\"unknown_op\"} 1.0");
      int acked = acks;
      Await.until(
          "the shards count the moves, acks, ticks and the running room",
          WAIT,
          () ->
              metric(shard1Http, "groundup_moves_applied_total")
                          + metric(shard2Http, "groundup_moves_applied_total")
                      >= acked
                  && metric(shard1Http, "groundup_acks_sent_total")
                          + metric(shard2Http, "groundup_acks_sent_total")
                      >= acked
                  && metric(shard1Http, "groundup_tick_duration_seconds_count")
                          + metric(shard2Http, "groundup_tick_duration_seconds_count")
                      > 0
                  && metric(shard1Http, "groundup_rooms_running")
                          + metric(shard2Http, "groundup_rooms_running")
                      == 1);
      double ticks =
          metric(shard1Http, "groundup_tick_duration_seconds_count")
              + metric(shard2Http, "groundup_tick_duration_seconds_count");
      Await.until(
          "the room keeps ticking",
          WAIT,
          () ->
              metric(shard1Http, "groundup_tick_duration_seconds_count")
                      + metric(shard2Http, "groundup_tick_duration_seconds_count")
                  > ticks);
    }
    Await.until(
        "the gateway counts the players gone",
        WAIT,
        () -> metric(gatewayHttp, "groundup_players_connected") == 0);

    // the second shard node drains (what SIGTERM runs before it leaves): not ready at once, still
    // live,
    // and its shards are handed to the first node
    double takenBefore = handoffs(shard1Http, "in");
    var drained = shard2.drain().get();
    Await.until(
        "shard-2 reports not ready while it drains",
        WAIT,
        () -> status(shard2Http, "/health/ready") == 503);
    assertThat(get(shard2Http, "/health/ready").body()).contains("draining");
    assertThat(status(shard2Http, "/health/live")).isEqualTo(200);
    drained.await(60, TimeUnit.SECONDS);
    assertThat(status(shard2Http, "/health/ready")).isEqualTo(503);
    assertThat(handoffs(shard2Http, "out")).isPositive();
    Await.until(
        "shard-1 counts the shards it took", WAIT, () -> handoffs(shard1Http, "in") > takenBefore);
    assertThat(status(shard1Http, "/health/ready")).isEqualTo(200);
  }

  private double handoffs(int port, String direction) {
    return sum(
        get(port, "/metrics").body(),
        "groundup_shard_handoffs_total{direction=\"" + direction + "\"}");
  }

  private static LineClient login(int port, String name) {
    LineClient client = LineClient.connect(port);
    assertThat(client.next().path("ev").asText()).isEqualTo("hello");
    JsonNode welcome = client.request(1, "{\"op\":\"login\",\"name\":\"" + name + "\"}");
    assertThat(welcome.path("ev").asText()).isEqualTo("welcome");
    return client;
  }
}
