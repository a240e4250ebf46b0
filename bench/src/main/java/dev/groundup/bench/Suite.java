package dev.groundup.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.groundup.common.shard.RoutingMode;
import dev.groundup.node.LocalCluster;
import dev.groundup.node.NodeProcess;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * The fixed benchmark suite of {@code ./groundup bench}: the echo baseline, the same {@code ping}
 * load against in-process and against each routing design on a cluster of separate JVMs (closed
 * loop for the maximum, then open loop at rising rates until it no longer keeps up, then at half
 * its own maximum), {@code move} with 1000 bots in 50 rooms, 15000 idle connections, and takeover
 * after kill -9. Every server runs in its own JVMs and the load generator in its own; they share
 * the machine's cores, as the report says.
 */
final class Suite {

  /**
   * Limits of the servers under test: rate limits high enough that the load, not the limiter, is
   * measured.
   */
  static final Map<String, String> SERVER_ENV =
      Map.of(
          "GROUNDUP_RATE_PER_SECOND", "1000000",
          "GROUNDUP_RATE_BURST", "1000000");

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration RUN_LIMIT = Duration.ofMinutes(6);

  private final SuiteOptions options;
  private final Results results;
  private final LoadRunner load;
  private final Path log;
  private final Instant began = Instant.now();
  private int hazelcastPort = 17701;

  private Suite(SuiteOptions options, Results results, LoadRunner load, Path log) {
    this.options = options;
    this.results = results;
    this.load = load;
    this.log = log;
  }

  static Results run(SuiteOptions options) throws Exception {
    Files.createDirectories(options.work());
    Path loadOut = Files.createDirectories(options.work().resolve("loadgen"));
    Path log = options.work().resolve("bench.log");
    Files.deleteIfExists(log);
    Results results = new Results(Machine.detect(), ZonedDateTime.now(), options);
    Suite suite = new Suite(options, results, new LoadRunner(loadOut, log), log);
    suite.say("groundup bench: %s; logs in %s", results.machine.describe(), log);
    suite.echo();
    suite.design("in-process", "in-process (sharded, 1 JVM)", RoutingMode.SHARDED, true);
    suite.design("single", "single (cluster)", RoutingMode.SINGLE, false);
    suite.design("per-connection", "per-connection (cluster)", RoutingMode.PER_CONNECTION, false);
    suite.design("sharded", "sharded (cluster)", RoutingMode.SHARDED, false);
    if (options.takeoverTrials() > 0) {
      suite.takeover();
      suite.handoff();
    }
    results.took = Duration.between(suite.began, Instant.now());
    results.commands.addAll(suite.load.commands());
    return results;
  }

  /**
   * The baseline: closed-loop maximum (median of several runs), and one open-loop run at half of
   * it.
   */
  private void echo() throws IOException, InterruptedException {
    int port = freePort();
    try (EchoServerProcess echo = EchoServerProcess.start(port, log)) {
      for (int i = 0; i < options.echoRuns(); i++) {
        LoadResult r = load.run(closedArgs(port, true), RUN_LIMIT);
        results.echoClosed.add(r);
        say("echo: closed loop %s round trips/s (p99 %s ms)", rate(r.achieved()), ms(r.p99()));
      }
      results.echoHalf = load.run(pingArgs(port, results.echoMax() / 2, true), RUN_LIMIT);
      say(
          "echo: open loop at %s/s: p50 %s p99 %s p99.9 %s ms",
          rate(results.echoHalf.offered()),
          ms(results.echoHalf.p50()),
          ms(results.echoHalf.p99()),
          ms(results.echoHalf.p999()));
    }
  }

  private void design(String key, String label, RoutingMode routing, boolean inProcess)
      throws Exception {
    int port = freePort();
    Path dir = options.work().resolve(key);
    hazelcastPort += 10; // each configuration on its own ports: the last one's may still be closing
    LocalCluster.Options clusterOptions =
        new LocalCluster.Options(
            1,
            2,
            2,
            routing,
            port,
            hazelcastPort,
            dir,
            "groundup-bench-" + UUID.randomUUID().toString().substring(0, 8),
            inProcess);
    LocalCluster cluster =
        new LocalCluster(
            clusterOptions, NodeProcess.Launcher.current().withClassDataSharing(), SERVER_ENV);
    Thread stop = new Thread(cluster::stopAll, "bench-stop");
    Runtime.getRuntime().addShutdownHook(stop);
    try {
      say("%s: starting", label);
      cluster.start();
      LoadResult closed = load.run(closedArgs(port, false), RUN_LIMIT);
      say(
          "%s: closed loop %s round trips/s (p99 %s ms)",
          label, rate(closed.achieved()), ms(closed.p99()));
      List<LoadResult> ramp = new ArrayList<>();
      for (double fraction : options.rampFractions()) {
        LoadResult r = load.run(pingArgs(port, fraction * results.echoMax(), false), RUN_LIMIT);
        ramp.add(r);
        say(
            "%s: open loop %s/s -> %s/s, p50 %s p99 %s p99.9 %s ms%s",
            label,
            rate(r.offered()),
            rate(r.achieved()),
            ms(r.p50()),
            ms(r.p99()),
            ms(r.p999()),
            r.keptUp() ? "" : "  (did not keep up: the ramp stops here)");
        if (!r.keptUp()) {
          break;
        }
      }
      double max = Results.Design.max(closed, ramp);
      LoadResult half = load.run(pingArgs(port, max / 2, false), RUN_LIMIT);
      say(
          "%s: at half its maximum (%s/s): p50 %s p99 %s p99.9 %s ms",
          label, rate(half.offered()), ms(half.p50()), ms(half.p99()), ms(half.p999()));
      results.designs.put(key, new Results.Design(key, label, closed, ramp, half));
      if (key.equals("sharded")) {
        move(port);
        idle(port, dir.resolve("local.json"));
      }
    } finally {
      cluster.stopAll();
      Runtime.getRuntime().removeShutdownHook(stop);
    }
  }

  private void move(int port) throws IOException, InterruptedException {
    results.move =
        load.run(
            List.of(
                "--port",
                Integer.toString(port),
                "--mode",
                "move",
                "--connections",
                Integer.toString(options.moveBots()),
                "--rooms",
                Integer.toString(options.moveRooms()),
                "--rate",
                Integer.toString(options.moveRate()),
                "--warmup",
                seconds(options.warmup().plusSeconds(1)),
                "--duration",
                seconds(options.measure().multipliedBy(2))),
            RUN_LIMIT);
    LoadResult m = results.move;
    say(
        "move: %d bots in %d rooms, %s moves/s: ack p50 %s p99 %s p99.9 %s max %s ms",
        options.moveBots(),
        options.moveRooms(),
        rate(m.achieved()),
        ms(m.p50()),
        ms(m.p99()),
        ms(m.p999()),
        ms(m.max()));
  }

  private void idle(int port, Path localJson) throws IOException, InterruptedException {
    results.idle =
        load.run(
            List.of(
                "--port",
                Integer.toString(port),
                "--mode",
                "idle",
                "--connections",
                Integer.toString(options.idleConnections()),
                "--local-json",
                localJson.toString(),
                "--local-roles",
                "gateway,shard,registry",
                "--warmup",
                "0s",
                "--duration",
                "5s",
                "--setup-timeout",
                "5m"),
            RUN_LIMIT);
    LoadResult r = results.idle;
    say(
        "idle: %d connections, %s connections/s set up; heap %s B and RSS %s B per connection over all processes",
        options.idleConnections(),
        rate(r.setupRate()),
        rate(r.heapPerConnection()),
        rate(r.rssPerConnection()));
  }

  /** {@code ./groundup bench takeover} in its own JVM (it brings up its own cluster). */
  private void takeover() throws IOException, InterruptedException {
    say("takeover: %d trials of kill -9", options.takeoverTrials());
    JsonNode result =
        sub(
            "takeover",
            List.of("--trials", Integer.toString(options.takeoverTrials()), "--rooms", "5"));
    if (result == null) {
      return;
    }
    results.takeover = result;
    say(
        "takeover: kill -> first new ack p50 %d ms, max %d ms; %d violations",
        result.path("servedAgainP50Ms").asLong(),
        result.path("servedAgainMaxMs").asLong(),
        result.path("violations").asLong());
  }

  /**
   * {@code ./groundup bench handoff} in its own JVM: join, leave and a rolling restart under play.
   */
  private void handoff() throws IOException, InterruptedException {
    say("handoff: join, leave and a rolling restart of 3 shard nodes under play");
    JsonNode result = sub("handoff", List.of());
    if (result == null) {
      return;
    }
    results.handoff = result;
    say(
        "handoff: pause per moved room p50 %d ms, max %d ms; rolling restart %.1f s; %d problems",
        result.path("pauseP50Ms").asLong(),
        result.path("pauseMaxMs").asLong(),
        result.path("rollingRestartMs").asLong() / 1000.0,
        result.path("problems").asLong());
  }

  /**
   * Runs {@code ./groundup bench <which> <args>} in its own JVM, its output into the log; gives its
   * JSON line, or null (noted in the results) if it failed.
   */
  private JsonNode sub(String which, List<String> args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(which));
    command.addAll(args);
    Process p = Jvm.start(BenchMain.class.getName(), command, log);
    JsonNode result = null;
    String prefix = "{\"bench\":\"" + which + "\"";
    try (BufferedReader r =
        new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = r.readLine()) != null) {
        if (line.startsWith(prefix)) {
          result = JSON.readTree(line);
        } else {
          Files.writeString(
              log,
              line + "\n",
              StandardCharsets.UTF_8,
              java.nio.file.StandardOpenOption.APPEND,
              java.nio.file.StandardOpenOption.CREATE);
        }
      }
    }
    p.waitFor();
    if (result == null) {
      results.notes.add(
          "The " + which + " run failed (status " + p.exitValue() + "); see " + log + ".");
      say("%s: failed (status %d), see %s", which, p.exitValue(), log);
    }
    return result;
  }

  private List<String> closedArgs(int port, boolean echo) {
    List<String> a =
        new ArrayList<>(
            List.of(
                "--port",
                Integer.toString(port),
                "--mode",
                "closed",
                "--pipeline",
                "1",
                "--connections",
                Integer.toString(options.connections()),
                "--warmup",
                seconds(options.warmup()),
                "--duration",
                seconds(options.measure())));
    if (echo) {
      a.add("--echo");
    }
    return a;
  }

  private List<String> pingArgs(int port, double rate, boolean echo) {
    List<String> a =
        new ArrayList<>(
            List.of(
                "--port",
                Integer.toString(port),
                "--mode",
                "ping",
                "--rate",
                Long.toString(Math.max(1, Math.round(rate))),
                "--connections",
                Integer.toString(options.connections()),
                "--warmup",
                seconds(options.warmup()),
                "--duration",
                seconds(options.measure())));
    if (echo) {
      a.add("--echo");
    }
    return a;
  }

  private static String seconds(Duration d) {
    return d.toSeconds() + "s";
  }

  private void say(String format, Object... args) {
    Duration t = Duration.between(began, Instant.now());
    System.out.printf(
        Locale.ROOT,
        "[%02d:%02d] %s%n",
        t.toMinutes(),
        t.toSecondsPart(),
        String.format(Locale.ROOT, format, args));
    System.out.flush();
  }

  static String rate(double v) {
    return Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, "%,.0f", v);
  }

  static String ms(double v) {
    if (Double.isNaN(v)) {
      return "n/a";
    }
    return v >= 100
        ? String.format(Locale.ROOT, "%.0f", v)
        : v >= 10 ? String.format(Locale.ROOT, "%.1f", v) : String.format(Locale.ROOT, "%.2f", v);
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
