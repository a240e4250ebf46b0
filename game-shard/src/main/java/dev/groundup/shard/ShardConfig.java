package dev.groundup.shard;

import dev.groundup.common.cluster.Role;
import dev.groundup.common.config.NodeConfig;
import java.util.Map;

/** A shard node's configuration: the cluster settings and the rules of its rooms. */
public record ShardConfig(NodeConfig node, ArenaRules rules) {

  public static ShardConfig fromEnv(Map<String, String> env) {
    return new ShardConfig(NodeConfig.fromEnv(Role.SHARD, env), ArenaRules.fromEnv(env));
  }
}
