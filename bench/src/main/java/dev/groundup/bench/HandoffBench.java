package dev.groundup.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.groundup.common.cluster.ClusterNode;
import dev.groundup.common.cluster.Clustered;
import dev.groundup.common.cluster.Role;
import dev.groundup.common.config.NodeConfig;
import dev.groundup.common.shard.RoutingMode;
import dev.groundup.common.shard.ShardIds;
import dev.groundup.common.store.GameStore;
import dev.groundup.common.store.ShardLease;
import dev.groundup.node.LocalCluster;
import dev.groundup.node.NodeProcess;
import dev.groundup.testkit.Await;
import dev.groundup.testkit.Bot;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * {@code groundup bench handoff}: elastic shards under play. It starts a local cluster of separate
 * processes (two registry nodes, {@code --shards} shard nodes, one gateway), puts {@code --bots}
 * bots into each of {@code --rooms} rooms (spread over the shards by the hash) that send numbered
 * moves without pause, lets them play for {@code --warmup} seconds (a cluster that just started
 * runs its code cold: its first handoffs are slower, and a real cluster is scaled after it has run
 * a while), and then, while they play:
 *
 * <ol>
 *   <li><b>join</b>: starts one more shard node;
 *   <li><b>leave</b>: sends it SIGTERM (it drains its shards to the others and exits);
 *   <li><b>rolling restart</b>: for each original shard node in turn, SIGTERM (drain), then a new
 *       process in its place, waiting until it is ready (its shards serve) before the next node.
 * </ol>
 *
 * <p>For each step it measures, from the shard leases in the store (the bench joins the cluster as
 * a lite member to read them), how many virtual shards changed owner; from the bots, the longest
 * pause (time between two acks) in each room whose shard moved; and how long the step took. At the
 * end every bot is checked: no error at all, every move answered, nothing acknowledged lost ({@link
 * Bot#checkNoErrors}). It prints a line per step, a summary and one JSON line, and exits with
 * status 1 if any bot saw an error or lost an ack, or a node did not exit by itself.
 */
public final class HandoffBench {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration SETTLE = Duration.ofSeconds(60);
  private static final Duration STOP_GRACE = Duration.ofSeconds(45);
  private static final int SHARDS = 64;

  /** The options of {@code groundup bench handoff}. */
  public record Options(int shards, int rooms, int botsPerRoom, int warmupSeconds) {

    static Options parse(List<String> args) {
      int shards = 3;
      int rooms = 24;
      int bots = 2;
      int warmup = 30;
      for (int i = 0; i < args.size(); i += 2) {
        String arg = args.get(i);
        String value = i + 1 < args.size() ? args.get(i + 1) : null;
        switch (arg) {
          case "--shards" -> shards = BenchOptions.positive(arg, value);
          case "--rooms" -> rooms = BenchOptions.positive(arg, value);
          case "--bots" -> bots = BenchOptions.positive(arg, value);
          case "--warmup" -> warmup = BenchOptions.positive(arg, value);
          default -> throw new IllegalArgumentException("unknown option " + arg);
        }
      }
      if (shards < 2) {
        throw new IllegalArgumentException(
            "--shards must be at least 2: a draining node hands its shards to another");
      }
      return new Options(shards, rooms, bots, warmup);
    }
  }

  /**
   * One step: what was done, how many virtual shards changed owner (and how many of them more than
   * once, i.e. took more than one new epoch), how many errors the bots got meanwhile, the longest
   * pause of each room whose shard moved (ms), how long the step took until the cluster served
   * again (ms), and whether a stopped node exited by itself.
   */
  public record Step(
      String what,
      int moved,
      int movedMoreThanOnce,
      long errors,
      List<Long> roomPausesMillis,
      long tookMillis,
      boolean exitedByItself) {}

  /**
   * Every step, the bots' violations of the promise (empty is good), and the rolling restart's
   * duration.
   */
  public record Report(List<Step> steps, List<String> problems, long rollingMillis, int bots) {

    public boolean ok() {
      return problems.isEmpty() && steps.stream().allMatch(Step::exitedByItself);
    }
  }

  private final Options options;
  private final LocalCluster cluster;
  private final int playerPort;
  private final ShardIds ids = new ShardIds(SHARDS, RoutingMode.SHARDED);
  private GameStore store;

  private HandoffBench(Options options, LocalCluster cluster, int playerPort) {
    this.options = options;
    this.cluster = cluster;
    this.playerPort = playerPort;
  }

  /** {@code groundup bench handoff}: runs it on a cluster of its own; returns the exit status. */
  static int run(Options options) throws Exception {
    Path dir = Files.createDirectories(Path.of(".groundup", "bench-handoff"));
    Report report = run(options, dir, NodeProcess.Launcher.current().withClassDataSharing());
    return report.ok() ? 0 : 1;
  }

  /** Runs the benchmark on a new local cluster in {@code dir}, started with {@code launcher}. */
  public static Report run(Options options, Path dir, NodeProcess.Launcher launcher)
      throws Exception {
    int playerPort = freePort();
    LocalCluster.Options clusterOptions =
        new LocalCluster.Options(
            1,
            options.shards(),
            2,
            RoutingMode.SHARDED,
            playerPort,
            freePort(),
            dir,
            "groundup-handoff-" + UUID.randomUUID().toString().substring(0, 8),
            false);
    LocalCluster cluster =
        new LocalCluster(
            clusterOptions, launcher, Map.of("GROUNDUP_SHARDS", Integer.toString(SHARDS)));
    Thread stop = new Thread(cluster::stopAll, "handoff-bench-stop");
    Runtime.getRuntime().addShutdownHook(stop);
    ClusterNode observer = null;
    try {
      cluster.start();
      observer = observer(cluster);
      HandoffBench bench = new HandoffBench(options, cluster, playerPort);
      bench.store = new GameStore(observer.vertx(), observer.hazelcast());
      Report report = bench.steps();
      print(report);
      return report;
    } finally {
      if (observer != null) {
        observer.close().await(30, TimeUnit.SECONDS);
      }
      cluster.stopAll();
      Runtime.getRuntime().removeShutdownHook(stop);
    }
  }

  /** A lite member in this JVM that reads the shard leases. */
  private static ClusterNode observer(LocalCluster cluster) throws Exception {
    Map<String, String> env = new HashMap<>(cluster.nodeEnv());
    env.put("GROUNDUP_NODE_NAME", "bench-observer");
    env.put("GROUNDUP_HZ_PORT", Integer.toString(freePort()));
    return Clustered.start(NodeConfig.fromEnv(Role.GATEWAY, env)).await(60, TimeUnit.SECONDS);
  }

  private Report steps() throws Exception {
    System.out.printf(
        "handoff: %d shard nodes, %d rooms x %d bots playing (%d s warm-up); join, leave, then a rolling"
            + " restart%n",
        options.shards(), options.rooms(), options.botsPerRoom(), options.warmupSeconds());
    List<Bot> bots = new ArrayList<>();
    String prefix = "h" + UUID.randomUUID().toString().substring(0, 6) + "-";
    try {
      for (int r = 0; r < options.rooms(); r++) {
        for (int b = 0; b < options.botsPerRoom(); b++) {
          bots.add(new Bot(playerPort, prefix + r + "-" + b, prefix + "room-" + r, 4));
        }
      }
      Await.until(
          "every bot acked a few moves",
          SETTLE,
          () -> bots.stream().allMatch(b -> b.acked() >= 10));
      // play time, not a wait for a condition: the bots play while the cluster's code warms up
      Thread.sleep(TimeUnit.SECONDS.toMillis(options.warmupSeconds()));
      long began = System.nanoTime();
      List<Integer> ackedAtStart = bots.stream().map(Bot::acked).toList();
      List<Step> steps = new ArrayList<>();

      String extraName = "shard-" + (options.shards() + 1);
      NodeProcess[] extra = new NodeProcess[1];
      steps.add(
          step(
              "join " + extraName,
              bots,
              () -> {
                extra[0] = cluster.add(Role.SHARD, extraName);
                return true;
              }));
      steps.add(step("leave " + extraName + " (SIGTERM)", bots, () -> extra[0].stop(STOP_GRACE)));

      long rollBegan = System.nanoTime();
      for (int s = 1; s <= options.shards(); s++) {
        String name = "shard-" + s;
        NodeProcess old =
            cluster.nodes().stream().filter(n -> n.name().equals(name)).findFirst().orElseThrow();
        steps.add(step("drain " + name + " (SIGTERM)", bots, () -> old.stop(STOP_GRACE)));
        steps.add(
            step(
                "restart " + name,
                bots,
                () -> {
                  cluster.restart(old);
                  return true;
                }));
      }
      long rollingMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - rollBegan);

      List<String> problems = new ArrayList<>();
      for (Bot bot : bots) {
        bot.stop(Duration.ofSeconds(15));
      }
      for (int i = 0; i < bots.size(); i++) {
        Bot bot = bots.get(i);
        bot.checkNoErrors(began, ackedAtStart.get(i))
            .forEach(p -> problems.add(bot.summary() + ": " + p));
      }
      return new Report(steps, problems, rollingMillis, bots.size());
    } finally {
      bots.forEach(Bot::close);
    }
  }

  /** What a step does; true if a node it stopped exited by itself. */
  private interface Action {
    boolean run() throws Exception;
  }

  /**
   * Runs one step while the bots play: the leases before and after say which shards moved; once
   * every bot has had a few acks after the step, the longest pause of each room whose shard moved
   * is taken from the bots' acks since the step began.
   */
  private Step step(String what, List<Bot> bots, Action action) throws Exception {
    Map<Integer, ShardLease> before = leases();
    long began = System.nanoTime();
    boolean exited = action.run();
    long done = System.nanoTime();
    Await.until(
        "every bot acked again after " + what,
        SETTLE,
        () -> bots.stream().allMatch(b -> b.acksAfter(done) >= 3));
    try {
      Await.until(
          "every shard owned after " + what,
          SETTLE,
          () -> leases().values().stream().filter(l -> l.owner() != null).count() == SHARDS);
    } catch (AssertionError e) {
      Map<Integer, ShardLease> now = leases();
      List<String> unowned = new ArrayList<>();
      for (int s = 0; s < SHARDS; s++) {
        if (now.get(s) == null || now.get(s).owner() == null) {
          unowned.add(s + "=" + now.get(s));
        }
      }
      throw new AssertionError(
          e.getMessage() + "; not owned: " + unowned + " of " + now.size() + " leases", e);
    }
    long settled = System.nanoTime();
    Map<Integer, ShardLease> after = leases();
    Set<Integer> moved = new TreeSet<>();
    int again = 0;
    for (int s = 0; s < SHARDS; s++) {
      ShardLease b = before.get(s);
      ShardLease a = after.get(s);
      if (b == null || a == null || b.epoch() != a.epoch()) {
        moved.add(s);
        if (b != null && a != null && a.epoch() > b.epoch() + 1) {
          again++;
        }
      }
    }
    Map<String, Long> pauses = new HashMap<>();
    for (Bot bot : bots) {
      if (moved.contains(ids.room(bot.room))) {
        pauses.merge(bot.room, bot.longestPauseNanos(began, settled) / 1_000_000, Math::max);
      }
    }
    long errors = bots.stream().mapToLong(b -> b.errorsBetween(began, settled)).sum();
    Step step =
        new Step(
            what,
            moved.size(),
            again,
            errors,
            pauses.values().stream().sorted().toList(),
            TimeUnit.NANOSECONDS.toMillis(done - began),
            exited);
    System.out.printf(
        "  %-28s moved %2d of %d shards (%4.1f %%, %d more than once); pause in the %d rooms moved: %s;"
            + " took %.1f s%s%s%n",
        what,
        step.moved(),
        SHARDS,
        100.0 * step.moved() / SHARDS,
        again,
        pauses.size(),
        range(step.roomPausesMillis()),
        step.tookMillis() / 1000.0,
        exited ? "" : " (did NOT exit by itself)",
        errors == 0 ? "" : "; " + errors + " ERRORS");
    return step;
  }

  private Map<Integer, ShardLease> leases() {
    try {
      return store.leases().await(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException("cannot read the shard leases: " + e.getMessage(), e);
    }
  }

  private static String range(List<Long> sorted) {
    return sorted.isEmpty() ? "-" : sorted.getFirst() + ".." + sorted.getLast() + " ms";
  }

  private static void print(Report report) throws IOException {
    Histogram pauses = new Histogram(3_600_000L, 3);
    report.steps().forEach(s -> s.roomPausesMillis().forEach(pauses::recordValue));
    Step join = report.steps().getFirst();
    Step leave = report.steps().get(1);
    List<Step> rolling = report.steps().subList(2, report.steps().size());
    System.out.printf(
        "%nhandoff: join moved %d of %d shards, leave moved %d; pause per moved room p50 %d ms,"
            + " max %d ms (%d room moves); rolling restart of %d shard nodes under play took %.1f s;"
            + " %d bots: %s%n",
        join.moved(),
        SHARDS,
        leave.moved(),
        pauses.getValueAtPercentile(50),
        pauses.getMaxValue(),
        pauses.getTotalCount(),
        rolling.size() / 2,
        report.rollingMillis() / 1000.0,
        report.bots(),
        report.problems().isEmpty()
            ? "no error, every move answered, nothing acknowledged lost"
            : report.problems().size() + " PROBLEMS");
    report.problems().stream().limit(10).forEach(p -> System.out.println("    " + p));
    ObjectNode json = JSON.createObjectNode();
    json.put("bench", "handoff");
    json.put("shards", SHARDS);
    json.put("joinMoved", join.moved());
    json.put("leaveMoved", leave.moved());
    json.put("pauseP50Ms", pauses.getValueAtPercentile(50));
    json.put("pauseMaxMs", pauses.getMaxValue());
    json.put("roomMoves", pauses.getTotalCount());
    json.put("rollingRestartMs", report.rollingMillis());
    json.put("problems", report.problems().size());
    json.put("ok", report.ok());
    ArrayNode steps = json.putArray("steps");
    for (Step s : report.steps()) {
      ObjectNode o = steps.addObject();
      o.put("step", s.what());
      o.put("moved", s.moved());
      o.put("movedMoreThanOnce", s.movedMoreThanOnce());
      o.put("errors", s.errors());
      o.put("tookMs", s.tookMillis());
      o.put("maxPauseMs", s.roomPausesMillis().isEmpty() ? 0 : s.roomPausesMillis().getLast());
      o.put("exitedByItself", s.exitedByItself());
    }
    json.put("cores", Runtime.getRuntime().availableProcessors());
    json.put("jdk", Runtime.version().toString());
    System.out.println(JSON.writeValueAsString(json));
  }

  /**
   * A free port below Linux's ephemeral range (32768 and up), where the nodes' own event-bus ports
   * (chosen by the kernel) cannot take it between now and when a node binds it.
   */
  private static int freePort() throws IOException {
    java.util.random.RandomGenerator random = java.util.random.RandomGenerator.getDefault();
    for (int attempt = 0; attempt < 200; attempt++) {
      int port = 20_000 + random.nextInt(12_000);
      try (ServerSocket socket = new ServerSocket()) {
        socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        return port;
      } catch (IOException taken) {
        // try another
      }
    }
    throw new IOException("no free port found between 20000 and 32000");
  }
}
