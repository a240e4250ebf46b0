package dev.groundup.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The checks fail where they should: each test breaks one thing in a copy of k8s/ (in a temp dir),
 * renders the dev overlay from the copy and expects {@link ManifestCheck} to name the problem.
 */
class BrokenManifestsTest {

  @TempDir Path copy;

  @BeforeEach
  void copyTheManifests() throws IOException {
    Kustomize.assumeKubectl();
    Path source = Kustomize.root().resolve("k8s");
    try (Stream<Path> files = Files.walk(source)) {
      for (Path f : files.toList()) {
        Path target = copy.resolve(source.relativize(f).toString());
        if (Files.isDirectory(f)) {
          Files.createDirectories(target);
        } else {
          Files.copy(f, target);
        }
      }
    }
  }

  private void edit(String file, String from, String to) throws IOException {
    Path f = copy.resolve(file);
    String text = Files.readString(f);
    assertThat(text).as("the text to break in %s", file).contains(from);
    Files.writeString(f, text.replaceFirst(java.util.regex.Pattern.quote(from), to));
  }

  private List<String> problems() throws Exception {
    return ManifestCheck.problems(
        Kustomize.render(copy.resolve("overlays/dev")), EnvNames.allowed(Kustomize.root()));
  }

  @Test
  void theUnbrokenCopyPasses() throws Exception {
    assertThat(problems()).isEmpty();
  }

  @Test
  void aMisspelledTopLevelFieldOfASpecFails() throws Exception {
    edit("base/shard.yaml", "terminationGracePeriodSeconds:", "terminationGracePeriodSecond:");
    assertThat(problems())
        .anySatisfy(
            p ->
                assertThat(p)
                    .contains("Deployment/game-shard")
                    .contains("terminationGracePeriodSecond: unknown field"));
  }

  @Test
  void aMisspelledFieldDeepInAContainerFails() throws Exception {
    edit("base/gateway.yaml", "readOnlyRootFilesystem: true", "readOnlyRootFileSystem: true");
    assertThat(problems())
        .anySatisfy(
            p ->
                assertThat(p)
                    .contains("Deployment/gateway")
                    .contains("securityContext.readOnlyRootFileSystem: unknown field"));
  }

  @Test
  void aFieldOfTheWrongTypeFails() throws Exception {
    edit("base/registry.yaml", "podManagementPolicy: Parallel", "podManagementPolicy: [Parallel]");
    assertThat(problems())
        .anySatisfy(
            p ->
                assertThat(p)
                    .contains("does not parse")
                    .contains("StatefulSetSpec[\"podManagementPolicy\"]"));
  }

  @Test
  void anEnvVarNoNodeReadsFails() throws Exception {
    edit("base/kustomization.yaml", "- GROUNDUP_SHARDS=64", "- GROUNDUP_SHARD_COUNT=64");
    assertThat(problems())
        .anySatisfy(p -> assertThat(p).contains("sets GROUNDUP_SHARD_COUNT, which no node reads"));
  }

  @Test
  void aContainerEnvVarNoNodeReadsFails() throws Exception {
    edit("base/shard.yaml", "name: GROUNDUP_DRAIN_TIMEOUT_SECONDS", "name: GROUNDUP_DRAIN_SECONDS");
    assertThat(problems())
        .anySatisfy(
            p ->
                assertThat(p)
                    .contains("env GROUNDUP_DRAIN_SECONDS is not a variable any node reads"));
  }

  @Test
  void aServiceSelectorThatMatchesNoPodsFails() throws Exception {
    edit(
        "base/players-service.yaml",
        "  selector:\n    app.kubernetes.io/name: groundup\n    app.kubernetes.io/component: gateway",
        "  selector:\n    app.kubernetes.io/name: groundup\n    app.kubernetes.io/component: gateways");
    assertThat(problems())
        .anySatisfy(
            p ->
                assertThat(p)
                    .contains("Service/groundup-players")
                    .contains("matches no pod template"));
  }

  @Test
  void aProbeOnAPortTheContainerLacksFails() throws Exception {
    edit(
        "base/registry.yaml",
        "path: /health/ready\n              port: http",
        "path: /health/ready\n              port: health");
    assertThat(problems())
        .anySatisfy(
            p ->
                assertThat(p)
                    .contains("readinessProbe port health is not a port of the container"));
  }

  @Test
  void anAutoscalerOfAMissingDeploymentFails() throws Exception {
    edit(
        "base/shard-hpa.yaml",
        "name: game-shard\n  minReplicas",
        "name: game-shards\n  minReplicas");
    assertThat(problems())
        .anySatisfy(
            p ->
                assertThat(p)
                    .contains("HorizontalPodAutoscaler/game-shard")
                    .contains("no Deployment here"));
  }

  @Test
  void aNetworkPolicyThatOpensTheBridgeFails() throws Exception {
    edit(
        "base/networkpolicy.yaml",
        "        - port: 5800\n          protocol: TCP",
        "        - port: 5800\n          protocol: TCP\n        - port: 7001\n          protocol: TCP");
    assertThat(problems())
        .anySatisfy(
            p ->
                assertThat(p)
                    .contains("NetworkPolicy/groundup-cluster")
                    .contains("opens port 7001"));
  }

  @Test
  void aNetworkPolicyRuleWithoutPortsFails() throws Exception {
    edit(
        "base/networkpolicy.yaml",
        "  ingress:\n    - ports:\n        - port: 7000\n          protocol: TCP",
        "  ingress:\n    - {}");
    assertThat(problems())
        .anySatisfy(
            p ->
                assertThat(p)
                    .contains("NetworkPolicy/groundup-players")
                    .contains("opens every port"));
  }

  @Test
  void anImageWithoutATagOrTaggedLatestFails() throws Exception {
    edit(
        "overlays/dev/kustomization.yaml",
        "replicas:",
        "images:\n  - name: groundup/node\n    newTag: latest\n\nreplicas:");
    assertThat(problems()).anySatisfy(p -> assertThat(p).contains("is tagged latest"));
  }

  @Test
  void aQuorumThatIsNoMajorityFails() throws Exception {
    edit(
        "overlays/dev/kustomization.yaml",
        "- name: registry\n    count: 1",
        "- name: registry\n    count: 3");
    assertThat(problems())
        .anySatisfy(
            p ->
                assertThat(p)
                    .contains(
                        "StatefulSet/registry: GROUNDUP_STORE_QUORUM is 1 but a majority of its 3 replicas is 2"));
  }

  @Test
  void aServiceNameThatIsNotTheHeadlessServicesFails() throws Exception {
    edit(
        "overlays/dev/kustomization.yaml",
        "GROUNDUP_K8S_SERVICE_DNS=groundup-cluster.groundup-dev.svc.cluster.local",
        "GROUNDUP_K8S_SERVICE_DNS=groundup-cluster.groundup.svc.cluster.local");
    assertThat(problems())
        .anySatisfy(
            p ->
                assertThat(p)
                    .contains(
                        "not the Service's FQDN groundup-cluster.groundup-dev.svc.cluster.local"));
  }

  @Test
  void aGracePeriodShorterThanTheDrainFails() throws Exception {
    edit("base/shard.yaml", "value: \"30\"", "value: \"60\"");
    assertThat(problems())
        .anySatisfy(
            p ->
                assertThat(p)
                    .contains("container shard: terminationGracePeriodSeconds 45 does not cover"));
  }

  @Test
  void aHeadlessServiceWithoutNotReadyAddressesFails() throws Exception {
    edit(
        "base/cluster-service.yaml",
        "publishNotReadyAddresses: true",
        "publishNotReadyAddresses: false");
    assertThat(problems())
        .anySatisfy(p -> assertThat(p).contains("does not publish not-ready addresses"));
  }

  @Test
  void aTopologySpreadThatCountsOtherPodsFails() throws Exception {
    edit(
        "base/registry.yaml",
        "              app.kubernetes.io/component: registry\n        - maxSkew",
        "              app.kubernetes.io/component: shard\n        - maxSkew");
    assertThat(problems())
        .anySatisfy(
            p ->
                assertThat(p)
                    .contains(
                        "StatefulSet/registry: the topology spread over kubernetes.io/hostname counts pods"));
  }

  @Test
  void aContainerWithoutRequestsFails() throws Exception {
    // dev replaces the Deployments' resources: break its patch
    edit(
        "overlays/dev/kustomization.yaml",
        "          requests:\n            cpu: 100m\n",
        "          requests:\n");
    assertThat(problems())
        .anySatisfy(
            p ->
                assertThat(p)
                    .contains("Deployment/gateway container gateway: no cpu and memory requests"));
  }
}
