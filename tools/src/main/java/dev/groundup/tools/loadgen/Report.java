package dev.groundup.tools.loadgen;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * The outcome of a run as one JSON object (the {@code RESULT} line; its fields are listed in {@link
 * Loadgen}), a summary for people made from that same object, and the files: the HdrHistogram
 * percentile distribution in milliseconds ({@code .hgrm}) and the JSON ({@code .json}).
 */
final class Report {

  /** The memory of one server process before and after the connections were opened. */
  record MemoryRow(
      ServerMemory.Target target, ServerMemory.Sample before, ServerMemory.Sample after) {}

  private static final ObjectMapper JSON = new ObjectMapper();

  private Report() {}

  static ObjectNode result(
      Settings s,
      Stats stats,
      List<MemoryRow> memory,
      List<String> warnings,
      Instant started,
      Path histogramFile,
      Path resultFile) {
    double seconds = Durations.seconds(s.duration());
    ObjectNode r = JSON.createObjectNode();
    r.put("tool", "groundup-loadgen");
    r.put("version", 1);
    r.put("started_at", started.toString());
    r.put("mode", s.mode().wire());
    r.put("host", s.host());
    r.put("port", s.port());
    r.put("connections", s.connections());
    r.put("connected", stats.connected());
    r.put("processes", s.processes());
    r.put("rooms", s.rooms());
    r.put("pipeline", s.mode() == Mode.CLOSED ? s.pipeline() : 0);
    r.put("prefix", s.prefix());
    r.put("warmup_s", Durations.seconds(s.warmup()));
    r.put("duration_s", seconds);
    if (s.mode().openLoop()) {
      r.put("offered_rate", s.rate());
    } else {
      r.putNull("offered_rate");
    }
    r.put("sent", stats.sent());
    r.put("sent_rate", round(stats.sent() / seconds));
    r.put("answered", stats.answered());
    r.put("achieved_rate", round(stats.answered() / seconds));
    r.put("unsent", stats.unsent());
    r.put("lost", stats.lost());
    r.put("errors_total", stats.errorsTotal());
    r.set("errors", JSON.valueToTree(new java.util.TreeMap<>(stats.errors())));
    r.put("unexpected_total", stats.unexpectedTotal());
    r.set("unexpected", JSON.valueToTree(new java.util.TreeMap<>(stats.unexpected())));
    r.put("disconnects", stats.disconnects());
    r.set("events", JSON.valueToTree(new java.util.TreeMap<>(stats.events())));
    Histogram h = stats.latency();
    r.put("latency_count", h.getTotalCount());
    putMillis(r, "latency_p50_ms", Histograms.percentileMillis(h, 50));
    putMillis(r, "latency_p90_ms", Histograms.percentileMillis(h, 90));
    putMillis(r, "latency_p99_ms", Histograms.percentileMillis(h, 99));
    putMillis(r, "latency_p999_ms", Histograms.percentileMillis(h, 99.9));
    putMillis(r, "latency_max_ms", h.getTotalCount() == 0 ? null : h.getMaxValue() / 1000.0);
    putMillis(r, "latency_mean_ms", h.getTotalCount() == 0 ? null : h.getMean() / 1000.0);
    Histogram lag = stats.sendLag();
    putMillis(r, "send_lag_p99_ms", Histograms.percentileMillis(lag, 99));
    putMillis(r, "send_lag_max_ms", lag.getTotalCount() == 0 ? null : lag.getMaxValue() / 1000.0);
    r.put("setup_ms", round(stats.setupNanos() / 1e6));
    r.put(
        "setup_rate",
        stats.setupNanos() == 0 ? 0 : round(stats.connected() / (stats.setupNanos() / 1e9)));
    putSetupStep(r, "login", stats.login());
    putSetupStep(r, "join", stats.join());
    putMemory(r, memory, stats.connected());
    ArrayNode w = r.putArray("warnings");
    warnings.forEach(w::add);
    r.put("histogram_file", histogramFile.toString());
    r.put("result_file", resultFile.toString());
    return r;
  }

  private static void putSetupStep(ObjectNode r, String step, Histogram h) {
    putMillis(r, step + "_p50_ms", Histograms.percentileMillis(h, 50));
    putMillis(r, step + "_p99_ms", Histograms.percentileMillis(h, 99));
    putMillis(r, step + "_max_ms", h.getTotalCount() == 0 ? null : h.getMaxValue() / 1000.0);
  }

  private static void putMemory(ObjectNode r, List<MemoryRow> memory, long connected) {
    ArrayNode servers = r.putArray("servers");
    long heap = 0;
    long rss = 0;
    for (MemoryRow m : memory) {
      ObjectNode n = servers.addObject();
      n.put("label", m.target().label());
      n.put("pid", m.target().pid());
      n.put("heap_before_bytes", m.before().liveHeapBytes());
      n.put("heap_after_bytes", m.after().liveHeapBytes());
      n.put(
          "heap_per_connection_bytes",
          perConnection(m.after().liveHeapBytes() - m.before().liveHeapBytes(), connected));
      n.put("rss_before_bytes", m.before().rssBytes());
      n.put("rss_after_bytes", m.after().rssBytes());
      n.put(
          "rss_per_connection_bytes",
          perConnection(m.after().rssBytes() - m.before().rssBytes(), connected));
      heap += m.after().liveHeapBytes() - m.before().liveHeapBytes();
      rss += m.after().rssBytes() - m.before().rssBytes();
    }
    if (memory.isEmpty() || connected == 0) {
      r.putNull("heap_per_connection_bytes");
      r.putNull("rss_per_connection_bytes");
    } else {
      r.put("heap_per_connection_bytes", perConnection(heap, connected));
      r.put("rss_per_connection_bytes", perConnection(rss, connected));
    }
  }

  private static double perConnection(long delta, long connected) {
    return connected == 0 ? 0 : round(delta / (double) connected);
  }

  private static void putMillis(ObjectNode r, String field, Double millis) {
    if (millis == null) {
      r.putNull(field);
    } else {
      r.put(field, Math.round(millis * 1000) / 1000.0);
    }
  }

  private static double round(double v) {
    return Double.isFinite(v) ? Math.round(v * 10) / 10.0 : 0;
  }

  /** The summary for people, from the RESULT object. */
  static String summary(JsonNode r) {
    StringBuilder b = new StringBuilder();
    String mode = r.path("mode").asText();
    line(
        b,
        "groundup loadgen: %s against %s:%d, prefix %s",
        mode,
        r.path("host").asText(),
        r.path("port").asInt(),
        r.path("prefix").asText());
    line(
        b,
        "  connections    %d of %d ready, %d process(es)%s",
        r.path("connected").asLong(),
        r.path("connections").asLong(),
        r.path("processes").asInt(),
        r.path("rooms").asInt() > 0 ? ", " + r.path("rooms").asInt() + " rooms" : "");
    line(
        b,
        "  setup          %.0f ms (%.0f connections/s); login p50 %s p99 %s max %s ms%s",
        r.path("setup_ms").asDouble(),
        r.path("setup_rate").asDouble(),
        num(r.path("login_p50_ms")),
        num(r.path("login_p99_ms")),
        num(r.path("login_max_ms")),
        r.path("join_p50_ms").isNull()
            ? ""
            : "; join p50 "
                + num(r.path("join_p50_ms"))
                + " p99 "
                + num(r.path("join_p99_ms"))
                + " max "
                + num(r.path("join_max_ms"))
                + " ms");
    line(
        b,
        "  measured       %s s after %s s of warm-up%s",
        num(r.path("duration_s")),
        num(r.path("warmup_s")),
        mode.equals("closed") ? ", pipeline " + r.path("pipeline").asInt() : "");
    if (!r.path("offered_rate").isNull()) {
      line(b, "  offered rate   %.1f msg/s", r.path("offered_rate").asDouble());
    }
    line(
        b,
        "  sent           %d (%.1f/s), unsent %d",
        r.path("sent").asLong(),
        r.path("sent_rate").asDouble(),
        r.path("unsent").asLong());
    line(
        b,
        "  achieved rate  %.1f answers/s (%d answered, %d lost)",
        r.path("achieved_rate").asDouble(),
        r.path("answered").asLong(),
        r.path("lost").asLong());
    line(b, "  errors         %s", counts(r.path("errors")));
    line(b, "  unexpected     %s", counts(r.path("unexpected")));
    line(b, "  disconnects    %d", r.path("disconnects").asLong());
    if (!r.path("events").isEmpty()) {
      line(b, "  room events    %s", counts(r.path("events")));
    }
    if (r.path("latency_count").asLong() > 0) {
      line(
          b,
          "  latency (ms)   p50 %s  p90 %s  p99 %s  p99.9 %s  max %s  (%d samples, %s)",
          num(r.path("latency_p50_ms")),
          num(r.path("latency_p90_ms")),
          num(r.path("latency_p99_ms")),
          num(r.path("latency_p999_ms")),
          num(r.path("latency_max_ms")),
          r.path("latency_count").asLong(),
          mode.equals("closed") ? "from the actual send time" : "from the intended send time");
    } else {
      line(b, "  latency (ms)   no answers measured");
    }
    if (!r.path("send_lag_max_ms").isNull() && !mode.equals("closed")) {
      line(
          b,
          "  send lag (ms)  p99 %s  max %s  (how late the generator itself sent)",
          num(r.path("send_lag_p99_ms")),
          num(r.path("send_lag_max_ms")));
    }
    for (JsonNode s : r.path("servers")) {
      line(
          b,
          "  server %-22s live heap %s -> %s (%s/connection), RSS %s -> %s (%s/connection)",
          s.path("label").asText(),
          bytes(s.path("heap_before_bytes").asLong()),
          bytes(s.path("heap_after_bytes").asLong()),
          bytes((long) s.path("heap_per_connection_bytes").asDouble()),
          bytes(s.path("rss_before_bytes").asLong()),
          bytes(s.path("rss_after_bytes").asLong()),
          bytes((long) s.path("rss_per_connection_bytes").asDouble()));
    }
    if (!r.path("heap_per_connection_bytes").isNull()) {
      line(
          b,
          "  per connection live heap %s, RSS %s (all measured processes together)",
          bytes((long) r.path("heap_per_connection_bytes").asDouble()),
          bytes((long) r.path("rss_per_connection_bytes").asDouble()));
    }
    for (JsonNode w : r.path("warnings")) {
      line(b, "  warning        %s", w.asText());
    }
    line(
        b,
        "  files          %s, %s",
        r.path("histogram_file").asText(),
        r.path("result_file").asText());
    return b.toString();
  }

  private static void line(StringBuilder b, String format, Object... args) {
    b.append(String.format(Locale.ROOT, format, args)).append('\n');
  }

  private static String num(JsonNode n) {
    return n.isNull() || n.isMissingNode()
        ? "n/a"
        : String.format(Locale.ROOT, "%.3f", n.asDouble()).replaceAll("\\.?0+$", "");
  }

  private static String counts(JsonNode n) {
    if (n.isEmpty()) {
      return "none";
    }
    StringBuilder b = new StringBuilder();
    for (Map.Entry<String, JsonNode> e : n.properties()) {
      b.append(b.isEmpty() ? "" : ", ")
          .append(e.getKey())
          .append('=')
          .append(e.getValue().asLong());
    }
    return b.toString();
  }

  static String bytes(long n) {
    long abs = Math.abs(n);
    if (abs < 10 * 1024) {
      return n + " B";
    }
    if (abs < 10L * 1024 * 1024) {
      return String.format(Locale.ROOT, "%.1f KiB", n / 1024.0);
    }
    return String.format(Locale.ROOT, "%.1f MiB", n / (1024.0 * 1024));
  }

  /** Writes the percentile distribution (milliseconds) and the JSON, creating the directory. */
  static void write(Histogram latency, ObjectNode result, Path histogramFile, Path resultFile) {
    try {
      Files.createDirectories(histogramFile.toAbsolutePath().getParent());
      try (PrintStream out =
          new PrintStream(Files.newOutputStream(histogramFile), false, StandardCharsets.UTF_8)) {
        latency.outputPercentileDistribution(out, 1000.0);
      }
      Files.writeString(resultFile, result.toString() + "\n", StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new LoadgenException("cannot write the result files: " + e.getMessage(), e);
    }
  }
}
