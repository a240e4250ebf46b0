package dev.groundup.node;

import dev.groundup.common.cluster.Clustered;
import dev.groundup.common.cluster.NodeRunner;
import dev.groundup.common.cluster.NodeRunner.Started;
import dev.groundup.common.cluster.Role;
import dev.groundup.common.config.NodeConfig;
import dev.groundup.gateway.GatewayConfig;
import dev.groundup.gateway.GatewayMain;
import dev.groundup.registry.RegistryMain;
import dev.groundup.shard.ShardConfig;
import dev.groundup.shard.ShardMain;
import io.vertx.core.Future;
import io.vertx.core.VertxOptions;
import java.util.Map;

/**
 * {@code groundup node all}: the whole system in one JVM — the registry's verticles, the shard host
 * with all the virtual shards, and the gateway — on one Vert.x with a local event bus and one
 * Hazelcast member that joins nobody. Configured from the same {@code GROUNDUP_*} variables as the
 * separate roles. It keeps none of the durability promise: the state has no second copy, and when
 * the process dies everything is gone.
 */
public final class InProcessMain {

  /** The configuration of every role, all on one node of role {@code all}. */
  record Config(NodeConfig node, ShardConfig shard, GatewayConfig gateway) {

    static Config fromEnv(Map<String, String> vars) {
      NodeConfig node = NodeConfig.fromEnv(Role.ALL, vars);
      return new Config(
          node,
          ShardConfig.fromEnv(vars).withNode(node),
          GatewayConfig.fromEnv(vars).withNode(node));
    }
  }

  private InProcessMain() {}

  public static void main(String[] args) {
    NodeRunner.run(() -> Config.fromEnv(System.getenv()), InProcessMain::start);
  }

  static Future<Started> start(Config config) {
    return Clustered.startInProcess(config.node(), new VertxOptions())
        .compose(
            node ->
                RegistryMain.deploy(node)
                    .compose(registry -> ShardMain.deploy(config.shard(), node))
                    .compose(shards -> GatewayMain.serve(config.gateway(), node)));
  }
}
