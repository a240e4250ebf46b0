package dev.groundup.gateway;

import dev.groundup.common.cluster.ClusterNode;
import dev.groundup.common.cluster.Clustered;
import dev.groundup.common.cluster.NodeRunner;
import dev.groundup.common.cluster.NodeRunner.Started;
import dev.groundup.common.cluster.Role;
import dev.groundup.common.games.GameCatalog;
import dev.groundup.common.protocol.ShardClient;
import dev.groundup.common.shard.ShardNodes;
import dev.groundup.common.shard.ShardProbe;
import dev.groundup.gateway.bridge.BridgeVerticle;
import dev.groundup.gateway.bridge.RoomWatchers;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Entry point of a gateway node: joins the cluster and serves players on the player port. */
public final class GatewayMain {

  private static final Logger log = LoggerFactory.getLogger(GatewayMain.class);

  private GatewayMain() {}

  public static void main(String[] args) {
    NodeRunner.run(() -> GatewayConfig.fromEnv(System.getenv()), GatewayMain::start);
  }

  public static Future<Started> start(GatewayConfig config) {
    return Clustered.start(config.node()).compose(node -> serve(config, node));
  }

  /** Waits (bounded) for the shards, then serves players on a running node. */
  public static Future<Started> serve(GatewayConfig config, ClusterNode node) {
    return ShardNodes.start(node)
        .compose(
            directory ->
                awaitShards(config, node, directory).compose(v -> deploy(config, node, directory)));
  }

  /**
   * Waits (bounded) until every virtual shard answers from its owner, so the first players find
   * them.
   */
  private static Future<Void> awaitShards(
      GatewayConfig config, ClusterNode node, ShardNodes directory) {
    ShardClient shards =
        new ShardClient(node.vertx(), config.node().shardIds(), directory, Duration.ofSeconds(2));
    return ShardProbe.awaitSettled(node.vertx(), directory::current, shards, config.shardWait())
        .onSuccess(
            v ->
                log.info(
                    "All {} shards answer from their owners",
                    config.node().shardIds().usedShards()))
        .otherwise(
            failure -> {
              log.warn("Taking players before the shards settled: {}", failure.getMessage());
              return null;
            });
  }

  /** Deploys the gateway verticles on a running node. */
  public static Future<Started> deploy(
      GatewayConfig config, ClusterNode node, ShardNodes directory) {
    AtomicInteger instance = new AtomicInteger();
    // the games on this node's classpath: each input is checked by its game here, at the edge
    ClientCodec codec = new ClientCodec(GameCatalog.load());
    Admission admission =
        new Admission(config.caps().maxConnections(), config.caps().maxConnectionsPerSource());
    return node.vertx()
        .deployVerticle(
            () ->
                new GatewayVerticle(
                    config, node, directory, instance.getAndIncrement(), admission, codec),
            new DeploymentOptions().setInstances(config.instances()))
        .compose(id -> deployBridge(config, node, directory))
        .onSuccess(v -> node.health().started(Role.GATEWAY))
        .map(
            v ->
                new Started(
                    node,
                    config.bridge().enabled()
                        ? Map.of("players", config.port(), "bridge", config.bridge().port())
                        : Map.of("players", config.port())));
  }

  /** The debugging bridge, if enabled ({@code GROUNDUP_BRIDGE_PORT}); one instance per node. */
  private static Future<Void> deployBridge(
      GatewayConfig config, ClusterNode node, ShardNodes directory) {
    if (!config.bridge().enabled()) {
      return Future.succeededFuture();
    }
    // made on the bridge verticle's context, as RoomWatchers wants
    return node.vertx()
        .deployVerticle(
            new BridgeVerticle(
                config.bridge(),
                vertx ->
                    new RoomWatchers(
                        vertx,
                        new ShardClient(
                            vertx, config.node().shardIds(), directory, Duration.ofSeconds(2)))))
        .mapEmpty();
  }
}
