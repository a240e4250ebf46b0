package dev.groundup.tools.loadgen;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.groundup.tools.ToolsMain;
import dev.groundup.tools.echo.EchoServer;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The load generator run in-process, as {@code groundup loadgen} runs it, against a real TCP server
 * on loopback ({@link TinyGateway}); and once with two child processes, to prove that their results
 * are merged. Each run is a few seconds of real load, so the numbers are checked within generous
 * bands.
 */
class LoadgenIT {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static TinyGateway gateway;

  @TempDir Path out;

  /** What one run printed and returned. */
  record Run(int status, String stdout, String stderr, JsonNode result) {}

  @BeforeAll
  static void startServer() throws Exception {
    gateway = TinyGateway.start();
  }

  @AfterAll
  static void stopServer() throws Exception {
    if (gateway != null) {
      gateway.close();
    }
  }

  private Run run(int port, String... args) throws IOException {
    List<String> all =
        new ArrayList<>(
            List.of(
                "loadgen",
                "--host",
                "127.0.0.1",
                "--port",
                Integer.toString(port),
                "--out",
                out.toString()));
    all.addAll(List.of(args));
    StringWriter stdout = new StringWriter();
    StringWriter stderr = new StringWriter();
    int status =
        ToolsMain.execute(
            all.toArray(String[]::new),
            new PrintWriter(stdout, true),
            new PrintWriter(stderr, true),
            new ByteArrayInputStream(new byte[0]),
            () -> {});
    List<String> resultLines =
        stdout.toString().lines().filter(l -> l.startsWith("RESULT ")).toList();
    JsonNode result = null;
    if (status == 0) {
      assertThat(resultLines).as("RESULT lines in %s", stdout).hasSize(1);
      result = JSON.readTree(resultLines.getFirst().substring("RESULT ".length()));
    }
    return new Run(status, stdout.toString(), stderr.toString(), result);
  }

  private Run run(String... args) throws IOException {
    return run(gateway.port(), args);
  }

  private static void assertClean(Run run, int connections) {
    assertClean(run, connections, true);
  }

  private static void assertClean(Run run, int connections, boolean loggedIn) {
    JsonNode r = run.result();
    assertThat(run.status()).as(run.stderr()).isZero();
    assertThat(r.path("connected").asInt()).isEqualTo(connections);
    assertThat(r.path("errors_total").asLong()).as("errors %s", r.path("errors")).isZero();
    assertThat(r.path("unexpected_total").asLong())
        .as("unexpected %s", r.path("unexpected"))
        .isZero();
    assertThat(r.path("disconnects").asLong()).isZero();
    assertThat(r.path("lost").asLong()).isZero();
    assertThat(r.path("unsent").asLong()).isZero();
    assertThat(r.path("setup_ms").asDouble()).isPositive();
    if (loggedIn) {
      assertThat(r.path("login_p50_ms").asDouble()).isPositive();
    } else {
      assertThat(r.path("login_p50_ms").isNull()).as("no login against an echo").isTrue();
    }
  }

  private static void assertPercentilesOrdered(JsonNode r) {
    assertThat(r.path("latency_count").asLong())
        .isEqualTo(r.path("answered").asLong())
        .isPositive();
    double p50 = r.path("latency_p50_ms").asDouble();
    double p90 = r.path("latency_p90_ms").asDouble();
    double p99 = r.path("latency_p99_ms").asDouble();
    double p999 = r.path("latency_p999_ms").asDouble();
    double max = r.path("latency_max_ms").asDouble();
    assertThat(p50).isPositive();
    assertThat(p50).isLessThanOrEqualTo(p90);
    assertThat(p90).isLessThanOrEqualTo(p99);
    assertThat(p99).isLessThanOrEqualTo(p999);
    assertThat(p999).isLessThanOrEqualTo(max);
  }

  private static void assertRateNear(JsonNode r, double offered) {
    assertThat(r.path("offered_rate").asDouble()).isEqualTo(offered);
    assertThat(r.path("sent_rate").asDouble()).isBetween(offered * 0.9, offered * 1.1);
    assertThat(r.path("achieved_rate").asDouble()).isBetween(offered * 0.9, offered * 1.1);
    assertThat(r.path("answered").asLong()).isEqualTo(r.path("sent").asLong());
  }

  @Test
  void pingModeAnswersEveryPingAtTheOfferedRate() throws Exception {
    Run run =
        run(
            "--connections",
            "20",
            "--mode",
            "ping",
            "--rate",
            "400",
            "--warmup",
            "1s",
            "--duration",
            "2s");
    JsonNode r = run.result();
    assertClean(run, 20);
    assertRateNear(r, 400);
    assertPercentilesOrdered(r);
    assertThat(r.path("mode").asText()).isEqualTo("ping");
    assertThat(r.path("processes").asInt()).isEqualTo(1);
    assertThat(run.stdout()).contains("latency (ms)", "p99.9", "achieved rate");
    Path hgrm = Path.of(r.path("histogram_file").asText());
    assertThat(Files.readString(hgrm)).contains("Value", "Percentile", "#[Mean");
    assertThat(JSON.readTree(Path.of(r.path("result_file").asText()).toFile())).isEqualTo(r);
  }

  @Test
  void moveModeJoinsRoomsAndCountsAcks() throws Exception {
    Run run =
        run(
            "--connections",
            "20",
            "--mode",
            "move",
            "--rooms",
            "4",
            "--rate",
            "200",
            "--warmup",
            "1s",
            "--duration",
            "2s");
    JsonNode r = run.result();
    assertClean(run, 20);
    assertRateNear(r, 200);
    assertPercentilesOrdered(r);
    assertThat(r.path("rooms").asInt()).isEqualTo(4);
    assertThat(r.path("join_p99_ms").asDouble()).isPositive();
  }

  @Test
  void closedModeKeepsThePipelineFull() throws Exception {
    Run run =
        run(
            "--connections",
            "20",
            "--mode",
            "closed",
            "--pipeline",
            "2",
            "--warmup",
            "1s",
            "--duration",
            "2s");
    JsonNode r = run.result();
    assertClean(run, 20);
    assertPercentilesOrdered(r);
    assertThat(r.path("offered_rate").isNull()).isTrue();
    assertThat(r.path("pipeline").asInt()).isEqualTo(2);
    // even a slow machine answers more than the 40 requests that are always in flight, many times a
    // second
    assertThat(r.path("achieved_rate").asDouble()).isGreaterThan(500);
    assertThat(r.path("answered").asLong()).isEqualTo(r.path("sent").asLong());
  }

  @Test
  void closedModeGoesOnAfterErrorsWithoutId() throws Exception {
    try (TinyGateway limited = TinyGateway.start(10)) {
      Run run =
          run(
              limited.port(),
              "--connections",
              "5",
              "--mode",
              "closed",
              "--warmup",
              "500ms",
              "--duration",
              "1s");
      JsonNode r = run.result();
      assertThat(run.status()).as(run.stderr()).isZero();
      assertThat(r.path("errors").path("rate_limited").asLong()).isPositive();
      assertThat(r.path("answered").asLong()).isGreaterThan(100);
      assertThat(r.path("lost").asLong())
          .as("the id-less errors answered requests")
          .isLessThanOrEqualTo(5);
      assertThat(r.path("unexpected_total").asLong()).isZero();
    }
  }

  @Test
  void idleModeMeasuresTheServersMemory() throws Exception {
    long pid = ProcessHandle.current().pid();
    Run run =
        run(
            "--connections",
            "20",
            "--mode",
            "idle",
            "--warmup",
            "0s",
            "--duration",
            "1s",
            "--server-pid",
            Long.toString(pid));
    JsonNode r = run.result();
    assertClean(run, 20);
    JsonNode server = r.path("servers").get(0);
    assertThat(server.path("pid").asLong()).isEqualTo(pid);
    assertThat(server.path("heap_before_bytes").asLong()).isPositive();
    assertThat(server.path("heap_after_bytes").asLong()).isPositive();
    assertThat(server.path("rss_after_bytes").asLong()).isPositive();
    assertThat(r.path("heap_per_connection_bytes").isNumber()).isTrue();
    assertThat(run.stdout()).contains("live heap");
  }

  @Test
  void twoChildProcessesAreMerged() throws Exception {
    Run run =
        run(
            "--connections",
            "6",
            "--processes",
            "2",
            "--mode",
            "ping",
            "--rate",
            "60",
            "--warmup",
            "1s",
            "--duration",
            "2s");
    JsonNode r = run.result();
    assertClean(run, 6);
    assertRateNear(r, 60);
    assertPercentilesOrdered(r);
    assertThat(r.path("processes").asInt()).isEqualTo(2);
    assertThat(run.stderr()).doesNotContain("child process");
  }

  @Test
  void echoModeDrivesAPlainLineEchoWithoutLoggingIn() throws Exception {
    Vertx vertx = Vertx.vertx();
    try {
      int port = freePort();
      vertx
          .deployVerticle(
              () -> new EchoServer("127.0.0.1", port), new DeploymentOptions().setInstances(2))
          .await(10, TimeUnit.SECONDS);
      Run ping =
          run(
              port,
              "--echo",
              "--connections",
              "10",
              "--mode",
              "ping",
              "--rate",
              "300",
              "--warmup",
              "1s",
              "--duration",
              "2s");
      assertClean(ping, 10, false);
      assertRateNear(ping.result(), 300);
      assertPercentilesOrdered(ping.result());
      Run closed =
          run(
              port,
              "--echo",
              "--connections",
              "4",
              "--mode",
              "closed",
              "--pipeline",
              "2",
              "--warmup",
              "0s",
              "--duration",
              "1s");
      assertClean(closed, 4, false);
      assertThat(closed.result().path("answered").asLong())
          .isPositive()
          .isEqualTo(closed.result().path("sent").asLong());
    } finally {
      vertx.close().await(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void echoAgainstAGatewayIsRefusedBeforeConnecting() throws Exception {
    Run run =
        run(
            "--echo",
            "--connections",
            "2",
            "--mode",
            "move",
            "--rooms",
            "1",
            "--rate",
            "2",
            "--duration",
            "1s");
    assertThat(run.status()).isEqualTo(2);
    assertThat(run.stderr()).contains("--echo works with --mode ping or closed");
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket()) {
      s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
      return s.getLocalPort();
    }
  }

  @Test
  void aServerThatIsNotThereFailsTheRunReadably() throws Exception {
    int nobody;
    try (ServerSocket s = new ServerSocket()) {
      s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
      nobody = s.getLocalPort();
    }
    Run run =
        run(nobody, "--connections", "3", "--mode", "ping", "--rate", "3", "--duration", "1s");
    assertThat(run.status()).isEqualTo(1);
    assertThat(run.stderr())
        .contains("cannot connect to 127.0.0.1:" + nobody, "refused", "is the server running");
    assertThat(run.stdout()).doesNotContain("RESULT");
  }

  @Test
  void aTakenNameFailsTheRunWithAHint() throws Exception {
    String prefix = "taken" + ProcessHandle.current().pid() % 10_000;
    Run first =
        run(
            "--connections",
            "2",
            "--mode",
            "idle",
            "--warmup",
            "0s",
            "--duration",
            "100ms",
            "--prefix",
            prefix);
    assertThat(first.status()).as(first.stderr()).isZero();
    Run second =
        run(
            "--connections",
            "2",
            "--mode",
            "idle",
            "--warmup",
            "0s",
            "--duration",
            "100ms",
            "--prefix",
            prefix);
    assertThat(second.status()).isEqualTo(1);
    assertThat(second.stderr()).contains("name_taken", "--prefix");
  }

  @Test
  void badOptionsAreRefusedBeforeConnecting() throws Exception {
    Run run = run("--connections", "10", "--mode", "move", "--rate", "10");
    assertThat(run.status()).isEqualTo(2);
    assertThat(run.stderr()).contains("--mode move needs --rooms");
  }
}
