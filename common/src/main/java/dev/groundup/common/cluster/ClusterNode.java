package dev.groundup.common.cluster;

import com.hazelcast.core.HazelcastInstance;
import dev.groundup.common.config.NodeConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

/**
 * A running clustered node: its Vert.x, its Hazelcast member, its id and its view of the cluster.
 * {@link #close()} leaves the cluster gracefully (undeploys every verticle, then Hazelcast leaves).
 */
public record ClusterNode(NodeConfig config, Vertx vertx, HazelcastInstance hazelcast, String nodeId,
    ClusterView view, int eventBusPort) {

  /** When this node started (epoch ms), as its member attribute tells the others: older nodes win name conflicts. */
  public long startedAt() {
    return Long.parseLong(hazelcast.getCluster().getLocalMember().getAttribute(HazelcastConfigs.STARTED));
  }

  /** The port Hazelcast listens on. */
  public int hazelcastPort() {
    return hazelcast.getCluster().getLocalMember().getAddress().getPort();
  }

  public Future<Void> close() {
    view.stop();
    return vertx.close();
  }
}
