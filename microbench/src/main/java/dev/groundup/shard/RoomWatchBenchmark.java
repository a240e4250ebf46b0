package dev.groundup.shard;

import dev.groundup.common.codec.WireCodec;
import dev.groundup.common.protocol.Cell;
import dev.groundup.common.protocol.ConnRef;
import dev.groundup.common.protocol.RoomProtocol.Say;
import dev.groundup.common.protocol.RoomProtocol.Watch;
import dev.groundup.common.store.StoredMember;
import dev.groundup.common.store.StoredRoom;
import dev.groundup.common.wire.Events;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * What room watchers cost a room's events. A {@link RoomHost} with two rooms of 8 members (spread
 * over 2 gateway inboxes of the local event bus, which nobody consumes): {@code sayUnwatched} is a
 * {@code said} in a room nobody watches (the hot path as it is now: one flag read more than
 * before), {@code sayWatched} the same in a watched room (plus the copy: the event parsed into a
 * JSON object and published), {@code pushSaid} what a {@code said} cost before watchers (the event
 * encoded and pushed, without the room lookup), and {@code tickClock} what each tick pays now for
 * its lag ({@link TickClock}: one {@code System.nanoTime()}).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class RoomWatchBenchmark {

  private static final String QUIET = "quiet";
  private static final String WATCHED = "watched";
  private static final int MEMBERS = 8;

  private Vertx vertx;
  private RoomHost rooms;
  private Pusher pusher;
  private List<ConnRef> conns;
  private TickClock clock;
  private Say quietSay;
  private Say watchedSay;

  /**
   * RoomHost uses Vert.x only for its tick timers: these never fire here (the benchmark thread owns
   * the rooms).
   */
  private static Vertx timersThatNeverFire() {
    return (Vertx)
        Proxy.newProxyInstance(
            Vertx.class.getClassLoader(),
            new Class<?>[] {Vertx.class},
            (proxy, method, args) ->
                switch (method.getName()) {
                  case "setPeriodic" -> 1L;
                  case "cancelTimer" -> true;
                  default -> throw new UnsupportedOperationException(method.getName());
                });
  }

  @Setup
  public void setup() {
    vertx = Vertx.vertx();
    WireCodec.install(vertx.eventBus());
    pusher = new Pusher(vertx.eventBus());
    rooms =
        new RoomHost(
            timersThatNeverFire(),
            ArenaRules.DEFAULT,
            pusher,
            () -> new SplittableRandom(1),
            room -> {},
            new RoomHost.Store() {
              public Future<Void> save(
                  String room, long tick, List<Cell> coins, List<StoredMember> members) {
                return Future.succeededFuture();
              }

              public void lost(Throwable reason) {}

              public long epoch() {
                return 1;
              }
            });
    conns = new ArrayList<>();
    List<StoredMember> members = new ArrayList<>();
    for (int i = 0; i < MEMBERS; i++) {
      ConnRef c = new ConnRef("bench-node", i % 2, i);
      conns.add(c);
      members.add(new StoredMember("p" + i, i, i, 0, 0, c));
    }
    List<Cell> coins = List.of(new Cell(20, 20));
    rooms.resume(
        List.of(
            new StoredRoom(QUIET, 0, 1, 10, coins, members),
            new StoredRoom(WATCHED, 0, 1, 10, coins, members)));
    rooms.watch(new Watch(WATCHED, "bench", true));
    clock = new TickClock(50);
    clock.started(System.nanoTime());
    quietSay = new Say(QUIET, "p0", "hello everybody");
    watchedSay = new Say(WATCHED, "p0", "hello everybody");
  }

  @TearDown
  public void tearDown() {
    vertx.close().await();
  }

  @Benchmark
  public Future<Void> sayUnwatched() {
    return rooms.say(quietSay);
  }

  @Benchmark
  public Future<Void> sayWatched() {
    return rooms.say(watchedSay);
  }

  @Benchmark
  public byte[] pushSaid() {
    byte[] json = Events.said(QUIET, "p0", "hello everybody");
    pusher.push(conns, QUIET, 1, 10, json);
    return json;
  }

  @Benchmark
  public long tickClock() {
    return clock.ticked(System.nanoTime());
  }
}
