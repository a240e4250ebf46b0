package dev.groundup.common.testing;

import dev.groundup.common.cluster.ClusterNode;
import dev.groundup.common.cluster.Role;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * In-JVM clusters for integration tests: several clustered Vert.x nodes in one JVM, each with its
 * own Hazelcast member on loopback, joined by TCP-IP through the first registry node, in a cluster
 * whose name is unique to the test. Nodes are closed one by one, newest first.
 */
public final class ClusterHarness implements AutoCloseable {

  private final String clusterName;
  private final int seedPort = Ports.free();
  private final List<ClusterNode> nodes = new ArrayList<>();
  private int counter;
  private boolean seedTaken;

  public ClusterHarness(String testName) {
    this.clusterName = testName + "-" + UUID.randomUUID().toString().substring(0, 8);
  }

  public String clusterName() {
    return clusterName;
  }

  /** The environment of a new node of {@code role}; the first registry node is the seed. */
  public Map<String, String> env(Role role, Map<String, String> extra) {
    Map<String, String> env = new HashMap<>();
    boolean seed = role == Role.REGISTRY && !seedTaken;
    seedTaken |= seed;
    env.put("GROUNDUP_CLUSTER_NAME", clusterName);
    env.put("GROUNDUP_NODE_NAME", role.wire() + "-" + (++counter));
    env.put("GROUNDUP_CLUSTER_HOST", "127.0.0.1");
    env.put("GROUNDUP_HZ_PORT", Integer.toString(seed ? seedPort : Ports.free()));
    env.put("GROUNDUP_HZ_PORT_AUTO", "false");
    env.put("GROUNDUP_SEEDS", "127.0.0.1:" + seedPort);
    env.putAll(extra);
    return env;
  }

  public Map<String, String> env(Role role) {
    return env(role, Map.of());
  }

  /** Closes {@code node} with the others when the test ends. */
  public ClusterNode track(ClusterNode node) {
    synchronized (nodes) {
      nodes.add(node);
    }
    return node;
  }

  /** Closes one node now (a graceful leave). */
  public void stop(ClusterNode node) throws Exception {
    synchronized (nodes) {
      nodes.remove(node);
    }
    node.close().await(30, TimeUnit.SECONDS);
  }

  @Override
  public void close() {
    List<ClusterNode> all;
    synchronized (nodes) {
      all = new ArrayList<>(nodes);
      nodes.clear();
    }
    for (int i = all.size() - 1; i >= 0; i--) {
      try {
        all.get(i).close().await(30, TimeUnit.SECONDS);
      } catch (Exception e) {
        // keep closing the others
      }
    }
  }

  public static final Duration CLUSTER_TIMEOUT = Duration.ofSeconds(30);
}
