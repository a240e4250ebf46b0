package dev.groundup.common.supervision;

import io.vertx.core.Deployable;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.Message;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import java.util.function.Supplier;

/**
 * Test children: each instance is numbered per id, answers {@code "instance"} on its address with
 * that number, throws from its consumer on {@code "crash"} and from a timer on {@code
 * "crash-in-timer"}, and writes its starts and stops to a journal.
 */
final class Probes {

  /** What an instance does besides answering. */
  enum Behaviour {
    QUIET,
    /** Its start fails. */
    FAIL_START,
    /** Throws ten times every millisecond from the moment it starts. */
    FLOOD
  }

  private final Map<String, AtomicInteger> created = new ConcurrentHashMap<>();
  private final Queue<String> journal = new ConcurrentLinkedQueue<>();

  static String address(String id) {
    return "test.supervision.probe." + id;
  }

  Supplier<Deployable> quiet(String id) {
    return factory(id, n -> Behaviour.QUIET);
  }

  /** Instance number {@code n} (from 1) behaves as {@code behaviour.apply(n)}. */
  Supplier<Deployable> factory(String id, IntFunction<Behaviour> behaviour) {
    return () -> {
      int n = created.computeIfAbsent(id, k -> new AtomicInteger()).incrementAndGet();
      return new Probe(id, n, behaviour.apply(n));
    };
  }

  int created(String id) {
    AtomicInteger n = created.get(id);
    return n == null ? 0 : n.get();
  }

  List<String> journal() {
    return List.copyOf(journal);
  }

  void clearJournal() {
    journal.clear();
  }

  private final class Probe extends VerticleBase {

    private final String id;
    private final int instance;
    private final Behaviour behaviour;

    Probe(String id, int instance, Behaviour behaviour) {
      this.id = id;
      this.instance = instance;
      this.behaviour = behaviour;
    }

    @Override
    public Future<?> start() {
      journal.add("start " + id);
      if (behaviour == Behaviour.FAIL_START) {
        return Future.failedFuture(new IllegalStateException("start failed " + name()));
      }
      if (behaviour == Behaviour.FLOOD) {
        vertx.setPeriodic(1, t -> flood());
      }
      return vertx.eventBus().<String>consumer(address(id), this::onMessage).completion();
    }

    @Override
    public Future<?> stop() {
      journal.add("stop " + id);
      return Future.succeededFuture();
    }

    private void onMessage(Message<String> m) {
      switch (m.body()) {
        case "instance" -> m.reply(instance);
        case "crash" -> crash();
        case "crash-in-timer" -> vertx.setTimer(1, t -> crash());
        default -> throw new IllegalArgumentException(m.body());
      }
    }

    private void flood() {
      for (int i = 0; i < 10; i++) {
        context.runOnContext(v -> crash());
      }
    }

    private void crash() {
      throw new IllegalStateException("crash " + name());
    }

    private String name() {
      return id + "#" + instance;
    }
  }
}
