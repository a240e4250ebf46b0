package dev.groundup.node;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code .groundup/local.json}: what a running {@code groundup local} consists of. The launcher
 * rewrites it (atomically: a temporary file renamed over it) whenever a node joins or leaves, and
 * deletes it when it stops.
 *
 * @param cluster the Hazelcast cluster name
 * @param routing the routing mode of every node
 * @param seeds {@code host:port} of the registry nodes, comma-separated
 * @param launcherPid the pid of the {@code groundup local} process that keeps this file
 * @param inProcess whether the cluster is one JVM of role {@code all} (nothing can join it)
 * @param join the {@code GROUNDUP_*} environment a node needs to join this cluster by hand (what
 *     {@code groundup local add} gives it); empty in-process
 * @param nodes the live nodes, in the order they became known
 */
record LocalState(
    String cluster,
    String routing,
    String seeds,
    long launcherPid,
    boolean inProcess,
    Map<String, String> join,
    List<Node> nodes) {

  /** The file's name in the run directory. */
  static final String FILE = "local.json";

  private static final ObjectMapper JSON = new ObjectMapper();

  LocalState {
    join = Collections.unmodifiableMap(new LinkedHashMap<>(join));
    nodes = List.copyOf(nodes);
  }

  /**
   * One live node.
   *
   * @param log its log file, or null for a node added by hand (it logs where it was started)
   * @param added whether it was added by hand rather than started by {@code groundup local}
   */
  record Node(
      String role,
      String name,
      String nodeId,
      long pid,
      String host,
      Map<String, Integer> ports,
      Path log,
      boolean added) {

    Node {
      ports = Collections.unmodifiableMap(new LinkedHashMap<>(ports));
    }

    /**
     * A node as its ready file ({@code GROUNDUP_READY_FILE}) describes it: role, name, nodeId, pid,
     * host, ports.
     */
    static Node fromReady(JsonNode ready, Path log, boolean added) {
      Map<String, Integer> ports = new LinkedHashMap<>();
      ready
          .path("ports")
          .fields()
          .forEachRemaining(e -> ports.put(e.getKey(), e.getValue().asInt()));
      return new Node(
          ready.path("role").asText(),
          ready.path("name").asText(),
          ready.path("nodeId").asText(),
          ready.path("pid").asLong(-1),
          ready.path("host").asText("127.0.0.1"),
          ports,
          log,
          added);
    }
  }

  /** Writes {@code dir/local.json} atomically. */
  void write(Path dir) throws IOException {
    ObjectNode state = JSON.createObjectNode();
    state.put("cluster", cluster);
    state.put("routing", routing);
    state.put("seeds", seeds);
    state.put("launcherPid", launcherPid);
    state.put("inProcess", inProcess);
    ObjectNode joinEnv = state.putObject("join");
    join.forEach(joinEnv::put);
    ArrayNode list = state.putArray("nodes");
    for (Node node : nodes) {
      ObjectNode n = list.addObject();
      n.put("role", node.role());
      n.put("name", node.name());
      n.put("nodeId", node.nodeId());
      n.put("pid", node.pid());
      n.put("host", node.host());
      ObjectNode ports = n.putObject("ports");
      node.ports().forEach(ports::put);
      if (node.log() != null) {
        n.put("log", node.log().toString());
      }
      n.put("added", node.added());
    }
    Path target = dir.resolve(FILE);
    Path tmp = dir.resolve(FILE + ".tmp");
    JSON.writerWithDefaultPrettyPrinter().writeValue(tmp.toFile(), state);
    Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }

  /** Reads {@code dir/local.json}; fails with a message a person can act on. */
  static LocalState read(Path dir) throws IOException {
    Path file = dir.resolve(FILE);
    if (!Files.isRegularFile(file)) {
      throw new IOException(
          "no "
              + file
              + ": is ./groundup local running, and up (it writes that file once the"
              + " cluster is up)? Another directory: --dir");
    }
    JsonNode root;
    try {
      root = JSON.readTree(file.toFile());
    } catch (IOException e) {
      throw new IOException("cannot read " + file + ": " + e.getMessage(), e);
    }
    Map<String, String> join = new LinkedHashMap<>();
    root.path("join").fields().forEachRemaining(e -> join.put(e.getKey(), e.getValue().asText()));
    List<Node> nodes = new ArrayList<>();
    for (JsonNode n : root.path("nodes")) {
      String log = n.path("log").asText(null);
      nodes.add(
          Node.fromReady(n, log == null ? null : Path.of(log), n.path("added").asBoolean(false)));
    }
    return new LocalState(
        root.path("cluster").asText(),
        root.path("routing").asText(),
        root.path("seeds").asText(),
        root.path("launcherPid").asLong(-1),
        root.path("inProcess").asBoolean(false),
        join,
        nodes);
  }
}
