package dev.groundup.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.groundup.node.NodeProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * The rolling restart, end to end with separate JVMs (what {@code ./groundup bench handoff} runs,
 * at a smaller size): while bots play, one more shard node joins and is then drained with SIGTERM,
 * and then every original shard node is drained and replaced in turn. Every bot keeps its
 * connection, sees no error at all, gets every move answered and loses nothing acknowledged; every
 * drained node exits by itself; each drain and each join moves shards.
 */
class RollingRestartIT {

  @TempDir(cleanup = CleanupMode.ON_SUCCESS)
  Path dir;

  @Test
  void aRollingRestartUnderPlayGivesNoErrorAndLosesNothing() throws Exception {
    HandoffBench.Report report =
        HandoffBench.run(new HandoffBench.Options(2, 8, 1, 5), dir, launcher());

    assertThat(report.problems()).isEmpty();
    assertThat(report.steps()).hasSize(2 + 2 * 2);
    assertThat(report.steps())
        .allSatisfy(
            step -> {
              assertThat(step.exitedByItself()).as(step.what()).isTrue();
              assertThat(step.errors()).as(step.what()).isZero();
              assertThat(step.moved()).as(step.what()).isPositive();
            });
    // the node that joined and then left took shards and gave the same number back
    assertThat(report.steps().get(1).moved()).isEqualTo(report.steps().get(0).moved());
    assertThat(report.ok()).isTrue();
  }

  /**
   * The packaged bench jar and its dependencies (the node jar among them), as the launcher runs
   * them.
   */
  private static NodeProcess.Launcher launcher() throws IOException {
    Path target = Path.of("target");
    Path jar;
    try (Stream<Path> files = Files.list(target)) {
      jar =
          files
              .filter(p -> p.getFileName().toString().matches("bench-.*\\.jar"))
              .findFirst()
              .orElseThrow(() -> new IOException("no bench jar in " + target.toAbsolutePath()));
    }
    String dependencies = Files.readString(target.resolve("classpath.txt")).trim();
    String java = ProcessHandle.current().info().command().orElse("java");
    return new NodeProcess.Launcher(
        java, jar.toAbsolutePath() + ":" + dependencies, NodeProcess.Launcher.flags());
  }
}
