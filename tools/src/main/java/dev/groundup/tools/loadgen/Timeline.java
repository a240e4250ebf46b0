package dev.groundup.tools.loadgen;

import java.time.Duration;

/**
 * The time line of a run on {@link System#nanoTime()}: load starts at {@code epoch}, the warm-up
 * lasts until {@link #measureStart()}, the measurement until {@link #end()}; nothing is sent after
 * that. Request ids are microseconds since the epoch (the intended send time in open-loop modes,
 * the actual send time in closed mode), which makes every request's phase and latency computable
 * from its answer alone.
 */
public record Timeline(long epochNanos, long warmupNanos, long durationNanos) {

  public static Timeline startingIn(Duration delay, Duration warmup, Duration duration) {
    return new Timeline(System.nanoTime() + delay.toNanos(), warmup.toNanos(), duration.toNanos());
  }

  public long measureStart() {
    return epochNanos + warmupNanos;
  }

  public long end() {
    return measureStart() + durationNanos;
  }

  /** Microseconds since the epoch. */
  public long micros(long nanos) {
    return Math.floorDiv(nanos - epochNanos, 1000L);
  }

  /** Whether a request with this id (microseconds since the epoch) belongs to the measurement. */
  public boolean measured(long idMicros) {
    return idMicros >= warmupNanos / 1000L && idMicros < (warmupNanos + durationNanos) / 1000L;
  }

  /** Whether something that happened at {@code nanos} happened during the measurement. */
  public boolean measuredAt(long nanos) {
    return nanos >= measureStart() && nanos < end();
  }
}
