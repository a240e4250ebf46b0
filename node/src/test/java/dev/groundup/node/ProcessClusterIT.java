package dev.groundup.node;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.groundup.common.cluster.Role;
import dev.groundup.common.testing.Ports;
import dev.groundup.testkit.LineClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/** The cluster as separate JVM processes, started the way {@code groundup local} starts them. */
class ProcessClusterIT {

  private static final Duration READY = Duration.ofSeconds(90);

  @TempDir(cleanup = CleanupMode.ON_SUCCESS)
  Path dir;

  private final List<NodeProcess> nodes = new ArrayList<>();

  @AfterEach
  void stopAll() throws InterruptedException {
    for (NodeProcess node : nodes) {
      node.kill();
    }
  }

  @Test
  void playsAcrossSeparateProcessesAndAGatewayStopsGracefully() throws Exception {
    NodeProcess.Launcher launcher = ProcessCluster.launcher();
    int seed = Ports.free();
    int playerPort = Ports.free();
    Map<String, String> common = new HashMap<>();
    common.put(
        "GROUNDUP_CLUSTER_NAME", "process-it-" + UUID.randomUUID().toString().substring(0, 8));
    common.put("GROUNDUP_CLUSTER_HOST", "127.0.0.1");
    common.put("GROUNDUP_SEEDS", "127.0.0.1:" + seed);
    common.put("GROUNDUP_HZ_PORT_AUTO", "false");

    NodeProcess registry = start(launcher, "registry-1", Role.REGISTRY, common, seed, Map.of());
    registry.awaitReady(READY);
    NodeProcess shard1 = start(launcher, "shard-1", Role.SHARD, common, Ports.free(), Map.of());
    NodeProcess shard2 = start(launcher, "shard-2", Role.SHARD, common, Ports.free(), Map.of());
    NodeProcess gateway =
        start(
            launcher,
            "gateway-1",
            Role.GATEWAY,
            common,
            Ports.free(),
            Map.of("GROUNDUP_PORT", Integer.toString(playerPort)));
    for (NodeProcess n : List.of(shard1, shard2, gateway)) {
      n.awaitReady(READY);
    }
    assertThat(gateway.port("players")).isEqualTo(playerPort);
    assertThat(gateway.ready().path("role").asText()).isEqualTo("gateway");
    assertThat(gateway.ready().path("pid").asLong()).isEqualTo(gateway.pid());

    try (LineClient a = LineClient.connect(playerPort);
        LineClient b = LineClient.connect(playerPort)) {
      a.awaitEv("hello");
      b.awaitEv("hello");
      assertThat(a.request(1, "{\"op\":\"login\",\"name\":\"proc-a\"}").path("ev").asText())
          .isEqualTo("welcome");
      assertThat(b.request(1, "{\"op\":\"login\",\"name\":\"proc-b\"}").path("ev").asText())
          .isEqualTo("welcome");
      a.request(2, "{\"op\":\"join\",\"room\":\"procs\"}");
      JsonNode joined = b.request(2, "{\"op\":\"join\",\"room\":\"procs\"}");
      assertThat(joined.path("players")).hasSize(2);
      assertThat(a.awaitEv("enter").path("player").path("name").asText()).isEqualTo("proc-b");
      assertThat(a.request(3, "{\"op\":\"move\",\"dir\":\"n\"}").path("ev").asText())
          .isEqualTo("ack");
      b.send("{\"op\":\"say\",\"text\":\"across processes\"}");
      assertThat(a.awaitEv("said").path("text").asText()).isEqualTo("across processes");
      assertThat(b.request(4, "{\"op\":\"top\"}").path("players").findValuesAsText("name"))
          .contains("proc-a", "proc-b");

      assertThat(gateway.stop(Duration.ofSeconds(30)))
          .as("gateway exits by itself on SIGTERM")
          .isTrue();
      assertThat(a.awaitEv("bye").path("reason").asText()).isEqualTo("shutdown");
      assertThat(b.awaitEv("bye").path("reason").asText()).isEqualTo("shutdown");
      assertThat(a.awaitClosed(LineClient.TIMEOUT)).isTrue();
    }
    for (NodeProcess n : List.of(shard1, shard2, registry)) {
      assertThat(n.stop(Duration.ofSeconds(30)))
          .as(n.name() + " exits by itself on SIGTERM")
          .isTrue();
    }
    assertThat(Files.readString(gateway.log())).contains("Left the cluster");
  }

  private NodeProcess start(
      NodeProcess.Launcher launcher,
      String name,
      Role role,
      Map<String, String> common,
      int hazelcastPort,
      Map<String, String> extra)
      throws IOException {
    Map<String, String> env = new HashMap<>(common);
    env.put("GROUNDUP_HZ_PORT", Integer.toString(hazelcastPort));
    env.putAll(extra);
    NodeProcess node = NodeProcess.start(launcher, name, role, env, dir);
    nodes.add(node);
    return node;
  }
}
