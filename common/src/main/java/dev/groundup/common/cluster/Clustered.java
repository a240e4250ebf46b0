package dev.groundup.common.cluster;

import com.hazelcast.core.HazelcastInstance;
import dev.groundup.common.codec.WireCodec;
import dev.groundup.common.config.NodeConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.eventbus.EventBusOptions;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import java.util.List;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds a clustered {@link Vertx} for a node: Hazelcast from {@link HazelcastConfigs}, the event bus
 * bound to the cluster host, the one {@link WireCodec} installed, and a {@link ClusterView}. Refuses
 * to run beside members whose shard count or routing mode differs from this node's.
 */
public final class Clustered {

  private static final Logger log = LoggerFactory.getLogger(Clustered.class);

  private Clustered() {
  }

  public static Future<ClusterNode> start(NodeConfig config) {
    return start(config, new VertxOptions());
  }

  public static Future<ClusterNode> start(NodeConfig config, VertxOptions options) {
    HazelcastClusterManager manager = new HazelcastClusterManager(HazelcastConfigs.build(config));
    options.setEventBusOptions(new EventBusOptions()
        .setHost(config.clusterHost())
        .setPort(config.eventBusPort())
        .setClusterPublicHost(config.publicHost()));
    return Vertx.builder()
        .with(options)
        .withClusterManager(manager)
        .buildClustered()
        .compose(vertx -> join(config, vertx, manager));
  }

  private static Future<ClusterNode> join(NodeConfig config, Vertx vertx, HazelcastClusterManager manager) {
    WireCodec.install(vertx.eventBus());
    HazelcastInstance hazelcast = manager.getHazelcastInstance();
    ClusterView view = new ClusterView(hazelcast, manager.getNodeId(), config.shardCount(), config.routing().wire());
    view.start();
    List<Member> incompatible = view.incompatible();
    if (!incompatible.isEmpty()) {
      String who = incompatible.stream()
          .map(m -> m.name() + " (shards=" + m.shardCount() + ", routing=" + m.routing() + ")")
          .collect(Collectors.joining(", "));
      view.stop();
      return vertx.close().transform(ignored -> Future.failedFuture(new IllegalStateException(
          "this node has shards=" + config.shardCount() + ", routing=" + config.routing().wire()
              + " but the cluster has " + who + ": every node must agree")));
    }
    log.info("Joined cluster '{}' as {} {} (node {}), {} members", config.clusterName(), config.role().wire(),
        config.nodeName(), manager.getNodeId(), view.snapshot().members().size());
    return Future.succeededFuture(
        new ClusterNode(config, vertx, hazelcast, manager.getNodeId(), view, manager.getNodeInfo().port()));
  }
}
