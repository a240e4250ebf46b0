package dev.groundup.common.supervision;

import java.time.Duration;
import java.util.Objects;

/**
 * How many restarts a {@link Supervisor} tolerates: at most {@code maxRestarts} within any {@code
 * period} (Erlang's {@code intensity} and {@code period}). One more and it gives up. Every crash
 * counts once, however many children its strategy restarts. With a {@link Backoff}, choose a period
 * longer than the delays, or restarts spread out by the backoff never add up to a give-up.
 */
public record Intensity(int maxRestarts, Duration period) {

  /** OTP's default: one restart in five seconds. */
  public static final Intensity OTP_DEFAULT = new Intensity(1, Duration.ofSeconds(5));

  public Intensity {
    Objects.requireNonNull(period, "period");
    if (maxRestarts < 0) {
      throw new IllegalArgumentException("maxRestarts must be >= 0: " + maxRestarts);
    }
    if (period.isNegative() || period.isZero()) {
      throw new IllegalArgumentException("period must be positive: " + period);
    }
  }
}
