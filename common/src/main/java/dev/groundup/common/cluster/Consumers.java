package dev.groundup.common.cluster;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import java.util.function.Consumer;

/**
 * Registers an event-bus consumer cluster-wide, trying again when the registration failed only
 * because the cluster's membership was changing.
 *
 * <p>The clustered event bus stores each consumer in a Hazelcast multimap, so a consumer registered
 * in the second a member leaves can fail with {@code IndeterminateOperationStateException} (see
 * {@link Retries}) — measured in {@code MinorityIT}: a shard node that took over 31 shards as a
 * registry node was cut off failed most of their registrations that way. Vert.x then keeps the
 * handler locally but the registration may be missing from the cluster; the consumer is
 * unregistered and registered anew ({@link Retries#whileClusterChanges}) until it succeeds, the
 * failure is of another kind, or {@link #DEADLINE_MILLIS} passed.
 */
public final class Consumers {

  /** How long registrations are tried again, in all. */
  static final long DEADLINE_MILLIS = 15_000;

  private Consumers() {}

  /**
   * Registers {@code handler} on {@code address} cluster-wide; {@code prepare} sees each new
   * consumer before its registration completes (e.g. to set a discard handler). Completes with the
   * consumer whose registration succeeded.
   */
  public static <T> Future<MessageConsumer<T>> register(
      Vertx vertx,
      String address,
      Handler<Message<T>> handler,
      Consumer<MessageConsumer<T>> prepare) {
    long deadline = System.nanoTime() + DEADLINE_MILLIS * 1_000_000L;
    return Retries.whileClusterChanges(
        vertx,
        "Registering " + address,
        () -> {
          MessageConsumer<T> consumer = vertx.eventBus().consumer(address, handler);
          prepare.accept(consumer);
          return consumer
              .completion()
              .<MessageConsumer<T>>map(v -> consumer)
              .recover(
                  failure ->
                      consumer.unregister().transform(ignored -> Future.failedFuture(failure)));
        },
        () -> System.nanoTime() < deadline);
  }

  /** {@link #register(Vertx, String, Handler, Consumer)} with nothing to prepare. */
  public static <T> Future<MessageConsumer<T>> register(
      Vertx vertx, String address, Handler<Message<T>> handler) {
    return register(vertx, address, handler, c -> {});
  }
}
