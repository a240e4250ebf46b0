package dev.groundup.gateway;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LineFramerTest {

  private static final String TOO_LONG = "<too long>";

  /** Records what the framer reports; copies each line since the framer reuses its array. */
  private static final class Collector implements LineFramer.Sink {
    final List<String> events = new ArrayList<>();
    final List<byte[]> lines = new ArrayList<>();
    int tooLong;

    @Override
    public void line(byte[] bytes, int length) {
      assertThat(length).isBetween(0, bytes.length);
      byte[] copy = Arrays.copyOf(bytes, length);
      lines.add(copy);
      events.add(new String(copy, ISO_8859_1));
    }

    @Override
    public void tooLong() {
      tooLong++;
      events.add(TOO_LONG);
    }
  }

  private static byte[] bytes(String s) {
    return s.getBytes(ISO_8859_1);
  }

  private static void feed(LineFramer framer, String chunk, Collector sink) {
    byte[] b = bytes(chunk);
    framer.feed(b, b.length, sink);
  }

  private static List<String> feedAll(int maxLength, String... chunks) {
    LineFramer framer = new LineFramer(maxLength);
    Collector sink = new Collector();
    for (String chunk : chunks) {
      feed(framer, chunk, sink);
    }
    return sink.events;
  }

  private static String repeat(char c, int n) {
    return String.valueOf(c).repeat(n);
  }

  private static Object field(LineFramer framer, String name) {
    try {
      Field f = LineFramer.class.getDeclaredField(name);
      f.setAccessible(true);
      return f.get(framer);
    } catch (ReflectiveOperationException e) {
      throw new AssertionError(e);
    }
  }

  private static int bufferCapacity(LineFramer framer) {
    byte[] buffer = (byte[]) field(framer, "buffer");
    return buffer == null ? 0 : buffer.length;
  }

  private static int bufferedLength(LineFramer framer) {
    return (Integer) field(framer, "length");
  }

  // ---------------------------------------------------------------- endings

  @Test
  void lineEndedByNewline() {
    assertThat(feedAll(100, "{\"op\":\"ping\"}\n")).containsExactly("{\"op\":\"ping\"}");
  }

  @Test
  void lineEndedByCrLfHasTheCrStripped() {
    assertThat(feedAll(100, "hello\r\n")).containsExactly("hello");
  }

  @Test
  void onlyOneTrailingCrIsStripped() {
    assertThat(feedAll(100, "hello\r\r\n")).containsExactly("hello\r");
  }

  @Test
  void crInsideALineIsKept() {
    assertThat(feedAll(100, "a\rb\n", "\rc\n")).containsExactly("a\rb", "\rc");
  }

  @Test
  void lineWithoutEndingIsNotDelivered() {
    LineFramer framer = new LineFramer(100);
    Collector sink = new Collector();
    feed(framer, "no newline yet", sink);
    assertThat(sink.events).isEmpty();
    assertThat(framer.inLine()).isTrue();
    feed(framer, "\r", sink);
    assertThat(sink.events).isEmpty();
    assertThat(framer.inLine()).isTrue();
    feed(framer, "\n", sink);
    assertThat(sink.events).containsExactly("no newline yet");
    assertThat(framer.inLine()).isFalse();
  }

  @Test
  void severalLinesInOneChunk() {
    assertThat(feedAll(100, "one\ntwo\r\nthree\n\nfour\r\n"))
        .containsExactly("one", "two", "three", "", "four");
  }

  @Test
  void severalLinesInOneChunkWithATrailingPartialLine() {
    LineFramer framer = new LineFramer(100);
    Collector sink = new Collector();
    feed(framer, "one\ntwo\nthr", sink);
    assertThat(sink.events).containsExactly("one", "two");
    assertThat(framer.inLine()).isTrue();
    feed(framer, "ee\n", sink);
    assertThat(sink.events).containsExactly("one", "two", "three");
    assertThat(framer.inLine()).isFalse();
  }

  @Test
  void onlyTheFirstEndBytesOfTheArrayAreRead() {
    LineFramer framer = new LineFramer(100);
    Collector sink = new Collector();
    byte[] data = bytes("abc\ndef\nghi\n");
    framer.feed(data, 6, sink); // "abc\nde"
    assertThat(sink.events).containsExactly("abc");
    assertThat(framer.inLine()).isTrue();
    framer.feed(bytes("f\n"), 2, sink);
    assertThat(sink.events).containsExactly("abc", "def");
    framer.feed(data, 0, sink);
    assertThat(sink.events).containsExactly("abc", "def");
    assertThat(framer.inLine()).isFalse();
  }

  @Test
  void emptyChunksChangeNothing() {
    LineFramer framer = new LineFramer(100);
    Collector sink = new Collector();
    framer.feed(new byte[0], 0, sink);
    assertThat(framer.inLine()).isFalse();
    feed(framer, "ab", sink);
    framer.feed(new byte[0], 0, sink);
    assertThat(framer.inLine()).isTrue();
    feed(framer, "\n", sink);
    assertThat(sink.events).containsExactly("ab");
  }

  @Test
  void bytesAreDeliveredUnchanged() {
    byte[] all = new byte[256];
    int n = 0;
    for (int b = 0; b < 256; b++) {
      if (b != '\n') {
        all[n++] = (byte) b;
      }
    }
    // the last byte delivered must not be \r, which would be taken as part of the ending
    byte[] line = new byte[n + 1];
    System.arraycopy(all, 0, line, 0, n);
    line[n] = 'x';
    byte[] chunk = Arrays.copyOf(line, line.length + 1);
    chunk[line.length] = '\n';
    LineFramer framer = new LineFramer(1000);
    Collector sink = new Collector();
    framer.feed(chunk, chunk.length, sink);
    assertThat(sink.lines).hasSize(1);
    assertThat(sink.lines.get(0)).isEqualTo(line);
  }

  @Test
  void utf8IsPassedThroughAsBytes() {
    String text = "{\"op\":\"say\",\"text\":\"h\u00e9llo \uD83D\uDE00\"}";
    byte[] utf8 = (text + "\r\n").getBytes(UTF_8);
    LineFramer framer = new LineFramer(100);
    Collector sink = new Collector();
    // split inside the 4-byte emoji
    int split = text.getBytes(UTF_8).length - 4;
    framer.feed(Arrays.copyOfRange(utf8, 0, split), split, sink);
    byte[] rest = Arrays.copyOfRange(utf8, split, utf8.length);
    framer.feed(rest, rest.length, sink);
    assertThat(sink.lines).hasSize(1);
    assertThat(new String(sink.lines.get(0), UTF_8)).isEqualTo(text);
  }

  // ---------------------------------------------------------------- empty lines

  @Test
  void emptyLinesAreDeliveredWithLengthZero() {
    LineFramer framer = new LineFramer(100);
    Collector sink = new Collector();
    feed(framer, "\n\r\n\n", sink);
    assertThat(sink.lines).hasSize(3).allSatisfy(l -> assertThat(l).isEmpty());
    assertThat(sink.tooLong).isZero();
    assertThat(framer.inLine()).isFalse();
  }

  @Test
  void emptyLineAsTheVeryFirstInput() {
    assertThat(feedAll(100, "\n", "x\n")).containsExactly("", "x");
  }

  // ---------------------------------------------------------------- splitting

  @Test
  void oneLineSplitAtEveryByteBoundary() {
    String input = "{\"op\":\"login\",\"name\":\"alice\"}\r\n";
    for (int i = 0; i <= input.length(); i++) {
      assertThat(feedAll(100, input.substring(0, i), input.substring(i)))
          .as("split at %d", i)
          .containsExactly("{\"op\":\"login\",\"name\":\"alice\"}");
    }
  }

  @Test
  void severalLinesSplitAtEveryByteBoundary() {
    String input = "one\r\n\ntwo\nthree\r\n";
    for (int i = 0; i <= input.length(); i++) {
      assertThat(feedAll(100, input.substring(0, i), input.substring(i)))
          .as("split at %d", i)
          .containsExactly("one", "", "two", "three");
    }
  }

  @Test
  void oneLineByteByByte() {
    String input = "{\"op\":\"ping\",\"id\":1}\r\nnext\n";
    LineFramer framer = new LineFramer(100);
    Collector sink = new Collector();
    for (int i = 0; i < input.length(); i++) {
      feed(framer, input.substring(i, i + 1), sink);
      boolean endOfLine = input.charAt(i) == '\n';
      assertThat(framer.inLine()).as("after byte %d", i).isEqualTo(!endOfLine);
    }
    assertThat(sink.events).containsExactly("{\"op\":\"ping\",\"id\":1}", "next");
  }

  @Test
  void limitCasesSplitAtEveryByteBoundary() {
    int max = 8;
    String exact = repeat('a', max);
    String over = repeat('b', max + 1);
    String input = exact + "\n" + exact + "\r\n" + over + "\n" + over + "\r\n" + "ok\n";
    List<String> expected = List.of(exact, exact, TOO_LONG, TOO_LONG, "ok");
    for (int i = 0; i <= input.length(); i++) {
      assertThat(feedAll(max, input.substring(0, i), input.substring(i)))
          .as("split at %d", i)
          .containsExactlyElementsOf(expected);
      for (int j = i; j <= input.length(); j++) {
        assertThat(feedAll(max, input.substring(0, i), input.substring(i, j), input.substring(j)))
            .as("split at %d and %d", i, j)
            .containsExactlyElementsOf(expected);
      }
    }
    LineFramer framer = new LineFramer(max);
    Collector sink = new Collector();
    for (int i = 0; i < input.length(); i++) {
      feed(framer, input.substring(i, i + 1), sink);
    }
    assertThat(sink.events).containsExactlyElementsOf(expected);
  }

  // ---------------------------------------------------------------- the limit

  @Test
  void lineOfExactlyMaxLengthIsDelivered() {
    String line = repeat('x', 8192);
    assertThat(feedAll(8192, line + "\n")).containsExactly(line);
  }

  @Test
  void lineOfMaxLengthPlusOneIsTooLong() {
    assertThat(feedAll(8192, repeat('x', 8193) + "\n")).containsExactly(TOO_LONG);
  }

  @Test
  void lineOfMaxLengthWithCrLfIsDelivered() {
    String line = repeat('x', 8192);
    assertThat(feedAll(8192, line + "\r\n")).containsExactly(line);
  }

  @Test
  void lineOfMaxLengthPlusOneWithCrLfIsTooLong() {
    assertThat(feedAll(8192, repeat('x', 8193) + "\r\n")).containsExactly(TOO_LONG);
  }

  @Test
  void lineOfMaxLengthEndingInTwoCrsIsTooLong() {
    // max bytes + "\r" + "\r\n": only one \r is the ending, so the line has max + 1 bytes
    assertThat(feedAll(16, repeat('x', 16) + "\r\r\n", "ok\n")).containsExactly(TOO_LONG, "ok");
  }

  @Test
  void lineOfMaxLengthPlusOneWhoseLastByteIsCrButNoNewlineYet() {
    // max bytes then \r: could still be a \r\n ending, so nothing is reported yet
    LineFramer framer = new LineFramer(16);
    Collector sink = new Collector();
    feed(framer, repeat('x', 16) + "\r", sink);
    assertThat(sink.events).isEmpty();
    assertThat(framer.inLine()).isTrue();
    // ... but it was not the ending
    feed(framer, "y\nok\n", sink);
    assertThat(sink.events).containsExactly(TOO_LONG, "ok");
    assertThat(framer.inLine()).isFalse();
  }

  @Test
  void lineOfMaxLengthPlusOneIsReportedWhenItsEndingArrives() {
    LineFramer framer = new LineFramer(16);
    Collector sink = new Collector();
    feed(framer, repeat('x', 17), sink);
    assertThat(framer.inLine()).isTrue();
    feed(framer, "\n", sink);
    assertThat(sink.events).containsExactly(TOO_LONG);
    assertThat(framer.inLine()).isFalse();
    feed(framer, "ok\n", sink);
    assertThat(sink.events).containsExactly(TOO_LONG, "ok");
  }

  @Test
  void tooLongIsReportedAsSoonAsTheLimitIsPassedWithoutWaitingForTheEnding() {
    LineFramer framer = new LineFramer(16);
    Collector sink = new Collector();
    feed(framer, repeat('x', 18), sink);
    assertThat(sink.events).containsExactly(TOO_LONG);
    assertThat(framer.inLine()).isTrue();
  }

  @Test
  void tooLongLineIsReportedOnceAndTheRestIsSkipped() {
    LineFramer framer = new LineFramer(16);
    Collector sink = new Collector();
    feed(framer, repeat('x', 100) + "\n{\"op\":\"ping\"}\n", sink);
    assertThat(sink.events).containsExactly(TOO_LONG, "{\"op\":\"ping\"}");
    assertThat(framer.inLine()).isFalse();
  }

  @Test
  void restOfATooLongLineIsSkippedOverManyChunks() {
    LineFramer framer = new LineFramer(16);
    Collector sink = new Collector();
    feed(framer, repeat('x', 10), sink);
    assertThat(sink.events).isEmpty();
    for (int i = 0; i < 50; i++) {
      feed(framer, "{\"op\":\"ping\"}\r", sink); // looks like a line, but it is not ended
      assertThat(framer.inLine()).isTrue();
    }
    assertThat(sink.events).containsExactly(TOO_LONG);
    feed(framer, "still skipped\nnext\n", sink);
    assertThat(sink.events).containsExactly(TOO_LONG, "next");
    assertThat(framer.inLine()).isFalse();
  }

  @Test
  void oneMebibyteLineInFourKibibyteChunks() {
    int max = 8192;
    LineFramer framer = new LineFramer(max);
    Collector sink = new Collector();
    byte[] chunk = new byte[4096];
    Arrays.fill(chunk, (byte) 'z');
    int maxCapacity = 0;
    for (int sent = 0; sent < 1 << 20; sent += chunk.length) {
      framer.feed(chunk, chunk.length, sink);
      assertThat(framer.inLine()).isTrue();
      maxCapacity = Math.max(maxCapacity, bufferCapacity(framer));
      assertThat(bufferedLength(framer)).isLessThanOrEqualTo(max + 1);
    }
    assertThat(sink.tooLong).isEqualTo(1);
    assertThat(sink.lines).isEmpty();
    assertThat(maxCapacity).isLessThanOrEqualTo(max + 1);
    feed(framer, "zzz\r\n{\"op\":\"quit\"}\r\n", sink);
    assertThat(sink.events).containsExactly(TOO_LONG, "{\"op\":\"quit\"}");
    assertThat(framer.inLine()).isFalse();
  }

  @Test
  void twoTooLongLinesInARowAreReportedTwice() {
    assertThat(feedAll(4, "xxxxxxx\nyyyyyyy\nok\n")).containsExactly(TOO_LONG, TOO_LONG, "ok");
    assertThat(feedAll(4, "xxxxx\n", "yyyyy\r\n", "ok\n"))
        .containsExactly(TOO_LONG, TOO_LONG, "ok");
  }

  @Test
  void newlineRightAfterThePointWhereTheLineBecameTooLong() {
    // the chunk that makes the line too long also holds its ending: nothing may be skipped after it
    LineFramer framer = new LineFramer(4);
    Collector sink = new Collector();
    feed(framer, "xxx", sink);
    feed(framer, "xxxx\nok\n", sink);
    assertThat(sink.events).containsExactly(TOO_LONG, "ok");
    assertThat(framer.inLine()).isFalse();
  }

  @Test
  void framerKeepsWorkingAfterManyLongLines() {
    LineFramer framer = new LineFramer(8192);
    Collector sink = new Collector();
    String big = repeat('q', 8192);
    for (int i = 0; i < 20; i++) {
      feed(framer, big + "\r\n", sink);
      feed(framer, big + "q\n", sink);
      feed(framer, "small\n", sink);
      assertThat(bufferCapacity(framer)).isLessThanOrEqualTo(8193);
    }
    assertThat(sink.tooLong).isEqualTo(20);
    assertThat(sink.lines).hasSize(40);
    for (int i = 0; i < 20; i++) {
      assertThat(sink.events.get(3 * i)).isEqualTo(big);
      assertThat(sink.events.get(3 * i + 1)).isEqualTo(TOO_LONG);
      assertThat(sink.events.get(3 * i + 2)).isEqualTo("small");
    }
  }

  // ---------------------------------------------------------------- inLine

  @Test
  void inLineFollowsPartialAndSkippedLines() {
    LineFramer framer = new LineFramer(8);
    Collector sink = new Collector();
    assertThat(framer.inLine()).isFalse();
    feed(framer, "abc", sink);
    assertThat(framer.inLine()).isTrue();
    feed(framer, "\n", sink);
    assertThat(framer.inLine()).isFalse();
    feed(framer, "\r", sink);
    assertThat(framer.inLine()).isTrue();
    feed(framer, "\n", sink);
    assertThat(framer.inLine()).isFalse();
    feed(framer, "0123456789", sink); // too long, now skipping
    assertThat(framer.inLine()).isTrue();
    feed(framer, "more", sink);
    assertThat(framer.inLine()).isTrue();
    feed(framer, "\n", sink);
    assertThat(framer.inLine()).isFalse();
    feed(framer, "x\n", sink);
    assertThat(framer.inLine()).isFalse();
    assertThat(sink.events).containsExactly("abc", "", TOO_LONG, "x");
  }

  @Test
  void inLineIsFalseAfterAnEmptyLine() {
    LineFramer framer = new LineFramer(8);
    Collector sink = new Collector();
    feed(framer, "\n", sink);
    assertThat(framer.inLine()).isFalse();
    feed(framer, "\r\n", sink);
    assertThat(framer.inLine()).isFalse();
  }

  // ---------------------------------------------------------------- memory

  @Test
  void memoryStaysBoundedWhenTenMebibytesArriveWithoutNewline() {
    int max = 8192;
    LineFramer framer = new LineFramer(max);
    Collector sink = new Collector();
    byte[] chunk = new byte[64 * 1024];
    Arrays.fill(chunk, (byte) '{');
    for (int sent = 0; sent < 10 << 20; sent += chunk.length) {
      framer.feed(chunk, chunk.length, sink);
      assertThat(bufferCapacity(framer)).isLessThanOrEqualTo(max + 1);
      assertThat(bufferedLength(framer)).isLessThanOrEqualTo(max + 1);
    }
    assertThat(sink.tooLong).isEqualTo(1);
    assertThat(sink.lines).isEmpty();
    assertThat(framer.inLine()).isTrue();
  }

  @Test
  void memoryStaysBoundedWhenTenMebibytesArriveInOneChunk() {
    int max = 8192;
    LineFramer framer = new LineFramer(max);
    Collector sink = new Collector();
    byte[] chunk = new byte[10 << 20];
    Arrays.fill(chunk, (byte) 'a');
    framer.feed(chunk, chunk.length, sink);
    assertThat(bufferCapacity(framer)).isLessThanOrEqualTo(max + 1);
    assertThat(sink.events).containsExactly(TOO_LONG);
    feed(framer, "\nok\n", sink);
    assertThat(sink.events).containsExactly(TOO_LONG, "ok");
  }

  @Test
  void memoryStaysBoundedWhenTheLongLineGrowsSlowly() {
    int max = 1000;
    LineFramer framer = new LineFramer(max);
    Collector sink = new Collector();
    for (int i = 0; i < 5000; i++) {
      feed(framer, "abc", sink);
      assertThat(bufferCapacity(framer)).isLessThanOrEqualTo(max + 1);
    }
    assertThat(sink.events).containsExactly(TOO_LONG);
  }

  // ---------------------------------------------------------------- against a model

  /**
   * Random streams of {@code a}, {@code \r} and {@code \n} cut into random chunks must give what a
   * simple model gives: split at {@code \n}, strip one {@code \r}, too long if over the limit; a
   * pending unended line is reported too long once it has more than limit + 1 bytes.
   */
  @Test
  void randomStreamsInRandomChunksMatchASimpleModel() {
    Random random = new Random(42);
    char[] alphabet = {'a', 'a', 'a', 'b', '\r', '\n'};
    for (int round = 0; round < 2000; round++) {
      int max = 1 + random.nextInt(12);
      StringBuilder sb = new StringBuilder();
      int len = random.nextInt(120);
      for (int i = 0; i < len; i++) {
        sb.append(
            random.nextInt(10) == 0
                ? alphabet[random.nextInt(alphabet.length)]
                : random.nextBoolean() ? 'a' : alphabet[random.nextInt(alphabet.length)]);
      }
      String input = sb.toString();

      LineFramer framer = new LineFramer(max);
      Collector sink = new Collector();
      int pos = 0;
      while (pos < input.length()) {
        int next = Math.min(input.length(), pos + 1 + random.nextInt(max * 3));
        feed(framer, input.substring(pos, next), sink);
        pos = next;
        // inLine iff bytes since the last \n
        int lastNewline = input.lastIndexOf('\n', pos - 1);
        assertThat(framer.inLine())
            .as("input %s at %d", escape(input), pos)
            .isEqualTo(pos - (lastNewline + 1) > 0);
        assertThat(bufferCapacity(framer)).isLessThanOrEqualTo(Math.max(max + 1, 0));
      }
      assertThat(sink.events)
          .as("input %s, max %d", escape(input), max)
          .containsExactlyElementsOf(model(input, max));
    }
  }

  private static List<String> model(String input, int max) {
    List<String> out = new ArrayList<>();
    int start = 0;
    while (true) {
      int nl = input.indexOf('\n', start);
      if (nl < 0) {
        if (input.length() - start > max + 1) {
          out.add(TOO_LONG);
        }
        return out;
      }
      String line = input.substring(start, nl);
      if (line.endsWith("\r")) {
        line = line.substring(0, line.length() - 1);
      }
      out.add(line.length() > max ? TOO_LONG : line);
      start = nl + 1;
    }
  }

  private static String escape(String s) {
    return s.replace("\r", "\\r").replace("\n", "\\n");
  }
}
