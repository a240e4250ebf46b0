package dev.groundup.node;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.groundup.common.shard.RoutingMode;
import dev.groundup.testkit.LineClient;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Limits on slow and silent clients through real sockets: the login time limit ({@code bye idle})
 * and the cut-off of a client that does not read (output pending past {@code
 * GROUNDUP_MAX_OUTPUT_BYTES}).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConnectionLimitsIT {

  private static final int LOGIN_SECONDS = 2;

  private TestCluster cluster;

  @BeforeAll
  void start() throws Exception {
    cluster =
        TestCluster.start(
            "ConnectionLimitsIT",
            RoutingMode.SHARDED,
            1,
            Map.of(
                "GROUNDUP_LOGIN_TIMEOUT_SECONDS", Integer.toString(LOGIN_SECONDS),
                "GROUNDUP_MAX_OUTPUT_BYTES", "4096",
                "GROUNDUP_RATE_PER_SECOND", "1000000",
                "GROUNDUP_RATE_BURST", "1000000",
                "GROUNDUP_ABUSE_ERRORS", "1000000"));
  }

  @AfterAll
  void stop() {
    cluster.close();
  }

  @Test
  void aConnectionThatDoesNotLogInInTimeGetsByeIdle() {
    try (LineClient player = cluster.login("patient");
        LineClient c = cluster.connect()) {
      long connected = System.nanoTime();
      // busy but not logged in: it is not idle, yet it must go
      for (int i = 0; i < 3; i++) {
        assertThat(c.request(i, "{\"op\":\"ping\"}").path("code").asText())
            .isEqualTo("not_logged_in");
      }
      JsonNode bye =
          c.await(
              "bye",
              e -> "bye".equals(e.path("ev").asText()),
              Duration.ofSeconds(LOGIN_SECONDS + 10));
      assertThat(bye.path("reason").asText()).isEqualTo("idle");
      assertThat(System.nanoTime() - connected)
          .isGreaterThanOrEqualTo(Duration.ofSeconds(LOGIN_SECONDS).toNanos());
      assertThat(c.awaitClosed(LineClient.TIMEOUT)).isTrue();
      // the player that logged in earlier is older than the limit and stays
      assertThat(player.request(9, "{\"op\":\"ping\"}").path("ev").asText()).isEqualTo("pong");
    }
  }

  /**
   * A client that sends requests whose answers are large (an error echoing a long id) and never
   * reads: once the kernel's buffers are full the gateway's output for it passes the bound and it
   * is cut off (closed, without a bye it would not read anyway).
   */
  @Test
  void aClientThatDoesNotReadIsCutOff() throws Exception {
    String longId = "x".repeat(7000);
    byte[] line =
        ("{\"op\":\"nope\",\"id\":\"" + longId + "\"}\n").getBytes(StandardCharsets.UTF_8);
    try (LineClient bystander = cluster.login("reader");
        Socket socket = new Socket()) {
      socket.setReceiveBufferSize(4096);
      socket.connect(new InetSocketAddress("127.0.0.1", cluster.port), 5000);
      OutputStream out = socket.getOutputStream();
      // about 64 MiB of answers asked for: far more than any socket buffers hold
      boolean refused = false;
      for (int i = 0; i < 9000 && !refused; i++) {
        try {
          out.write(line);
        } catch (IOException e) {
          refused = true;
        }
      }
      // the connection ends: whatever the buffers hold, then end of stream (or a reset)
      socket.setSoTimeout((int) LineClient.TIMEOUT.toMillis());
      InputStream in = socket.getInputStream();
      ByteArrayOutputStream tail = new ByteArrayOutputStream();
      byte[] chunk = new byte[65536];
      try {
        for (int n; (n = in.read(chunk)) >= 0; ) {
          tail.reset();
          tail.write(chunk, 0, n);
        }
      } catch (SocketTimeoutException e) {
        throw new AssertionError("the gateway kept a client that does not read", e);
      } catch (IOException reset) {
        // cut off
      }
      assertThat(tail.toString(StandardCharsets.UTF_8)).doesNotContain("\"ev\":\"bye\"");
      assertThat(bystander.request(3, "{\"op\":\"ping\"}").path("ev").asText()).isEqualTo("pong");
    }
  }
}
