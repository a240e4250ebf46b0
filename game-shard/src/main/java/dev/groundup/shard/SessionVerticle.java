package dev.groundup.shard;

import dev.groundup.common.cluster.ClusterNode;
import dev.groundup.common.cluster.Consumers;
import dev.groundup.common.codec.WireMessage;
import dev.groundup.common.protocol.ConnRef;
import dev.groundup.common.protocol.PlayerRecord;
import dev.groundup.common.protocol.Replies;
import dev.groundup.common.protocol.ShardClient;
import dev.groundup.common.protocol.ShardProtocol.CheckIn;
import dev.groundup.common.protocol.ShardProtocol.Disconnect;
import dev.groundup.common.protocol.ShardProtocol.EndSession;
import dev.groundup.common.protocol.ShardProtocol.Join;
import dev.groundup.common.protocol.ShardProtocol.Leave;
import dev.groundup.common.protocol.ShardProtocol.Ping;
import dev.groundup.common.protocol.ShardProtocol.Reply;
import dev.groundup.common.shard.ShardNodes;
import dev.groundup.common.store.GameStore;
import dev.groundup.common.store.StoredPlayer;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import org.slf4j.LoggerFactory;

/**
 * Routing mode {@code per-connection}: the session of one logged-in player in a verticle of its
 * own, with its own address and event loop (the talk's "one process per player"). It runs the same
 * {@link PlayerEntity} logic as a shard does, and hands the record back to its shard with {@link
 * CheckIn} when the connection ends, then undeploys itself.
 *
 * <p>It stores the player's changes with the epoch of the shard that started it. If the node dies,
 * the session dies with it; the player's stored record is where the session last stored it.
 *
 * <p>The shard puts a returning player back into its room before it starts the session, so the
 * session starts in that room; a session that ends takes the player out of its room but keeps the
 * room in the record it hands back, for the next login to resume.
 */
final class SessionVerticle extends VerticleBase {

  private final String address;
  private final int shard;
  private final long epoch;
  private final ConnRef conn;
  private final ShardConfig config;
  private final ClusterNode node;
  private final ShardNodes directory;
  private final PlayerRecord initial;
  private ShardClient shards;
  private PlayerEntity player;
  private MessageConsumer<WireMessage> consumer;
  private Runnable unsubscribe;

  /** The end of the session, once it has begun. */
  private Future<CheckIn> ended;

  /** The hand-back the session sent by itself (its connection went), answered or not. */
  private Future<Void> checkedIn = Future.succeededFuture();

  private boolean undeploying;

  SessionVerticle(
      String address,
      int shard,
      long epoch,
      PlayerRecord record,
      ConnRef conn,
      ShardConfig config,
      ClusterNode node,
      ShardNodes directory) {
    this.directory = directory;
    this.address = address;
    this.shard = shard;
    this.epoch = epoch;
    this.initial = record;
    this.conn = conn;
    this.config = config;
    this.node = node;
  }

  @Override
  public Future<?> start() {
    shards =
        new ShardClient(vertx, config.node().shardIds(), directory, config.node().requestTimeout());
    GameStore store = new GameStore(vertx, node.hazelcast());
    player =
        new PlayerEntity(
            initial,
            conn,
            shards,
            new Pusher(vertx.eventBus()),
            (record, c) -> store.putPlayer(new StoredPlayer(record, shard, epoch, c)));
    GatewayWatch gateways = new GatewayWatch(node.view().snapshot());
    unsubscribe =
        node.view().subscribe(context, snapshot -> gateways.update(snapshot, this::gatewayLeft));
    return Consumers.<WireMessage>register(vertx, address, this::onMessage)
        .onSuccess(c -> consumer = c);
  }

  @Override
  public Future<?> stop() {
    unsubscribe.run();
    return consumer.unregister();
  }

  private void onMessage(Message<WireMessage> message) {
    switch (message.body()) {
      case Join j -> Replies.answer(message, player.join(j.room(), j.game(), j.conn()));
      case Leave l -> Replies.answer(message, player.leave(l.conn()));
      case Ping p -> message.reply(Reply.PONG);
      case Disconnect d -> {
        if (d.conn().equals(conn)) {
          endAndCheckIn();
        }
        message.reply(Reply.DONE);
      }
      case EndSession e -> {
        Replies.answer(message, end(e.reason()));
        undeployWhenDone();
      }
      default ->
          Replies.fail(message, new IllegalArgumentException("unexpected " + message.body()));
    }
  }

  private void gatewayLeft(String node) {
    if (conn.node().equals(node)) {
      endAndCheckIn();
    }
  }

  /**
   * The connection is gone: ends the session (unless it is ending already), hands the player back
   * to its shard, and undeploys once the shard has answered.
   */
  private void endAndCheckIn() {
    if (ended == null) {
      checkedIn = end().compose(this::checkIn);
      undeployWhenDone();
    }
  }

  /** Hands the player back to the shard that owns it now. */
  private Future<Void> checkIn(CheckIn checkIn) {
    return shards
        .toShard(shard, checkIn, Reply.class)
        .<Void>mapEmpty()
        .onFailure(
            e ->
                LoggerFactory.getLogger(SessionVerticle.class)
                    .warn(
                        "Session of {} ended but its shard was not told: {}",
                        checkIn.record().name(),
                        e.getMessage()));
  }

  /**
   * The shard takes the player back ({@code EndSession}): the connection is kicked with {@code
   * kickReason} unless the session is ending already, and the answer is the record once the session
   * has ended — also when it was ending already, so that the shard never takes back a record older
   * than the one this session stores last.
   */
  private Future<CheckIn> end(String kickReason) {
    if (ended == null) {
      new Pusher(vertx.eventBus()).kick(conn, kickReason);
    }
    return end();
  }

  /**
   * Ends the session once: out of the room, the record stored; every call gives the record to hand
   * back.
   */
  private Future<CheckIn> end() {
    if (ended == null) {
      ended = player.endSession().map(v -> new CheckIn(player.record(), address));
    }
    return ended;
  }

  /**
   * Undeploys once the session has ended and its own hand-back (if it sent one) is answered: the
   * session keeps its address and its replies until the shard has the record, so a shard that asks
   * for the player meanwhile is answered rather than left waiting for a session that is gone.
   */
  private void undeployWhenDone() {
    Future.join(end(), checkedIn)
        .onComplete(
            done -> {
              if (!undeploying) {
                undeploying = true;
                vertx.undeploy(deploymentID());
              }
            });
  }
}
