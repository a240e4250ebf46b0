package dev.groundup.common.supervision;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs asynchronous actions on one context, one at a time, in the order they were queued: an action
 * starts when the future of the one before it completes, whatever its outcome. An action that
 * throws fails its own future and does not stop the queue; one that never completes stalls it.
 */
final class ActionQueue {

  private static final Logger log = LoggerFactory.getLogger(ActionQueue.class);

  private final Context context;
  private Future<?> last = Future.succeededFuture();

  ActionQueue(Context context) {
    this.context = context;
  }

  /** Queues {@code action} from any thread; the future completes with its outcome. */
  <T> Future<T> submit(Supplier<Future<T>> action) {
    Promise<T> result = Promise.promise();
    context.runOnContext(v -> chain(action).onComplete(result));
    return result.future();
  }

  /** Queues {@code action}; call on the context. */
  <T> Future<T> chain(Supplier<Future<T>> action) {
    Future<T> next =
        last.transform(
            ar -> {
              try {
                return action.get();
              } catch (RuntimeException e) {
                return Future.failedFuture(e);
              }
            });
    last = next;
    return next;
  }

  /** Queues an action nobody waits for, logging its failure; call on the context. */
  void enqueue(Supplier<Future<Void>> action) {
    chain(action).onFailure(err -> log.error("Queued action failed", err));
  }
}
