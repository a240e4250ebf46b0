package dev.groundup.common.wire;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.groundup.common.protocol.Cell;
import dev.groundup.common.protocol.ErrorCode;
import dev.groundup.common.protocol.PlayerView;
import dev.groundup.common.protocol.Score;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * The server's side of the player protocol: each event of PROTOCOL.md section 1 as one line of JSON,
 * {@code "ev"} first, ended by {@code \n}. The {@code id} of a direct answer is written back exactly
 * as the client sent it (a JSON number or string) and left out when the request had none.
 *
 * <p>Rooms use it too: a room encodes each {@code state} once and pushes the same bytes to every member.
 */
public final class Events {

  private static final JsonFactory JSON = new ObjectMapper().getFactory();

  private Events() {
  }

  @FunctionalInterface
  private interface Body {
    void write(JsonGenerator g) throws IOException;
  }

  private static byte[] line(String ev, JsonNode id, Body body) {
    try (ByteArrayBuilder out = new ByteArrayBuilder(128)) {
      try (JsonGenerator g = JSON.createGenerator(out)) {
        g.writeStartObject();
        g.writeStringField("ev", ev);
        body.write(g);
        if (id != null) {
          g.writeFieldName("id");
          g.writeTree(id);
        }
        g.writeEndObject();
      }
      out.write('\n');
      return out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static byte[] hello(int proto) {
    return line("hello", null, g -> g.writeNumberField("proto", proto));
  }

  public static byte[] welcome(String name, String token, int shard, JsonNode id) {
    return line("welcome", id, g -> {
      g.writeStringField("name", name);
      g.writeStringField("token", token);
      g.writeNumberField("shard", shard);
    });
  }

  public static byte[] joined(String room, long tick, int width, int height, List<PlayerView> players,
      List<Cell> coins, JsonNode id) {
    return line("joined", id, g -> {
      g.writeStringField("room", room);
      g.writeNumberField("tick", tick);
      g.writeNumberField("width", width);
      g.writeNumberField("height", height);
      writePlayers(g, players);
      writeCoins(g, coins);
    });
  }

  public static byte[] enter(String room, PlayerView player) {
    return line("enter", null, g -> {
      g.writeStringField("room", room);
      g.writeFieldName("player");
      writePlayer(g, player);
    });
  }

  public static byte[] exit(String room, String name) {
    return line("exit", null, g -> {
      g.writeStringField("room", room);
      g.writeStringField("name", name);
    });
  }

  public static byte[] state(String room, long tick, List<PlayerView> players, List<Cell> coins) {
    return line("state", null, g -> {
      g.writeStringField("room", room);
      g.writeNumberField("tick", tick);
      writePlayers(g, players);
      writeCoins(g, coins);
    });
  }

  public static byte[] said(String room, String from, String text) {
    return line("said", null, g -> {
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
    return line("pong", id, g -> {
    });
  }

  public static byte[] top(List<Score> scores, JsonNode id) {
    return line("top", id, g -> {
      g.writeArrayFieldStart("players");
      for (Score s : scores) {
        g.writeStartObject();
        g.writeStringField("name", s.name());
        g.writeNumberField("score", s.score());
        g.writeEndObject();
      }
      g.writeEndArray();
    });
  }

  public static byte[] error(ErrorCode code, String msg, JsonNode id) {
    return line("error", id, g -> {
      g.writeStringField("code", code.wire());
      g.writeStringField("msg", msg);
    });
  }

  public static byte[] bye(String reason) {
    return line("bye", null, g -> g.writeStringField("reason", reason));
  }

  private static void writePlayers(JsonGenerator g, List<PlayerView> players) throws IOException {
    g.writeArrayFieldStart("players");
    for (PlayerView p : players) {
      writePlayer(g, p);
    }
    g.writeEndArray();
  }

  private static void writePlayer(JsonGenerator g, PlayerView p) throws IOException {
    g.writeStartObject();
    g.writeStringField("name", p.name());
    g.writeNumberField("x", p.x());
    g.writeNumberField("y", p.y());
    g.writeNumberField("score", p.score());
    g.writeNumberField("steps", p.steps());
    g.writeEndObject();
  }

  private static void writeCoins(JsonGenerator g, List<Cell> coins) throws IOException {
    g.writeArrayFieldStart("coins");
    for (Cell c : coins) {
      g.writeStartArray();
      g.writeNumber(c.x());
      g.writeNumber(c.y());
      g.writeEndArray();
    }
    g.writeEndArray();
  }
}
