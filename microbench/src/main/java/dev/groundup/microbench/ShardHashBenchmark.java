package dev.groundup.microbench;

import dev.groundup.common.shard.Rendezvous;
import dev.groundup.common.shard.RoutingMode;
import dev.groundup.common.shard.ShardIds;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The two steps of routing, done for every request a gateway or a shard sends: {@link ShardIds}
 * (a player's or room's name to its virtual shard, 64 shards) and {@link Rendezvous#owner} (a
 * virtual shard to the node that runs it) over 3 and 10 shard nodes with UUID node ids. Each call
 * takes the next of 1024 names or the next of the 64 shards.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class ShardHashBenchmark {

  private final ShardIds shardIds = new ShardIds(64, RoutingMode.SHARDED);
  private final String[] names = new String[1024];
  private int next;

  /** The live shard nodes. */
  @State(Scope.Thread)
  public static class Nodes {
    @Param({"3", "10"})
    public int nodes;

    List<String> ids;

    @Setup
    public void setup() {
      ids = List.copyOf(Fixtures.nodeIds(nodes));
    }
  }

  @Setup
  public void setup() {
    for (int i = 0; i < names.length; i++) {
      names[i] = Fixtures.playerName(i);
    }
  }

  @Benchmark
  public int shardOfName() {
    return shardIds.player(names[next++ & 1023]);
  }

  @Benchmark
  public String ownerOfShard(Nodes nodes) {
    return Rendezvous.owner(next++ & 63, nodes.ids);
  }
}
