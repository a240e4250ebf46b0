package dev.groundup.testkit;

import dev.groundup.common.shard.Rendezvous;
import dev.groundup.common.shard.RoutingMode;
import dev.groundup.common.shard.ShardIds;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Where rooms run, computed the way the cluster computes it: a room's virtual shard is the hash of
 * its name ({@link ShardIds}, routing {@code sharded} with the default 64 shards), and the shard's
 * owner is the rendezvous hash of the shard over the live shard nodes. Fault tests and the takeover
 * benchmark use it to put players into rooms that run on the node they are about to fail.
 */
public final class RoomPlacement {

  private static final ShardIds IDS = new ShardIds(64, RoutingMode.SHARDED);

  private RoomPlacement() {}

  /**
   * {@code count} room names starting with {@code prefix}, each on a different virtual shard, that
   * run on {@code node} while {@code shardNodes} are the shard nodes.
   */
  public static List<String> roomsOn(
      String node, List<String> shardNodes, int count, String prefix) {
    if (!shardNodes.contains(node)) {
      throw new IllegalArgumentException(node + " is not one of the shard nodes " + shardNodes);
    }
    List<String> rooms = new ArrayList<>();
    Set<Integer> used = new HashSet<>();
    for (int i = 0; rooms.size() < count; i++) {
      String room = prefix + i;
      int shard = IDS.room(room);
      if (node.equals(Rendezvous.owner(shard, shardNodes)) && used.add(shard)) {
        rooms.add(room);
      }
      if (i > 100_000) {
        throw new IllegalArgumentException(node + " owns fewer than " + count + " shards");
      }
    }
    return rooms;
  }
}
