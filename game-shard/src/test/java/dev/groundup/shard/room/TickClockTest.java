package dev.groundup.shard.room;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TickClockTest {

  private static final long MS = 1_000_000L;

  @Test
  void aTickOnScheduleHasNoLag() {
    TickClock clock = new TickClock(50);
    clock.started(1_000 * MS);
    assertThat(clock.ticked(1_050 * MS)).isZero();
    assertThat(clock.ticked(1_100 * MS)).isZero();
    assertThat(clock.lastLagMillis()).isZero();
  }

  @Test
  void aLateTickReportsHowLateAgainstTheFixedRateSchedule() {
    TickClock clock = new TickClock(50);
    clock.started(0);
    assertThat(clock.ticked(80 * MS)).isEqualTo(30 * MS);
    assertThat(clock.lastLagMillis()).isEqualTo(30);
    // fixed rate: the next tick is still due at 100 ms, not 50 ms after the late one
    assertThat(clock.ticked(101 * MS)).isEqualTo(1 * MS);
    assertThat(clock.lastLagMillis()).isEqualTo(1);
  }

  @Test
  void anEarlyTickCountsAsNoLag() {
    TickClock clock = new TickClock(50);
    clock.started(0);
    assertThat(clock.ticked(49 * MS)).isZero();
    assertThat(clock.ticked(100 * MS)).isZero();
  }

  @Test
  void lagAccumulatesWhileTicksRunBehindAndCatchUp() {
    TickClock clock = new TickClock(50);
    clock.started(0);
    // the loop was blocked for 200 ms: the runs due at 50..200 come back to back at 210
    assertThat(clock.ticked(210 * MS)).isEqualTo(160 * MS);
    assertThat(clock.ticked(210 * MS)).isEqualTo(110 * MS);
    assertThat(clock.ticked(210 * MS)).isEqualTo(60 * MS);
    assertThat(clock.ticked(210 * MS)).isEqualTo(10 * MS);
    assertThat(clock.ticked(250 * MS)).isZero();
  }

  @Test
  void aStoppedRoomHasNoLagAndRestartsItsSchedule() {
    TickClock clock = new TickClock(50);
    clock.started(0);
    clock.ticked(90 * MS);
    clock.stopped();
    assertThat(clock.lastLagMillis()).isZero();
    clock.started(10_000 * MS);
    assertThat(clock.ticked(10_050 * MS)).isZero();
  }

  @Test
  void aTickOverrunsWhenItRunsAWholePeriodLate() {
    TickClock clock = new TickClock(50);
    clock.started(0);
    assertThat(clock.overran(clock.ticked(99 * MS))).isFalse();
    assertThat(clock.overran(clock.ticked(150 * MS))).isTrue();
    assertThat(clock.overran(clock.ticked(150 * MS))).isFalse();
  }
}
