package dev.groundup.node;

import dev.groundup.common.cluster.ClusterNode;
import dev.groundup.common.cluster.Clustered;
import dev.groundup.common.cluster.Role;
import dev.groundup.common.config.NodeConfig;
import dev.groundup.common.testing.Ports;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A cluster of separate JVM processes for fault tests — registry nodes first, then the others —
 * with the packaged node jar, and optionally an observer: a clustered node in the test's own JVM
 * that joins the same cluster to look at it. Everything is killed when the test ends.
 */
final class ProcessCluster implements AutoCloseable {

  static final Duration READY = Duration.ofSeconds(90);

  final Path dir;
  final String clusterName = "proc-" + UUID.randomUUID().toString().substring(0, 8);
  final List<Integer> seedPorts = new ArrayList<>();
  final List<NodeProcess> nodes = new ArrayList<>();
  private final NodeProcess.Launcher launcher;
  private final Map<String, String> extra;
  private ClusterNode observer;
  private int gateways;

  ProcessCluster(Path dir, int registries, Map<String, String> extra) throws IOException {
    this.dir = dir;
    this.launcher = launcher();
    this.extra = extra;
    for (int i = 0; i < registries; i++) {
      seedPorts.add(Ports.free());
    }
  }

  /**
   * {@code groundup ARGS} ({@link GroundupMain}) as a process of its own with the launcher's JVM
   * and classpath, none of this JVM's {@code GROUNDUP_*} variables; the caller sets redirects and
   * env.
   */
  static ProcessBuilder groundup(List<String> args) throws IOException {
    NodeProcess.Launcher launcher = launcher();
    List<String> command = new ArrayList<>();
    command.add(launcher.java());
    command.addAll(launcher.jvmFlags());
    command.add("-cp");
    command.add(launcher.classpath());
    command.add(GroundupMain.class.getName());
    command.addAll(args);
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().keySet().removeIf(k -> k.startsWith("GROUNDUP_"));
    return builder;
  }

  /** The packaged node jar and its dependencies, as the launcher runs them. */
  static NodeProcess.Launcher launcher() throws IOException {
    Path target = Path.of("target");
    Path jar;
    try (Stream<Path> files = Files.list(target)) {
      jar =
          files
              .filter(p -> p.getFileName().toString().matches("node-.*\\.jar"))
              .findFirst()
              .orElseThrow(() -> new IOException("no node jar in " + target.toAbsolutePath()));
    }
    String dependencies = Files.readString(target.resolve("classpath.txt")).trim();
    String java = ProcessHandle.current().info().command().orElse("java");
    return new NodeProcess.Launcher(
        java, jar.toAbsolutePath() + ":" + dependencies, NodeProcess.Launcher.flags());
  }

  String seeds() {
    return seedPorts.stream().map(p -> "127.0.0.1:" + p).collect(Collectors.joining(","));
  }

  Map<String, String> env() {
    Map<String, String> env = new HashMap<>(extra);
    env.put("GROUNDUP_CLUSTER_NAME", clusterName);
    env.put("GROUNDUP_CLUSTER_HOST", "127.0.0.1");
    env.put("GROUNDUP_SEEDS", seeds());
    env.put("GROUNDUP_HZ_PORT_AUTO", "false");
    return env;
  }

  /** Starts the registry nodes (the first alone, so it becomes the master), then waits for them. */
  List<NodeProcess> startRegistries() throws IOException, InterruptedException {
    List<NodeProcess> started = new ArrayList<>();
    for (int i = 0; i < seedPorts.size(); i++) {
      started.add(start("registry-" + (i + 1), Role.REGISTRY, seedPorts.get(i), Map.of()));
      if (i == 0) {
        started.getFirst().awaitReady(READY);
      }
    }
    for (NodeProcess n : started) {
      n.awaitReady(READY);
    }
    return started;
  }

  NodeProcess startShard(String name) throws IOException {
    return start(name, Role.SHARD, Ports.free(), Map.of());
  }

  NodeProcess startGateway(String name, int playerPort) throws IOException {
    gateways++;
    return start(
        name, Role.GATEWAY, Ports.free(), Map.of("GROUNDUP_PORT", Integer.toString(playerPort)));
  }

  NodeProcess start(String name, Role role, int hazelcastPort, Map<String, String> more)
      throws IOException {
    Map<String, String> env = env();
    env.put("GROUNDUP_HZ_PORT", Integer.toString(hazelcastPort));
    env.putAll(more);
    NodeProcess node = NodeProcess.start(launcher, name, role, env, dir);
    nodes.add(node);
    return node;
  }

  /** A clustered node in this JVM, joined to the process cluster, that deploys nothing. */
  ClusterNode observer() throws Exception {
    if (observer == null) {
      Map<String, String> env = env();
      env.put("GROUNDUP_NODE_NAME", "observer");
      env.put("GROUNDUP_HZ_PORT", Integer.toString(Ports.free()));
      observer = Clustered.start(NodeConfig.fromEnv(Role.GATEWAY, env)).await(60, TimeUnit.SECONDS);
    }
    return observer;
  }

  @Override
  public void close() {
    for (NodeProcess node : nodes) {
      try {
        node.thaw();
      } catch (Exception e) {
        // it may be gone already
      }
      try {
        node.kill();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    if (observer != null) {
      try {
        observer.close().await(30, TimeUnit.SECONDS);
      } catch (Exception e) {
        // closing anyway
      }
    }
  }
}
