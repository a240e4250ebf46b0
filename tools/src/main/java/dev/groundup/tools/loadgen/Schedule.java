package dev.groundup.tools.loadgen;

import java.util.random.RandomGenerator;

/**
 * When one connection of an open-loop run means to send: every {@code interval} nanoseconds from
 * {@code start + phase}, the phase drawn at random in {@code [0, interval)} so that the connections
 * do not all fire together. The k-th send is computed from k (not by adding intervals up), so the
 * schedule does not drift however long it runs.
 */
public record Schedule(long startNanos, double intervalNanos, long phaseNanos) {

  public Schedule {
    if (!(intervalNanos >= 1) || phaseNanos < 0 || phaseNanos >= Math.max(1, intervalNanos)) {
      throw new IllegalArgumentException(
          "interval " + intervalNanos + " ns, phase " + phaseNanos + " ns");
    }
  }

  /**
   * The schedule of one connection sending {@code perSecond} messages a second, with a random
   * phase.
   */
  public static Schedule of(long startNanos, double perSecond, RandomGenerator random) {
    double interval = intervalNanos(perSecond);
    return new Schedule(startNanos, interval, (long) (random.nextDouble() * interval));
  }

  public static double intervalNanos(double perSecond) {
    if (!(perSecond > 0) || perSecond > 1e9) {
      throw new IllegalArgumentException(
          "rate per connection must be above 0 and at most 1e9, not " + perSecond);
    }
    return 1e9 / perSecond;
  }

  /** The intended time of the k-th send (k from 0). */
  public long due(long k) {
    return startNanos + phaseNanos + (long) (k * intervalNanos);
  }
}
