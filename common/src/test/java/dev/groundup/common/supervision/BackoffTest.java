package dev.groundup.common.supervision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.DeploymentOptions;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Delays grow by the multiplier up to the cap, and start over after a stable run. */
class BackoffTest {

  private static final Backoff BACKOFF =
      new Backoff(Duration.ofMillis(100), Duration.ofSeconds(1), 2.0, Duration.ofSeconds(10));

  private static long ms(long millis) {
    return Duration.ofMillis(millis).toNanos();
  }

  @Test
  void delaysGrowByTheMultiplierUpToTheMax() {
    assertThat(BACKOFF.delay(0)).isEqualTo(Duration.ofMillis(100));
    assertThat(BACKOFF.delay(1)).isEqualTo(Duration.ofMillis(200));
    assertThat(BACKOFF.delay(3)).isEqualTo(Duration.ofMillis(800));
    assertThat(BACKOFF.delay(4)).isEqualTo(Duration.ofSeconds(1));
    assertThat(BACKOFF.delay(10_000)).isEqualTo(Duration.ofSeconds(1));
    assertThat(Backoff.NONE.delay(5)).isZero();
  }

  @Test
  void theShortConstructorResetsAfterTheMaxDelay() {
    assertThat(new Backoff(Duration.ofMillis(1), Duration.ofSeconds(3), 2).resetAfter())
        .isEqualTo(Duration.ofSeconds(3));
  }

  @Test
  void nonsenseIsRejected() {
    assertThatThrownBy(() -> new Backoff(Duration.ofSeconds(2), Duration.ofSeconds(1), 2))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(2), 0.5))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Backoff(Duration.ofSeconds(-1), Duration.ofSeconds(2), 2))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aChildsRunOfRestartsEndsOnlyAfterItStayedUpLongEnough() {
    Child child = new Child("a", () -> null, new DeploymentOptions());
    child.up(null, ms(0));
    assertThat(child.nextDelay(BACKOFF, ms(5))).isEqualTo(Duration.ofMillis(100));
    child.down();
    // its restart failed: it never came up, so the run goes on however long that took
    assertThat(child.nextDelay(BACKOFF, ms(60_000))).isEqualTo(Duration.ofMillis(200));
    child.up(null, ms(60_000));
    assertThat(child.nextDelay(BACKOFF, ms(69_999))).isEqualTo(Duration.ofMillis(400));
    child.up(null, ms(70_000));
    assertThat(child.nextDelay(BACKOFF, ms(80_000))).isEqualTo(Duration.ofMillis(100));
  }
}
