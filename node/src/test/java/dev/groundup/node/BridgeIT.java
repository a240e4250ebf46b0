package dev.groundup.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.groundup.common.shard.RoutingMode;
import dev.groundup.common.testing.Ports;
import dev.groundup.testkit.Await;
import dev.groundup.testkit.LineClient;
import io.vertx.core.eventbus.MessageConsumer;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The debugging bridge (docs/protocol.md, "Debugging bridge") against an in-JVM cluster, with a
 * client that writes the frames by hand: 4-byte big-endian length + UTF-8 JSON.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BridgeIT {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration WAIT = Duration.ofSeconds(20);
  private static final int MAX_CONNECTIONS = 4;
  private static final int IDLE_SECONDS = 6;

  private TestCluster cluster;
  private int bridgePort;
  private final AtomicInteger ids = new AtomicInteger();

  @BeforeAll
  void start() throws Exception {
    bridgePort = Ports.free();
    cluster =
        TestCluster.start(
            "BridgeIT",
            RoutingMode.SHARDED,
            1,
            Map.of(
                "GROUNDUP_BRIDGE_PORT", Integer.toString(bridgePort),
                "GROUNDUP_BRIDGE_MAX_CONNECTIONS_PER_CLIENT", Integer.toString(MAX_CONNECTIONS),
                "GROUNDUP_BRIDGE_IDLE_SECONDS", Integer.toString(IDLE_SECONDS)));
  }

  @AfterAll
  void stop() {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void whereisNamesAndMembersAnswerAsTheProtocolSays() {
    String player = "bridgeada" + ids.incrementAndGet();
    try (LineClient ada = cluster.login(player);
        BridgeClient bridge = connect()) {
      JsonNode[] where = new JsonNode[1];
      Await.until(
          "whereis player:" + player + " to name its address",
          WAIT,
          () -> {
            where[0] =
                bridge.request("groundup.registry.whereis", "{\"name\":\"player:" + player + "\"}");
            return where[0].path("body").has("address");
          });
      assertThat(where[0].path("type").asText()).isEqualTo("message");
      assertThat(where[0].path("body").path("name").asText()).isEqualTo("player:" + player);
      assertThat(where[0].path("body").path("address").asText()).startsWith("groundup.");
      assertThat(where[0].path("body").path("node").asText()).isNotEmpty();

      JsonNode nobody =
          bridge.request("groundup.registry.whereis", "{\"name\":\"player:nobody-here\"}");
      assertThat(nobody.path("type").asText()).isEqualTo("message");
      assertThat(nobody.path("body").has("address")).isFalse();

      JsonNode names = bridge.request("groundup.registry.names", "{}");
      assertThat(names.path("type").asText()).isEqualTo("message");
      List<String> all = new ArrayList<>();
      names.path("body").path("names").forEach(n -> all.add(n.asText()));
      assertThat(all).contains("player:" + player);

      JsonNode members = bridge.request("groundup.registry.members", "{\"group\":\"shards\"}");
      assertThat(members.path("type").asText()).isEqualTo("message");
      assertThat(members.path("body").path("group").asText()).isEqualTo("shards");
      assertThat(members.path("body").path("members").size()).isEqualTo(cluster.shardNodeCount());
      assertThat(members.path("body").path("members").get(0).path("node").asText()).isNotEmpty();
      assertThat(ada.isClosedByServer()).isFalse();
    }
  }

  @Test
  void clusterStatusIsPermitted() {
    try (BridgeClient bridge = connect()) {
      JsonNode status = bridge.request("groundup.cluster.status", "{}");
      // answered by the status responder: a message; never the guard's or the bridge's
      // access_denied
      assertThat(status.path("message").asText()).isNotEqualTo("access_denied");
      assertThat(status.path("type").asText()).isEqualTo("message");
      assertThat(status.path("body").isObject()).isTrue();
    }
  }

  @Test
  void aWatcherOfARoomSeesItsEvents() {
    String room = "watched" + ids.incrementAndGet();
    String player = "bridgebob" + ids.incrementAndGet();
    try (BridgeClient watcher = connect();
        LineClient bob = cluster.login(player)) {
      watcher.send("{\"type\":\"register\",\"address\":\"groundup.room." + room + "\"}");
      watcher
          .ping(); // registered (registration is not acknowledged; the frame was handled before the
      // ping)
      bob.request(2, "{\"op\":\"join\",\"room\":\"" + room + "\"}");
      // the shard learns of the watch asynchronously: say until a copy arrives
      JsonNode[] seen = new JsonNode[1];
      Await.until(
          "a copy of " + room + "'s events on the bridge",
          WAIT,
          () -> {
            bob.send("{\"op\":\"say\",\"text\":\"hi from " + player + "\"}");
            seen[0] =
                watcher.poll(
                    Duration.ofMillis(300),
                    f ->
                        "message".equals(f.path("type").asText())
                            && ("groundup.room." + room).equals(f.path("address").asText())
                            && "said".equals(f.path("body").path("ev").asText()));
            return seen[0] != null;
          });
      assertThat(seen[0].path("body").path("from").asText()).isEqualTo(player);
      assertThat(seen[0].path("body").path("room").asText()).isEqualTo(room);

      watcher.send("{\"type\":\"register\",\"address\":\"groundup.room." + room + "\"}");
      assertThat(watcher.nextErr().path("message").asText()).isEqualTo("already_registered");
      watcher.send("{\"type\":\"unregister\",\"address\":\"groundup.room." + room + "\"}");
      watcher.send("{\"type\":\"unregister\",\"address\":\"groundup.room." + room + "\"}");
      assertThat(watcher.nextErr().path("message").asText()).isEqualTo("unknown_address");
    }
  }

  @Test
  void deniedFramesGetErrAndReachNothing() throws Exception {
    AtomicInteger reached = new AtomicInteger();
    List<MessageConsumer<Object>> sinks = new ArrayList<>();
    for (String address :
        List.of(
            "groundup.shard.0@x",
            "groundup.gateway.x.0",
            "groundup.player.x",
            "__vertx.x",
            "groundup.nosuch",
            "groundup.room.sunk")) {
      sinks.add(
          cluster.gateway.vertx().eventBus().consumer(address, m -> reached.incrementAndGet()));
    }
    for (MessageConsumer<Object> sink : sinks) {
      sink.completion().await(10, TimeUnit.SECONDS);
    }
    try (BridgeClient bridge = connect()) {
      List<String> denied =
          List.of(
              send("groundup.shard.0@x", "r"),
              send("groundup.gateway.x.0", "r"),
              send("groundup.player.x", "r"),
              send("__vertx.x", "r"),
              send("groundup.nosuch", "r"),
              send("groundup.room.sunk", "r"),
              send("groundup.shard.0@x", null),
              send("__vertx.x", null),
              // the permitted addresses only as a request
              send("groundup.registry.names", null),
              // publish anywhere
              "{\"type\":\"publish\",\"address\":\"groundup.registry.names\",\"body\":{}}",
              "{\"type\":\"publish\",\"address\":\"groundup.room.sunk\",\"body\":{}}",
              "{\"type\":\"publish\",\"address\":\"__vertx.x\",\"body\":{}}",
              // register only on a room
              "{\"type\":\"register\",\"address\":\"groundup.registry.whereis\"}",
              "{\"type\":\"register\",\"address\":\"groundup.shard.0@x\"}",
              "{\"type\":\"register\",\"address\":\"__vertx.x\"}",
              "{\"type\":\"register\",\"address\":\"groundup.room.\"}",
              "{\"type\":\"register\",\"address\":\"groundup.room.no spaces\"}",
              "{\"type\":\"register\",\"address\":\"groundup.room.a.b\"}",
              "{\"type\":\"register\",\"address\":\"groundup.room." + "x".repeat(33) + "\"}",
              "{\"type\":\"unregister\",\"address\":\"groundup.registry.names\"}");
      for (String frame : denied) {
        bridge.send(frame);
        assertThat(bridge.nextErr().path("message").asText()).as(frame).isEqualTo("access_denied");
      }
      // a request through the cluster after them: had any reached the bus, a sink would have it by
      // now
      assertThat(bridge.request("groundup.registry.names", "{}").path("type").asText())
          .isEqualTo("message");
      bridge.ping();
      assertThat(reached).hasValue(0);
    } finally {
      sinks.forEach(MessageConsumer::unregister);
    }
  }

  @Test
  void anUnknownTypeOrMalformedJsonGetsErrAndTheConnectionGoesOn() {
    try (BridgeClient bridge = connect()) {
      Map<String, String> frames =
          Map.of(
              "{\"type\":\"frobnicate\",\"address\":\"groundup.registry.names\"}",
              "unknown_type",
              "{\"address\":\"groundup.registry.names\",\"replyAddress\":\"r\"}",
              "unknown_type",
              "{\"type\":7}",
              "unknown_type",
              "{not json",
              "invalid_json",
              "[1,2,3]",
              "invalid_json",
              "",
              "invalid_json",
              "{\"type\":\"send\",\"address\":42,\"replyAddress\":\"r\"}",
              "invalid_frame",
              "{\"type\":\"send\",\"address\":\"groundup.registry.names\",\"replyAddress\":\"r\",\"body\":{},"
                  + "\"headers\":{\"codecName\":\"nope\"}}",
              "invalid_frame",
              "{\"type\":\"send\",\"replyAddress\":\"r\"}",
              "missing_address");
      for (Map.Entry<String, String> frame : frames.entrySet()) {
        bridge.send(frame.getKey());
        assertThat(bridge.nextErr().path("message").asText())
            .as(frame.getKey())
            .isEqualTo(frame.getValue());
        bridge.ping();
      }
      bridge.sendRaw(new byte[] {(byte) 0xff, (byte) 0xfe, (byte) 0xfd}, 3);
      assertThat(bridge.nextErr().path("message").asText()).isEqualTo("invalid_json");
      assertThat(bridge.request("groundup.registry.names", "{}").path("type").asText())
          .isEqualTo("message");
    }
  }

  @Test
  void anOversizeLengthClosesTheConnectionWithoutReadingIt() {
    for (int announced : new int[] {Integer.MAX_VALUE, 0x8000_0000, 65_537}) {
      try (BridgeClient bridge = connect()) {
        bridge.sendRaw(
            new byte[0], announced); // the length alone: 2 GiB announced, nothing more sent
        assertThat(bridge.nextErr().path("message").asText()).isEqualTo("frame_too_large");
        assertThat(bridge.awaitClosed(WAIT))
            .as("closed after announcing %d bytes", announced)
            .isTrue();
      }
    }
    // a frame of exactly the maximum is accepted (and the bridge still serves others)
    try (BridgeClient bridge = connect()) {
      String padding = "x".repeat(65_536 - "{\"type\":\"ping\",\"p\":\"\"}".length());
      bridge.send("{\"type\":\"ping\",\"p\":\"" + padding + "\"}");
      assertThat(bridge.next().path("type").asText()).isEqualTo("pong");
    }
  }

  @Test
  void connectionsPerClientAreBounded() {
    List<BridgeClient> open = new ArrayList<>();
    try {
      // connections of the tests before may take a moment to be released on the server
      Await.until(
          MAX_CONNECTIONS + " connections accepted",
          WAIT,
          () -> {
            open.forEach(BridgeClient::close);
            open.clear();
            for (int i = 0; i < MAX_CONNECTIONS; i++) {
              BridgeClient c = open();
              open.add(c);
              if (!c.pings()) {
                return false;
              }
            }
            return true;
          });
      try (BridgeClient extra = open()) {
        assertThat(extra.nextErr().path("message").asText()).isEqualTo("too_many_connections");
        assertThat(extra.awaitClosed(WAIT)).isTrue();
      }
      open.removeFirst().close();
      Await.until(
          "a connection accepted once one closed",
          WAIT,
          () -> {
            try (BridgeClient again = open()) {
              return again.pings();
            }
          });
    } finally {
      open.forEach(BridgeClient::close);
    }
  }

  @Test
  void anIdleConnectionIsClosed() {
    try (BridgeClient bridge = connect()) {
      bridge.ping();
      long began = System.nanoTime();
      assertThat(bridge.awaitClosed(Duration.ofSeconds(IDLE_SECONDS + 20))).isTrue();
      assertThat(Duration.ofNanos(System.nanoTime() - began))
          .isGreaterThan(Duration.ofSeconds(IDLE_SECONDS - 1));
    }
  }

  @Test
  void theBridgeListensOnlyOnTheConfiguredHost() throws Exception {
    List<InetAddress> others = new ArrayList<>();
    others.add(InetAddress.getByName("127.0.0.2"));
    for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
      for (InetAddress a : Collections.list(nic.getInetAddresses())) {
        if (!a.getHostAddress().equals("127.0.0.1")) {
          others.add(a);
        }
      }
    }
    for (InetAddress other : others) {
      assertThatThrownBy(
              () -> {
                try (Socket s = new Socket()) {
                  s.connect(new InetSocketAddress(other, bridgePort), 2000);
                }
              })
          .as("connect to %s:%d", other, bridgePort)
          .isInstanceOf(IOException.class);
    }
    try (BridgeClient bridge = connect()) {
      bridge.ping();
    }
  }

  private static String send(String address, String replyAddress) {
    return "{\"type\":\"send\",\"address\":\""
        + address
        + "\""
        + (replyAddress == null ? "" : ",\"replyAddress\":\"" + replyAddress + "\"")
        + ",\"body\":{}}";
  }

  /**
   * A connection that answered a ping: connections of the tests before are released by the server
   * asynchronously, so one may be refused ({@code too_many_connections}) for a moment.
   */
  private BridgeClient connect() {
    BridgeClient[] ready = new BridgeClient[1];
    Await.until(
        "a bridge connection that answers a ping",
        WAIT,
        () -> {
          BridgeClient c = open();
          if (c.pings()) {
            ready[0] = c;
            return true;
          }
          c.close();
          return false;
        });
    return ready[0];
  }

  private BridgeClient open() {
    return new BridgeClient("127.0.0.1", bridgePort);
  }

  /** A bridge client that writes frames by hand; frames read on a thread of its own. */
  static final class BridgeClient implements AutoCloseable {

    private static final JsonNode CLOSED = JSON.createObjectNode().put("type", "closed");

    private final Socket socket;
    private final OutputStream out;
    private final BlockingQueue<JsonNode> frames = new LinkedBlockingQueue<>();
    private final AtomicInteger replies = new AtomicInteger();
    private volatile boolean closedByServer;

    BridgeClient(String host, int port) {
      try {
        socket = new Socket();
        socket.setTcpNoDelay(true);
        socket.connect(new InetSocketAddress(host, port), 5000);
        out = socket.getOutputStream();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      Thread reader = new Thread(this::read, "bridge-client-" + socket.getLocalPort());
      reader.setDaemon(true);
      reader.start();
    }

    private void read() {
      try (DataInputStream in = new DataInputStream(socket.getInputStream())) {
        while (true) {
          int length = in.readInt();
          byte[] payload = new byte[length];
          in.readFully(payload);
          frames.add(JSON.readTree(payload));
        }
      } catch (EOFException e) {
        closedByServer = true;
      } catch (IOException e) {
        closedByServer = !socket.isClosed();
      } finally {
        frames.add(CLOSED);
      }
    }

    void send(String json) {
      byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
      sendRaw(bytes, bytes.length);
    }

    /** {@code announced} as the length, then {@code payload}. */
    void sendRaw(byte[] payload, int announced) {
      try {
        out.write(ByteBuffer.allocate(4).putInt(announced).array());
        out.write(payload);
        out.flush();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    JsonNode next() {
      try {
        JsonNode frame = frames.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        if (frame == null) {
          throw new AssertionError("no frame within " + WAIT);
        }
        return frame;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }

    JsonNode nextErr() {
      JsonNode frame = next();
      assertThat(frame.path("type").asText()).as("frame %s", frame).isEqualTo("err");
      return frame;
    }

    /** The first frame within {@code timeout} that matches (others are dropped), or null. */
    JsonNode poll(Duration timeout, Predicate<JsonNode> matches) {
      long deadline = System.nanoTime() + timeout.toNanos();
      try {
        while (true) {
          JsonNode frame =
              frames.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
          if (frame == null || matches.test(frame)) {
            return frame;
          }
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }

    /** Sends with a fresh reply address and returns the frame that answers it (message or err). */
    JsonNode request(String address, String body) {
      String reply = "reply-" + replies.incrementAndGet();
      send(
          "{\"type\":\"send\",\"address\":\""
              + address
              + "\",\"replyAddress\":\""
              + reply
              + "\",\"body\":"
              + body
              + ",\"headers\":{\"timeout\":10000}}");
      JsonNode frame =
          poll(
              WAIT,
              f ->
                  reply.equals(f.path("address").asText())
                      || "closed".equals(f.path("type").asText())
                      || ("err".equals(f.path("type").asText()) && !f.has("address")));
      if (frame == null) {
        throw new AssertionError("no answer to " + address + " within " + WAIT);
      }
      return frame;
    }

    void ping() {
      send("{\"type\":\"ping\"}");
      JsonNode frame = next();
      assertThat(frame.path("type").asText()).as("frame %s", frame).isEqualTo("pong");
    }

    /** Whether a ping gets its pong (false if the connection was refused or closed). */
    boolean pings() {
      try {
        send("{\"type\":\"ping\"}");
      } catch (UncheckedIOException e) {
        return false;
      }
      JsonNode frame = poll(WAIT, f -> true);
      return frame != null && "pong".equals(frame.path("type").asText());
    }

    boolean awaitClosed(Duration timeout) {
      return poll(timeout, f -> "closed".equals(f.path("type").asText())) != null && closedByServer;
    }

    @Override
    public void close() {
      try {
        socket.close();
      } catch (IOException e) {
        // closing
      }
    }
  }
}
