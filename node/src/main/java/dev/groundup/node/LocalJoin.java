package dev.groundup.node;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.groundup.common.cluster.Role;
import dev.groundup.common.config.ConfigException;
import dev.groundup.common.config.NodeConfig;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Nodes added by hand to a running {@code groundup local}. Both sides of it: the environment a new
 * node needs to join (seeds, cluster name, shard count, routing, and a ready file in the local
 * cluster's run directory — what {@code groundup local add ROLE} gives it, and what {@code local}
 * prints), and the launcher's {@link Watch}, which finds such nodes by their ready files and
 * notices when their processes are gone, however they ended (SIGTERM, kill -9, a crash).
 */
final class LocalJoin {

  /** Where every node of a local cluster writes its ready file, under the run directory. */
  static final String RUN_DIR = "run";

  /**
   * Settings that belong to one node, never copied from the cluster's environment to a new node.
   */
  static final Set<String> PER_NODE =
      Set.of(
          "GROUNDUP_NODE_NAME",
          "GROUNDUP_READY_FILE",
          "GROUNDUP_HZ_PORT",
          "GROUNDUP_HZ_PORT_AUTO",
          "GROUNDUP_PORT",
          "GROUNDUP_EVENTBUS_PORT",
          "GROUNDUP_HTTP_PORT");

  /** The settings that decide which cluster a node joins, first in what is printed. */
  private static final List<String> FIRST =
      List.of(
          "GROUNDUP_CLUSTER_NAME",
          "GROUNDUP_SEEDS",
          "GROUNDUP_ROUTING",
          "GROUNDUP_SHARDS",
          "GROUNDUP_CLUSTER_HOST",
          "GROUNDUP_PUBLIC_HOST");

  private static final Pattern SHELL_SAFE = Pattern.compile("[A-Za-z0-9_./:,@%+=-]+");
  private static final ObjectMapper JSON = new ObjectMapper();

  private LocalJoin() {}

  /**
   * The environment a node added by hand needs, from {@code nodeEnv} (what {@code local} gives the
   * nodes it starts): every cluster-wide setting, the shard count spelled out (it must be the same
   * on every node), and {@code GROUNDUP_READY_FILE} naming the run directory, so the node writes
   * {@code <name>.json} there and the launcher lists it. The node picks its own name ({@code
   * <role>-<pid>}), Hazelcast port and, for a gateway, needs a player port of its own.
   */
  static Map<String, String> joinEnv(Map<String, String> nodeEnv, Path runDir) {
    Map<String, String> rest = new TreeMap<>();
    nodeEnv.forEach(
        (k, v) -> {
          if (k.startsWith("GROUNDUP_") && !PER_NODE.contains(k)) {
            rest.put(k, v);
          }
        });
    try {
      rest.put(
          "GROUNDUP_SHARDS",
          Integer.toString(NodeConfig.fromEnv(Role.SHARD, nodeEnv).shardCount()));
    } catch (ConfigException e) {
      // a bad value: the nodes of local fail on it too, with that message
    }
    Map<String, String> env = new LinkedHashMap<>();
    for (String key : FIRST) {
      if (rest.containsKey(key)) {
        env.put(key, rest.remove(key));
      }
    }
    env.putAll(rest);
    env.put("GROUNDUP_READY_FILE", runDir.toAbsolutePath().normalize() + "/");
    return env;
  }

  /**
   * The environment for a new node of {@code role} joining the local cluster whose run directory is
   * {@code dir}: what that cluster's {@code local.json} says, plus a free player port for a gateway
   * unless {@code callerEnv} sets {@code GROUNDUP_PORT}. Fails if no {@code groundup local} runs
   * there.
   */
  static Map<String, String> envFor(Path dir, Role role, Map<String, String> callerEnv)
      throws IOException {
    if (role == Role.ALL) {
      throw new IllegalArgumentException(
          "a node of role all joins nobody: add a registry, shard or gateway");
    }
    LocalState state = LocalState.read(dir);
    if (!alive(state.launcherPid())) {
      throw new IOException(
          dir.resolve(LocalState.FILE)
              + " is left over: the ./groundup local that wrote it (pid "
              + state.launcherPid()
              + ") is gone. Start one with ./groundup local");
    }
    if (state.inProcess() || state.join().isEmpty()) {
      throw new IOException(
          "the local cluster runs in one JVM (--in-process): nothing can join it."
              + " Start ./groundup local without --in-process to add nodes");
    }
    Map<String, String> env = new LinkedHashMap<>(state.join());
    if (role == Role.GATEWAY && !callerEnv.containsKey("GROUNDUP_PORT")) {
      env.put("GROUNDUP_PORT", Integer.toString(freePlayerPort(state.nodes())));
    }
    return env;
  }

  /**
   * A player port for one more gateway: the next of 7000, 7010, 7020, … (from the first gateway's
   * port) that no listed gateway has and that is free now.
   */
  static int freePlayerPort(List<LocalState.Node> nodes) throws IOException {
    List<Integer> taken =
        nodes.stream().map(n -> n.ports().get("players")).filter(p -> p != null).toList();
    int base = taken.isEmpty() ? 7000 : taken.getFirst();
    for (int port = base; port < 65536; port += 10) {
      if (!taken.contains(port) && free(port)) {
        return port;
      }
    }
    throw new IOException("no free player port from " + base + " on (GROUNDUP_PORT sets one)");
  }

  /**
   * {@code groundup local env ROLE [--dir .groundup]}: prints the environment of a new node, one
   * {@code KEY=VALUE} a line, for the launcher script's {@code local add}; what it does on stderr.
   * Returns the exit status.
   */
  static int printEnv(List<String> args) {
    if (args.isEmpty() || args.getFirst().startsWith("-")) {
      throw new IllegalArgumentException("local env needs a role: registry, shard or gateway");
    }
    Role role = Role.parse(args.getFirst());
    Path dir = Path.of(".groundup");
    for (int i = 1; i < args.size(); i += 2) {
      if (!args.get(i).equals("--dir") || i + 1 >= args.size()) {
        throw new IllegalArgumentException(
            "local add|env takes a role and --dir DIR, not " + args.get(i));
      }
      dir = Path.of(args.get(i + 1));
    }
    try {
      Map<String, String> env = envFor(dir, role, System.getenv());
      LocalState state = LocalState.read(dir);
      env.forEach((k, v) -> System.out.println(k + "=" + v));
      System.err.printf(
          "groundup local add: a %s node joining %s through %s%s; listed in %s once ready."
              + " Ctrl-C or SIGTERM takes it out again%n",
          role.wire(),
          state.cluster(),
          state.seeds(),
          env.containsKey("GROUNDUP_PORT") ? ", players on port " + env.get("GROUNDUP_PORT") : "",
          dir.resolve(LocalState.FILE));
      return 0;
    } catch (IOException e) {
      System.err.println("groundup local add: " + e.getMessage());
      return 1;
    }
  }

  /** {@code env} as a command line to paste into a shell: {@code K=V ... ./groundup node ROLE}. */
  static String command(Map<String, String> env, Role role) {
    String assignments =
        env.entrySet().stream()
            .map(e -> e.getKey() + "=" + quote(e.getValue()))
            .collect(Collectors.joining(" "));
    return assignments + " ./groundup node " + role.wire();
  }

  private static String quote(String value) {
    return SHELL_SAFE.matcher(value).matches() ? value : "'" + value.replace("'", "'\\''") + "'";
  }

  static boolean alive(long pid) {
    return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
  }

  private static boolean free(int port) {
    try (ServerSocket socket = new ServerSocket()) {
      socket.setReuseAddress(true);
      socket.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), port));
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /**
   * The launcher's view of the nodes added by hand: a node is added when its ready file appears in
   * the run directory (written after the launcher started, by a process that is not one of the
   * launcher's own and is still alive), and is gone as soon as its process is; its ready file is
   * then deleted. Process liveness, not the node's goodbye, decides, so kill -9 is noticed as well
   * as SIGTERM. Used by one thread at a time.
   */
  static final class Watch {

    /**
     * A ready file may be written this long before its process's start time as the OS reports it.
     */
    private static final Duration CLOCK_SLACK = Duration.ofSeconds(2);

    /** A node added by hand: what it reported, its process, and its ready file. */
    record Added(LocalState.Node node, ProcessHandle process, Path file) {}

    /** What one {@link #refresh} found: the nodes that appeared and those that are gone. */
    record Changes(List<LocalState.Node> joined, List<LocalState.Node> left) {
      boolean any() {
        return !joined.isEmpty() || !left.isEmpty();
      }
    }

    private final Path runDir;
    private final Instant since;
    private final Map<Path, FileTime> seen = new HashMap<>();
    private final Map<Long, Added> live = new LinkedHashMap<>();

    /** Watches {@code runDir} for ready files written from {@code since} on. */
    Watch(Path runDir, Instant since) {
      this.runDir = runDir;
      this.since = since;
    }

    /**
     * Drops the nodes whose process is gone and adds those whose ready file appeared; {@code own}:
     * the launcher's pids.
     */
    Changes refresh(Set<Long> own) throws IOException {
      List<LocalState.Node> left = new ArrayList<>();
      for (Iterator<Added> it = live.values().iterator(); it.hasNext(); ) {
        Added added = it.next();
        if (!added.process().isAlive()) {
          it.remove();
          left.add(added.node());
          forget(added);
        }
      }
      List<LocalState.Node> joined = new ArrayList<>();
      if (!Files.isDirectory(runDir)) {
        return new Changes(joined, left);
      }
      try (DirectoryStream<Path> files = Files.newDirectoryStream(runDir, "*.json")) {
        for (Path file : files) {
          Optional<Added> added = examine(file, own);
          added.ifPresent(
              a -> {
                live.put(a.node().pid(), a);
                joined.add(a.node());
              });
        }
      }
      return new Changes(joined, left);
    }

    /** A new node added by hand, if {@code file} is the fresh ready file of one. */
    private Optional<Added> examine(Path file, Set<Long> own) {
      FileTime modified;
      JsonNode ready;
      try {
        modified = Files.getLastModifiedTime(file);
        if (modified.toInstant().isBefore(since) || modified.equals(seen.get(file))) {
          return Optional.empty();
        }
        seen.put(file, modified);
        ready = JSON.readTree(file.toFile());
      } catch (IOException e) {
        return Optional.empty(); // deleted meanwhile, or not a ready file
      }
      long pid = ready.path("pid").asLong(-1);
      if (pid <= 0
          || own.contains(pid)
          || live.containsKey(pid)
          || ready.path("role").asText("").isEmpty()) {
        return Optional.empty();
      }
      // the pid must be the process that wrote the file, not a later one that got the same number
      Instant latestStart = modified.toInstant().plus(CLOCK_SLACK);
      return ProcessHandle.of(pid)
          .filter(ProcessHandle::isAlive)
          .filter(p -> p.info().startInstant().map(s -> !s.isAfter(latestStart)).orElse(true))
          .map(
              p ->
                  new Added(
                      LocalState.Node.fromReady(ready, log(ready.path("name").asText("")), true),
                      p,
                      file));
    }

    /**
     * The log of a node added as {@code name}: {@code logs/<name>.log} beside the run directory if
     * it exists (a replacement {@code local roll} started logs there), else none (a node added with
     * {@code local add} logs to its terminal).
     */
    private Path log(String name) {
      if (name.isEmpty()) {
        return null;
      }
      Path log = runDir.resolveSibling("logs").resolve(name + ".log");
      return Files.isRegularFile(log) ? log : null;
    }

    /** Deletes the ready file of a node that is gone, unless another node has written it since. */
    private void forget(Added added) {
      try {
        JsonNode ready = JSON.readTree(added.file().toFile());
        if (ready.path("pid").asLong(-1) == added.node().pid()) {
          Files.deleteIfExists(added.file());
          seen.remove(added.file());
        }
      } catch (NoSuchFileException e) {
        seen.remove(added.file());
      } catch (IOException e) {
        // unreadable: leave it; it names a dead process and is not looked at again
      }
    }

    /** The live nodes added by hand, in the order they appeared. */
    List<Added> nodes() {
      return List.copyOf(live.values());
    }

    /** Forgets every node added by hand and returns them (to stop them). */
    List<Added> drain() {
      List<Added> all = List.copyOf(live.values());
      live.clear();
      return all;
    }
  }
}
