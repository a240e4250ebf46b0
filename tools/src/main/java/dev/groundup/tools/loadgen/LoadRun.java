package dev.groundup.tools.loadgen;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This process's share of a run: a Vert.x instance with one {@link LoadVerticle} per event loop,
 * each holding an equal slice of the connections. The caller (the main thread) sets up, measures
 * and closes, in that order, waiting on the returned futures.
 */
final class LoadRun {

  private static final Logger log = LoggerFactory.getLogger(LoadRun.class);

  /** How long before the epoch the loops are told to start, so they all start on time. */
  private static final Duration LEAD = Duration.ofMillis(50);

  private final Settings settings;
  private final Partition.Share share;
  private final Vertx vertx;
  private final List<LoadVerticle> loops = new ArrayList<>();
  private final AtomicInteger ready = new AtomicInteger();

  private LoadRun(Settings settings, Partition.Share share, Vertx vertx) {
    this.settings = settings;
    this.share = share;
    this.vertx = vertx;
  }

  /** Starts Vert.x and deploys the loops; no connection is opened yet. */
  static Future<LoadRun> start(Settings settings) {
    Partition.Share share = settings.share();
    FileLimit.check(share.connections());
    int loops = Math.min(settings.threads(), share.connections());
    Vertx vertx = Vertx.builder().with(new VertxOptions().setEventLoopPoolSize(loops)).build();
    LoadRun run = new LoadRun(settings, share, vertx);
    List<Future<String>> deployed = new ArrayList<>();
    for (int l = 0; l < loops; l++) {
      long[] indexes =
          new long[share.connections() / loops + (l < share.connections() % loops ? 1 : 0)];
      for (int i = 0; i < indexes.length; i++) {
        indexes[i] = share.firstIndex() + l + (long) i * loops;
      }
      int logins =
          Math.max(
              1, share.loginConcurrency() / loops + (l < share.loginConcurrency() % loops ? 1 : 0));
      LoadVerticle loop = new LoadVerticle(settings, indexes, logins, run.ready);
      run.loops.add(loop);
      deployed.add(vertx.deployVerticle(loop));
    }
    return Future.all(deployed)
        .map(run)
        .recover(e -> vertx.close().transform(v -> Future.failedFuture(e)));
  }

  Partition.Share share() {
    return share;
  }

  /** Connects and logs in every connection, reporting progress every few seconds. */
  Future<Void> setUp() {
    long began = System.nanoTime();
    log.info(
        "Connecting {} players to {}:{} ({} at a time{})",
        share.connections(),
        settings.host(),
        settings.port(),
        share.loginConcurrency(),
        settings.rooms() > 0 ? ", in " + settings.rooms() + " rooms" : "");
    long progress =
        vertx.setPeriodic(
            5000,
            id ->
                log.info(
                    "{} of {} connections ready after {} s",
                    ready.get(),
                    share.connections(),
                    (System.nanoTime() - began) / 1_000_000_000L));
    return Future.all(loops.stream().map(LoadVerticle::setUp).toList())
        .<Void>mapEmpty()
        .eventually(
            () -> {
              vertx.cancelTimer(progress);
              return Future.succeededFuture();
            })
        .onSuccess(
            v ->
                log.info(
                    "{} connections ready in {} ms",
                    share.connections(),
                    (System.nanoTime() - began) / 1_000_000L));
  }

  /** Runs warm-up and measurement from now on and returns what every loop counted, merged. */
  Future<Stats> measure() {
    Timeline timeline = Timeline.startingIn(LEAD, settings.warmup(), settings.duration());
    log.info(
        "Load: {} for {} after {} of warm-up",
        settings.mode().wire(),
        Durations.format(settings.duration()),
        Durations.format(settings.warmup()));
    return Future.all(loops.stream().map(l -> l.run(timeline)).toList())
        .map(
            all -> {
              Stats merged = Stats.empty();
              for (int i = 0; i < all.size(); i++) {
                merged = merged.merge(all.resultAt(i));
              }
              return merged;
            });
  }

  /** Closes every connection, then Vert.x. */
  Future<Void> close() {
    return Future.join(loops.stream().map(LoadVerticle::closeAll).toList())
        .transform(ar -> vertx.close());
  }
}
