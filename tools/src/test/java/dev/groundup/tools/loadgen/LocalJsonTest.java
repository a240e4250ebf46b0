package dev.groundup.tools.loadgen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalJsonTest {

  /** What groundup local writes (LocalCluster.writeState). */
  private static final String LOCAL_JSON =
      """
      {
        "cluster" : "groundup-local",
        "routing" : "sharded",
        "seeds" : "127.0.0.1:5701,127.0.0.1:5702",
        "launcherPid" : 100,
        "nodes" : [ {
          "role" : "registry", "name" : "registry-1", "nodeId" : "a1", "pid" : 101, "host" : "127.0.0.1",
          "ports" : { "hazelcast" : 5701, "eventbus" : 40001 }, "log" : ".groundup/logs/registry-1.log"
        }, {
          "role" : "shard", "name" : "shard-1", "nodeId" : "b1", "pid" : 103, "host" : "127.0.0.1",
          "ports" : { "hazelcast" : 5703, "eventbus" : 40003 }, "log" : ".groundup/logs/shard-1.log"
        }, {
          "role" : "gateway", "name" : "gateway-1", "nodeId" : "c1", "pid" : 105, "host" : "127.0.0.1",
          "ports" : { "players" : 7000, "hazelcast" : 5705, "eventbus" : 40005 }, "log" : ".groundup/logs/gateway-1.log"
        } ]
      }
      """;

  @TempDir Path dir;

  @Test
  void readsEveryNode() throws Exception {
    Path file = Files.writeString(dir.resolve("local.json"), LOCAL_JSON);
    List<LocalJson.Node> nodes = LocalJson.read(file);
    assertThat(nodes)
        .containsExactly(
            new LocalJson.Node("registry", "registry-1", 101),
            new LocalJson.Node("shard", "shard-1", 103),
            new LocalJson.Node("gateway", "gateway-1", 105));
    assertThat(LocalJson.select(nodes, List.of("gateway"), file))
        .extracting(LocalJson.Node::pid)
        .containsExactly(105L);
    assertThat(LocalJson.select(nodes, List.of("all"), file)).hasSize(3);
    assertThat(LocalJson.select(nodes, List.of("shard", "registry"), file))
        .extracting(LocalJson.Node::pid)
        .containsExactly(101L, 103L);
  }

  @Test
  void explainsWhatIsWrong() throws Exception {
    assertThatThrownBy(() -> LocalJson.read(dir.resolve("missing.json")))
        .hasMessageContaining("groundup local");
    Path broken = Files.writeString(dir.resolve("broken.json"), "{");
    assertThatThrownBy(() -> LocalJson.read(broken)).hasMessageContaining("cannot read");
    Path empty = Files.writeString(dir.resolve("empty.json"), "{\"nodes\":[]}");
    assertThatThrownBy(() -> LocalJson.read(empty)).hasMessageContaining("no nodes");
    Path noPid =
        Files.writeString(dir.resolve("nopid.json"), "{\"nodes\":[{\"role\":\"gateway\"}]}");
    assertThatThrownBy(() -> LocalJson.read(noPid)).hasMessageContaining("without role or pid");
    Path file = Files.writeString(dir.resolve("local.json"), LOCAL_JSON);
    List<LocalJson.Node> nodes = LocalJson.read(file);
    assertThatThrownBy(() -> LocalJson.select(nodes.subList(0, 2), List.of("gateway"), file))
        .hasMessageContaining("no node with role gateway");
  }
}
