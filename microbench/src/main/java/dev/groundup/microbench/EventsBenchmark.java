package dev.groundup.microbench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.IntNode;
import dev.groundup.common.protocol.Score;
import dev.groundup.common.wire.Events;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.LongFunction;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The server events, encoded by {@link Events} into the bytes written to the socket.
 *
 * <ul>
 *   <li>{@code state}: an arena room's {@code state} (once per stored tick, pushed to every member)
 *       with 8 and 64 players and the room's 8 coins, written by the game through the engine's
 *       {@code JsonOut};
 *   <li>{@code answer}: the event each client operation produces, echoing a numeric {@code id} as
 *       the gateway's decoder produces it: {@code login} a {@code welcome}, {@code join} a {@code
 *       joined} with a full room (64 players), {@code move} an {@code ack}, {@code say} the {@code
 *       said} pushed to the room, {@code leave} a {@code left}, {@code ping} a {@code pong}, {@code
 *       top} a {@code top} of 10 players, {@code quit} a {@code bye}.
 * </ul>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class EventsBenchmark {

  private long tick = 1000;

  /** A room of {@code players} players. */
  @State(Scope.Thread)
  public static class Room {
    @Param({"8", "64"})
    public int players;

    dev.groundup.game.Room room;

    @Setup
    public void setup() {
      room = Fixtures.arena(players);
    }
  }

  /** The answer to one client operation, and what goes into it. */
  @State(Scope.Thread)
  public static class Answer {
    @Param({"login", "join", "move", "say", "leave", "ping", "top", "quit"})
    public String op;

    final JsonNode id = IntNode.valueOf(12345);
    final String name = Fixtures.playerName(42);
    final String token = "nl3Yrru7y1KK0Tsf6vmJcCz-XaAckJFI";
    final String text = "hello, everyone in the room";
    final dev.groundup.game.Room room = Fixtures.arena(64);
    final List<Score> top = new ArrayList<>();

    /** The encoding call, chosen once here so that the measurement does not include the choice. */
    LongFunction<byte[]> encode;

    @Setup
    public void setup() {
      for (int i = 0; i < 10; i++) {
        top.add(new Score(Fixtures.playerName(i), 5000 - 37L * i));
      }
      encode =
          switch (op) {
            case "login" -> tick -> Events.welcome(name, token, 17, id);
            case "join" ->
                tick ->
                    Events.withId(
                        Events.joined(Fixtures.ROOM, tick, out -> room.writeJoined(name, out)), id);
            case "move" -> tick -> Events.ack(tick, id);
            case "say" -> tick -> Events.said(Fixtures.ROOM, name, text);
            case "leave" -> tick -> Events.left(Fixtures.ROOM, id);
            case "ping" -> tick -> Events.pong(id);
            case "top" -> tick -> Events.top(top, id);
            case "quit" -> tick -> Events.bye("quit");
            default -> throw new IllegalArgumentException(op);
          };
    }
  }

  @Benchmark
  public byte[] state(Room room) {
    return Events.state(Fixtures.ROOM, ++tick, Fixtures.state(room.room));
  }

  @Benchmark
  public byte[] answer(Answer a) {
    return a.encode.apply(++tick);
  }
}
