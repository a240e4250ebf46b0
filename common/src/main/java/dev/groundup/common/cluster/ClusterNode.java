package dev.groundup.common.cluster;

import com.hazelcast.core.HazelcastInstance;
import dev.groundup.common.config.NodeConfig;
import dev.groundup.common.health.NodeHealth;
import dev.groundup.common.metrics.NodeMetrics;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.concurrent.CompletableFuture;

/**
 * A running clustered node: its Vert.x, its Hazelcast member, its id and its view of the cluster.
 * {@link #close()} leaves the cluster gracefully (undeploys every verticle, then Hazelcast leaves).
 *
 * @param eventBusPort the clustered event bus's TCP port (0 for a node of role {@code all}, whose
 *     event bus is local)
 * @param ownsHazelcast whether Hazelcast was started beside Vert.x rather than by its cluster
 *     manager, so closing the node must shut it down too
 * @param health what the node's {@code /health/live} and {@code /health/ready} say
 * @param metrics groundup's meters of this node (its {@code /metrics})
 */
public record ClusterNode(
    NodeConfig config,
    Vertx vertx,
    HazelcastInstance hazelcast,
    String nodeId,
    ClusterView view,
    int eventBusPort,
    boolean ownsHazelcast,
    NodeHealth health,
    NodeMetrics metrics) {

  /**
   * When this node started (epoch ms), as its member attribute tells the others: older nodes win
   * name conflicts.
   */
  public long startedAt() {
    return Long.parseLong(
        hazelcast.getCluster().getLocalMember().getAttribute(HazelcastConfigs.STARTED));
  }

  /** The port Hazelcast listens on. */
  public int hazelcastPort() {
    return hazelcast.getCluster().getLocalMember().getAddress().getPort();
  }

  /** Leaves the cluster; the node reports not ready from the start. */
  public Future<Void> close() {
    health.drain();
    view.stop();
    Future<Void> closed = vertx.close();
    if (!ownsHazelcast) {
      return closed;
    }
    // Vert.x is closed, so Hazelcast's shutdown runs on a thread of its own
    return closed.transform(
        done ->
            Future.fromCompletionStage(
                CompletableFuture.runAsync(() -> hazelcast.getLifecycleService().shutdown())));
  }
}
