package dev.groundup.tools.loadgen;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportTest {

  @TempDir Path dir;

  private static Settings settings(Mode mode) {
    return new Settings(
        "127.0.0.1",
        7000,
        200,
        mode,
        mode.openLoop() ? 2000 : 0,
        Duration.ofSeconds(10),
        Duration.ofSeconds(3),
        0,
        "abc",
        1,
        1,
        List.of(),
        Path.of("out"),
        200,
        List.of(),
        null,
        List.of("gateway"),
        Duration.ofSeconds(60),
        Duration.ofSeconds(5),
        Duration.ofSeconds(60),
        2,
        -1,
        false);
  }

  private static Stats stats() {
    Histogram h = Histograms.create();
    for (long v = 1; v <= 20_000; v++) {
      Histograms.record(h, 200 + v % 1000);
    }
    Histograms.record(h, 25_000);
    Histogram login = Histograms.create();
    for (long v = 1; v <= 200; v++) {
      Histograms.record(login, 300_000 + v * 1000);
    }
    return new Stats(
        200,
        1_500_000_000L,
        20_001,
        20_001,
        0,
        0,
        0,
        Map.of("rate_limited", 2L),
        Map.of(),
        Map.of(),
        h,
        Histograms.create(),
        login,
        Histograms.create());
  }

  @Test
  void resultHasEveryDocumentedField() {
    ObjectNode r =
        Report.result(
            settings(Mode.PING),
            stats(),
            List.of(),
            List.of("careful"),
            Instant.EPOCH,
            Path.of("x.hgrm"),
            Path.of("x.json"));
    assertThat(r.properties().stream().map(Map.Entry::getKey).toList())
        .containsExactly(
            "tool",
            "version",
            "started_at",
            "mode",
            "host",
            "port",
            "connections",
            "connected",
            "processes",
            "rooms",
            "pipeline",
            "prefix",
            "warmup_s",
            "duration_s",
            "offered_rate",
            "sent",
            "sent_rate",
            "answered",
            "achieved_rate",
            "unsent",
            "lost",
            "errors_total",
            "errors",
            "unexpected_total",
            "unexpected",
            "disconnects",
            "events",
            "latency_count",
            "latency_p50_ms",
            "latency_p90_ms",
            "latency_p99_ms",
            "latency_p999_ms",
            "latency_max_ms",
            "latency_mean_ms",
            "send_lag_p99_ms",
            "send_lag_max_ms",
            "setup_ms",
            "setup_rate",
            "login_p50_ms",
            "login_p99_ms",
            "login_max_ms",
            "join_p50_ms",
            "join_p99_ms",
            "join_max_ms",
            "servers",
            "heap_per_connection_bytes",
            "rss_per_connection_bytes",
            "warnings",
            "histogram_file",
            "result_file");
    assertThat(r.path("offered_rate").asDouble()).isEqualTo(2000);
    assertThat(r.path("achieved_rate").asDouble()).isEqualTo(2000.1);
    assertThat(r.path("latency_p50_ms").asDouble()).isBetween(0.6, 0.8);
    assertThat(r.path("latency_max_ms").asDouble()).isBetween(24.9, 25.1);
    assertThat(r.path("latency_p50_ms").asDouble())
        .isLessThanOrEqualTo(r.path("latency_p90_ms").asDouble());
    assertThat(r.path("setup_ms").asDouble()).isEqualTo(1500);
    assertThat(r.path("setup_rate").asDouble()).isEqualTo(133.3);
    assertThat(r.path("errors").path("rate_limited").asLong()).isEqualTo(2);
    assertThat(r.path("send_lag_max_ms").isNull()).isTrue();
    assertThat(r.path("login_p50_ms").asDouble()).isBetween(399.0, 401.0);
    assertThat(r.path("login_max_ms").asDouble()).isBetween(499.0, 501.0);
    assertThat(r.path("join_p50_ms").isNull()).isTrue();
    assertThat(r.path("heap_per_connection_bytes").isNull()).isTrue();
    assertThat(r.toString()).doesNotContain("\n");
  }

  @Test
  void summaryIsReadable() {
    ObjectNode r =
        Report.result(
            settings(Mode.PING),
            stats(),
            List.of(),
            List.of("careful"),
            Instant.EPOCH,
            Path.of("x.hgrm"),
            Path.of("x.json"));
    String summary = Report.summary(r);
    assertThat(summary)
        .contains(
            "ping against 127.0.0.1:7000",
            "200 of 200 ready",
            "offered rate   2000.0 msg/s",
            "rate_limited=2",
            "unexpected     none",
            "login p50 400",
            "p99.9",
            "from the intended send time",
            "warning        careful",
            "x.hgrm");
  }

  @Test
  void idleMemoryIsPerConnection() {
    ServerMemory.Target gw = new ServerMemory.Target(5, "gateway-1 (gateway)");
    ServerMemory.Target shard = new ServerMemory.Target(6, "shard-1 (shard)");
    List<Report.MemoryRow> rows =
        List.of(
            new Report.MemoryRow(
                gw,
                new ServerMemory.Sample(5, 10_000_000, 100_000_000),
                new ServerMemory.Sample(5, 12_000_000, 103_000_000)),
            new Report.MemoryRow(
                shard,
                new ServerMemory.Sample(6, 20_000_000, 200_000_000),
                new ServerMemory.Sample(6, 20_200_000, 200_400_000)));
    ObjectNode r =
        Report.result(
            settings(Mode.IDLE),
            stats(),
            rows,
            List.of(),
            Instant.EPOCH,
            Path.of("x.hgrm"),
            Path.of("x.json"));
    JsonNode first = r.path("servers").get(0);
    assertThat(first.path("heap_per_connection_bytes").asDouble()).isEqualTo(10_000);
    assertThat(first.path("rss_per_connection_bytes").asDouble()).isEqualTo(15_000);
    assertThat(r.path("heap_per_connection_bytes").asDouble()).isEqualTo(11_000);
    assertThat(r.path("rss_per_connection_bytes").asDouble()).isEqualTo(17_000);
    assertThat(r.path("offered_rate").isNull()).isTrue();
    assertThat(Report.summary(r))
        .contains("gateway-1 (gateway)", "live heap", "per connection live heap");
  }

  @Test
  void writesTheHistogramInMillisecondsAndTheJson() throws Exception {
    ObjectNode r =
        Report.result(
            settings(Mode.PING),
            stats(),
            List.of(),
            List.of(),
            Instant.EPOCH,
            dir.resolve("a/b.hgrm"),
            dir.resolve("a/b.json"));
    Report.write(stats().latency(), r, dir.resolve("a/b.hgrm"), dir.resolve("a/b.json"));
    String hgrm = Files.readString(dir.resolve("a/b.hgrm"));
    assertThat(hgrm)
        .contains("Value     Percentile TotalCount 1/(1-Percentile)", "#[Max     =       25.0");
    assertThat(Files.readString(dir.resolve("a/b.json"))).isEqualTo(r + "\n");
  }
}
