package dev.groundup.tools.loadgen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ScheduleTest {

  private static final long SECOND = 1_000_000_000L;

  @Test
  void sendsEveryIntervalFromThePhase() {
    Schedule s = new Schedule(1_000, 100_000_000.0, 30_000_000);
    assertThat(s.due(0)).isEqualTo(1_000 + 30_000_000);
    assertThat(s.due(1)).isEqualTo(1_000 + 130_000_000);
    assertThat(s.due(10)).isEqualTo(1_000 + 1_030_000_000);
  }

  @Test
  void doesNotDriftOverLongRuns() {
    // 3 per second: the interval is not a whole number of nanoseconds
    Schedule s = new Schedule(0, Schedule.intervalNanos(3), 0);
    assertThat(s.due(3 * 3600)).isEqualTo(3600 * SECOND);
    assertThat(s.due(3 * 3600 + 1) - s.due(3 * 3600)).isBetween(333_333_333L, 333_333_334L);
  }

  @Test
  void phasesAreRandomWithinOneInterval() {
    SplittableRandom random = new SplittableRandom(7);
    double interval = Schedule.intervalNanos(10);
    int[] tenths = new int[10];
    for (int i = 0; i < 10_000; i++) {
      Schedule s = Schedule.of(0, 10, random);
      assertThat(s.phaseNanos()).isBetween(0L, (long) interval - 1);
      tenths[(int) (s.phaseNanos() * 10 / (long) interval)]++;
    }
    // roughly uniform: connections do not fire together
    assertThat(java.util.Arrays.stream(tenths).boxed().toList()).allMatch(n -> n > 850 && n < 1150);
  }

  @Test
  void manyConnectionsTogetherSendTheTotalRateInAnyWindow() {
    SplittableRandom random = new SplittableRandom(1);
    int connections = 200;
    double total = 2000;
    Schedule[] all = new Schedule[connections];
    for (int c = 0; c < connections; c++) {
      all[c] = Schedule.of(0, total / connections, random);
    }
    // count the sends intended in [3 s, 3.5 s): a window shorter than one interval of a connection
    // is fine too
    long from = 3 * SECOND;
    long to = from + SECOND / 2;
    long count = 0;
    for (Schedule s : all) {
      for (long k = 0; s.due(k) < to; k++) {
        if (s.due(k) >= from) {
          count++;
        }
      }
    }
    assertThat(count).isBetween(990L, 1010L);
  }

  @Test
  void refusesImpossibleRates() {
    assertThatThrownBy(() -> Schedule.intervalNanos(0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Schedule.intervalNanos(-1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Schedule.intervalNanos(Double.NaN))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Schedule(0, 100, 100))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void timelineWindows() {
    Timeline t = new Timeline(1_000_000, 2 * SECOND, 3 * SECOND);
    assertThat(t.measureStart()).isEqualTo(1_000_000 + 2 * SECOND);
    assertThat(t.end()).isEqualTo(1_000_000 + 5 * SECOND);
    assertThat(t.micros(1_000_000 + 1_500)).isEqualTo(1);
    assertThat(t.measured(1_999_999)).isFalse();
    assertThat(t.measured(2_000_000)).isTrue();
    assertThat(t.measured(4_999_999)).isTrue();
    assertThat(t.measured(5_000_000)).isFalse();
    assertThat(t.measuredAt(t.measureStart())).isTrue();
    assertThat(t.measuredAt(t.end())).isFalse();
  }

  @Test
  void dueQueueHandsOutTheEarliestFirst() {
    DueQueue q = new DueQueue(2);
    SplittableRandom random = new SplittableRandom(3);
    long[] dues = new long[1000];
    for (int i = 0; i < dues.length; i++) {
      dues[i] = random.nextLong(1_000_000);
      q.add(dues[i], i);
    }
    assertThat(q.size()).isEqualTo(1000);
    long last = Long.MIN_VALUE;
    boolean[] seen = new boolean[dues.length];
    while (!q.isEmpty()) {
      long due = q.peekDue();
      int slot = q.poll();
      assertThat(due).isGreaterThanOrEqualTo(last).isEqualTo(dues[slot]);
      assertThat(seen[slot]).isFalse();
      seen[slot] = true;
      last = due;
    }
    assertThat(seen).containsOnly(true);
  }
}
