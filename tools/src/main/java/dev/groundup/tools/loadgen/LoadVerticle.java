package dev.groundup.tools.loadgen;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * The connections of one event loop: sets them up at bounded concurrency, then drives them through
 * a {@link Timeline} with ONE periodic 1 ms ticker that sends every request that is due (open
 * loop), or by answering each answer with a new request (closed loop), then waits for the last
 * answers and reports a {@link Stats}. Methods called from outside hop onto the verticle's context
 * first.
 */
final class LoadVerticle extends VerticleBase {

  private static final int CONNECT_TIMEOUT_MS = 10_000;

  private final Settings settings;
  private final long[] indexes;
  private final int loginConcurrency;
  private final AtomicInteger progress;
  private final Tally tally = new Tally();
  private final List<NetClient> clients = new ArrayList<>();
  private final DueQueue queue;
  private final SplittableRandom random = new SplittableRandom();
  private Player[] players;
  private long outstanding;
  private boolean sending;
  private boolean closing;
  private int connected;
  private long setupNanos;

  /**
   * @param indexes the global player index of each connection of this loop
   * @param progress counts connections ready, for progress reports
   */
  LoadVerticle(Settings settings, long[] indexes, int loginConcurrency, AtomicInteger progress) {
    this.settings = settings;
    this.indexes = indexes.clone();
    this.loginConcurrency = loginConcurrency;
    this.progress = progress;
    this.queue = new DueQueue(indexes.length);
  }

  @Override
  public Future<?> start() {
    List<String> sources =
        settings.sourceAddresses().isEmpty()
            ? java.util.Collections.singletonList(null)
            : settings.sourceAddresses();
    for (String source : sources) {
      NetClientOptions options =
          new NetClientOptions().setTcpNoDelay(true).setConnectTimeout(CONNECT_TIMEOUT_MS);
      if (source != null) {
        options.setLocalAddress(source);
      }
      clients.add(vertx.createNetClient(options));
    }
    players = new Player[indexes.length];
    for (int i = 0; i < indexes.length; i++) {
      long index = indexes[i];
      String room =
          settings.rooms() > 0
              ? Names.room(settings.prefix(), Names.roomOf(index, settings.rooms()))
              : null;
      players[i] = new Player(this, tally, i, Names.player(settings.prefix(), index), room);
    }
    return Future.succeededFuture();
  }

  Mode mode() {
    return settings.mode();
  }

  boolean echo() {
    return settings.echo();
  }

  boolean closing() {
    return closing;
  }

  void outstanding(int delta) {
    outstanding += delta;
  }

  /**
   * Connects and logs in every connection of this loop; fails with the first refusal or at the
   * deadline.
   */
  Future<Void> setUp() {
    return onContext(
        () -> {
          long began = System.nanoTime();
          Promise<Void> done = Promise.promise();
          long timer = vertx.setTimer(settings.setupTimeout().toMillis(), id -> timedOut(done));
          Bounded.run(players.length, loginConcurrency, this::setUp)
              .onComplete(
                  ar -> {
                    vertx.cancelTimer(timer);
                    if (ar.succeeded()) {
                      connected = players.length;
                      setupNanos = System.nanoTime() - began;
                      done.tryComplete();
                    } else {
                      done.tryFail(ar.cause());
                    }
                  });
          return done.future();
        });
  }

  private Future<Void> setUp(int i) {
    int sources = clients.size();
    int which = (int) (indexes[i] % sources);
    String source =
        settings.sourceAddresses().isEmpty() ? null : settings.sourceAddresses().get(which);
    return players[i]
        .setUp(clients.get(which), settings.host(), settings.port(), source)
        .onSuccess(v -> progress.incrementAndGet());
  }

  private void timedOut(Promise<Void> done) {
    int ready = 0;
    for (Player p : players) {
      ready += p.state() == Player.State.READY ? 1 : 0;
    }
    String why =
        "setup did not finish within "
            + Durations.format(settings.setupTimeout())
            + ": "
            + ready
            + " of "
            + players.length
            + " connections of one event loop were ready (the server is slow to accept or log in "
            + "players; see --setup-timeout and --login-concurrency)";
    done.tryFail(new LoadgenException(why));
    for (Player p : players) {
      if (p.state() != Player.State.READY) {
        p.fail(why);
      }
    }
  }

  /** Runs the load along {@code t} and reports what this loop counted once the answers are in. */
  Future<Stats> run(Timeline t) {
    return onContext(
        () -> {
          tally.start(t);
          sending = true;
          if (mode() == Mode.CLOSED) {
            vertx.setTimer(delayMillis(t.epochNanos()), id -> startClosedLoop());
          } else {
            startSchedules(t);
          }
          Promise<Stats> result = Promise.promise();
          vertx.setTimer(
              delayMillis(t.end()),
              id -> {
                sending = false;
                drain(t.end() + settings.drain().toNanos(), result);
              });
          return result.future();
        });
  }

  private void startSchedules(Timeline t) {
    double perConnection =
        mode() == Mode.IDLE
            ? (settings.keepalive().isZero() ? 0 : 1e9 / settings.keepalive().toNanos())
            : settings.ratePerConnection();
    if (perConnection <= 0) {
      return;
    }
    for (Player p : players) {
      p.schedule = Schedule.of(t.epochNanos(), perConnection, random);
      long first = p.schedule.due(0);
      if (first < t.end()) {
        queue.add(first, p.slot);
      }
    }
    vertx.setPeriodic(
        1,
        id -> {
          tick(t.end());
          if (queue.isEmpty()) {
            vertx.cancelTimer(id);
          }
        });
  }

  /**
   * Sends everything that is due by now, each with its intended time: late sends count their
   * lateness.
   */
  private void tick(long end) {
    long now = System.nanoTime();
    while (!queue.isEmpty() && queue.peekDue() <= now) {
      Player p = players[queue.poll()];
      if (p.state() != Player.State.READY) {
        continue;
      }
      p.send(p.schedule.due(p.sends), now);
      long next = p.schedule.due(++p.sends);
      if (next < end) {
        queue.add(next, p.slot);
      }
    }
  }

  private void startClosedLoop() {
    long now = System.nanoTime();
    for (Player p : players) {
      for (int i = 0; i < settings.pipeline() && p.state() == Player.State.READY; i++) {
        p.send(now, now);
      }
    }
  }

  /** A request of {@code p} was answered: in closed mode, the next one goes out at once. */
  void answered(Player p, long now) {
    if (sending && mode() == Mode.CLOSED && now < tally.timeline().end()) {
      p.send(now, now);
    }
  }

  private void drain(long deadline, Promise<Stats> result) {
    if (outstanding <= 0 || System.nanoTime() >= deadline) {
      result.complete(snapshot());
      return;
    }
    vertx.setTimer(5, id -> drain(deadline, result));
  }

  private Stats snapshot() {
    long still = 0;
    for (Player p : players) {
      still += p.outstandingMeasured();
    }
    return tally.snapshot(connected, setupNanos, still);
  }

  /** Closes every connection (they are not counted as disconnects). */
  Future<Void> closeAll() {
    return onContext(
        () -> {
          closing = true;
          sending = false;
          for (Player p : players) {
            p.close();
          }
          return Future.all(clients.stream().map(c -> c.close()).toList()).mapEmpty();
        });
  }

  private static long delayMillis(long atNanos) {
    return Math.max(1, TimeUnit.NANOSECONDS.toMillis(atNanos - System.nanoTime() + 999_999));
  }

  /** Runs {@code action} on this verticle's event loop, whoever calls. */
  private <T> Future<T> onContext(Supplier<Future<T>> action) {
    Promise<T> promise = Promise.promise();
    context.runOnContext(
        v -> {
          try {
            action.get().onComplete(promise);
          } catch (RuntimeException e) {
            promise.fail(e);
          }
        });
    return promise.future();
  }
}
