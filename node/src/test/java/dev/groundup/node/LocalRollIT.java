package dev.groundup.node;

import static org.assertj.core.api.Assertions.assertThat;

import dev.groundup.common.cluster.Role;
import dev.groundup.common.shard.RoutingMode;
import dev.groundup.common.testing.Ports;
import dev.groundup.testkit.Await;
import dev.groundup.testkit.Bot;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code groundup local roll} on a running {@code groundup local}, run the way a person runs it (a
 * process of its own, from the launcher's classpath): while bots play, every shard node is drained
 * and replaced in turn; the roll exits with status 0, both shard nodes are replaced (new pids, the
 * old processes gone, the replacements listed in {@code local.json} under the same names) and no
 * bot saw an error or lost anything, and every bot is served after the roll. It refuses an
 * in-process cluster, a single shard node, and a directory where no {@code local} runs.
 */
class LocalRollIT {

  private static final Duration SETTLE = Duration.ofSeconds(90);
  private static final Duration ROLL = Duration.ofMinutes(6);

  @TempDir(cleanup = CleanupMode.ON_SUCCESS)
  Path dir;

  private final Instant testBegan = Instant.now();
  private LocalCluster cluster;
  private final List<Bot> bots = new ArrayList<>();
  private Process roll;

  @AfterEach
  void cleanUp() throws InterruptedException {
    bots.forEach(Bot::close);
    if (roll != null && roll.isAlive()) {
      roll.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
    Set<Long> replacements =
        readyFilePids(); // before stopAll deletes the ready files of the nodes it stops
    if (cluster != null) {
      cluster.stopAll(); // the replacements too: local lists them as added nodes
    }
    // a replacement local never listed (a failed run): only a node JVM this test's roll started
    for (long pid : replacements) {
      ProcessHandle.of(pid)
          .filter(ProcessHandle::isAlive)
          .filter(this::startedByThisTest)
          .ifPresent(
              p -> {
                p.destroyForcibly();
                p.onExit().orTimeout(10, TimeUnit.SECONDS).exceptionally(e -> null).join();
              });
    }
  }

  @Test
  void rollingTheShardNodesOfARunningLocalLosesNothing() throws Exception {
    String clusterName = "localroll-" + UUID.randomUUID().toString().substring(0, 8);
    int playerPort = Ports.free();
    LocalCluster.Options options =
        new LocalCluster.Options(
            1, 2, 1, RoutingMode.SHARDED, playerPort, Ports.free(), dir, clusterName, false);
    cluster =
        new LocalCluster(
            options, ProcessCluster.launcher(), Map.of("GROUNDUP_GATEWAY_INSTANCES", "1"));
    cluster.start();
    List<LocalState.Node> before = shards();
    assertThat(before).extracting(LocalState.Node::name).containsExactly("shard-1", "shard-2");
    Set<Long> oldPids = new HashSet<>(before.stream().map(LocalState.Node::pid).toList());

    String prefix = "r" + UUID.randomUUID().toString().substring(0, 6) + "-";
    for (int r = 0; r < 3; r++) {
      for (int b = 0; b < 2; b++) {
        bots.add(new Bot(playerPort, prefix + r + "-" + b, prefix + "room-" + r, 4));
      }
    }
    Await.until(
        "every bot acked a few moves", SETTLE, () -> bots.stream().allMatch(b -> b.acked() >= 10));
    long began = System.nanoTime();
    List<Integer> ackedAtStart = bots.stream().map(Bot::acked).toList();

    Path out = dir.resolve("roll.out");
    roll = java(List.of("local", "roll", "--dir", dir.toString()), out);
    boolean finished = roll.waitFor(ROLL.toSeconds(), TimeUnit.SECONDS);
    String printed = Files.readString(out, StandardCharsets.UTF_8);
    System.out.print(printed);
    assertThat(finished)
        .as("local roll finished within %s; it printed:%n%s", ROLL, printed)
        .isTrue();
    assertThat(roll.exitValue()).as("local roll exit status; it printed:%n%s", printed).isZero();
    long rolled = System.nanoTime();

    // both shard nodes replaced: the old processes gone, new ones listed under the same names
    for (long pid : oldPids) {
      assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false))
          .as("old shard pid %d is gone", pid)
          .isFalse();
    }
    List<LocalState.Node> after = shards();
    assertThat(after)
        .extracting(LocalState.Node::name)
        .containsExactlyInAnyOrder("shard-1", "shard-2");
    for (LocalState.Node node : after) {
      assertThat(oldPids).as("%s has a new pid", node.name()).doesNotContain(node.pid());
      assertThat(ProcessHandle.of(node.pid()).map(ProcessHandle::isAlive).orElse(false))
          .as("%s (pid %d) runs", node.name(), node.pid())
          .isTrue();
      assertThat(node.added()).isTrue();
      assertThat(node.log()).isEqualTo(dir.resolve("logs").resolve(node.name() + ".log"));
      assertThat(printed).contains(node.name() + " pid " + node.pid());
      // the replacement serves health and metrics where the node it replaced did
      int http =
          before.stream()
              .filter(n -> n.name().equals(node.name()))
              .findFirst()
              .orElseThrow()
              .ports()
              .get("http");
      assertThat(node.ports()).as("%s's ports", node.name()).containsEntry("http", http);
    }
    assertThat(cluster.nodes())
        .extracting(NodeProcess::name)
        .containsExactly("registry-1", "gateway-1");
    assertThat(printed)
        .contains("exited by itself")
        .contains("done: 2 of 2 shard nodes restarted")
        .doesNotContain("KILLED")
        .doesNotContain("NOT");

    // the players: served after the roll, no error at all, nothing lost
    Await.until(
        "every bot acked again after the roll",
        SETTLE,
        () -> bots.stream().allMatch(b -> b.acksAfter(rolled) >= 3));
    for (Bot bot : bots) {
      bot.stop(Duration.ofSeconds(15));
    }
    List<String> problems = new ArrayList<>();
    for (int i = 0; i < bots.size(); i++) {
      Bot bot = bots.get(i);
      bot.checkNoErrors(began, ackedAtStart.get(i))
          .forEach(p -> problems.add(bot.summary() + ": " + p));
    }
    assertThat(problems).as("the bots' problems; roll printed:%n%s", printed).isEmpty();
  }

  @Test
  void refusesWithoutALocalClusterOfTwoShardNodes() throws Exception {
    // no local.json: nothing runs here
    assertThat(rollHere()).contains("is ./groundup local running");
    // a local.json whose local is this JVM (alive), in-process
    LocalState.Node shard =
        new LocalState.Node(
            "shard",
            "shard-1",
            "id-1",
            ProcessHandle.current().pid(),
            "127.0.0.1",
            Map.of(),
            null,
            false);
    new LocalState(
            "c", "sharded", "127.0.0.1:1", ProcessHandle.current().pid(), true, Map.of(), List.of())
        .write(dir);
    assertThat(rollHere()).contains("--in-process");
    // one shard node only
    Map<String, String> join =
        LocalJoin.joinEnv(
            Map.of("GROUNDUP_CLUSTER_NAME", "c", "GROUNDUP_SEEDS", "127.0.0.1:1"),
            dir.resolve(LocalJoin.RUN_DIR));
    new LocalState(
            "c",
            "sharded",
            "127.0.0.1:1",
            ProcessHandle.current().pid(),
            false,
            join,
            List.of(shard))
        .write(dir);
    assertThat(rollHere())
        .contains("1 shard node runs")
        .contains("at least 2")
        .contains("local add shard");
  }

  /** What {@code local roll --dir DIR} prints when it refuses (exit status 1), run in this JVM. */
  private String rollHere() throws InterruptedException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    int status =
        LocalRoll.run(
            List.of("--dir", dir.toString()),
            new PrintStream(bytes, true, StandardCharsets.UTF_8),
            Map.of());
    String printed = bytes.toString(StandardCharsets.UTF_8);
    assertThat(status).as("exit status; it printed %s", printed).isEqualTo(1);
    assertThat(printed).startsWith("groundup local roll: ");
    return printed;
  }

  /**
   * {@code groundup ARGS} as a process of its own with the launcher's classpath, stdout and stderr
   * to {@code out}.
   */
  private static Process java(List<String> args, Path out) throws IOException {
    return ProcessCluster.groundup(args)
        .redirectErrorStream(true)
        .redirectOutput(out.toFile())
        .start();
  }

  private List<LocalState.Node> shards() {
    try {
      return LocalState.read(dir).nodes().stream()
          .filter(n -> n.role().equals(Role.SHARD.wire()))
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The pids in the ready files of the run directory. */
  private Set<Long> readyFilePids() {
    Set<Long> pids = new HashSet<>();
    Path run = dir.resolve(LocalJoin.RUN_DIR);
    if (!Files.isDirectory(run)) {
      return pids;
    }
    try (DirectoryStream<Path> files = Files.newDirectoryStream(run, "*.json")) {
      for (Path file : files) {
        try {
          pids.add(
              LocalState.Node.fromReady(
                      new com.fasterxml.jackson.databind.ObjectMapper().readTree(file.toFile()),
                      null,
                      true)
                  .pid());
        } catch (IOException e) {
          // not a ready file
        }
      }
    } catch (IOException e) {
      // nothing to clean up then
    }
    return pids;
  }

  /**
   * A node JVM started after this test began (so not an unrelated process that got a reused pid).
   */
  private boolean startedByThisTest(ProcessHandle p) {
    return p.info().startInstant().map(s -> !s.isBefore(testBegan.minusSeconds(1))).orElse(false)
        && p.info().commandLine().map(c -> c.contains(GroundupMain.class.getName())).orElse(false);
  }
}
