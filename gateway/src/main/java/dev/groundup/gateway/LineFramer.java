package dev.groundup.gateway;

import java.util.Arrays;

/**
 * Splits a byte stream into lines ended by {@code \n} (a {@code \r\n} ending is accepted), the way
 * Netty's {@code LineBasedFrameDecoder} does: a line longer than {@code maxLength} bytes is
 * reported once as too long and the rest of it, up to the next {@code \n}, is skipped, so memory
 * stays bounded by the limit whatever the client sends. Pure: no Vert.x.
 */
final class LineFramer {

  /** What the framer finds. */
  interface Sink {
    /**
     * A complete line: {@code bytes[0..length)}, without its ending. The array is reused
     * afterwards.
     */
    void line(byte[] bytes, int length);

    /** A line went over the limit; its remaining bytes will be skipped. */
    void tooLong();
  }

  private static final int INITIAL = 256;

  private final int maxLength;
  private byte[] buffer;
  private int length;
  private boolean skipping;

  LineFramer(int maxLength) {
    this.maxLength = maxLength;
  }

  /** Feeds {@code data[0..end)}. */
  void feed(byte[] data, int end, Sink sink) {
    int start = 0;
    while (start < end) {
      int newline = indexOf(data, start, end);
      int stop = newline < 0 ? end : newline;
      if (skipping) {
        if (newline >= 0) {
          skipping = false;
        }
      } else if (!append(data, start, stop)) {
        skipping = newline < 0;
        length = 0;
        sink.tooLong();
      } else if (newline >= 0) {
        emit(sink);
      }
      start = newline < 0 ? end : newline + 1;
    }
  }

  /** Whether part of a line has arrived without its ending (including a line being skipped). */
  boolean inLine() {
    return skipping || length > 0;
  }

  private void emit(Sink sink) {
    int n = length;
    if (n > 0 && buffer[n - 1] == '\r') {
      n--;
    }
    length = 0;
    if (n > maxLength) {
      sink.tooLong();
    } else {
      sink.line(buffer == null ? new byte[0] : buffer, n);
    }
    if (buffer != null && buffer.length > 4 * INITIAL) {
      buffer = null;
    }
  }

  /** Adds bytes to the current line; false once it cannot be a line within the limit. */
  private boolean append(byte[] data, int from, int to) {
    int n = to - from;
    // maxLength + 1 leaves room for the \r of a \r\n ending
    if (length + n > maxLength + 1) {
      return false;
    }
    if (buffer == null) {
      buffer = new byte[Math.min(maxLength + 1, Math.max(INITIAL, n))];
    } else if (length + n > buffer.length) {
      buffer =
          Arrays.copyOf(buffer, Math.min(maxLength + 1, Math.max(buffer.length * 2, length + n)));
    }
    System.arraycopy(data, from, buffer, length, n);
    length += n;
    return true;
  }

  private static int indexOf(byte[] data, int from, int to) {
    for (int i = from; i < to; i++) {
      if (data[i] == '\n') {
        return i;
      }
    }
    return -1;
  }
}
