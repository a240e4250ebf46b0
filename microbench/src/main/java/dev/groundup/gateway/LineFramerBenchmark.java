package dev.groundup.gateway;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * {@link LineFramer} alone: one TCP read of 16 lines (every operation twice, the second time with
 * {@code \r\n} endings; 634 bytes) split into lines; and the same bytes arriving in reads of 7
 * bytes, so that every line is assembled from pieces. The sink only sums the lengths and last bytes
 * of the lines (the sum is returned, so nothing can be optimized away), so the time is the framer's
 * own.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class LineFramerBenchmark {

  private static final String[] OPS = {
    "login", "join", "move", "say", "leave", "ping", "top", "quit"
  };

  private byte[] read;
  private byte[][] pieces;
  private LineFramer framer;
  private final Summing sink = new Summing();

  /** Adds up what it is given; made once, outside the measurement. */
  private static final class Summing implements LineFramer.Sink {
    long sum;

    @Override
    public void line(byte[] bytes, int length) {
      sum += length + (length > 0 ? bytes[length - 1] : 0);
    }

    @Override
    public void tooLong() {
      sum = -1;
    }
  }

  @Setup
  public void setup() {
    StringBuilder lines = new StringBuilder();
    for (int i = 0; i < 2; i++) {
      for (String op : OPS) {
        lines.append(ClientLineBenchmark.line(op)).append(i == 0 ? "\n" : "\r\n");
      }
    }
    read = lines.toString().getBytes(UTF_8);
    pieces = new byte[(read.length + 6) / 7][];
    for (int i = 0; i < pieces.length; i++) {
      pieces[i] = Arrays.copyOfRange(read, 7 * i, Math.min(read.length, 7 * i + 7));
    }
    framer = new LineFramer(8192);
    if (sixteenLinesInOneRead() != sixteenLinesInReadsOf7Bytes() || framer.inLine()) {
      throw new IllegalStateException("the two ways of reading do not give the same lines");
    }
  }

  @Benchmark
  public long sixteenLinesInOneRead() {
    sink.sum = 0;
    framer.feed(read, read.length, sink);
    return sink.sum;
  }

  @Benchmark
  public long sixteenLinesInReadsOf7Bytes() {
    sink.sum = 0;
    for (byte[] piece : pieces) {
      framer.feed(piece, piece.length, sink);
    }
    return sink.sum;
  }
}
