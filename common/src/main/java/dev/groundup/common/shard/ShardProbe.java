package dev.groundup.common.shard;

import dev.groundup.common.protocol.ShardClient;
import dev.groundup.common.protocol.ShardProtocol.Locate;
import dev.groundup.common.protocol.ShardProtocol.Located;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.IntStream;

/**
 * Asks every virtual shard where it runs, to tell when the shards have settled: each answers, twice
 * in a row, from the node the rendezvous hash says should own it. A gateway waits for this before
 * it takes players, so that a fresh cluster is playable the moment it says it is ready.
 */
public final class ShardProbe {

  private static final long RETRY_MILLIS = 200;

  private ShardProbe() {}

  /** Completes when the shards have settled, fails when {@code timeout} passes first. */
  public static Future<Void> awaitSettled(
      Vertx vertx, Supplier<List<String>> shardNodes, ShardClient shards, Duration timeout) {
    Promise<Void> settled = Promise.promise();
    long deadline = System.nanoTime() + timeout.toNanos();
    attempt(vertx, shardNodes, shards, deadline, settled);
    return settled.future();
  }

  private static void attempt(
      Vertx vertx,
      Supplier<List<String>> shardNodes,
      ShardClient shards,
      long deadline,
      Promise<Void> settled) {
    settled(shardNodes.get(), shards)
        .onComplete(
            ok -> {
              if (ok) {
                settled.complete();
              } else if (System.nanoTime() > deadline) {
                settled.fail(
                    "the shards did not settle in time (shard nodes: "
                        + shardNodes.get().size()
                        + ")");
              } else {
                vertx.setTimer(
                    RETRY_MILLIS, t -> attempt(vertx, shardNodes, shards, deadline, settled));
              }
            },
            failure -> settled.fail(failure));
  }

  /**
   * One round: true if every shard answered from its rendezvous owner among {@code nodes}, twice.
   */
  public static Future<Boolean> settled(List<String> nodes, ShardClient shards) {
    if (nodes.isEmpty()) {
      return Future.succeededFuture(false);
    }
    List<Future<Boolean>> checks = new ArrayList<>();
    IntStream.range(0, shards.ids().usedShards())
        .forEach(
            s -> {
              String owner = Rendezvous.owner(s, nodes);
              checks.add(
                  locate(shards, s)
                      .compose(
                          first ->
                              locate(shards, s)
                                  .map(
                                      second ->
                                          owner.equals(first.node())
                                              && owner.equals(second.node()))));
            });
    return Future.join(checks)
        .transform(
            all ->
                Future.succeededFuture(checks.stream().allMatch(c -> c.succeeded() && c.result())));
  }

  private static Future<Located> locate(ShardClient shards, int shard) {
    return shards.toShard(shard, new Locate(shard), Located.class);
  }
}
