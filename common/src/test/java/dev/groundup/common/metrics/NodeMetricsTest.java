package dev.groundup.common.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class NodeMetricsTest {

  @Test
  void shardMetersAreTaggedByShardAndRegisteredOnce() {
    NodeMetrics metrics = new NodeMetrics();
    ShardMeters three = metrics.shard(3);
    assertThat(metrics.shard(3)).isSameAs(three);
    three.movesApplied(2);
    three.acksSent(1);
    three.ticked(TimeUnit.MILLISECONDS.toNanos(4), false);
    three.ticked(TimeUnit.MILLISECONDS.toNanos(2), true);
    three.roomStarted();
    metrics.shard(5).roomStarted();
    metrics.shard(5).roomStopped();
    String scrape = metrics.registry().scrape();
    assertThat(scrape)
        .contains("groundup_moves_applied_total{shard=\"3\"} 2.0")
        .contains("groundup_acks_sent_total{shard=\"3\"} 1.0")
        .contains("groundup_tick_duration_seconds_count{shard=\"3\"} 2")
        .contains("groundup_tick_overruns_total{shard=\"3\"} 1.0")
        .contains("groundup_tick_overruns_total{shard=\"5\"} 0.0")
        .contains("groundup_rooms_running 1.0");
  }

  @Test
  void handoffsAndTakeoversAreCountedByDirection() {
    NodeMetrics metrics = new NodeMetrics();
    metrics.handedOff();
    metrics.handedIn();
    metrics.handedIn();
    metrics.tookOver();
    String scrape = metrics.registry().scrape();
    assertThat(scrape)
        .contains("groundup_shard_handoffs_total{direction=\"out\"} 1.0")
        .contains("groundup_shard_handoffs_total{direction=\"in\"} 2.0")
        .contains("groundup_shard_takeovers_total 1.0");
    assertThat(NodeMetrics.value(metrics.registry(), NodeMetrics.HANDOFFS, "direction", "in"))
        .isEqualTo(2.0);
  }
}
