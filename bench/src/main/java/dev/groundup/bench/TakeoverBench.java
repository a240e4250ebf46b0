package dev.groundup.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.groundup.common.cluster.Role;
import dev.groundup.common.shard.RoutingMode;
import dev.groundup.node.LocalCluster;
import dev.groundup.node.NodeProcess;
import dev.groundup.testkit.Await;
import dev.groundup.testkit.Bot;
import dev.groundup.testkit.RoomPlacement;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import java.util.stream.LongStream;
import org.HdrHistogram.Histogram;

/**
 * {@code groundup bench takeover}: how long players in the rooms of a shard node that dies wait
 * until they are served again. It starts a local cluster of separate processes (two registry nodes,
 * {@code --shards} shard nodes, one gateway) and runs {@code --trials} trials. Each trial puts
 * {@code --bots} bots into each of {@code --rooms} rooms that run on one shard node (a different
 * node each trial, found through the consistent hash from the node ids in {@code local.json}); the
 * bots send numbered moves without pause; once every bot has had acks the node is killed with
 * SIGKILL. For each room it measures the time from the kill to the first ack served by the new
 * owner, and to the first {@code unavailable}; it checks every bot against the durability promise
 * ({@link Bot#check}); then it starts the killed node again for the next trial.
 *
 * <p>It prints a line per trial, a summary (p50, p90 and max over all rooms of all trials) and one
 * JSON line; it exits with status 1 if any trial broke the durability promise or did not recover.
 */
public final class TakeoverBench {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration RECOVERY_LIMIT = Duration.ofSeconds(60);

  /** The options of {@code groundup bench takeover}. */
  record Options(int trials, int rooms, int botsPerRoom, int shards) {

    static Options parse(List<String> args) {
      int trials = 10;
      int rooms = 5;
      int bots = 2;
      int shards = 3;
      for (int i = 0; i < args.size(); i += 2) {
        String arg = args.get(i);
        int value = number(arg, i + 1 < args.size() ? args.get(i + 1) : null);
        switch (arg) {
          case "--trials" -> trials = value;
          case "--rooms" -> rooms = value;
          case "--bots" -> bots = value;
          case "--shards" -> shards = value;
          default -> throw new IllegalArgumentException("unknown option " + arg);
        }
      }
      if (shards < 2) {
        throw new IllegalArgumentException(
            "--shards must be at least 2: one dies, another takes over");
      }
      return new Options(trials, rooms, bots, shards);
    }

    private static int number(String option, String value) {
      return BenchOptions.positive(option, value);
    }
  }

  /**
   * One room of one trial: milliseconds from the kill to its first new ack and to its first error.
   */
  record RoomResult(String room, long servedAgainMillis, long firstErrorMillis) {}

  /** One trial: the node killed, each room's result, and what the checker found. */
  record Trial(
      int number,
      String victim,
      long pid,
      List<RoomResult> rooms,
      List<String> violations,
      Map<String, Integer> errors) {

    boolean recovered() {
      return rooms.stream().allMatch(r -> r.servedAgainMillis() >= 0);
    }
  }

  private final Options options;
  private final LocalCluster cluster;
  private final int playerPort;

  private TakeoverBench(Options options, LocalCluster cluster, int playerPort) {
    this.options = options;
    this.cluster = cluster;
    this.playerPort = playerPort;
  }

  /** Runs the benchmark; returns the exit status. */
  static int run(Options options) throws Exception {
    // its own directory (logs, local.json; class-data archives kept from run to run)
    Path dir = Files.createDirectories(Path.of(".groundup", "bench-takeover"));
    int playerPort = freePort();
    LocalCluster.Options clusterOptions =
        new LocalCluster.Options(
            1,
            options.shards(),
            2,
            RoutingMode.SHARDED,
            playerPort,
            15701,
            dir,
            "groundup-bench-" + UUID.randomUUID().toString().substring(0, 8),
            false);
    LocalCluster cluster =
        new LocalCluster(clusterOptions, NodeProcess.Launcher.current().withClassDataSharing());
    Thread stop = new Thread(cluster::stopAll, "takeover-bench-stop");
    Runtime.getRuntime().addShutdownHook(stop);
    try {
      cluster.start();
      return new TakeoverBench(options, cluster, playerPort).trials();
    } finally {
      cluster.stopAll();
      Runtime.getRuntime().removeShutdownHook(stop);
    }
  }

  private int trials() throws Exception {
    System.out.printf(
        "takeover: %d trials, %d rooms x %d bots on the node killed, %d shard nodes%n",
        options.trials(), options.rooms(), options.botsPerRoom(), options.shards());
    List<Trial> trials = new ArrayList<>();
    for (int t = 1; t <= options.trials(); t++) {
      Trial trial = trial(t);
      trials.add(trial);
      print(trial);
    }
    return summarize(trials);
  }

  private Trial trial(int number) throws Exception {
    List<NodeProcess> shards =
        cluster.nodes().stream().filter(n -> n.role() == Role.SHARD).toList();
    String name = "shard-" + ((number - 1) % options.shards() + 1);
    NodeProcess victim =
        shards.stream().filter(n -> n.name().equals(name)).findFirst().orElseThrow();
    List<String> nodeIds = shards.stream().map(n -> n.ready().path("nodeId").asText()).toList();
    String prefix = "t" + number + "-" + UUID.randomUUID().toString().substring(0, 4) + "-";
    List<String> rooms =
        RoomPlacement.roomsOn(
            victim.ready().path("nodeId").asText(), nodeIds, options.rooms(), prefix);
    List<Bot> bots = new ArrayList<>();
    try {
      for (String room : rooms) {
        for (int b = 0; b < options.botsPerRoom(); b++) {
          bots.add(bot(room + "-b" + b, room));
        }
      }
      Await.until(
          "every bot acked a few moves",
          RECOVERY_LIMIT,
          () -> bots.stream().allMatch(b -> b.acked() >= 10));
      List<Integer> ackedAtKill = bots.stream().map(Bot::acked).toList();
      long pid = victim.pid();
      long kill = System.nanoTime();
      victim.kill();
      awaitQuietly(() -> bots.stream().allMatch(b -> b.servedAgainAfter(kill) > 0));
      long served = System.nanoTime();
      // a few more acks, so the checker sees the new owner's states
      awaitQuietly(() -> bots.stream().allMatch(b -> b.acksAfter(served) >= 5));
      List<String> violations = new ArrayList<>();
      Map<String, Integer> errors = new LinkedHashMap<>();
      for (int i = 0; i < bots.size(); i++) {
        Bot bot = bots.get(i);
        bot.stop(Duration.ofSeconds(15));
        bot.check(kill, ackedAtKill.get(i)).forEach(v -> violations.add(bot.name + ": " + v));
        bot.errors().forEach((code, n) -> errors.merge(code, n, Integer::sum));
      }
      List<RoomResult> results = new ArrayList<>();
      for (String room : rooms) {
        List<Bot> in = bots.stream().filter(b -> b.room.equals(room)).toList();
        results.add(
            new RoomResult(
                room,
                earliest(in.stream().mapToLong(b -> b.servedAgainAfter(kill)), kill),
                earliest(in.stream().mapToLong(b -> b.firstErrorAfter(kill)), kill)));
      }
      return new Trial(number, victim.name(), pid, results, violations, errors);
    } finally {
      bots.forEach(Bot::close);
      cluster.restart(victim);
    }
  }

  /**
   * Milliseconds from {@code since} to the earliest of {@code times} that happened (-1 if none
   * did).
   */
  private static long earliest(LongStream times, long since) {
    return times.filter(t -> t > 0).map(t -> (t - since) / 1_000_000).min().orElse(-1);
  }

  /**
   * A bot in {@code room}. While shards move (the node killed last trial came back and took its
   * shards again) a login or join may get {@code unavailable}; the bot then tries again under a new
   * name (names persist once created), until the recovery limit.
   */
  private Bot bot(String name, String room) {
    long deadline = System.nanoTime() + RECOVERY_LIMIT.toNanos();
    for (int attempt = 0; ; attempt++) {
      try {
        return new Bot(playerPort, attempt == 0 ? name : name + "-" + attempt, room, 4);
      } catch (AssertionError | RuntimeException e) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException(
              "could not start a bot in " + room + ": " + e.getMessage(), e);
        }
        pause(200);
      }
    }
  }

  /**
   * Waits for {@code condition} up to the recovery limit; a trial that does not recover is
   * reported, not thrown.
   */
  private static void awaitQuietly(BooleanSupplier condition) {
    try {
      Await.until("recovery", RECOVERY_LIMIT, condition);
    } catch (AssertionError e) {
      // the trial's results show which rooms did not recover
    }
  }

  private static void print(Trial trial) {
    long[] served =
        trial.rooms().stream().mapToLong(RoomResult::servedAgainMillis).sorted().toArray();
    long[] errors =
        trial.rooms().stream().mapToLong(RoomResult::firstErrorMillis).sorted().toArray();
    System.out.printf(
        "trial %2d: killed %s (pid %d): first unavailable after %s ms; rooms served again after %s ms;"
            + " errors %s; %s%n",
        trial.number(),
        trial.victim(),
        trial.pid(),
        range(errors),
        range(served),
        trial.errors(),
        trial.violations().isEmpty()
            ? "nothing acknowledged lost"
            : trial.violations().size() + " VIOLATIONS");
    trial.violations().stream().limit(10).forEach(v -> System.out.println("    " + v));
    if (!trial.recovered()) {
      System.out.println(
          "    some rooms were not served again within " + RECOVERY_LIMIT.toSeconds() + " s");
    }
  }

  private static String range(long[] sorted) {
    return sorted.length == 0 ? "-" : sorted[0] + ".." + sorted[sorted.length - 1];
  }

  private int summarize(List<Trial> trials) throws IOException {
    Histogram served = new Histogram(3_600_000L, 3);
    Histogram detected = new Histogram(3_600_000L, 3);
    int violations = 0;
    boolean recovered = true;
    for (Trial t : trials) {
      violations += t.violations().size();
      recovered &= t.recovered();
      for (RoomResult r : t.rooms()) {
        if (r.servedAgainMillis() >= 0) {
          served.recordValue(r.servedAgainMillis());
        }
        if (r.firstErrorMillis() >= 0) {
          detected.recordValue(r.firstErrorMillis());
        }
      }
    }
    System.out.printf(
        "%ntakeover after kill -9 (%d trials, %d rooms): kill -> first new ack in the room: p50 %d ms,"
            + " p90 %d ms, max %d ms; kill -> first unavailable: p50 %d ms, max %d ms; %d violations%n",
        trials.size(),
        served.getTotalCount(),
        served.getValueAtPercentile(50),
        served.getValueAtPercentile(90),
        served.getMaxValue(),
        detected.getValueAtPercentile(50),
        detected.getMaxValue(),
        violations);
    ObjectNode json = JSON.createObjectNode();
    json.put("bench", "takeover");
    json.put("trials", trials.size());
    json.put("rooms", served.getTotalCount());
    json.put("servedAgainP50Ms", served.getValueAtPercentile(50));
    json.put("servedAgainP90Ms", served.getValueAtPercentile(90));
    json.put("servedAgainMaxMs", served.getMaxValue());
    json.put("firstUnavailableP50Ms", detected.getValueAtPercentile(50));
    json.put("firstUnavailableMaxMs", detected.getMaxValue());
    json.put("violations", violations);
    json.put("allRecovered", recovered);
    json.put("cores", Runtime.getRuntime().availableProcessors());
    json.put("jdk", Runtime.version().toString());
    System.out.println(JSON.writeValueAsString(json));
    return violations == 0 && recovered ? 0 : 1;
  }

  /** Backoff between attempts (a benchmark's retry, not synchronisation). */
  private static void pause(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket()) {
      socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
      return socket.getLocalPort();
    }
  }
}
