package dev.groundup.tools.loadgen;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads {@code .groundup/local.json}, which {@code groundup local} writes while its cluster runs:
 * {@code
 * {"cluster":...,"nodes":[{"role":"gateway","name":"gateway-1","pid":123,"ports":{...},...}]}}.
 */
final class LocalJson {

  /** One node process of the local cluster. */
  record Node(String role, String name, long pid) {}

  private LocalJson() {}

  static List<Node> read(Path file) {
    if (!Files.isRegularFile(file)) {
      throw new LoadgenException(
          file
              + " does not exist: is groundup local running (it writes that file once "
              + "the cluster is up, and deletes it when it stops)?");
    }
    try {
      return parse(new ObjectMapper().readTree(file.toFile()), file);
    } catch (IOException e) {
      throw new LoadgenException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  static List<Node> parse(JsonNode root, Path file) {
    JsonNode nodes = root.path("nodes");
    if (!nodes.isArray() || nodes.isEmpty()) {
      throw new LoadgenException(file + " lists no nodes");
    }
    List<Node> result = new ArrayList<>();
    for (JsonNode n : nodes) {
      long pid = n.path("pid").asLong(-1);
      String role = n.path("role").asText("");
      if (pid <= 0 || role.isEmpty()) {
        throw new LoadgenException(file + " has a node without role or pid: " + n);
      }
      result.add(new Node(role, n.path("name").asText(role + "-" + pid), pid));
    }
    return List.copyOf(result);
  }

  /** The nodes whose role is one of {@code roles} ({@code all} for every node). */
  static List<Node> select(List<Node> nodes, List<String> roles, Path file) {
    List<Node> chosen =
        nodes.stream().filter(n -> roles.contains("all") || roles.contains(n.role())).toList();
    if (chosen.isEmpty()) {
      throw new LoadgenException(file + " lists no node with role " + String.join(" or ", roles));
    }
    return chosen;
  }
}
