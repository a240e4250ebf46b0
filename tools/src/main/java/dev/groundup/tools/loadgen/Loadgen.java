package dev.groundup.tools.loadgen;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Future;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The load generator: runs a {@link Settings} in this process or in child processes, measures the
 * server's memory in idle mode, and reports.
 *
 * <p>The {@code RESULT} line is {@code RESULT } followed by one JSON object with these fields
 * (stable; new fields may be added). Rates are per second of the measurement; request counts cover
 * the requests whose id (intended send time, or actual send time in closed mode) falls in the
 * measurement window; times are milliseconds unless named otherwise; a number that cannot be known
 * is {@code null}.
 *
 * <ul>
 *   <li>{@code tool} ("groundup-loadgen"), {@code version} (1), {@code started_at} (ISO-8601)
 *   <li>{@code mode} (ping, move, closed, idle), {@code host}, {@code port}, {@code prefix}
 *   <li>{@code connections} requested, {@code connected} (set up), {@code processes}, {@code
 *       rooms}, {@code pipeline} (closed mode, else 0)
 *   <li>{@code warmup_s}, {@code duration_s}
 *   <li>{@code offered_rate}: the requested messages/s (ping and move; null otherwise)
 *   <li>{@code sent}, {@code sent_rate}; {@code answered} (pongs or acks), {@code achieved_rate};
 *       {@code unsent} (not sent because the server stopped reading); {@code lost} (no answer by
 *       the end of the drain, or the connection closed)
 *   <li>{@code errors_total}, {@code errors} ({code: count}): error answers in the window (an error
 *       without an id, such as the gateway's rate limit sends, counts as the answer to one
 *       outstanding request of its connection, and by its arrival time)
 *   <li>{@code unexpected_total}, {@code unexpected} ({kind: count}, the whole run): lines that do
 *       not fit, e.g. {@code bye_abuse}, {@code pong_unmatched}, {@code invalid_line}, an event of
 *       another kind
 *   <li>{@code disconnects}: connections closed by the server after setup
 *   <li>{@code events} ({ev: count}): room broadcasts (state, enter, exit, said) received in the
 *       window
 *   <li>{@code latency_count}, {@code latency_p50_ms}, {@code latency_p90_ms}, {@code
 *       latency_p99_ms}, {@code latency_p999_ms}, {@code latency_max_ms}, {@code latency_mean_ms}:
 *       answer latency, from the intended send time in ping and move mode (no coordinated
 *       omission), from the actual send time in closed mode
 *   <li>{@code send_lag_p99_ms}, {@code send_lag_max_ms}: how late the generator itself sent (open
 *       loop)
 *   <li>{@code setup_ms} (connect, hello, login, join of every connection; the slowest process),
 *       {@code setup_rate} (connections/s); {@code login_p50_ms}, {@code login_p99_ms}, {@code
 *       login_max_ms} (login to welcome) and {@code join_p50_ms}, {@code join_p99_ms}, {@code
 *       join_max_ms} (join to joined; null without rooms)
 *   <li>{@code servers}: idle mode, per measured process: {@code label}, {@code pid}, {@code
 *       heap_before_bytes}, {@code heap_after_bytes}, {@code heap_per_connection_bytes}, {@code
 *       rss_before_bytes}, {@code rss_after_bytes}, {@code rss_per_connection_bytes}; {@code
 *       heap_per_connection_bytes} and {@code rss_per_connection_bytes} at the top level sum all
 *       measured processes (null when nothing was measured)
 *   <li>{@code warnings}: the configuration warnings
 *   <li>{@code histogram_file}, {@code result_file}: where the .hgrm and this JSON were written
 * </ul>
 */
public final class Loadgen {

  /**
   * What a process needs from its surroundings: stdin (a child's link to its parent), what to do
   * when the parent is gone, and the main class to start children with.
   */
  public record Hooks(InputStream stdin, Runnable parentGone, String mainClass) {}

  private static final Logger log = LoggerFactory.getLogger(Loadgen.class);
  private static final Duration SLACK = Duration.ofSeconds(60);
  private static final DateTimeFormatter STAMP =
      DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneId.systemDefault());

  private final Settings settings;
  private final Hooks hooks;
  private final PrintWriter out;
  private final PrintWriter err;

  public Loadgen(Settings settings, Hooks hooks, PrintWriter out, PrintWriter err) {
    this.settings = settings;
    this.hooks = hooks;
    this.out = out;
    this.err = err;
  }

  /**
   * The outcome of the load part, with the memory measured while the connections were still open.
   */
  private record Outcome(Stats stats, List<ServerMemory.Sample> after) {}

  /** Runs; returns the exit status. */
  public int run() {
    if (settings.isChild()) {
      return runChild();
    }
    List<String> warnings = settings.warnings();
    warnings.forEach(w -> log.warn(w));
    Instant started = Instant.now();
    List<ServerMemory.Target> targets = settings.mode() == Mode.IDLE ? targets() : List.of();
    ServerMemory memory = ServerMemory.withThisJdk();
    List<ServerMemory.Sample> before = measure(memory, targets, "before");
    Outcome outcome =
        settings.spawnsChildren() ? runChildren(memory, targets) : runHere(memory, targets);
    List<Report.MemoryRow> rows = new ArrayList<>();
    for (int i = 0; i < targets.size(); i++) {
      rows.add(new Report.MemoryRow(targets.get(i), before.get(i), outcome.after().get(i)));
    }
    String base = STAMP.format(started) + "-" + settings.mode().wire();
    Path histogramFile = settings.out().resolve(base + ".hgrm");
    Path resultFile = settings.out().resolve(base + ".json");
    ObjectNode result =
        Report.result(
            settings, outcome.stats(), rows, warnings, started, histogramFile, resultFile);
    Report.write(outcome.stats().latency(), result, histogramFile, resultFile);
    out.print(Report.summary(result));
    out.println("RESULT " + result);
    out.flush();
    return verdict(outcome.stats(), err);
  }

  /** 1 when the run did not measure the server at all: every connection lost, or not one answer. */
  static int verdict(Stats s, PrintWriter err) {
    if (s.connected() > 0 && s.disconnects() >= s.connected()) {
      err.println(
          "loadgen: the server closed every connection during the run (unexpected: "
              + s.unexpected()
              + ")");
      return 1;
    }
    if (s.sent() > 0 && s.answered() == 0) {
      err.println(
          "loadgen: the server answered none of the "
              + s.sent()
              + " requests of the measurement (errors: "
              + s.errors()
              + ")");
      return 1;
    }
    return 0;
  }

  private List<ServerMemory.Target> targets() {
    List<ServerMemory.Target> targets = new ArrayList<>();
    for (long pid : settings.serverPids()) {
      targets.add(new ServerMemory.Target(pid, "pid " + pid));
    }
    if (settings.localJson() != null) {
      List<LocalJson.Node> nodes =
          LocalJson.select(
              LocalJson.read(settings.localJson()), settings.localRoles(), settings.localJson());
      for (LocalJson.Node n : nodes) {
        targets.add(new ServerMemory.Target(n.pid(), n.name() + " (" + n.role() + ")"));
      }
    }
    return List.copyOf(targets);
  }

  private static List<ServerMemory.Sample> measure(
      ServerMemory memory, List<ServerMemory.Target> targets, String when) {
    List<ServerMemory.Sample> samples = new ArrayList<>();
    for (ServerMemory.Target t : targets) {
      ServerMemory.Sample s = memory.sample(t);
      log.info(
          "{} {}: live heap {}, RSS {}",
          t.label(),
          when,
          Report.bytes(s.liveHeapBytes()),
          Report.bytes(s.rssBytes()));
      samples.add(s);
    }
    return samples;
  }

  private Outcome runHere(ServerMemory memory, List<ServerMemory.Target> targets) {
    LoadRun run = await(LoadRun.start(settings), SLACK);
    try {
      await(run.setUp(), settings.setupTimeout().plus(SLACK));
      Stats stats = await(run.measure(), settings.runTime().plus(settings.drain()).plus(SLACK));
      return new Outcome(stats, measure(memory, targets, "after"));
    } finally {
      closeQuietly(run);
    }
  }

  private Outcome runChildren(ServerMemory memory, List<ServerMemory.Target> targets) {
    log.info("Starting {} load-generator processes", settings.processes());
    try (Children children =
        Children.spawn(settings, Children.Launcher.current(hooks.mainClass()), err)) {
      long began = System.nanoTime();
      children.awaitReady(settings.setupTimeout().plus(SLACK));
      log.info(
          "All {} processes ready after {} ms",
          settings.processes(),
          (System.nanoTime() - began) / 1_000_000);
      children.startAll();
      List<Stats> results =
          children.awaitResults(settings.runTime().plus(settings.drain()).plus(SLACK));
      Stats merged = Stats.empty();
      for (Stats s : results) {
        merged = merged.merge(s);
      }
      List<ServerMemory.Sample> after = measure(memory, targets, "after");
      children.stopAll(Duration.ofSeconds(30));
      return new Outcome(merged, after);
    }
  }

  /** A child process: its share of the run, reported to the parent through {@link ChildLink}. */
  private int runChild() {
    ChildLink link =
        ChildLink.attach(hooks.stdin(), out, settings.childIndex(), hooks.parentGone());
    LoadRun run = null;
    try {
      run = await(LoadRun.start(settings), SLACK);
      long began = System.nanoTime();
      await(run.setUp(), settings.setupTimeout().plus(SLACK));
      link.ready(run.share().connections(), System.nanoTime() - began);
      link.awaitStart();
      link.result(await(run.measure(), settings.runTime().plus(settings.drain()).plus(SLACK)));
      link.awaitStop();
      return 0;
    } catch (LoadgenException e) {
      link.failed(e.getMessage());
      return 1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      link.failed("interrupted");
      return 1;
    } finally {
      if (run != null) {
        closeQuietly(run);
      }
    }
  }

  private static void closeQuietly(LoadRun run) {
    try {
      run.close().await(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      log.warn("Closing the connections did not finish cleanly: {}", e.toString());
    }
  }

  /**
   * Waits on the main thread; failures become a {@link LoadgenException} with a readable message.
   */
  static <T> T await(Future<T> future, Duration timeout) {
    try {
      return future.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (LoadgenException e) {
      throw e;
    } catch (java.util.concurrent.TimeoutException e) {
      throw new LoadgenException("no progress within " + Durations.format(timeout), e);
    } catch (Exception e) {
      throw new LoadgenException(String.valueOf(e.getMessage()), e);
    }
  }
}
