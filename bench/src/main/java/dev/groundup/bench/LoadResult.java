package dev.groundup.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;

/**
 * What one load-generator run reported (its {@code RESULT} JSON line), as the suite uses it.
 *
 * @param offered the scheduled rate (open loop), or 0 for closed loop and idle runs
 * @param achieved answers a second during the measurement
 * @param failed errors, unsent and lost requests together (answers that were not the expected one)
 * @param histogram the run's percentile distribution file ({@code .hgrm})
 * @param heapPerConnection idle runs: live heap per connection over the measured processes, bytes
 *     (NaN otherwise)
 * @param rssPerConnection idle runs: resident memory per connection, bytes (NaN otherwise)
 */
record LoadResult(
    double offered,
    double achieved,
    long sent,
    long answered,
    long failed,
    double p50,
    double p90,
    double p99,
    double p999,
    double max,
    Path histogram,
    double heapPerConnection,
    double rssPerConnection,
    double setupRate,
    JsonNode raw) {

  static LoadResult of(JsonNode r) {
    long failed =
        r.path("errors_total").asLong() + r.path("unsent").asLong() + r.path("lost").asLong();
    return new LoadResult(
        r.path("offered_rate").asDouble(0),
        r.path("achieved_rate").asDouble(0),
        r.path("sent").asLong(),
        r.path("answered").asLong(),
        failed,
        r.path("latency_p50_ms").asDouble(Double.NaN),
        r.path("latency_p90_ms").asDouble(Double.NaN),
        r.path("latency_p99_ms").asDouble(Double.NaN),
        r.path("latency_p999_ms").asDouble(Double.NaN),
        r.path("latency_max_ms").asDouble(Double.NaN),
        r.path("histogram_file").isTextual() ? Path.of(r.path("histogram_file").asText()) : null,
        number(r.path("heap_per_connection_bytes")),
        number(r.path("rss_per_connection_bytes")),
        r.path("setup_rate").asDouble(Double.NaN),
        r);
  }

  private static double number(JsonNode n) {
    return n.isNumber() ? n.asDouble() : Double.NaN;
  }

  /**
   * Whether the configuration kept up with this open-loop rate: nearly all of it answered, nothing
   * refused, and the tail still below a second (a queue that grows shows as a tail of seconds).
   */
  boolean keptUp() {
    return achieved >= 0.95 * offered && failed <= sent / 1000 && p999 < 1000;
  }
}
