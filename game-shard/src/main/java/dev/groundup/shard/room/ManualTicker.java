package dev.groundup.shard.room;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.TreeMap;

/**
 * A {@link Ticker} whose time moves only when told ({@link #advance}): for tests and for a shard
 * node's rehearsal, which run rooms deterministically and fast on one thread. Work for "soon" runs
 * at {@link #runSoon} and at every step of {@link #advance}.
 */
public final class ManualTicker implements Ticker {

  private record Timer(long id, long due, long period, Runnable action) {}

  private final TreeMap<Long, Timer> timers = new TreeMap<>();
  private final ArrayDeque<Runnable> soon = new ArrayDeque<>();
  private long nowMillis;
  private long nextId = 1;

  @Override
  public long periodic(long millis, Runnable action) {
    long id = nextId++;
    timers.put(id, new Timer(id, nowMillis + millis, millis, action));
    return id;
  }

  @Override
  public long once(long millis, Runnable action) {
    long id = nextId++;
    timers.put(id, new Timer(id, nowMillis + millis, 0, action));
    return id;
  }

  @Override
  public void cancel(long id) {
    timers.remove(id);
  }

  @Override
  public void soon(Runnable action) {
    soon.add(action);
  }

  @Override
  public long nanoTime() {
    return nowMillis * 1_000_000L;
  }

  /** Now, in this ticker's milliseconds. */
  public long now() {
    return nowMillis;
  }

  /** Runs everything queued for "soon", including what that queues. */
  public void runSoon() {
    for (Runnable r = soon.poll(); r != null; r = soon.poll()) {
      r.run();
    }
  }

  /**
   * Moves time on by {@code millis}, running every timer that falls due, in order, and "soon" work.
   */
  public void advance(long millis) {
    long until = nowMillis + millis;
    runSoon();
    while (true) {
      Timer next =
          timers.values().stream()
              .filter(t -> t.due() <= until)
              .min(Comparator.comparingLong(Timer::due).thenComparingLong(Timer::id))
              .orElse(null);
      if (next == null) {
        break;
      }
      nowMillis = Math.max(nowMillis, next.due());
      if (next.period() > 0) {
        timers.put(
            next.id(),
            new Timer(next.id(), next.due() + next.period(), next.period(), next.action()));
      } else {
        timers.remove(next.id());
      }
      next.action().run();
      runSoon();
    }
    nowMillis = until;
  }

  /** How many timers are set (periodic or once). */
  public int timers() {
    return timers.size();
  }

  /** The ids of the periodic timers, for tests. */
  List<Long> periodicIds() {
    List<Long> ids = new ArrayList<>();
    timers
        .values()
        .forEach(
            t -> {
              if (t.period() > 0) {
                ids.add(t.id());
              }
            });
    return ids;
  }
}
