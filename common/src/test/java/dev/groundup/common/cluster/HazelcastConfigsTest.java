package dev.groundup.common.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.hazelcast.config.JoinConfig;
import dev.groundup.common.config.NodeConfig;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HazelcastConfigsTest {

  @Test
  void seedDiscoveryJoinsThroughTcpIp() {
    JoinConfig join =
        HazelcastConfigs.build(
                NodeConfig.fromEnv(
                    Role.SHARD, Map.of("GROUNDUP_SEEDS", "10.0.0.1:5701,10.0.0.2:5701")))
            .getNetworkConfig()
            .getJoin();
    assertThat(join.getTcpIpConfig().isEnabled()).isTrue();
    assertThat(join.getTcpIpConfig().getMembers())
        .containsExactly("10.0.0.1:5701", "10.0.0.2:5701");
    assertThat(join.getKubernetesConfig().isEnabled()).isFalse();
    assertThat(join.getMulticastConfig().isEnabled()).isFalse();
  }

  @Test
  void kubernetesDiscoveryUsesDnsLookupModeOnTheNodesPort() {
    JoinConfig join =
        HazelcastConfigs.build(
                NodeConfig.fromEnv(
                    Role.GATEWAY,
                    Map.of(
                        "GROUNDUP_DISCOVERY", "kubernetes",
                        "GROUNDUP_K8S_SERVICE_DNS", "groundup-cluster.game.svc.cluster.local",
                        "GROUNDUP_HZ_PORT", "5701")))
            .getNetworkConfig()
            .getJoin();
    assertThat(join.getTcpIpConfig().isEnabled()).isFalse();
    assertThat(join.getMulticastConfig().isEnabled()).isFalse();
    assertThat(join.getAutoDetectionConfig().isEnabled()).isFalse();
    assertThat(join.getKubernetesConfig().isEnabled()).isTrue();
    // service-dns set and no service-name / label: Hazelcast picks DNS lookup mode, which needs no
    // RBAC
    assertThat(join.getKubernetesConfig().getProperties())
        .containsEntry("service-dns", "groundup-cluster.game.svc.cluster.local")
        .containsEntry("service-port", "5701")
        .doesNotContainKeys("service-name", "service-label-name", "pod-label-name", "namespace");
  }

  @Test
  void aNodeOfRoleAllJoinsNobodyWhateverTheDiscovery() {
    JoinConfig join =
        HazelcastConfigs.build(
                NodeConfig.fromEnv(
                    Role.ALL,
                    Map.of(
                        "GROUNDUP_DISCOVERY",
                        "kubernetes",
                        "GROUNDUP_K8S_SERVICE_DNS",
                        "groundup-cluster")))
            .getNetworkConfig()
            .getJoin();
    assertThat(join.getKubernetesConfig().isEnabled()).isFalse();
    assertThat(join.getTcpIpConfig().isEnabled()).isFalse();
  }
}
