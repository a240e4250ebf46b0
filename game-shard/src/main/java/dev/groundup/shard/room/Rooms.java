package dev.groundup.shard.room;

import dev.groundup.common.metrics.ShardMeters;
import dev.groundup.common.protocol.ErrorCode;
import dev.groundup.common.protocol.GameException;
import dev.groundup.common.protocol.RoomProtocol.Acked;
import dev.groundup.common.protocol.RoomProtocol.Enter;
import dev.groundup.common.protocol.RoomProtocol.Exit;
import dev.groundup.common.protocol.RoomProtocol.Exited;
import dev.groundup.common.protocol.RoomProtocol.Input;
import dev.groundup.common.protocol.RoomProtocol.Joined;
import dev.groundup.common.protocol.RoomProtocol.Say;
import dev.groundup.common.protocol.RoomProtocol.Watch;
import dev.groundup.common.protocol.Score;
import dev.groundup.common.protocol.ShardProtocol.RoomStatus;
import dev.groundup.common.store.StoredRoom;
import dev.groundup.game.Room;
import dev.groundup.game.RoomContext;
import dev.groundup.game.Rules;
import dev.groundup.shard.Games;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The rooms of one virtual shard, each a {@link HostedRoom} running a game's room. A room is made
 * when its first player enters — of the game that player names, or of the node's default game — and
 * then plays that game for good ({@code wrong_game} for a player who names another).
 *
 * <p><b>Watchers.</b> While somebody watches a room ({@link #watch}, renewed within {@link
 * #WATCH_EXPIRY_MILLIS}), every event its members are sent is also published, as the same JSON, to
 * {@code groundup.room.<room>}. A room nobody watches pays one field read per event for it.
 */
public final class Rooms {

  private static final Logger log = LoggerFactory.getLogger(Rooms.class);

  /** How long a watch lasts unless it is renewed. */
  public static final long WATCH_EXPIRY_MILLIS = 30_000;

  private final Games games;
  private final HostedRoom.Env env;
  private final Consumer<String> onCreated;
  private final Map<String, HostedRoom> rooms = new HashMap<>();
  private final Watches watches = new Watches(WATCH_EXPIRY_MILLIS * 1_000_000L);

  /** {@code onCreated} hears the name of every room this shard starts or resumes. */
  public Rooms(
      Games games,
      Ticker ticker,
      RoomOutbox outbox,
      RoomStore store,
      ShardMeters meters,
      Consumer<String> onCreated) {
    this.games = games;
    this.env = new HostedRoom.Env(ticker, outbox, store, meters);
    this.onCreated = onCreated;
  }

  /**
   * Takes over rooms as they were stored: same game, tick, state, members and connections. A room
   * whose game this node does not offer, or whose snapshot its game cannot read, is left out (and
   * logged): it stays in the store as it was.
   */
  public void resume(List<StoredRoom> stored) {
    for (StoredRoom s : stored) {
      Rules rules = games.rules(s.game()).orElse(null);
      if (rules == null) {
        log.error(
            "Room {} plays {}, which this node does not offer: not resumed", s.room(), s.game());
        continue;
      }
      Room room;
      try {
        room = rules.restore(context(s.room(), s.tick()), s.snapshot());
      } catch (IllegalArgumentException e) {
        log.error("Room {} ({}) could not be restored: {}", s.room(), s.game(), e.getMessage());
        continue;
      }
      HostedRoom hosted = host(s.room(), s.game(), rules, room, s.tick());
      hosted.resume(s.members());
    }
  }

  public Future<Joined> enter(Enter e) {
    HostedRoom room = rooms.get(e.room());
    if (room == null) {
      String game = e.game() != null ? e.game() : games.defaultGame();
      Rules rules = games.rules(game).orElse(null);
      if (rules == null) {
        return Future.failedFuture(
            new GameException(
                ErrorCode.UNKNOWN_GAME,
                "this server offers no game '" + game + "' (it offers " + games.ids() + ")"));
      }
      // tick 1 is the room's creation, so every tick a client sees is at least 1
      room = host(e.room(), game, rules, rules.create(context(e.room(), 1)), 1);
    } else if (e.game() != null && !e.game().equals(room.game())) {
      return Future.failedFuture(
          new GameException(
              ErrorCode.WRONG_GAME,
              "room " + e.room() + " plays " + room.game() + ", not " + e.game()));
    }
    return room.enter(e);
  }

  public Future<Exited> exit(Exit x) {
    HostedRoom room = rooms.get(x.room());
    return room == null ? notInRoom(x.room()) : room.exit(x.name());
  }

  public Future<Acked> input(Input i) {
    HostedRoom room = rooms.get(i.room());
    return room == null ? notInRoom(i.room()) : room.input(i.name(), i.op(), i.args());
  }

  public Future<Void> say(Say s) {
    HostedRoom room = rooms.get(s.room());
    return room == null ? notInRoom(s.room()) : room.say(s.name(), s.text());
  }

  /** Starts, renews or ends a watch of a room (which may not run yet). */
  public void watch(Watch w, long now) {
    boolean watched = watches.set(w.room(), w.watcher(), w.on(), now);
    HostedRoom room = rooms.get(w.room());
    if (room != null) {
      room.watched(watched);
    }
  }

  /** Ends the watches that were not renewed in time. */
  public void expireWatches(long now) {
    watches.expire(
        now,
        name -> {
          HostedRoom room = rooms.get(name);
          if (room != null) {
            room.watched(false);
          }
        });
  }

  /** Whether {@code room} runs here. */
  public boolean runs(String room) {
    return rooms.containsKey(room);
  }

  /** Every room of this shard for the cluster status. */
  public List<RoomStatus> status(int shard) {
    List<RoomStatus> status = new ArrayList<>(rooms.size());
    for (HostedRoom room : rooms.values()) {
      status.add(room.status(shard));
    }
    return status;
  }

  /** The live leaderboard scores of every member of these rooms. */
  public List<Score> liveScores() {
    Map<String, Long> best = new HashMap<>();
    rooms.values().forEach(r -> r.scores(best));
    List<Score> scores = new ArrayList<>(best.size());
    best.forEach((name, score) -> scores.add(new Score(name, score)));
    return scores;
  }

  /**
   * The first half of a handoff, once the shard takes no more input: every room goes on until the
   * inputs it took are applied and its state is stored (so their acks are sent), then stops.
   * Completes when every room has; a room whose writes fail keeps retrying them.
   */
  public Future<Void> finish() {
    List<Future<Void>> all = new ArrayList<>();
    for (HostedRoom room : rooms.values()) {
      all.add(room.finish());
    }
    return Future.all(all).mapEmpty();
  }

  /** Stops every room and fails everything still waiting. */
  public void close(Throwable reason) {
    rooms.values().forEach(r -> r.close(reason));
    rooms.clear();
  }

  private HostedRoom host(String name, String game, Rules rules, Room room, long tick) {
    HostedRoom hosted = new HostedRoom(name, game, rules.limits(), room, tick, env);
    hosted.watched(watches.watched(name));
    rooms.put(name, hosted);
    onCreated.accept(name);
    return hosted;
  }

  /**
   * The room's randomness, seeded from its name and the tick it starts at: the same room made or
   * restored at the same tick draws the same numbers.
   */
  static RoomContext context(String room, long tick) {
    long seed = room.hashCode() * 0x9E3779B97F4A7C15L ^ tick;
    return new RoomContext(room, tick, new SplittableRandom(seed));
  }

  private static <T> Future<T> notInRoom(String room) {
    return Future.failedFuture(new GameException(ErrorCode.NOT_IN_ROOM, "not in room " + room));
  }
}
