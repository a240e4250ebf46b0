package dev.groundup.common.cluster;

import dev.groundup.common.store.GameStore;
import io.vertx.core.Deployable;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deploys a node's top verticle, trying again when its start failed for a reason that only says the
 * cluster was busy: measured here, a registry node that joined while five other JVMs started on two
 * cores failed its first event-bus registration with "backup acks missed" (Hazelcast's {@code
 * IndeterminateOperationStateException}, which groundup turns on so that no write succeeds on one
 * copy). A failed deployment is rolled back by Vert.x, so trying again is clean.
 */
public final class Deploy {

  private static final Logger log = LoggerFactory.getLogger(Deploy.class);

  /** Attempts in all, and the pause between two. */
  static final int ATTEMPTS = 4;

  static final long PAUSE_MILLIS = 1000;

  private Deploy() {}

  /** Deploys a new instance from {@code factory}; retries a start that failed on a busy cluster. */
  public static Future<String> withRetries(Vertx vertx, Supplier<? extends Deployable> factory) {
    return attempt(vertx, factory, 1);
  }

  private static Future<String> attempt(
      Vertx vertx, Supplier<? extends Deployable> factory, int attempt) {
    return vertx
        .deployVerticle(factory.get())
        .recover(
            failure -> {
              if (attempt >= ATTEMPTS || !GameStore.storeUnreachable(failure)) {
                return Future.failedFuture(failure);
              }
              log.warn(
                  "Start failed while the cluster was busy ({}); trying again ({} of {})",
                  failure.toString(),
                  attempt + 1,
                  ATTEMPTS);
              Promise<String> later = Promise.promise();
              vertx.setTimer(
                  PAUSE_MILLIS, t -> attempt(vertx, factory, attempt + 1).onComplete(later));
              return later.future();
            });
  }
}
