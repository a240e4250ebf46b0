package dev.groundup.common.supervision;

import io.vertx.core.Context;
import io.vertx.core.Deployable;
import io.vertx.core.Future;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * One deployment of a supervised child, and the token its crash and exit reports carry, so that a
 * report from an instance the supervisor has already replaced is recognised and ignored.
 *
 * <p>{@link #guard} wraps each instance: before the instance's own {@code deploy}, it sets the
 * instance's context exception handler, which Vert.x calls for any throwable escaping a handler run
 * on that context (event-bus consumers, timers, {@code runOnContext}, future callbacks) on the
 * deployment's context or its duplicates. The report is handed to the supervisor's context at once.
 * A child that sets its own context exception handler replaces this one and is no longer watched.
 */
final class Incarnation {

  private final String id;
  private final Context supervisor;
  private final BiConsumer<Incarnation, Throwable> onCrash;
  private final Consumer<Incarnation> onExit;
  private String deploymentId;

  Incarnation(
      String id,
      Context supervisor,
      BiConsumer<Incarnation, Throwable> onCrash,
      Consumer<Incarnation> onExit) {
    this.id = id;
    this.supervisor = supervisor;
    this.onCrash = onCrash;
    this.onExit = onExit;
  }

  String id() {
    return id;
  }

  /** Set on the supervisor's context once Vert.x has deployed it; read only there. */
  void deployed(String deploymentId) {
    this.deploymentId = deploymentId;
  }

  String deploymentId() {
    return deploymentId;
  }

  Deployable guard(Deployable instance) {
    return new Guarded(instance);
  }

  private final class Guarded implements Deployable {

    private final Deployable instance;

    Guarded(Deployable instance) {
      this.instance = instance;
    }

    @Override
    public Future<?> deploy(Context context) throws Exception {
      context.exceptionHandler(this::crashed);
      return instance.deploy(context);
    }

    @Override
    public Future<?> undeploy(Context context) throws Exception {
      // the supervisor tells its own undeploys from someone else's
      supervisor.runOnContext(v -> onExit.accept(Incarnation.this));
      return instance.undeploy(context);
    }

    private void crashed(Throwable cause) {
      supervisor.runOnContext(v -> onCrash.accept(Incarnation.this, cause));
    }
  }
}
