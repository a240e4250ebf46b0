package dev.groundup.common.wire;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.groundup.common.protocol.ErrorCode;
import dev.groundup.common.protocol.Score;
import dev.groundup.game.JsonOut;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/** Every server event of PROTOCOL.md section 1, as the bytes a client receives. */
class EventsTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String TRICKY =
      "say \"hi\"\nnew line\r\n\ttab \\ back / slash \u0000 nul \u2028 é 日本 😀";

  /** A game's player and cell, written as arena writes them: what the envelope tests carry. */
  private record PlayerView(String name, int x, int y, long score, long steps) {}

  private record Cell(int x, int y) {}

  private static void writePlayer(JsonOut out, PlayerView p) {
    out.startObject()
        .field("name", p.name())
        .field("x", p.x())
        .field("y", p.y())
        .field("score", p.score())
        .field("steps", p.steps())
        .endObject();
  }

  private static java.util.function.Consumer<JsonOut> room(
      List<PlayerView> players, List<Cell> coins) {
    return out -> {
      out.name("players").startArray();
      players.forEach(p -> writePlayer(out, p));
      out.endArray().name("coins").startArray();
      coins.forEach(c -> out.startArray().value(c.x()).value(c.y()).endArray());
      out.endArray();
    };
  }

  private static byte[] joined(
      String room,
      long tick,
      int w,
      int h,
      List<PlayerView> players,
      List<Cell> coins,
      JsonNode id) {
    return Events.withId(
        Events.joined(
            room,
            tick,
            out -> {
              out.field("width", w).field("height", h);
              room(players, coins).accept(out);
            }),
        id);
  }

  private static byte[] enter(String room, PlayerView p) {
    return Events.enter(room, out -> writePlayer(out.name("player"), p));
  }

  private static byte[] state(String room, long tick, List<PlayerView> players, List<Cell> coins) {
    return Events.state(room, tick, room(players, coins));
  }

  private static final PlayerView ALICE = new PlayerView("alice", 1, 2, 3, 4);
  private static final PlayerView BOB = new PlayerView("bob", 31, 0, Long.MAX_VALUE, 0);
  private static final List<Cell> COINS = List.of(new Cell(5, 6), new Cell(0, 31));

  /** One sample of every event, with an id where the event is a direct answer. */
  static Stream<Arguments> everyEvent() {
    JsonNode id = IntNode.valueOf(7);
    return Stream.of(
        Arguments.of("hello", Events.hello(1)),
        Arguments.of("welcome", Events.welcome("alice", "tok", 3, id)),
        Arguments.of("welcome", Events.welcome("alice", "tok", 3, "lobby", id)),
        Arguments.of("joined", joined("lobby", 1, 32, 32, List.of(ALICE), COINS, id)),
        Arguments.of("enter", enter("lobby", ALICE)),
        Arguments.of("exit", Events.exit("lobby", "alice")),
        Arguments.of("state", state("lobby", 9, List.of(ALICE, BOB), COINS)),
        Arguments.of("said", Events.said("lobby", "alice", TRICKY)),
        Arguments.of("ack", Events.ack(12, id)),
        Arguments.of("left", Events.left("lobby", id)),
        Arguments.of("pong", Events.pong(id)),
        Arguments.of("top", Events.top(List.of(new Score("alice", 3)), id)),
        Arguments.of("error", Events.error(ErrorCode.BAD_JSON, TRICKY, id)),
        Arguments.of("bye", Events.bye("quit")));
  }

  private static String text(byte[] line) {
    return new String(line, StandardCharsets.UTF_8);
  }

  private static JsonNode parse(byte[] line) throws IOException {
    return JSON.readTree(line);
  }

  private static List<String> fieldNames(JsonNode node) {
    List<String> names = new ArrayList<>();
    node.properties().forEach(e -> names.add(e.getKey()));
    return names;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("everyEvent")
  void isOneJsonObjectOnOneLineWithEvFirst(String ev, byte[] line) throws IOException {
    String s = text(line);
    assertThat(s).endsWith("\n").doesNotEndWith("\n\n");
    assertThat(s.chars().filter(c -> c == '\n').count()).as("newlines").isEqualTo(1);
    assertThat(s).doesNotContain("\r");
    assertThat(s).startsWith("{\"ev\":\"" + ev + "\"");

    JsonNode node = parse(line);
    assertThat(node.isObject()).isTrue();
    assertThat(fieldNames(node).get(0)).isEqualTo("ev");
    assertThat(node.get("ev").asText()).isEqualTo(ev);
    // exactly one JSON value on the line
    assertThat(JSON.readerFor(JsonNode.class).readValues(line).readAll()).hasSize(1);
  }

  @Test
  void hello() throws IOException {
    JsonNode n = parse(Events.hello(1));
    assertThat(fieldNames(n)).containsExactly("ev", "proto");
    assertThat(n.get("proto").isInt()).isTrue();
    assertThat(n.get("proto").intValue()).isEqualTo(1);
    assertThat(text(Events.hello(1))).isEqualTo("{\"ev\":\"hello\",\"proto\":1}\n");
  }

  @Test
  void welcome() throws IOException {
    JsonNode n = parse(Events.welcome("alice", "T0k-_", 17, TextNode.valueOf("a")));
    assertThat(fieldNames(n)).containsExactlyInAnyOrder("ev", "name", "token", "shard", "id");
    assertThat(n.get("name").asText()).isEqualTo("alice");
    assertThat(n.get("token").asText()).isEqualTo("T0k-_");
    assertThat(n.get("shard").isInt()).isTrue();
    assertThat(n.get("shard").intValue()).isEqualTo(17);
    assertThat(n.get("id").asText()).isEqualTo("a");

    assertThat(fieldNames(parse(Events.welcome("alice", "t", 0, null)))).doesNotContain("id");
  }

  @Test
  void welcomeBackInARoomNamesIt() throws IOException {
    JsonNode n = parse(Events.welcome("alice", "T0k", 17, "lobby", IntNode.valueOf(3)));
    assertThat(fieldNames(n)).containsExactly("ev", "name", "token", "shard", "room", "id");
    assertThat(n.get("room").asText()).isEqualTo("lobby");
    assertThat(n.get("id").intValue()).isEqualTo(3);
  }

  @Test
  void welcomeWithoutARoomIsExactlyTheContractsWelcome() {
    assertThat(text(Events.welcome("alice", "t", 4, null, null)))
        .isEqualTo("{\"ev\":\"welcome\",\"name\":\"alice\",\"token\":\"t\",\"shard\":4}\n");
    assertThat(Events.welcome("alice", "t", 4, null, IntNode.valueOf(1)))
        .isEqualTo(Events.welcome("alice", "t", 4, IntNode.valueOf(1)));
  }

  @Test
  void joined() throws IOException {
    JsonNode n = parse(joined("lobby", 42, 32, 16, List.of(ALICE, BOB), COINS, IntNode.valueOf(1)));
    assertThat(fieldNames(n))
        .containsExactlyInAnyOrder(
            "ev", "room", "tick", "width", "height", "players", "coins", "id");
    assertThat(n.get("room").asText()).isEqualTo("lobby");
    assertThat(n.get("tick").longValue()).isEqualTo(42);
    assertThat(n.get("width").intValue()).isEqualTo(32);
    assertThat(n.get("height").intValue()).isEqualTo(16);
    assertPlayers(n.get("players"), List.of(ALICE, BOB));
    assertCoins(n.get("coins"), COINS);
  }

  @Test
  void joinedAnEmptyRoom() throws IOException {
    JsonNode n = parse(joined("r", 1, 2, 3, List.of(), List.of(), null));
    assertThat(n.get("players").isArray()).isTrue();
    assertThat(n.get("players")).isEmpty();
    assertThat(n.get("coins").isArray()).isTrue();
    assertThat(n.get("coins")).isEmpty();
    assertThat(n.has("id")).isFalse();
  }

  @Test
  void enter() throws IOException {
    JsonNode n = parse(enter("lobby", ALICE));
    assertThat(fieldNames(n)).containsExactlyInAnyOrder("ev", "room", "player");
    assertThat(n.get("room").asText()).isEqualTo("lobby");
    assertPlayer(n.get("player"), ALICE);
  }

  @Test
  void exit() throws IOException {
    JsonNode n = parse(Events.exit("lobby", "alice"));
    assertThat(fieldNames(n)).containsExactlyInAnyOrder("ev", "room", "name");
    assertThat(n.get("room").asText()).isEqualTo("lobby");
    assertThat(n.get("name").asText()).isEqualTo("alice");
  }

  @Test
  void state() throws IOException {
    JsonNode n = parse(state("lobby", 1234567890123L, List.of(ALICE, BOB), COINS));
    assertThat(fieldNames(n)).containsExactlyInAnyOrder("ev", "room", "tick", "players", "coins");
    assertThat(n.get("room").asText()).isEqualTo("lobby");
    assertThat(n.get("tick").longValue()).isEqualTo(1234567890123L);
    assertPlayers(n.get("players"), List.of(ALICE, BOB));
    assertCoins(n.get("coins"), COINS);
  }

  @Test
  void said() throws IOException {
    JsonNode n = parse(Events.said("lobby", "alice", "hello all"));
    assertThat(fieldNames(n)).containsExactlyInAnyOrder("ev", "room", "from", "text");
    assertThat(n.get("room").asText()).isEqualTo("lobby");
    assertThat(n.get("from").asText()).isEqualTo("alice");
    assertThat(n.get("text").asText()).isEqualTo("hello all");
  }

  @Test
  void ack() throws IOException {
    JsonNode n = parse(Events.ack(99, IntNode.valueOf(5)));
    assertThat(fieldNames(n)).containsExactlyInAnyOrder("ev", "id", "tick");
    assertThat(n.get("tick").longValue()).isEqualTo(99);
    assertThat(n.get("id").intValue()).isEqualTo(5);
  }

  @Test
  void left() throws IOException {
    JsonNode n = parse(Events.left("lobby", IntNode.valueOf(5)));
    assertThat(fieldNames(n)).containsExactlyInAnyOrder("ev", "room", "id");
    assertThat(n.get("room").asText()).isEqualTo("lobby");
    assertThat(fieldNames(parse(Events.left("lobby", null)))).containsExactly("ev", "room");
  }

  @Test
  void pong() throws IOException {
    assertThat(text(Events.pong(IntNode.valueOf(5)))).isEqualTo("{\"ev\":\"pong\",\"id\":5}\n");
    assertThat(text(Events.pong(null))).isEqualTo("{\"ev\":\"pong\"}\n");
  }

  @Test
  void top() throws IOException {
    List<Score> scores = List.of(new Score("carol", 9), new Score("alice", 3), new Score("bob", 3));
    JsonNode n = parse(Events.top(scores, IntNode.valueOf(1)));
    assertThat(fieldNames(n)).containsExactlyInAnyOrder("ev", "players", "id");
    JsonNode players = n.get("players");
    assertThat(players.isArray()).isTrue();
    assertThat(players).hasSize(3);
    for (int i = 0; i < scores.size(); i++) {
      JsonNode p = players.get(i);
      assertThat(fieldNames(p)).containsExactlyInAnyOrder("name", "score");
      assertThat(p.get("name").asText()).isEqualTo(scores.get(i).name());
      assertThat(p.get("score").isIntegralNumber()).isTrue();
      assertThat(p.get("score").longValue()).isEqualTo(scores.get(i).score());
    }
    assertThat(parse(Events.top(List.of(), null)).get("players")).isEmpty();
  }

  @ParameterizedTest
  @EnumSource(ErrorCode.class)
  void error(ErrorCode code) throws IOException {
    JsonNode n = parse(Events.error(code, "human readable", TextNode.valueOf("x")));
    assertThat(fieldNames(n)).containsExactlyInAnyOrder("ev", "code", "msg", "id");
    assertThat(n.get("code").asText()).isEqualTo(code.wire());
    assertThat(n.get("msg").asText()).isEqualTo("human readable");
    assertThat(n.get("id").asText()).isEqualTo("x");
    assertThat(fieldNames(parse(Events.error(code, "m", null))))
        .containsExactlyInAnyOrder("ev", "code", "msg");
  }

  @Test
  void bye() throws IOException {
    for (String reason : new String[] {"replaced", "quit", "abuse", "idle", "shutdown"}) {
      assertThat(text(Events.bye(reason)))
          .isEqualTo("{\"ev\":\"bye\",\"reason\":\"" + reason + "\"}\n");
    }
  }

  // ---- ids ----

  static Stream<Arguments> ids() throws IOException {
    // ids as a gateway that keeps numbers exact would have them, parsed from the client's line
    ObjectMapper exact =
        JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
            .build();
    return Stream.of(
            "7",
            "0",
            "-3",
            "12345678901234567890",
            "1.50",
            "-0.25",
            "\"abc\"",
            "\"\"",
            "\"ü \\\" 😀\"")
        .map(raw -> Arguments.of(raw, exactId(exact, raw)));
  }

  private static JsonNode exactId(ObjectMapper exact, String raw) {
    try {
      return exact.readTree("{\"op\":\"ping\",\"id\":" + raw + "}").get("id");
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  @ParameterizedTest(name = "id {0}")
  @MethodSource("ids")
  void idsAreEchoedExactlyByEveryDirectAnswer(String raw, JsonNode id) throws IOException {
    List<Function<JsonNode, byte[]>> answers =
        List.of(
            i -> Events.welcome("alice", "t", 1, i),
            i -> joined("r", 1, 2, 3, List.of(), List.of(), i),
            i -> Events.ack(4, i),
            i -> Events.left("r", i),
            Events::pong,
            i -> Events.top(List.of(), i),
            i -> Events.error(ErrorCode.RATE_LIMITED, "slow down", i));
    for (Function<JsonNode, byte[]> answer : answers) {
      byte[] line = answer.apply(id);
      if (!id.isTextual()) {
        assertThat(text(line)).contains("\"id\":" + raw);
      }
      assertThat(parse(line).get("id")).isEqualTo(JSON.readTree(raw));
      assertThat(parse(line).get("id").getNodeType()).isEqualTo(id.getNodeType());
    }
  }

  @Test
  void bigNumberIdIsNotRounded() throws IOException {
    JsonNode id = JSON.readTree("12345678901234567890");
    assertThat(text(Events.pong(id))).isEqualTo("{\"ev\":\"pong\",\"id\":12345678901234567890}\n");
  }

  @Test
  void decimalIdKeepsItsDigits() {
    assertThat(text(Events.ack(1, DecimalNode.valueOf(new BigDecimal("1.50")))))
        .contains("\"id\":1.50");
  }

  @Test
  void nullIdIsOmittedEverywhere() throws IOException {
    for (byte[] line :
        List.of(
            Events.welcome("a", "t", 0, null),
            joined("r", 1, 1, 1, List.of(), List.of(), null),
            Events.ack(1, null),
            Events.left("r", null),
            Events.pong(null),
            Events.top(List.of(), null),
            Events.error(ErrorCode.UNAVAILABLE, "m", null))) {
      assertThat(parse(line).has("id")).isFalse();
      assertThat(text(line)).doesNotContain("\"id\"");
    }
  }

  // ---- escaping ----

  @Test
  void awkwardStringsStayOnOneLineAndComeBackUnchanged() throws IOException {
    String lone = "lone surrogate \ud800 end";
    for (String s : List.of(TRICKY, lone, "", "\n", "\"", "\\")) {
      List<byte[]> lines =
          List.of(
              Events.said(s, s, s),
              Events.exit(s, s),
              Events.error(ErrorCode.BAD_REQUEST, s, TextNode.valueOf(s)),
              Events.bye(s),
              Events.welcome(s, s, 0, null),
              Events.welcome(s, s, 0, s, null),
              enter(s, new PlayerView(s, 0, 0, 0, 0)),
              Events.top(List.of(new Score(s, 1)), null));
      for (byte[] line : lines) {
        String t = text(line);
        assertThat(t.indexOf('\n')).as("only the final newline in %s", t).isEqualTo(t.length() - 1);
        assertThat(t).doesNotContain("\r");
        JsonNode n = parse(line);
        n.properties()
            .forEach(
                e -> {
                  if (e.getValue().isTextual()
                      && !e.getKey().equals("ev")
                      && !e.getKey().equals("code")) {
                    assertThat(e.getValue().asText()).isEqualTo(s);
                  }
                });
      }
    }
  }

  @Test
  void saidKeepsUnicodeAsUtf8() throws IOException {
    byte[] line = Events.said("lobby", "alice", "é 日本 😀");
    assertThat(parse(line).get("text").asText()).isEqualTo("é 日本 😀");
    assertThat(text(line)).contains("é 日本");
  }

  @Test
  void eachCallReturnsAFreshArray() {
    byte[] a = Events.bye("quit");
    a[0] = 'X';
    assertThat(Events.bye("quit")[0]).isEqualTo((byte) '{');
  }

  private static void assertPlayers(JsonNode players, List<PlayerView> expected) {
    assertThat(players.isArray()).isTrue();
    assertThat(players).hasSize(expected.size());
    for (int i = 0; i < expected.size(); i++) {
      assertPlayer(players.get(i), expected.get(i));
    }
  }

  private static void assertPlayer(JsonNode p, PlayerView expected) {
    assertThat(fieldNames(p)).containsExactlyInAnyOrder("name", "x", "y", "score", "steps");
    assertThat(p.get("name").asText()).isEqualTo(expected.name());
    assertThat(p.get("x").intValue()).isEqualTo(expected.x());
    assertThat(p.get("y").intValue()).isEqualTo(expected.y());
    assertThat(p.get("score").longValue()).isEqualTo(expected.score());
    assertThat(p.get("steps").longValue()).isEqualTo(expected.steps());
    for (String f : List.of("x", "y", "score", "steps")) {
      assertThat(p.get(f).isIntegralNumber()).as(f).isTrue();
    }
  }

  private static void assertCoins(JsonNode coins, List<Cell> expected) {
    assertThat(coins.isArray()).isTrue();
    assertThat(coins).hasSize(expected.size());
    for (int i = 0; i < expected.size(); i++) {
      JsonNode c = coins.get(i);
      assertThat(c.isArray()).isTrue();
      assertThat(c).hasSize(2);
      assertThat(c.get(0).intValue()).isEqualTo(expected.get(i).x());
      assertThat(c.get(1).intValue()).isEqualTo(expected.get(i).y());
    }
  }
}
