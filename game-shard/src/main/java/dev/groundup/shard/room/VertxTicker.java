package dev.groundup.shard.room;

import io.vertx.core.Context;
import io.vertx.core.Vertx;

/** {@link Ticker} on a Vert.x context: its timers and {@link Context#runOnContext}. */
public final class VertxTicker implements Ticker {

  private final Vertx vertx;
  private final Context context;

  public VertxTicker(Vertx vertx, Context context) {
    this.vertx = vertx;
    this.context = context;
  }

  @Override
  public long periodic(long millis, Runnable action) {
    return vertx.setPeriodic(millis, id -> action.run());
  }

  @Override
  public long once(long millis, Runnable action) {
    return vertx.setTimer(millis, id -> action.run());
  }

  @Override
  public void cancel(long id) {
    vertx.cancelTimer(id);
  }

  @Override
  public void soon(Runnable action) {
    context.runOnContext(v -> action.run());
  }

  @Override
  public long nanoTime() {
    return System.nanoTime();
  }
}
