package dev.groundup.shard;

import dev.groundup.common.cluster.ClusterNode;
import dev.groundup.common.cluster.Clustered;
import dev.groundup.common.cluster.Deploy;
import dev.groundup.common.cluster.NodeRunner;
import dev.groundup.common.cluster.NodeRunner.Started;
import dev.groundup.common.cluster.Role;
import dev.groundup.common.shard.ShardNodes;
import io.vertx.core.Future;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

/** Entry point of a shard node: joins the cluster and runs the virtual shards it owns. */
public final class ShardMain {

  private ShardMain() {}

  public static void main(String[] args) {
    NodeRunner.run(() -> ShardConfig.fromEnv(System.getenv()), ShardMain::start);
  }

  public static Future<Started> start(ShardConfig config) {
    return Clustered.start(config.node()).compose(node -> deploy(config, node));
  }

  /**
   * Runs the shards this node owns on a running node; on SIGTERM it drains them to the other shard
   * nodes first.
   */
  public static Future<Started> deploy(ShardConfig config, ClusterNode node) {
    return ShardNodes.start(node)
        .compose(
            directory -> {
              AtomicReference<ShardHost> host = new AtomicReference<>();
              return Deploy.withRetries(
                      node.vertx(),
                      () -> {
                        host.set(new ShardHost(config, node, directory));
                        return host.get();
                      })
                  .onSuccess(id -> node.health().started(Role.SHARD))
                  .map(id -> new Started(node, Map.of(), () -> host.get().drain()));
            });
  }
}
