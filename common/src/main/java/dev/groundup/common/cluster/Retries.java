package dev.groundup.common.cluster;

import dev.groundup.common.store.GameStore;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Cluster writes tried again while they fail only because the cluster's membership was changing.
 *
 * <p>groundup makes Hazelcast fail a write whose member or backup left meanwhile ({@code
 * fail.on.indeterminate.state}, see {@link HazelcastConfigs}): measured in {@code MinorityIT}, most
 * of the writes a node made in the second a registry node was cut off failed so. Such a failure
 * ({@link GameStore#storeUnreachable}) is tried again after a pause that doubles from {@link
 * #FIRST_PAUSE_MILLIS} up to {@link #MAX_PAUSE_MILLIS}, for as long as the result is still wanted;
 * any other failure, or one when it is no longer wanted, is the result.
 */
public final class Retries {

  private static final Logger log = LoggerFactory.getLogger(Retries.class);
  static final long FIRST_PAUSE_MILLIS = 100;
  static final long MAX_PAUSE_MILLIS = 2_000;

  private Retries() {}

  /**
   * {@code attempt} until it succeeds, fails for another reason, or {@code wanted} (asked after
   * each pause) says no; {@code what} names it in the log.
   */
  public static <T> Future<T> whileClusterChanges(
      Vertx vertx, String what, Supplier<Future<T>> attempt, BooleanSupplier wanted) {
    return attempt(vertx, what, attempt, wanted, FIRST_PAUSE_MILLIS);
  }

  private static <T> Future<T> attempt(
      Vertx vertx, String what, Supplier<Future<T>> attempt, BooleanSupplier wanted, long pause) {
    return attempt
        .get()
        .recover(
            failure -> {
              if (!GameStore.storeUnreachable(failure)) {
                return Future.failedFuture(failure);
              }
              log.warn(
                  "{} failed while the cluster changed ({}); trying again in {} ms",
                  what,
                  failure.toString(),
                  pause);
              Promise<T> retried = Promise.promise();
              vertx.setTimer(
                  pause,
                  t -> {
                    if (wanted.getAsBoolean()) {
                      attempt(vertx, what, attempt, wanted, Math.min(2 * pause, MAX_PAUSE_MILLIS))
                          .onComplete(retried);
                    } else {
                      retried.fail(failure);
                    }
                  });
              return retried.future();
            });
  }
}
