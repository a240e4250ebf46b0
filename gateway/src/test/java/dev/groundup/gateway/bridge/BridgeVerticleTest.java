package dev.groundup.gateway.bridge;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.groundup.common.Addresses;
import dev.groundup.common.testing.Ports;
import dev.groundup.gateway.GatewayConfig;
import dev.groundup.testkit.Await;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The bridge on a plain (non-clustered) Vert.x: what it tells its {@link RoomWatch}, what the
 * registry receives.
 */
class BridgeVerticleTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration WAIT = Duration.ofSeconds(10);

  private Vertx vertx;
  private int port;
  private final List<String> calls = Collections.synchronizedList(new ArrayList<>());

  @BeforeEach
  void start() throws Exception {
    vertx = Vertx.vertx();
    port = Ports.free();
    RoomWatch recorder =
        new RoomWatch() {
          @Override
          public void watch(String room) {
            calls.add("watch " + room);
          }

          @Override
          public void unwatch(String room) {
            calls.add("unwatch " + room);
          }
        };
    GatewayConfig.Bridge config =
        new GatewayConfig.Bridge(port, "127.0.0.1", 65536, 8, Duration.ofSeconds(300));
    vertx.deployVerticle(new BridgeVerticle(config, v -> recorder)).await(10, TimeUnit.SECONDS);
  }

  @AfterEach
  void stop() throws Exception {
    vertx.close().await(10, TimeUnit.SECONDS);
  }

  @Test
  void theFirstWatcherOfARoomWatchesItAndTheLastOneUnwatchesIt() throws Exception {
    try (Client one = new Client(port);
        Client two = new Client(port)) {
      one.register("groundup.room.a");
      one.ping();
      assertThat(calls).containsExactly("watch a");
      two.register("groundup.room.a");
      two.register("groundup.room.b");
      two.ping();
      assertThat(calls).containsExactly("watch a", "watch b");
      one.send("{\"type\":\"register\",\"address\":\"groundup.registry.names\"}");
      assertThat(one.next().path("message").asText()).isEqualTo("access_denied");
      one.send("{\"type\":\"unregister\",\"address\":\"groundup.room.a\"}");
      one.ping();
      assertThat(calls).containsExactly("watch a", "watch b");
      one.register("groundup.room.c");
      one.ping();
      two.close(); // no unregister: the socket closing ends its watches
      Await.until("a and b unwatched", WAIT, () -> calls.size() == 5);
      assertThat(calls.subList(0, 3)).containsExactly("watch a", "watch b", "watch c");
      assertThat(calls.subList(3, 5)).containsExactlyInAnyOrder("unwatch a", "unwatch b");
    }
    Await.until("c unwatched once its watcher closed", WAIT, () -> calls.size() == 6);
    assertThat(calls.get(5)).isEqualTo("unwatch c");
  }

  @Test
  void theRegistryGetsAJsonObjectAndItsReplyComesBackAsAMessage() throws Exception {
    vertx
        .eventBus()
        .consumer(
            Addresses.REGISTRY_WHEREIS,
            m ->
                m.reply(
                    m.body() instanceof JsonObject body
                        ? new JsonObject()
                            .put("name", body.getString("name"))
                            .put("address", "a")
                            .put("node", "n")
                        : new JsonObject().put("wrong", String.valueOf(m.body()))))
        .completion()
        .await(10, TimeUnit.SECONDS);
    try (Client client = new Client(port)) {
      client.send(
          "{\"type\":\"send\",\"address\":\"groundup.registry.whereis\",\"replyAddress\":\"r1\","
              + "\"body\":{\"name\":\"player:ada\"}}");
      JsonNode reply = client.next();
      assertThat(reply.path("type").asText()).isEqualTo("message");
      assertThat(reply.path("address").asText()).isEqualTo("r1");
      assertThat(reply.path("body").path("name").asText()).isEqualTo("player:ada");
      assertThat(reply.path("body").path("node").asText()).isEqualTo("n");
    }
  }

  /** Frames by hand, read in the test's thread. */
  private static final class Client implements AutoCloseable {

    private final Socket socket = new Socket();
    private final DataOutputStream out;
    private final DataInputStream in;

    Client(int port) throws IOException {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
      socket.setSoTimeout((int) WAIT.toMillis());
      out = new DataOutputStream(socket.getOutputStream());
      in = new DataInputStream(socket.getInputStream());
    }

    void send(String json) throws IOException {
      byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
      out.writeInt(bytes.length);
      out.write(bytes);
      out.flush();
    }

    void register(String address) throws IOException {
      send("{\"type\":\"register\",\"address\":\"" + address + "\"}");
    }

    JsonNode next() throws IOException {
      byte[] payload = new byte[in.readInt()];
      in.readFully(payload);
      return JSON.readTree(payload);
    }

    void ping() throws IOException {
      send("{\"type\":\"ping\"}");
      assertThat(next().path("type").asText()).isEqualTo("pong");
    }

    @Override
    public void close() throws IOException {
      socket.close();
    }
  }
}
