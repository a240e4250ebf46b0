package dev.groundup.node;

import static org.assertj.core.api.Assertions.assertThat;

import dev.groundup.testkit.Await;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * Nothing acknowledged is lost when a shard node fails mid-play. Bots in five rooms that run on
 * shard-1 send numbered moves without pause, and shard-1 is killed (SIGKILL) or frozen (SIGSTOP)
 * past the failure-detection time; shard-2 takes its shards over from the store. Every bot keeps
 * its connection, gets acks again, never sees a tick or its steps go back, never sees fewer steps
 * than moves acknowledged before the fault or more than it sent, and sees no error but {@code
 * unavailable}. The frozen node, thawed, is a zombie: its writes are refused and it steps down. The
 * negative control runs the kill with storage switched off and shows the checker catching the loss.
 */
class TakeoverIT {

  @TempDir(cleanup = CleanupMode.ON_SUCCESS)
  Path dir;

  @Test
  void killingAShardNodeMidPlayLosesNoAcknowledgedMove() throws Exception {
    try (BotsOnAShard run = BotsOnAShard.start(dir, Map.of(), 5, 2)) {
      run.fault();
      run.shard1.kill();
      run.awaitAcksAfter(run.faultNanos, 10);
      assertThat(run.stopAndCheck()).isEmpty();
      System.out.printf(
          "takeover: first new ack after kill -9 within %.2f s (slowest of %d bots)%n",
          run.slowestRecovery(), run.bots.size());
    }
  }

  @Test
  void aFrozenShardNodeIsTakenOverAndItsWritesAreRefusedWhenItWakes() throws Exception {
    try (BotsOnAShard run = BotsOnAShard.start(dir, Map.of(), 5, 2)) {
      run.fault();
      run.shard1.freeze();
      run.awaitAcksAfter(run.faultNanos, 5);
      System.out.printf(
          "takeover: first new ack after SIGSTOP within %.2f s (slowest of %d bots)%n",
          run.slowestRecovery(), run.bots.size());
      run.shard1.thaw();
      Await.until(
          "the zombie to step down",
          BotsOnAShard.WAIT,
          () -> log(run.shard1).contains("steps down"));
      long afterZombie = System.nanoTime();
      run.awaitAcksAfter(afterZombie, 10);
      assertThat(run.stopAndCheck()).isEmpty();
    }
  }

  @Test
  void negativeControlWithoutStorageTheCheckerCatchesTheLoss() throws Exception {
    try (BotsOnAShard run =
        BotsOnAShard.start(dir, Map.of("GROUNDUP_UNSAFE_NO_STORE", "true"), 5, 2)) {
      run.fault();
      run.shard1.kill();
      Await.until(
          "the checker to see that acknowledged moves were lost",
          BotsOnAShard.WAIT,
          () -> !run.check().isEmpty());
      System.out.println("negative control: " + run.check().getFirst());
    }
  }

  private static String log(NodeProcess node) {
    try {
      return Files.readString(node.log());
    } catch (Exception e) {
      return "";
    }
  }
}
