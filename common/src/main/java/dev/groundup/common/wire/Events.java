package dev.groundup.common.wire;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.groundup.common.protocol.ErrorCode;
import dev.groundup.common.protocol.Score;
import dev.groundup.game.JsonOut;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;

/**
 * The server's side of the player protocol: each event of PROTOCOL.md section 1 as one line of
 * JSON, {@code "ev"} first, ended by {@code \n}. The {@code id} of a direct answer is written back
 * exactly as the client sent it (a JSON number or string) and left out when the request had none.
 *
 * <p>Rooms use it too: a room encodes each {@code state} once and pushes the same bytes to every
 * member.
 */
public final class Events {

  /**
   * Writes the ids (trees) without flushing after them, so that a line reaches its output in one
   * piece.
   */
  private static final JsonFactory JSON =
      new ObjectMapper().disable(SerializationFeature.FLUSH_AFTER_WRITE_VALUE).getFactory();

  // the field names written once per player or score, quoted and encoded once here
  private static final SerializedString NAME = new SerializedString("name");
  private static final SerializedString SCORE = new SerializedString("score");

  private Events() {}

  @FunctionalInterface
  private interface Body {
    void write(JsonGenerator g) throws IOException;
  }

  private static byte[] line(String ev, JsonNode id, Body body) {
    LineOutput out = new LineOutput();
    try (JsonGenerator g = JSON.createGenerator(out)) {
      g.writeStartObject();
      g.writeStringField("ev", ev);
      body.write(g);
      if (id != null) {
        g.writeFieldName("id");
        g.writeTree(id);
      }
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.line();
  }

  /**
   * Collects a line in one array of the right size. The generator buffers its output (8000 bytes)
   * and hands it over when it is closed (nothing flushes it before), so a line shorter than that
   * arrives in one piece: it is copied once, into an array with room for the {@code \n}, and that
   * array is the result.
   */
  private static final class LineOutput extends OutputStream {
    private byte[] bytes;
    private int length;

    @Override
    public void write(int b) {
      room(1);
      bytes[length++] = (byte) b;
    }

    @Override
    public void write(byte[] b, int off, int len) {
      room(len);
      System.arraycopy(b, off, bytes, length, len);
      length += len;
    }

    private void room(int n) {
      if (bytes == null) {
        bytes = new byte[n + 1];
      } else if (length + n > bytes.length) {
        bytes = Arrays.copyOf(bytes, Math.max(length + n + 1, 2 * bytes.length));
      }
    }

    byte[] line() {
      write('\n');
      return length == bytes.length ? bytes : Arrays.copyOf(bytes, length);
    }
  }

  public static byte[] hello(int proto) {
    return line("hello", null, g -> g.writeNumberField("proto", proto));
  }

  /** {@code welcome} of a player that is in no room. */
  public static byte[] welcome(String name, String token, int shard, JsonNode id) {
    return welcome(name, token, shard, null, id);
  }

  /**
   * {@code welcome}; {@code room} (a groundup extension of the contract) names the room the player
   * is back in, and is left out when it is null.
   */
  public static byte[] welcome(String name, String token, int shard, String room, JsonNode id) {
    return line(
        "welcome",
        id,
        g -> {
          g.writeStringField("name", name);
          g.writeStringField("token", token);
          g.writeNumberField("shard", shard);
          if (room != null) {
            g.writeStringField("room", room);
          }
        });
  }

  /**
   * {@code joined} without an {@code id}: the room, its tick, then the fields the game writes. A
   * request's id is added where it is answered ({@link #withId}).
   */
  public static byte[] joined(String room, long tick, Consumer<JsonOut> fields) {
    return line(
        "joined",
        null,
        g -> {
          g.writeStringField("room", room);
          g.writeNumberField("tick", tick);
          fields.accept(new GeneratorOut(g));
        });
  }

  /** {@code enter}: the room, then the fields the game writes for the player who entered. */
  public static byte[] enter(String room, Consumer<JsonOut> fields) {
    return line(
        "enter",
        null,
        g -> {
          g.writeStringField("room", room);
          fields.accept(new GeneratorOut(g));
        });
  }

  public static byte[] exit(String room, String name) {
    return line(
        "exit",
        null,
        g -> {
          g.writeStringField("room", room);
          g.writeStringField("name", name);
        });
  }

  /** {@code state}: the room, its tick, then the fields of what the member sees. */
  public static byte[] state(String room, long tick, Consumer<JsonOut> fields) {
    return line(
        "state",
        null,
        g -> {
          g.writeStringField("room", room);
          g.writeNumberField("tick", tick);
          fields.accept(new GeneratorOut(g));
        });
  }

  /**
   * An event line with {@code "id"} added as its last field (as every direct answer has it), or the
   * line itself when {@code id} is null. The line ends with {@code "}\n"}, as every event does.
   */
  public static byte[] withId(byte[] line, JsonNode id) {
    if (id == null) {
      return line;
    }
    byte[] idJson = line("", id, g -> {});
    // idJson is {"ev":"","id":<id>}\n: its tail from ,"id": is what goes in place of the line's }\n
    int from = indexOf(idJson, ID_FIELD);
    byte[] out = new byte[line.length - 2 + idJson.length - from];
    System.arraycopy(line, 0, out, 0, line.length - 2);
    System.arraycopy(idJson, from, out, line.length - 2, idJson.length - from);
    return out;
  }

  private static final byte[] ID_FIELD =
      ",\"id\":".getBytes(java.nio.charset.StandardCharsets.UTF_8);

  private static int indexOf(byte[] bytes, byte[] part) {
    outer:
    for (int i = 0; i + part.length <= bytes.length; i++) {
      for (int j = 0; j < part.length; j++) {
        if (bytes[i + j] != part[j]) {
          continue outer;
        }
      }
      return i;
    }
    throw new IllegalStateException("no id field");
  }

  public static byte[] said(String room, String from, String text) {
    return line(
        "said",
        null,
        g -> {
          g.writeStringField("room", room);
          g.writeStringField("from", from);
          g.writeStringField("text", text);
        });
  }

  public static byte[] ack(long tick, JsonNode id) {
    return line("ack", id, g -> g.writeNumberField("tick", tick));
  }

  public static byte[] left(String room, JsonNode id) {
    return line("left", id, g -> g.writeStringField("room", room));
  }

  public static byte[] pong(JsonNode id) {
    return line("pong", id, g -> {});
  }

  public static byte[] top(List<Score> scores, JsonNode id) {
    return line(
        "top",
        id,
        g -> {
          g.writeArrayFieldStart("players");
          for (Score s : scores) {
            g.writeStartObject();
            g.writeFieldName(NAME);
            g.writeString(s.name());
            g.writeFieldName(SCORE);
            g.writeNumber(s.score());
            g.writeEndObject();
          }
          g.writeEndArray();
        });
  }

  public static byte[] error(ErrorCode code, String msg, JsonNode id) {
    return error(code.wire(), msg, id);
  }

  /** {@code error} with a code as the client sees it: the protocol's or a game's own. */
  public static byte[] error(String code, String msg, JsonNode id) {
    return line(
        "error",
        id,
        g -> {
          g.writeStringField("code", code);
          g.writeStringField("msg", msg);
        });
  }

  public static byte[] bye(String reason) {
    return line("bye", null, g -> g.writeStringField("reason", reason));
  }
}
