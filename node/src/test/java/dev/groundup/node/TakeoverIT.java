package dev.groundup.node;

import static org.assertj.core.api.Assertions.assertThat;

import dev.groundup.common.shard.Rendezvous;
import dev.groundup.common.shard.RoutingMode;
import dev.groundup.common.shard.ShardIds;
import dev.groundup.common.testing.Await;
import dev.groundup.common.testing.Ports;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * Nothing acknowledged is lost when a shard node is killed mid-play. Bots in five rooms that run on
 * the shard node to be killed send numbered moves without pause; the node gets SIGKILL; the other
 * shard node takes its shards over from the store. Every bot keeps its connection, gets acks again,
 * never sees a tick or its steps go back, never sees fewer steps than moves acknowledged before the
 * kill or more than it sent, and sees no error but {@code unavailable}. The negative control runs the
 * same with storage switched off and shows the checker catching the loss.
 */
class TakeoverIT {

  private static final int ROOMS = 5;
  private static final int BOTS_PER_ROOM = 2;
  private static final Duration WAIT = Duration.ofSeconds(60);

  @TempDir(cleanup = CleanupMode.NEVER)
  Path dir;

  @Test
  void killingAShardNodeMidPlayLosesNoAcknowledgedMove() throws Exception {
    Run run = play(Map.of());
    try (run) {
      Await.until("every bot acked again after the kill", WAIT,
          () -> run.bots.stream().allMatch(b -> b.acksAfter(run.killNanos) >= 10));
      for (Bot bot : run.bots) {
        bot.stop(Duration.ofSeconds(15));
      }
      for (int i = 0; i < run.bots.size(); i++) {
        Bot bot = run.bots.get(i);
        assertThat(bot.check(run.killNanos, run.ackedAtKill.get(i))).as(bot.name).isEmpty();
      }
      long slowest = run.bots.stream().mapToLong(b -> b.firstAckAfter(run.killNanos) - run.killNanos).max().orElse(-1);
      System.out.printf("takeover: first new ack after kill -9 within %.2f s (slowest of %d bots)%n",
          slowest / 1e9, run.bots.size());
    }
  }

  @Test
  void negativeControlWithoutStorageTheCheckerCatchesTheLoss() throws Exception {
    Run run = play(Map.of("GROUNDUP_UNSAFE_NO_STORE", "true"));
    try (run) {
      Await.until("every bot to hear back after the kill", WAIT,
          () -> run.bots.stream().allMatch(b -> b.acksAfter(run.killNanos) > 0 || !b.errors().isEmpty()));
      Await.until("the rooms' loss to show", WAIT, () -> run.problems() > 0);
      List<String> all = new ArrayList<>();
      for (int i = 0; i < run.bots.size(); i++) {
        all.addAll(run.bots.get(i).check(run.killNanos, run.ackedAtKill.get(i)));
      }
      assertThat(all).as("the checker must see that acknowledged moves were lost").isNotEmpty();
    }
  }

  /** A running cluster with bots in rooms on shard-1, after shard-1 was killed. */
  private final class Run implements AutoCloseable {
    final ProcessCluster cluster;
    final List<Bot> bots = new ArrayList<>();
    final List<Integer> ackedAtKill = new ArrayList<>();
    long killNanos;

    Run(ProcessCluster cluster) {
      this.cluster = cluster;
    }

    int problems() {
      int n = 0;
      for (int i = 0; i < bots.size(); i++) {
        n += bots.get(i).check(killNanos, ackedAtKill.get(i)).size();
      }
      return n;
    }

    @Override
    public void close() {
      bots.forEach(Bot::close);
      cluster.close();
    }
  }

  private Run play(Map<String, String> extra) throws Exception {
    Run run = new Run(new ProcessCluster(dir, 2, extra));
    try {
      run.cluster.startRegistries();
      NodeProcess shard1 = run.cluster.startShard("shard-1");
      NodeProcess shard2 = run.cluster.startShard("shard-2");
      int port = Ports.free();
      NodeProcess gateway = run.cluster.startGateway("gateway-1", port);
      for (NodeProcess n : List.of(shard1, shard2, gateway)) {
        n.awaitReady(ProcessCluster.READY);
      }
      String doomed = shard1.ready().path("nodeId").asText();
      List<String> nodes = List.of(doomed, shard2.ready().path("nodeId").asText());
      for (String room : roomsOn(doomed, nodes)) {
        for (int b = 0; b < BOTS_PER_ROOM; b++) {
          run.bots.add(new Bot(port, room + "-bot" + b, room, 4));
        }
      }
      Await.until("every bot acked a few moves", WAIT, () -> run.bots.stream().allMatch(b -> b.acked() >= 10));
      run.bots.forEach(b -> run.ackedAtKill.add(b.acked()));
      run.killNanos = System.nanoTime();
      shard1.kill();
      return run;
    } catch (Exception | AssertionError e) {
      run.close();
      throw e;
    }
  }

  /** Room names whose shards the rendezvous hash puts on {@code node}. */
  private static List<String> roomsOn(String node, List<String> shardNodes) {
    ShardIds ids = new ShardIds(64, RoutingMode.SHARDED);
    List<String> rooms = new ArrayList<>();
    Map<Integer, Boolean> used = new HashMap<>();
    for (int i = 0; rooms.size() < ROOMS; i++) {
      String room = "takeover-" + i;
      int shard = ids.room(room);
      if (node.equals(Rendezvous.owner(shard, shardNodes)) && used.putIfAbsent(shard, true) == null) {
        rooms.add(room);
      }
    }
    return rooms;
  }
}
