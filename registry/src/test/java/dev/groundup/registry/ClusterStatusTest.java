package dev.groundup.registry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.groundup.common.cluster.Member;
import dev.groundup.common.cluster.Role;
import dev.groundup.common.protocol.ShardProtocol.NodeStatus;
import dev.groundup.common.protocol.ShardProtocol.RoomStatus;
import dev.groundup.common.protocol.ShardProtocol.ShardPhase;
import dev.groundup.registry.ClusterStatus.Answer;
import dev.groundup.registry.ClusterStatus.Lease;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ClusterStatusTest {

  private static Member member(String id, Role role, boolean lite) {
    return new Member(id, role, role.wire() + "-1", "127.0.0.1", lite, 1_000, 4, "sharded");
  }

  @Test
  void assemblesNodesShardsRoomsAndHandoffsIntoTheWireShape() {
    List<Member> members =
        List.of(
            member("r", Role.REGISTRY, false),
            member("s", Role.SHARD, true),
            member("g", Role.GATEWAY, true),
            member("x", Role.SHARD, true));
    Map<String, List<Answer>> answers =
        Map.of(
            "s",
                List.of(
                    Answer.of(
                        new NodeStatus(
                            "s",
                            2,
                            List.of(new RoomStatus("lobby", 1, List.of("ada", "bob"), 3, "arena")),
                            List.of(new ShardPhase(2, "handing-off"))))),
            "g", List.of(Answer.of(new NodeStatus("g", 2, List.of(), List.of()))),
            "x", List.of(Answer.failed("no answer within 2000 ms")));
    ClusterStatus status =
        ClusterStatus.assemble(
            members, 4, Map.of(0, new Lease("s", 3), 2, new Lease(null, 5)), answers, 6_000);

    JsonObject json = status.toJson();
    assertThat(json.fieldNames()).containsExactlyInAnyOrder("nodes", "shards", "rooms", "handoffs");
    assertThat(json.getJsonArray("nodes").getJsonObject(0))
        .isEqualTo(
            new JsonObject()
                .put("id", "r")
                .put("name", "registry-1")
                .put("role", "registry")
                .put("host", "127.0.0.1")
                .put("uptimeMs", 5_000L)
                .put("lite", false)
                .put("players", 0)
                .put("rooms", 0));
    assertThat(json.getJsonArray("nodes").getJsonObject(1).getInteger("players")).isEqualTo(2);
    assertThat(json.getJsonArray("nodes").getJsonObject(1).getInteger("rooms")).isEqualTo(1);
    assertThat(json.getJsonArray("nodes").getJsonObject(2).getInteger("players")).isEqualTo(2);
    assertThat(json.getJsonArray("nodes").getJsonObject(3).getString("error"))
        .isEqualTo("no answer within 2000 ms");
    assertThat(json.getJsonArray("nodes").getJsonObject(3).getInteger("players")).isZero();

    assertThat(json.getJsonArray("shards").size()).isEqualTo(4);
    assertThat(json.getJsonArray("shards").getJsonObject(0))
        .isEqualTo(new JsonObject().put("shard", 0).put("owner", "s").put("epoch", 3L));
    assertThat(json.getJsonArray("shards").getJsonObject(1))
        .isEqualTo(new JsonObject().put("shard", 1).putNull("owner").put("epoch", 0L));
    assertThat(json.getJsonArray("shards").getJsonObject(2).containsKey("owner")).isTrue();
    assertThat(json.getJsonArray("shards").getJsonObject(2).getValue("owner")).isNull();
    assertThat(json.getJsonArray("shards").getJsonObject(2).getLong("epoch")).isEqualTo(5L);

    assertThat(json.getJsonArray("rooms").getJsonObject(0))
        .isEqualTo(
            new JsonObject()
                .put("room", "lobby")
                .put("shard", 1)
                .put("node", "s")
                .put("players", new io.vertx.core.json.JsonArray().add("ada").add("bob"))
                .put("tickLagMs", 3L)
                .put("game", "arena"));
    assertThat(json.getJsonArray("handoffs").getJsonObject(0))
        .isEqualTo(new JsonObject().put("shard", 2).put("node", "s").put("phase", "handing-off"));
  }

  @Test
  void aNodeOfRoleAllIsAskedAsAShardNodeAndAsAGatewayAndSumsBoth() {
    assertThat(ClusterStatus.askShardNode(Role.ALL)).isTrue();
    assertThat(ClusterStatus.askGateway(Role.ALL)).isTrue();
    assertThat(ClusterStatus.askShardNode(Role.REGISTRY)).isFalse();
    assertThat(ClusterStatus.askGateway(Role.REGISTRY)).isFalse();
    ClusterStatus status =
        ClusterStatus.assemble(
            List.of(member("a", Role.ALL, false)),
            1,
            Map.of(),
            Map.of(
                "a",
                List.of(
                    Answer.of(new NodeStatus("a", 1, List.of(), List.of())),
                    Answer.of(new NodeStatus("a", 1, List.of(), List.of())))),
            1_000);
    assertThat(status.nodes().getFirst().players()).isEqualTo(2);
    assertThat(status.nodes().getFirst().error()).isNull();
  }
}
