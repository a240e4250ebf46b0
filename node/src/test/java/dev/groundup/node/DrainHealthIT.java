package dev.groundup.node;

import static org.assertj.core.api.Assertions.assertThat;

import dev.groundup.common.testing.Ports;
import dev.groundup.testkit.Await;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGTERM on a shard node process (what Kubernetes sends): from the moment it starts draining its
 * {@code /health/ready} answers 503 while {@code /health/live} still answers 200, until it has
 * handed its shards to the other shard node and left; the node that took them counts them. A shard
 * node killed with SIGKILL releases nothing: the node that loads its shards counts takeovers.
 */
class DrainHealthIT {

  @TempDir(cleanup = CleanupMode.ON_SUCCESS)
  Path dir;

  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  /** The status of a GET, or -1 if nothing answers (the node is gone). */
  private int status(int port, String path) {
    try {
      return http.send(
              HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                  .timeout(Duration.ofSeconds(5))
                  .build(),
              HttpResponse.BodyHandlers.discarding())
          .statusCode();
    } catch (IOException e) {
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  private String scrape(int port) throws Exception {
    return http.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics")).build(),
            HttpResponse.BodyHandlers.ofString())
        .body();
  }

  @Test
  void aShardNodeOnSigtermIsNotReadyWhileItDrainsAndAKilledOnesShardsAreTakenOver()
      throws Exception {
    try (ProcessCluster cluster = new ProcessCluster(dir, 1, Map.of());
        http) {
      cluster.startRegistries();
      int http1 = Ports.free();
      int http2 = Ports.free();
      NodeProcess shard1 =
          cluster.start(
              "shard-1",
              dev.groundup.common.cluster.Role.SHARD,
              Ports.free(),
              Map.of("GROUNDUP_HTTP_PORT", Integer.toString(http1)));
      NodeProcess shard2 =
          cluster.start(
              "shard-2",
              dev.groundup.common.cluster.Role.SHARD,
              Ports.free(),
              Map.of("GROUNDUP_HTTP_PORT", Integer.toString(http2)));
      shard1.awaitReady(ProcessCluster.READY);
      shard2.awaitReady(ProcessCluster.READY);
      assertThat(shard2.port("http")).isEqualTo(http2);
      Await.until(
          "both shard nodes ready",
          ProcessCluster.READY,
          () -> status(http1, "/health/ready") == 200 && status(http2, "/health/ready") == 200);
      double takenBefore =
          HealthMetricsIT.sum(scrape(http1), "groundup_shard_handoffs_total{direction=\"in\"}");

      shard2.process().destroy(); // SIGTERM
      AtomicBoolean liveWhileDraining = new AtomicBoolean();
      Await.until(
          "shard-2 answers 503 on /health/ready while it drains",
          ProcessCluster.READY,
          () -> {
            int ready = status(http2, "/health/ready");
            if (ready == -1 && !shard2.isAlive()) {
              throw new AssertionError("shard-2 exited before /health/ready ever answered 503");
            }
            if (ready == 503) {
              liveWhileDraining.set(status(http2, "/health/live") == 200);
              return true;
            }
            return false;
          });
      assertThat(liveWhileDraining).as("live while draining").isTrue();
      assertThat(shard2.process().waitFor(60, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
      assertThat(shard2.process().exitValue()).isNotEqualTo(137);
      Await.until(
          "shard-1 took shard-2's shards",
          ProcessCluster.READY,
          () -> {
            try {
              return HealthMetricsIT.sum(
                      scrape(http1), "groundup_shard_handoffs_total{direction=\"in\"}")
                  > takenBefore;
            } catch (Exception e) {
              throw new AssertionError(e);
            }
          });
      assertThat(status(http1, "/health/ready")).isEqualTo(200);

      // a third shard node takes some shards and is killed: shard-1 takes them over without a
      // release
      int http3 = Ports.free();
      NodeProcess shard3 =
          cluster.start(
              "shard-3",
              dev.groundup.common.cluster.Role.SHARD,
              Ports.free(),
              Map.of("GROUNDUP_HTTP_PORT", Integer.toString(http3)));
      shard3.awaitReady(ProcessCluster.READY);
      Await.until(
          "shard-3 ready and serving shards",
          ProcessCluster.READY,
          () -> status(http3, "/health/ready") == 200);
      assertThat(HealthMetricsIT.sum(scrape(http1), "groundup_shard_takeovers_total")).isZero();
      shard3.kill();
      Await.until(
          "shard-1 counts the takeovers of shard-3's shards",
          ProcessCluster.READY,
          () -> {
            try {
              return HealthMetricsIT.sum(scrape(http1), "groundup_shard_takeovers_total") > 0;
            } catch (Exception e) {
              throw new AssertionError(e);
            }
          });
    }
  }
}
