package dev.groundup.shard;

import dev.groundup.common.codec.WireCodec;
import dev.groundup.common.metrics.ShardMeters;
import dev.groundup.common.protocol.ConnRef;
import dev.groundup.common.protocol.RoomProtocol.Say;
import dev.groundup.common.protocol.RoomProtocol.Watch;
import dev.groundup.common.store.StoredMember;
import dev.groundup.common.store.StoredRoom;
import dev.groundup.common.wire.Events;
import dev.groundup.game.Effects;
import dev.groundup.game.Joining;
import dev.groundup.game.Room;
import dev.groundup.game.RoomContext;
import dev.groundup.shard.room.ManualTicker;
import dev.groundup.shard.room.RoomOutbox;
import dev.groundup.shard.room.RoomStore;
import dev.groundup.shard.room.Rooms;
import dev.groundup.shard.room.TickClock;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
 * What room watchers cost a room's events. {@link Rooms} with two arena rooms of 8 members (spread
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
  private Rooms rooms;
  private Pusher pusher;
  private List<ConnRef> conns;
  private TickClock clock;
  private Say quietSay;
  private Say watchedSay;

  @Setup
  public void setup() {
    vertx = Vertx.vertx();
    WireCodec.install(vertx.eventBus());
    pusher = new Pusher(vertx.eventBus());
    Games games = Games.fromEnv(Map.of("GROUNDUP_GAMES", "arena"));
    // the rooms' tick timers never fire here: the benchmark thread owns the rooms
    rooms =
        new Rooms(
            games,
            new ManualTicker(),
            new RoomOutbox() {
              @Override
              public void push(Iterable<ConnRef> targets, String room, long tick, byte[] json) {
                pusher.push(targets, room, 1, tick, json);
              }

              @Override
              public void publish(String room, byte[] json) {
                pusher.publish(room, json);
              }
            },
            new RoomStore() {
              @Override
              public Future<Void> save(
                  String room,
                  String game,
                  long tick,
                  byte[] snapshot,
                  List<StoredMember> members) {
                return Future.succeededFuture();
              }

              @Override
              public void lost(Throwable reason) {}
            },
            ShardMeters.detached(-1),
            room -> {});
    Effects none =
        new Effects() {
          public void changed() {}

          public void applied(long seq) {}

          public void award(String player, long points) {}
        };
    Room arena =
        games
            .rules("arena")
            .orElseThrow()
            .create(new RoomContext(QUIET, 10, new SplittableRandom(1)));
    conns = new ArrayList<>();
    List<StoredMember> members = new ArrayList<>();
    for (int i = 0; i < MEMBERS; i++) {
      ConnRef c = new ConnRef("bench-node", i % 2, i);
      conns.add(c);
      members.add(new StoredMember("p" + i, 0, c));
      arena.join(new Joining("p" + i, new byte[0], null), none);
    }
    byte[] snapshot = arena.snapshot();
    rooms.resume(
        List.of(
            new StoredRoom(QUIET, "arena", 0, 1, 10, snapshot, members),
            new StoredRoom(WATCHED, "arena", 0, 1, 10, snapshot, members)));
    rooms.watch(new Watch(WATCHED, "bench", true), System.nanoTime());
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
