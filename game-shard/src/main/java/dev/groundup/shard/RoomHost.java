package dev.groundup.shard;

import dev.groundup.common.metrics.ShardMeters;
import dev.groundup.common.protocol.Cell;
import dev.groundup.common.protocol.ConnRef;
import dev.groundup.common.protocol.ErrorCode;
import dev.groundup.common.protocol.GameException;
import dev.groundup.common.protocol.PlayerView;
import dev.groundup.common.protocol.RoomProtocol.Acked;
import dev.groundup.common.protocol.RoomProtocol.Enter;
import dev.groundup.common.protocol.RoomProtocol.Exit;
import dev.groundup.common.protocol.RoomProtocol.Exited;
import dev.groundup.common.protocol.RoomProtocol.Joined;
import dev.groundup.common.protocol.RoomProtocol.Move;
import dev.groundup.common.protocol.RoomProtocol.Say;
import dev.groundup.common.protocol.RoomProtocol.Watch;
import dev.groundup.common.protocol.Score;
import dev.groundup.common.protocol.ShardProtocol.RoomStatus;
import dev.groundup.common.store.GameStore;
import dev.groundup.common.store.StoredMember;
import dev.groundup.common.store.StoredRoom;
import dev.groundup.common.wire.Events;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The rooms of one virtual shard, each an {@link Arena} with its members' connections and its own
 * periodic tick on the shard verticle's event loop. A room ticks only while it has members.
 *
 * <p><b>Nothing is shown before it is stored.</b> After a tick that changed something the room's
 * state is written ({@link Store}); only when the write is done do the members get {@code enter},
 * {@code exit} and {@code state}, the moves of that tick their {@code ack}, and joining and leaving
 * players their answer. Writes never overlap: while one is in flight the next ticks run and their
 * changes go into the following write. Every tick a client sees is therefore a stored tick, so
 * ticks never go back when another shard resumes the room from the store ({@link #resume}). {@code
 * said} is chat, not state: it is pushed at once.
 *
 * <p>A write refused for a stale epoch, or for want of a quorum of registry nodes, means this shard
 * may no longer own the room: the host steps down ({@link Store#lost}). Any other failed write is
 * retried with the next tick; meanwhile nothing is acknowledged.
 *
 * <p><b>Watchers.</b> While somebody watches a room ({@link #watch}, renewed within {@link
 * #WATCH_EXPIRY_MILLIS}), every event its members are sent is also published, as the same JSON, to
 * {@code groundup.room.<room>}. A room nobody watches pays one field read per event for it.
 *
 * <p><b>Tick lag.</b> Each room keeps how late its last tick ran compared to its fixed-rate
 * schedule ({@link TickClock}): one {@code System.nanoTime()} per tick.
 */
final class RoomHost {

  private static final Logger log = LoggerFactory.getLogger(RoomHost.class);

  /** Where rooms are stored, and whom to tell when the shard has lost them. */
  interface Store {
    Future<Void> save(String room, long tick, List<Cell> coins, List<StoredMember> members);

    void lost(Throwable reason);

    /** The epoch of the shard owner the rooms run under. */
    long epoch();
  }

  /** Something waiting for the room's next successful write. */
  private interface AfterWrite {
    void stored(Room room, long tick);

    void failed(Throwable cause);
  }

  private final Vertx vertx;
  private final ArenaRules rules;
  private final Pusher pusher;
  private final Supplier<RandomGenerator> randoms;
  private final Consumer<String> onCreated;
  private final Store store;
  private final ShardMeters meters;
  private final Map<String, Room> rooms = new HashMap<>();

  /** How long a watch lasts unless it is renewed. */
  static final long WATCH_EXPIRY_MILLIS = 30_000;

  private final Watches watches = new Watches(WATCH_EXPIRY_MILLIS * 1_000_000L);

  private final class Room {
    final String name;
    final Arena<Promise<Acked>> arena;
    final Map<String, ConnRef> conns = new LinkedHashMap<>();
    List<AfterWrite> waiting = new ArrayList<>();
    long timer = -1;
    final TickClock clock = new TickClock(rules.tickMillis());

    /** Somebody watches the room: its events are copied to {@code groundup.room.<room>}. */
    boolean watched;

    /**
     * Set while the shard hands the room off: completes once it has nothing left to apply or store.
     */
    Promise<Void> finished;

    boolean dirty;
    boolean writing;
    boolean failing;

    Room(String name, Arena<Promise<Acked>> arena) {
      this.name = name;
      this.arena = arena;
      this.watched = watches.watched(name);
    }

    void startTicking() {
      if (timer < 0) {
        timer = vertx.setPeriodic(rules.tickMillis(), id -> tick(this));
        clock.started(System.nanoTime());
        meters.roomStarted();
      }
    }

    /** Nothing waits to be applied or stored. */
    boolean settled() {
      return !dirty && !writing && !arena.hasWaitingMoves();
    }

    void stopTicking() {
      if (timer >= 0) {
        vertx.cancelTimer(timer);
        timer = -1;
        clock.stopped();
        meters.roomStopped();
      }
    }

    Joined snapshot() {
      return new Joined(
          name, arena.tick(), rules.width(), rules.height(), arena.players(), arena.coins());
    }

    List<ConnRef> othersThan(String player) {
      List<ConnRef> others = new ArrayList<>(conns.size());
      conns.forEach(
          (n, c) -> {
            if (!n.equals(player)) {
              others.add(c);
            }
          });
      return others;
    }
  }

  /** {@code onCreated} hears the name of every room this host starts. */
  RoomHost(
      Vertx vertx,
      ArenaRules rules,
      Pusher pusher,
      Supplier<RandomGenerator> randoms,
      Consumer<String> onCreated,
      Store store) {
    this(vertx, rules, pusher, randoms, onCreated, store, ShardMeters.detached(-1));
  }

  /** ... and {@code meters} count its ticks, moves and acks and its running rooms. */
  RoomHost(
      Vertx vertx,
      ArenaRules rules,
      Pusher pusher,
      Supplier<RandomGenerator> randoms,
      Consumer<String> onCreated,
      Store store,
      ShardMeters meters) {
    this.meters = meters;
    this.vertx = vertx;
    this.rules = rules;
    this.pusher = pusher;
    this.randoms = randoms;
    this.onCreated = onCreated;
    this.store = store;
  }

  /** Takes over rooms as they were stored: same tick, coins, members and connections. */
  void resume(List<StoredRoom> stored) {
    for (StoredRoom s : stored) {
      Room room = new Room(s.room(), new Arena<>(rules, randoms.get(), s.tick(), s.coins()));
      for (StoredMember m : s.members()) {
        if (!room.arena.isFull()) {
          room.arena.join(m.name(), m.score(), m.steps(), new Cell(m.x(), m.y()));
          room.conns.put(m.name(), m.conn());
        }
      }
      rooms.put(s.room(), room);
      onCreated.accept(s.room());
      if (!room.arena.isEmpty()) {
        room.dirty = true;
        room.startTicking();
      }
    }
  }

  Future<Joined> enter(Enter e) {
    Room room = rooms.get(e.room());
    if (room == null) {
      Arena<Promise<Acked>> arena = new Arena<>(rules, randoms.get());
      // tick 1 is the room's creation, so every tick a client sees is at least 1
      arena.step();
      room = new Room(e.room(), arena);
      rooms.put(e.room(), room);
      onCreated.accept(e.room());
    }
    if (room.arena.contains(e.name())) {
      room.conns.put(e.name(), e.conn());
      return Future.succeededFuture(room.snapshot());
    }
    if (room.arena.isFull()) {
      return Future.failedFuture(
          new GameException(
              ErrorCode.ROOM_FULL,
              "room " + e.room() + " is full (" + rules.maxPlayers() + " players)"));
    }
    PlayerView player = room.arena.join(e.name(), e.score(), e.steps(), e.at());
    room.conns.put(e.name(), e.conn());
    byte[] enter = Events.enter(room.name, player);
    String name = e.name();
    Promise<Joined> joined = Promise.promise();
    room.waiting.add(
        new AfterWrite() {
          public void stored(Room r, long tick) {
            show(r, r.othersThan(name), tick, enter);
            joined.tryComplete(r.snapshot());
          }

          public void failed(Throwable cause) {
            joined.tryFail(cause);
          }
        });
    room.dirty = true;
    room.startTicking();
    return joined.future();
  }

  Future<Exited> exit(Exit x) {
    Room room = rooms.get(x.room());
    Arena.Removed<Promise<Acked>> removed = room == null ? null : room.arena.leave(x.name());
    if (removed == null) {
      return notInRoom(x.room());
    }
    room.conns.remove(x.name());
    for (Promise<Acked> move : removed.unapplied()) {
      move.tryFail(
          new GameException(
              ErrorCode.NOT_IN_ROOM, "left room " + x.room() + " before the move was applied"));
    }
    PlayerView p = removed.player();
    Exited exited = new Exited(room.name, p.score(), p.steps(), new Cell(p.x(), p.y()));
    byte[] exit = Events.exit(room.name, x.name());
    Promise<Exited> done = Promise.promise();
    room.waiting.add(
        new AfterWrite() {
          public void stored(Room r, long tick) {
            show(r, r.conns.values(), tick, exit);
            done.tryComplete(exited);
          }

          public void failed(Throwable cause) {
            done.tryFail(cause);
          }
        });
    room.dirty = true;
    return done.future();
  }

  Future<Acked> move(Move m) {
    Room room = rooms.get(m.room());
    if (room == null || !room.arena.contains(m.name())) {
      return notInRoom(m.room());
    }
    Promise<Acked> applied = Promise.promise();
    if (!room.arena.enqueue(m.name(), m.dir(), applied)) {
      return Future.failedFuture(
          new GameException(
              ErrorCode.RATE_LIMITED,
              "too many waiting moves (at most " + rules.maxWaitingMoves() + ")"));
    }
    return applied.future();
  }

  Future<Void> say(Say s) {
    Room room = rooms.get(s.room());
    if (room == null || !room.arena.contains(s.name())) {
      return notInRoom(s.room());
    }
    show(room, room.conns.values(), room.arena.tick(), Events.said(room.name, s.name(), s.text()));
    return Future.succeededFuture();
  }

  /**
   * Sends an event to {@code targets} and, while somebody watches the room, a copy to its watchers.
   */
  private void show(Room room, Iterable<ConnRef> targets, long tick, byte[] json) {
    pusher.push(targets, room.name, store.epoch(), tick, json);
    if (room.watched) {
      pusher.publish(room.name, json);
    }
  }

  /** Starts, renews or ends a watch of a room (which may not run yet). */
  void watch(Watch w) {
    boolean watched = watches.set(w.room(), w.watcher(), w.on(), System.nanoTime());
    Room room = rooms.get(w.room());
    if (room != null) {
      room.watched = watched;
    }
  }

  /** Whether {@code room} runs here. */
  boolean runs(String room) {
    return rooms.containsKey(room);
  }

  /** Ends the watches that were not renewed in time. */
  void expireWatches() {
    watches.expire(
        System.nanoTime(),
        name -> {
          Room room = rooms.get(name);
          if (room != null) {
            room.watched = false;
          }
        });
  }

  /** Every room of this shard for the cluster status: its players and its last tick's lag. */
  List<RoomStatus> status(int shard) {
    List<RoomStatus> status = new ArrayList<>(rooms.size());
    for (Room room : rooms.values()) {
      List<String> names = new ArrayList<>();
      for (PlayerView p : room.arena.players()) {
        names.add(p.name());
      }
      status.add(new RoomStatus(room.name, shard, names, room.clock.lastLagMillis()));
    }
    return status;
  }

  /** The live scores of every player in these rooms. */
  List<Score> liveScores() {
    List<Score> scores = new ArrayList<>();
    for (Room room : rooms.values()) {
      for (PlayerView p : room.arena.players()) {
        scores.add(new Score(p.name(), p.score()));
      }
    }
    return scores;
  }

  /**
   * The first half of a handoff, once the shard takes no more input: every room goes on ticking at
   * its rate until the moves already queued are applied and its state is stored (so their acks are
   * sent), then stops. Completes when every room has; a room whose writes fail keeps retrying them
   * each tick.
   */
  Future<Void> finish() {
    List<Future<Void>> all = new ArrayList<>();
    for (Room room : rooms.values()) {
      if (room.settled()) {
        room.stopTicking();
        continue;
      }
      room.finished = Promise.promise();
      room.startTicking();
      all.add(room.finished.future());
    }
    return Future.all(all).mapEmpty();
  }

  /** A room being handed off that has nothing left to apply or store stops here. */
  private void checkFinished(Room room) {
    if (room.finished != null && room.settled()) {
      room.stopTicking();
      room.finished.tryComplete();
    }
  }

  /** Stops every tick loop and fails everything still waiting. */
  void close(Throwable reason) {
    for (Room room : rooms.values()) {
      room.stopTicking();
      if (room.finished != null) {
        room.finished.tryFail(reason);
      }
      List<AfterWrite> waiting = room.waiting;
      room.waiting = new ArrayList<>();
      waiting.forEach(w -> w.failed(reason));
      for (String name : List.copyOf(room.conns.keySet())) {
        Arena.Removed<Promise<Acked>> removed = room.arena.leave(name);
        if (removed != null) {
          removed.unapplied().forEach(p -> p.tryFail(reason));
        }
      }
    }
    rooms.clear();
  }

  private void tick(Room room) {
    long began = System.nanoTime();
    long lag = room.clock.ticked(began);
    Arena.Step<Promise<Acked>> step = room.arena.step();
    if (!step.applied().isEmpty()) {
      List<Promise<Acked>> applied = step.applied();
      meters.movesApplied(applied.size());
      Acked acked = new Acked(step.tick());
      room.waiting.add(
          new AfterWrite() {
            public void stored(Room r, long tick) {
              int sent = 0;
              for (Promise<Acked> p : applied) {
                if (p.tryComplete(acked)) {
                  sent++;
                }
              }
              meters.acksSent(sent);
            }

            public void failed(Throwable cause) {
              applied.forEach(p -> p.tryFail(cause));
            }
          });
    }
    if (step.changed()) {
      room.dirty = true;
    }
    flush(room);
    if (room.arena.isEmpty() && !room.dirty && !room.writing) {
      room.stopTicking();
    }
    checkFinished(room);
    meters.ticked(System.nanoTime() - began, room.clock.overran(lag));
  }

  /** Writes the room's state if it changed and no write is in flight; then shows it. */
  private void flush(Room room) {
    if (room.writing || !room.dirty) {
      return;
    }
    room.writing = true;
    room.dirty = false;
    long tick = room.arena.tick();
    List<PlayerView> players = room.arena.players();
    List<Cell> coins = room.arena.coins();
    List<StoredMember> members = new ArrayList<>(players.size());
    for (PlayerView p : players) {
      members.add(
          new StoredMember(p.name(), p.x(), p.y(), p.score(), p.steps(), room.conns.get(p.name())));
    }
    List<AfterWrite> waiting = room.waiting;
    room.waiting = new ArrayList<>();
    store
        .save(room.name, tick, coins, members)
        .onComplete(
            done -> {
              room.writing = false;
              if (room.failing) {
                room.failing = false;
                log.info("Room {} is stored again at tick {}", room.name, tick);
              }
              waiting.forEach(w -> w.stored(room, tick));
              if (!players.isEmpty()) {
                show(
                    room, room.conns.values(), tick, Events.state(room.name, tick, players, coins));
              }
              flush(room);
              checkFinished(room);
            },
            failure -> {
              room.writing = false;
              if (GameStore.ownershipLost(failure)) {
                waiting.forEach(
                    w ->
                        w.failed(
                            new GameException(
                                ErrorCode.UNAVAILABLE, "the room's shard is changing owner")));
                store.lost(failure);
                return;
              }
              // not stored: nothing is shown or acknowledged; the next tick writes again
              if (!room.failing) {
                room.failing = true;
                log.warn(
                    "Room {} could not be stored at tick {}, so nothing is acknowledged until it is: {}",
                    room.name,
                    tick,
                    failure.getMessage());
              }
              List<AfterWrite> retry = new ArrayList<>(waiting);
              retry.addAll(room.waiting);
              room.waiting = retry;
              room.dirty = true;
            });
  }

  private static <T> Future<T> notInRoom(String room) {
    return Future.failedFuture(new GameException(ErrorCode.NOT_IN_ROOM, "not in room " + room));
  }
}
