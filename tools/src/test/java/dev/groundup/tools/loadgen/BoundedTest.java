package dev.groundup.tools.loadgen;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BoundedTest {

  @Test
  void neverRunsMoreThanTheBoundAndFinishesAll() {
    List<Promise<Void>> running = new ArrayList<>();
    int[] maxRunning = {0};
    int[] started = {0};
    Future<Void> all =
        Bounded.run(
            100,
            7,
            i -> {
              Promise<Void> p = Promise.promise();
              running.add(p);
              started[0]++;
              maxRunning[0] = Math.max(maxRunning[0], running.size());
              return p.future();
            });
    while (!running.isEmpty()) {
      assertThat(all.isComplete()).isFalse();
      running.removeFirst().complete();
    }
    assertThat(started[0]).isEqualTo(100);
    assertThat(maxRunning[0]).isEqualTo(7);
    assertThat(all.succeeded()).isTrue();
  }

  @Test
  void tasksThatCompleteAtOnceDoNotDeepenTheStack() {
    Future<Void> all = Bounded.run(1_000_000, 1, i -> Future.succeededFuture());
    assertThat(all.succeeded()).isTrue();
  }

  @Test
  void theFirstFailureStopsNewTasks() {
    int[] started = {0};
    Future<Void> all =
        Bounded.run(
            1000,
            3,
            i -> {
              started[0]++;
              return i == 10
                  ? Future.failedFuture(new LoadgenException("refused"))
                  : Future.succeededFuture();
            });
    assertThat(all.failed()).isTrue();
    assertThat(all.cause()).hasMessage("refused");
    assertThat(started[0]).isEqualTo(11);
  }

  @Test
  void zeroTasksSucceed() {
    assertThat(Bounded.run(0, 5, i -> Future.succeededFuture()).succeeded()).isTrue();
  }
}
