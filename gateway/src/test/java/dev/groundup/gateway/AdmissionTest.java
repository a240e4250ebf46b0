package dev.groundup.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class AdmissionTest {

  @Test
  void perSourceCapRefusesOnlyThatSource() {
    Admission a = new Admission(10, 2);
    assertThat(a.tryAdmit("a")).isTrue();
    assertThat(a.tryAdmit("a")).isTrue();
    assertThat(a.tryAdmit("a")).isFalse();
    assertThat(a.tryAdmit("b")).isTrue();
    assertThat(a.connections()).isEqualTo(3);
    assertThat(a.connections("a")).isEqualTo(2);
    a.release("a");
    assertThat(a.tryAdmit("a")).isTrue();
  }

  @Test
  void totalCapRefusesEverySource() {
    Admission a = new Admission(2, 5);
    assertThat(a.tryAdmit("a")).isTrue();
    assertThat(a.tryAdmit("b")).isTrue();
    assertThat(a.tryAdmit("c")).isFalse();
    assertThat(a.connections("c")).isZero();
    assertThat(a.connections()).isEqualTo(2);
    a.release("b");
    assertThat(a.tryAdmit("c")).isTrue();
  }

  @Test
  void releasingEverythingForgetsTheSources() {
    Admission a = new Admission(5, 5);
    a.tryAdmit("a");
    a.release("a");
    assertThat(a.connections()).isZero();
    assertThat(a.connections("a")).isZero();
  }

  /**
   * Threads racing for places never hold more than the caps at once, and every place comes back.
   */
  @Test
  void concurrentAdmissionsNeverPassTheCaps() throws Exception {
    Admission a = new Admission(5, 3);
    AtomicInteger total = new AtomicInteger();
    AtomicInteger mostTotal = new AtomicInteger();
    AtomicInteger[] bySource = {new AtomicInteger(), new AtomicInteger()};
    AtomicInteger mostBySource = new AtomicInteger();
    CountDownLatch go = new CountDownLatch(1);
    List<Thread> threads = new ArrayList<>();
    for (int t = 0; t < 8; t++) {
      int s = t % 2;
      Thread thread =
          new Thread(
              () -> {
                try {
                  go.await();
                } catch (InterruptedException e) {
                  return;
                }
                for (int i = 0; i < 50_000; i++) {
                  if (a.tryAdmit("s" + s)) {
                    mostTotal.accumulateAndGet(total.incrementAndGet(), Math::max);
                    mostBySource.accumulateAndGet(bySource[s].incrementAndGet(), Math::max);
                    Thread.onSpinWait();
                    bySource[s].decrementAndGet();
                    total.decrementAndGet();
                    a.release("s" + s);
                  }
                }
              });
      threads.add(thread);
      thread.start();
    }
    go.countDown();
    for (Thread thread : threads) {
      thread.join();
    }
    assertThat(mostTotal.get()).isBetween(1, 5);
    assertThat(mostBySource.get()).isBetween(1, 3);
    assertThat(a.connections()).isZero();
    assertThat(a.connections("s0")).isZero();
    assertThat(a.connections("s1")).isZero();
  }
}
