package dev.groundup.shard;

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
import dev.groundup.common.protocol.Cell;
import dev.groundup.common.protocol.Score;
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

/**
 * The rooms of one virtual shard, each an {@link Arena} with its members' connections and its own
 * periodic tick on the shard verticle's event loop. A room ticks only while it has members; an
 * empty room keeps its tick count and coins, so its ticks never go back when players return.
 *
 * <p>Events go straight to the members' connections through the {@link Pusher}: {@code enter},
 * {@code exit} and {@code said} when they happen, {@code state} after every tick that changed
 * something, encoded once per tick. A move is answered when the tick that applies it has run.
 *
 * <p>State is in memory only: if the shard node dies its rooms are lost (durability is its own issue).
 */
final class RoomHost {

  private final Vertx vertx;
  private final ArenaRules rules;
  private final Pusher pusher;
  private final Supplier<RandomGenerator> randoms;
  private final Consumer<String> onCreated;
  private final Map<String, Room> rooms = new HashMap<>();

  private final class Room {
    final String name;
    final Arena<Promise<Acked>> arena;
    final Map<String, ConnRef> conns = new LinkedHashMap<>();
    long timer = -1;

    Room(String name) {
      this.name = name;
      this.arena = new Arena<>(rules, randoms.get());
      // tick 1 is the room's creation, so every tick a client sees is at least 1
      arena.step();
    }

    void startTicking() {
      if (timer < 0) {
        timer = vertx.setPeriodic(rules.tickMillis(), id -> tick(this));
      }
    }

    void stopTicking() {
      if (timer >= 0) {
        vertx.cancelTimer(timer);
        timer = -1;
      }
    }

    List<ConnRef> othersThan(String name) {
      List<ConnRef> others = new ArrayList<>(conns.size());
      conns.forEach((n, c) -> {
        if (!n.equals(name)) {
          others.add(c);
        }
      });
      return others;
    }

    Joined snapshot() {
      return new Joined(name, arena.tick(), rules.width(), rules.height(), arena.players(), arena.coins());
    }
  }

  /** {@code onCreated} hears the name of every room this host starts. */
  RoomHost(Vertx vertx, ArenaRules rules, Pusher pusher, Supplier<RandomGenerator> randoms, Consumer<String> onCreated) {
    this.vertx = vertx;
    this.rules = rules;
    this.pusher = pusher;
    this.randoms = randoms;
    this.onCreated = onCreated;
  }

  Future<Joined> enter(Enter e) {
    Room room = rooms.get(e.room());
    if (room == null) {
      room = new Room(e.room());
      rooms.put(e.room(), room);
      onCreated.accept(e.room());
    }
    if (room.arena.contains(e.name())) {
      room.conns.put(e.name(), e.conn());
      return Future.succeededFuture(room.snapshot());
    }
    if (room.arena.isFull()) {
      return Future.failedFuture(new GameException(ErrorCode.ROOM_FULL,
          "room " + e.room() + " is full (" + rules.maxPlayers() + " players)"));
    }
    PlayerView player = room.arena.join(e.name(), e.score(), e.steps(), e.at());
    pusher.push(room.conns.values(), room.name, Events.enter(room.name, player));
    room.conns.put(e.name(), e.conn());
    room.startTicking();
    return Future.succeededFuture(room.snapshot());
  }

  Future<Exited> exit(Exit x) {
    Room room = rooms.get(x.room());
    Arena.Removed<Promise<Acked>> removed = room == null ? null : room.arena.leave(x.name());
    if (removed == null) {
      return notInRoom(x.room());
    }
    room.conns.remove(x.name());
    for (Promise<Acked> move : removed.unapplied()) {
      move.fail(new GameException(ErrorCode.NOT_IN_ROOM, "left room " + x.room() + " before the move was applied"));
    }
    pusher.push(room.conns.values(), room.name, Events.exit(room.name, x.name()));
    if (room.arena.isEmpty()) {
      room.stopTicking();
    }
    PlayerView p = removed.player();
    return Future.succeededFuture(new Exited(room.name, p.score(), p.steps(), new Cell(p.x(), p.y())));
  }

  Future<Acked> move(Move m) {
    Room room = rooms.get(m.room());
    if (room == null || !room.arena.contains(m.name())) {
      return notInRoom(m.room());
    }
    Promise<Acked> applied = Promise.promise();
    if (!room.arena.enqueue(m.name(), m.dir(), applied)) {
      return Future.failedFuture(new GameException(ErrorCode.RATE_LIMITED,
          "too many waiting moves (at most " + rules.maxWaitingMoves() + ")"));
    }
    return applied.future();
  }

  Future<Void> say(Say s) {
    Room room = rooms.get(s.room());
    if (room == null || !room.arena.contains(s.name())) {
      return notInRoom(s.room());
    }
    pusher.push(room.conns.values(), room.name, Events.said(room.name, s.name(), s.text()));
    return Future.succeededFuture();
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

  int roomCount() {
    return rooms.size();
  }

  /** Stops every tick loop and fails the moves still waiting. */
  void close() {
    for (Room room : rooms.values()) {
      room.stopTicking();
      for (String name : List.copyOf(room.conns.keySet())) {
        Arena.Removed<Promise<Acked>> removed = room.arena.leave(name);
        removed.unapplied().forEach(p -> p.tryFail(new GameException(ErrorCode.UNAVAILABLE, "the shard stopped")));
      }
    }
    rooms.clear();
  }

  private void tick(Room room) {
    Arena.Step<Promise<Acked>> step = room.arena.step();
    if (step.changed()) {
      byte[] state = Events.state(room.name, step.tick(), room.arena.players(), room.arena.coins());
      pusher.push(room.conns.values(), room.name, state);
    }
    Acked acked = new Acked(step.tick());
    for (Promise<Acked> move : step.applied()) {
      move.complete(acked);
    }
  }

  private static <T> Future<T> notInRoom(String room) {
    return Future.failedFuture(new GameException(ErrorCode.NOT_IN_ROOM, "not in room " + room));
  }
}
