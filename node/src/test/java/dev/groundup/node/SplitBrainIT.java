package dev.groundup.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.groundup.common.cluster.Role;
import dev.groundup.testkit.Await;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real network split: two hosts (network namespaces joined by a bridge), each with a registry
 * node and a probe node. The link is cut, each side registers the same names, the link is healed,
 * and the registry resolves the conflicts by rule: with {@code keep-oldest} exactly one owner
 * remains (the older node's) and the loser is told {@code name_conflict}; with {@code notify-both}
 * both are told and nobody holds the name. Needs root for {@code ip netns}; skipped with the reason
 * elsewhere.
 */
class SplitBrainIT {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration READY = Duration.ofSeconds(120);
  private static final Duration SPLIT = Duration.ofSeconds(30);
  private static final Duration MERGE = Duration.ofSeconds(90);

  @TempDir(cleanup = CleanupMode.ON_SUCCESS)
  Path dir;

  @Test
  void conflictingRegistrationsAreResolvedByRuleWhenTheSplitHeals() throws Exception {
    String reason = Netns.unavailableReason();
    assumeTrue(reason == null, "split-brain test skipped: " + reason);
    try (Netns net = new Netns();
        Nodes nodes = new Nodes()) {
      String a = net.addHost(1);
      String b = net.addHost(2);
      String seeds = Netns.address(1) + ":5701," + Netns.address(2) + ":5701";
      NodeProcess.Launcher base =
          ProcessCluster.launcher()
              .withClasspathFirst(Path.of("target", "test-classes").toAbsolutePath().toString());
      Map<String, String> env = new HashMap<>();
      env.put("GROUNDUP_CLUSTER_NAME", "split-" + UUID.randomUUID().toString().substring(0, 8));
      env.put("GROUNDUP_SEEDS", seeds);
      env.put("GROUNDUP_HZ_PORT_AUTO", "false");

      NodeProcess registryA =
          nodes.add(
              NodeProcess.start(
                  base.withPrefix(Netns.exec(a)),
                  "registry-a",
                  Role.REGISTRY,
                  host(env, 1, 5701),
                  dir));
      registryA.awaitReady(READY);
      NodeProcess registryB =
          nodes.add(
              NodeProcess.start(
                  base.withPrefix(Netns.exec(b)),
                  "registry-b",
                  Role.REGISTRY,
                  host(env, 2, 5701),
                  dir));
      NodeProcess probeA =
          nodes.add(
              NodeProcess.start(
                  base.withPrefix(Netns.exec(a)),
                  "probe-a",
                  Role.GATEWAY,
                  host(env, 1, 5702),
                  dir,
                  RegistryProbe.class.getName(),
                  List.of(dir.toString())));
      probeA.awaitReady(READY);
      NodeProcess probeB =
          nodes.add(
              NodeProcess.start(
                  base.withPrefix(Netns.exec(b)),
                  "probe-b",
                  Role.GATEWAY,
                  host(env, 2, 5702),
                  dir,
                  RegistryProbe.class.getName(),
                  List.of(dir.toString())));
      for (NodeProcess n : List.of(registryB, probeB)) {
        n.awaitReady(READY);
      }
      Await.until(
          "all four nodes together",
          READY,
          () -> members("probe-a") == 4 && members("probe-b") == 4);

      net.cut(2);
      Await.until(
          "the two sides to see only themselves",
          SPLIT,
          () -> members("probe-a") == 2 && members("probe-b") == 2);
      command("probe-a", "register contested keep-oldest\nregister both notify-both\n");
      command("probe-b", "register contested keep-oldest\nregister both notify-both\n");
      Await.until(
          "each side to hold both names",
          SPLIT,
          () ->
              held("probe-a").containsAll(List.of("contested", "both"))
                  && held("probe-b").containsAll(List.of("contested", "both")));

      net.heal(2);
      Await.until(
          "the sides to merge", MERGE, () -> members("probe-a") == 4 && members("probe-b") == 4);

      // keep-oldest: probe-a started first, so it keeps the name and probe-b is told
      String olderNode = status("probe-a").path("node").asText();
      Await.until(
          "one owner of 'contested', seen alike from both sides",
          MERGE,
          () ->
              olderNode.equals(owner("probe-a", "contested"))
                  && olderNode.equals(owner("probe-b", "contested"))
                  && conflicted("probe-b", "contested"));
      assertThat(held("probe-a")).contains("contested");
      assertThat(held("probe-b")).doesNotContain("contested");
      assertThat(conflicted("probe-a", "contested")).isFalse();

      // notify-both: both lose and are told
      Await.until(
          "both told about 'both', and nobody holds it",
          MERGE,
          () ->
              conflicted("probe-a", "both")
                  && conflicted("probe-b", "both")
                  && "none".equals(owner("probe-a", "both"))
                  && "none".equals(owner("probe-b", "both")));
    }
  }

  private static Map<String, String> host(Map<String, String> common, int n, int port) {
    Map<String, String> env = new HashMap<>(common);
    env.put("GROUNDUP_CLUSTER_HOST", Netns.address(n));
    env.put("GROUNDUP_PUBLIC_HOST", Netns.address(n));
    env.put("GROUNDUP_HZ_PORT", Integer.toString(port));
    return env;
  }

  private void command(String probe, String lines) throws IOException {
    Path tmp = dir.resolve(probe + ".cmd.tmp");
    Files.writeString(tmp, lines);
    Files.move(tmp, dir.resolve(probe + ".cmd"), java.nio.file.StandardCopyOption.ATOMIC_MOVE);
  }

  private JsonNode status(String probe) {
    try {
      Path file = dir.resolve(probe + ".status");
      return Files.exists(file) ? JSON.readTree(file.toFile()) : JSON.createObjectNode();
    } catch (IOException e) {
      return JSON.createObjectNode();
    }
  }

  private int members(String probe) {
    return status(probe).path("members").asInt(-1);
  }

  private List<String> held(String probe) {
    List<String> names = new java.util.ArrayList<>();
    status(probe).path("held").forEach(n -> names.add(n.asText()));
    return names;
  }

  private String owner(String probe, String name) {
    return status(probe).path("owners").path(name).asText("");
  }

  private boolean conflicted(String probe, String name) {
    for (JsonNode c : status(probe).path("conflicts")) {
      if (name.equals(c.path("name").asText())) {
        return true;
      }
    }
    return false;
  }

  /** Kills every process it was given when the test ends. */
  private static final class Nodes implements AutoCloseable {
    private final List<NodeProcess> all = new java.util.ArrayList<>();

    NodeProcess add(NodeProcess node) {
      all.add(node);
      return node;
    }

    @Override
    public void close() {
      for (NodeProcess n : all) {
        try {
          n.kill();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
    }
  }
}
