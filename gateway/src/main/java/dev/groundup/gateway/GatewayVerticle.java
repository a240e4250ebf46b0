package dev.groundup.gateway;

import dev.groundup.common.Addresses;
import dev.groundup.common.cluster.ClusterNode;
import dev.groundup.common.cluster.ClusterView;
import dev.groundup.common.cluster.Member;
import dev.groundup.common.cluster.Retries;
import dev.groundup.common.codec.WireMessage;
import dev.groundup.common.protocol.ConnRef;
import dev.groundup.common.protocol.ErrorCode;
import dev.groundup.common.protocol.GameException;
import dev.groundup.common.protocol.GatewayProtocol.Kick;
import dev.groundup.common.protocol.GatewayProtocol.Push;
import dev.groundup.common.protocol.GatewayProtocol.WarmUp;
import dev.groundup.common.protocol.Score;
import dev.groundup.common.protocol.ShardClient;
import dev.groundup.common.protocol.ShardProtocol;
import dev.groundup.common.registry.ConflictRule;
import dev.groundup.common.registry.Registry;
import dev.groundup.common.registry.RegistryProtocol.NameConflict;
import dev.groundup.common.shard.ShardNodes;
import dev.groundup.common.store.GameStore;
import dev.groundup.common.wire.Events;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.NetSocket;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One gateway instance: it accepts players on the shared player port, keeps a {@link Connection}
 * per socket, and consumes its own inbox ({@link Addresses#gatewayInbox}) where rooms and shards
 * push events and kicks for its connections. Several instances share the port, one per event loop.
 *
 * <p>Each logged-in player is registered in the registry as {@code player:<name>} at this
 * instance's inbox. A login of the same player anywhere else takes the name over and tells this
 * inbox with a {@code NameConflict}, and the older connection gets {@code bye replaced}.
 *
 * <p>On undeploy it shuts the server down gracefully: each player gets {@code bye shutdown} and the
 * player's session is told it is gone.
 */
public final class GatewayVerticle extends VerticleBase implements Connection.Owner {

  private static final Logger log = LoggerFactory.getLogger(GatewayVerticle.class);
  private static final String PLAYER_PREFIX = Addresses.playerName("");

  private final GatewayConfig config;
  private final ClusterNode node;
  private final ShardNodes directory;
  private final int instance;
  private final Admission admission;
  private final Map<Long, Connection> connections = new HashMap<>();
  private final Map<String, Connection> players = new HashMap<>();

  /**
   * The source address of each connection, admitted by {@link #admission} and released when it
   * closes.
   */
  private final Map<Long, String> sources = new HashMap<>();

  private final ClientCodec codec;
  private ShardClient shards;
  private InFlight load;
  private Registry registry;
  private GameStore store;
  private Runnable unsubscribe = () -> {};
  private Set<String> knownNodes = Set.of();
  private NetServer server;
  private MessageConsumer<WireMessage> inbox;
  private long nextId;

  GatewayVerticle(
      GatewayConfig config,
      ClusterNode node,
      ShardNodes directory,
      int instance,
      Admission admission,
      ClientCodec codec) {
    this.config = config;
    this.codec = codec;
    this.admission = admission;
    this.node = node;
    this.directory = directory;
    this.instance = instance;
  }

  @Override
  public Future<?> start() {
    shards =
        new ShardClient(vertx, config.node().shardIds(), directory, config.node().requestTimeout());
    load = new InFlight(config.limits().maxInFlight());
    registry = Registry.create(vertx, node);
    store = new GameStore(vertx, node.hazelcast());
    vertx.setPeriodic(1000, id -> sweep());
    watchDepartures();
    return Future.all(consumeInbox(), listen());
  }

  /** Requests waiting on a node that leaves fail at once rather than at their timeout. */
  private void watchDepartures() {
    knownNodes = nodeIds(node.view().snapshot());
    unsubscribe =
        node.view()
            .subscribe(
                context,
                snapshot -> {
                  Set<String> now = nodeIds(snapshot);
                  knownNodes.stream().filter(id -> !now.contains(id)).forEach(shards::nodeLeft);
                  knownNodes = now;
                });
  }

  private static Set<String> nodeIds(ClusterView.Snapshot snapshot) {
    return snapshot.members().stream().map(Member::nodeId).collect(Collectors.toSet());
  }

  @Override
  public Future<?> stop() {
    log.info(
        "Gateway instance {} stopping: {} players get bye shutdown", instance, connections.size());
    node.health().drain();
    unsubscribe.run();
    return server
        .shutdown(config.shutdownTimeout().toMillis(), TimeUnit.MILLISECONDS)
        .eventually(() -> Future.join(inbox.unregister(), registry.close()));
  }

  private Future<?> consumeInbox() {
    inbox = vertx.eventBus().consumer(inboxAddress(), this::onInbox);
    return inbox.completion();
  }

  private Future<?> listen() {
    server =
        vertx
            .createNetServer(new NetServerOptions().setTcpNoDelay(true))
            .connectHandler(this::onConnect);
    return server.listen(config.port(), config.host());
  }

  /**
   * A new socket: over a cap ({@link Admission}) it gets {@code bye busy} and is closed at once,
   * before {@code hello}, without touching the cluster; otherwise it becomes a {@link Connection}.
   */
  private void onConnect(NetSocket socket) {
    String source = socket.remoteAddress().host();
    if (!admission.tryAdmit(source)) {
      socket.exceptionHandler(e -> {});
      socket.end(Buffer.buffer(Events.bye("busy")));
      return;
    }
    ConnRef ref = new ConnRef(node.nodeId(), instance, nextId++);
    sources.put(ref.id(), source);
    Connection connection =
        new Connection(socket, ref, config.limits(), shards, codec, this, load, System.nanoTime());
    connections.put(ref.id(), connection);
    connection.start();
  }

  private void onInbox(Message<WireMessage> message) {
    switch (message.body()) {
      case Push push -> {
        for (Long id : push.conns()) {
          Connection c = connections.get(id);
          if (c != null) {
            c.deliver(push.room(), push.epoch(), push.tick(), push.json());
          }
        }
      }
      case Kick kick -> {
        Connection c = connections.get(kick.conn());
        if (c != null) {
          c.bye(kick.reason());
        }
      }
      case WarmUp warm ->
          vertx
              .eventBus()
              .request(warm.address(), ShardProtocol.NodeQuery.SHARDS)
              .onComplete(done -> message.reply(ShardProtocol.Reply.DONE));
      case NameConflict conflict when conflict.name().startsWith(PLAYER_PREFIX) -> {
        Connection c = players.get(conflict.name().substring(PLAYER_PREFIX.length()));
        if (c != null) {
          c.bye("replaced");
        }
      }
      case ShardProtocol.NodeQuery q when q == ShardProtocol.NodeQuery.INSTANCE_STATUS ->
          message.reply(
              new ShardProtocol.NodeStatus(node.nodeId(), players.size(), List.of(), List.of()));
      case ShardProtocol.NodeQuery q when q == ShardProtocol.NodeQuery.STATUS ->
          nodeStatus().onComplete(message::reply, e -> message.fail(500, e.getMessage()));
      default -> log.warn("Unexpected message on the gateway inbox: {}", message.body());
    }
  }

  @Override
  public void loggedIn(Connection connection, String name) {
    if (players.put(name, connection) == null) {
      node.metrics().playersConnected().incrementAndGet();
    }
    // tried again while the cluster changes and the player is still on this connection
    Retries.whileClusterChanges(
            vertx,
            "Registering player " + name,
            () ->
                registry.reregister(
                    Addresses.playerName(name), inboxAddress(), ConflictRule.KEEP_OLDEST),
            () -> players.get(name) == connection)
        .onComplete(
            previous ->
                previous.ifPresent(
                    p ->
                        vertx
                            .eventBus()
                            .send(
                                p.address(),
                                new NameConflict(
                                    p.name(), p.address(), inboxAddress(), node.nodeId()))),
            failure ->
                log.warn(
                    "Player {} plays but could not be registered: {}", name, failure.getMessage()));
  }

  @Override
  public void closed(Connection connection) {
    connections.remove(connection.id());
    String source = sources.remove(connection.id());
    if (source != null) {
      admission.release(source);
    }
    String name = connection.name();
    if (name != null && players.remove(name, connection)) {
      node.metrics().playersConnected().decrementAndGet();
      registry.unregister(Addresses.playerName(name));
    }
  }

  @Override
  public void errorSent(String code) {
    node.metrics().errorSent(code);
  }

  /** The cluster-wide leaderboard, read from the stored players and rooms. */
  @Override
  public Future<List<Score>> top(int n) {
    return store
        .top(n)
        .recover(
            e ->
                Future.failedFuture(
                    new GameException(
                        ErrorCode.UNAVAILABLE, "the leaderboard cannot be read right now")));
  }

  /**
   * This gateway node's part of the cluster status (asked of its first instance): the logged-in
   * connections of every instance, each asked on its inbox (at most a second each; one that does
   * not answer counts none).
   */
  private Future<ShardProtocol.NodeStatus> nodeStatus() {
    DeliveryOptions options = new DeliveryOptions().setSendTimeout(1000);
    List<Future<WireMessage>> parts = new java.util.ArrayList<>();
    for (int i = 0; i < config.instances(); i++) {
      parts.add(
          vertx
              .eventBus()
              .<WireMessage>request(
                  Addresses.gatewayInbox(node.nodeId(), i),
                  ShardProtocol.NodeQuery.INSTANCE_STATUS,
                  options)
              .map(Message::body));
    }
    return Future.join(parts)
        .transform(
            done -> {
              int players = 0;
              for (Future<WireMessage> part : parts) {
                if (part.succeeded() && part.result() instanceof ShardProtocol.NodeStatus s) {
                  players += s.players();
                }
              }
              return Future.succeededFuture(
                  new ShardProtocol.NodeStatus(node.nodeId(), players, List.of(), List.of()));
            });
  }

  private String inboxAddress() {
    return Addresses.gatewayInbox(node.nodeId(), instance);
  }

  private void sweep() {
    long now = System.nanoTime();
    for (Connection c : connections.values().toArray(Connection[]::new)) {
      c.sweep(now);
    }
  }
}
