package dev.groundup.shard;

import dev.groundup.common.protocol.ConnRef;
import dev.groundup.common.protocol.ErrorCode;
import dev.groundup.common.protocol.GameException;
import dev.groundup.common.protocol.PlayerRecord;
import dev.groundup.common.protocol.RoomProtocol.Enter;
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
 * answers. While the player is in a room the room stores its live score and progress; the record
 * catches up when the player leaves the room.
 *
 * <p>The record's room is the room the player is in while it is logged in, and the room to resume
 * while it is not: a session that ends takes the player out of its room but keeps the room in the
 * record, and the next login puts the player back into it ({@link #connect}). Only {@code leave}
 * (or joining another room) forgets it.
 */
final class PlayerEntity {

  /** Stores the player's record and connection. */
  interface Saver {
    Future<Void> save(PlayerRecord record, ConnRef conn);
  }

  /** The rooms, wherever they run: {@link ShardClient#enter} and {@link ShardClient#exit}. */
  interface Rooms {
    /**
     * Puts the player into a room ({@link Enter}); one already in it is rebound to its connection.
     */
    Future<Joined> enter(Enter enter);

    /** Takes the player out of {@code room}. */
    Future<Exited> exit(String room, String name);
  }

  /** Tells a connection that it is closed, with a {@code bye} reason: {@link Pusher#kick}. */
  interface Kicker {
    void kick(ConnRef conn, String reason);
  }

  private static final Logger log = LoggerFactory.getLogger(PlayerEntity.class);

  private final Rooms rooms;
  private final Kicker kicker;
  private final Saver saver;
  private PlayerRecord record;
  private ConnRef conn;
  private Future<?> tail = Future.succeededFuture();

  /** A stored player, whose rooms are reached through {@code shards}. */
  PlayerEntity(PlayerRecord record, ConnRef conn, ShardClient shards, Pusher pusher, Saver saver) {
    this(record, conn, rooms(shards), pusher::kick, saver);
  }

  /** A stored player. */
  PlayerEntity(PlayerRecord record, ConnRef conn, Rooms rooms, Kicker kicker, Saver saver) {
    this.record = record;
    this.conn = conn;
    this.rooms = rooms;
    this.kicker = kicker;
    this.saver = saver;
  }

  /** The rooms as {@code shards} reaches them. */
  static Rooms rooms(ShardClient shards) {
    return new Rooms() {
      @Override
      public Future<Joined> enter(Enter enter) {
        return shards.enter(enter);
      }

      @Override
      public Future<Exited> exit(String room, String name) {
        return shards.exit(room, name);
      }
    };
  }

  PlayerRecord record() {
    return record;
  }

  /**
   * The player, with its score and progress, entering {@code room} (of {@code game}, or as it is).
   */
  private Enter entering(String room, String game, ConnRef c, byte[] seat) {
    return new Enter(room, game, name(), record.score(), record.progress(), c, seat);
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

  /**
   * Binds the player to {@code c} and puts it back into the room its record names, then stores it.
   * An older connection gets {@code bye replaced}; if the player is still in the room on that
   * connection the room just rebinds it to {@code c}, so its place, score and progress stay as they
   * are live. The future gives the room as the player sees it on entering, or null when it is in no
   * room: a room that refuses (full, unreachable) never fails the login, the record forgets it
   * instead.
   */
  Future<Joined> connect(ConnRef c) {
    if (conn != null && !conn.equals(c)) {
      kicker.kick(conn, "replaced");
    }
    conn = c;
    return reenter(c).compose(joined -> save().map(joined));
  }

  /**
   * Mode per-connection: puts the player, whose session verticle is about to start, back into the
   * room its record names, on {@code c}, without binding {@code c} here (the session holds the
   * connection). If the room refuses, the record forgets it and is stored. Gives the room, or null.
   */
  Future<Joined> reenterFor(ConnRef c) {
    String room = record.room();
    return reenter(c)
        .compose(
            joined ->
                joined == null && room != null
                    ? saver.save(record, conn).map((Joined) null)
                    : Future.succeededFuture(joined));
  }

  /**
   * Enters the record's room on {@code c}; on a refusal the record forgets the room (not stored
   * here).
   */
  private Future<Joined> reenter(ConnRef c) {
    String room = record.room();
    if (room == null) {
      return Future.succeededFuture();
    }
    return rooms
        .enter(entering(room, record.game(), c, null))
        .recover(
            refused -> {
              log.info(
                  "Player {} logs in outside room {}, which refused it: {}",
                  name(),
                  room,
                  ShardClient.toGameException(refused).getMessage());
              record = record.withRoom(null, null);
              return Future.succeededFuture();
            });
  }

  /**
   * Joins {@code room} — of {@code game}, or (null) whatever it plays — leaving the current room
   * first; if the new room refuses, goes back.
   */
  Future<Joined> join(String room, String game, ConnRef c) {
    return serially(
        () -> {
          if (!c.equals(conn)) {
            return notLoggedIn();
          }
          if (room.equals(record.room())) {
            return rooms.enter(entering(room, game, conn, null));
          }
          return exitRoom(false)
              .compose(
                  exited ->
                      rooms
                          .enter(entering(room, game, conn, null))
                          .recover(refused -> goBack(exited, refused))
                          .compose(
                              joined -> {
                                record = record.withRoom(room, joined.game());
                                return save().map(joined);
                              }));
        });
  }

  /** Leaves the current room. */
  Future<Left> leave(ConnRef c) {
    return serially(
        () -> {
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

  /**
   * Ends the session: the player leaves its room (the others get {@code exit}) but the record keeps
   * the room, as the room to resume at the next login, and is stored with its latest score and
   * progress.
   */
  private Future<Void> end() {
    conn = null;
    String room = record.room();
    String game = record.game();
    return exitRoom(true)
        .compose(
            exited -> {
              record = record.withRoom(room, game);
              return save();
            })
        .onFailure(
            e ->
                log.warn(
                    "Player {} went offline but could not be stored: {}", name(), e.getMessage()));
  }

  private Future<Void> save() {
    return saver.save(record, conn);
  }

  /**
   * Takes the player out of its room and brings the record up to date. With {@code force} the
   * record forgets the room even when the room cannot be reached; otherwise that is an {@code
   * unavailable}.
   */
  private Future<Exited> exitRoom(boolean force) {
    String room = record.room();
    if (room == null) {
      return Future.succeededFuture();
    }
    return rooms
        .exit(room, name())
        .map(
            exited -> {
              record =
                  record
                      .withProgress(exited.score(), exited.game(), exited.progress())
                      .withRoom(null, null);
              return exited;
            })
        .recover(
            failure -> {
              GameException e = ShardClient.toGameException(failure);
              if (e.code() == ErrorCode.NOT_IN_ROOM || force) {
                if (e.code() != ErrorCode.NOT_IN_ROOM) {
                  log.warn(
                      "Player {} left room {} without its last progress: {}",
                      name(),
                      room,
                      e.getMessage());
                }
                record = record.withRoom(null, null);
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
    return rooms
        .enter(entering(exited.room(), exited.game(), conn, exited.seat()))
        .compose(
            joined -> {
              record = record.withRoom(exited.room(), exited.game());
              return save();
            })
        .transform(ignored -> Future.failedFuture(refused));
  }

  private static <T> Future<T> notLoggedIn() {
    return Future.failedFuture(
        new GameException(ErrorCode.NOT_LOGGED_IN, "this connection is not logged in"));
  }
}
