package dev.groundup.tools.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import org.junit.jupiter.api.Test;

class FramesTest {

  @Test
  void roundTrip() throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    bytes.write(Frames.encode("{\"type\":\"ping\"}"));
    bytes.write(Frames.encode("{\"body\":\"Grüße 🎲\"}"));
    bytes.write(Frames.encode(""));
    Frames.Reader reader = new Frames.Reader(new ByteArrayInputStream(bytes.toByteArray()), 1024);
    assertEquals("{\"type\":\"ping\"}", reader.next());
    assertEquals("{\"body\":\"Grüße 🎲\"}", reader.next());
    assertEquals("", reader.next());
    assertNull(reader.next(), "a clean end between frames");
  }

  @Test
  void lengthIsBigEndianBytes() {
    byte[] frame = Frames.encode("é"); // two UTF-8 bytes
    assertArrayEquals(new byte[] {0, 0, 0, 2, (byte) 0xc3, (byte) 0xa9}, frame);
  }

  @Test
  void oversizedFrameIsRefusedBeforeAnythingIsAllocated() {
    // 0x7fffffff announced, four bytes follow: allocating the announced size would need 2 GiB
    byte[] header = {0x7f, (byte) 0xff, (byte) 0xff, (byte) 0xff, 'a', 'b', 'c', 'd'};
    Frames.Reader reader = new Frames.Reader(new ByteArrayInputStream(header), 1024);
    Frames.TooLargeException e = assertThrows(Frames.TooLargeException.class, reader::next);
    assertEquals(Integer.MAX_VALUE, e.length());
    assertTrue(e.getMessage().contains("over the limit of 1024 bytes"), e.getMessage());
  }

  @Test
  void aLengthWithTheHighBitSetIsTooLargeNotNegative() {
    byte[] header = {(byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xfe};
    Frames.Reader reader = new Frames.Reader(new ByteArrayInputStream(header), Frames.DEFAULT_MAX);
    Frames.TooLargeException e = assertThrows(Frames.TooLargeException.class, reader::next);
    assertEquals(0xfffffffeL, e.length());
  }

  @Test
  void exactlyTheMaximumIsAllowed() throws IOException {
    Frames.Reader reader = new Frames.Reader(new ByteArrayInputStream(Frames.encode("12345")), 5);
    assertEquals("12345", reader.next());
    Frames.Reader small = new Frames.Reader(new ByteArrayInputStream(Frames.encode("123456")), 5);
    assertThrows(Frames.TooLargeException.class, small::next);
  }

  @Test
  void splitReadsOneByteAtATime() throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    bytes.write(Frames.encode("{\"a\":1}"));
    bytes.write(Frames.encode("{\"b\":[1,2,3]}"));
    InputStream trickle =
        new InputStream() {
          final ByteArrayInputStream in = new ByteArrayInputStream(bytes.toByteArray());

          @Override
          public int read() {
            return in.read();
          }

          @Override
          public int read(byte[] b, int off, int len) {
            return in.read(b, off, Math.min(1, len));
          }
        };
    Frames.Reader reader = new Frames.Reader(trickle, 1024);
    assertEquals("{\"a\":1}", reader.next());
    assertEquals("{\"b\":[1,2,3]}", reader.next());
    assertNull(reader.next());
  }

  @Test
  void aTimeoutInsideAFrameLosesNothing() throws IOException {
    byte[] frame = Frames.encode("{\"type\":\"pong\"}");
    // the stream gives 2 bytes, times out, gives 7 more, times out, then the rest
    InputStream stalling =
        new InputStream() {
          int pos;
          int calls;

          @Override
          public int read() {
            throw new UnsupportedOperationException();
          }

          @Override
          public int read(byte[] b, int off, int len) throws IOException {
            calls++;
            if (calls == 2 || calls == 4) {
              throw new SocketTimeoutException("read timed out");
            }
            if (pos == frame.length) {
              return -1;
            }
            int n = Math.min(len, calls == 1 ? 2 : calls == 3 ? 7 : frame.length - pos);
            n = Math.min(n, frame.length - pos);
            System.arraycopy(frame, pos, b, off, n);
            pos += n;
            return n;
          }
        };
    Frames.Reader reader = new Frames.Reader(stalling, 1024);
    assertThrows(SocketTimeoutException.class, reader::next);
    assertThrows(SocketTimeoutException.class, reader::next);
    assertEquals("{\"type\":\"pong\"}", reader.next());
  }

  @Test
  void anEndInsideAFrameIsAnError() {
    byte[] frame = Frames.encode("{\"type\":\"pong\"}");
    byte[] cut = java.util.Arrays.copyOf(frame, frame.length - 3);
    assertThrows(
        EOFException.class, () -> new Frames.Reader(new ByteArrayInputStream(cut), 1024).next());
    byte[] header = {0, 0};
    assertThrows(
        EOFException.class, () -> new Frames.Reader(new ByteArrayInputStream(header), 1024).next());
  }
}
