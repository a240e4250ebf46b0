package dev.groundup.common.supervision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** At most maxRestarts within any period, as OTP counts them. */
class RestartWindowTest {

  private static long s(long seconds) {
    return Duration.ofSeconds(seconds).toNanos();
  }

  @Test
  void oneMoreThanMaxRestartsWithinThePeriodIsTooMany() {
    RestartWindow window = new RestartWindow(new Intensity(2, Duration.ofSeconds(10)));
    assertThat(window.admit(s(0))).isTrue();
    assertThat(window.admit(s(5))).isTrue();
    assertThat(window.admit(s(10))).isFalse();
  }

  @Test
  void restartsOlderThanThePeriodNoLongerCount() {
    RestartWindow window = new RestartWindow(new Intensity(2, Duration.ofSeconds(10)));
    assertThat(window.admit(s(0))).isTrue();
    assertThat(window.admit(s(5))).isTrue();
    assertThat(window.admit(s(11))).isTrue();
    assertThat(window.admit(s(16))).isTrue();
    assertThat(window.admit(s(20))).isFalse();
  }

  @Test
  void zeroRestartsMeansTheFirstCrashIsFatal() {
    assertThat(new RestartWindow(new Intensity(0, Duration.ofSeconds(1))).admit(s(0))).isFalse();
  }

  @Test
  void nonsenseIsRejected() {
    assertThatThrownBy(() -> new Intensity(-1, Duration.ofSeconds(1)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Intensity(1, Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
