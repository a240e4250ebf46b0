package dev.groundup.shard;

import dev.groundup.common.protocol.ConnRef;
import dev.groundup.common.protocol.ErrorCode;
import dev.groundup.common.protocol.GameException;
import dev.groundup.common.protocol.PlayerRecord;
import dev.groundup.common.protocol.RoomProtocol.Joined;
import dev.groundup.common.protocol.ShardClient;
import dev.groundup.common.protocol.ShardProtocol.CheckIn;
import dev.groundup.common.protocol.ShardProtocol.EndSession;
import dev.groundup.common.protocol.ShardProtocol.Join;
import dev.groundup.common.protocol.ShardProtocol.Leave;
import dev.groundup.common.protocol.ShardProtocol.Left;
import dev.groundup.common.protocol.ShardProtocol.LoggedIn;
import dev.groundup.common.protocol.ShardProtocol.Login;
import dev.groundup.common.protocol.Tokens;
import dev.groundup.common.store.StoredPlayer;
import io.vertx.core.Future;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The players of one virtual shard: their logins and, in routing modes {@code sharded} and {@code
 * single}, their sessions. In mode {@code per-connection} a logged-in player is handed to a session
 * verticle of its own ({@link Sessions}) and comes back when the session ends.
 *
 * <p>Players are stored ({@link Store}); the shard loads a player the first time it needs it,
 * claiming it for its epoch, so after a takeover the new owner serves each player from its stored
 * record and connection. A player is created (and {@code welcome} sent) only once it is stored.
 *
 * <p>A returning player is put back into the room its record names ({@link PlayerEntity#connect}):
 * the room it was in when its last session ended, or the room it is still in on the connection this
 * login replaces. {@link LoggedIn#room()} carries that room as the player sees it, so the gateway
 * can show it; a room that refuses the player never fails the login.
 */
final class Players {

  /** Where the sessions of logged-in players run. */
  interface Sessions {
    /** Starts a session for {@code record} on {@code conn}; the future gives its address. */
    Future<String> start(PlayerRecord record, ConnRef conn);
  }

  /** The shard's view of the player store. */
  interface Store {
    /** Loads and claims a player for this shard's epoch. */
    Future<Optional<StoredPlayer>> claim(String name);

    /** Creates a player unless it exists; gives the existing one if it does. */
    Future<Optional<StoredPlayer>> create(PlayerRecord record, ConnRef conn);

    /** Stores a player's record and connection. */
    Future<Void> save(PlayerRecord record, ConnRef conn);
  }

  /** Ends a player's session verticle (mode per-connection) and gives back its record. */
  interface SessionEnder {
    Future<CheckIn> end(String session, String reason);
  }

  private final int shard;
  private final PlayerEntity.Rooms rooms;
  private final PlayerEntity.Kicker kicker;
  private final SessionEnder ender;
  private final Sessions sessions;
  private final Store store;
  private final Map<String, PlayerEntity> entities = new HashMap<>();
  private final Map<String, Future<PlayerEntity>> loading = new HashMap<>();

  /** Mode per-connection: the session address of each player checked out to a session verticle. */
  private final Map<String, String> checkedOut = new HashMap<>();

  /** {@code sessions} is null when sessions run in the shard itself. */
  Players(int shard, ShardClient shards, Pusher pusher, Sessions sessions, Store store) {
    this(
        shard,
        PlayerEntity.rooms(shards),
        pusher::kick,
        (session, reason) -> shards.request(session, new EndSession(reason), CheckIn.class),
        sessions,
        store);
  }

  /** Players whose rooms, kicks and session verticles are reached through the given functions. */
  Players(
      int shard,
      PlayerEntity.Rooms rooms,
      PlayerEntity.Kicker kicker,
      SessionEnder ender,
      Sessions sessions,
      Store store) {
    this.shard = shard;
    this.rooms = rooms;
    this.kicker = kicker;
    this.ender = ender;
    this.sessions = sessions;
    this.store = store;
  }

  Future<LoggedIn> login(Login l) {
    return entity(l.name())
        .compose(
            existing ->
                existing != null ? existing.serially(() -> loginExisting(existing, l)) : create(l));
  }

  private Future<LoggedIn> create(Login l) {
    String token = Tokens.newToken();
    PlayerRecord record = PlayerRecord.created(l.name(), Tokens.hash(token));
    return store
        .create(record, l.conn())
        .compose(
            existing -> {
              if (existing.isPresent()) {
                // created meanwhile (on another connection or by a former owner): log in to that
                // one
                PlayerEntity entity = adopt(existing.get());
                return entity.serially(() -> loginExisting(entity, l));
              }
              // with a session verticle of its own, the session holds the connection, not the shard
              PlayerEntity entity = entity(record, sessions == null ? l.conn() : null);
              return startSession(entity, l.conn())
                  .map(session -> new LoggedIn(l.name(), token, shard, session, null));
            });
  }

  private Future<LoggedIn> loginExisting(PlayerEntity entity, Login l) {
    if (l.token() == null || !entity.record().tokenMatches(Tokens.hash(l.token()))) {
      return Future.failedFuture(
          new GameException(
              ErrorCode.NAME_TAKEN, "name " + l.name() + " is taken: log in with its token"));
    }
    // back into the room the record names (the room of its last session, or of the connection it
    // replaces)
    Future<Joined> resumed =
        sessions == null
            ? entity.connect(l.conn())
            : takeBack(entity, "replaced").compose(v -> entity.reenterFor(l.conn()));
    return resumed.compose(
        room ->
            startSession(entity, l.conn())
                .map(session -> new LoggedIn(l.name(), l.token(), shard, session, room)));
  }

  /**
   * The address of the player's session: null for "the shard that owns the player" (whichever node
   * that is, after a takeover too), or (mode per-connection) a session verticle of its own.
   */
  private Future<String> startSession(PlayerEntity entity, ConnRef conn) {
    if (sessions == null) {
      return Future.succeededFuture(null);
    }
    return sessions
        .start(entity.record(), conn)
        .onSuccess(session -> checkedOut.put(entity.name(), session));
  }

  Future<Joined> join(Join j) {
    return loggedIn(j.name()).compose(p -> p.join(j.room(), j.game(), j.conn()));
  }

  Future<Left> leave(Leave l) {
    return loggedIn(l.name()).compose(p -> p.leave(l.conn()));
  }

  Future<Void> disconnect(String name, ConnRef conn) {
    return entity(name)
        .compose(entity -> entity == null ? Future.succeededFuture() : entity.disconnect(conn));
  }

  /** A session verticle gave its player back. */
  Future<Void> checkIn(CheckIn c) {
    PlayerEntity entity = entities.get(c.record().name());
    if (entity == null || !c.session().equals(checkedOut.get(c.record().name()))) {
      return Future.succeededFuture();
    }
    checkedOut.remove(c.record().name());
    return entity.serially(
        () -> {
          entity.restore(c.record(), null);
          return store.save(c.record(), null);
        });
  }

  /**
   * How many players this shard holds a session of: in memory with a connection, or checked out to
   * a session verticle of their own (routing mode per-connection).
   */
  int online() {
    int online = checkedOut.size();
    for (PlayerEntity entity : entities.values()) {
      if (entity.conn() != null) {
        online++;
      }
    }
    return online;
  }

  /** A gateway node left the cluster: the sessions of its connections end. */
  void gatewayLeft(String node) {
    for (PlayerEntity entity : entities.values()) {
      ConnRef conn = entity.conn();
      if (conn != null && conn.node().equals(node)) {
        entity.disconnect(conn);
      }
    }
  }

  /**
   * Ends the player's session verticle if it has one, taking the record back. A session that is
   * gone already (it ended and its {@link CheckIn} is still on its way, or its node died) stored
   * its record before it went, so the record is read back from the store.
   */
  private Future<Void> takeBack(PlayerEntity entity, String reason) {
    String session = checkedOut.remove(entity.name());
    if (session == null) {
      return Future.succeededFuture();
    }
    return ender
        .end(session, reason)
        .map(CheckIn::record)
        .recover(
            gone ->
                store
                    .claim(entity.name())
                    .map(stored -> stored.map(StoredPlayer::record).orElse(entity.record())))
        .compose(
            record -> {
              entity.restore(record, null);
              return store.save(record, null);
            })
        .otherwiseEmpty();
  }

  private Future<PlayerEntity> loggedIn(String name) {
    return entity(name)
        .compose(
            entity ->
                entity == null
                    ? Future.failedFuture(
                        new GameException(ErrorCode.NOT_LOGGED_IN, "not logged in"))
                    : Future.succeededFuture(entity));
  }

  /** The player in memory, or loaded (and claimed) from the store; null if it does not exist. */
  private Future<PlayerEntity> entity(String name) {
    PlayerEntity entity = entities.get(name);
    if (entity != null) {
      return Future.succeededFuture(entity);
    }
    Future<PlayerEntity> pending = loading.get(name);
    if (pending != null) {
      return pending;
    }
    Future<PlayerEntity> load =
        store.claim(name).map(stored -> stored.map(this::adopt).orElse(null));
    loading.put(name, load);
    load.onComplete(done -> loading.remove(name));
    return load;
  }

  private PlayerEntity adopt(StoredPlayer stored) {
    PlayerEntity known = entities.get(stored.record().name());
    return known != null ? known : entity(stored.record(), stored.conn());
  }

  private PlayerEntity entity(PlayerRecord record, ConnRef conn) {
    PlayerEntity entity = new PlayerEntity(record, conn, rooms, kicker, store::save);
    entities.put(record.name(), entity);
    return entity;
  }
}
