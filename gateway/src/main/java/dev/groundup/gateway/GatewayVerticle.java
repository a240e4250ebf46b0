package dev.groundup.gateway;

import dev.groundup.common.Addresses;
import dev.groundup.common.codec.WireMessage;
import dev.groundup.common.protocol.ConnRef;
import dev.groundup.common.protocol.GatewayProtocol.Kick;
import dev.groundup.common.protocol.GatewayProtocol.Push;
import dev.groundup.common.protocol.ShardClient;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.NetSocket;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One gateway instance: it accepts players on the shared player port, keeps a {@link Connection} per
 * socket, and consumes its own inbox ({@link Addresses#gatewayInbox}) where rooms and shards push
 * events and kicks for its connections. Several instances share the port, one per event loop.
 *
 * <p>On undeploy it shuts the server down gracefully: each player gets {@code bye shutdown} and the
 * player's session is told it is gone.
 */
public final class GatewayVerticle extends VerticleBase {

  private static final Logger log = LoggerFactory.getLogger(GatewayVerticle.class);

  private final GatewayConfig config;
  private final String nodeId;
  private final int instance;
  private final Map<Long, Connection> connections = new HashMap<>();
  private ShardClient shards;
  private NetServer server;
  private MessageConsumer<WireMessage> inbox;
  private long nextId;

  public GatewayVerticle(GatewayConfig config, String nodeId, int instance) {
    this.config = config;
    this.nodeId = nodeId;
    this.instance = instance;
  }

  @Override
  public Future<?> start() {
    shards = new ShardClient(vertx.eventBus(), config.node().shardIds(), config.node().requestTimeout());
    vertx.setPeriodic(1000, id -> sweep());
    return Future.all(consumeInbox(), listen());
  }

  @Override
  public Future<?> stop() {
    log.info("Gateway instance {} stopping: {} players get bye shutdown", instance, connections.size());
    return server.shutdown(config.shutdownTimeout().toMillis(), TimeUnit.MILLISECONDS)
        .eventually(() -> inbox.unregister());
  }

  private Future<?> consumeInbox() {
    inbox = vertx.eventBus().consumer(Addresses.gatewayInbox(nodeId, instance), this::onInbox);
    return inbox.completion();
  }

  private Future<?> listen() {
    server = vertx.createNetServer(new NetServerOptions().setTcpNoDelay(true))
        .connectHandler(this::onConnect);
    return server.listen(config.port(), config.host());
  }

  private void onConnect(NetSocket socket) {
    ConnRef ref = new ConnRef(nodeId, instance, nextId++);
    Connection connection = new Connection(socket, ref, config.limits(), shards,
        c -> connections.remove(c.id()), System.nanoTime());
    connections.put(ref.id(), connection);
    connection.start();
  }

  private void onInbox(Message<WireMessage> message) {
    switch (message.body()) {
      case Push push -> {
        for (Long id : push.conns()) {
          Connection c = connections.get(id);
          if (c != null) {
            c.deliver(push.room(), push.json());
          }
        }
      }
      case Kick kick -> {
        Connection c = connections.get(kick.conn());
        if (c != null) {
          c.bye(kick.reason());
        }
      }
      default -> log.warn("Unexpected message on the gateway inbox: {}", message.body());
    }
  }

  private void sweep() {
    long now = System.nanoTime();
    for (Connection c : connections.values().toArray(Connection[]::new)) {
      c.sweep(now);
    }
  }
}
