package dev.groundup.node;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.groundup.common.shard.RoutingMode;
import dev.groundup.testkit.Await;
import dev.groundup.testkit.LineClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The gateway node's connection caps through real sockets from several source addresses
 * (127.0.0.x): over the node-wide cap or the per-source cap a connection gets {@code bye busy}
 * instead of {@code hello} and is closed; the players inside play on. The only test here, so it
 * starts with no connection on the gateway (the caps count every one).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConnectionCapsIT {

  private static final int MAX = 6;
  private static final int PER_SOURCE = 3;

  private TestCluster cluster;

  @BeforeAll
  void start() throws Exception {
    cluster =
        TestCluster.start(
            "ConnectionCapsIT",
            RoutingMode.SHARDED,
            1,
            Map.of(
                "GROUNDUP_MAX_CONNECTIONS", Integer.toString(MAX),
                "GROUNDUP_MAX_CONNECTIONS_PER_SOURCE", Integer.toString(PER_SOURCE)));
  }

  @AfterAll
  void stop() {
    cluster.close();
  }

  /** A connection to the gateway from the local address {@code source}. */
  private LineClient open(String source) {
    return LineClient.connectFrom(source, "127.0.0.1", cluster.port);
  }

  private static boolean admitted(LineClient c) {
    return "hello".equals(c.next().path("ev").asText());
  }

  private static void assertBusy(LineClient c) {
    JsonNode first = c.next();
    assertThat(first.path("ev").asText()).as("first line %s", first).isEqualTo("bye");
    assertThat(first.path("reason").asText()).isEqualTo("busy");
    assertThat(c.awaitClosed(LineClient.TIMEOUT)).isTrue();
  }

  @Test
  void connectionsOverTheCapsGetByeBusyAndThePlayersInsidePlayOn() {
    List<LineClient> open = new ArrayList<>();
    try {
      LineClient player = cluster.login("capped");
      open.add(player);
      // 127.0.0.1 has the player; two more fill its share
      for (int i = 0; i < PER_SOURCE - 1; i++) {
        LineClient c = open("127.0.0.1");
        open.add(c);
        assertThat(admitted(c)).isTrue();
      }
      LineClient overSource = open("127.0.0.1");
      open.add(overSource);
      assertBusy(overSource);
      // another source is still let in, up to the node-wide cap
      for (int i = 0; i < PER_SOURCE; i++) {
        LineClient c = open("127.0.0.2");
        open.add(c);
        assertThat(admitted(c)).isTrue();
      }
      LineClient overTotal = open("127.0.0.3");
      open.add(overTotal);
      assertBusy(overTotal);
      // the player inside plays on
      assertThat(player.request(7, "{\"op\":\"ping\"}").path("ev").asText()).isEqualTo("pong");
      // a place freed is taken again
      open.remove(1).close();
      Await.until(
          "a new connection from 127.0.0.3 admitted",
          LineClient.TIMEOUT,
          () -> {
            try (LineClient c = open("127.0.0.3")) {
              return admitted(c);
            } catch (AssertionError e) {
              return false;
            }
          });
    } finally {
      open.forEach(LineClient::close);
    }
  }
}
