package dev.groundup.gateway.bridge;

import dev.groundup.common.protocol.RoomProtocol.Watch;
import dev.groundup.common.protocol.ShardClient;
import dev.groundup.common.protocol.ShardProtocol.Reply;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link RoomWatch} of one bridge: tells each watched room's shard to copy the room's events to
 * {@code groundup.room.<room>} ({@link Watch}, sent with {@link ShardClient#toShard} to whichever
 * node runs the room's shard now) and renews that every {@link #RENEW_MILLIS} — the shard ends a
 * watch that is not renewed within 30 s. So a watch follows the room to another shard node (a
 * handoff or a takeover starts the new owner without it; the next renewal, at most 10 s later,
 * reaches it), and a bridge node that dies stops the copying within 30 s. It counts {@code
 * watch}/{@code unwatch} per room, so it is also right for callers that do not alternate them
 * strictly.
 *
 * <p>Its state lives on the context it was created on; calls from any thread hop there. Failures to
 * reach a shard are logged and retried at the next renewal; nothing throws.
 */
public final class RoomWatchers implements RoomWatch {

  private static final Logger log = LoggerFactory.getLogger(RoomWatchers.class);

  /** How often every watch is renewed at its room's shard. */
  public static final long RENEW_MILLIS = 10_000;

  private final Vertx vertx;
  private final ShardClient shards;
  private final Context context;

  /** This bridge's name at the shards: watches of several bridges on one room are kept apart. */
  private final String watcher;

  private final long renewMillis;
  private final Map<String, Integer> counts = new HashMap<>();
  private long timer = -1;

  /** {@code shards} must belong to the context this is created on (a verticle's). */
  public RoomWatchers(Vertx vertx, ShardClient shards) {
    this(vertx, shards, RENEW_MILLIS);
  }

  /** With another renewal period (tests: a watch that follows a moved room sooner); under 30 s. */
  public RoomWatchers(Vertx vertx, ShardClient shards, long renewMillis) {
    if (renewMillis <= 0 || renewMillis >= 30_000) {
      throw new IllegalArgumentException(
          "renewal period " + renewMillis + " ms: must be within (0, 30000)");
    }
    this.vertx = vertx;
    this.shards = shards;
    this.renewMillis = renewMillis;
    this.context = vertx.getOrCreateContext();
    this.watcher = UUID.randomUUID().toString();
  }

  @Override
  public void watch(String room) {
    context.runOnContext(
        v -> {
          if (counts.merge(room, 1, Integer::sum) == 1) {
            tell(room, true);
            if (timer < 0) {
              timer = vertx.setPeriodic(renewMillis, t -> renew());
            }
          }
        });
  }

  @Override
  public void unwatch(String room) {
    context.runOnContext(
        v -> {
          Integer n = counts.get(room);
          if (n == null) {
            return;
          }
          if (n > 1) {
            counts.put(room, n - 1);
          } else {
            counts.remove(room);
            tell(room, false);
          }
          if (counts.isEmpty() && timer >= 0) {
            vertx.cancelTimer(timer);
            timer = -1;
          }
        });
  }

  /** Ends every watch of this bridge (when it stops). */
  public Future<Void> close() {
    return Future.future(
        done ->
            context.runOnContext(
                v -> {
                  if (timer >= 0) {
                    vertx.cancelTimer(timer);
                    timer = -1;
                  }
                  List<Future<Reply>> told =
                      counts.keySet().stream().map(room -> tell(room, false)).toList();
                  counts.clear();
                  Future.join(told).onComplete(all -> done.complete());
                }));
  }

  /** The rooms watched now, with how many times each (for tests). */
  Map<String, Integer> watched() {
    return Map.copyOf(counts);
  }

  private void renew() {
    counts.keySet().forEach(room -> tell(room, true));
  }

  private Future<Reply> tell(String room, boolean on) {
    return shards
        .toShard(shards.ids().room(room), new Watch(room, watcher, on), Reply.class)
        .onFailure(
            e ->
                log.warn(
                    "Could not {} room {} at its shard (retried at the next renewal): {}",
                    on ? "watch" : "unwatch",
                    room,
                    e.getMessage()));
  }
}
