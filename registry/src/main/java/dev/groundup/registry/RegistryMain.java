package dev.groundup.registry;

import dev.groundup.common.cluster.ClusterNode;
import dev.groundup.common.cluster.Clustered;
import dev.groundup.common.cluster.Deploy;
import dev.groundup.common.cluster.NodeRunner;
import dev.groundup.common.cluster.NodeRunner.Started;
import dev.groundup.common.cluster.Role;
import dev.groundup.common.config.NodeConfig;
import io.vertx.core.Future;
import io.vertx.ext.healthchecks.Status;
import java.util.Map;

/**
 * Entry point of a registry node. Registry nodes are the cluster's Hazelcast data members: they
 * hold the partitions (and their backups) of every cluster map, including Vert.x's own subscription
 * map, while gateways and shards join as lite members. Run two or more so that one can fail. They
 * also serve the registry's event-bus API ({@link RegistryVerticle}) and sweep the names and group
 * memberships of nodes that left ({@link RegistrySweeper}), and answer {@code
 * groundup.cluster.status} ({@link ClusterStatusVerticle}).
 */
public final class RegistryMain {

  private RegistryMain() {}

  public static void main(String[] args) {
    NodeRunner.run(() -> NodeConfig.fromEnv(Role.REGISTRY, System.getenv()), RegistryMain::start);
  }

  public static Future<Started> start(NodeConfig config) {
    return Clustered.start(config).compose(RegistryMain::deploy);
  }

  /**
   * Deploys the registry's verticles on a running node. Its readiness also needs Hazelcast's
   * cluster safety (every partition's backups in sync, no migration running): a registry holds
   * data, so a rolling restart must not stop the next registry before the one that just joined
   * holds its backups. Gateways and shards hold no partitions and leave it out (see
   * docs/metrics.md).
   */
  public static Future<Started> deploy(ClusterNode node) {
    node.health()
        .readiness()
        .register(
            "cluster-safe",
            CLUSTER_SAFE_TIMEOUT_MILLIS,
            promise ->
                node.vertx()
                    .executeBlocking(
                        () -> node.hazelcast().getPartitionService().isClusterSafe(), false)
                    .onComplete(
                        safe ->
                            promise.complete(
                                safe.succeeded() && safe.result() ? Status.OK() : Status.KO())));
    return Future.all(
            Deploy.withRetries(node.vertx(), () -> new RegistryVerticle(node)),
            Deploy.withRetries(node.vertx(), () -> new RegistrySweeper(node)),
            Deploy.withRetries(node.vertx(), () -> new ClusterStatusVerticle(node)))
        .onSuccess(deployed -> node.health().started(Role.REGISTRY))
        .map(deployed -> new Started(node, Map.of()));
  }

  /**
   * How long readiness waits for Hazelcast's answer whether the cluster is safe (past it: not
   * ready).
   */
  private static final long CLUSTER_SAFE_TIMEOUT_MILLIS = 2000;
}
