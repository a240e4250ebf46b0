package dev.groundup.shard;

import dev.groundup.common.Addresses;
import dev.groundup.common.cluster.ClusterNode;
import dev.groundup.common.codec.WireMessage;
import dev.groundup.common.protocol.ConnRef;
import dev.groundup.common.protocol.PlayerRecord;
import dev.groundup.common.protocol.Replies;
import dev.groundup.common.protocol.RoomProtocol.Enter;
import dev.groundup.common.protocol.RoomProtocol.Exit;
import dev.groundup.common.protocol.RoomProtocol.Move;
import dev.groundup.common.protocol.RoomProtocol.Say;
import dev.groundup.common.protocol.Score;
import dev.groundup.common.protocol.ShardClient;
import dev.groundup.common.protocol.ShardProtocol.CheckIn;
import dev.groundup.common.protocol.ShardProtocol.Disconnect;
import dev.groundup.common.protocol.ShardProtocol.Join;
import dev.groundup.common.protocol.ShardProtocol.Leave;
import dev.groundup.common.protocol.ShardProtocol.Locate;
import dev.groundup.common.protocol.ShardProtocol.Located;
import dev.groundup.common.protocol.ShardProtocol.Login;
import dev.groundup.common.protocol.ShardProtocol.Ping;
import dev.groundup.common.protocol.ShardProtocol.Reply;
import dev.groundup.common.protocol.ShardProtocol.Scores;
import dev.groundup.common.protocol.ShardProtocol.Top;
import dev.groundup.common.registry.ConflictRule;
import dev.groundup.common.registry.Registry;
import dev.groundup.common.registry.RegistryProtocol.NameConflict;
import dev.groundup.common.shard.RoutingMode;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One virtual shard: the players whose names hash to it and the rooms whose names hash to it, all
 * on this verticle's event loop. It consumes {@code groundup.shard.<id>} and dispatches each message
 * to {@link Players} or {@link RoomHost}; neither ever blocks. Each room it runs is registered in the
 * registry as {@code room:<name>}.
 */
public final class ShardVerticle extends VerticleBase {

  private static final Logger log = LoggerFactory.getLogger(ShardVerticle.class);

  private final int id;
  private final ShardConfig config;
  private final ClusterNode node;
  private Registry registry;
  private Players players;
  private RoomHost rooms;
  private MessageConsumer<WireMessage> consumer;
  private Runnable unsubscribe;

  public ShardVerticle(int id, ShardConfig config, ClusterNode node) {
    this.id = id;
    this.config = config;
    this.node = node;
  }

  @Override
  public Future<?> start() {
    ShardClient shards = new ShardClient(vertx.eventBus(), config.node().shardIds(), config.node().requestTimeout());
    Pusher pusher = new Pusher(vertx.eventBus());
    Players.Sessions sessions = config.node().routing() == RoutingMode.PER_CONNECTION ? this::startSession : null;
    players = new Players(id, Addresses.shard(id), shards, pusher, sessions);
    registry = Registry.create(vertx, node);
    rooms = new RoomHost(vertx, config.rules(), pusher, SplittableRandom::new, this::roomCreated);
    GatewayWatch gateways = new GatewayWatch(node.view().snapshot());
    unsubscribe = node.view().subscribe(context, snapshot -> gateways.update(snapshot, players::gatewayLeft));
    consumer = vertx.eventBus().consumer(Addresses.shard(id), this::onMessage);
    return consumer.completion();
  }

  @Override
  public Future<?> stop() {
    unsubscribe.run();
    rooms.close();
    return Future.join(consumer.unregister(), registry.close());
  }

  /** A room started here: it is registered as {@code room:<name>}, owned by this shard. */
  private void roomCreated(String room) {
    registry.reregister(Addresses.roomName(room), Addresses.shard(id), ConflictRule.KEEP_OLDEST)
        .onFailure(e -> log.warn("Room {} runs but could not be registered: {}", room, e.getMessage()));
  }

  private void onMessage(Message<WireMessage> message) {
    switch (message.body()) {
      case Login l -> Replies.answer(message, players.login(l));
      case Join j -> Replies.answer(message, players.join(j));
      case Leave l -> Replies.answer(message, players.leave(l));
      case Ping p -> message.reply(Reply.PONG);
      case Disconnect d -> players.disconnect(d.name(), d.conn());
      case Top t -> message.reply(new Scores(top(t.n())));
      case CheckIn c -> players.checkIn(c);
      case Locate l -> message.reply(new Located(id, node.nodeId()));
      case NameConflict c -> log.warn("Shard {} lost the name {} to {} on {}; the shard's owner by membership keeps"
          + " the room", id, c.name(), c.rivalAddress(), c.rivalNode());
      case Enter e -> Replies.answer(message, rooms.enter(e));
      case Exit x -> Replies.answer(message, rooms.exit(x));
      case Move m -> Replies.answer(message, rooms.move(m));
      case Say s -> Replies.answer(message, rooms.say(s).map(v -> Reply.DONE));
      default -> Replies.fail(message, new IllegalArgumentException("unexpected " + message.body()));
    }
  }

  /** This shard's part of the leaderboard: records and live room scores, best {@code n}. */
  private List<Score> top(int n) {
    List<Score> all = new ArrayList<>(players.scores());
    all.addAll(rooms.liveScores());
    return ShardClient.merge(List.of(new Scores(all)), n);
  }

  /** Mode per-connection: a session verticle of its own for the player, on this node. */
  private Future<String> startSession(PlayerRecord record, ConnRef conn) {
    String session = Addresses.player(UUID.randomUUID().toString());
    SessionVerticle verticle = new SessionVerticle(session, Addresses.shard(id), record, conn, config, node.view());
    return vertx.deployVerticle(verticle).map(deployment -> session);
  }
}
