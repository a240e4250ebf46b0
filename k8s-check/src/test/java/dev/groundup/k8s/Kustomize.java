package dev.groundup.k8s;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Renders a kustomization with {@code kubectl kustomize} and parses what it prints with the fabric8
 * model.
 */
final class Kustomize {

  private Kustomize() {}

  /** The repository's root (the parent of this module). */
  static Path root() {
    return Path.of(System.getProperty("groundup.root", "..")).toAbsolutePath().normalize();
  }

  /**
   * The kubectl binary: {@code kubectl} on the PATH unless {@code -Dgroundup.kubectl=PATH} says
   * otherwise.
   */
  static String kubectl() {
    return System.getProperty("groundup.kubectl", "kubectl");
  }

  /** Skips the calling test, with the reason, where kubectl is missing. */
  static void assumeKubectl() {
    String reason = unavailableReason();
    assumeTrue(reason == null, () -> "skipped: " + reason);
  }

  static String unavailableReason() {
    try {
      Process p =
          new ProcessBuilder(kubectl(), "version", "--client").redirectErrorStream(true).start();
      p.getInputStream().readAllBytes();
      return p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0
          ? null
          : "kubectl version --client failed";
    } catch (IOException | InterruptedException e) {
      return "kubectl is not installed (it renders the overlays: kubectl kustomize): "
          + e.getMessage();
    }
  }

  /** The YAML {@code kubectl kustomize dir} prints; fails with kubectl's message if it refuses. */
  static String render(Path dir) throws IOException, InterruptedException {
    Path err = Files.createTempFile("kustomize", ".err");
    try {
      Process p =
          new ProcessBuilder(kubectl(), "kustomize", dir.toString())
              .redirectError(err.toFile())
              .start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
        throw new IllegalStateException(
            "kubectl kustomize " + dir + " failed: " + Files.readString(err).trim());
      }
      return out;
    } finally {
      Files.deleteIfExists(err);
    }
  }

  /** Every object of a multi-document YAML, typed by its apiVersion and kind. */
  static List<HasMetadata> parse(String yaml) {
    Object parsed = new KubernetesSerialization().unmarshal(yaml);
    if (parsed instanceof List<?> list) {
      return list.stream().map(HasMetadata.class::cast).toList();
    }
    return List.of((HasMetadata) parsed);
  }

  static List<HasMetadata> renderAndParse(Path dir) throws IOException, InterruptedException {
    return parse(render(dir));
  }

  /** The overlays under {@code k8sDir/overlays}, sorted. */
  static List<Path> overlays(Path k8sDir) throws IOException {
    try (var dirs = Files.list(k8sDir.resolve("overlays"))) {
      return dirs.filter(d -> Files.exists(d.resolve("kustomization.yaml"))).sorted().toList();
    }
  }
}
