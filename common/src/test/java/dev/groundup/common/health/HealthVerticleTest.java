package dev.groundup.common.health;

import static org.assertj.core.api.Assertions.assertThat;

import dev.groundup.common.cluster.Role;
import dev.groundup.common.metrics.NodeMetrics;
import dev.groundup.common.protocol.ErrorCode;
import dev.groundup.common.testing.Ports;
import io.vertx.core.Vertx;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The HTTP endpoints over a real socket, with health set by hand (the cluster ITs drive it for
 * real).
 */
class HealthVerticleTest {

  private final Vertx vertx = Vertx.vertx();
  private final HttpClient http = HttpClient.newHttpClient();
  private final int port = Ports.free();

  @AfterEach
  void close() throws Exception {
    vertx.close().await(10, TimeUnit.SECONDS);
    http.close();
  }

  private HttpResponse<String> get(String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void servesLivenessReadinessAndMetrics() throws Exception {
    NodeHealth health = new NodeHealth(vertx, Role.GATEWAY);
    health.liveWhile("hazelcast", () -> true);
    NodeMetrics metrics = new NodeMetrics();
    vertx
        .deployVerticle(new HealthVerticle(new HttpConfig("127.0.0.1", port), health, metrics))
        .await(10, TimeUnit.SECONDS);

    assertThat(get("/health/live").statusCode()).isEqualTo(200);
    HttpResponse<String> notReady = get("/health/ready");
    assertThat(notReady.statusCode()).isEqualTo(503);
    assertThat(notReady.body()).contains("\"cluster\"").contains("\"started\"");

    health.joined();
    health.started(Role.GATEWAY);
    assertThat(get("/health/ready").statusCode()).isEqualTo(200);

    health.drain();
    HttpResponse<String> draining = get("/health/ready");
    assertThat(draining.statusCode()).isEqualTo(503);
    assertThat(draining.body()).contains("draining");
    assertThat(get("/health/live").statusCode()).isEqualTo(200);

    metrics.playersConnected().set(3);
    metrics.errorSent(ErrorCode.BAD_JSON);
    HttpResponse<String> scrape = get("/metrics");
    assertThat(scrape.statusCode()).isEqualTo(200);
    assertThat(scrape.headers().firstValue("content-type"))
        .hasValueSatisfying(t -> assertThat(t).startsWith("text/plain"));
    assertThat(scrape.body())
        .contains("groundup_players_connected 3.0")
        .contains("groundup_errors_sent_total{code=\"bad_json\"} 1.0")
        .contains("groundup_errors_sent_total{code=\"unavailable\"} 0.0");
  }

  @Test
  void aNodeThatIsNotLiveAnswers503() throws Exception {
    NodeHealth health = new NodeHealth(vertx, Role.SHARD);
    health.liveWhile("shards", () -> false);
    vertx
        .deployVerticle(
            new HealthVerticle(new HttpConfig("127.0.0.1", port), health, new NodeMetrics()))
        .await(10, TimeUnit.SECONDS);
    HttpResponse<String> live = get("/health/live");
    assertThat(live.statusCode()).isEqualTo(503);
    assertThat(live.body()).contains("shards");
  }
}
