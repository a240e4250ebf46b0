package dev.groundup.node;

import com.fasterxml.jackson.databind.JsonNode;
import dev.groundup.common.cluster.ClusterNode;
import dev.groundup.common.cluster.Role;
import dev.groundup.common.config.NodeConfig;
import dev.groundup.common.shard.Rendezvous;
import dev.groundup.common.shard.RoutingMode;
import dev.groundup.common.shard.ShardIds;
import dev.groundup.common.testing.ClusterHarness;
import dev.groundup.common.testing.Ports;
import dev.groundup.gateway.GatewayConfig;
import dev.groundup.gateway.GatewayMain;
import dev.groundup.registry.RegistryMain;
import dev.groundup.shard.ShardConfig;
import dev.groundup.shard.ShardMain;
import dev.groundup.testkit.LineClient;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A whole groundup cluster in this JVM: one registry node, shard nodes and a gateway, each a
 * clustered Vert.x node of its own, joined over loopback. The gateway is started last and reports
 * ready only once every shard answers from its owner, so tests can play at once.
 */
final class TestCluster implements AutoCloseable {

  final ClusterHarness harness;
  final RoutingMode routing;
  final Map<String, String> extra;
  final ClusterNode registry;
  final List<ClusterNode> shards = new ArrayList<>();
  ClusterNode gateway;
  int port;
  final List<ClusterNode> gateways = new ArrayList<>();

  private TestCluster(String name, RoutingMode routing, Map<String, String> extra)
      throws Exception {
    this.harness = new ClusterHarness(name);
    this.routing = routing;
    this.extra = extra;
    this.registry =
        harness.track(
            RegistryMain.start(NodeConfig.fromEnv(Role.REGISTRY, env(Role.REGISTRY)))
                .await(60, TimeUnit.SECONDS)
                .node());
  }

  private TestCluster(ClusterHarness harness, RoutingMode routing, ClusterNode all, int port) {
    this.harness = harness;
    this.routing = routing;
    this.extra = Map.of();
    this.registry = all;
    this.shards.add(all);
    this.gateways.add(all);
    this.gateway = all;
    this.port = port;
  }

  /**
   * The whole system as one node of role {@code all} in this JVM (what {@code local --in-process}
   * runs).
   */
  static TestCluster inProcess(String name, RoutingMode routing) throws Exception {
    ClusterHarness harness = new ClusterHarness(name);
    int port = Ports.free();
    Map<String, String> env =
        harness.env(
            Role.ALL,
            Map.of("GROUNDUP_ROUTING", routing.wire(), "GROUNDUP_PORT", Integer.toString(port)));
    try {
      ClusterNode all =
          harness.track(
              InProcessMain.start(InProcessMain.Config.fromEnv(env))
                  .await(60, TimeUnit.SECONDS)
                  .node());
      return new TestCluster(harness, routing, all, port);
    } catch (Exception | AssertionError e) {
      harness.close();
      throw e;
    }
  }

  static TestCluster start(
      String name, RoutingMode routing, int shardNodes, Map<String, String> extra)
      throws Exception {
    TestCluster cluster = new TestCluster(name, routing, extra);
    try {
      for (int i = 0; i < shardNodes; i++) {
        cluster.addShardNode();
      }
      cluster.startGateway();
      return cluster;
    } catch (Exception | AssertionError e) {
      cluster.close();
      throw e;
    }
  }

  private Map<String, String> env(Role role) {
    Map<String, String> env = new HashMap<>(extra);
    env.put("GROUNDUP_ROUTING", routing.wire());
    return harness.env(role, env);
  }

  ClusterNode addShardNode() throws Exception {
    ClusterNode node =
        harness.track(
            ShardMain.start(ShardConfig.fromEnv(env(Role.SHARD)))
                .await(60, TimeUnit.SECONDS)
                .node());
    shards.add(node);
    return node;
  }

  void startGateway() throws Exception {
    port = addGateway(Ports.free());
    gateway = gateways.getFirst();
  }

  /** Starts another gateway node with its player port at {@code playerPort}; returns the port. */
  int addGateway(int playerPort) throws Exception {
    Map<String, String> env = env(Role.GATEWAY);
    env.put("GROUNDUP_PORT", Integer.toString(playerPort));
    env.put("GROUNDUP_SHARD_WAIT_SECONDS", "60");
    gateways.add(
        harness.track(
            GatewayMain.start(GatewayConfig.fromEnv(env)).await(90, TimeUnit.SECONDS).node()));
    return playerPort;
  }

  ShardIds ids() {
    return gateway.config().shardIds();
  }

  /** The shard node that runs virtual shard {@code shard} now. */
  /** Shard nodes started (one node of role {@code all} in-process). */
  int shardNodeCount() {
    return shards.size();
  }

  String ownerOf(int shard) {
    return Rendezvous.owner(shard, gateway.view().snapshot().shardNodes());
  }

  LineClient connect() {
    return connect(port);
  }

  LineClient connect(int playerPort) {
    LineClient client = LineClient.connect(playerPort);
    JsonNode hello = client.next();
    if (!"hello".equals(hello.path("ev").asText())) {
      throw new AssertionError("expected hello, got " + hello);
    }
    return client;
  }

  /** A new connection logged in as a new player {@code name}. */
  LineClient login(String name) {
    LineClient client = connect();
    JsonNode welcome = client.request(1, "{\"op\":\"login\",\"name\":\"" + name + "\"}");
    if (!"welcome".equals(welcome.path("ev").asText())) {
      throw new AssertionError("login of " + name + " failed: " + welcome);
    }
    return client;
  }

  @Override
  public void close() {
    harness.close();
  }
}
