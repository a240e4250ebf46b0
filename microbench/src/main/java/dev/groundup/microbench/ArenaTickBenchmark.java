package dev.groundup.microbench;

import dev.groundup.common.protocol.Dir;
import dev.groundup.common.wire.Events;
import dev.groundup.shard.Arena;
import dev.groundup.shard.ArenaRules;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * One tick of a full room ({@link ArenaRules#DEFAULT}: 32 x 32, 64 players, 8 coins) in which every
 * player has a move waiting: the 64 {@link Arena#enqueue} calls that queue the moves (as 64 {@code
 * move} requests do between two ticks) and the {@link Arena#step} that applies them. The players
 * wander in random directions, so they hit walls and collect coins as in a game.
 *
 * <p>{@code tickAndState} adds what the room's host does with a changed tick before storing and
 * pushing it: takes {@link Arena#players()} and {@link Arena#coins()} and encodes the {@code state}
 * event.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class ArenaTickBenchmark {

  private static final int PLAYERS = 64;
  private static final Dir[] DIRS = Dir.values();

  private Arena<Integer> arena;
  private String[] names;
  private Integer[] tickets;
  private byte[] dirs;
  private int next;

  @Setup
  public void setup() {
    arena = new Arena<>(ArenaRules.DEFAULT, new SplittableRandom(1));
    arena.step();
    names = new String[PLAYERS];
    tickets = new Integer[PLAYERS];
    for (int i = 0; i < PLAYERS; i++) {
      names[i] = Fixtures.playerName(i);
      tickets[i] = i;
      arena.join(names[i], 0, 0, null);
    }
    // directions drawn ahead so that the random generator is not part of the measurement
    SplittableRandom random = new SplittableRandom(2);
    dirs = new byte[1 << 16];
    for (int i = 0; i < dirs.length; i++) {
      dirs[i] = (byte) random.nextInt(DIRS.length);
    }
  }

  private void queueMoves() {
    for (int i = 0; i < PLAYERS; i++) {
      if (!arena.enqueue(names[i], DIRS[dirs[next++ & 0xFFFF]], tickets[i])) {
        throw new IllegalStateException("move refused");
      }
    }
  }

  @Benchmark
  public Arena.Step<Integer> tick() {
    queueMoves();
    return arena.step();
  }

  @Benchmark
  public byte[] tickAndState() {
    queueMoves();
    Arena.Step<Integer> step = arena.step();
    return Events.state(Fixtures.ROOM, step.tick(), arena.players(), arena.coins());
  }
}
