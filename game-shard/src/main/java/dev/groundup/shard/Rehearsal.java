package dev.groundup.shard;

import dev.groundup.common.codec.WireCodec;
import dev.groundup.common.codec.WireMessage;
import dev.groundup.common.metrics.ShardMeters;
import dev.groundup.common.protocol.ConnRef;
import dev.groundup.common.protocol.GatewayProtocol.Push;
import dev.groundup.common.protocol.RoomProtocol.Enter;
import dev.groundup.common.protocol.RoomProtocol.Input;
import dev.groundup.common.store.StoredMember;
import dev.groundup.common.wire.JsonArgs;
import dev.groundup.shard.room.ManualTicker;
import dev.groundup.shard.room.RoomOutbox;
import dev.groundup.shard.room.RoomStore;
import dev.groundup.shard.room.Rooms;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A new shard node rehearses before it takes any shard: for every game it offers it runs a scratch
 * room through the engine's own room code — joins, the game's sample inputs, ticks, snapshots, the
 * JSON of its events and the event-bus codec of its messages — a few thousand times, so that the
 * first real ticks after a handoff run compiled code instead of the interpreter. Measured on this
 * machine: a just-started node served its first acks about 0.7 s after it took its shards without
 * this. Pure computation on a worker thread, on a clock of its own; nothing leaves the process.
 */
final class Rehearsal {

  /** Ticks (or, for a turn-based game, rounds of inputs) of each scratch room. */
  static final int TICKS = 2_000;

  private static final int PLAYERS = 8;

  private Rehearsal() {}

  /** Rehearses on a worker thread; completes when done (it never fails the node). */
  static Future<Void> run(Vertx vertx, Games games) {
    return vertx
        .executeBlocking(() -> rehearse(games, TICKS), false)
        .<Void>mapEmpty()
        .otherwiseEmpty();
  }

  /** Runs {@code ticks} ticks of a scratch room of every game; gives a checksum of what it made. */
  static long rehearse(Games games, int ticks) {
    WireCodec codec = new WireCodec();
    long[] sum = {0};
    RoomOutbox outbox =
        new RoomOutbox() {
          @Override
          public void push(Iterable<ConnRef> targets, String room, long tick, byte[] json) {
            List<Long> ids = new ArrayList<>();
            targets.forEach(c -> ids.add(c.id()));
            WireMessage push = new Push(ids, room, 1, tick, json);
            sum[0] += codec.decode(codec.encode(push)).getClass().getSimpleName().length();
          }

          @Override
          public void publish(String room, byte[] json) {}
        };
    RoomStore store =
        new RoomStore() {
          @Override
          public Future<Void> save(
              String room, String game, long tick, byte[] snapshot, List<StoredMember> members) {
            sum[0] += snapshot.length + members.size();
            return Future.succeededFuture();
          }

          @Override
          public void lost(Throwable reason) {}
        };
    for (String game : games.ids()) {
      ManualTicker ticker = new ManualTicker();
      Rooms rooms = new Rooms(games, ticker, outbox, store, ShardMeters.detached(-1), room -> {});
      String room = "rehearsal-" + game;
      for (int p = 0; p < PLAYERS; p++) {
        rooms.enter(
            new Enter(room, game, "p" + p, 0, List.of(), new ConnRef("rehearsal", 0, p), null));
      }
      List<byte[]> samples = samples(games, game);
      long tickMillis = games.rules(game).orElseThrow().limits().tickMillis();
      for (int t = 0; t < ticks; t++) {
        for (int p = 0; p < PLAYERS && !samples.isEmpty(); p++) {
          byte[] line = samples.get((t + p) % samples.size());
          String op = JsonArgs.parse(line).text("op");
          WireMessage input = new Input(room, "p" + p, op, line);
          sum[0] += codec.encode(input).length();
          rooms.input((Input) input).onSuccess(acked -> sum[0] += acked.tick());
        }
        ticker.advance(tickMillis);
      }
      rooms.close(new IllegalStateException("rehearsal over"));
    }
    return sum[0];
  }

  private static List<byte[]> samples(Games games, String game) {
    return games
        .game(game)
        .map(g -> g.sampleInputs().stream().map(s -> s.getBytes(StandardCharsets.UTF_8)).toList())
        .orElse(List.of());
  }
}
