package dev.groundup.tools.loadgen;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.NetSocket;
import io.vertx.core.parsetools.RecordParser;
import java.io.IOException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The system under load in the tools' own tests, since tools must not depend on the server modules:
 * a real TCP server on loopback that speaks just enough of PROTOCOL.md section 1 — {@code hello} on
 * connect, {@code login} (with {@code name_taken} for a name seen before), {@code join}, {@code
 * ping}, {@code move} (acked at once) and {@code quit} — with no limits, except that it can refuse
 * every n-th ping of a connection with {@code rate_limited} WITHOUT its id, the way the real
 * gateway answers lines over its rate limit. Not a model of the real gateway.
 */
final class TinyGateway implements AutoCloseable {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Vertx vertx = Vertx.vertx();
  private final int refuseEvery;
  private final Set<String> names = ConcurrentHashMap.newKeySet();
  private final AtomicLong tick = new AtomicLong();
  final AtomicLong lines = new AtomicLong();
  private NetServer server;

  private TinyGateway(int refuseEvery) {
    this.refuseEvery = refuseEvery;
  }

  static TinyGateway start() throws Exception {
    return start(0);
  }

  /**
   * A server that answers every {@code refuseEvery}-th ping of a connection with an id-less
   * rate_limited.
   */
  static TinyGateway start(int refuseEvery) throws Exception {
    TinyGateway g = new TinyGateway(refuseEvery);
    g.server =
        g.vertx
            .createNetServer(new NetServerOptions().setTcpNoDelay(true))
            .connectHandler(g::onConnect)
            .listen(0, "127.0.0.1")
            .await(10, TimeUnit.SECONDS);
    return g;
  }

  int port() {
    return server.actualPort();
  }

  private void onConnect(NetSocket socket) {
    long[] pings = {0};
    socket.handler(RecordParser.newDelimited("\n", line -> onLine(socket, line, pings)));
    socket.write("{\"ev\":\"hello\",\"proto\":1}\n");
  }

  private void onLine(NetSocket socket, Buffer line, long[] pings) {
    lines.incrementAndGet();
    JsonNode in;
    try {
      in = JSON.readTree(line.getBytes());
    } catch (IOException e) {
      send(socket, event("error").put("code", "bad_json").put("msg", "not JSON"), null);
      return;
    }
    JsonNode id = in.get("id");
    switch (in.path("op").asText()) {
      case "login" -> {
        String name = in.path("name").asText();
        if (names.add(name)) {
          send(socket, event("welcome").put("name", name).put("token", "t").put("shard", 0), id);
        } else {
          send(socket, event("error").put("code", "name_taken").put("msg", "name taken"), id);
        }
      }
      case "join" -> {
        ObjectNode joined =
            event("joined")
                .put("room", in.path("room").asText())
                .put("tick", tick.get())
                .put("width", 32)
                .put("height", 32);
        joined.putArray("players");
        joined.putArray("coins");
        send(socket, joined, id);
      }
      case "ping" -> {
        if (refuseEvery > 0 && ++pings[0] % refuseEvery == 0) {
          send(socket, event("error").put("code", "rate_limited").put("msg", "too many"), null);
        } else {
          send(socket, event("pong"), id);
        }
      }
      case "move" -> send(socket, event("ack").put("tick", tick.incrementAndGet()), id);
      case "quit" -> {
        send(socket, event("bye").put("reason", "quit"), null);
        socket.close();
      }
      default ->
          send(socket, event("error").put("code", "unknown_op").put("msg", "unknown op"), id);
    }
  }

  private static ObjectNode event(String ev) {
    return JSON.createObjectNode().put("ev", ev);
  }

  private static void send(NetSocket socket, ObjectNode event, JsonNode id) {
    if (id != null) {
      event.set("id", id);
    }
    socket.write(event.toString() + "\n");
  }

  @Override
  public void close() throws Exception {
    vertx.close().await(10, TimeUnit.SECONDS);
  }
}
