package dev.groundup.shard;

import dev.groundup.common.protocol.ConnRef;
import dev.groundup.common.protocol.ErrorCode;
import dev.groundup.common.protocol.GameException;
import dev.groundup.common.protocol.PlayerRecord;
import dev.groundup.common.protocol.RoomProtocol.Exited;
import dev.groundup.common.protocol.RoomProtocol.Joined;
import dev.groundup.common.protocol.ShardClient;
import dev.groundup.common.protocol.ShardProtocol.Left;
import io.vertx.core.Future;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One player: its record and, while it is logged in, its connection. Operations on one player run
 * strictly one after another (each waits for the previous to finish), so a join racing a leave or a
 * disconnect always sees a consistent record; different players never wait for each other.
 *
 * <p>Every change of the record or the connection is stored ({@link Saver}) before the operation
 * answers. While the player is in a room the room stores its live score and steps; the record
 * catches up when the player leaves the room.
 */
final class PlayerEntity {

  /** Stores the player's record and connection. */
  interface Saver {
    Future<Void> save(PlayerRecord record, ConnRef conn);
  }

  private static final Logger log = LoggerFactory.getLogger(PlayerEntity.class);

  private final ShardClient shards;
  private final Pusher pusher;
  private final Saver saver;
  private PlayerRecord record;
  private ConnRef conn;
  private Future<?> tail = Future.succeededFuture();

  /** A stored player. */
  PlayerEntity(PlayerRecord record, ConnRef conn, ShardClient shards, Pusher pusher, Saver saver) {
    this.record = record;
    this.conn = conn;
    this.shards = shards;
    this.pusher = pusher;
    this.saver = saver;
  }

  PlayerRecord record() {
    return record;
  }

  ConnRef conn() {
    return conn;
  }

  String name() {
    return record.name();
  }

  /** Takes back the record and connection a session verticle had (mode per-connection). */
  void restore(PlayerRecord record, ConnRef conn) {
    this.record = record;
    this.conn = conn;
  }

  /** Runs {@code op} once every earlier operation on this player has finished. */
  <T> Future<T> serially(Supplier<Future<T>> op) {
    Future<T> next = tail.transform(ignored -> op.get());
    tail = next;
    return next;
  }

  /** Binds the player to {@code c}; an older connection gets {@code bye replaced} and leaves its room. */
  Future<Void> connect(ConnRef c) {
    if (conn == null || conn.equals(c)) {
      conn = c;
      return save();
    }
    pusher.kick(conn, "replaced");
    conn = c;
    return exitRoom(true).compose(exited -> save());
  }

  /** Joins {@code room}, leaving the current room first; if the new room refuses, goes back. */
  Future<Joined> join(String room, ConnRef c) {
    return serially(() -> {
      if (!c.equals(conn)) {
        return notLoggedIn();
      }
      if (room.equals(record.room())) {
        return shards.enter(room, name(), record.score(), record.steps(), conn, null);
      }
      return exitRoom(false).compose(exited -> shards.enter(room, name(), record.score(), record.steps(), conn, null)
          .recover(refused -> goBack(exited, refused))
          .compose(joined -> {
            record = record.withRoom(room);
            return save().map(joined);
          }));
    });
  }

  /** Leaves the current room. */
  Future<Left> leave(ConnRef c) {
    return serially(() -> {
      if (!c.equals(conn)) {
        return notLoggedIn();
      }
      String room = record.room();
      if (room == null) {
        return Future.failedFuture(new GameException(ErrorCode.NOT_IN_ROOM, "not in a room"));
      }
      return exitRoom(false).compose(exited -> save()).map(v -> new Left(room));
    });
  }

  /** The connection {@code c} is gone: if it is still this player's, the session ends. */
  Future<Void> disconnect(ConnRef c) {
    return serially(() -> c.equals(conn) ? end() : Future.succeededFuture());
  }

  /** Ends the session whatever its connection: out of the room, offline. */
  Future<Void> endSession() {
    return serially(this::end);
  }

  private Future<Void> end() {
    conn = null;
    return exitRoom(true).compose(exited -> save())
        .onFailure(e -> log.warn("Player {} went offline but could not be stored: {}", name(), e.getMessage()));
  }

  private Future<Void> save() {
    return saver.save(record, conn);
  }

  /**
   * Takes the player out of its room and brings the record up to date. With {@code force} the record
   * forgets the room even when the room cannot be reached; otherwise that is an {@code unavailable}.
   */
  private Future<Exited> exitRoom(boolean force) {
    String room = record.room();
    if (room == null) {
      return Future.succeededFuture();
    }
    return shards.exit(room, name())
        .map(exited -> {
          record = record.withProgress(exited.score(), exited.steps()).withRoom(null);
          return exited;
        })
        .recover(failure -> {
          GameException e = ShardClient.toGameException(failure);
          if (e.code() == ErrorCode.NOT_IN_ROOM || force) {
            if (e.code() != ErrorCode.NOT_IN_ROOM) {
              log.warn("Player {} left room {} without its last progress: {}", name(), room, e.getMessage());
            }
            record = record.withRoom(null);
            return Future.succeededFuture();
          }
          return Future.failedFuture(e);
        });
  }

  /** The new room refused: put the player back where it was, then report the refusal. */
  private Future<Joined> goBack(Exited exited, Throwable refused) {
    if (exited == null) {
      return Future.failedFuture(refused);
    }
    return shards.enter(exited.room(), name(), record.score(), record.steps(), conn, exited.at())
        .compose(joined -> {
          record = record.withRoom(exited.room());
          return save();
        })
        .transform(ignored -> Future.failedFuture(refused));
  }

  private static <T> Future<T> notLoggedIn() {
    return Future.failedFuture(new GameException(ErrorCode.NOT_LOGGED_IN, "this connection is not logged in"));
  }
}
