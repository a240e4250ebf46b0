package dev.groundup.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A blocking player for tests and benchmarks: a real TCP connection to a gateway speaking
 * line-delimited JSON. A reader thread queues every line; tests wait for the line they expect with
 * a deadline, and every line ever received stays in {@link #history()}.
 */
public final class LineClient implements AutoCloseable {

  public static final Duration TIMEOUT = Duration.ofSeconds(10);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final JsonNode CLOSED = MissingNode.getInstance();

  private final Socket socket;
  private final OutputStream out;
  private final BlockingQueue<JsonNode> inbox = new LinkedBlockingQueue<>();
  private final List<JsonNode> history = Collections.synchronizedList(new ArrayList<>());
  private volatile boolean closedByServer;

  private LineClient(Socket socket) throws IOException {
    this.socket = socket;
    this.out = socket.getOutputStream();
    Thread reader = new Thread(this::read, "line-client-" + socket.getLocalPort());
    reader.setDaemon(true);
    reader.start();
  }

  public static LineClient connect(String host, int port) {
    return connectFrom(null, host, port);
  }

  /**
   * Connects from the local address {@code source} (e.g. one of the 127.0.0.x), or any when null.
   */
  public static LineClient connectFrom(String source, String host, int port) {
    try {
      Socket socket = new Socket();
      socket.setTcpNoDelay(true);
      if (source != null) {
        socket.bind(new InetSocketAddress(source, 0));
      }
      socket.connect(new InetSocketAddress(host, port), 5000);
      return new LineClient(socket);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static LineClient connect(int port) {
    return connect("127.0.0.1", port);
  }

  private void read() {
    try (BufferedReader in =
        new BufferedReader(
            new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = in.readLine()) != null) {
        JsonNode node;
        try {
          node = JSON.readTree(line);
        } catch (IOException e) {
          node = JSON.getNodeFactory().textNode(line);
        }
        history.add(node);
        inbox.add(node);
      }
    } catch (IOException e) {
      // the connection is gone either way
    } finally {
      closedByServer = true;
      inbox.add(CLOSED);
    }
  }

  /** Sends one line (the newline is added). */
  public LineClient send(String line) {
    return sendRaw((line + "\n").getBytes(StandardCharsets.UTF_8));
  }

  public LineClient sendRaw(byte[] bytes) {
    try {
      out.write(bytes);
      out.flush();
      return this;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The next line, whatever it is. */
  public JsonNode next(Duration timeout) {
    try {
      JsonNode node = inbox.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
      if (node == null) {
        throw new AssertionError(
            "no line within " + timeout.toMillis() + " ms; received so far: " + history);
      }
      if (node == CLOSED) {
        inbox.add(CLOSED);
        throw new AssertionError("the server closed the connection; received: " + history);
      }
      return node;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  public JsonNode next() {
    return next(TIMEOUT);
  }

  /**
   * The next line if one comes within {@code timeout}, else null (also once the connection is
   * closed).
   */
  public JsonNode poll(Duration timeout) {
    try {
      JsonNode node = inbox.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
      if (node == CLOSED) {
        inbox.add(CLOSED);
        return null;
      }
      return node;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }

  /** Skips lines until one matches; fails at the deadline or when the connection closes. */
  public JsonNode await(String what, Predicate<JsonNode> matches, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        throw new AssertionError(
            "no " + what + " within " + timeout.toMillis() + " ms; received: " + history);
      }
      JsonNode node = next(Duration.ofNanos(left));
      if (matches.test(node)) {
        return node;
      }
    }
  }

  /**
   * A line matching {@code matches} among everything received so far, or the next one that matches:
   * for events whose order against other lines does not matter (a state may come before or after
   * the ack of the same tick).
   */
  public JsonNode awaitSeen(String what, Predicate<JsonNode> matches, Duration timeout) {
    for (JsonNode node : history()) {
      if (matches.test(node)) {
        return node;
      }
    }
    return await(what, matches, timeout);
  }

  /** The answer with {@code "id": id}, received already or still to come. */
  public JsonNode awaitSeenId(int id) {
    return awaitSeen(
        "answer to id " + id, n -> n.path("id").isInt() && n.path("id").asInt() == id, TIMEOUT);
  }

  /** The next event {@code ev}. */
  public JsonNode awaitEv(String ev) {
    return await("\"" + ev + "\"", n -> ev.equals(n.path("ev").asText()), TIMEOUT);
  }

  /** The answer carrying {@code "id": id}. */
  public JsonNode awaitId(int id) {
    return await(
        "answer to id " + id, n -> n.path("id").isInt() && n.path("id").asInt() == id, TIMEOUT);
  }

  /** Sends a request and returns the answer with the same numeric id. */
  public JsonNode request(int id, String json) {
    String withId =
        json.substring(0, json.lastIndexOf('}'))
            + (json.trim().equals("{}") ? "" : ",")
            + "\"id\":"
            + id
            + "}";
    send(withId);
    return awaitId(id);
  }

  /** Waits until the server closes the connection. */
  public boolean awaitClosed(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!closedByServer && System.nanoTime() < deadline) {
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }
    return closedByServer;
  }

  public boolean isClosedByServer() {
    return closedByServer;
  }

  /** Every line received so far. */
  public List<JsonNode> history() {
    synchronized (history) {
      return List.copyOf(history);
    }
  }

  @Override
  public void close() {
    try {
      socket.close();
    } catch (IOException e) {
      // closing anyway
    }
  }
}
