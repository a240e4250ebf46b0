package dev.groundup.gateway;

import static java.nio.charset.StandardCharsets.UTF_8;

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
 * One client line as the gateway reads it: {@link LineFramer#feed} on the bytes of one TCP read
 * that holds exactly that line and its {@code \n}, then {@link ClientCodec#decode} of the framed
 * line, the work {@code Connection.line} does before routing. One benchmark per operation of the
 * protocol; the lines are those a client such as the load generator sends.
 *
 * <p>In {@code dev.groundup.gateway} because the framer and the codec are package-private.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class ClientLineBenchmark {

  @Param({"login", "join", "move", "say", "leave", "ping", "top", "quit"})
  public String op;

  private byte[] read;
  private LineFramer framer;
  private Decoder decoder;

  /** Decodes each framed line, as {@code Connection} does, and keeps the last result. */
  /** The games on the classpath (arena): a {@code move} is checked by arena, as on a gateway. */
  private static final ClientCodec CODEC =
      new ClientCodec(dev.groundup.common.games.GameCatalog.load());

  private static final class Decoder implements LineFramer.Sink {
    ClientCodec.Decoded last;
    int tooLong;

    @Override
    public void line(byte[] bytes, int length) {
      last = CODEC.decode(bytes, length);
    }

    @Override
    public void tooLong() {
      tooLong++;
    }
  }

  static String line(String op) {
    return switch (op) {
      case "login" ->
          "{\"op\":\"login\",\"name\":\"bot-0042\",\"token\":\"nl3Yrru7y1KK0Tsf6vmJcCz-XaAckJFI\",\"id\":1}";
      case "join" -> "{\"op\":\"join\",\"room\":\"lobby-7\",\"id\":2}";
      case "move" -> "{\"op\":\"move\",\"dir\":\"e\",\"id\":12345}";
      case "say" -> "{\"op\":\"say\",\"text\":\"hello, everyone in the room\",\"id\":12346}";
      case "leave" -> "{\"op\":\"leave\",\"id\":12347}";
      case "ping" -> "{\"op\":\"ping\",\"id\":12348}";
      case "top" -> "{\"op\":\"top\",\"n\":10,\"id\":12349}";
      case "quit" -> "{\"op\":\"quit\"}";
      default -> throw new IllegalArgumentException(op);
    };
  }

  @Setup
  public void setup() {
    read = (line(op) + "\n").getBytes(UTF_8);
    framer = new LineFramer(8192);
    decoder = new Decoder();
    framer.feed(read, read.length, decoder);
    if (!(decoder.last instanceof ClientOp)) {
      throw new IllegalStateException(op + " does not decode to an operation: " + decoder.last);
    }
  }

  @Benchmark
  public ClientCodec.Decoded frameAndDecode() {
    framer.feed(read, read.length, decoder);
    return decoder.last;
  }
}
