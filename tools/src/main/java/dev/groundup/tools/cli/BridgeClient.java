package dev.groundup.tools.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.UUID;

/**
 * A small blocking client of the TCP event-bus bridge over a plain socket: it writes frames and
 * reads them, one thread reading. {@link #close} may be called from another thread (Ctrl-C) and
 * makes a blocked read fail.
 */
public final class BridgeClient implements AutoCloseable {

  static final ObjectMapper JSON = new ObjectMapper();

  private final String where;
  private final Socket socket;
  private final OutputStream out;
  private final Frames.Reader reader;
  private volatile boolean closed;

  private BridgeClient(String where, Socket socket, int maxFrame) throws IOException {
    this.where = where;
    this.socket = socket;
    this.out = socket.getOutputStream();
    this.reader = new Frames.Reader(socket.getInputStream(), maxFrame);
  }

  /** Connects, or says why not in words an operator can act on. */
  public static BridgeClient connect(String host, int port, Duration connectTimeout, int maxFrame) {
    String where = host + ":" + port;
    Socket socket = new Socket();
    try {
      socket.setTcpNoDelay(true);
      socket.connect(
          new InetSocketAddress(host, port), (int) Math.max(1, connectTimeout.toMillis()));
      return new BridgeClient(where, socket, maxFrame);
    } catch (ConnectException e) {
      closeQuietly(socket);
      throw new CliException(
          "cannot reach the bridge at "
              + where
              + ": connection refused — is `./groundup local` "
              + "running? the bridge is off unless GROUNDUP_BRIDGE_PORT is set");
    } catch (SocketTimeoutException e) {
      closeQuietly(socket);
      throw new CliException(
          "cannot reach the bridge at "
              + where
              + ": no answer within "
              + connectTimeout.toMillis()
              + " ms");
    } catch (UnknownHostException e) {
      closeQuietly(socket);
      throw new CliException("cannot reach the bridge at " + where + ": unknown host " + host);
    } catch (IOException e) {
      closeQuietly(socket);
      throw new CliException("cannot reach the bridge at " + where + ": " + e.getMessage());
    }
  }

  /** host:port of the bridge. */
  public String where() {
    return where;
  }

  /** Writes one frame. */
  public synchronized void write(ObjectNode frame) {
    try {
      out.write(Frames.encode(JSON.writeValueAsString(frame)));
      out.flush();
    } catch (IOException e) {
      throw new CliException(
          closed
              ? "closed"
              : "the connection to the bridge at " + where + " failed: " + e.getMessage());
    }
  }

  /**
   * The next frame, or {@code null} if none came within {@code wait} (a partial frame is kept for
   * the next call).
   *
   * @throws CliException the bridge closed the connection, sent garbage or an oversized frame
   */
  public JsonNode read(Duration wait) {
    String text;
    try {
      socket.setSoTimeout((int) Math.max(1, Math.min(Integer.MAX_VALUE, wait.toMillis())));
      text = reader.next();
    } catch (SocketTimeoutException e) {
      return null;
    } catch (Frames.TooLargeException e) {
      close();
      throw new CliException(e.getMessage() + "; closed the connection");
    } catch (IOException e) {
      if (closed) {
        throw new CliException("closed");
      }
      throw new CliException(
          "the bridge at " + where + " closed the connection (" + e.getMessage() + ")");
    }
    if (text == null) {
      throw new CliException(
          closed ? "closed" : "the bridge at " + where + " closed the connection");
    }
    try {
      JsonNode frame = JSON.readTree(text);
      if (frame == null || !frame.isObject()) {
        throw new CliException(
            "the bridge at "
                + where
                + " sent a frame that is not a JSON object: "
                + abbreviate(text));
      }
      return frame;
    } catch (JsonProcessingException e) {
      throw new CliException(
          "the bridge at " + where + " sent a frame that is not JSON: " + abbreviate(text));
    }
  }

  /**
   * Sends {@code body} to {@code address} with a reply address and waits for the reply.
   *
   * @return the reply's body
   * @throws CliException an {@code err} frame (denied, no handlers, the recipient failed), a
   *     timeout
   */
  public JsonNode request(String address, JsonNode body, Duration timeout) {
    String replyAddress = "groundup.cli.reply." + UUID.randomUUID();
    ObjectNode frame = JSON.createObjectNode();
    frame.put("type", "send");
    frame.put("address", address);
    frame.put("replyAddress", replyAddress);
    frame.putObject("headers").put("timeout", Math.max(1, timeout.toMillis()));
    frame.set("body", body);
    write(frame);
    // the bridge's own request times out at the same moment and says so; wait a little longer for
    // it
    long deadline = System.nanoTime() + timeout.toNanos() + Duration.ofSeconds(1).toNanos();
    while (true) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        throw new CliException(
            "no reply from " + address + " within " + timeout.toMillis() + " ms (timeout)");
      }
      JsonNode in = read(Duration.ofNanos(left));
      if (in == null) {
        continue;
      }
      String type = in.path("type").asText();
      if ("err".equals(type)) {
        throw new CliException(Errors.describe(in, address, timeout));
      }
      if ("message".equals(type) && replyAddress.equals(in.path("address").asText())) {
        return in.path("body");
      }
      // anything else (a pong, a message for another address) is not ours: skip it
    }
  }

  /** Registers a handler on {@code address} (the bridge does not acknowledge it). */
  public void register(String address) {
    ObjectNode frame = JSON.createObjectNode();
    frame.put("type", "register");
    frame.put("address", address);
    write(frame);
  }

  /** Unregisters from {@code address}. */
  public void unregister(String address) {
    ObjectNode frame = JSON.createObjectNode();
    frame.put("type", "unregister");
    frame.put("address", address);
    write(frame);
  }

  /** A ping (answered by {@code pong}); keeps an idle connection alive. */
  public void ping() {
    ObjectNode frame = JSON.createObjectNode();
    frame.put("type", "ping");
    write(frame);
  }

  public boolean isClosed() {
    return closed;
  }

  @Override
  public void close() {
    closed = true;
    closeQuietly(socket);
  }

  private static void closeQuietly(Socket socket) {
    try {
      socket.close();
    } catch (IOException ignored) {
      // closing anyway
    }
  }

  static String abbreviate(String text) {
    return text.length() <= 200 ? text : text.substring(0, 200) + "...";
  }
}
