package dev.groundup.game;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@link Limits}: positive, a tick rate from 0 (turn-based) to 1000. */
class LimitsTest {

  @ParameterizedTest(name = "{0} players, {1} waiting, {2} Hz")
  @CsvSource({"0, 1, 0", "-1, 1, 20", "1, 0, 20", "1, -5, 0", "1, 1, -1", "1, 1, 1001"})
  void badLimitsAreRefused(int players, int waiting, int hz) {
    assertThatThrownBy(() -> new Limits(players, waiting, hz))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(players + " players")
        .hasMessageContaining(hz + " Hz");
  }

  @Test
  void turnBasedIsATickRateOfZero() {
    assertThat(new Limits(1, 1, 0).turnBased()).isTrue();
    assertThat(new Limits(1, 1, 1).turnBased()).isFalse();
    assertThat(new Limits(1, 1, 1000).turnBased()).isFalse();
  }

  @Test
  void tickMillis() {
    assertThat(new Limits(64, 16, 20).tickMillis()).isEqualTo(50);
    assertThat(new Limits(1, 1, 1).tickMillis()).isEqualTo(1000);
    assertThat(new Limits(1, 1, 3).tickMillis()).isEqualTo(333);
    assertThat(new Limits(1, 1, 999).tickMillis()).isEqualTo(1);
    assertThat(new Limits(1, 1, 1000).tickMillis()).isEqualTo(1);
  }
}
