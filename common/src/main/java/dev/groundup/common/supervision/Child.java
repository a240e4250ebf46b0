package dev.groundup.common.supervision;

import io.vertx.core.Deployable;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.time.Duration;
import java.util.function.Supplier;

/** A supervised child's state; confined to its supervisor's context. */
final class Child {

  final String id;
  final Supplier<? extends Deployable> factory;
  final DeploymentOptions options;
  private final Promise<Void> firstUp = Promise.promise();

  /** The deployment running now; null while the child is down. */
  Incarnation incarnation;

  /** The restart this child waits for; null if none. */
  Object pending;

  int restarts;
  private boolean launched;
  private boolean everUp;
  private boolean up;
  private long upSince;
  private int consecutive;

  Child(String id, Supplier<? extends Deployable> factory, DeploymentOptions options) {
    this.id = id;
    this.factory = factory;
    this.options = options;
  }

  /** Marks the start of a deployment attempt; true if it is a restart. */
  boolean launching() {
    pending = null;
    boolean again = launched;
    launched = true;
    if (again) {
      restarts++;
    }
    return again;
  }

  void up(Incarnation running, long nowNanos) {
    incarnation = running;
    everUp = true;
    up = true;
    upSince = nowNanos;
    firstUp.tryComplete();
  }

  /** Takes the running deployment away (null if none); the child is down from now on. */
  Incarnation down() {
    Incarnation running = incarnation;
    incarnation = null;
    up = false;
    return running;
  }

  boolean everUp() {
    return everUp;
  }

  /**
   * The backoff before restarting after a crash now; a child that stayed up long enough starts
   * over.
   */
  Duration nextDelay(Backoff backoff, long nowNanos) {
    if (up && nowNanos - upSince >= backoff.resetAfter().toNanos()) {
      consecutive = 0;
    }
    return backoff.delay(consecutive++);
  }

  /** Completes the first time the child is up; fails if it is stopped before. */
  Future<Void> firstUp() {
    return firstUp.future();
  }

  void neverUp(Throwable why) {
    firstUp.tryFail(why);
  }
}
