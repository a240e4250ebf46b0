package dev.groundup.tools.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiConsumer;

/**
 * A tiny stand-in for the TCP event-bus bridge on loopback: it reads the client's frames and calls
 * the test's handler with each one and a way to answer (whole JSON frames, or raw bytes).
 */
final class FakeBridge implements AutoCloseable {

  static final ObjectMapper JSON = new ObjectMapper();

  /** Answers on one connection. */
  static final class Conn {
    private final Socket socket;

    Conn(Socket socket) {
      this.socket = socket;
    }

    synchronized void send(String json) {
      raw(Frames.encode(json));
    }

    synchronized void raw(byte[] bytes) {
      try {
        OutputStream out = socket.getOutputStream();
        out.write(bytes);
        out.flush();
      } catch (IOException e) {
        // the client went away
      }
    }

    void close() {
      try {
        socket.close();
      } catch (IOException ignored) {
        // closing
      }
    }
  }

  final List<JsonNode> received = new CopyOnWriteArrayList<>();
  private final ServerSocket server;
  private final BiConsumer<JsonNode, Conn> handler;
  private final List<Socket> sockets = new CopyOnWriteArrayList<>();

  FakeBridge(BiConsumer<JsonNode, Conn> handler) throws IOException {
    this.handler = handler;
    this.server = new ServerSocket();
    server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    Thread accept = new Thread(this::accept, "fake-bridge");
    accept.setDaemon(true);
    accept.start();
  }

  int port() {
    return server.getLocalPort();
  }

  String bridge() {
    return "127.0.0.1:" + port();
  }

  private void accept() {
    while (!server.isClosed()) {
      try {
        Socket socket = server.accept();
        sockets.add(socket);
        Thread t = new Thread(() -> serve(socket), "fake-bridge-conn");
        t.setDaemon(true);
        t.start();
      } catch (IOException e) {
        return;
      }
    }
  }

  private void serve(Socket socket) {
    Conn conn = new Conn(socket);
    try {
      Frames.Reader reader = new Frames.Reader(socket.getInputStream(), 1 << 20);
      String text;
      while ((text = reader.next()) != null) {
        JsonNode frame = JSON.readTree(text);
        received.add(frame);
        handler.accept(frame, conn);
      }
    } catch (IOException e) {
      // closed
    } finally {
      conn.close();
    }
  }

  /** The reply frame the real bridge sends for a {@code send} with a reply address. */
  static String reply(JsonNode request, String body) {
    return "{\"type\":\"message\",\"address\":\""
        + request.path("replyAddress").asText()
        + "\",\"send\":true,"
        + "\"headers\":{},\"body\":"
        + body
        + "}";
  }

  static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public void close() throws IOException {
    server.close();
    for (Socket s : sockets) {
      s.close();
    }
  }
}
