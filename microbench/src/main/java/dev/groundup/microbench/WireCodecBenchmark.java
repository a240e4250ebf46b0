package dev.groundup.microbench;

import dev.groundup.common.codec.WireCodec;
import dev.groundup.common.codec.WireMessage;
import dev.groundup.common.protocol.GatewayProtocol.Push;
import dev.groundup.common.protocol.RoomProtocol.Acked;
import dev.groundup.common.protocol.RoomProtocol.Input;
import dev.groundup.common.wire.Events;
import io.vertx.core.buffer.Buffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The event-bus codec on the messages of the hot path, as the clustered event bus uses it for a
 * message to another node: {@link WireCodec#encodeToWire} into a fresh buffer, and {@link
 * WireCodec#decodeFromWire} of those bytes. The messages: a {@code move} input (gateway to room
 * shard: the client's line, forwarded as sent), its {@code Acked} reply, and the {@code Push} of a
 * 64-player {@code state} (3757 bytes of JSON, 4312 on the wire) to 64 connections of one gateway
 * inbox.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class WireCodecBenchmark {

  @Param({"move", "acked", "push"})
  public String message;

  private final WireCodec codec = new WireCodec();
  private WireMessage value;
  private Buffer encoded;

  @Setup
  public void setup() {
    value =
        switch (message) {
          case "move" ->
              new Input(
                  Fixtures.ROOM,
                  Fixtures.playerName(42),
                  "move",
                  "{\"op\":\"move\",\"dir\":\"e\",\"id\":12345}"
                      .getBytes(java.nio.charset.StandardCharsets.UTF_8));
          case "acked" -> new Acked(123_456);
          case "push" -> {
            List<Long> conns = new ArrayList<>();
            for (long c = 0; c < 64; c++) {
              conns.add(1000 + 17 * c);
            }
            yield new Push(
                conns,
                Fixtures.ROOM,
                3,
                123_456,
                Events.state(Fixtures.ROOM, 123_456, Fixtures.state(Fixtures.arena(64))));
          }
          default -> throw new IllegalArgumentException(message);
        };
    encoded = encode();
    WireMessage back = decode();
    boolean same =
        back instanceof Push p && value instanceof Push v
            ? p.conns().equals(v.conns())
                && p.room().equals(v.room())
                && p.epoch() == v.epoch()
                && p.tick() == v.tick()
                && Arrays.equals(p.json(), v.json())
            : back instanceof Input i && value instanceof Input v
                ? i.room().equals(v.room())
                    && i.op().equals(v.op())
                    && Arrays.equals(i.args(), v.args())
                : back.equals(value);
    if (!same) {
      throw new IllegalStateException("round trip changed " + value + " into " + back);
    }
  }

  @Benchmark
  public Buffer encode() {
    Buffer out = Buffer.buffer();
    codec.encodeToWire(out, value);
    return out;
  }

  @Benchmark
  public WireMessage decode() {
    return codec.decodeFromWire(0, encoded);
  }
}
