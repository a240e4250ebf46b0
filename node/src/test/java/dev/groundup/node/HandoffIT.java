package dev.groundup.node;

import static org.assertj.core.api.Assertions.assertThat;

import dev.groundup.common.cluster.ClusterNode;
import dev.groundup.common.shard.Rendezvous;
import dev.groundup.common.store.GameStore;
import dev.groundup.common.store.ShardLease;
import dev.groundup.common.testing.Ports;
import dev.groundup.testkit.Await;
import dev.groundup.testkit.Bot;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * Elastic shards, with every node a separate JVM and bots playing without pause: a shard node that
 * joins takes exactly the virtual shards the rendezvous hash now gives it — each with the next
 * epoch — and nothing else moves; a shard node that gets SIGTERM hands all its shards to the others
 * and exits by itself. Through both, every bot keeps its connection, gets every move acknowledged,
 * sees no error at all (not even {@code unavailable}), and nothing acknowledged is lost.
 */
class HandoffIT {

  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final int SHARDS = 64;

  @TempDir(cleanup = CleanupMode.ON_SUCCESS)
  Path dir;

  @Test
  void aJoiningNodeTakesOnlyItsShareAndADrainingNodeHandsOverEverythingWithoutAnError()
      throws Exception {
    try (ProcessCluster cluster = new ProcessCluster(dir, 2, Map.of())) {
      cluster.startRegistries();
      NodeProcess shard1 = cluster.startShard("shard-1");
      int port = Ports.free();
      NodeProcess gateway = cluster.startGateway("gateway-1", port);
      shard1.awaitReady(ProcessCluster.READY);
      gateway.awaitReady(ProcessCluster.READY);
      String node1 = shard1.ready().path("nodeId").asText();
      ClusterNode observer = cluster.observer();
      GameStore store = new GameStore(observer.vertx(), observer.hazelcast());
      Await.until(
          "shard-1 to own every shard",
          WAIT,
          () -> owners(store).values().stream().filter(node1::equals).count() == SHARDS);
      Map<Integer, ShardLease> before = store.leases().await(10, TimeUnit.SECONDS);

      List<Bot> bots = new ArrayList<>();
      try {
        for (int r = 0; r < 12; r++) {
          bots.add(new Bot(port, "hand-" + r, "handoff-room-" + r, 4));
        }
        Await.until(
            "every bot acked a few moves",
            WAIT,
            () -> bots.stream().allMatch(b -> b.acked() >= 10));

        // join: shard-2 takes the shards the hash gives it now, with the next epoch; nothing else
        // moves
        long joinNanos = System.nanoTime();
        List<Integer> ackedAtJoin = bots.stream().map(Bot::acked).toList();
        NodeProcess shard2 = cluster.startShard("shard-2");
        shard2.awaitReady(ProcessCluster.READY);
        String node2 = shard2.ready().path("nodeId").asText();
        List<Integer> expected = new ArrayList<>();
        for (int s = 0; s < SHARDS; s++) {
          if (node2.equals(Rendezvous.owner(s, List.of(node1, node2)))) {
            expected.add(s);
          }
        }
        Await.until(
            "shard-2 to own its share of the shards",
            WAIT,
            () -> {
              Map<Integer, String> owners = owners(store);
              return expected.stream().allMatch(s -> node2.equals(owners.get(s)));
            });
        Map<Integer, ShardLease> afterJoin = store.leases().await(10, TimeUnit.SECONDS);
        for (int s = 0; s < SHARDS; s++) {
          if (expected.contains(s)) {
            assertThat(afterJoin.get(s).epoch())
                .as("epoch of moved shard %d", s)
                .isGreaterThan(before.get(s).epoch());
          } else {
            assertThat(afterJoin.get(s).owner())
                .as("owner of shard %d, which stays", s)
                .isEqualTo(node1);
            assertThat(afterJoin.get(s).epoch())
                .as("epoch of shard %d, which stays", s)
                .isEqualTo(before.get(s).epoch());
          }
        }
        awaitAcksAfter(bots, System.nanoTime(), 10);
        System.out.printf(
            "join: shard-2 took %d of %d shards; longest pause %d ms%n",
            expected.size(), SHARDS, longestPauseMillis(bots, joinNanos));

        // drain: SIGTERM to shard-1 while the bots play; it hands everything to shard-2 and exits
        long drainNanos = System.nanoTime();
        assertThat(shard1.stop(Duration.ofSeconds(60)))
            .as("shard-1 exited by itself after SIGTERM")
            .isTrue();
        Await.until(
            "shard-2 to own every shard",
            WAIT,
            () -> owners(store).values().stream().filter(node2::equals).count() == SHARDS);
        awaitAcksAfter(bots, System.nanoTime(), 10);
        System.out.printf(
            "drain: shard-1 exited %.1f s after SIGTERM; longest pause %d ms%n",
            (System.nanoTime() - drainNanos) / 1e9, longestPauseMillis(bots, drainNanos));

        for (Bot bot : bots) {
          bot.stop(Duration.ofSeconds(15));
        }
        List<String> problems = new ArrayList<>();
        for (int i = 0; i < bots.size(); i++) {
          Bot bot = bots.get(i);
          bot.checkNoErrors(joinNanos, ackedAtJoin.get(i))
              .forEach(p -> problems.add(bot.summary() + ": " + p));
        }
        assertThat(problems).isEmpty();
      } finally {
        bots.forEach(Bot::close);
      }
    }
  }

  private static Map<Integer, String> owners(GameStore store) {
    Map<Integer, String> owners = new java.util.HashMap<>();
    try {
      store
          .leases()
          .await(10, TimeUnit.SECONDS)
          .forEach((s, lease) -> owners.put(s, lease.owner()));
    } catch (Exception e) {
      throw new AssertionError("cannot read the leases", e);
    }
    return owners;
  }

  private static void awaitAcksAfter(List<Bot> bots, long sinceNanos, int n) {
    Await.until(
        "every bot acked " + n + " moves again",
        WAIT,
        () -> bots.stream().allMatch(b -> b.acksAfter(sinceNanos) >= n));
  }

  private static long longestPauseMillis(List<Bot> bots, long sinceNanos) {
    return bots.stream().mapToLong(b -> b.longestPauseNanos(sinceNanos)).max().orElse(0)
        / 1_000_000;
  }
}
