package dev.groundup.common.supervision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.groundup.common.supervision.Probes.Behaviour;
import dev.groundup.common.supervision.SupervisorEvent.Crashed;
import dev.groundup.common.supervision.SupervisorEvent.Exited;
import dev.groundup.common.supervision.SupervisorEvent.GaveUp;
import dev.groundup.common.supervision.SupervisorEvent.Restarted;
import dev.groundup.common.supervision.SupervisorEvent.Stopped;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Restarts, strategies, backoff, intensity and stops, against a real non-clustered Vert.x. */
class SupervisorTest {

  private static final Duration TIMEOUT = Duration.ofSeconds(10);
  private static final Intensity LENIENT = new Intensity(100, Duration.ofMinutes(1));

  /** An event and when the supervisor emitted it. */
  private record Stamped(long nanos, SupervisorEvent event) {}

  private Vertx vertx;
  private Probes probes;
  private final List<Stamped> events = new CopyOnWriteArrayList<>();

  @BeforeEach
  void setUp() {
    vertx = Vertx.vertx();
    probes = new Probes();
  }

  @AfterEach
  void tearDown() {
    vertx.close().await();
  }

  // ---- strategies

  @Test
  void oneForOneRestartsAFreshInstanceOfTheCrashedChildOnly() {
    Supervisor sup = started(Strategy.ONE_FOR_ONE, "a", "b", "c");

    crash("b");
    awaitRestarted("b", 1);

    assertThat(probes.created("b")).isEqualTo(2);
    assertThat(instance("b")).isEqualTo(2);
    assertThat(sup.restarts("b")).isEqualTo(1);
    assertThat(List.of(probes.created("a"), probes.created("c"))).containsOnly(1);
    assertThat(List.of(instance("a"), instance("c"))).containsOnly(1);
    assertThat(List.of(sup.restarts("a"), sup.restarts("c"))).containsOnly(0);
    assertThat(crashes("b"))
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.restarting()).containsExactly("b");
              assertThat(c.cause()).hasMessage("crash b#1");
            });

    crash("b");
    awaitRestarted("b", 2);
    assertThat(instance("b")).isEqualTo(3);
    assertThat(sup.restarts("b")).isEqualTo(2);
  }

  @Test
  void anExceptionInATimerHandlerIsACrash() {
    started(Strategy.ONE_FOR_ONE, "a");

    vertx.eventBus().send(Probes.address("a"), "crash-in-timer");
    awaitRestarted("a", 1);

    assertThat(instance("a")).isEqualTo(2);
    assertThat(crashes("a"))
        .singleElement()
        .satisfies(c -> assertThat(c.cause()).hasMessage("crash a#1"));
  }

  @Test
  void oneForAllStopsEveryoneInReverseAndStartsThemInOrder() {
    Supervisor sup = started(Strategy.ONE_FOR_ALL, "a", "b", "c");
    probes.clearJournal();

    crash("b");
    awaitRestarted("c", 1);

    assertThat(probes.journal())
        .containsExactly("stop c", "stop b", "stop a", "start a", "start b", "start c");
    assertThat(List.of(instance("a"), instance("b"), instance("c"))).containsOnly(2);
    assertThat(List.of(sup.restarts("a"), sup.restarts("b"), sup.restarts("c"))).containsOnly(1);
    assertThat(crashes("b"))
        .singleElement()
        .satisfies(c -> assertThat(c.restarting()).containsExactly("a", "b", "c"));
  }

  @Test
  void restForOneRestartsTheCrashedChildAndTheOnesStartedAfterIt() {
    Supervisor sup = started(Strategy.REST_FOR_ONE, "a", "b", "c");
    probes.clearJournal();

    crash("b");
    awaitRestarted("c", 1);

    assertThat(probes.journal()).containsExactly("stop c", "stop b", "start b", "start c");
    assertThat(probes.created("a")).isEqualTo(1);
    assertThat(instance("a")).isEqualTo(1);
    assertThat(sup.restarts("a")).isZero();
    assertThat(List.of(instance("b"), instance("c"))).containsOnly(2);
  }

  // ---- one restart per crash

  @Test
  void aFloodOfCrashReportsFromOneInstanceRestartsItOnce() {
    Supervisor sup =
        supervisor(
            Strategy.ONE_FOR_ONE,
            LENIENT,
            new Backoff(Duration.ofMillis(50), Duration.ofMillis(50), 1.0));
    sup.start("a", probes.factory("a", n -> n == 1 ? Behaviour.FLOOD : Behaviour.QUIET)).await();

    awaitRestarted("a", 1);
    barrier(sup);

    assertThat(probes.created("a")).isEqualTo(2);
    assertThat(sup.restarts("a")).isEqualTo(1);
    assertThat(crashes("a")).hasSize(1);
  }

  @Test
  void crashedHookRestartsAndASecondReportDuringTheRestartIsIgnored() {
    Supervisor sup = started(Strategy.ONE_FOR_ONE, "a");

    Future<Void> first = sup.crashed("a", new IllegalStateException("told once"));
    Future<Void> second = sup.crashed("a", new IllegalStateException("told twice"));
    Future.all(first, second).await();
    awaitRestarted("a", 1);
    barrier(sup);

    assertThat(probes.created("a")).isEqualTo(2);
    assertThat(crashes("a"))
        .singleElement()
        .satisfies(c -> assertThat(c.cause()).hasMessage("told once"));
    assertThatThrownBy(() -> sup.crashed("nobody", new IllegalStateException()).await())
        .isInstanceOf(NoSuchElementException.class);
  }

  // ---- backoff

  @Test
  void consecutiveRestartsWaitLongerEachTime() {
    Backoff backoff =
        new Backoff(Duration.ofMillis(100), Duration.ofSeconds(1), 2.0, Duration.ofMinutes(1));
    supervisor(Strategy.ONE_FOR_ONE, LENIENT, backoff).start("a", probes.quiet("a")).await();

    for (int restart = 1; restart <= 3; restart++) {
      crash("a");
      awaitRestarted("a", restart);
    }

    List<Stamped> crashed = events.stream().filter(s -> s.event() instanceof Crashed).toList();
    List<Stamped> restarted = events.stream().filter(s -> s.event() instanceof Restarted).toList();
    long[] expected = {100, 200, 400};
    for (int i = 0; i < expected.length; i++) {
      assertThat(((Crashed) crashed.get(i).event()).delay())
          .isEqualTo(Duration.ofMillis(expected[i]));
      long waitedMillis = (restarted.get(i).nanos() - crashed.get(i).nanos()) / 1_000_000;
      assertThat(waitedMillis)
          .as("wait before restart %d", i + 1)
          .isGreaterThanOrEqualTo(expected[i] - 1);
    }
  }

  // ---- intensity

  @Test
  void pastTheIntensityItGivesUpAndStopsEveryone() {
    Supervisor sup =
        supervisor(Strategy.ONE_FOR_ONE, new Intensity(2, Duration.ofMinutes(1)), Backoff.NONE);
    sup.start("a", probes.quiet("a")).await();
    sup.start("b", probes.quiet("b")).await();

    crash("a");
    awaitRestarted("a", 1);
    crash("a");
    awaitRestarted("a", 2);
    probes.clearJournal();
    crash("a");
    GaveUp gaveUp = sup.gaveUp().await();

    assertThat(gaveUp.id()).isEqualTo("a");
    assertThat(gaveUp.cause()).hasMessage("crash a#3");
    assertThat(probes.journal()).containsExactly("stop b", "stop a");
    assertThat(sup.children()).isEmpty();
    assertThat(vertx.deploymentIDs()).isEmpty();
    assertThat(probes.created("a")).isEqualTo(3);
    assertThatThrownBy(() -> sup.start("c", probes.quiet("c")).await())
        .isInstanceOf(IllegalStateException.class);
  }

  // ---- failing at start

  @Test
  void aChildFailingAtStartIsRetriedAloneAndStartCompletesOnceItIsUp() {
    Supervisor sup = supervisor(Strategy.ONE_FOR_ALL, LENIENT, Backoff.NONE);
    sup.start("sibling", probes.quiet("sibling")).await();

    sup.start("a", probes.factory("a", n -> n == 1 ? Behaviour.FAIL_START : Behaviour.QUIET))
        .await();

    assertThat(probes.created("a")).isEqualTo(2);
    assertThat(sup.restarts("a")).isEqualTo(1);
    assertThat(instance("a")).isEqualTo(2);
    assertThat(crashes("a"))
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.cause()).hasMessage("start failed a#1");
              assertThat(c.restarting()).containsExactly("a");
            });
    assertThat(probes.created("sibling")).isEqualTo(1);
    assertThat(sup.children()).containsExactly("sibling", "a");
  }

  @Test
  void aChildThatNeverStartsCountsTowardsTheIntensity() {
    Supervisor sup =
        supervisor(Strategy.ONE_FOR_ONE, new Intensity(3, Duration.ofMinutes(1)), Backoff.NONE);

    Future<Void> start = sup.start("a", probes.factory("a", n -> Behaviour.FAIL_START));

    assertThatThrownBy(start::await)
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("supervisor gave up");
    assertThat(sup.gaveUp().await().cause()).hasMessage("start failed a#4");
    assertThat(probes.created("a")).isEqualTo(4);
  }

  // ---- stopping

  @Test
  void stopIsNotACrash() {
    Supervisor sup = started(Strategy.ONE_FOR_ALL, "a", "b");
    probes.clearJournal();

    sup.stop("b").await();
    assertThat(probes.journal()).containsExactly("stop b");
    assertThat(sup.children()).containsExactly("a");
    assertThat(sup.restarts("b")).isZero();

    crash("a");
    awaitRestarted("a", 1);
    barrier(sup);
    assertThat(probes.created("b")).isEqualTo(1);
    assertThat(events)
        .extracting(Stamped::event)
        .filteredOn(e -> e.id().equals("b"))
        .hasOnlyElementsOfTypes(SupervisorEvent.Started.class, Stopped.class);
    assertThatThrownBy(() -> sup.stop("b").await()).isInstanceOf(NoSuchElementException.class);
  }

  @Test
  void stopAllStopsEveryoneInReverseOrder() {
    Supervisor sup = started(Strategy.ONE_FOR_ONE, "a", "b", "c");
    probes.clearJournal();

    sup.stopAll().await();

    assertThat(probes.journal()).containsExactly("stop c", "stop b", "stop a");
    assertThat(sup.children()).isEmpty();
    assertThat(vertx.deploymentIDs()).isEmpty();
    assertThat(crashes("a")).isEmpty();
    assertThat(sup.gaveUp().isComplete()).isFalse();
    sup.start("a", probes.quiet("a")).await();
    assertThat(instance("a")).isEqualTo(2);
  }

  @Test
  void aChildUndeployedFromOutsideExitsAndIsNotRestarted() {
    Supervisor sup = started(Strategy.ONE_FOR_ONE, "a");

    vertx.undeploy(vertx.deploymentIDs().iterator().next()).await();
    Await.until("a exited", TIMEOUT, () -> sup.children().isEmpty());
    barrier(sup);

    assertThat(events).extracting(Stamped::event).contains(new Exited("a"));
    assertThat(probes.created("a")).isEqualTo(1);
  }

  @Test
  void childrenAreUndeployedWithTheVerticleThatOwnsTheSupervisor() {
    Host host = new Host();
    String hostId = vertx.deployVerticle(host).await();
    assertThat(vertx.deploymentIDs()).hasSize(2);

    vertx.undeploy(hostId).await();

    assertThat(vertx.deploymentIDs()).isEmpty();
    assertThat(probes.journal()).containsExactly("start a", "stop a");
    Await.until("a exited", TIMEOUT, () -> host.supervisor.children().isEmpty());
  }

  @Test
  void aSupervisorThatGivesUpEscalatesToTheSupervisorOfItsHost() {
    Supervisor outer = supervisor(Strategy.ONE_FOR_ONE, LENIENT, Backoff.NONE);
    AtomicInteger hosts = new AtomicInteger();
    outer.start("host", () -> new EscalatingHost(hosts.incrementAndGet())).await();

    crash("a");
    awaitRestarted("host", 1);

    assertThat(hosts.get()).isEqualTo(2);
    assertThat(crashes("host"))
        .singleElement()
        .satisfies(c -> assertThat(c.cause()).hasMessage("inner supervisor of host#1 gave up"));
    Await.until("a fresh inner child", TIMEOUT, () -> probes.created("a") == 2);
  }

  // ---- batches

  @Test
  void startAllDeploysTheChildrenAtOnceAndStopAllStopsThemAtOnce() throws Exception {
    Supervisor sup = supervisor(Strategy.ONE_FOR_ONE, LENIENT, Backoff.NONE);
    // each child's start completes only once all three have begun starting, and each stop once both
    // stopped children have begun stopping: one at a time would never finish
    io.vertx.core.Promise<Void> allBegun = io.vertx.core.Promise.promise();
    AtomicInteger begun = new AtomicInteger();
    AtomicInteger stopping = new AtomicInteger();
    io.vertx.core.Promise<Void> allStopping = io.vertx.core.Promise.promise();
    List<Future<Void>> ups =
        sup.startAll(
            List.of("a", "b", "c"),
            id ->
                () ->
                    new VerticleBase() {
                      @Override
                      public Future<?> start() {
                        if (begun.incrementAndGet() == 3) {
                          allBegun.tryComplete();
                        }
                        return allBegun.future();
                      }

                      @Override
                      public Future<?> stop() {
                        if (stopping.incrementAndGet() == 2) {
                          allStopping.tryComplete();
                        }
                        return allStopping.future();
                      }
                    });
    Future.all(ups).await(TIMEOUT.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
    assertThat(sup.children()).containsExactly("a", "b", "c");

    sup.stopAll(List.of("c", "a", "nobody")).await();
    assertThat(stopping.get()).isEqualTo(2);
    assertThat(sup.children()).containsExactly("b");
  }

  @Test
  void startAllRefusesAnIdThatIsTakenAndDeploysTheOthers() {
    Supervisor sup = started(Strategy.ONE_FOR_ONE, "a");
    List<Future<Void>> ups = sup.startAll(List.of("b", "a"), probes::quiet);
    ups.get(0).await();
    assertThatThrownBy(() -> ups.get(1).await()).hasMessageContaining("already supervised: a");
    assertThat(sup.children()).containsExactly("a", "b");
  }

  // ---- helpers

  /** Owns a supervisor the way a service verticle would. */
  private final class Host extends VerticleBase {

    Supervisor supervisor;

    @Override
    public Future<?> start() {
      supervisor = Supervisor.create(vertx, Strategy.ONE_FOR_ONE, LENIENT, Backoff.NONE);
      return supervisor.start("a", probes.quiet("a"));
    }
  }

  /** Runs a supervisor that tolerates no crash, and crashes itself when it gives up. */
  private final class EscalatingHost extends VerticleBase {

    private final int instance;

    EscalatingHost(int instance) {
      this.instance = instance;
    }

    @Override
    public Future<?> start() {
      Supervisor inner =
          Supervisor.create(
              vertx, Strategy.ONE_FOR_ONE, new Intensity(0, Duration.ofMinutes(1)), Backoff.NONE);
      inner
          .gaveUp()
          .onSuccess(
              g -> {
                throw new IllegalStateException(
                    "inner supervisor of host#" + instance + " gave up", g.cause());
              });
      return inner.start("a", probes.quiet("a"));
    }
  }

  private Supervisor supervisor(Strategy strategy, Intensity intensity, Backoff backoff) {
    Supervisor sup = Supervisor.create(vertx, strategy, intensity, backoff);
    sup.subscribe(e -> events.add(new Stamped(System.nanoTime(), e)));
    return sup;
  }

  private Supervisor started(Strategy strategy, String... ids) {
    Supervisor sup = supervisor(strategy, LENIENT, Backoff.NONE);
    for (String id : ids) {
      sup.start(id, probes.quiet(id)).await();
    }
    return sup;
  }

  private void crash(String id) {
    vertx.eventBus().send(Probes.address(id), "crash");
  }

  private int instance(String id) {
    return vertx.eventBus().<Integer>request(Probes.address(id), "instance").await().body();
  }

  private void awaitRestarted(String id, int restarts) {
    Await.until(
        id + " restart " + restarts,
        TIMEOUT,
        () -> events.stream().anyMatch(s -> s.event().equals(new Restarted(id, restarts))));
  }

  private List<Crashed> crashes(String id) {
    return events.stream()
        .map(Stamped::event)
        .filter(e -> e instanceof Crashed c && c.id().equals(id))
        .map(Crashed.class::cast)
        .toList();
  }

  /** Waits until every report and action queued so far has been handled. */
  private void barrier(Supervisor sup) {
    sup.start("barrier", probes.quiet("barrier")).await();
  }
}
