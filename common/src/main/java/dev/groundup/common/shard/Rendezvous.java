package dev.groundup.common.shard;

import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.commons.codec.digest.MurmurHash3;

/**
 * Step two of routing: which shard node runs a virtual shard, by rendezvous (highest random weight)
 * hashing over the live shard nodes.
 *
 * <p>Each (node, shard) pair gets a weight, the first 64 bits of MurmurHash3 x64 128 of {@code
 * "<nodeId>/<shard>"}; the node with the highest weight owns the shard, ties broken by node id.
 * Every node computes the same owners from the same membership. When a node joins, exactly the
 * shards for which it has the highest weight move to it (about 1/(n+1) of them) and nothing else
 * moves; when a node leaves, only its own shards move.
 */
public final class Rendezvous {

  private Rendezvous() {}

  /** The owner of {@code shard} among {@code nodes}, or {@code null} when there are none. */
  public static String owner(int shard, Collection<String> nodes) {
    String best = null;
    long bestWeight = 0;
    for (String node : nodes) {
      long w = weight(node, shard);
      if (best == null || w > bestWeight || (w == bestWeight && node.compareTo(best) > 0)) {
        best = node;
        bestWeight = w;
      }
    }
    return best;
  }

  /** The owner of every shard {@code 0..shardCount-1}. */
  public static Map<Integer, String> assign(int shardCount, Collection<String> nodes) {
    Map<Integer, String> owners = new HashMap<>();
    for (int s = 0; s < shardCount; s++) {
      String owner = owner(s, nodes);
      if (owner != null) {
        owners.put(s, owner);
      }
    }
    return owners;
  }

  /**
   * The owners under one list of nodes, each worked out by {@link Rendezvous#owner} the first time
   * it is asked for and remembered after that: a node's directory routes every request by it, and
   * the nodes only change with membership. Any thread may use it.
   */
  public static final class Table {
    private final List<String> nodes;
    private final Map<Integer, String> owners = new ConcurrentHashMap<>();

    /** A table over {@code nodes}, which must not change afterwards. */
    public Table(List<String> nodes) {
      this.nodes = nodes;
    }

    public List<String> nodes() {
      return nodes;
    }

    /** The same as {@link Rendezvous#owner(int, Collection) owner(shard, nodes())}. */
    public String owner(int shard) {
      if (nodes.isEmpty()) {
        return null;
      }
      String owner = owners.get(shard);
      if (owner == null) {
        owner = Rendezvous.owner(shard, nodes);
        owners.put(shard, owner);
      }
      return owner;
    }
  }

  static long weight(String node, int shard) {
    byte[] key = (node + "/" + shard).getBytes(StandardCharsets.UTF_8);
    return MurmurHash3.hash128x64(key, 0, key.length, 0)[0];
  }
}
