package dev.groundup.gateway;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.groundup.common.games.GameCatalog;
import dev.groundup.common.protocol.ErrorCode;
import dev.groundup.gateway.ClientCodec.Decoded;
import dev.groundup.gateway.ClientCodec.Invalid;
import java.io.ByteArrayOutputStream;
import java.nio.charset.Charset;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ClientCodecTest {

  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final Set<ErrorCode> CODEC_CODES =
      Set.of(ErrorCode.BAD_JSON, ErrorCode.BAD_REQUEST, ErrorCode.UNKNOWN_OP);

  /** The games on the test classpath (arena and connect four), as a gateway finds them. */
  static final ClientCodec CODEC = new ClientCodec(GameCatalog.load());

  private static Decoded decode(String line) {
    byte[] b = line.getBytes(UTF_8);
    return CODEC.decode(b, b.length);
  }

  private static Decoded decode(byte[] b) {
    return CODEC.decode(b, b.length);
  }

  private static <T extends ClientOp> T op(String line, Class<T> type) {
    Decoded d = decode(line);
    assertThat(d).as(line).isInstanceOf(type);
    return type.cast(d);
  }

  private static Invalid invalid(String line, ErrorCode code) {
    return invalid(decode(line), code, line);
  }

  private static Invalid invalid(Decoded d, ErrorCode code, String what) {
    assertThat(d).as(what).isInstanceOf(Invalid.class);
    Invalid inv = (Invalid) d;
    assertThat(inv.code()).as("code for %s (%s)", what, inv.message()).isEqualTo(code);
    assertThat(inv.message()).as(what).isNotBlank();
    return inv;
  }

  private static String json(JsonNode node) {
    try {
      return MAPPER.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new AssertionError(e);
    }
  }

  private static byte[] concat(String before, byte[] middle, String after) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(before.getBytes(UTF_8));
    out.writeBytes(middle);
    out.writeBytes(after.getBytes(UTF_8));
    return out.toByteArray();
  }

  // ---------------------------------------------------------------- every op

  @Test
  void loginWithNameOnly() {
    ClientOp.Login login = op("{\"op\":\"login\",\"name\":\"alice\"}", ClientOp.Login.class);
    assertThat(login.name()).isEqualTo("alice");
    assertThat(login.token()).isNull();
    assertThat(login.id()).isNull();
  }

  @Test
  void loginWithToken() {
    ClientOp.Login login =
        op(
            "{\"op\":\"login\",\"name\":\"Bob_2-x\",\"token\":\"s3cr3t\",\"id\":1}",
            ClientOp.Login.class);
    assertThat(login.name()).isEqualTo("Bob_2-x");
    assertThat(login.token()).isEqualTo("s3cr3t");
    assertThat(json(login.id())).isEqualTo("1");
  }

  @Test
  void loginWithNullTokenIsLikeNoToken() {
    ClientOp.Login login =
        op("{\"op\":\"login\",\"name\":\"alice\",\"token\":null}", ClientOp.Login.class);
    assertThat(login.token()).isNull();
  }

  @Test
  void loginNameLimits() {
    assertThat(op("{\"op\":\"login\",\"name\":\"a\"}", ClientOp.Login.class).name()).isEqualTo("a");
    String n32 = "abcdefghijklmnopqrstuvwxyzABCD09";
    assertThat(n32).hasSize(32);
    assertThat(op("{\"op\":\"login\",\"name\":\"" + n32 + "\"}", ClientOp.Login.class).name())
        .isEqualTo(n32);
    String all = "AZaz09_-";
    assertThat(op("{\"op\":\"login\",\"name\":\"" + all + "\"}", ClientOp.Login.class).name())
        .isEqualTo(all);
  }

  @Test
  void join() {
    ClientOp.Join join =
        op("{\"op\":\"join\",\"room\":\"lobby-1\",\"id\":\"j\"}", ClientOp.Join.class);
    assertThat(join.room()).isEqualTo("lobby-1");
    assertThat(json(join.id())).isEqualTo("\"j\"");
    String r32 = "r".repeat(32);
    assertThat(op("{\"op\":\"join\",\"room\":\"" + r32 + "\"}", ClientOp.Join.class).room())
        .isEqualTo(r32);
  }

  @ParameterizedTest
  @ValueSource(strings = {"n", "s", "e", "w"})
  void moveIsAnInputOfArenaForwardedAsTheLineSent(String dir) {
    String line = "{\"op\":\"move\",\"dir\":\"" + dir + "\",\"id\":3}";
    ClientOp.Input move = op(line, ClientOp.Input.class);
    assertThat(move.op()).isEqualTo("move");
    assertThat(new String(move.line(), UTF_8)).isEqualTo(line);
    assertThat(json(move.id())).isEqualTo("3");
  }

  @Test
  void moveWithoutId() {
    ClientOp.Input move = op("{\"dir\":\"e\",\"op\":\"move\"}", ClientOp.Input.class);
    assertThat(move.op()).isEqualTo("move");
    assertThat(move.id()).isNull();
  }

  @Test
  void anInputIsCheckedByTheGameThatTakesIt() {
    ClientOp.Input drop = op("{\"op\":\"drop\",\"col\":6,\"id\":1}", ClientOp.Input.class);
    assertThat(drop.op()).isEqualTo("drop");
    assertThat(op("{\"op\":\"rematch\"}", ClientOp.Input.class).op()).isEqualTo("rematch");
    assertThat(invalid("{\"op\":\"drop\",\"col\":7}", ErrorCode.BAD_REQUEST).message())
        .isEqualTo("col must be an integer from 0 to 6");
    assertThat(invalid("{\"op\":\"drop\",\"id\":2}", ErrorCode.BAD_REQUEST).id().asInt())
        .isEqualTo(2);
    assertThat(invalid("{\"op\":\"move\"}", ErrorCode.BAD_REQUEST).message())
        .isEqualTo("missing field dir");
  }

  @Test
  void withoutAnyGameEveryInputIsAnUnknownOp() {
    ClientCodec bare = new ClientCodec(GameCatalog.of(java.util.List.of()));
    byte[] line = "{\"op\":\"move\",\"dir\":\"e\"}".getBytes(UTF_8);
    Decoded d = bare.decode(line, line.length);
    assertThat(d).isInstanceOf(Invalid.class);
    assertThat(((Invalid) d).code()).isEqualTo(ErrorCode.UNKNOWN_OP);
  }

  @Test
  void joinMayNameAGame() {
    assertThat(
            op("{\"op\":\"join\",\"room\":\"r1\",\"game\":\"four\"}", ClientOp.Join.class).game())
        .isEqualTo("four");
    assertThat(op("{\"op\":\"join\",\"room\":\"r1\"}", ClientOp.Join.class).game()).isNull();
    assertThat(op("{\"op\":\"join\",\"room\":\"r1\",\"game\":null}", ClientOp.Join.class).game())
        .isNull();
    for (String bad :
        java.util.List.of("\"\"", "\"Four\"", "4", "\"" + "g".repeat(33) + "\"", "\"a b\"")) {
      invalid("{\"op\":\"join\",\"room\":\"r1\",\"game\":" + bad + "}", ErrorCode.BAD_REQUEST);
    }
  }

  @Test
  void say() {
    ClientOp.Say say =
        op(
            "{\"op\":\"say\",\"text\":\"hello, world \\\"quoted\\\" \\u00e9 \\n\"}",
            ClientOp.Say.class);
    assertThat(say.text()).isEqualTo("hello, world \"quoted\" \u00e9 \n");
    assertThat(op("{\"op\":\"say\",\"text\":\" \"}", ClientOp.Say.class).text()).isEqualTo(" ");
  }

  @Test
  void sayUtf8Text() {
    String text = "gr\u00fc\u00df dich \u4f60\u597d \uD83D\uDE00";
    assertThat(op("{\"op\":\"say\",\"text\":\"" + text + "\"}", ClientOp.Say.class).text())
        .isEqualTo(text);
  }

  @Test
  void sayTextLimits() {
    String t256 = "x".repeat(256);
    assertThat(op("{\"op\":\"say\",\"text\":\"" + t256 + "\"}", ClientOp.Say.class).text())
        .isEqualTo(t256);
    assertThat(op("{\"op\":\"say\",\"text\":\"x\"}", ClientOp.Say.class).text()).isEqualTo("x");
  }

  @Test
  void sayTextOf256EmojiIsAllowed() {
    String emoji = "\uD83D\uDE00".repeat(256);
    assertThat(emoji).hasSize(512);
    ClientOp.Say say = op("{\"op\":\"say\",\"text\":\"" + emoji + "\"}", ClientOp.Say.class);
    assertThat(say.text()).isEqualTo(emoji);
    // also when the emoji are sent as \\u escapes
    String escaped = "\\ud83d\\ude00".repeat(256);
    assertThat(op("{\"op\":\"say\",\"text\":\"" + escaped + "\"}", ClientOp.Say.class).text())
        .isEqualTo(emoji);
  }

  @Test
  void sayTextOf257EmojiIsRefused() {
    String emoji = "\uD83D\uDE00".repeat(257);
    invalid("{\"op\":\"say\",\"text\":\"" + emoji + "\"}", ErrorCode.BAD_REQUEST);
  }

  @Test
  void leavePingQuit() {
    assertThat(op("{\"op\":\"leave\"}", ClientOp.Leave.class).id()).isNull();
    assertThat(json(op("{\"op\":\"leave\",\"id\":9}", ClientOp.Leave.class).id())).isEqualTo("9");
    assertThat(op("{\"op\":\"ping\"}", ClientOp.Ping.class).id()).isNull();
    assertThat(json(op("{\"op\":\"ping\",\"id\":\"p1\"}", ClientOp.Ping.class).id()))
        .isEqualTo("\"p1\"");
    assertThat(op("{\"op\":\"quit\"}", ClientOp.Quit.class).id()).isNull();
    assertThat(json(op("{\"id\":0,\"op\":\"quit\"}", ClientOp.Quit.class).id())).isEqualTo("0");
  }

  @Test
  void top() {
    assertThat(op("{\"op\":\"top\"}", ClientOp.Top.class).n()).isEqualTo(10);
    assertThat(op("{\"op\":\"top\",\"n\":1}", ClientOp.Top.class).n()).isEqualTo(1);
    assertThat(op("{\"op\":\"top\",\"n\":42}", ClientOp.Top.class).n()).isEqualTo(42);
    assertThat(op("{\"op\":\"top\",\"n\":100}", ClientOp.Top.class).n()).isEqualTo(100);
    ClientOp.Top top = op("{\"op\":\"top\",\"n\":5,\"id\":\"t\"}", ClientOp.Top.class);
    assertThat(top.n()).isEqualTo(5);
    assertThat(json(top.id())).isEqualTo("\"t\"");
  }

  @Test
  void whitespaceAroundTheObjectIsAllowed() {
    assertThat(decode("  \t{ \"op\" : \"ping\" }  \r")).isInstanceOf(ClientOp.Ping.class);
  }

  @Test
  void onlyTheGivenLengthIsRead() {
    byte[] b = "{\"op\":\"ping\"}GARBAGE{[".getBytes(UTF_8);
    assertThat(CODEC.decode(b, 13)).isInstanceOf(ClientOp.Ping.class);
    assertThat(CODEC.decode(b, 0)).isInstanceOf(Invalid.class);
  }

  @Test
  void unknownFieldsAreIgnored() {
    ClientOp.Login login =
        op(
            "{\"v\":2,\"op\":\"login\",\"extra\":[1,{\"a\":null},true],"
                + "\"name\":\"carol\",\"nested\":{\"op\":\"quit\",\"name\":\"x y\"},\"dir\":7}",
            ClientOp.Login.class);
    assertThat(login.name()).isEqualTo("carol");
    assertThat(op("{\"op\":\"ping\",\"ev\":\"pong\",\"text\":5,\"n\":\"x\"}", ClientOp.Ping.class))
        .isNotNull();
    assertThat(op("{\"op\":\"quit\",\"reason\":{}}", ClientOp.Quit.class)).isNotNull();
  }

  // ---------------------------------------------------------------- ids

  @ParameterizedTest
  @ValueSource(
      strings = {
        "7",
        "0",
        "-3",
        "12345678901234567890",
        "-12345678901234567890",
        "1.50",
        "-0.25",
        "\"abc\"",
        "\"\"",
        "\"\\u00e9\"",
        "3.14159265358979323846264338327950288419716939937510"
      })
  void idIsKeptExactlyAsSent(String id) {
    Decoded d = decode("{\"op\":\"ping\",\"id\":" + id + "}");
    assertThat(d).isInstanceOf(ClientOp.Ping.class);
    JsonNode node = ((ClientOp) d).id();
    assertThat(node.isNumber() || node.isTextual()).isTrue();
    assertThat(json(node)).isEqualTo(id.equals("\"\\u00e9\"") ? "\"\u00e9\"" : id);
  }

  @Test
  void decimalIdKeepsItsTrailingZero() {
    JsonNode id = op("{\"op\":\"ping\",\"id\":1.50}", ClientOp.Ping.class).id();
    assertThat(id.isNumber()).isTrue();
    assertThat(json(id)).isEqualTo("1.50");
  }

  @Test
  void bigIntegerIdIsExact() {
    JsonNode id = op("{\"op\":\"ping\",\"id\":12345678901234567890}", ClientOp.Ping.class).id();
    assertThat(id.isIntegralNumber()).isTrue();
    assertThat(id.bigIntegerValue()).hasToString("12345678901234567890");
    assertThat(json(id)).isEqualTo("12345678901234567890");
  }

  @Test
  void idWithExponentIsEchoedAsTheSameNumber() {
    JsonNode id = op("{\"op\":\"ping\",\"id\":1e5}", ClientOp.Ping.class).id();
    assertThat(id.isNumber()).isTrue();
    assertThat(id.decimalValue()).isEqualByComparingTo("100000");
    id = op("{\"op\":\"ping\",\"id\":-2.5E-3}", ClientOp.Ping.class).id();
    assertThat(id.decimalValue()).isEqualByComparingTo("-0.0025");
  }

  @Test
  void stringIdIsAString() {
    JsonNode id = op("{\"op\":\"ping\",\"id\":\"42\"}", ClientOp.Ping.class).id();
    assertThat(id.isTextual()).isTrue();
    assertThat(json(id)).isEqualTo("\"42\"");
  }

  @ParameterizedTest
  @ValueSource(strings = {"true", "false", "null", "{}", "[]", "[1]", "{\"a\":1}"})
  void idOfAnotherTypeIsABadRequestWithoutId(String id) {
    for (String line :
        new String[] {
          "{\"op\":\"ping\",\"id\":" + id + "}",
          "{\"id\":" + id + ",\"op\":\"ping\"}",
          "{\"op\":\"nope\",\"id\":" + id + "}",
          "{\"id\":" + id + "}"
        }) {
      Invalid inv = invalid(line, ErrorCode.BAD_REQUEST);
      assertThat(inv.id()).as(line).isNull();
    }
  }

  // ---------------------------------------------------------------- bad_json

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        " ",
        "\t",
        "not json",
        "ping",
        "{",
        "}",
        "{\"op\":\"ping\"",
        "{\"op\":\"ping\"}}",
        "[]",
        "[{\"op\":\"ping\"}]",
        "\"ping\"",
        "\"{\\\"op\\\":\\\"ping\\\"}\"",
        "42",
        "-1.5",
        "null",
        "true",
        "{} {}",
        "{\"op\":\"ping\"} {\"op\":\"quit\"}",
        "{\"op\":\"ping\"} x",
        "{\"op\":\"ping\"} 1",
        "{\"op\":\"ping\"}[]",
        "{\"op\":\"ping\"},",
        "{op:\"ping\"}",
        "{'op':'ping'}",
        "{\"op\":'ping'}",
        "{\"op\":\"ping\",}",
        "{\"op\" \"ping\"}",
        "{\"op\":\"ping\";\"id\":1}",
        "/* c */{\"op\":\"ping\"}",
        "{\"op\":\"ping\"}// c",
        "# c\n{\"op\":\"ping\"}",
        "{\"op\":\"ping\",\"id\":01}",
        "{\"op\":\"ping\",\"id\":+1}",
        "{\"op\":\"ping\",\"id\":.5}",
        "{\"op\":\"ping\",\"id\":1.}",
        "{\"op\":\"ping\",\"id\":0x10}",
        "{\"op\":\"say\",\"text\":\"a\tb\"}",
        "{\"op\":\"say\",\"text\":\"\\x41\"}",
        "{\"op\":\"say\",\"text\":\"\\u12\"}",
        "{\"op\":\"ping\",\"op\":\"quit\"}",
        "{\"op\":\"ping\",\"op\":\"ping\"}",
        "{\"op\":\"ping\",\"id\":1,\"id\":2}",
        "{\"op\":\"ping\",\"x\":{\"a\":1,\"a\":2}}",
        "{\"op\":\"top\",\"n\":NaN}",
        "{\"op\":\"ping\",\"id\":NaN}",
        "{\"op\":\"ping\",\"id\":Infinity}",
        "{\"op\":\"ping\",\"id\":-Infinity}",
        "{\"op\":\"ping\",\"id\":+Infinity}",
        "{\"op\":\"ping\",\"x\":INF}",
        "{\"op\":\"ping\",\"x\":undefined}",
        "{\"op\":\"ping\",\"x\":True}",
      })
  void badJson(String line) {
    Invalid inv = invalid(line, ErrorCode.BAD_JSON);
    assertThat(inv.id()).isNull();
  }

  @Test
  void rawNulByteIsBadJson() {
    invalid(
        decode(concat("{\"op\":\"say\",\"text\":\"a", new byte[] {0}, "\"}")),
        ErrorCode.BAD_JSON,
        "NUL");
    invalid(
        decode(concat("{\"op\":\"ping\"}", new byte[] {0}, "")), ErrorCode.BAD_JSON, "NUL after");
  }

  @Test
  void invalidUtf8IsBadJson() {
    byte[][] broken = {
      {(byte) 0xC3, 0x28}, // bad continuation byte
      {(byte) 0x80}, // lone continuation byte
      {(byte) 0xFF}, // never valid in UTF-8
      {(byte) 0xFE},
      {(byte) 0xE2, (byte) 0x82}, // truncated 3-byte sequence
      {(byte) 0xF0, (byte) 0x9F, (byte) 0x98}, // truncated 4-byte sequence
      {(byte) 0xC0, (byte) 0x80}, // overlong NUL
      {(byte) 0xC1, (byte) 0xBF}, // overlong
      {(byte) 0xF8, (byte) 0x88, (byte) 0x80, (byte) 0x80, (byte) 0x80}, // 5-byte form
    };
    for (byte[] b : broken) {
      String what = HexFormat.of().formatHex(b);
      invalid(
          decode(concat("{\"op\":\"say\",\"text\":\"x", b, "y\"}")),
          ErrorCode.BAD_JSON,
          "in string " + what);
      invalid(
          decode(concat("{\"op\":\"say\",\"text\":\"x", b, "\"}")),
          ErrorCode.BAD_JSON,
          "at string end " + what);
      invalid(
          decode(concat("{\"op\":\"ping\",\"x\":\"", b, "\"}")),
          ErrorCode.BAD_JSON,
          "in unknown " + what);
      invalid(
          decode(concat("{\"op\":\"ping\"}", b, "")), ErrorCode.BAD_JSON, "after object " + what);
    }
  }

  @Test
  void invalidUtf8InKeyIsBadJson() {
    invalid(
        decode(concat("{\"op\":\"ping\",\"", new byte[] {(byte) 0xC3, 0x28}, "\":1}")),
        ErrorCode.BAD_JSON,
        "key");
  }

  @Test
  void utf8EncodedSurrogateIsBadJson() {
    // a surrogate encoded as three UTF-8 bytes (CESU-8) is not UTF-8
    invalid(
        decode(
            concat(
                "{\"op\":\"say\",\"text\":\"",
                new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80},
                "\"}")),
        ErrorCode.BAD_JSON,
        "CESU-8 surrogate");
  }

  @ParameterizedTest
  @ValueSource(strings = {"UTF-16BE", "UTF-16LE", "UTF-16", "UTF-32BE", "UTF-32LE"})
  void lineInAnotherEncodingIsBadJson(String charset) {
    // The wire is UTF-8; these bytes are not a JSON object in UTF-8 (they hold NUL bytes).
    byte[] b = "{\"op\":\"say\",\"text\":\"hi\"}".getBytes(Charset.forName(charset));
    invalid(decode(b), ErrorCode.BAD_JSON, charset);
  }

  @Test
  void nestingDeeperThan64IsBadJson() {
    invalid(nested(65), ErrorCode.BAD_JSON);
    invalid(nested(1000), ErrorCode.BAD_JSON);
    invalid(nestedArrays(100_000), ErrorCode.BAD_JSON);
  }

  @Test
  void nestingOf64IsFine() {
    assertThat(decode(nested(64))).isInstanceOf(ClientOp.Ping.class);
    assertThat(decode(nested(10))).isInstanceOf(ClientOp.Ping.class);
  }

  /**
   * A ping whose unknown field {@code x} nests objects so that the whole line is {@code depth}
   * deep.
   */
  private static String nested(int depth) {
    return "{\"op\":\"ping\",\"x\":"
        + "{\"a\":".repeat(depth - 2)
        + "{}"
        + "}".repeat(depth - 2)
        + "}";
  }

  private static String nestedArrays(int depth) {
    return "{\"op\":\"ping\",\"x\":" + "[".repeat(depth) + "]".repeat(depth) + "}";
  }

  @Test
  void numberLongerThan100DigitsIsBadJson() {
    String d101 = "1".repeat(101);
    invalid("{\"op\":\"ping\",\"id\":" + d101 + "}", ErrorCode.BAD_JSON);
    invalid("{\"op\":\"ping\",\"x\":" + d101 + "}", ErrorCode.BAD_JSON);
    invalid("{\"op\":\"top\",\"n\":" + d101 + "}", ErrorCode.BAD_JSON);
    invalid("{\"op\":\"ping\",\"id\":1." + "5".repeat(200) + "}", ErrorCode.BAD_JSON);
    invalid("{\"op\":\"ping\",\"x\":" + "9".repeat(5000) + "}", ErrorCode.BAD_JSON);
  }

  @Test
  void numberOf100DigitsIsFine() {
    String d100 = "1".repeat(100);
    ClientOp.Ping ping = op("{\"op\":\"ping\",\"id\":" + d100 + "}", ClientOp.Ping.class);
    assertThat(json(ping.id())).isEqualTo(d100);
  }

  @Test
  void badJsonHasNoIdEvenIfTheLineStartsWithOne() {
    Invalid inv = invalid("{\"id\":5,\"op\":\"ping\"", ErrorCode.BAD_JSON);
    assertThat(inv.id()).isNull();
    inv = invalid("{\"id\":5,\"op\":\"ping\",\"op\":\"quit\"}", ErrorCode.BAD_JSON);
    assertThat(inv.id()).isNull();
  }

  // ---------------------------------------------------------------- bad_request

  @Test
  void missingOp() {
    assertThat(invalid("{}", ErrorCode.BAD_REQUEST).id()).isNull();
    assertThat(invalid("{\"name\":\"alice\"}", ErrorCode.BAD_REQUEST).id()).isNull();
    Invalid inv = invalid("{\"id\":17,\"ev\":\"ping\"}", ErrorCode.BAD_REQUEST);
    assertThat(json(inv.id())).isEqualTo("17");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"1", "null", "true", "{}", "[]", "[\"ping\"]", "{\"op\":\"ping\"}", "1.5"})
  void opNotAString(String op) {
    Invalid inv = invalid("{\"op\":" + op + ",\"id\":\"x\"}", ErrorCode.BAD_REQUEST);
    assertThat(json(inv.id())).isEqualTo("\"x\"");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "{\"op\":\"login\"}",
        "{\"op\":\"login\",\"name\":null}",
        "{\"op\":\"login\",\"name\":\"\"}",
        "{\"op\":\"login\",\"name\":\"abcdefghijklmnopqrstuvwxyzABCDEFG\"}",
        "{\"op\":\"login\",\"name\":\"a b\"}",
        "{\"op\":\"login\",\"name\":\" alice\"}",
        "{\"op\":\"login\",\"name\":\"alice \"}",
        "{\"op\":\"login\",\"name\":\"a.b\"}",
        "{\"op\":\"login\",\"name\":\"a/b\"}",
        "{\"op\":\"login\",\"name\":\"a:b\"}",
        "{\"op\":\"login\",\"name\":\"j\u00fcrgen\"}",
        "{\"op\":\"login\",\"name\":\"\u540d\u524d\"}",
        "{\"op\":\"login\",\"name\":\"\uD83D\uDE00\"}",
        "{\"op\":\"login\",\"name\":\"\uFF41\"}",
        "{\"op\":\"login\",\"name\":\"abc\\n\"}",
        "{\"op\":\"login\",\"name\":\"abc\\u0000\"}",
        "{\"op\":\"login\",\"name\":5}",
        "{\"op\":\"login\",\"name\":true}",
        "{\"op\":\"login\",\"name\":[\"alice\"]}",
        "{\"op\":\"login\",\"name\":{\"name\":\"alice\"}}",
        "{\"op\":\"login\",\"name\":\"alice\",\"token\":5}",
        "{\"op\":\"login\",\"name\":\"alice\",\"token\":true}",
        "{\"op\":\"login\",\"name\":\"alice\",\"token\":{}}",
        "{\"op\":\"login\",\"name\":\"alice\",\"token\":[\"t\"]}",
      })
  void badLogin(String line) {
    invalid(line, ErrorCode.BAD_REQUEST);
  }

  @Test
  void nameCheckAgreesWithTheProtocolsPattern() {
    Pattern pattern = Pattern.compile("[A-Za-z0-9_-]{1,32}");
    for (int c = 0; c <= Character.MAX_VALUE; c++) {
      String one = String.valueOf((char) c);
      assertThat(ClientCodec.isName(one))
          .as("char %04x", c)
          .isEqualTo(pattern.matcher(one).matches());
      String inside = "ab" + (char) c + "-_9";
      assertThat(ClientCodec.isName(inside))
          .as("inside %04x", c)
          .isEqualTo(pattern.matcher(inside).matches());
    }
    for (int n = 0; n <= 40; n++) {
      String s = "aZ0_-".repeat(8).substring(0, n);
      assertThat(ClientCodec.isName(s)).as("length %d", n).isEqualTo(pattern.matcher(s).matches());
    }
    for (String s : new String[] {"\uD83D\uDE00", "a\uD83D\uDE00", "\uD800", "a\uDC00b"}) {
      assertThat(ClientCodec.isName(s)).isFalse();
    }
  }

  @Test
  void nameOf33IsTooLong() {
    String n33 = "a".repeat(33);
    invalid("{\"op\":\"login\",\"name\":\"" + n33 + "\"}", ErrorCode.BAD_REQUEST);
    invalid("{\"op\":\"join\",\"room\":\"" + n33 + "\"}", ErrorCode.BAD_REQUEST);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "{\"op\":\"join\"}",
        "{\"op\":\"join\",\"room\":null}",
        "{\"op\":\"join\",\"room\":\"\"}",
        "{\"op\":\"join\",\"room\":\"the lobby\"}",
        "{\"op\":\"join\",\"room\":\"room.1\"}",
        "{\"op\":\"join\",\"room\":\"caf\u00e9\"}",
        "{\"op\":\"join\",\"room\":1}",
        "{\"op\":\"join\",\"room\":[\"lobby\"]}",
        "{\"op\":\"join\",\"name\":\"lobby\"}",
      })
  void badJoin(String line) {
    invalid(line, ErrorCode.BAD_REQUEST);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "{\"op\":\"move\"}",
        "{\"op\":\"move\",\"dir\":null}",
        "{\"op\":\"move\",\"dir\":\"north\"}",
        "{\"op\":\"move\",\"dir\":\"N\"}",
        "{\"op\":\"move\",\"dir\":\"\"}",
        "{\"op\":\"move\",\"dir\":\"n \"}",
        "{\"op\":\"move\",\"dir\":\"x\"}",
        "{\"op\":\"move\",\"dir\":\"ne\"}",
        "{\"op\":\"move\",\"dir\":1}",
        "{\"op\":\"move\",\"dir\":[\"n\"]}",
        "{\"op\":\"move\",\"dir\":{}}",
        "{\"op\":\"move\",\"dir\":true}",
      })
  void badMove(String line) {
    invalid(line, ErrorCode.BAD_REQUEST);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "{\"op\":\"say\"}",
        "{\"op\":\"say\",\"text\":null}",
        "{\"op\":\"say\",\"text\":\"\"}",
        "{\"op\":\"say\",\"text\":5}",
        "{\"op\":\"say\",\"text\":[\"hi\"]}",
        "{\"op\":\"say\",\"text\":{}}",
        "{\"op\":\"say\",\"text\":false}",
      })
  void badSay(String line) {
    invalid(line, ErrorCode.BAD_REQUEST);
  }

  @Test
  void sayTextOf257CharactersIsRefused() {
    invalid("{\"op\":\"say\",\"text\":\"" + "x".repeat(257) + "\"}", ErrorCode.BAD_REQUEST);
    invalid("{\"op\":\"say\",\"text\":\"" + "\u00e9".repeat(257) + "\"}", ErrorCode.BAD_REQUEST);
    invalid("{\"op\":\"say\",\"text\":\"" + "x".repeat(10_000) + "\"}", ErrorCode.BAD_REQUEST);
  }

  @Test
  void sayTextOf256TwoByteCharactersIsAllowed() {
    String t = "\u00e9".repeat(256);
    assertThat(op("{\"op\":\"say\",\"text\":\"" + t + "\"}", ClientOp.Say.class).text())
        .isEqualTo(t);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "0",
        "-1",
        "101",
        "1000",
        "1.5",
        "0.5",
        "\"5\"",
        "true",
        "[5]",
        "{}",
        "12345678901234567890",
        "-12345678901234567890",
        "2147483648",
        "4294967306"
      })
  void badTop(String n) {
    Invalid inv = invalid("{\"op\":\"top\",\"n\":" + n + ",\"id\":2}", ErrorCode.BAD_REQUEST);
    assertThat(json(inv.id())).isEqualTo("2");
  }

  // ---------------------------------------------------------------- unknown_op

  @ParameterizedTest
  @ValueSource(
      strings = {
        "fly", "PING", "Login", "", " ping", "ping ", "hello", "welcome", "pong", "bye", "state"
      })
  void unknownOp(String name) {
    Invalid inv = invalid("{\"op\":\"" + name + "\",\"id\":4}", ErrorCode.UNKNOWN_OP);
    assertThat(inv.message()).contains("'" + name + "'");
    assertThat(json(inv.id())).isEqualTo("4");
  }

  @Test
  void unknownOpWithoutId() {
    assertThat(invalid("{\"op\":\"dance\"}", ErrorCode.UNKNOWN_OP).id()).isNull();
  }

  @Test
  void longUnknownOpNameIsShortenedInTheMessage() {
    String name = "x".repeat(5000);
    Invalid inv = invalid("{\"op\":\"" + name + "\"}", ErrorCode.UNKNOWN_OP);
    assertThat(inv.message()).contains("x".repeat(32)).doesNotContain("x".repeat(33));
    assertThat(inv.message().length()).isLessThan(100);
  }

  @Test
  void unknownOpIsCheckedBeforeFieldsOfOtherOps() {
    // fields that would be bad for a known op do not matter for an unknown one
    invalid("{\"op\":\"teleport\",\"name\":5,\"dir\":\"up\"}", ErrorCode.UNKNOWN_OP);
  }

  // ---------------------------------------------------------------- ids on errors

  @Test
  void errorsCarryTheIdWhenTheLineHadAValidOne() {
    assertThat(json(invalid("{\"op\":\"login\",\"id\":1.50}", ErrorCode.BAD_REQUEST).id()))
        .isEqualTo("1.50");
    assertThat(
            json(
                invalid("{\"id\":\"abc\",\"op\":\"join\",\"room\":\"\"}", ErrorCode.BAD_REQUEST)
                    .id()))
        .isEqualTo("\"abc\"");
    assertThat(
            json(invalid("{\"op\":\"move\",\"dir\":\"up\",\"id\":-7}", ErrorCode.BAD_REQUEST).id()))
        .isEqualTo("-7");
    assertThat(
            json(
                invalid("{\"op\":\"say\",\"id\":12345678901234567890}", ErrorCode.BAD_REQUEST)
                    .id()))
        .isEqualTo("12345678901234567890");
    assertThat(json(invalid("{\"op\":\"top\",\"n\":0,\"id\":\"\"}", ErrorCode.BAD_REQUEST).id()))
        .isEqualTo("\"\"");
    assertThat(json(invalid("{\"op\":\"frobnicate\",\"id\":\"f\"}", ErrorCode.UNKNOWN_OP).id()))
        .isEqualTo("\"f\"");
    assertThat(json(invalid("{\"op\":7,\"id\":8}", ErrorCode.BAD_REQUEST).id())).isEqualTo("8");
  }

  @Test
  void errorsWithoutIdHaveNullId() {
    assertThat(invalid("{\"op\":\"login\"}", ErrorCode.BAD_REQUEST).id()).isNull();
    assertThat(invalid("{\"op\":\"frobnicate\"}", ErrorCode.UNKNOWN_OP).id()).isNull();
    assertThat(invalid("nope", ErrorCode.BAD_JSON).id()).isNull();
  }

  // ---------------------------------------------------------------- property: never throws

  private static final String[] OPS = {
    "\"login\"",
    "\"join\"",
    "\"move\"",
    "\"say\"",
    "\"leave\"",
    "\"ping\"",
    "\"top\"",
    "\"quit\"",
    "\"Ping\"",
    "\"\"",
    "1",
    "null",
  };
  private static final String[] FIELDS = {
    "\"id\"",
    "\"name\"",
    "\"token\"",
    "\"room\"",
    "\"dir\"",
    "\"text\"",
    "\"n\"",
    "\"op\"",
    "\"x\"",
  };
  private static final String[] VALUES = {
    "\"n\"",
    "\"s\"",
    "\"e\"",
    "\"w\"",
    "\"alice\"",
    "\"a b\"",
    "\"\"",
    "\"\\ud83d\"",
    "\"\uD83D\uDE00\"",
    "\"" + "y".repeat(40) + "\"",
    "0",
    "1",
    "-1",
    "5",
    "100",
    "101",
    "1.50",
    "1e2",
    "1e999",
    "-0",
    "12345678901234567890",
    "9".repeat(120),
    "null",
    "true",
    "false",
    "NaN",
    "Infinity",
    "{}",
    "[]",
    "[1,{\"a\":2}]",
    "{\"op\":\"quit\"}",
  };
  private static final String[] PIECES = {
    "{",
    "}",
    "[",
    "]",
    "\"",
    ":",
    ",",
    " ",
    "\\",
    "\\u",
    "\\ud83d",
    "\\ude00",
    "\\u0000",
    "\\n",
    "\u00e9",
    "\uD83D\uDE00",
    "\r",
    "\t",
    "/*",
    "//",
  };

  private static String pick(Random random, String[] from) {
    return from[random.nextInt(from.length)];
  }

  private static byte[] randomLine(Random random) {
    int target = random.nextInt(301);
    ByteArrayOutputStream out = new ByteArrayOutputStream(target + 16);
    int style = random.nextInt(4);
    if (style == 0) {
      // a plausible object with random fields, maybe mutated below
      StringBuilder sb = new StringBuilder("{");
      if (random.nextInt(8) != 0) {
        sb.append("\"op\":").append(pick(random, OPS));
      }
      int fields = random.nextInt(4);
      for (int i = 0; i < fields; i++) {
        sb.append(sb.length() > 1 ? "," : "")
            .append(pick(random, FIELDS))
            .append(':')
            .append(pick(random, VALUES));
      }
      sb.append('}');
      out.writeBytes(sb.toString().getBytes(UTF_8));
      target = random.nextInt(4) == 0 ? target : Math.min(300, out.size());
    }
    while (out.size() < target) {
      int r = random.nextInt(12);
      if (r < 3) {
        out.writeBytes(pick(random, PIECES).getBytes(UTF_8));
      } else if (r < 5) {
        out.writeBytes(pick(random, FIELDS).getBytes(UTF_8));
      } else if (r < 6) {
        out.writeBytes(pick(random, OPS).getBytes(UTF_8));
      } else if (r < 7) {
        out.writeBytes(pick(random, VALUES).getBytes(UTF_8));
      } else if (r < 9) {
        out.write("{}[]\":,".charAt(random.nextInt(7)));
      } else if (r < 11) {
        out.write(0x20 + random.nextInt(0x5F));
      } else {
        out.write(random.nextInt(256));
      }
    }
    byte[] b = out.toByteArray();
    if (b.length > target) {
      b = java.util.Arrays.copyOf(b, target);
    }
    if (style == 0 && b.length > 0 && random.nextInt(3) == 0) {
      // flip one byte of an otherwise plausible line
      b[random.nextInt(b.length)] = (byte) random.nextInt(256);
    }
    return b;
  }

  @Test
  void randomBytesNeverThrowAndAlwaysGiveAProtocolCode() {
    Random random = new Random(20240601L);
    Map<ErrorCode, Integer> codes = new EnumMap<>(ErrorCode.class);
    Map<Class<?>, Integer> ops = new java.util.HashMap<>();
    for (int i = 0; i < 20_000; i++) {
      byte[] line = randomLine(random);
      assertThat(line.length).isBetween(0, 300);
      Decoded d;
      try {
        d = CODEC.decode(line, line.length);
      } catch (Throwable t) {
        fail("decode threw on " + HexFormat.of().formatHex(line), t);
        return;
      }
      String problem = problem(d);
      if (problem != null) {
        fail(
            problem
                + " for input "
                + HexFormat.of().formatHex(line)
                + " ("
                + new String(line, UTF_8)
                + ")");
      }
      if (d instanceof Invalid inv) {
        codes.merge(inv.code(), 1, Integer::sum);
      } else {
        ops.merge(d.getClass(), 1, Integer::sum);
      }
    }
    // the generator must reach every outcome, or the loop proves little
    assertThat(codes).containsKeys(ErrorCode.BAD_JSON, ErrorCode.BAD_REQUEST, ErrorCode.UNKNOWN_OP);
    assertThat(codes.values()).allSatisfy(n -> assertThat(n).isGreaterThan(100));
    assertThat(ops)
        .containsKeys(
            ClientOp.Login.class,
            ClientOp.Join.class,
            ClientOp.Input.class,
            ClientOp.Say.class,
            ClientOp.Leave.class,
            ClientOp.Ping.class,
            ClientOp.Top.class,
            ClientOp.Quit.class);
  }

  /** What is wrong with a decode result, or null. */
  private static String problem(Decoded d) {
    if (d == null) {
      return "null result";
    }
    switch (d) {
      case Invalid inv -> {
        if (!CODEC_CODES.contains(inv.code())) {
          return "unexpected code " + inv.code();
        }
        if (inv.message() == null || inv.message().isBlank()) {
          return "no message";
        }
        if (inv.id() != null
            && (inv.code() == ErrorCode.BAD_JSON
                || !(inv.id().isNumber() || inv.id().isTextual()))) {
          return "bad id " + inv.id() + " with " + inv.code();
        }
        return null;
      }
      case ClientOp op -> {
        if (op.id() != null && !(op.id().isNumber() || op.id().isTextual())) {
          return "bad id " + op.id();
        }
        return fieldProblem(op);
      }
    }
  }

  private static String fieldProblem(ClientOp op) {
    boolean ok =
        switch (op) {
          case ClientOp.Login l -> l.name().matches("[A-Za-z0-9_-]{1,32}");
          case ClientOp.Join j -> j.room().matches("[A-Za-z0-9_-]{1,32}");
          case ClientOp.Input i ->
              i.op().equals("move") || i.op().equals("drop") || i.op().equals("rematch");
          case ClientOp.Say s -> {
            int n = s.text().codePointCount(0, s.text().length());
            yield n >= 1 && n <= 256;
          }
          case ClientOp.Top t -> t.n() >= 1 && t.n() <= 100;
          case ClientOp.Leave l -> true;
          case ClientOp.Ping p -> true;
          case ClientOp.Quit q -> true;
        };
    return ok ? null : "bad fields in " + op;
  }
}
