package dev.groundup.common.supervision;

import java.time.Duration;
import java.util.Objects;

/**
 * How long a {@link Supervisor} waits before restarting a crashed child: {@code initial} before the
 * first of a run of consecutive restarts, then {@code multiplier} times longer each time, never
 * more than {@code max}. The run ends, and the next delay is {@code initial} again, once the child
 * has stayed up for {@code resetAfter} before crashing. A child that fails again while starting is
 * not up, so its delay keeps growing.
 */
public record Backoff(Duration initial, Duration max, double multiplier, Duration resetAfter) {

  /** Restart at once (after one event-loop timer tick). */
  public static final Backoff NONE = new Backoff(Duration.ZERO, Duration.ZERO, 1.0);

  public Backoff {
    Objects.requireNonNull(initial, "initial");
    Objects.requireNonNull(max, "max");
    Objects.requireNonNull(resetAfter, "resetAfter");
    if (initial.isNegative() || resetAfter.isNegative()) {
      throw new IllegalArgumentException(
          "delays must not be negative: " + initial + ", " + resetAfter);
    }
    if (max.compareTo(initial) < 0) {
      throw new IllegalArgumentException("max " + max + " is shorter than initial " + initial);
    }
    if (!(multiplier >= 1.0)) {
      throw new IllegalArgumentException("multiplier must be >= 1: " + multiplier);
    }
  }

  /** A backoff that resets once the child has stayed up as long as the longest delay. */
  public Backoff(Duration initial, Duration max, double multiplier) {
    this(initial, max, multiplier, max);
  }

  /** The delay before restart number {@code consecutive} (0 for the first) of a run. */
  public Duration delay(int consecutive) {
    double nanos = initial.toNanos() * Math.pow(multiplier, Math.max(0, consecutive));
    return nanos >= max.toNanos() ? max : Duration.ofNanos((long) nanos);
  }
}
