package dev.groundup.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every overlay in k8s/overlays renders, parses with the Kubernetes model and passes {@link
 * ManifestCheck}.
 */
class OverlaysTest {

  static Stream<Path> overlays() throws Exception {
    return Kustomize.overlays(Kustomize.root().resolve("k8s")).stream();
  }

  @Test
  void thereAreADevAndAProdOverlay() throws Exception {
    assertThat(overlays().map(p -> p.getFileName().toString())).contains("dev", "prod");
  }

  @ParameterizedTest
  @MethodSource("overlays")
  void theOverlayRendersAndPassesTheChecks(Path overlay) throws Exception {
    Kustomize.assumeKubectl();
    String yaml = Kustomize.render(overlay);
    assertThat(ManifestCheck.problems(yaml, EnvNames.allowed(Kustomize.root()))).isEmpty();
    List<HasMetadata> objects = Kustomize.parse(yaml);
    assertThat(objects)
        .extracting(HasMetadata::getKind)
        .contains(
            "Service",
            "StatefulSet",
            "Deployment",
            "HorizontalPodAutoscaler",
            "PodDisruptionBudget",
            "NetworkPolicy",
            "ConfigMap");
    assertThat(ManifestCheck.workloads(objects)).hasSize(3);
  }

  @Test
  void theEnvScanFindsWhatTheNodesRead() {
    Set<String> scanned = EnvNames.scanned(Kustomize.root());
    // a few every node reads, from NodeConfig, ShardConfig and GatewayConfig
    assertThat(scanned)
        .contains(
            "GROUNDUP_CLUSTER_NAME",
            "GROUNDUP_DISCOVERY",
            "GROUNDUP_K8S_SERVICE_DNS",
            "GROUNDUP_STORE_QUORUM",
            "GROUNDUP_DRAIN_TIMEOUT_SECONDS",
            "GROUNDUP_BRIDGE_PORT",
            "GROUNDUP_PORT");
  }
}
