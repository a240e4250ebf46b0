package dev.groundup.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * Property-based tests (jqwik) of {@link LineFramer}: arbitrary bytes, rich in line endings, fed in
 * pieces cut at arbitrary points, frame exactly as the whole stream split at its {@code \n}s would
 * (a model written independently here), and the framer never holds more than the line limit plus
 * one byte, whatever arrives. Tries per property: {@code jqwik.tries.default} (500; {@code -Pfuzz}
 * more).
 */
class FramerFuzzTest {

  private static final String TOO_LONG = "<too long>";

  private static final class Collector implements LineFramer.Sink {
    final List<String> events = new ArrayList<>();

    @Override
    public void line(byte[] bytes, int length) {
      assertThat(length).isBetween(0, bytes.length);
      events.add(hex(Arrays.copyOf(bytes, length)));
    }

    @Override
    public void tooLong() {
      events.add(TOO_LONG);
    }
  }

  /** Bytes of every value, with line endings and JSON punctuation far more often than chance. */
  @Provide
  Arbitrary<byte[]> streams() {
    Arbitrary<Byte> any = Arbitraries.bytes();
    Arbitrary<Byte> special =
        Arbitraries.of(
            (byte) '\n', (byte) '\r', (byte) '{', (byte) '"', (byte) 0, (byte) 0xFF, (byte) 0xC3);
    Arbitrary<Byte> b =
        Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(6, any), net.jqwik.api.Tuple.of(2, special));
    return b.list().ofMaxSize(600).map(FramerFuzzTest::toArray);
  }

  @Property
  void anySplitFramesLikeTheWholeStreamSplitAtItsNewlines(
      @ForAll("streams") byte[] stream,
      @ForAll @Size(max = 20) List<@IntRange(min = 0, max = 600) Integer> cuts,
      @ForAll @IntRange(min = 1, max = 80) int max)
      throws Exception {
    LineFramer framer = new LineFramer(max);
    Collector collector = new Collector();
    TreeSet<Integer> points = new TreeSet<>();
    cuts.stream().filter(c -> c <= stream.length).forEach(points::add);
    points.add(stream.length);
    int from = 0;
    for (int to : points) {
      // fed from a fresh array that starts at 0, as Connection does with each buffer
      byte[] piece = Arrays.copyOfRange(stream, from, to);
      framer.feed(piece, piece.length, collector);
      assertThat(held(framer)).isLessThanOrEqualTo(max + 1);
      from = to;
    }
    Model model = Model.of(stream, max);
    assertThat(collector.events).isEqualTo(model.events);
    assertThat(framer.inLine()).isEqualTo(model.tailOpen);
  }

  /**
   * Huge lines (many times the limit) between short ones: the short ones all come through, memory
   * stays bounded.
   */
  @Property
  void hugeLinesAreReportedOnceAndNeverBuffered(
      @ForAll @IntRange(min = 64, max = 512) int max,
      @ForAll @IntRange(min = 1, max = 40) int factor,
      @ForAll @IntRange(min = 1, max = 4096) int chunk)
      throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes("{\"op\":\"ping\"}\n".getBytes());
    out.writeBytes("x".repeat(max * factor + 2).getBytes());
    out.writeBytes("\r\n{\"op\":\"quit\"}\r\n".getBytes());
    byte[] stream = out.toByteArray();
    LineFramer framer = new LineFramer(max);
    Collector collector = new Collector();
    for (int from = 0; from < stream.length; from += chunk) {
      byte[] piece = Arrays.copyOfRange(stream, from, Math.min(stream.length, from + chunk));
      framer.feed(piece, piece.length, collector);
      assertThat(capacity(framer)).isLessThanOrEqualTo(max + 1);
    }
    assertThat(collector.events)
        .containsExactly(
            hex("{\"op\":\"ping\"}".getBytes()), TOO_LONG, hex("{\"op\":\"quit\"}".getBytes()));
  }

  /** What the framer must report for a whole stream, computed without it. */
  private record Model(List<String> events, boolean tailOpen) {

    static Model of(byte[] stream, int max) {
      List<String> events = new ArrayList<>();
      int start = 0;
      for (int i = 0; i < stream.length; i++) {
        if (stream[i] == '\n') {
          int end = i;
          if (end > start && stream[end - 1] == '\r') {
            end--;
          }
          events.add(end - start > max ? TOO_LONG : hex(Arrays.copyOfRange(stream, start, end)));
          start = i + 1;
        }
      }
      int tail = stream.length - start;
      if (tail > max + 1) {
        events.add(TOO_LONG);
      }
      return new Model(events, tail > 0);
    }
  }

  private static String hex(byte[] bytes) {
    return java.util.HexFormat.of().formatHex(bytes);
  }

  private static byte[] toArray(List<Byte> list) {
    byte[] a = new byte[list.size()];
    for (int i = 0; i < a.length; i++) {
      a[i] = list.get(i);
    }
    return a;
  }

  private static int held(LineFramer framer) throws Exception {
    Field f = LineFramer.class.getDeclaredField("length");
    f.setAccessible(true);
    return f.getInt(framer);
  }

  private static int capacity(LineFramer framer) throws Exception {
    Field f = LineFramer.class.getDeclaredField("buffer");
    f.setAccessible(true);
    byte[] buffer = (byte[]) f.get(framer);
    return buffer == null ? 0 : buffer.length;
  }
}
