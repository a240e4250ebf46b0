package dev.groundup.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Everything one suite run measured, in the order the report shows it. */
final class Results {

  /**
   * One configuration under {@code ping} load.
   *
   * @param closed the closed-loop run: its achieved rate is the configuration's maximum
   * @param ramp the open-loop steps at rising rates, up to the first one it did not keep up with
   * @param half the open-loop step at half the configuration's own maximum
   */
  record Design(
      String key, String label, LoadResult closed, List<LoadResult> ramp, LoadResult half) {

    /**
     * Round trips a second it sustained: the better of the closed loop and the open-loop steps it
     * kept up with.
     */
    double max() {
      return max(closed, ramp);
    }

    /** The better of the closed loop and the open-loop steps that kept up. */
    static double max(LoadResult closed, List<LoadResult> ramp) {
      return ramp.stream()
          .filter(LoadResult::keptUp)
          .mapToDouble(LoadResult::achieved)
          .reduce(closed.achieved(), Math::max);
    }

    /** The highest offered rate it kept up with, or 0. */
    double sustainedOpenLoop() {
      return ramp.stream()
          .filter(LoadResult::keptUp)
          .mapToDouble(LoadResult::offered)
          .max()
          .orElse(0);
    }
  }

  final Machine machine;
  final ZonedDateTime started;
  final SuiteOptions options;
  final List<String> notes = new ArrayList<>();
  final List<LoadResult> echoClosed = new ArrayList<>();
  LoadResult echoHalf;
  final Map<String, Design> designs = new LinkedHashMap<>();
  LoadResult move;
  LoadResult idle;
  JsonNode takeover;

  /** The JSON line of {@code ./groundup bench handoff}, or null if it was not run or failed. */
  JsonNode handoff;

  final List<String> commands = new ArrayList<>();
  Duration took;

  Results(Machine machine, ZonedDateTime started, SuiteOptions options) {
    this.machine = machine;
    this.started = started;
    this.options = options;
  }

  /** The baseline: the median of the echo server's closed-loop runs. */
  double echoMax() {
    double[] v = echoClosed.stream().mapToDouble(LoadResult::achieved).sorted().toArray();
    return v.length == 0 ? Double.NaN : v[v.length / 2];
  }
}
