package dev.groundup.node;

import dev.groundup.common.cluster.Role;
import dev.groundup.common.shard.RoutingMode;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

/**
 * {@code groundup local}: a cluster of separate JVMs on loopback — the first registry node first
 * (it becomes the master the others join through), then everything else in parallel. It prints what
 * listens where and how to add a node, and keeps {@code .groundup/local.json} true while it runs
 * (role, node id, pid and ports of every live process): every {@value #WATCH_MILLIS} ms it drops
 * the nodes whose process is gone (SIGTERM, kill -9, a crash) and adds the nodes added by hand,
 * found by their ready files in {@code .groundup/run/} ({@link LocalJoin}). On Ctrl-C or SIGTERM it
 * stops every node it lists, those added by hand too: gateways first (their players get {@code bye
 * shutdown}), then shards, then registries.
 */
public final class LocalCluster {

  /** The options of {@code groundup local}. */
  public record Options(
      int gateways,
      int shards,
      int registries,
      RoutingMode routing,
      int playerPort,
      int hazelcastPort,
      Path dir,
      String clusterName,
      boolean inProcess) {

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
      if (inProcess
          && (gateways != 1 || args.contains("--shards") || args.contains("--registries"))) {
        throw new IllegalArgumentException(
            "--in-process runs one JVM: it takes no --gateways, --shards or --registries");
      }
      return new Options(
          gateways,
          shards,
          registries,
          routing,
          playerPort,
          hazelcastPort,
          dir,
          clusterName,
          inProcess);
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

  /** How often the launcher looks at which nodes live. */
  static final long WATCH_MILLIS = 250;

  private static final Duration STOP_GRACE = Duration.ofSeconds(15);

  private final Options options;
  private final NodeProcess.Launcher launcher;
  private final List<NodeProcess> nodes = new ArrayList<>();
  private final CountDownLatch stopped = new CountDownLatch(1);
  private int nextHazelcastPort;
  private int nextHttpPort;
  private String seeds;
  private Map<String, String> common;
  private final Map<String, String> env;

  /**
   * {@code GROUNDUP_MAX_CONNECTIONS_PER_SOURCE} of a local cluster unless set: the default node
   * cap.
   */
  static final String LOCAL_MAX_CONNECTIONS_PER_SOURCE = "18000";

  /** Guards local.json and {@link #watch}: the watcher thread, start and restart all write it. */
  private final Object stateLock = new Object();

  private LocalJoin.Watch watch;
  private ScheduledExecutorService watcher;
  private boolean stopping;

  public LocalCluster(Options options, NodeProcess.Launcher launcher) {
    this(options, launcher, Map.of());
  }

  /**
   * With {@code env}: {@code GROUNDUP_*} settings for every node, over those of this process's
   * environment.
   */
  public LocalCluster(Options options, NodeProcess.Launcher launcher, Map<String, String> env) {
    this.options = options;
    this.launcher = launcher;
    this.env = Map.copyOf(env);
  }

  static void run(List<String> args) throws Exception {
    Options options = Options.parse(args);
    // each node in a session of its own: Ctrl-C in the terminal signals the launcher only, which
    // then
    // stops the nodes in order (gateways, shards, registries) instead of all of them at once
    NodeProcess.Launcher launcher = NodeProcess.Launcher.current().withClassDataSharing();
    if (Files.isExecutable(Path.of("/usr/bin/setsid"))) {
      launcher = launcher.withPrefix(List.of("/usr/bin/setsid"));
    }
    LocalCluster cluster = new LocalCluster(options, launcher);
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
        throw new IOException(
            "port " + port + " is taken: is another groundup running? (--port changes it)");
      }
      playerPorts.add(port);
    }
    if (!free(bridgePort())) {
      throw new IOException(
          "port "
              + bridgePort()
              + " (the debugging bridge) is taken: is another groundup running?"
              + " (--port changes it)");
    }
    nextHazelcastPort = options.hazelcastPort();
    nextHttpPort = httpPortBase(options.playerPort());
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
    System.out.printf(
        "groundup local: %d registry, %d shard, %d gateway nodes, routing %s%n",
        options.registries(), options.shards(), options.gateways(), options.routing().wire());

    // the first registry node starts alone and becomes the master; the rest join it at once (two
    // members that start together first wait about 5 s for each other to elect a master)
    List<NodeProcess> registries = new ArrayList<>();
    registries.add(launch("registry-1", Role.REGISTRY, common, seedPorts.getFirst(), Map.of()));
    awaitAll(registries);
    for (int r = 1; r < options.registries(); r++) {
      registries.add(
          launch("registry-" + (r + 1), Role.REGISTRY, common, seedPorts.get(r), Map.of()));
    }
    List<NodeProcess> shards = new ArrayList<>();
    for (int s = 0; s < options.shards(); s++) {
      shards.add(launch("shard-" + (s + 1), Role.SHARD, common, nextHazelcastPort(), Map.of()));
    }
    List<NodeProcess> gateways = new ArrayList<>();
    for (int g = 0; g < options.gateways(); g++) {
      gateways.add(
          launch(
              "gateway-" + (g + 1),
              Role.GATEWAY,
              common,
              nextHazelcastPort(),
              g == 0
                  ? Map.of(
                      "GROUNDUP_PORT",
                      Integer.toString(playerPorts.get(g)),
                      "GROUNDUP_BRIDGE_PORT",
                      Integer.toString(bridgePort()),
                      "GROUNDUP_BRIDGE_HOST",
                      HOST)
                  : Map.of(
                      "GROUNDUP_PORT",
                      Integer.toString(playerPorts.get(g)),
                      "GROUNDUP_BRIDGE_PORT",
                      "0")));
    }
    // a gateway reports ready once every shard answers from its owner: then the cluster is playable
    awaitAll(registries);
    awaitAll(shards);
    awaitAll(gateways);
    writeState();
    watch(began);
    printTable(Duration.between(began, Instant.now()));
  }

  /**
   * {@code --in-process}: one JVM of role {@code all} (registry, shards and gateway on a local
   * event bus) instead of a cluster — to show what the cluster hop costs. It keeps none of the
   * durability promise.
   */
  private void startInProcess(int playerPort, Instant began)
      throws IOException, InterruptedException {
    int hazelcastPort = nextHazelcastPort();
    seeds = HOST + ":" + hazelcastPort;
    common = commonEnv(seeds);
    System.out.printf(
        "groundup local: the whole system in one JVM, routing %s (no second copy of anything:"
            + " this mode keeps none of the durability promise)%n",
        options.routing().wire());
    NodeProcess node =
        launch(
            "all-1",
            Role.ALL,
            common,
            hazelcastPort,
            Map.of(
                "GROUNDUP_PORT",
                Integer.toString(playerPort),
                "GROUNDUP_BRIDGE_PORT",
                Integer.toString(bridgePort()),
                "GROUNDUP_BRIDGE_HOST",
                HOST));
    node.awaitReady(READY_TIMEOUT);
    writeState();
    watch(began);
    printTable(Duration.between(began, Instant.now()));
  }

  /**
   * The processes this launcher started that have not exited (as of the last look, at most {@value
   * #WATCH_MILLIS} ms ago), in the order they were started; nodes added by hand are not among them.
   */
  public List<NodeProcess> nodes() {
    synchronized (nodes) {
      return List.copyOf(nodes);
    }
  }

  /** The {@code GROUNDUP_*} settings every node of this cluster gets (after {@link #start}). */
  public Map<String, String> nodeEnv() {
    return Map.copyOf(common);
  }

  /**
   * Starts one more shard or registry node named {@code name} in this cluster and returns once it
   * is ready; {@code local.json} then lists it.
   */
  public NodeProcess add(Role role, String name) throws IOException, InterruptedException {
    if (role != Role.SHARD && role != Role.REGISTRY) {
      throw new IllegalArgumentException("add starts shard or registry nodes, not " + role.wire());
    }
    NodeProcess node = launch(name, role, common, nextHazelcastPort(), Map.of());
    node.awaitReady(READY_TIMEOUT);
    writeState();
    return node;
  }

  /**
   * Starts a new process in place of {@code old} (which must have exited): same name, role and
   * player port, a new Hazelcast port (the old one may linger in TIME_WAIT) and so a new node id.
   * Returns once it is ready; {@code local.json} then lists it instead of the old one.
   */
  public NodeProcess restart(NodeProcess old) throws IOException, InterruptedException {
    if (old.isAlive()) {
      throw new IllegalStateException(old.name() + " is still running");
    }
    Map<String, String> extra =
        old.role() == Role.GATEWAY
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
    System.getenv()
        .forEach(
            (k, v) -> {
              if (k.startsWith("GROUNDUP_")) {
                env.put(k, v);
              }
            });
    env.putAll(this.env);
    // every client of a local cluster comes from 127.0.0.1: the per-source cap (50) would refuse
    // the
    // load generator's and benchmarks' connections, so it is as high as the node's cap unless set
    env.putIfAbsent("GROUNDUP_MAX_CONNECTIONS_PER_SOURCE", LOCAL_MAX_CONNECTIONS_PER_SOURCE);
    env.put("GROUNDUP_CLUSTER_NAME", options.clusterName());
    env.put("GROUNDUP_CLUSTER_HOST", HOST);
    env.put("GROUNDUP_PUBLIC_HOST", HOST);
    env.put("GROUNDUP_SEEDS", seeds);
    env.put("GROUNDUP_ROUTING", options.routing().wire());
    env.put("GROUNDUP_HZ_PORT_AUTO", "false");
    env.remove("GROUNDUP_HTTP_PORT"); // one per node: launch gives each its own
    return env;
  }

  private NodeProcess launch(
      String name,
      Role role,
      Map<String, String> common,
      int hazelcastPort,
      Map<String, String> extra)
      throws IOException {
    Map<String, String> env = new HashMap<>(common);
    env.put("GROUNDUP_HZ_PORT", Integer.toString(hazelcastPort));
    env.put("GROUNDUP_HTTP_PORT", Integer.toString(nextHttpPort()));
    env.put("GROUNDUP_HTTP_HOST", HOST);
    env.putAll(extra);
    NodeProcess node = NodeProcess.start(launcher, name, role, env, options.dir());
    synchronized (nodes) {
      nodes.add(node);
    }
    return node;
  }

  private static void awaitAll(List<NodeProcess> starting)
      throws IOException, InterruptedException {
    for (NodeProcess node : starting) {
      node.awaitReady(READY_TIMEOUT);
    }
  }

  /** Rewrites local.json: the started nodes that are ready and alive, then those added by hand. */
  private void writeState() throws IOException {
    synchronized (stateLock) {
      if (stopping) {
        return;
      }
      List<LocalState.Node> listed = new ArrayList<>();
      for (NodeProcess node : nodes()) {
        if (node.ready() != null && node.isAlive()) {
          LocalState.Node reported = LocalState.Node.fromReady(node.ready(), node.log(), false);
          listed.add(
              new LocalState.Node(
                  node.role().wire(),
                  node.name(),
                  reported.nodeId(),
                  node.pid(),
                  HOST,
                  reported.ports(),
                  node.log(),
                  false));
        }
      }
      if (watch != null) {
        watch.nodes().forEach(a -> listed.add(a.node()));
      }
      Map<String, String> join = options.inProcess() ? Map.of() : joinEnv();
      new LocalState(
              options.clusterName(),
              options.routing().wire(),
              seeds,
              ProcessHandle.current().pid(),
              options.inProcess(),
              join,
              listed)
          .write(options.dir());
    }
  }

  /**
   * The environment a node added by hand needs to join this cluster (see {@link
   * LocalJoin#joinEnv}).
   */
  Map<String, String> joinEnv() {
    return LocalJoin.joinEnv(common, options.dir().resolve(LocalJoin.RUN_DIR));
  }

  /**
   * From now on, every {@value #WATCH_MILLIS} ms: drop the started nodes that exited, find the
   * nodes added by hand (ready files in the run directory written since {@code began}) and drop
   * those whose process is gone; rewrite local.json when anything changed.
   */
  private void watch(Instant began) {
    synchronized (stateLock) {
      if (stopping || watcher != null) {
        return;
      }
      watch = new LocalJoin.Watch(options.dir().resolve(LocalJoin.RUN_DIR), began);
      watcher =
          Executors.newSingleThreadScheduledExecutor(
              r -> {
                Thread t = new Thread(r, "groundup-local-watch");
                t.setDaemon(true);
                return t;
              });
      watcher.scheduleWithFixedDelay(this::look, WATCH_MILLIS, WATCH_MILLIS, TimeUnit.MILLISECONDS);
    }
  }

  /**
   * One look at which nodes live (on the watcher thread); never throws, so the watcher keeps going.
   */
  private void look() {
    try {
      List<NodeProcess> exited;
      Set<Long> own;
      synchronized (nodes) {
        exited = nodes.stream().filter(n -> !n.isAlive()).toList();
        nodes.removeAll(exited);
        own = nodes.stream().map(NodeProcess::pid).collect(Collectors.toSet());
      }
      LocalJoin.Watch.Changes changes;
      synchronized (stateLock) {
        if (stopping) {
          return;
        }
        changes = watch.refresh(own);
        if (exited.isEmpty() && !changes.any()) {
          return;
        }
        writeState();
      }
      Path file = options.dir().resolve(LocalState.FILE);
      for (NodeProcess node : exited) {
        System.out.printf(
            "groundup local: %s (pid %d) exited with status %d; no longer in %s%n",
            node.name(), node.pid(), node.process().exitValue(), file);
      }
      for (LocalState.Node node : changes.left()) {
        System.out.printf(
            "groundup local: %s (pid %d, added) is gone; no longer in %s%n",
            node.name(), node.pid(), file);
      }
      for (LocalState.Node node : changes.joined()) {
        System.out.printf(
            "groundup local: %s (%s, pid %d) joined; listed in %s%n",
            node.name(), node.role(), node.pid(), file);
      }
      System.out.flush();
    } catch (Exception e) {
      System.err.println("groundup local: cannot update " + LocalState.FILE + ": " + e);
    }
  }

  /** The debugging bridge's port on the first gateway: the player port + 1 (7001 by default). */
  private int bridgePort() {
    return options.playerPort() + 1;
  }

  private void printTable(Duration took) {
    System.out.printf("%-12s %-9s %8s  %-28s %s%n", "NODE", "ROLE", "PID", "LISTENS", "LOG");
    for (NodeProcess node : nodes()) {
      StringBuilder listens = new StringBuilder();
      node.ready()
          .path("ports")
          .fields()
          .forEachRemaining(
              e ->
                  listens
                      .append(listens.isEmpty() ? "" : " ")
                      .append(e.getKey())
                      .append('=')
                      .append(e.getValue().asInt()));
      System.out.printf(
          "%-12s %-9s %8d  %-28s %s%n",
          node.name(), node.role().wire(), node.pid(), listens, node.log());
    }
    System.out.printf(
        "%nUp in %.1f s. Play:  nc %s %d%n", took.toMillis() / 1000.0, HOST, options.playerPort());
    System.out.printf(
        "Debug:  the event-bus bridge on %s:%d (gateway-1 or all-1; docs/protocol.md, Debugging bridge)%n",
        HOST, bridgePort());
    nodes().stream()
        .findFirst()
        .ifPresent(
            first ->
                System.out.printf(
                    "Health: curl http://%s:%d/health/ready   Metrics: curl http://%s:%d/metrics   (%s; every node's http= port above,"
                        + " docs/metrics.md)%n",
                    HOST, first.port("http"), HOST, first.port("http"), first.name()));
    Path file = options.dir().resolve(LocalState.FILE);
    if (!options.inProcess()) {
      String dirOption =
          options.dir().normalize().equals(Path.of(".groundup")) ? "" : " --dir " + options.dir();
      System.out.printf("Seed members:  %s  (cluster %s)%n", seeds, options.clusterName());
      System.out.printf(
          "Add a node:    ./groundup local add shard%s   (or registry, gateway; listed in %s once ready)%n",
          dirOption, file);
      System.out.printf("  by hand:     %s%n", LocalJoin.command(joinEnv(), Role.SHARD));
      String port;
      try {
        port = Integer.toString(LocalJoin.freePlayerPort(LocalState.read(options.dir()).nodes()));
      } catch (IOException e) {
        port = "<a free port>";
      }
      System.out.printf(
          "               (a gateway also needs GROUNDUP_PORT=%s, a free player port)%n", port);
      System.out.printf(
          "Remove a node: kill PID   (it leaves gracefully and drops out of %s; kill -9 too)%n",
          file);
    }
    System.out.printf(
        "State: %s   Stop: Ctrl-C (stops every node listed there, added ones too)%n", file);
    System.out.flush();
  }

  /**
   * Stops every node listed: those added by hand as well as those this launcher started; gateways
   * first, then shards, then registries, each with SIGTERM first and SIGKILL after 15 s. Then
   * deletes local.json.
   */
  public void stopAll() {
    List<LocalJoin.Watch.Added> added = List.of();
    synchronized (stateLock) {
      stopping = true;
      if (watcher != null) {
        watcher.shutdown();
      }
      if (watch != null) {
        added = watch.drain();
      }
    }
    List<NodeProcess> all;
    synchronized (nodes) {
      all = List.copyOf(nodes);
      nodes.clear();
    }
    if (all.isEmpty() && added.isEmpty()) {
      stopped.countDown();
      return;
    }
    System.out.println(
        "groundup local: stopping "
            + (all.size() + added.size())
            + " nodes"
            + (added.isEmpty() ? "" : " (" + added.size() + " added by hand)"));
    try {
      for (Role role : List.of(Role.ALL, Role.GATEWAY, Role.SHARD, Role.REGISTRY)) {
        List<NodeProcess> group = all.stream().filter(n -> n.role() == role).toList();
        List<ProcessHandle> addedGroup =
            added.stream()
                .filter(a -> a.node().role().equals(role.wire()))
                .map(LocalJoin.Watch.Added::process)
                .toList();
        group.forEach(n -> n.process().destroy());
        addedGroup.forEach(ProcessHandle::destroy);
        for (NodeProcess n : group) {
          n.stop(STOP_GRACE);
        }
        for (ProcessHandle p : addedGroup) {
          stop(p);
        }
      }
      added.forEach(a -> deleteQuietly(a.file()));
      Files.deleteIfExists(options.dir().resolve(LocalState.FILE));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      all.forEach(n -> n.process().destroyForcibly());
      added.forEach(a -> a.process().destroyForcibly());
    } catch (IOException e) {
      System.err.println("groundup local: " + e.getMessage());
    } finally {
      stopped.countDown();
    }
  }

  /**
   * Waits up to the grace period for a node added by hand (already sent SIGTERM) to exit, then
   * SIGKILLs it.
   */
  private static void stop(ProcessHandle process) throws InterruptedException {
    try {
      process.onExit().get(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException | ExecutionException e) {
      process.destroyForcibly();
    }
  }

  private static void deleteQuietly(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      // a leftover ready file of a dead process is never listed again
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

  /**
   * Where the nodes' HTTP ports (health and metrics) start: 100 above the first player port (7100).
   */
  static int httpPortBase(int playerPort) {
    return playerPort + 100;
  }

  /** The next free HTTP port (health and metrics), never the same one twice. */
  private int nextHttpPort() throws IOException {
    while (nextHttpPort < 65535) {
      int port = nextHttpPort++;
      if (free(port)) {
        return port;
      }
    }
    throw new IOException("no free HTTP port");
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
