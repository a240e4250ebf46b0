package dev.groundup.shard;

import dev.groundup.common.protocol.ConnRef;
import dev.groundup.common.protocol.ErrorCode;
import dev.groundup.common.protocol.GameException;
import dev.groundup.common.protocol.PlayerRecord;
import dev.groundup.common.protocol.RoomProtocol.Joined;
import dev.groundup.common.protocol.Score;
import dev.groundup.common.protocol.ShardClient;
import dev.groundup.common.protocol.ShardProtocol.CheckIn;
import dev.groundup.common.protocol.ShardProtocol.EndSession;
import dev.groundup.common.protocol.ShardProtocol.Join;
import dev.groundup.common.protocol.ShardProtocol.Leave;
import dev.groundup.common.protocol.ShardProtocol.Left;
import dev.groundup.common.protocol.ShardProtocol.LoggedIn;
import dev.groundup.common.protocol.ShardProtocol.Login;
import dev.groundup.common.protocol.Tokens;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The players of one virtual shard: their records, their logins and, in routing modes {@code sharded}
 * and {@code single}, their sessions. In mode {@code per-connection} a logged-in player is handed to a
 * session verticle of its own ({@link Sessions}) and comes back when the session ends.
 *
 * <p>Records are in memory only until durability lands: they are lost with the shard node.
 */
final class Players {

  /** Where the sessions of logged-in players run. */
  interface Sessions {
    /** Starts a session for {@code record} on {@code conn}; the future gives its address. */
    Future<String> start(PlayerRecord record, ConnRef conn);
  }

  private final int shard;
  private final String shardAddress;
  private final ShardClient shards;
  private final Pusher pusher;
  private final Sessions sessions;
  private final Map<String, PlayerEntity> entities = new HashMap<>();
  /** Mode per-connection: the session address of each player checked out to a session verticle. */
  private final Map<String, String> checkedOut = new HashMap<>();

  /** {@code sessions} is null when sessions run in the shard itself. */
  Players(int shard, String shardAddress, ShardClient shards, Pusher pusher, Sessions sessions) {
    this.shard = shard;
    this.shardAddress = shardAddress;
    this.shards = shards;
    this.pusher = pusher;
    this.sessions = sessions;
  }

  Future<LoggedIn> login(Login l) {
    PlayerEntity entity = entities.get(l.name());
    String token = l.token();
    if (entity == null) {
      token = Tokens.newToken();
      entity = new PlayerEntity(new PlayerRecord(l.name(), Tokens.hash(token), 0, 0, null), shards, pusher);
      entities.put(l.name(), entity);
    } else if (token == null || !entity.record().tokenMatches(Tokens.hash(token))) {
      return Future.failedFuture(new GameException(ErrorCode.NAME_TAKEN,
          "name " + l.name() + " is taken: log in with its token"));
    }
    String granted = token;
    if (sessions == null) {
      return entity.connect(l.conn()).map(v -> new LoggedIn(l.name(), granted, shard, shardAddress));
    }
    PlayerEntity player = entity;
    return entity.serially(() -> takeBack(player, "replaced")
        .compose(v -> sessions.start(player.record(), l.conn()))
        .map(session -> {
          checkedOut.put(l.name(), session);
          return new LoggedIn(l.name(), granted, shard, session);
        }));
  }

  Future<Joined> join(Join j) {
    return entity(j.name()).compose(p -> p.join(j.room(), j.conn()));
  }

  Future<Left> leave(Leave l) {
    return entity(l.name()).compose(p -> p.leave(l.conn()));
  }

  void disconnect(String name, ConnRef conn) {
    PlayerEntity entity = entities.get(name);
    if (entity != null) {
      entity.disconnect(conn);
    }
  }

  /** A session verticle gave its player back. */
  void checkIn(CheckIn c) {
    PlayerEntity entity = entities.get(c.record().name());
    if (entity != null && c.session().equals(checkedOut.get(c.record().name()))) {
      entity.record(c.record());
      checkedOut.remove(c.record().name());
    }
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

  /** Every player's score as the records have it. */
  List<Score> scores() {
    List<Score> scores = new ArrayList<>(entities.size());
    for (PlayerEntity e : entities.values()) {
      scores.add(new Score(e.name(), e.record().score()));
    }
    return scores;
  }

  int online() {
    int n = 0;
    for (PlayerEntity e : entities.values()) {
      if (e.conn() != null) {
        n++;
      }
    }
    return n + checkedOut.size();
  }

  /** Ends the player's session verticle if it has one, taking the record back. */
  private Future<Void> takeBack(PlayerEntity entity, String reason) {
    String session = checkedOut.remove(entity.name());
    if (session == null) {
      return Future.succeededFuture();
    }
    return shards.request(session, new EndSession(reason), CheckIn.class)
        .onSuccess(c -> entity.record(c.record()))
        .<Void>mapEmpty()
        .otherwiseEmpty();
  }

  private Future<PlayerEntity> entity(String name) {
    PlayerEntity entity = entities.get(name);
    return entity == null
        ? Future.failedFuture(new GameException(ErrorCode.NOT_LOGGED_IN, "not logged in"))
        : Future.succeededFuture(entity);
  }
}
