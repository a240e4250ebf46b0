package dev.groundup.tools.loadgen;

import java.util.HashMap;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * The counters of one event loop while it runs: no locks, touched only on that loop. Every method
 * decides by the request's id (or by the time, for what has no id) whether it belongs to the
 * measurement; warm-up results are not kept. {@link #snapshot} turns it into {@link Stats}.
 */
final class Tally {

  /**
   * Distinct keys kept per map: the keys come from the server, which must not be able to grow our
   * memory.
   */
  static final int MAX_KEYS = 64;

  static final String OTHER = "(other)";

  private Timeline timeline;
  private long sent;
  private long answered;
  private long unsent;
  private long lost;
  private long disconnects;
  private final Map<String, Long> errors = new HashMap<>();
  private final Map<String, Long> events = new HashMap<>();
  private final Map<String, Long> unexpected = new HashMap<>();
  private final Histogram latency = Histograms.create();
  private final Histogram sendLag = Histograms.create();
  private final Histogram login = Histograms.create();
  private final Histogram join = Histograms.create();

  void start(Timeline t) {
    this.timeline = t;
  }

  boolean running() {
    return timeline != null;
  }

  Timeline timeline() {
    return timeline;
  }

  void sent(long idMicros, long lagNanos) {
    if (timeline.measured(idMicros)) {
      sent++;
      Histograms.record(sendLag, lagNanos / 1000L);
    }
  }

  void unsent(long idMicros) {
    if (timeline.measured(idMicros)) {
      unsent++;
    }
  }

  void answered(long idMicros, long nowNanos) {
    if (timeline.measured(idMicros)) {
      answered++;
      Histograms.record(latency, timeline.micros(nowNanos) - idMicros);
    }
  }

  /** An error answer; {@code idMicros} is {@link Inbound#NO_ID} when the error carried none. */
  void error(String code, long idMicros, long nowNanos) {
    boolean measured =
        idMicros == Inbound.NO_ID ? timeline.measuredAt(nowNanos) : timeline.measured(idMicros);
    if (measured) {
      count(errors, code == null ? "(none)" : code);
    }
  }

  void event(String ev, long nowNanos) {
    if (timeline.measuredAt(nowNanos)) {
      count(events, ev);
    }
  }

  void unexpected(String what) {
    count(unexpected, what);
  }

  /** How long a login took to be welcomed (setup, before any time line). */
  void login(long nanos) {
    Histograms.record(login, nanos / 1000L);
  }

  /** How long a join took to be answered {@code joined}. */
  void join(long nanos) {
    Histograms.record(join, nanos / 1000L);
  }

  private static void count(Map<String, Long> map, String key) {
    String k = key.length() > 64 ? key.substring(0, 64) : key;
    if (map.size() >= MAX_KEYS && !map.containsKey(k)) {
      k = OTHER;
    }
    map.merge(k, 1L, Long::sum);
  }

  void lost(long n) {
    lost += n;
  }

  void disconnected() {
    disconnects++;
  }

  Stats snapshot(long connected, long setupNanos, long stillOutstanding) {
    return new Stats(
        connected,
        setupNanos,
        sent,
        answered,
        unsent,
        lost + stillOutstanding,
        disconnects,
        errors,
        events,
        unexpected,
        latency.copy(),
        sendLag.copy(),
        login.copy(),
        join.copy());
  }
}
