package dev.groundup.common.cluster;

import dev.groundup.common.store.GameStore;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Registers an event-bus consumer cluster-wide, trying again when the registration failed only
 * because the cluster's membership was changing.
 *
 * <p>The clustered event bus stores each consumer in a Hazelcast multimap. groundup makes Hazelcast
 * fail a write whose member or backup left meanwhile ({@code fail.on.indeterminate.state}, see
 * {@link HazelcastConfigs}), so a consumer registered in the second a member leaves can fail with
 * {@code IndeterminateOperationStateException} — measured in {@code MinorityIT}: a shard node that
 * took over 31 shards as a registry node was cut off failed most of their registrations that way.
 * Vert.x then keeps the handler locally but the registration may be missing from the cluster; the
 * consumer is unregistered and registered anew, with a growing pause, until it succeeds, the failure
 * is of another kind, or {@link #DEADLINE_MILLIS} passed.
 */
public final class Consumers {

  private static final Logger log = LoggerFactory.getLogger(Consumers.class);
  /** How long registrations are tried again, in all. */
  static final long DEADLINE_MILLIS = 15_000;
  static final long FIRST_PAUSE_MILLIS = 100;
  static final long MAX_PAUSE_MILLIS = 2_000;

  private Consumers() {
  }

  /**
   * Registers {@code handler} on {@code address} cluster-wide; {@code prepare} sees each new consumer
   * before its registration completes (e.g. to set a discard handler). Completes with the consumer
   * whose registration succeeded.
   */
  public static <T> Future<MessageConsumer<T>> register(Vertx vertx, String address, Handler<Message<T>> handler,
      Consumer<MessageConsumer<T>> prepare) {
    return attempt(vertx, address, handler, prepare, System.nanoTime() + DEADLINE_MILLIS * 1_000_000L,
        FIRST_PAUSE_MILLIS);
  }

  /** {@link #register(Vertx, String, Handler, Consumer)} with nothing to prepare. */
  public static <T> Future<MessageConsumer<T>> register(Vertx vertx, String address, Handler<Message<T>> handler) {
    return register(vertx, address, handler, c -> { });
  }

  private static <T> Future<MessageConsumer<T>> attempt(Vertx vertx, String address, Handler<Message<T>> handler,
      Consumer<MessageConsumer<T>> prepare, long deadline, long pause) {
    MessageConsumer<T> consumer = vertx.eventBus().consumer(address, handler);
    prepare.accept(consumer);
    return consumer.completion().<MessageConsumer<T>>map(v -> consumer).recover(failure -> {
      if (!GameStore.storeUnreachable(failure) || System.nanoTime() + pause * 1_000_000L > deadline) {
        return consumer.unregister().transform(ignored -> Future.failedFuture(failure));
      }
      log.warn("Registering {} failed while the cluster changed ({}); trying again in {} ms", address,
          failure.toString(), pause);
      Promise<MessageConsumer<T>> retried = Promise.promise();
      consumer.unregister().onComplete(ignored -> vertx.setTimer(pause,
          t -> attempt(vertx, address, handler, prepare, deadline, Math.min(2 * pause, MAX_PAUSE_MILLIS))
              .onComplete(retried)));
      return retried.future();
    });
  }
}
