package dev.groundup.common.cluster;

import com.hazelcast.core.HazelcastInstance;
import dev.groundup.common.config.NodeConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.concurrent.CompletableFuture;

/**
 * A running clustered node: its Vert.x, its Hazelcast member, its id and its view of the cluster.
 * {@link #close()} leaves the cluster gracefully (undeploys every verticle, then Hazelcast leaves).
 *
 * @param eventBusPort  the clustered event bus's TCP port (0 for a node of role {@code all}, whose
 *                      event bus is local)
 * @param ownsHazelcast whether Hazelcast was started beside Vert.x rather than by its cluster manager,
 *                      so closing the node must shut it down too
 */
public record ClusterNode(NodeConfig config, Vertx vertx, HazelcastInstance hazelcast, String nodeId,
    ClusterView view, int eventBusPort, boolean ownsHazelcast) {

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
    Future<Void> closed = vertx.close();
    if (!ownsHazelcast) {
      return closed;
    }
    // Vert.x is closed, so Hazelcast's shutdown runs on a thread of its own
    return closed.transform(done -> Future.fromCompletionStage(
        CompletableFuture.runAsync(() -> hazelcast.getLifecycleService().shutdown())));
  }
}
