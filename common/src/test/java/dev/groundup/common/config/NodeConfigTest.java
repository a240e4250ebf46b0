package dev.groundup.common.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.groundup.common.cluster.Role;
import dev.groundup.common.health.HttpConfig;
import dev.groundup.common.shard.RoutingMode;
import dev.groundup.common.shard.ShardIds;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

class NodeConfigTest {

  private static NodeConfig config(String... keyValues) {
    Map<String, String> m = new HashMap<>();
    for (int i = 0; i < keyValues.length; i += 2) {
      m.put(keyValues[i], keyValues[i + 1]);
    }
    return NodeConfig.fromEnv(Role.SHARD, m);
  }

  @Test
  void defaultsFromAnEmptyEnvironment() {
    NodeConfig c = NodeConfig.fromEnv(Role.GATEWAY, Map.of());
    assertThat(c.role()).isEqualTo(Role.GATEWAY);
    assertThat(c.nodeName()).isEqualTo("gateway-" + ManagementFactory.getRuntimeMXBean().getPid());
    assertThat(c.clusterName()).isEqualTo("groundup");
    assertThat(c.clusterHost()).isEqualTo("127.0.0.1");
    assertThat(c.publicHost()).isEqualTo("127.0.0.1");
    assertThat(c.hazelcastPort()).isEqualTo(5701);
    assertThat(c.hazelcastPortAuto()).isTrue();
    assertThat(c.seeds()).containsExactly("127.0.0.1:5701");
    assertThat(c.eventBusPort()).isZero();
    assertThat(c.shardCount()).isEqualTo(64);
    assertThat(c.routing()).isEqualTo(RoutingMode.SHARDED);
    assertThat(c.heartbeatSeconds()).isEqualTo(1);
    assertThat(c.heartbeatTimeoutSeconds()).isEqualTo(4);
    assertThat(c.mergeDelaySeconds()).isEqualTo(5);
    assertThat(c.requestTimeout()).isEqualTo(Duration.ofSeconds(5));
    assertThat(c.readyFile()).isNull();
    assertThat(c.storeQuorum()).isEqualTo(1);
    assertThat(c.durable()).isTrue();
  }

  @ParameterizedTest
  @EnumSource(Role.class)
  void theRoleNamesTheDefaultNodeName(Role role) {
    assertThat(NodeConfig.fromEnv(role, Map.of()).nodeName()).startsWith(role.wire() + "-");
  }

  @Test
  void everyVariableIsRead() {
    NodeConfig c =
        config(
            "GROUNDUP_NODE_NAME", "shard-7",
            "GROUNDUP_CLUSTER_NAME", "test-cluster",
            "GROUNDUP_CLUSTER_HOST", "10.0.0.5",
            "GROUNDUP_PUBLIC_HOST", "pod-7.groundup",
            "GROUNDUP_HZ_PORT", "5801",
            "GROUNDUP_HZ_PORT_AUTO", "false",
            "GROUNDUP_SEEDS", "a:5701, b:5702",
            "GROUNDUP_EVENTBUS_PORT", "17001",
            "GROUNDUP_SHARDS", "128",
            "GROUNDUP_ROUTING", "per-connection",
            "GROUNDUP_HEARTBEAT_SECONDS", "2",
            "GROUNDUP_HEARTBEAT_TIMEOUT_SECONDS", "10",
            "GROUNDUP_MERGE_DELAY_SECONDS", "30",
            "GROUNDUP_REQUEST_TIMEOUT_MS", "2500",
            "GROUNDUP_READY_FILE", "/tmp/ready.json");
    assertThat(c.role()).isEqualTo(Role.SHARD);
    assertThat(c.nodeName()).isEqualTo("shard-7");
    assertThat(c.clusterName()).isEqualTo("test-cluster");
    assertThat(c.clusterHost()).isEqualTo("10.0.0.5");
    assertThat(c.publicHost()).isEqualTo("pod-7.groundup");
    assertThat(c.hazelcastPort()).isEqualTo(5801);
    assertThat(c.hazelcastPortAuto()).isFalse();
    assertThat(c.seeds()).containsExactly("a:5701", "b:5702");
    assertThat(c.eventBusPort()).isEqualTo(17001);
    assertThat(c.shardCount()).isEqualTo(128);
    assertThat(c.routing()).isEqualTo(RoutingMode.PER_CONNECTION);
    assertThat(c.heartbeatSeconds()).isEqualTo(2);
    assertThat(c.heartbeatTimeoutSeconds()).isEqualTo(10);
    assertThat(c.mergeDelaySeconds()).isEqualTo(30);
    assertThat(c.requestTimeout()).isEqualTo(Duration.ofMillis(2500));
    assertThat(c.readyFile()).isEqualTo("/tmp/ready.json");
  }

  @Test
  void publicHostDefaultsToTheClusterHost() {
    assertThat(config("GROUNDUP_CLUSTER_HOST", "10.1.2.3").publicHost()).isEqualTo("10.1.2.3");
  }

  @Test
  void routingModes() {
    assertThat(config("GROUNDUP_ROUTING", "single").routing()).isEqualTo(RoutingMode.SINGLE);
    assertThat(config("GROUNDUP_ROUTING", " sharded ").routing()).isEqualTo(RoutingMode.SHARDED);
  }

  @Test
  void shardIdsFollowTheConfig() {
    assertThat(config("GROUNDUP_SHARDS", "10", "GROUNDUP_ROUTING", "single").shardIds())
        .isEqualTo(new ShardIds(10, RoutingMode.SINGLE));
    assertThat(config().shardIds()).isEqualTo(new ShardIds(64, RoutingMode.SHARDED));
  }

  @ParameterizedTest(name = "{0}={1}")
  @CsvSource({
    "GROUNDUP_HZ_PORT, 0",
    "GROUNDUP_HZ_PORT, 65536",
    "GROUNDUP_HZ_PORT, http",
    "GROUNDUP_HZ_PORT_AUTO, sometimes",
    "GROUNDUP_EVENTBUS_PORT, -1",
    "GROUNDUP_EVENTBUS_PORT, 70000",
    "GROUNDUP_SHARDS, 0",
    "GROUNDUP_SHARDS, 65537",
    "GROUNDUP_SHARDS, 1.5",
    "GROUNDUP_ROUTING, round-robin",
    "GROUNDUP_HEARTBEAT_SECONDS, 0",
    "GROUNDUP_HEARTBEAT_SECONDS, 61",
    "GROUNDUP_HEARTBEAT_TIMEOUT_SECONDS, 1",
    "GROUNDUP_HEARTBEAT_TIMEOUT_SECONDS, 601",
    "GROUNDUP_MERGE_DELAY_SECONDS, 0",
    "GROUNDUP_MERGE_DELAY_SECONDS, 3601",
    "GROUNDUP_REQUEST_TIMEOUT_MS, 99",
    "GROUNDUP_REQUEST_TIMEOUT_MS, 600001",
    "GROUNDUP_REQUEST_TIMEOUT_MS, 5s",
  })
  void badValuesAreRefusedNamingTheVariable(String name, String value) {
    assertThatThrownBy(() -> config(name, value))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(name);
  }

  @ParameterizedTest(name = "{0}={1}")
  @CsvSource({
    "GROUNDUP_HZ_PORT, 1",
    "GROUNDUP_HZ_PORT, 65535",
    "GROUNDUP_EVENTBUS_PORT, 0",
    "GROUNDUP_EVENTBUS_PORT, 65535",
    "GROUNDUP_SHARDS, 1",
    "GROUNDUP_SHARDS, 65536",
    "GROUNDUP_HEARTBEAT_TIMEOUT_SECONDS, 600",
    "GROUNDUP_MERGE_DELAY_SECONDS, 1",
    "GROUNDUP_MERGE_DELAY_SECONDS, 3600",
    "GROUNDUP_REQUEST_TIMEOUT_MS, 100",
    "GROUNDUP_REQUEST_TIMEOUT_MS, 600000",
  })
  void boundaryValuesAreAccepted(String name, String value) {
    config(name, value);
  }

  @ParameterizedTest(name = "interval {0}, timeout {1}")
  @CsvSource({"4, 4", "3, 3", "5, 3", "60, 59", "2, 2", "60, 2"})
  void heartbeatTimeoutMustExceedTheInterval(int interval, int timeout) {
    assertThatThrownBy(
            () ->
                config(
                    "GROUNDUP_HEARTBEAT_SECONDS",
                    Integer.toString(interval),
                    "GROUNDUP_HEARTBEAT_TIMEOUT_SECONDS",
                    Integer.toString(timeout)))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("GROUNDUP_HEARTBEAT_TIMEOUT_SECONDS")
        .hasMessageContaining("GROUNDUP_HEARTBEAT_SECONDS");
  }

  @Test
  void heartbeatIntervalAboveTheDefaultTimeoutIsRefused() {
    assertThatThrownBy(() -> config("GROUNDUP_HEARTBEAT_SECONDS", "5"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("GROUNDUP_HEARTBEAT_TIMEOUT_SECONDS");
  }

  @Test
  void heartbeatTimeoutOneMoreThanTheIntervalIsAccepted() {
    NodeConfig c =
        config("GROUNDUP_HEARTBEAT_SECONDS", "60", "GROUNDUP_HEARTBEAT_TIMEOUT_SECONDS", "61");
    assertThat(c.heartbeatSeconds()).isEqualTo(60);
    assertThat(c.heartbeatTimeoutSeconds()).isEqualTo(61);
  }

  @Test
  void seedsThatNameNoMemberAreRefused() {
    assertThatThrownBy(() -> config("GROUNDUP_SEEDS", " , ,"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("GROUNDUP_SEEDS");
  }

  @Test
  void blankSeedsFallBackToTheDefault() {
    assertThat(config("GROUNDUP_SEEDS", "  ").seeds()).containsExactly("127.0.0.1:5701");
  }

  @Test
  void seedsAreImmutable() {
    NodeConfig c = config("GROUNDUP_SEEDS", "a:1,b:2");
    assertThatThrownBy(() -> c.seeds().add("c:3"))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void theConstructorCopiesTheSeeds() {
    List<String> seeds = new java.util.ArrayList<>(List.of("a:1"));
    NodeConfig c =
        new NodeConfig(
            Role.REGISTRY,
            "r",
            "c",
            "h",
            "h",
            5701,
            true,
            Discovery.SEEDS,
            seeds,
            null,
            0,
            64,
            RoutingMode.SHARDED,
            1,
            3,
            5,
            Duration.ofSeconds(5),
            null,
            1,
            true,
            HttpConfig.OFF);
    seeds.add("b:2");
    assertThat(c.seeds()).containsExactly("a:1");
  }

  @Test
  void discoveryDefaultsToSeeds() {
    NodeConfig c = config();
    assertThat(c.discovery()).isEqualTo(Discovery.SEEDS);
    assertThat(c.kubernetesServiceDns()).isNull();
  }

  @Test
  void kubernetesDiscoveryReadsTheHeadlessServiceNameAndNoSeeds() {
    NodeConfig c =
        config(
            "GROUNDUP_DISCOVERY",
            "kubernetes",
            "GROUNDUP_K8S_SERVICE_DNS",
            "groundup-cluster.game.svc.cluster.local");
    assertThat(c.discovery()).isEqualTo(Discovery.KUBERNETES);
    assertThat(c.kubernetesServiceDns()).isEqualTo("groundup-cluster.game.svc.cluster.local");
    assertThat(c.seeds()).isEmpty();
  }

  @Test
  void kubernetesDiscoveryWithoutAServiceNameIsRefused() {
    assertThatThrownBy(() -> config("GROUNDUP_DISCOVERY", "kubernetes"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("GROUNDUP_K8S_SERVICE_DNS");
  }

  @Test
  void seedsWithKubernetesDiscoveryAreRefused() {
    assertThatThrownBy(
            () ->
                config(
                    "GROUNDUP_DISCOVERY",
                    "kubernetes",
                    "GROUNDUP_K8S_SERVICE_DNS",
                    "groundup-cluster",
                    "GROUNDUP_SEEDS",
                    "a:5701"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("GROUNDUP_SEEDS");
  }

  @Test
  void aServiceNameWithSeedDiscoveryIsRefused() {
    assertThatThrownBy(() -> config("GROUNDUP_K8S_SERVICE_DNS", "groundup-cluster"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("GROUNDUP_DISCOVERY=kubernetes");
  }

  @Test
  void anUnknownDiscoveryIsRefused() {
    assertThatThrownBy(() -> config("GROUNDUP_DISCOVERY", "multicast"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("GROUNDUP_DISCOVERY=multicast");
  }

  @ParameterizedTest(name = "{0}={1}")
  @CsvSource({
    "GROUNDUP_CLUSTER_NAME, dev",
    "GROUNDUP_CLUSTER_HOST, 0.0.0.0",
    "GROUNDUP_CLUSTER_HOST, ::",
    "GROUNDUP_CLUSTER_HOST, 0:0:0:0:0:0:0:0",
  })
  void hazelcastsDefaultNameAndWildcardBindsAreRefused(String name, String value) {
    assertThatThrownBy(() -> config(name, value, "GROUNDUP_PUBLIC_HOST", "10.0.0.1"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(name);
  }

  @Test
  void theDefaultClusterNameIsNotHazelcastsDefault() {
    assertThat(config().clusterName()).isEqualTo("groundup").isNotEqualTo("dev");
  }
}
