package dev.groundup.common.shard;

import java.nio.charset.StandardCharsets;
import org.apache.commons.codec.digest.MurmurHash3;

/**
 * Step one of routing: the virtual shard of a player or a room.
 *
 * <p>The hash is MurmurHash3 x86 32-bit (seed 0) of the name's UTF-8 bytes, taken modulo the shard
 * count with {@link Math#floorMod}. It is the same on every JVM and in every language that has
 * MurmurHash3, unlike {@link String#hashCode}, and it spreads short similar names well. In routing
 * mode {@code single} everything is on shard 0.
 */
public record ShardIds(int shardCount, RoutingMode mode) {

  public ShardIds {
    if (shardCount < 1) {
      throw new IllegalArgumentException("shardCount must be at least 1");
    }
  }

  /** The virtual shard that owns the player {@code name}. */
  public int player(String name) {
    return of(name);
  }

  /** The virtual shard that runs the room {@code name}. */
  public int room(String name) {
    return of(name);
  }

  /** How many virtual shards may hold anything: one in mode {@code single}. */
  public int usedShards() {
    return mode == RoutingMode.SINGLE ? 1 : shardCount;
  }

  private int of(String name) {
    if (mode == RoutingMode.SINGLE) {
      return 0;
    }
    return Math.floorMod(hash(name), shardCount);
  }

  /** The documented hash: MurmurHash3 x86 32-bit of the UTF-8 bytes, seed 0. */
  public static int hash(String name) {
    byte[] bytes = name.getBytes(StandardCharsets.UTF_8);
    return MurmurHash3.hash32x86(bytes, 0, bytes.length, 0);
  }
}
