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
 * The two steps of routing, done for every request a gateway or a shard sends: {@link ShardIds} (a
 * player's or room's name to its virtual shard, 64 shards) and the owner of a virtual shard (the
 * node that runs it) over 3 and 10 shard nodes with UUID node ids, both computed by {@link
 * Rendezvous#owner} and looked up in the {@link Rendezvous.Table} that {@code ShardNodes} routes
 * by. Each call takes the next of 1024 names or the next of the 64 shards.
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
    Rendezvous.Table table;

    @Setup
    public void setup() {
      ids = List.copyOf(Fixtures.nodeIds(nodes));
      table = new Rendezvous.Table(ids);
      for (int s = 0; s < 64; s++) {
        if (!table.owner(s).equals(Rendezvous.owner(s, ids))) {
          throw new IllegalStateException("the table disagrees on shard " + s);
        }
      }
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

  /** What a membership change costs per shard, and what every request cost before the table. */
  @Benchmark
  public String ownerOfShard(Nodes nodes) {
    return Rendezvous.owner(next++ & 63, nodes.ids);
  }

  /** What every request costs: {@code ShardNodes.ownerOf}. */
  @Benchmark
  public String ownerOfShardFromTable(Nodes nodes) {
    return nodes.table.owner(next++ & 63);
  }
}
