package dev.groundup.node;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.groundup.common.cluster.Role;
import dev.groundup.common.shard.RoutingMode;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Collectors;

/**
 * {@code groundup local}: a cluster of separate JVMs on loopback — the first registry node first (it
 * becomes the master the others join through), then everything else in parallel. It prints
 * what listens where, keeps {@code .groundup/local.json} true (role, node id, pid and ports of every
 * process), and stops every process it started on Ctrl-C or SIGTERM: gateways first (their players
 * get {@code bye shutdown}), then shards, then registries.
 */
public final class LocalCluster {

  /** The options of {@code groundup local}. */
  public record Options(int gateways, int shards, int registries, RoutingMode routing, int playerPort, int hazelcastPort,
      Path dir, String clusterName, boolean inProcess) {

    static Options parse(List<String> args) {
      int gateways = 1;
      int shards = 2;
      int registries = 2;
      RoutingMode routing = RoutingMode.SHARDED;
      int playerPort = 7000;
      int hazelcastPort = 5701;
      Path dir = Path.of(".groundup");
      String clusterName = System.getenv().getOrDefault("GROUNDUP_CLUSTER_NAME", "groundup-local");
      boolean inProcess = false;
      for (int i = 0; i < args.size(); i++) {
        String arg = args.get(i);
        String value = i + 1 < args.size() ? args.get(i + 1) : null;
        if (arg.equals("--in-process")) {
          inProcess = true;
          continue;
        }
        switch (arg) {
          case "--gateways" -> gateways = count(arg, value, 1);
          case "--shards" -> shards = count(arg, value, 1);
          case "--registries" -> registries = count(arg, value, 1);
          case "--routing" -> routing = RoutingMode.parse(require(arg, value));
          case "--port" -> playerPort = count(arg, value, 1);
          case "--hazelcast-port" -> hazelcastPort = count(arg, value, 1);
          case "--dir" -> dir = Path.of(require(arg, value));
          case "--cluster-name" -> clusterName = require(arg, value);
          default -> throw new IllegalArgumentException("unknown option " + arg);
        }
        i++;
      }
      if (inProcess && (gateways != 1 || args.contains("--shards") || args.contains("--registries"))) {
        throw new IllegalArgumentException("--in-process runs one JVM: it takes no --gateways, --shards or --registries");
      }
      return new Options(gateways, shards, registries, routing, playerPort, hazelcastPort, dir, clusterName, inProcess);
    }

    private static String require(String option, String value) {
      if (value == null) {
        throw new IllegalArgumentException(option + " needs a value");
      }
      return value;
    }

    private static int count(String option, String value, int min) {
      try {
        int n = Integer.parseInt(require(option, value));
        if (n < min) {
          throw new IllegalArgumentException(option + " must be at least " + min);
        }
        return n;
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(option + " needs a number, not " + value);
      }
    }
  }

  private static final String HOST = "127.0.0.1";
  private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);

  private final Options options;
  private final NodeProcess.Launcher launcher;
  private final List<NodeProcess> nodes = new ArrayList<>();
  private final CountDownLatch stopped = new CountDownLatch(1);
  private int nextHazelcastPort;
  private String seeds;
  private Map<String, String> common;
  private final Map<String, String> env;

  public LocalCluster(Options options, NodeProcess.Launcher launcher) {
    this(options, launcher, Map.of());
  }

  /** With {@code env}: {@code GROUNDUP_*} settings for every node, over those of this process's environment. */
  public LocalCluster(Options options, NodeProcess.Launcher launcher, Map<String, String> env) {
    this.options = options;
    this.launcher = launcher;
    this.env = Map.copyOf(env);
  }

  static void run(List<String> args) throws Exception {
    Options options = Options.parse(args);
    LocalCluster cluster = new LocalCluster(options, NodeProcess.Launcher.current().withClassDataSharing());
    Runtime.getRuntime().addShutdownHook(new Thread(cluster::stopAll, "groundup-local-stop"));
    try {
      cluster.start();
    } catch (Exception e) {
      System.err.println("groundup local: " + e.getMessage());
      cluster.stopAll();
      System.exit(1);
    }
    cluster.stopped.await();
  }

  public void start() throws IOException, InterruptedException {
    Instant began = Instant.now();
    Files.createDirectories(options.dir());
    List<Integer> playerPorts = new ArrayList<>();
    for (int g = 0; g < options.gateways(); g++) {
      int port = options.playerPort() + 10 * g;
      if (!free(port)) {
        throw new IOException("port " + port + " is taken: is another groundup running? (--port changes it)");
      }
      playerPorts.add(port);
    }
    nextHazelcastPort = options.hazelcastPort();
    if (options.inProcess()) {
      startInProcess(playerPorts.getFirst(), began);
      return;
    }
    List<Integer> seedPorts = new ArrayList<>();
    for (int r = 0; r < options.registries(); r++) {
      seedPorts.add(nextHazelcastPort());
    }
    seeds = seedPorts.stream().map(p -> HOST + ":" + p).collect(Collectors.joining(","));
    common = commonEnv(seeds);
    System.out.printf("groundup local: %d registry, %d shard, %d gateway nodes, routing %s%n",
        options.registries(), options.shards(), options.gateways(), options.routing().wire());

    // the first registry node starts alone and becomes the master; the rest join it at once (two
    // members that start together first wait about 5 s for each other to elect a master)
    List<NodeProcess> registries = new ArrayList<>();
    registries.add(launch("registry-1", Role.REGISTRY, common, seedPorts.getFirst(), Map.of()));
    awaitAll(registries);
    for (int r = 1; r < options.registries(); r++) {
      registries.add(launch("registry-" + (r + 1), Role.REGISTRY, common, seedPorts.get(r), Map.of()));
    }
    List<NodeProcess> shards = new ArrayList<>();
    for (int s = 0; s < options.shards(); s++) {
      shards.add(launch("shard-" + (s + 1), Role.SHARD, common, nextHazelcastPort(), Map.of()));
    }
    List<NodeProcess> gateways = new ArrayList<>();
    for (int g = 0; g < options.gateways(); g++) {
      gateways.add(launch("gateway-" + (g + 1), Role.GATEWAY, common, nextHazelcastPort(),
          Map.of("GROUNDUP_PORT", Integer.toString(playerPorts.get(g)))));
    }
    // a gateway reports ready once every shard answers from its owner: then the cluster is playable
    awaitAll(registries);
    awaitAll(shards);
    awaitAll(gateways);
    writeState();
    printTable(Duration.between(began, Instant.now()));
  }

  /**
   * {@code --in-process}: one JVM of role {@code all} (registry, shards and gateway on a local event
   * bus) instead of a cluster — to show what the cluster hop costs. It keeps none of the durability
   * promise.
   */
  private void startInProcess(int playerPort, Instant began) throws IOException, InterruptedException {
    int hazelcastPort = nextHazelcastPort();
    seeds = HOST + ":" + hazelcastPort;
    common = commonEnv(seeds);
    System.out.printf("groundup local: the whole system in one JVM, routing %s (no second copy of anything:"
        + " this mode keeps none of the durability promise)%n", options.routing().wire());
    NodeProcess node = launch("all-1", Role.ALL, common, hazelcastPort,
        Map.of("GROUNDUP_PORT", Integer.toString(playerPort)));
    node.awaitReady(READY_TIMEOUT);
    writeState();
    printTable(Duration.between(began, Instant.now()));
  }

  /** The processes of the cluster, in the order they were started. */
  public List<NodeProcess> nodes() {
    synchronized (nodes) {
      return List.copyOf(nodes);
    }
  }

  /**
   * Starts a new process in place of {@code old} (which must have exited): same name, role and
   * player port, a new Hazelcast port (the old one may linger in TIME_WAIT) and so a new node id.
   * Returns once it is ready; {@code local.json} then lists it instead of the old one.
   */
  NodeProcess restart(NodeProcess old) throws IOException, InterruptedException {
    if (old.isAlive()) {
      throw new IllegalStateException(old.name() + " is still running");
    }
    Map<String, String> extra = old.role() == Role.GATEWAY
        ? Map.of("GROUNDUP_PORT", Integer.toString(old.port("players")))
        : Map.of();
    synchronized (nodes) {
      nodes.remove(old);
    }
    NodeProcess node = launch(old.name(), old.role(), common, nextHazelcastPort(), extra);
    node.awaitReady(READY_TIMEOUT);
    writeState();
    return node;
  }

  private Map<String, String> commonEnv(String seeds) {
    Map<String, String> env = new HashMap<>();
    System.getenv().forEach((k, v) -> {
      if (k.startsWith("GROUNDUP_")) {
        env.put(k, v);
      }
    });
    env.putAll(this.env);
    env.put("GROUNDUP_CLUSTER_NAME", options.clusterName());
    env.put("GROUNDUP_CLUSTER_HOST", HOST);
    env.put("GROUNDUP_PUBLIC_HOST", HOST);
    env.put("GROUNDUP_SEEDS", seeds);
    env.put("GROUNDUP_ROUTING", options.routing().wire());
    env.put("GROUNDUP_HZ_PORT_AUTO", "false");
    return env;
  }

  private NodeProcess launch(String name, Role role, Map<String, String> common, int hazelcastPort,
      Map<String, String> extra) throws IOException {
    Map<String, String> env = new HashMap<>(common);
    env.put("GROUNDUP_HZ_PORT", Integer.toString(hazelcastPort));
    env.putAll(extra);
    NodeProcess node = NodeProcess.start(launcher, name, role, env, options.dir());
    synchronized (nodes) {
      nodes.add(node);
    }
    return node;
  }

  private static void awaitAll(List<NodeProcess> starting) throws IOException, InterruptedException {
    for (NodeProcess node : starting) {
      node.awaitReady(READY_TIMEOUT);
    }
  }

  private void writeState() throws IOException {
    ObjectMapper json = new ObjectMapper();
    ObjectNode state = json.createObjectNode();
    state.put("cluster", options.clusterName());
    state.put("routing", options.routing().wire());
    state.put("seeds", seeds);
    state.put("launcherPid", ProcessHandle.current().pid());
    ArrayNode list = state.putArray("nodes");
    for (NodeProcess node : nodes()) {
      ObjectNode n = list.addObject();
      n.put("role", node.role().wire());
      n.put("name", node.name());
      n.put("nodeId", node.ready().path("nodeId").asText());
      n.put("pid", node.pid());
      n.put("host", HOST);
      n.set("ports", node.ready().path("ports"));
      n.put("log", node.log().toString());
    }
    Path target = options.dir().resolve("local.json");
    Path tmp = options.dir().resolve("local.json.tmp");
    json.writerWithDefaultPrettyPrinter().writeValue(tmp.toFile(), state);
    Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }

  private void printTable(Duration took) {
    System.out.printf("%-12s %-9s %8s  %-28s %s%n", "NODE", "ROLE", "PID", "LISTENS", "LOG");
    for (NodeProcess node : nodes()) {
      StringBuilder listens = new StringBuilder();
      node.ready().path("ports").fields().forEachRemaining(e ->
          listens.append(listens.isEmpty() ? "" : " ").append(e.getKey()).append('=').append(e.getValue().asInt()));
      System.out.printf("%-12s %-9s %8d  %-28s %s%n", node.name(), node.role().wire(), node.pid(), listens,
          node.log());
    }
    System.out.printf("%nUp in %.1f s. Play:  nc %s %d%n", took.toMillis() / 1000.0, HOST, options.playerPort());
    if (!options.inProcess()) {
      System.out.printf("Add a shard node:  GROUNDUP_SEEDS=%s GROUNDUP_CLUSTER_NAME=%s ./groundup node shard%n",
          seeds, options.clusterName());
    }
    System.out.printf("State: %s   Stop: Ctrl-C%n", options.dir().resolve("local.json"));
    System.out.flush();
  }

  /** Stops gateways, then shards, then registries, each gracefully first. */
  public void stopAll() {
    List<NodeProcess> all;
    synchronized (nodes) {
      all = List.copyOf(nodes);
      nodes.clear();
    }
    if (all.isEmpty()) {
      stopped.countDown();
      return;
    }
    System.out.println("groundup local: stopping " + all.size() + " nodes");
    try {
      for (Role role : List.of(Role.ALL, Role.GATEWAY, Role.SHARD, Role.REGISTRY)) {
        List<NodeProcess> group = all.stream().filter(n -> n.role() == role).toList();
        group.forEach(n -> n.process().destroy());
        for (NodeProcess n : group) {
          n.stop(Duration.ofSeconds(15));
        }
      }
      Files.deleteIfExists(options.dir().resolve("local.json"));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      all.forEach(n -> n.process().destroyForcibly());
    } catch (IOException e) {
      System.err.println("groundup local: " + e.getMessage());
    } finally {
      stopped.countDown();
    }
  }

  private static boolean free(int port) {
    try (ServerSocket socket = new ServerSocket()) {
      socket.setReuseAddress(true);
      socket.bind(new InetSocketAddress(InetAddress.getByName(HOST), port));
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /** The next free Hazelcast port, never the same one twice. */
  private int nextHazelcastPort() throws IOException {
    while (nextHazelcastPort < 65535) {
      int port = nextHazelcastPort++;
      if (free(port)) {
        return port;
      }
    }
    throw new IOException("no free port for Hazelcast");
  }
}
