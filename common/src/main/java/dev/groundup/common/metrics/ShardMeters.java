package dev.groundup.common.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The meters of one virtual shard on this node, tagged {@code shard=<id>}, registered once: a tick
 * costs a {@code System.nanoTime()} and a timer record, a move an increment.
 */
public final class ShardMeters {

  public static final String TICK_DURATION = "groundup.tick.duration";
  public static final String TICK_OVERRUNS = "groundup.tick.overruns";
  public static final String MOVES_APPLIED = "groundup.moves.applied";
  public static final String ACKS_SENT = "groundup.acks.sent";

  private final Timer tick;
  private final Counter overruns;
  private final Counter moves;
  private final Counter acks;
  private final AtomicInteger roomsRunning;

  ShardMeters(MeterRegistry registry, int shard, AtomicInteger roomsRunning) {
    String id = Integer.toString(shard);
    this.tick =
        Timer.builder(TICK_DURATION)
            .tag("shard", id)
            .description(
                "How long one room's tick took on this shard (the game step and starting its write)")
            .register(registry);
    this.overruns =
        Counter.builder(TICK_OVERRUNS)
            .tag("shard", id)
            .description(
                "Ticks that ran a whole tick period or more behind their fixed-rate schedule")
            .register(registry);
    this.moves =
        Counter.builder(MOVES_APPLIED)
            .tag("shard", id)
            .description("Moves applied by the rooms of this shard")
            .register(registry);
    this.acks =
        Counter.builder(ACKS_SENT)
            .tag("shard", id)
            .description("Moves acknowledged once their tick was stored")
            .register(registry);
    this.roomsRunning = roomsRunning;
  }

  /**
   * Meters that count into a registry of their own, for a room host that no node exports
   * (benchmarks).
   */
  public static ShardMeters detached(int shard) {
    return new ShardMeters(new SimpleMeterRegistry(), shard, new AtomicInteger());
  }

  /** A room tick took {@code nanos}; {@code overran} if it ran a whole period late. */
  public void ticked(long nanos, boolean overran) {
    tick.record(nanos, TimeUnit.NANOSECONDS);
    if (overran) {
      overruns.increment();
    }
  }

  public void movesApplied(int n) {
    moves.increment(n);
  }

  public void acksSent(int n) {
    acks.increment(n);
  }

  public void roomStarted() {
    roomsRunning.incrementAndGet();
  }

  public void roomStopped() {
    roomsRunning.decrementAndGet();
  }
}
