package dev.groundup.tools.cli;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * The TCP event-bus bridge's framing (PROTOCOL.md section 2): a 4-byte big-endian length, then that
 * many bytes of UTF-8 JSON. The reader trusts nothing the other side says: a length over its
 * maximum (or negative) is refused before anything is allocated for it.
 */
public final class Frames {

  /**
   * Frames this client reads at most by default: a status reply of a big cluster fits many times
   * over.
   */
  public static final int DEFAULT_MAX = 16 * 1024 * 1024;

  private Frames() {}

  /** One frame: the length, then the UTF-8 bytes of {@code json}. */
  public static byte[] encode(String json) {
    byte[] body = json.getBytes(StandardCharsets.UTF_8);
    byte[] frame = new byte[4 + body.length];
    int n = body.length;
    frame[0] = (byte) (n >>> 24);
    frame[1] = (byte) (n >>> 16);
    frame[2] = (byte) (n >>> 8);
    frame[3] = (byte) n;
    System.arraycopy(body, 0, frame, 4, n);
    return frame;
  }

  /**
   * A frame whose announced length is over the maximum: the connection cannot be trusted any more.
   */
  public static final class TooLargeException extends IOException {
    private final long length;

    TooLargeException(long length, int max) {
      super("the bridge sent a frame of " + length + " bytes, over the limit of " + max + " bytes");
      this.length = length;
    }

    /** The length the frame announced (unsigned). */
    public long length() {
      return length;
    }
  }

  /**
   * Reads frames from a stream. It keeps a partial frame across calls, so a read that times out (a
   * socket's {@code SO_TIMEOUT}) in the middle of a frame loses nothing: the next call goes on.
   */
  public static final class Reader {
    private final InputStream in;
    private final int max;
    private final byte[] header = new byte[4];
    private int headerRead;
    private byte[] body;
    private int bodyRead;

    public Reader(InputStream in, int max) {
      if (max < 0) {
        throw new IllegalArgumentException("max " + max);
      }
      this.in = in;
      this.max = max;
    }

    /**
     * The next frame's JSON text, or {@code null} when the stream ended cleanly between frames.
     *
     * @throws TooLargeException a length over the maximum (nothing allocated for it)
     * @throws EOFException the stream ended inside a frame
     */
    public String next() throws IOException {
      while (headerRead < 4) {
        int n = in.read(header, headerRead, 4 - headerRead);
        if (n < 0) {
          if (headerRead == 0) {
            return null;
          }
          throw new EOFException("the connection ended inside a frame's length");
        }
        headerRead += n;
      }
      if (body == null) {
        long length =
            ((header[0] & 0xffL) << 24)
                | ((header[1] & 0xff) << 16)
                | ((header[2] & 0xff) << 8)
                | (header[3] & 0xff);
        if (length > max) {
          throw new TooLargeException(length, max);
        }
        body = new byte[(int) length];
        bodyRead = 0;
      }
      while (bodyRead < body.length) {
        int n = in.read(body, bodyRead, body.length - bodyRead);
        if (n < 0) {
          throw new EOFException(
              "the connection ended inside a frame ("
                  + bodyRead
                  + " of "
                  + body.length
                  + " bytes)");
        }
        bodyRead += n;
      }
      String text = new String(body, StandardCharsets.UTF_8);
      body = null;
      headerRead = 0;
      return text;
    }
  }
}
