package dev.groundup.microbench;

import dev.groundup.common.wire.Events;
import dev.groundup.game.Args;
import dev.groundup.game.Input;
import dev.groundup.game.Room;
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

/**
 * One tick of a full arena room (the default rules: 32 x 32, 64 players, 8 coins) in which every
 * player has a move waiting, through the game SPI as the engine drives it: the 64 {@link
 * Room#input} calls that queue the moves (as 64 {@code move} requests do between two ticks) and the
 * {@link Room#tick} that applies them. The players wander in random directions, so they hit walls
 * and collect coins as in a game.
 *
 * <p>{@code tickAndState} adds what the engine does with a changed tick before storing and pushing
 * it: takes the room's view and encodes the {@code state} event; {@code tickStateAndSnapshot} also
 * takes the snapshot the engine stores.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class ArenaTickBenchmark {

  private static final int PLAYERS = 64;
  private static final Args[] DIRS = {
    Args.of(Map.of("dir", "n")), Args.of(Map.of("dir", "s")),
    Args.of(Map.of("dir", "e")), Args.of(Map.of("dir", "w"))
  };

  private Room room;
  private String[] names;
  private byte[] dirs;
  private int next;
  private long seq;
  private long tick = 1;

  @Setup
  public void setup() {
    room = Fixtures.arena(PLAYERS);
    names = new String[PLAYERS];
    for (int i = 0; i < PLAYERS; i++) {
      names[i] = Fixtures.playerName(i);
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
      room.input(
          names[i], new Input(++seq, "move", DIRS[dirs[next++ & 0xFFFF]]), Fixtures.NO_EFFECTS);
    }
  }

  @Benchmark
  public long tick() {
    queueMoves();
    room.tick(++tick, Fixtures.NO_EFFECTS);
    return tick;
  }

  @Benchmark
  public byte[] tickAndState() {
    queueMoves();
    room.tick(++tick, Fixtures.NO_EFFECTS);
    return Events.state(Fixtures.ROOM, tick, Fixtures.state(room));
  }

  @Benchmark
  public byte[] tickStateAndSnapshot() {
    queueMoves();
    room.tick(++tick, Fixtures.NO_EFFECTS);
    Events.state(Fixtures.ROOM, tick, Fixtures.state(room));
    return room.snapshot();
  }
}
