package dev.groundup.tools.loadgen;

import java.nio.ByteBuffer;
import java.util.Base64;
import java.util.zip.DataFormatException;
import org.HdrHistogram.Histogram;

/**
 * Latency histograms in microseconds, up to an hour, three significant digits; and their transport
 * from a child process to its parent: HdrHistogram's compressed encoding in base64.
 */
public final class Histograms {

  /** One hour in microseconds; longer values are recorded as one hour. */
  public static final long HIGHEST_MICROS = 3_600_000_000L;

  public static final int DIGITS = 3;

  private Histograms() {}

  public static Histogram create() {
    return new Histogram(HIGHEST_MICROS, DIGITS);
  }

  /** Records {@code micros}, clamped to [0, {@link #HIGHEST_MICROS}]. */
  public static void record(Histogram h, long micros) {
    h.recordValue(Math.max(0, Math.min(HIGHEST_MICROS, micros)));
  }

  public static String encode(Histogram h) {
    ByteBuffer buffer = ByteBuffer.allocate(h.getNeededByteBufferCapacity());
    int length = h.encodeIntoCompressedByteBuffer(buffer);
    return Base64.getEncoder().encodeToString(java.util.Arrays.copyOf(buffer.array(), length));
  }

  public static Histogram decode(String base64) {
    try {
      Histogram decoded =
          Histogram.decodeFromCompressedByteBuffer(
              ByteBuffer.wrap(Base64.getDecoder().decode(base64)), HIGHEST_MICROS);
      Histogram h = create();
      h.add(decoded);
      return h;
    } catch (DataFormatException | RuntimeException e) {
      throw new IllegalArgumentException("not an encoded histogram: " + e.getMessage(), e);
    }
  }

  /** A new histogram holding the values of both. */
  public static Histogram sum(Histogram a, Histogram b) {
    Histogram h = create();
    h.add(a);
    h.add(b);
    return h;
  }

  /** The value at {@code percentile} in milliseconds, or {@code null} without values. */
  public static Double percentileMillis(Histogram h, double percentile) {
    return h.getTotalCount() == 0 ? null : h.getValueAtPercentile(percentile) / 1000.0;
  }
}
