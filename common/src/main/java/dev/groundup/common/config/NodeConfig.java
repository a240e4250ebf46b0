package dev.groundup.common.config;

import dev.groundup.common.cluster.Role;
import dev.groundup.common.health.HttpConfig;
import dev.groundup.common.shard.RoutingMode;
import dev.groundup.common.shard.ShardIds;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * What every node needs to join the cluster, read from {@code GROUNDUP_*} environment variables.
 *
 * @param role what the node does
 * @param nodeName a readable name for logs and status ({@code GROUNDUP_NODE_NAME})
 * @param clusterName Hazelcast cluster name; nodes with another name never join ({@code
 *     GROUNDUP_CLUSTER_NAME})
 * @param clusterHost the address Hazelcast and the event bus bind to ({@code
 *     GROUNDUP_CLUSTER_HOST})
 * @param publicHost the address other nodes reach this one at, e.g. the pod IP ({@code
 *     GROUNDUP_PUBLIC_HOST})
 * @param hazelcastPort Hazelcast's port ({@code GROUNDUP_HZ_PORT})
 * @param hazelcastPortAuto try the next ports when that one is taken ({@code
 *     GROUNDUP_HZ_PORT_AUTO})
 * @param discovery how the node finds the other members ({@code GROUNDUP_DISCOVERY}: seeds or
 *     kubernetes)
 * @param seeds {@code host:port} of members to join through ({@code GROUNDUP_SEEDS}); empty with
 *     Kubernetes discovery
 * @param kubernetesServiceDns the headless Service's DNS name whose addresses are the members, with
 *     Kubernetes discovery; null otherwise ({@code GROUNDUP_K8S_SERVICE_DNS})
 * @param eventBusPort the event bus's TCP port, 0 for any free one ({@code GROUNDUP_EVENTBUS_PORT})
 * @param shardCount number of virtual shards, the same on every node ({@code GROUNDUP_SHARDS})
 * @param routing the routing mode, the same on every node ({@code GROUNDUP_ROUTING})
 * @param heartbeatSeconds Hazelcast heartbeat interval ({@code GROUNDUP_HEARTBEAT_SECONDS})
 * @param heartbeatTimeoutSeconds a member silent this long is removed ({@code
 *     GROUNDUP_HEARTBEAT_TIMEOUT_SECONDS})
 * @param mergeDelaySeconds how soon split clusters try to merge ({@code
 *     GROUNDUP_MERGE_DELAY_SECONDS})
 * @param requestTimeout deadline of every request inside the cluster ({@code
 *     GROUNDUP_REQUEST_TIMEOUT_MS})
 * @param readyFile where to write a JSON line once the node serves, or null ({@code
 *     GROUNDUP_READY_FILE})
 * @param storeQuorum registry nodes a side of a split must see to read or write game state ({@code
 *     GROUNDUP_STORE_QUORUM})
 * @param durable store state before acknowledging it; {@code false} is only for showing what
 *     happens without it ({@code GROUNDUP_UNSAFE_NO_STORE=true})
 * @param http the health and metrics endpoints ({@code GROUNDUP_HTTP_PORT}, {@code
 *     GROUNDUP_HTTP_HOST})
 */
public record NodeConfig(
    Role role,
    String nodeName,
    String clusterName,
    String clusterHost,
    String publicHost,
    int hazelcastPort,
    boolean hazelcastPortAuto,
    Discovery discovery,
    List<String> seeds,
    String kubernetesServiceDns,
    int eventBusPort,
    int shardCount,
    RoutingMode routing,
    int heartbeatSeconds,
    int heartbeatTimeoutSeconds,
    int mergeDelaySeconds,
    Duration requestTimeout,
    String readyFile,
    int storeQuorum,
    boolean durable,
    HttpConfig http) {

  public NodeConfig {
    seeds = List.copyOf(seeds);
    if (heartbeatTimeoutSeconds <= heartbeatSeconds) {
      throw new ConfigException(
          "GROUNDUP_HEARTBEAT_TIMEOUT_SECONDS must be greater than GROUNDUP_HEARTBEAT_SECONDS");
    }
    switch (discovery) {
      case SEEDS -> {
        if (seeds.isEmpty()) {
          throw new ConfigException("GROUNDUP_SEEDS names no member to join");
        }
        if (kubernetesServiceDns != null) {
          throw new ConfigException(
              "GROUNDUP_K8S_SERVICE_DNS is only read with GROUNDUP_DISCOVERY=kubernetes");
        }
      }
      case KUBERNETES -> {
        if (kubernetesServiceDns == null || kubernetesServiceDns.isBlank()) {
          throw new ConfigException(
              "GROUNDUP_DISCOVERY=kubernetes needs GROUNDUP_K8S_SERVICE_DNS, "
                  + "the headless Service's DNS name (e.g. groundup-cluster.NAMESPACE.svc.cluster.local)");
        }
        if (!seeds.isEmpty()) {
          throw new ConfigException(
              "GROUNDUP_SEEDS is not read with GROUNDUP_DISCOVERY=kubernetes: "
                  + "the members are what GROUNDUP_K8S_SERVICE_DNS resolves to");
        }
      }
    }
    if (clusterName.isBlank() || clusterName.equals("dev")) {
      // "dev" is Hazelcast's default: any Hazelcast member left at its defaults could join
      throw new ConfigException(
          "GROUNDUP_CLUSTER_NAME must not be blank nor Hazelcast's default \"dev\"");
    }
    if (isWildcard(clusterHost)) {
      throw new ConfigException(
          "GROUNDUP_CLUSTER_HOST must be one address of this node, not the wildcard "
              + clusterHost
              + ": Hazelcast and the event bus bind to it");
    }
  }

  private static boolean isWildcard(String host) {
    return host.equals("0.0.0.0")
        || host.equals("::")
        || host.equals("[::]")
        || host.equals("::0")
        || host.equals("0:0:0:0:0:0:0:0")
        || host.equals("*");
  }

  public static NodeConfig fromEnv(Role role, Map<String, String> vars) {
    Env env = new Env(vars);
    String clusterHost = env.string("GROUNDUP_CLUSTER_HOST", "127.0.0.1");
    Discovery discovery =
        env.parsed("GROUNDUP_DISCOVERY", Discovery.SEEDS.wire(), Discovery::parse);
    boolean seeded = discovery == Discovery.SEEDS;
    return new NodeConfig(
        role,
        env.string(
            "GROUNDUP_NODE_NAME",
            role.wire() + "-" + ManagementFactory.getRuntimeMXBean().getPid()),
        env.string("GROUNDUP_CLUSTER_NAME", "groundup"),
        clusterHost,
        env.string("GROUNDUP_PUBLIC_HOST", clusterHost),
        env.integer("GROUNDUP_HZ_PORT", 5701, 1, 65535),
        env.bool("GROUNDUP_HZ_PORT_AUTO", true),
        discovery,
        env.list("GROUNDUP_SEEDS", seeded ? "127.0.0.1:5701" : ""),
        env.string("GROUNDUP_K8S_SERVICE_DNS", null),
        env.integer("GROUNDUP_EVENTBUS_PORT", 0, 0, 65535),
        env.integer("GROUNDUP_SHARDS", 64, 1, 65536),
        env.parsed("GROUNDUP_ROUTING", "sharded", RoutingMode::parse),
        env.integer("GROUNDUP_HEARTBEAT_SECONDS", 1, 1, 60),
        env.integer("GROUNDUP_HEARTBEAT_TIMEOUT_SECONDS", 4, 2, 600),
        env.integer("GROUNDUP_MERGE_DELAY_SECONDS", 5, 1, 3600),
        Duration.ofMillis(env.integer("GROUNDUP_REQUEST_TIMEOUT_MS", 5000, 100, 600_000)),
        env.string("GROUNDUP_READY_FILE", null),
        env.integer("GROUNDUP_STORE_QUORUM", 1, 1, 100),
        !env.bool("GROUNDUP_UNSAFE_NO_STORE", false),
        HttpConfig.fromEnv(env));
  }

  /** The hash functions for this cluster's shard count and routing mode. */
  public ShardIds shardIds() {
    return new ShardIds(shardCount, routing);
  }
}
