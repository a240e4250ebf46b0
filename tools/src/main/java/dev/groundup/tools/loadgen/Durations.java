package dev.groundup.tools.loadgen;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations as people type them on a command line: {@code 30s}, {@code 500ms}, {@code 1.5s}, {@code
 * 2m}, {@code 1h}, {@code 30} (seconds).
 */
public final class Durations {

  private static final Pattern FORMAT = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(ms|s|m|h)?");

  private Durations() {}

  public static Duration parse(String text) {
    Matcher m = FORMAT.matcher(text.trim().toLowerCase(Locale.ROOT));
    if (!m.matches()) {
      throw new IllegalArgumentException(
          "'" + text + "' is not a duration (e.g. 30s, 500ms, 2m, 1h)");
    }
    BigDecimal amount = new BigDecimal(m.group(1));
    String unit = m.group(2) == null ? "s" : m.group(2);
    BigDecimal millis =
        switch (unit) {
          case "ms" -> amount;
          case "s" -> amount.movePointRight(3);
          case "m" -> amount.multiply(BigDecimal.valueOf(60_000));
          case "h" -> amount.multiply(BigDecimal.valueOf(3_600_000));
          default -> throw new IllegalStateException(unit);
        };
    if (millis.compareTo(BigDecimal.valueOf(Long.MAX_VALUE / 1_000_000)) > 0) {
      throw new IllegalArgumentException("'" + text + "' is too long");
    }
    return Duration.ofNanos(millis.movePointRight(6).longValue());
  }

  /** The shortest way to write {@code d} that {@link #parse} reads back exactly. */
  public static String format(Duration d) {
    long nanos = d.toNanos();
    if (nanos % 1_000_000_000L == 0) {
      return nanos / 1_000_000_000L + "s";
    }
    return BigDecimal.valueOf(nanos).movePointLeft(6).stripTrailingZeros().toPlainString() + "ms";
  }

  /** Seconds as a decimal number, for reports. */
  public static double seconds(Duration d) {
    return d.toNanos() / 1e9;
  }
}
