package dev.groundup.shard;

import dev.groundup.common.cluster.Role;
import dev.groundup.common.config.Env;
import dev.groundup.common.config.NodeConfig;
import dev.groundup.common.supervision.Intensity;
import java.time.Duration;
import java.util.Map;

/**
 * A shard node's configuration.
 *
 * @param node the cluster settings
 * @param games the games it offers ({@code GROUNDUP_GAMES}, {@code GROUNDUP_DEFAULT_GAME})
 * @param restarts how a crashed shard verticle is restarted: at most {@code maxRestarts} in {@code
 *     period} ({@code GROUNDUP_SHARD_MAX_RESTARTS}, default 5, and {@code
 *     GROUNDUP_SHARD_RESTART_PERIOD_SECONDS}, default 60); past that the node gives its shards away
 *     and reports itself unhealthy
 * @param faultInjection a test-only hook that makes a shard verticle throw on request ({@code
 *     GROUNDUP_FAULT_INJECTION}, default false; never in production)
 * @param handoff the longest a shard handoff may take ({@code GROUNDUP_HANDOFF_TIMEOUT_MS}, default
 *     5000): how long a shard's old owner may take to finish its rooms' moves and store them, and
 *     how long a new owner waits for the old owner to release the shard before it takes the shard
 *     anyway (fencing keeps that safe)
 * @param drain the longest a shard node's drain on SIGTERM may take before it leaves the cluster
 *     anyway ({@code GROUNDUP_DRAIN_TIMEOUT_SECONDS}, default 30)
 */
public record ShardConfig(
    NodeConfig node,
    Games games,
    Intensity restarts,
    boolean faultInjection,
    Duration handoff,
    Duration drain) {

  /** The same settings on another node (e.g. one of role {@code all}). */
  public ShardConfig withNode(NodeConfig other) {
    return new ShardConfig(other, games, restarts, faultInjection, handoff, drain);
  }

  public static ShardConfig fromEnv(Map<String, String> vars) {
    Env env = new Env(vars);
    return new ShardConfig(
        NodeConfig.fromEnv(Role.SHARD, vars),
        Games.fromEnv(vars),
        new Intensity(
            env.integer("GROUNDUP_SHARD_MAX_RESTARTS", 5, 0, 1000),
            Duration.ofSeconds(
                env.integer("GROUNDUP_SHARD_RESTART_PERIOD_SECONDS", 60, 1, 86_400))),
        env.bool("GROUNDUP_FAULT_INJECTION", false),
        Duration.ofMillis(env.integer("GROUNDUP_HANDOFF_TIMEOUT_MS", 5000, 100, 600_000)),
        Duration.ofSeconds(env.integer("GROUNDUP_DRAIN_TIMEOUT_SECONDS", 30, 1, 3600)));
  }
}
