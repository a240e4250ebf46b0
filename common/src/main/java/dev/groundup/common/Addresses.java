package dev.groundup.common;

/**
 * Every event-bus address of the system. No other class spells an address.
 *
 * <p>Names are lowercase and dotted: {@code groundup.<service>.<noun>[.<id>]}. The addresses under
 * {@code groundup.shard.}, {@code groundup.player.} and {@code groundup.gateway.} are internal: only
 * nodes of the cluster send to them.
 */
public final class Addresses {

  private Addresses() {
  }

  /** The {@code ShardVerticle} that runs virtual shard {@code id}: player records, sessions and rooms. */
  public static String shard(int id) {
    return "groundup.shard." + id;
  }

  /** A player session of its own (routing mode {@code per-connection}); {@code id} is unique in the cluster. */
  public static String player(String id) {
    return "groundup.player." + id;
  }

  /** The inbox of one gateway verticle instance: pushes and kicks for the connections it holds. */
  public static String gatewayInbox(String nodeId, int instance) {
    return "groundup.gateway." + nodeId + "." + instance;
  }
}
