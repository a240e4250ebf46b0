package dev.groundup.registry;

import dev.groundup.common.cluster.ClusterNode;
import dev.groundup.common.cluster.Clustered;
import dev.groundup.common.cluster.Deploy;
import dev.groundup.common.cluster.NodeRunner;
import dev.groundup.common.cluster.NodeRunner.Started;
import dev.groundup.common.cluster.Role;
import dev.groundup.common.config.NodeConfig;
import io.vertx.core.Future;
import java.util.Map;

/**
 * Entry point of a registry node. Registry nodes are the cluster's Hazelcast data members: they hold
 * the partitions (and their backups) of every cluster map, including Vert.x's own subscription map,
 * while gateways and shards join as lite members. Run two or more so that one can fail. They also
 * serve the registry's event-bus API ({@link RegistryVerticle}) and sweep the names and group
 * memberships of nodes that left ({@link RegistrySweeper}), and answer {@code groundup.cluster.status}
 * ({@link ClusterStatusVerticle}).
 */
public final class RegistryMain {

  private RegistryMain() {
  }

  public static void main(String[] args) {
    NodeRunner.run(() -> NodeConfig.fromEnv(Role.REGISTRY, System.getenv()), RegistryMain::start);
  }

  public static Future<Started> start(NodeConfig config) {
    return Clustered.start(config).compose(RegistryMain::deploy);
  }

  /** Deploys the registry's verticles on a running node. */
  public static Future<Started> deploy(ClusterNode node) {
    return Future.all(
            Deploy.withRetries(node.vertx(), () -> new RegistryVerticle(node)),
            Deploy.withRetries(node.vertx(), () -> new RegistrySweeper(node)),
            Deploy.withRetries(node.vertx(), () -> new ClusterStatusVerticle(node)))
        .map(deployed -> new Started(node, Map.of()));
  }
}
