package dev.groundup.common.supervision;

import dev.groundup.common.supervision.SupervisorEvent.Crashed;
import dev.groundup.common.supervision.SupervisorEvent.Exited;
import dev.groundup.common.supervision.SupervisorEvent.GaveUp;
import dev.groundup.common.supervision.SupervisorEvent.Restarted;
import dev.groundup.common.supervision.SupervisorEvent.Started;
import dev.groundup.common.supervision.SupervisorEvent.Stopped;
import io.vertx.core.Context;
import io.vertx.core.Deployable;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps verticles running in Erlang's spirit: each child is deployed from a factory, and when it
 * crashes the supervisor undeploys it and deploys a fresh instance, together with the siblings its
 * {@link Strategy} names, after a {@link Backoff} delay.
 *
 * <p>A child has crashed when its deployment fails, when a throwable escapes any handler run on its
 * context (consumer, timer, {@code runOnContext}, future callback; see {@link Incarnation}), or
 * when {@link #crashed} is called. A failed future that nobody handles is not a crash: a child that
 * wants to be restarted on an async failure throws from a callback ({@code onFailure(e -> { throw
 * ...; })}). A child that never came up (its first deployment failed) is retried alone, whatever
 * the strategy, since no sibling can depend on it yet; {@link #start} completes once it is up.
 *
 * <p>When things go wrong: crashes beyond the {@link Intensity} make the supervisor give up: it
 * stops every child (in reverse start order), fails pending {@link #start} futures, completes
 * {@link #gaveUp()} and refuses new children. To escalate, as in a supervision tree, a supervised
 * host verticle throws from that future's callback ({@code gaveUp().onSuccess(g -> { throw ...;
 * })}): its own supervisor sees a crash and restarts it. Undeploy failures during a restart or stop
 * are logged and ignored: Vert.x removes the deployment anyway. A child undeployed by someone else
 * (itself, its parent deployment, Vert.x closing) has exited: it is dropped, not restarted. A child
 * whose start or stop never completes stalls the supervisor, and a child must not wait in its start
 * for a call on its own supervisor (supervisor actions run one at a time).
 *
 * <p>Threading: all state is confined to the context the supervisor was created on, and children
 * are deployed from it (so they are Vert.x child deployments of the verticle that owns it,
 * undeployed with it). Every method may be called from any thread: the asynchronous ones hop onto
 * that context and run one at a time, in call order, so a crash reported while a restart is under
 * way is looked at after it and ignored if it concerns an instance already replaced. Backoff waits
 * happen between actions, not inside one. {@link #children()} and {@link #restarts} read a snapshot
 * published after each change.
 */
public final class Supervisor {

  private static final Logger log = LoggerFactory.getLogger(Supervisor.class);

  /**
   * One scheduled restart of some children; they wait for it while {@code child.pending == this}.
   */
  private record Restart(List<Child> children) {}

  private final Vertx vertx;
  private final Context context;
  private final Strategy strategy;
  private final Intensity intensity;
  private final Backoff backoff;
  private final RestartWindow window;
  private final Map<String, Child> children = new LinkedHashMap<>();
  private final List<Handler<SupervisorEvent>> listeners = new CopyOnWriteArrayList<>();
  private final Promise<GaveUp> gaveUp = Promise.promise();
  private final ActionQueue actions;
  private boolean terminated;
  private volatile Map<String, Integer> published = Map.of();

  private Supervisor(
      Vertx vertx, Context context, Strategy strategy, Intensity intensity, Backoff backoff) {
    this.vertx = vertx;
    this.context = context;
    this.actions = new ActionQueue(context);
    this.strategy = Objects.requireNonNull(strategy, "strategy");
    this.backoff = Objects.requireNonNull(backoff, "backoff");
    this.intensity = Objects.requireNonNull(intensity, "intensity");
    this.window = new RestartWindow(intensity);
  }

  /**
   * A supervisor bound to the current context (a new event-loop context when called off Vert.x).
   */
  public static Supervisor create(
      Vertx vertx, Strategy strategy, Intensity intensity, Backoff backoff) {
    return new Supervisor(vertx, vertx.getOrCreateContext(), strategy, intensity, backoff);
  }

  /** The context the supervisor's state, futures and events live on. */
  public Context context() {
    return context;
  }

  /** Like {@link #start(String, Supplier, DeploymentOptions)} with default options. */
  public Future<Void> start(String id, Supplier<? extends Deployable> factory) {
    return start(id, factory, new DeploymentOptions());
  }

  /**
   * Deploys a child after the existing ones and supervises it. {@code factory} must return a new
   * instance on every call. Completes once the child is up, which may take restarts if its first
   * deployments fail; fails if the id is taken, or if the child is stopped or the supervisor gives
   * up before it is up.
   */
  public Future<Void> start(
      String id, Supplier<? extends Deployable> factory, DeploymentOptions options) {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(factory, "factory");
    DeploymentOptions copy = new DeploymentOptions(options);
    return actions
        .submit(
            () -> {
              if (terminated) {
                return Future.<Child>failedFuture(new IllegalStateException("supervisor gave up"));
              }
              if (children.containsKey(id)) {
                return Future.<Child>failedFuture(
                    new IllegalArgumentException("already supervised: " + id));
              }
              Child child = new Child(id, factory, copy);
              children.put(id, child);
              publish();
              return launch(child).map(child);
            })
        .compose(Child::firstUp);
  }

  /**
   * Deploys several children after the existing ones in one action, all at once rather than one
   * after the other: a host that brings up many independent children (a shard node taking over
   * shards) waits for the slowest start, not for the sum of them. Gives each child's future, in the
   * order of {@code ids}, with {@link #start}'s meaning; all fail if the supervisor gave up, and
   * the future of an id that is already supervised fails while the others are deployed.
   */
  public List<Future<Void>> startAll(
      List<String> ids, Function<String, Supplier<? extends Deployable>> factories) {
    List<String> batch = List.copyOf(ids);
    Future<List<Child>> launched =
        actions.submit(
            () -> {
              if (terminated) {
                return Future.<List<Child>>failedFuture(
                    new IllegalStateException("supervisor gave up"));
              }
              // an id already supervised fails on its own; the others are deployed
              List<Child> added = new ArrayList<>(batch.size());
              List<Child> launching = new ArrayList<>(batch.size());
              for (String id : batch) {
                if (children.containsKey(id)) {
                  added.add(null);
                  continue;
                }
                Child child =
                    new Child(
                        id,
                        Objects.requireNonNull(factories.apply(id), "factory"),
                        new DeploymentOptions());
                children.put(id, child);
                added.add(child);
                launching.add(child);
              }
              publish();
              return Future.join(launching.stream().map(this::launch).toList()).map(added);
            });
    List<Future<Void>> ups = new ArrayList<>(batch.size());
    for (int i = 0; i < batch.size(); i++) {
      int at = i;
      String id = batch.get(i);
      ups.add(
          launched.compose(
              added ->
                  added.get(at) == null
                      ? Future.failedFuture(
                          new IllegalArgumentException("already supervised: " + id))
                      : added.get(at).firstUp()));
    }
    return ups;
  }

  /**
   * Undeploys several children for good in one action, all at once rather than one after the other;
   * ids that are not supervised are ignored.
   */
  public Future<Void> stopAll(List<String> ids) {
    List<String> batch = List.copyOf(ids);
    return actions.submit(
        () -> {
          List<Future<Void>> halted = new ArrayList<>();
          for (String id : batch) {
            Child child = children.remove(id);
            if (child != null) {
              halted.add(halt(child, new IllegalStateException("stopped before it was up: " + id)));
            }
          }
          publish();
          return Future.join(halted).mapEmpty();
        });
  }

  /**
   * Undeploys a child for good (not a crash: nothing is restarted); fails if it is not supervised.
   */
  public Future<Void> stop(String id) {
    return actions.submit(
        () -> {
          Child child = children.remove(id);
          if (child == null) {
            return Future.failedFuture(new NoSuchElementException("not supervised: " + id));
          }
          publish();
          return halt(child, new IllegalStateException("stopped before it was up: " + id));
        });
  }

  /** Undeploys every child for good, in reverse start order. */
  public Future<Void> stopAll() {
    return actions.submit(() -> haltAll(new IllegalStateException("stopped before it was up")));
  }

  /**
   * Reports that a child has failed, as if an exception had escaped one of its handlers. Completes
   * once the crash is handled (the child stopped and its restart scheduled, or the supervisor
   * gone); a child already waiting for a restart is left alone. Fails if the child is not
   * supervised.
   */
  public Future<Void> crashed(String id, Throwable cause) {
    return actions.submit(
        () -> {
          Child child = children.get(id);
          if (child == null) {
            return Future.failedFuture(new NoSuchElementException("not supervised: " + id));
          }
          return child.incarnation == null ? Future.succeededFuture() : crash(child, cause);
        });
  }

  /** The supervised children's ids, in start order. */
  public Set<String> children() {
    return published.keySet();
  }

  /**
   * How many times the child has been redeployed after a crash, successfully or not (0 if not
   * supervised).
   */
  public int restarts(String id) {
    return published.getOrDefault(id, 0);
  }

  /**
   * Calls {@code listener} on the supervisor's context with every event from now on; the handle
   * stops it.
   */
  public Runnable subscribe(Handler<SupervisorEvent> listener) {
    listeners.add(listener);
    return () -> listeners.remove(listener);
  }

  /**
   * Completes, with the crash that was one too many, after the supervisor gave up and stopped its
   * children.
   */
  public Future<GaveUp> gaveUp() {
    return gaveUp.future();
  }

  // ---- actions, run one at a time on the context

  /** Deploys a fresh instance; a failure is a crash. Never fails. */
  private Future<Void> launch(Child child) {
    boolean restart = child.launching();
    publish();
    Incarnation incarnation =
        new Incarnation(child.id, context, this::reportCrash, this::reportExit);
    return vertx
        .deployVerticle(() -> incarnation.guard(child.factory.get()), child.options)
        .transform(
            ar -> {
              if (ar.failed()) {
                return crash(child, ar.cause());
              }
              incarnation.deployed(ar.result());
              child.up(incarnation, System.nanoTime());
              if (restart) {
                log.info("Restarted {} (restart {})", child.id, child.restarts);
                emit(new Restarted(child.id, child.restarts));
              } else {
                emit(new Started(child.id));
              }
              return Future.succeededFuture();
            });
  }

  /**
   * Stops the children the strategy names and schedules their restart, or gives up. Never fails.
   */
  private Future<Void> crash(Child child, Throwable cause) {
    long now = System.nanoTime();
    if (!window.admit(now)) {
      return giveUp(child, cause);
    }
    Duration delay = child.nextDelay(backoff, now);
    List<Child> group =
        child.everUp() ? strategy.affected(List.copyOf(children.values()), child) : List.of(child);
    Restart restart = new Restart(group);
    List<String> ids = group.stream().map(c -> c.id).toList();
    log.warn("Child {} crashed; restarting {} in {} ms", child.id, ids, delay.toMillis(), cause);
    emit(new Crashed(child.id, cause, ids, delay));
    List<Incarnation> running = new ArrayList<>();
    for (Child c : group) {
      c.pending = restart;
      Incarnation i = c.down();
      if (i != null) {
        running.add(0, i);
      }
    }
    return undeployQuietly(running)
        .map(
            v -> {
              // setTimer, not timer(): its close hook cancels the restart if our owner is
              // undeployed meanwhile
              vertx.setTimer(
                  Math.max(1, delay.toMillis()), t -> actions.enqueue(() -> relaunch(restart)));
              return null;
            });
  }

  /** Deploys, in order, the children still waiting for this restart. */
  private Future<Void> relaunch(Restart restart) {
    Future<Void> chain = Future.succeededFuture();
    for (Child c : restart.children()) {
      chain =
          chain.compose(
              v ->
                  !terminated && c.pending == restart && children.get(c.id) == c
                      ? launch(c)
                      : Future.succeededFuture());
    }
    return chain;
  }

  private Future<Void> giveUp(Child child, Throwable cause) {
    log.error(
        "Giving up: child {} crashed once more than {} restarts in {} allow; stopping all children",
        child.id,
        intensity.maxRestarts(),
        intensity.period(),
        cause);
    terminated = true;
    IllegalStateException gone = new IllegalStateException("supervisor gave up", cause);
    return haltAll(gone)
        .map(
            v -> {
              GaveUp event = new GaveUp(child.id, cause);
              emit(event);
              // a task of its own, so that a callback throwing to escalate reaches our context's
              // exception handler
              context.runOnContext(x -> gaveUp.tryComplete(event));
              return null;
            });
  }

  private Future<Void> haltAll(Throwable whyNotUp) {
    List<Child> all = new ArrayList<>(children.values());
    Collections.reverse(all);
    children.clear();
    publish();
    Future<Void> chain = Future.succeededFuture();
    for (Child c : all) {
      chain = chain.compose(v -> halt(c, whyNotUp));
    }
    return chain;
  }

  /** Undeploys a child that is no longer supervised. Never fails. */
  private Future<Void> halt(Child child, Throwable whyNotUp) {
    child.pending = null;
    child.neverUp(whyNotUp);
    Incarnation running = child.down();
    Future<Void> undeployed =
        running == null ? Future.succeededFuture() : undeployQuietly(List.of(running));
    return undeployed.map(
        v -> {
          log.info("Stopped {}", child.id);
          emit(new Stopped(child.id));
          return null;
        });
  }

  /** Undeploys one after the other, logging failures. Never fails. */
  private Future<Void> undeployQuietly(List<Incarnation> incarnations) {
    Future<Void> chain = Future.succeededFuture();
    for (Incarnation i : incarnations) {
      chain =
          chain.compose(
              v ->
                  vertx
                      .undeploy(i.deploymentId())
                      .recover(
                          err -> {
                            log.warn("Undeploying {} failed; Vert.x drops it anyway", i.id(), err);
                            return Future.succeededFuture();
                          }));
    }
    return chain;
  }

  // ---- reports from children, on the context

  private void reportCrash(Incarnation incarnation, Throwable cause) {
    actions.enqueue(
        () -> {
          Child child = children.get(incarnation.id());
          if (child == null || child.incarnation != incarnation) {
            log.debug("Ignoring a crash of a replaced instance of {}", incarnation.id(), cause);
            return Future.succeededFuture();
          }
          return crash(child, cause);
        });
  }

  private void reportExit(Incarnation incarnation) {
    actions.enqueue(
        () -> {
          Child child = children.get(incarnation.id());
          if (child != null && child.incarnation == incarnation) {
            children.remove(child.id);
            child.down();
            publish();
            log.info("Child {} was undeployed from outside; no longer supervised", child.id);
            emit(new Exited(child.id));
          }
          return Future.succeededFuture();
        });
  }

  // ---- plumbing

  private void emit(SupervisorEvent event) {
    for (Handler<SupervisorEvent> listener : listeners) {
      try {
        listener.handle(event);
      } catch (RuntimeException e) {
        log.warn("Supervisor event listener failed on {}", event, e);
      }
    }
  }

  private void publish() {
    Map<String, Integer> snapshot = new LinkedHashMap<>();
    children.values().forEach(c -> snapshot.put(c.id, c.restarts));
    published = Collections.unmodifiableMap(snapshot);
  }
}
