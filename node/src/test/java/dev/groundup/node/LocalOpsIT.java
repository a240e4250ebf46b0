package dev.groundup.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.groundup.common.cluster.Role;
import dev.groundup.common.shard.RoutingMode;
import dev.groundup.common.testing.Ports;
import dev.groundup.testkit.Await;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * Operating a running {@code groundup local}: nodes added by hand the way a person adds them (the
 * environment {@code groundup local env ROLE} prints — what {@code ./groundup local add ROLE} runs
 * the node with — then {@code groundup node ROLE} as a process of its own) appear in {@code
 * local.json} once ready; nodes that end — SIGTERM, kill -9, one that {@code local} started itself
 * — disappear from it; stopping {@code local} stops the added nodes too.
 */
class LocalOpsIT {

  private static final Duration READY = Duration.ofSeconds(120);
  private static final Duration NOTICED = Duration.ofSeconds(60);

  @TempDir(cleanup = CleanupMode.ON_SUCCESS)
  Path dir;

  private LocalCluster cluster;
  private final List<Process> added = new ArrayList<>();

  @AfterEach
  void cleanUp() throws InterruptedException {
    if (cluster != null) {
      cluster.stopAll();
    }
    for (Process p : added) {
      p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void nodesAddedAndRemovedByHandKeepLocalJsonTrue() throws Exception {
    String clusterName = "localops-" + UUID.randomUUID().toString().substring(0, 8);
    LocalCluster.Options options =
        new LocalCluster.Options(
            1, 1, 1, RoutingMode.SHARDED, Ports.free(), Ports.free(), dir, clusterName, false);
    cluster =
        new LocalCluster(
            options, ProcessCluster.launcher(), Map.of("GROUNDUP_GATEWAY_INSTANCES", "1"));
    cluster.start();
    assertThat(listed())
        .extracting(LocalState.Node::name)
        .containsExactly("registry-1", "shard-1", "gateway-1");
    LocalState state = LocalState.read(dir);
    assertThat(state.launcherPid()).isEqualTo(ProcessHandle.current().pid());

    // what local prints for adding a node is what local add gives one
    Map<String, String> shardEnv = localEnv(Role.SHARD);
    assertThat(shardEnv).isEqualTo(cluster.joinEnv());
    assertThat(LocalJoin.command(shardEnv, Role.SHARD))
        .startsWith("GROUNDUP_CLUSTER_NAME=" + clusterName + " ")
        .endsWith(" ./groundup node shard");
    assertThat(shardEnv)
        .containsEntry("GROUNDUP_SEEDS", state.seeds())
        .containsEntry("GROUNDUP_ROUTING", "sharded")
        .containsEntry("GROUNDUP_SHARDS", "64")
        .containsKey("GROUNDUP_READY_FILE");
    Map<String, String> gatewayEnv = localEnv(Role.GATEWAY);
    int gatewayPort = Integer.parseInt(gatewayEnv.get("GROUNDUP_PORT"));
    assertThat(gatewayPort).isNotEqualTo(options.playerPort());

    Process a = addNode(Role.SHARD, shardEnv, "added-a");
    Process b = addNode(Role.SHARD, shardEnv, "added-b");
    Process c = addNode(Role.GATEWAY, gatewayEnv, "added-c");
    for (Process p : List.of(a, b, c)) {
      Await.until(
          "local.json lists the added node " + p.pid(),
          READY,
          () -> {
            assertThat(p.isAlive())
                .as("added node %d is running (see its log in %s)", p.pid(), dir)
                .isTrue();
            return entry(p.pid()).isPresent();
          });
    }
    LocalState.Node shardA = entry(a.pid()).orElseThrow();
    assertThat(shardA.role()).isEqualTo("shard");
    assertThat(shardA.name()).isEqualTo("shard-" + a.pid());
    assertThat(shardA.nodeId()).isNotEmpty();
    assertThat(shardA.ports()).containsKeys("hazelcast", "eventbus");
    assertThat(shardA.added()).isTrue();
    assertThat(shardA.log()).isNull();
    LocalState.Node gatewayC = entry(c.pid()).orElseThrow();
    assertThat(gatewayC.role()).isEqualTo("gateway");
    assertThat(gatewayC.ports()).containsEntry("players", gatewayPort);
    assertThat(listed()).hasSize(6);

    // SIGTERM to an added node, kill -9 to another, SIGTERM to a node local started itself
    NodeProcess gateway1 =
        cluster.nodes().stream()
            .filter(n -> n.name().equals("gateway-1"))
            .findFirst()
            .orElseThrow();
    a.destroy();
    b.destroyForcibly();
    gateway1.process().destroy();
    for (long pid : List.of(a.pid(), b.pid(), gateway1.pid())) {
      Await.until("local.json drops " + pid, NOTICED, () -> entry(pid).isEmpty());
    }
    assertThat(a.waitFor(30, TimeUnit.SECONDS))
        .as("the added shard exits by itself on SIGTERM")
        .isTrue();
    assertThat(listed())
        .extracting(LocalState.Node::name)
        .containsExactly("registry-1", "shard-1", "gateway-" + c.pid());
    assertThat(cluster.nodes())
        .extracting(NodeProcess::name)
        .containsExactly("registry-1", "shard-1");
    assertThat(dir.resolve("run").resolve("shard-" + a.pid() + ".json")).doesNotExist();
    assertThat(dir.resolve("run").resolve("shard-" + b.pid() + ".json")).doesNotExist();

    // stopping local stops the added gateway too, and local.json goes away
    cluster.stopAll();
    assertThat(c.waitFor(60, TimeUnit.SECONDS))
        .as("the added gateway is stopped with the cluster")
        .isTrue();
    assertThat(dir.resolve(LocalState.FILE)).doesNotExist();
    assertThatThrownBy(() -> LocalJoin.envFor(dir, Role.SHARD, Map.of()))
        .hasMessageContaining("is ./groundup local running");
    new LocalState(clusterName, "sharded", state.seeds(), a.pid(), false, shardEnv, List.of())
        .write(dir);
    assertThatThrownBy(() -> LocalJoin.envFor(dir, Role.SHARD, Map.of()))
        .hasMessageContaining("is left over");
  }

  /**
   * What {@code groundup local env ROLE --dir DIR} prints, run as its own process like the launcher
   * script runs it.
   */
  private Map<String, String> localEnv(Role role) throws IOException, InterruptedException {
    Path out = dir.resolve("env-" + role.wire() + ".out");
    Process p =
        java(
            List.of("local", "env", role.wire(), "--dir", dir.toString()),
            Map.of(),
            out,
            ProcessBuilder.Redirect.INHERIT);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as("local env exit status").isZero();
    Map<String, String> env = new LinkedHashMap<>();
    for (String line : Files.readAllLines(out, StandardCharsets.UTF_8)) {
      int eq = line.indexOf('=');
      assertThat(eq).as("a KEY=VALUE line: %s", line).isPositive();
      env.put(line.substring(0, eq), line.substring(eq + 1));
    }
    return env;
  }

  /**
   * {@code groundup node ROLE} with {@code env}, as a process of this test's (the person's
   * shell's), not of local.
   */
  private Process addNode(Role role, Map<String, String> env, String logName) throws IOException {
    Path log = dir.resolve(logName + ".log");
    Process p =
        java(
            List.of("node", role.wire()), env, log, ProcessBuilder.Redirect.appendTo(log.toFile()));
    added.add(p);
    return p;
  }

  private static Process java(
      List<String> args, Map<String, String> env, Path out, ProcessBuilder.Redirect err)
      throws IOException {
    ProcessBuilder builder =
        ProcessCluster.groundup(args).redirectOutput(out.toFile()).redirectError(err);
    builder.environment().putAll(env);
    return builder.start();
  }

  /**
   * The nodes local.json lists now (it is replaced atomically, so it is always there while local
   * runs).
   */
  private List<LocalState.Node> listed() {
    try {
      return LocalState.read(dir).nodes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private Optional<LocalState.Node> entry(long pid) {
    return listed().stream().filter(n -> n.pid() == pid).findFirst();
  }
}
