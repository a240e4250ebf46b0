package dev.groundup.node;

import dev.groundup.common.testing.Ports;
import dev.groundup.testkit.Await;
import dev.groundup.testkit.Bot;
import dev.groundup.testkit.RoomPlacement;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A process cluster (two registry nodes, shard-1, shard-2, a gateway) with bots playing in rooms
 * that run on shard-1, ready for a fault to be done to shard-1. Closing it closes the bots and
 * kills every process.
 */
final class BotsOnAShard implements AutoCloseable {

  static final Duration WAIT = Duration.ofSeconds(60);

  final ProcessCluster cluster;
  final List<Bot> bots = new ArrayList<>();
  final List<Integer> ackedAtFault = new ArrayList<>();
  NodeProcess shard1;
  NodeProcess shard2;
  NodeProcess gateway;
  long faultNanos;

  private BotsOnAShard(ProcessCluster cluster) {
    this.cluster = cluster;
  }

  /**
   * Starts the cluster and {@code rooms} × {@code perRoom} bots; returns once each has acked a few
   * moves.
   */
  static BotsOnAShard start(Path dir, Map<String, String> env, int rooms, int perRoom)
      throws Exception {
    BotsOnAShard run = new BotsOnAShard(new ProcessCluster(dir, 2, env));
    try {
      run.cluster.startRegistries();
      run.shard1 = run.cluster.startShard("shard-1");
      run.shard2 = run.cluster.startShard("shard-2");
      int port = Ports.free();
      run.gateway = run.cluster.startGateway("gateway-1", port);
      for (NodeProcess n : List.of(run.shard1, run.shard2, run.gateway)) {
        n.awaitReady(ProcessCluster.READY);
      }
      String target = run.shard1.ready().path("nodeId").asText();
      List<String> nodes = List.of(target, run.shard2.ready().path("nodeId").asText());
      for (String room : RoomPlacement.roomsOn(target, nodes, rooms, "room-")) {
        for (int b = 0; b < perRoom; b++) {
          run.bots.add(new Bot(port, room + "-bot" + b, room, 4));
        }
      }
      Await.until(
          "every bot acked a few moves",
          WAIT,
          () -> run.bots.stream().allMatch(b -> b.acked() >= 10));
      return run;
    } catch (Exception | AssertionError e) {
      run.close();
      throw e;
    }
  }

  /** Notes the time and each bot's acks: the fault is about to happen. */
  void fault() {
    bots.forEach(b -> ackedAtFault.add(b.acked()));
    faultNanos = System.nanoTime();
  }

  /** Waits until every bot has had {@code n} acks after {@code sinceNanos}. */
  void awaitAcksAfter(long sinceNanos, int n) {
    Await.until(
        "every bot acked " + n + " moves again",
        WAIT,
        () -> bots.stream().allMatch(b -> b.acksAfter(sinceNanos) >= n));
  }

  /** Stops the bots and gives every bot's violations of the durability promise. */
  List<String> stopAndCheck() throws InterruptedException {
    for (Bot bot : bots) {
      bot.stop(Duration.ofSeconds(15));
    }
    return check();
  }

  /** Every bot's violations of the durability promise so far. */
  List<String> check() {
    List<String> found = new ArrayList<>();
    for (int i = 0; i < bots.size(); i++) {
      Bot bot = bots.get(i);
      bot.check(faultNanos, ackedAtFault.get(i)).forEach(p -> found.add(bot.name + ": " + p));
    }
    return found;
  }

  /** Seconds from the fault until the slowest bot got its first new ack. */
  double slowestRecovery() {
    return bots.stream().mapToLong(b -> b.firstAckAfter(faultNanos) - faultNanos).max().orElse(-1)
        / 1e9;
  }

  @Override
  public void close() {
    bots.forEach(Bot::close);
    cluster.close();
  }
}
