package dev.groundup.common.store;

import com.hazelcast.config.IndexType;
import com.hazelcast.core.HazelcastException;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceNotActiveException;
import com.hazelcast.core.MemberLeftException;
import com.hazelcast.map.IMap;
import com.hazelcast.query.Predicates;
import com.hazelcast.splitbrainprotection.SplitBrainProtectionException;
import dev.groundup.common.protocol.Score;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeoutException;

/**
 * Durable game state in Hazelcast maps on the registry nodes, each entry with one synchronous
 * backup on another process, so that any one process may die without losing what was stored:
 *
 * <ul>
 *   <li>{@code groundup.shards}: each virtual shard's lease (owner and epoch);
 *   <li>{@code groundup.players}: player records;
 *   <li>{@code groundup.rooms}: room states, one write per tick that changed something.
 * </ul>
 *
 * <p><b>Fencing.</b> Each owner of a shard takes the next epoch ({@link #acquire}); every value it
 * writes carries that epoch and a write with a lower epoch than the stored value's is refused
 * ({@link StaleEpochException}). A new owner claims the values it takes over ({@link #claimRooms},
 * {@link #claimPlayer}), stamping them with its epoch in the same atomic step as it reads them, so
 * a paused or cut-off former owner can never overwrite them afterwards. This is a compare-and-set
 * on a versioned entry, not Hazelcast's CP subsystem: CP needs three CP members and is
 * Enterprise-only from Hazelcast 5.5; per-entry fencing needs neither, and the registry nodes' maps
 * already have the backups.
 *
 * <p>Every call is asynchronous and completes on the caller's context; the calls that Hazelcast
 * only offers synchronously (bulk claims, the leaderboard) run on a worker thread.
 */
public final class GameStore {

  public static final String LEASES = "groundup.shards";
  public static final String PLAYERS = "groundup.players";
  public static final String ROOMS = "groundup.rooms";

  /** The indexed attribute that says which virtual shard a stored value belongs to. */
  public static final String SHARD_ATTRIBUTE = "shard";

  public static final IndexType SHARD_INDEX = IndexType.HASH;

  private final Vertx vertx;
  private final Context context;
  private final IMap<Integer, ShardLease> leases;
  private final IMap<String, Fenced> players;
  private final IMap<String, Fenced> rooms;

  public GameStore(Vertx vertx, HazelcastInstance hazelcast) {
    this.vertx = vertx;
    this.context = vertx.getOrCreateContext();
    this.leases = hazelcast.getMap(LEASES);
    this.players = hazelcast.getMap(PLAYERS);
    this.rooms = hazelcast.getMap(ROOMS);
  }

  /** Becomes the owner of {@code shard} with the next epoch; gives the epoch. */
  public Future<Long> acquire(int shard, String node) {
    return call(leases.submitToKey(shard, new StoreOps.Acquire(node)));
  }

  /** Gives {@code shard} up if {@code node} still holds it at {@code epoch}. */
  public Future<Boolean> release(int shard, String node, long epoch) {
    return call(leases.submitToKey(shard, new StoreOps.Release(node, epoch)));
  }

  /** The lease of {@code shard}, if it ever had an owner. */
  public Future<Optional<ShardLease>> lease(int shard) {
    return call(leases.getAsync(shard)).map(Optional::ofNullable);
  }

  /** Every shard's lease. */
  public Future<Map<Integer, ShardLease>> leases() {
    return vertx.executeBlocking(() -> new HashMap<>(leases), false);
  }

  /** Stores a room's state; fails with {@link StaleEpochException} if a newer owner claimed it. */
  public Future<Void> putRoom(StoredRoom room) {
    return put(rooms, room.room(), room);
  }

  /** Stores a player; fails with {@link StaleEpochException} if a newer owner claimed it. */
  public Future<Void> putPlayer(StoredPlayer player) {
    return put(players, player.record().name(), player);
  }

  /**
   * Creates a player that does not exist yet. A player is never overwritten by a creation, whatever
   * the epoch: gives the existing one instead.
   */
  public Future<Optional<StoredPlayer>> createPlayer(StoredPlayer player) {
    return call(players.submitToKey(player.record().name(), new StoreOps.Create(player)))
        .map(existing -> Optional.ofNullable((StoredPlayer) existing));
  }

  /** Claims a player for the owner of {@code epoch}: empty if there is none. */
  public Future<Optional<StoredPlayer>> claimPlayer(String name, long epoch) {
    return call(players.submitToKey(name, new StoreOps.Claim(epoch)))
        .compose(
            value -> {
              if (value == null) {
                return Future.succeededFuture(Optional.empty());
              }
              if (value.getEpoch() > epoch) {
                return Future.failedFuture(new StaleEpochException(epoch, value.getEpoch()));
              }
              return Future.succeededFuture(Optional.of((StoredPlayer) value));
            });
  }

  /** Claims every stored room of {@code shard} for the owner of {@code epoch}. */
  public Future<List<StoredRoom>> claimRooms(int shard, long epoch) {
    return vertx
        .executeBlocking(
            () ->
                rooms.executeOnEntries(
                    new StoreOps.Claim(epoch), Predicates.equal(SHARD_ATTRIBUTE, shard)),
            false)
        .compose(
            claimed -> {
              List<StoredRoom> result = new ArrayList<>(claimed.size());
              for (Object value : claimed.values()) {
                Fenced room = (Fenced) value;
                if (room.getEpoch() > epoch) {
                  return Future.failedFuture(new StaleEpochException(epoch, room.getEpoch()));
                }
                result.add((StoredRoom) room);
              }
              return Future.succeededFuture(result);
            });
  }

  /** A stored room as it is, without claiming it. */
  public Future<Optional<StoredRoom>> room(String room) {
    return call(rooms.getAsync(room)).map(v -> Optional.ofNullable((StoredRoom) v));
  }

  /** A stored player as it is, without claiming it. */
  public Future<Optional<StoredPlayer>> player(String name) {
    return call(players.getAsync(name)).map(v -> Optional.ofNullable((StoredPlayer) v));
  }

  /**
   * The cluster-wide leaderboard from stored state: records and live room members, best {@code n}.
   */
  public Future<List<Score>> top(int n) {
    return vertx.executeBlocking(
        () -> {
          List<Score> fromPlayers = players.aggregate(new TopScores(n));
          List<Score> fromRooms = rooms.aggregate(new TopScores(n));
          Map<String, Long> best = new HashMap<>();
          fromPlayers.forEach(s -> best.merge(s.name(), s.score(), Math::max));
          fromRooms.forEach(s -> best.merge(s.name(), s.score(), Math::max));
          List<Score> all = new ArrayList<>();
          best.forEach((name, score) -> all.add(new Score(name, score)));
          all.sort(Score.RANKING);
          return all.size() > n ? List.copyOf(all.subList(0, n)) : all;
        },
        false);
  }

  /**
   * Whether a failed store operation means the caller may no longer act as the shard's owner: its
   * epoch is stale (a newer owner claimed the state), or its side of the cluster lost the quorum of
   * registry nodes (it may be cut off, and a newer owner may be taking over on the other side). An
   * owner that sees either steps down at once; it must not wait for a merge to tell it it was
   * stale, because during a merge it could still write to its side's out-of-date copies.
   */
  public static boolean ownershipLost(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof StaleEpochException || t instanceof SplitBrainProtectionException) {
        return true;
      }
    }
    return false;
  }

  /**
   * Whether a failed store operation says the store cannot be reached from here right now rather
   * than that the code is wrong: no data member is reachable, the operation timed out, its outcome
   * is indeterminate, its target left, or this member is shutting down — all Hazelcast exceptions.
   * A shard that cannot start for such a reason is not crashing; it waits for the cluster instead
   * of counting towards the supervisor's restart intensity.
   */
  public static boolean storeUnreachable(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof HazelcastException
          || t instanceof HazelcastInstanceNotActiveException
          || t instanceof MemberLeftException
          || t instanceof TimeoutException) {
        return true;
      }
    }
    return false;
  }

  private Future<Void> put(IMap<String, Fenced> map, String key, Fenced value) {
    return call(map.submitToKey(key, new StoreOps.Put(value)))
        .compose(
            stale ->
                stale == null
                    ? Future.succeededFuture()
                    : Future.failedFuture(new StaleEpochException(value.getEpoch(), stale)));
  }

  private <T> Future<T> call(CompletionStage<T> stage) {
    return Future.fromCompletionStage(stage, context);
  }
}
