package dev.groundup.registry;

import dev.groundup.common.cluster.Member;
import dev.groundup.common.cluster.Role;
import dev.groundup.common.protocol.ShardProtocol.NodeStatus;
import dev.groundup.common.protocol.ShardProtocol.RoomStatus;
import dev.groundup.common.protocol.ShardProtocol.ShardPhase;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * The reply of {@code groundup.cluster.status}, as typed records; {@link #toJson} is the wire shape
 * (docs/protocol.md). {@link #assemble} is pure: the membership, the leases and each node's answer
 * in, the status out.
 */
public record ClusterStatus(
    List<Node> nodes, List<Shard> shards, List<Room> rooms, List<Handoff> handoffs) {

  /**
   * A node of the cluster. {@code players}: at a gateway, its logged-in connections; at a shard
   * node, the players whose sessions its shards hold; both summed for a node of role {@code all}.
   * {@code rooms}: the rooms its shards run. {@code error}: why the node's counts are missing (it
   * did not answer in time), else null.
   */
  public record Node(
      String id,
      String name,
      String role,
      String host,
      long uptimeMs,
      boolean lite,
      int players,
      int rooms,
      String error) {}

  /**
   * A virtual shard's lease: its owner (null when released or never owned) and epoch (0 if never
   * owned).
   */
  public record Shard(int shard, String owner, long epoch) {}

  /** A running room: its shard, the node that runs it, its players, and its last tick's lag. */
  public record Room(
      String room, int shard, String node, List<String> players, long tickLagMs, String game) {}

  /** A shard verticle of {@code node} in phase {@code loading} or {@code handing-off}. */
  public record Handoff(int shard, String node, String phase) {}

  /** What one node answered: its status, or why there is none. */
  public record Answer(NodeStatus status, String error) {
    public static Answer of(NodeStatus status) {
      return new Answer(status, null);
    }

    public static Answer failed(String error) {
      return new Answer(null, error);
    }
  }

  /** A lease as read from the store. */
  public record Lease(String owner, long epoch) {}

  public ClusterStatus {
    nodes = List.copyOf(nodes);
    shards = List.copyOf(shards);
    rooms = List.copyOf(rooms);
    handoffs = List.copyOf(handoffs);
  }

  /**
   * The status from the members (in membership order), the leases of shards {@code 0 ..
   * shardCount-1}, and each asked node's answers by node id (a node of role {@code all} answers
   * twice: as a shard node and as a gateway). Nodes that were not asked (registry nodes) count no
   * players and rooms.
   */
  public static ClusterStatus assemble(
      List<Member> members,
      int shardCount,
      Map<Integer, Lease> leases,
      Map<String, List<Answer>> answers,
      long nowMillis) {
    List<Node> nodes = new ArrayList<>();
    List<Room> rooms = new ArrayList<>();
    List<Handoff> handoffs = new ArrayList<>();
    for (Member m : members) {
      int players = 0;
      int roomCount = 0;
      List<String> errors = new ArrayList<>();
      for (Answer a : answers.getOrDefault(m.nodeId(), List.of())) {
        if (a.status() == null) {
          errors.add(a.error());
          continue;
        }
        players += a.status().players();
        roomCount += a.status().rooms().size();
        for (RoomStatus r : a.status().rooms()) {
          rooms.add(
              new Room(r.room(), r.shard(), m.nodeId(), r.players(), r.tickLagMs(), r.game()));
        }
        for (ShardPhase p : a.status().handoffs()) {
          handoffs.add(new Handoff(p.shard(), m.nodeId(), p.phase()));
        }
      }
      nodes.add(
          new Node(
              m.nodeId(),
              m.name(),
              m.role().wire(),
              m.host(),
              Math.max(0, nowMillis - m.startedAt()),
              m.lite(),
              players,
              roomCount,
              errors.isEmpty() ? null : String.join("; ", errors)));
    }
    List<Shard> shards = new ArrayList<>(shardCount);
    for (int s = 0; s < shardCount; s++) {
      Lease lease = leases.get(s);
      shards.add(
          lease == null ? new Shard(s, null, 0) : new Shard(s, lease.owner(), lease.epoch()));
    }
    rooms.sort(Comparator.comparing(Room::room).thenComparing(Room::node));
    handoffs.sort(Comparator.comparingInt(Handoff::shard).thenComparing(Handoff::node));
    return new ClusterStatus(nodes, shards, rooms, handoffs);
  }

  /** Whether a node of {@code role} is asked for its status as a shard node. */
  static boolean askShardNode(Role role) {
    return role.serves(Role.SHARD);
  }

  /** Whether a node of {@code role} is asked for its status as a gateway. */
  static boolean askGateway(Role role) {
    return role.serves(Role.GATEWAY);
  }

  /** The wire shape: {@code {"nodes":[...],"shards":[...],"rooms":[...],"handoffs":[...]}}. */
  public JsonObject toJson() {
    JsonArray n = new JsonArray();
    for (Node node : nodes) {
      JsonObject o =
          new JsonObject()
              .put("id", node.id())
              .put("name", node.name())
              .put("role", node.role())
              .put("host", node.host())
              .put("uptimeMs", node.uptimeMs())
              .put("lite", node.lite())
              .put("players", node.players())
              .put("rooms", node.rooms());
      if (node.error() != null) {
        o.put("error", node.error());
      }
      n.add(o);
    }
    JsonArray s = new JsonArray();
    for (Shard shard : shards) {
      s.add(
          new JsonObject()
              .put("shard", shard.shard())
              .putNull("owner")
              .put("epoch", shard.epoch()));
      if (shard.owner() != null) {
        s.getJsonObject(s.size() - 1).put("owner", shard.owner());
      }
    }
    JsonArray r = new JsonArray();
    for (Room room : rooms) {
      r.add(
          new JsonObject()
              .put("room", room.room())
              .put("shard", room.shard())
              .put("node", room.node())
              .put("players", new JsonArray(new ArrayList<>(room.players())))
              .put("tickLagMs", room.tickLagMs())
              .put("game", room.game()));
    }
    JsonArray h = new JsonArray();
    for (Handoff handoff : handoffs) {
      h.add(
          new JsonObject()
              .put("shard", handoff.shard())
              .put("node", handoff.node())
              .put("phase", handoff.phase()));
    }
    return new JsonObject().put("nodes", n).put("shards", s).put("rooms", r).put("handoffs", h);
  }
}
