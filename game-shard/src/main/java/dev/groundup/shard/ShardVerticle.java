package dev.groundup.shard;

import dev.groundup.common.Addresses;
import dev.groundup.common.cluster.ClusterNode;
import dev.groundup.common.codec.WireMessage;
import dev.groundup.common.protocol.Cell;
import dev.groundup.common.protocol.ConnRef;
import dev.groundup.common.protocol.ErrorCode;
import dev.groundup.common.protocol.GameException;
import dev.groundup.common.protocol.PlayerRecord;
import dev.groundup.common.protocol.Replies;
import dev.groundup.common.protocol.RoomProtocol.Enter;
import dev.groundup.common.protocol.RoomProtocol.Exit;
import dev.groundup.common.protocol.RoomProtocol.Move;
import dev.groundup.common.protocol.RoomProtocol.Say;
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
import dev.groundup.common.protocol.ShardProtocol.StepDown;
import dev.groundup.common.registry.ConflictRule;
import dev.groundup.common.registry.Registry;
import dev.groundup.common.registry.RegistryProtocol.NameConflict;
import dev.groundup.common.shard.RoutingMode;
import dev.groundup.common.shard.ShardNodes;
import dev.groundup.common.store.GameStore;
import dev.groundup.common.store.StoredMember;
import dev.groundup.common.store.StoredPlayer;
import dev.groundup.common.store.StoredRoom;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One virtual shard: the players whose names hash to it and the rooms whose names hash to it, all
 * on this verticle's event loop. It dispatches each message to {@link Players} or {@link RoomHost};
 * neither ever blocks.
 *
 * It consumes {@code groundup.shard.<id>@<node>}, the address the directory of shard nodes names for it.
 *
 * <p>On start it becomes the shard's owner with the next epoch, claims the shard's stored rooms and
 * resumes them (their ticks go on from the stored tick), and only then takes requests. Players are
 * claimed as they are needed. Everything it stores carries its epoch; when a write is refused as
 * stale, another node owns the shard now and this one steps down. Each room it runs is registered as
 * {@code room:<name>}.
 */
public final class ShardVerticle extends VerticleBase {

  private static final Logger log = LoggerFactory.getLogger(ShardVerticle.class);

  private final int id;
  private final ShardConfig config;
  private final ClusterNode node;
  private final ShardNodes directory;
  private GameStore store;
  private Registry registry;
  private Players players;
  private RoomHost rooms;
  private MessageConsumer<WireMessage> consumer;
  private Runnable unsubscribe = () -> { };
  private long epoch;
  private boolean steppingDown;

  public ShardVerticle(int id, ShardConfig config, ClusterNode node, ShardNodes directory) {
    this.id = id;
    this.config = config;
    this.node = node;
    this.directory = directory;
  }

  @Override
  public Future<?> start() {
    ShardClient shards = new ShardClient(vertx, config.node().shardIds(), directory, config.node().requestTimeout());
    Pusher pusher = new Pusher(vertx.eventBus());
    store = new GameStore(vertx, node.hazelcast());
    registry = Registry.create(vertx, node);
    Players.Sessions sessions = config.node().routing() == RoutingMode.PER_CONNECTION ? this::startSession : null;
    players = new Players(id, shards, pusher, sessions, new PlayerStore());
    rooms = new RoomHost(vertx, config.rules(), pusher, SplittableRandom::new, this::roomCreated, new RoomStore());
    return store.acquire(id, node.nodeId())
        .compose(acquired -> {
          epoch = acquired;
          return store.claimRooms(id, epoch);
        })
        .compose(stored -> {
          rooms.resume(stored);
          if (!stored.isEmpty()) {
            log.info("Shard {} resumed {} rooms at epoch {}", id, stored.size(), epoch);
          }
          GatewayWatch gateways = new GatewayWatch(node.view().snapshot());
          unsubscribe = node.view().subscribe(context, snapshot -> gateways.update(snapshot, players::gatewayLeft));
          consumer = vertx.eventBus().consumer(Addresses.shard(id, node.nodeId()), this::onMessage);
          if (config.faultInjection()) {
            vertx.eventBus().<String>localConsumer(Addresses.crashHook(id), m -> {
              throw new IllegalStateException("fault injected into shard " + id + ": " + m.body());
            });
          }
          return consumer.completion();
        })
        .recover(failure -> {
          if (!GameStore.ownershipLost(failure) && !GameStore.storeUnreachable(failure)) {
            return Future.failedFuture(failure);
          }
          // not a crash: the shard cannot be owned from here right now (no quorum, a newer owner, or
          // the store out of reach); the host retakes it when the cluster lets it
          lost(failure);
          return Future.succeededFuture();
        });
  }

  @Override
  public Future<?> stop() {
    unsubscribe.run();
    rooms.close(new GameException(ErrorCode.UNAVAILABLE, "the shard stopped"));
    Future<Void> unregistered = consumer == null ? Future.succeededFuture() : consumer.unregister();
    return Future.join(unregistered, registry.close());
  }

  private void onMessage(Message<WireMessage> message) {
    switch (message.body()) {
      case Login l -> Replies.answer(message, players.login(l));
      case Join j -> Replies.answer(message, players.join(j));
      case Leave l -> Replies.answer(message, players.leave(l));
      case Ping p -> message.reply(Reply.PONG);
      case Disconnect d -> Replies.answer(message, players.disconnect(d.name(), d.conn()).map(v -> Reply.DONE));
      case CheckIn c -> Replies.answer(message, players.checkIn(c).map(v -> Reply.DONE));
      case Locate l -> message.reply(new Located(id, node.nodeId()));
      case Enter e -> Replies.answer(message, rooms.enter(e));
      case Exit x -> Replies.answer(message, rooms.exit(x));
      case Move m -> Replies.answer(message, rooms.move(m));
      case Say s -> Replies.answer(message, rooms.say(s).map(v -> Reply.DONE));
      case NameConflict c -> log.warn("Shard {} lost the name {} to {} on {}; the shard's owner by membership keeps"
          + " the room", id, c.name(), c.rivalAddress(), c.rivalNode());
      default -> Replies.fail(message, new IllegalArgumentException("unexpected " + message.body()));
    }
  }

  /**
   * This node may no longer own the shard (a newer owner claimed it, or this side of the cluster lost
   * its quorum): stop serving it and let the host undeploy it.
   */
  private void lost(Throwable reason) {
    if (steppingDown) {
      return;
    }
    steppingDown = true;
    log.warn("Shard {} steps down: {}", id, reason.getMessage());
    vertx.eventBus().send(Addresses.shardNode(node.nodeId()), new StepDown(id, epoch));
  }

  /** A room started here: it is registered as {@code room:<name>}, owned by this shard. */
  private void roomCreated(String room) {
    registry.reregister(Addresses.roomName(room), Addresses.shard(id, node.nodeId()), ConflictRule.KEEP_OLDEST)
        .onFailure(e -> log.warn("Room {} runs but could not be registered: {}", room, e.getMessage()));
  }

  /** Mode per-connection: a session verticle of its own for the player, on this node. */
  private Future<String> startSession(PlayerRecord record, ConnRef conn) {
    String session = Addresses.player(UUID.randomUUID().toString());
    SessionVerticle verticle = new SessionVerticle(session, id, epoch, record, conn, config, node, directory);
    return vertx.deployVerticle(verticle).map(deployment -> session);
  }

  /** Rooms are stored with this shard's id and epoch; a stale write means the shard is lost. */
  private final class RoomStore implements RoomHost.Store {
    @Override
    public Future<Void> save(String room, long tick, List<Cell> coins, List<StoredMember> members) {
      if (!config.node().durable()) {
        // GROUNDUP_UNSAFE_NO_STORE: acknowledge without storing, to show what the store prevents
        return Future.succeededFuture();
      }
      return store.putRoom(new StoredRoom(room, id, epoch, tick, coins, members));
    }

    @Override
    public void lost(Throwable reason) {
      ShardVerticle.this.lost(reason);
    }

    @Override
    public long epoch() {
      return epoch;
    }
  }

  /** Players are stored with this shard's id and epoch; a stale write or claim means the shard is lost. */
  private final class PlayerStore implements Players.Store {
    @Override
    public Future<Optional<StoredPlayer>> claim(String name) {
      return store.claimPlayer(name, epoch).onFailure(this::checkStale);
    }

    @Override
    public Future<Optional<StoredPlayer>> create(PlayerRecord record, ConnRef conn) {
      return store.createPlayer(new StoredPlayer(record, id, epoch, conn));
    }

    @Override
    public Future<Void> save(PlayerRecord record, ConnRef conn) {
      return store.putPlayer(new StoredPlayer(record, id, epoch, conn)).onFailure(this::checkStale);
    }

    private void checkStale(Throwable failure) {
      if (GameStore.ownershipLost(failure)) {
        lost(failure);
      }
    }
  }
}
