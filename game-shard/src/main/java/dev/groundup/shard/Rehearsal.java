package dev.groundup.shard;

import dev.groundup.common.codec.WireCodec;
import dev.groundup.common.codec.WireMessage;
import dev.groundup.common.protocol.Dir;
import dev.groundup.common.protocol.GatewayProtocol.Push;
import dev.groundup.common.protocol.RoomProtocol.Acked;
import dev.groundup.common.protocol.RoomProtocol.Move;
import dev.groundup.common.wire.Events;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A new shard node rehearses before it takes any shard: it runs a scratch room's ticks, the JSON of
 * its events and the event-bus codec of its messages a few thousand times, so that the first real
 * ticks after a handoff run compiled code instead of the interpreter. Measured on this machine: a
 * just-started node served its first acks about 0.7 s after it took its shards without this. Pure
 * computation on a worker thread; nothing leaves the process.
 */
final class Rehearsal {

  /** Ticks of the scratch room: enough for the JIT to compile the hot paths. */
  static final int TICKS = 5_000;

  private static final String ROOM = "rehearsal";
  private static final int PLAYERS = 8;
  private static final Dir[] DIRS = Dir.values();

  private Rehearsal() {}

  /** Rehearses on a worker thread; completes when done (it never fails the node). */
  static Future<Void> run(Vertx vertx, ArenaRules rules) {
    return vertx
        .executeBlocking(() -> rehearse(rules, TICKS), false)
        .<Void>mapEmpty()
        .otherwiseEmpty();
  }

  /** Runs {@code ticks} ticks of a scratch room with its events and messages; gives a checksum. */
  static long rehearse(ArenaRules rules, int ticks) {
    Arena<Integer> arena = new Arena<>(rules, new SplittableRandom(1));
    for (int p = 0; p < PLAYERS; p++) {
      arena.join("p" + p, 0, 0, null);
    }
    WireCodec codec = new WireCodec();
    long sum = 0;
    for (int t = 0; t < ticks; t++) {
      for (int p = 0; p < PLAYERS; p++) {
        arena.enqueue("p" + p, DIRS[(t + p) % DIRS.length], t);
      }
      Arena.Step<Integer> step = arena.step();
      byte[] state = Events.state(ROOM, step.tick(), arena.players(), arena.coins());
      sum += state.length + step.applied().size();
      for (WireMessage m :
          List.of(
              new Move(ROOM, "p" + (t % PLAYERS), DIRS[t % DIRS.length]),
              new Acked(step.tick()),
              new Push(List.of((long) t), ROOM, 1, step.tick(), state))) {
        sum +=
            codec.encode(m).length()
                + codec.decode(codec.encode(m)).getClass().getSimpleName().length();
      }
    }
    return sum;
  }
}
