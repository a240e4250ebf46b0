package dev.groundup.microbench;

import dev.groundup.common.metrics.NodeMetrics;
import dev.groundup.common.metrics.ShardMeters;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * What the metrics add to one room's tick on a shard ({@code RoomHost.tick}): a second {@code
 * System.nanoTime()}, a record into the shard's tick timer (Prometheus registry) and, in a tick
 * that applied moves, the moves counter; {@code baseline} is the {@code nanoTime()} alone.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class ShardMetersBenchmark {

  private final ShardMeters meters = new NodeMetrics().shard(7);
  private final long began = System.nanoTime();

  @Benchmark
  public long baseline() {
    return System.nanoTime() - began;
  }

  @Benchmark
  public long tickRecorded() {
    long took = System.nanoTime() - began;
    meters.ticked(took & 0xFFFFF, false);
    return took;
  }

  @Benchmark
  public long tickWithMovesRecorded() {
    long took = System.nanoTime() - began;
    meters.movesApplied(3);
    meters.ticked(took & 0xFFFFF, false);
    return took;
  }
}
