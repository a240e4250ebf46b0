package dev.groundup.tools.loadgen;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.function.IntFunction;

/**
 * Runs tasks 0..n-1 with at most {@code concurrency} of them running at once, on one event loop.
 * The result succeeds when all have succeeded, and fails with the first failure (no new task starts
 * after it). Tasks that complete at once do not deepen the stack: one loop starts them all.
 */
final class Bounded {

  private final int n;
  private final int concurrency;
  private final IntFunction<Future<?>> task;
  private final Promise<Void> result = Promise.promise();
  private int next;
  private int running;
  private int done;
  private boolean pumping;
  private boolean again;

  private Bounded(int n, int concurrency, IntFunction<Future<?>> task) {
    this.n = n;
    this.concurrency = Math.max(1, concurrency);
    this.task = task;
  }

  static Future<Void> run(int n, int concurrency, IntFunction<Future<?>> task) {
    Bounded b = new Bounded(n, concurrency, task);
    b.pump();
    return b.result.future();
  }

  private void pump() {
    if (pumping) {
      again = true;
      return;
    }
    pumping = true;
    do {
      again = false;
      while (!result.future().isComplete() && running < concurrency && next < n) {
        int i = next++;
        running++;
        Future<?> f;
        try {
          f = task.apply(i);
        } catch (RuntimeException e) {
          f = Future.failedFuture(e);
        }
        f.onComplete(
            ar -> {
              running--;
              if (ar.succeeded()) {
                done++;
              } else {
                result.tryFail(ar.cause());
              }
              pump();
            });
      }
      if (done == n) {
        result.tryComplete();
      }
    } while (again);
    pumping = false;
  }
}
