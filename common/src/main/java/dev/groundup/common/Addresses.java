package dev.groundup.common;

/**
 * Every event-bus address of the system. No other class spells an address.
 *
 * <p>Names are lowercase and dotted: {@code groundup.<service>.<noun>[.<id>]}. The addresses under
 * {@code groundup.shard.}, {@code groundup.player.} and {@code groundup.gateway.} are internal:
 * only nodes of the cluster send to them.
 */
public final class Addresses {

  private Addresses() {}

  /**
   * The {@code ShardVerticle} that runs virtual shard {@code id} on node {@code node}: its players
   * and rooms. Senders address the owner the directory ({@code ShardNodes}) names, so a stale owner
   * is never reached by accident.
   */
  public static String shard(int id, String node) {
    return "groundup.shard." + id + "@" + node;
  }

  /**
   * Where is a global name? JSON {@code {"name":N}}, for any client on the bus (the debugging
   * bridge too).
   */
  public static final String REGISTRY_WHEREIS = "groundup.registry.whereis";

  /** Every global name. JSON {@code {}}. */
  public static final String REGISTRY_NAMES = "groundup.registry.names";

  /** The members of a process group. JSON {@code {"group":G}}. */
  public static final String REGISTRY_MEMBERS = "groundup.registry.members";

  /**
   * The cluster's live topology: every node, each virtual shard's owner and epoch, rooms with their
   * players and tick lag, handoffs in progress. JSON {@code {}} in, JSON out (docs/protocol.md);
   * served by every registry node. For any client on the bus, the debugging bridge too.
   */
  public static final String CLUSTER_STATUS = "groundup.cluster.status";

  /**
   * A copy of every event the members of {@code room} are sent ({@code enter}, {@code exit}, {@code
   * state}, {@code said}), published as a JSON object while someone watches the room.
   */
  public static String roomWatch(String room) {
    return "groundup.room." + room;
  }

  /**
   * Node-local: the status of shard {@code id}'s verticle on this node (its phase, rooms, players),
   * asked by this node's {@code ShardHost}. Never on the bridge.
   */
  public static String shardStatus(int id) {
    return "groundup.shardstatus." + id;
  }

  /** The process group of every shard node. */
  public static final String SHARDS_GROUP = "shards";

  /**
   * A shard node's own address (its {@code ShardHost}), the one it joins the group {@code shards}
   * with.
   */
  public static String shardNode(String nodeId) {
    return "groundup.shardnode." + nodeId;
  }

  /**
   * Test-only (GROUNDUP_FAULT_INJECTION): a message here makes shard {@code id}'s verticle on the
   * receiving node throw from its handler, to exercise supervision. Node-local, never on the
   * bridge.
   */
  public static String crashHook(int id) {
    return "groundup.test.crash." + id;
  }

  /** The registered name of a logged-in player. */
  public static String playerName(String player) {
    return "player:" + player;
  }

  /** The registered name of a running room. */
  public static String roomName(String room) {
    return "room:" + room;
  }

  /**
   * A player session of its own (routing mode {@code per-connection}); {@code id} is unique in the
   * cluster.
   */
  public static String player(String id) {
    return "groundup.player." + id;
  }

  /** The inbox of one gateway verticle instance: pushes and kicks for the connections it holds. */
  public static String gatewayInbox(String nodeId, int instance) {
    return "groundup.gateway." + nodeId + "." + instance;
  }
}
