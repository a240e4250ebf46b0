package dev.groundup.gateway;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.groundup.common.protocol.ErrorCode;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * Property-based tests (jqwik) of {@link ClientCodec} and of the framer and codec together:
 * whatever bytes a client sends, each line becomes a valid operation or one of PROTOCOL.md's error
 * codes, and no exception escapes. Tries per property: {@code jqwik.tries.default} (500; {@code
 * -Pfuzz} more).
 */
class CodecFuzzTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * The codes a line alone can earn (the others come from the cluster or the connection's state).
   */
  private static final Set<ErrorCode> LINE_CODES =
      Set.of(ErrorCode.BAD_JSON, ErrorCode.BAD_REQUEST, ErrorCode.UNKNOWN_OP);

  /** Decodes and checks what every decoded line must satisfy; returns the result. */
  private static ClientCodec.Decoded decodeChecked(byte[] line) {
    ClientCodec.Decoded d = ClientCodecTest.CODEC.decode(line, line.length);
    assertThat(d).isNotNull();
    if (d instanceof ClientCodec.Invalid bad) {
      assertThat(bad.code()).isIn(LINE_CODES);
      assertThat(bad.message()).isNotBlank();
      if (bad.id() != null) {
        assertThat(bad.id().isNumber() || bad.id().isTextual()).isTrue();
      }
    } else {
      assertThat(
              ((ClientOp) d).id() == null
                  || ((ClientOp) d).id().isNumber()
                  || ((ClientOp) d).id().isTextual())
          .isTrue();
    }
    return d;
  }

  private static boolean isUtf8(byte[] bytes) {
    try {
      UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes));
      return true;
    } catch (CharacterCodingException e) {
      return false;
    }
  }

  @Property
  void arbitraryBytesAreAnOperationOrALineError(@ForAll @Size(max = 300) byte[] line) {
    ClientCodec.Decoded d = decodeChecked(line);
    if (!isUtf8(line)) {
      assertThat(d)
          .isInstanceOfSatisfying(
              ClientCodec.Invalid.class,
              bad -> assertThat(bad.code()).isEqualTo(ErrorCode.BAD_JSON));
    }
  }

  @Property
  void arbitraryTextIsAnOperationOrALineError(@ForAll @Size(max = 300) String text) {
    decodeChecked(text.getBytes(UTF_8));
  }

  /** Bytes that are not UTF-8 inside an otherwise valid operation make it {@code bad_json}. */
  @Property
  void invalidUtf8InsideAValidOperationIsBadJson(
      @ForAll("notUtf8") byte[] bad, @ForAll("fieldsThatTakeText") String field) {
    byte[] line =
        concat(
            ("{\"op\":\"say\",\"" + field + "\":\"").getBytes(UTF_8), bad, "\"}".getBytes(UTF_8));
    assertThat(decodeChecked(line))
        .isInstanceOfSatisfying(
            ClientCodec.Invalid.class,
            invalid -> assertThat(invalid.code()).isEqualTo(ErrorCode.BAD_JSON));
  }

  @Provide
  Arbitrary<String> fieldsThatTakeText() {
    return Arbitraries.of("text", "unknown", "id");
  }

  /**
   * Byte strings that are not UTF-8: random high bytes, kept only when a strict decoder refuses
   * them.
   */
  @Provide
  Arbitrary<byte[]> notUtf8() {
    Arbitrary<byte[]> raw =
        Arbitraries.bytes()
            .between((byte) 0x80, (byte) 0xFF)
            .list()
            .ofMinSize(1)
            .ofMaxSize(6)
            .map(CodecFuzzTest::toArray);
    Arbitrary<byte[]> known =
        Arbitraries.of(
            new byte[] {(byte) 0xC0, (byte) 0x80}, // overlong NUL
            new byte[] {(byte) 0xE0, (byte) 0x80, (byte) 0xAF}, // overlong '/'
            new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, // a surrogate (CESU-8)
            new byte[] {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80}, // above U+10FFFF
            new byte[] {(byte) 0xF8, (byte) 0x88, (byte) 0x80, (byte) 0x80, (byte) 0x80},
            new byte[] {(byte) 0xE2, (byte) 0x82}); // cut short
    return Arbitraries.oneOf(raw, known).filter(b -> !isUtf8(b));
  }

  /**
   * Nesting of any depth in an ignored field: within 64 levels the operation stands, deeper is
   * {@code bad_json}.
   */
  @Property
  void deepNestingIsBoundedAndNeverOverflowsTheStack(
      @ForAll @IntRange(min = 0, max = 20_000) int depth, @ForAll boolean arrays) {
    String open = arrays ? "[" : "{\"a\":";
    String close = arrays ? "]" : "}";
    String line = "{\"op\":\"ping\",\"x\":" + open.repeat(depth) + "1" + close.repeat(depth) + "}";
    ClientCodec.Decoded d = decodeChecked(line.getBytes(UTF_8));
    // the operation's own object is level 1
    if (depth + 1 <= 64) {
      assertThat(d).isInstanceOf(ClientOp.Ping.class);
    } else {
      assertThat(d)
          .isInstanceOfSatisfying(
              ClientCodec.Invalid.class,
              bad -> assertThat(bad.code()).isEqualTo(ErrorCode.BAD_JSON));
    }
  }

  /**
   * Numbers of any length and form as {@code id}: up to 100 digits echoed exactly, longer is {@code
   * bad_json}.
   */
  @Property
  void hugeNumbersAreEchoedExactlyOrRefused(
      @ForAll @Size(min = 1, max = 400) List<@IntRange(min = 0, max = 9) Integer> digits,
      @ForAll boolean negative,
      @ForAll boolean fraction,
      @ForAll @IntRange(min = -400, max = 400) int exponent,
      @ForAll boolean withExponent) {
    StringBuilder n = new StringBuilder(negative ? "-" : "");
    digits.forEach(n::append);
    String number = n.toString();
    if (digits.size() > 1 && digits.getFirst() == 0) {
      number = (negative ? "-" : "") + "1" + number.substring(negative ? 2 : 1);
    }
    if (fraction) {
      number = number + ".5";
    }
    if (withExponent) {
      number = number + "e" + exponent;
    }
    ClientCodec.Decoded d =
        decodeChecked(("{\"op\":\"ping\",\"id\":" + number + "}").getBytes(UTF_8));
    if (d instanceof ClientOp.Ping ping) {
      assertThat(ping.id().isNumber()).isTrue();
      assertThat(new java.math.BigDecimal(ping.id().numberValue().toString()))
          .isEqualByComparingTo(new java.math.BigDecimal(number));
    } else {
      assertThat(((ClientCodec.Invalid) d).code()).isEqualTo(ErrorCode.BAD_JSON);
    }
    // and as the top's n: anything but 1-100 is bad_request
    ClientCodec.Decoded top =
        decodeChecked(("{\"op\":\"top\",\"n\":" + number + "}").getBytes(UTF_8));
    if (top instanceof ClientOp.Top t) {
      assertThat(t.n()).isBetween(1, 100);
      assertThat(new java.math.BigDecimal(number))
          .isEqualByComparingTo(java.math.BigDecimal.valueOf(t.n()));
    } else {
      assertThat(((ClientCodec.Invalid) top).code())
          .isIn(ErrorCode.BAD_JSON, ErrorCode.BAD_REQUEST);
    }
  }

  /** Long strings (up to the default line limit) anywhere: checked, never an escape. */
  @Property
  void hugeStringsAreCheckedForRange(
      @ForAll @IntRange(min = 0, max = 8000) int length, @ForAll("fields") String field) {
    String big = "\u00e9".repeat(length / 2);
    ClientCodec.Decoded d =
        decodeChecked(
            ("{\"op\":\"say\",\"" + field + "\":\"" + big + "\",\"text\":\"hi\"}").getBytes(UTF_8));
    if (field.equals("text") || field.equals("op")) {
      // a key given twice
      assertThat(d)
          .isInstanceOfSatisfying(
              ClientCodec.Invalid.class,
              bad -> assertThat(bad.code()).isEqualTo(ErrorCode.BAD_JSON));
    } else if (field.equals("id")) {
      assertThat(d)
          .isInstanceOfSatisfying(
              ClientOp.Say.class, say -> assertThat(say.id().textValue()).isEqualTo(big));
    } else {
      assertThat(d).isInstanceOf(ClientOp.Say.class);
    }
  }

  @Provide
  Arbitrary<String> fields() {
    return Arbitraries.of("text", "op", "id", "other", "");
  }

  /** A key given twice anywhere in the operation's object makes the line {@code bad_json}. */
  @Property
  void duplicateKeysAreBadJson(
      @ForAll("validOps") ObjectNode op, @ForAll @IntRange(min = 0, max = 10) int which) {
    List<String> names = new ArrayList<>();
    op.fieldNames().forEachRemaining(names::add);
    String key = names.get(which % names.size());
    String json = op.toString();
    String line =
        json.substring(0, json.length() - 1) + "," + JSON.getNodeFactory().textNode(key) + ":1}";
    assertThat(decodeChecked(line.getBytes(UTF_8)))
        .isInstanceOfSatisfying(
            ClientCodec.Invalid.class, bad -> assertThat(bad.code()).isEqualTo(ErrorCode.BAD_JSON));
  }

  /** Valid operations, with unknown fields in any order, decode to exactly what they say. */
  @Property
  void validOperationsDecodeToWhatTheySay(@ForAll("validOps") ObjectNode op) {
    ClientCodec.Decoded d = decodeChecked(op.toString().getBytes(UTF_8));
    assertThat(d).isInstanceOf(ClientOp.class);
    ClientOp decoded = (ClientOp) d;
    assertThat(decoded.id() == null ? null : decoded.id().toString())
        .isEqualTo(op.get("id") == null ? null : op.get("id").toString());
    switch (decoded) {
      case ClientOp.Login l -> assertThat(l.name()).isEqualTo(op.get("name").textValue());
      case ClientOp.Join j -> assertThat(j.room()).isEqualTo(op.get("room").textValue());
      case ClientOp.Input i -> {
        assertThat(i.op()).isEqualTo(op.get("op").textValue());
        assertThat(new String(i.line(), UTF_8)).as("forwarded as sent").isEqualTo(op.toString());
      }
      case ClientOp.Say s -> assertThat(s.text()).isEqualTo(op.get("text").textValue());
      case ClientOp.Top t -> assertThat(t.n()).isEqualTo(op.has("n") ? op.get("n").intValue() : 10);
      default -> assertThat(op.get("op").textValue()).isIn("leave", "ping", "quit");
    }
  }

  @Provide
  Arbitrary<ObjectNode> validOps() {
    Arbitrary<String> names =
        Arbitraries.strings().withChars("abcXYZ019_-").ofMinLength(1).ofMaxLength(32);
    Arbitrary<ObjectNode> bodies =
        Arbitraries.oneOf(
            names.map(n -> obj("login").put("name", n)),
            names.map(n -> obj("join").put("room", n)),
            Arbitraries.of("n", "s", "e", "w").map(d -> obj("move").put("dir", d)),
            Arbitraries.strings()
                .ofMinLength(1)
                .ofMaxLength(200)
                .map(t -> obj("say").put("text", t)),
            Arbitraries.integers().between(1, 100).map(n -> obj("top").put("n", n)),
            Arbitraries.of("leave", "ping", "quit", "top").map(CodecFuzzTest::obj));
    Arbitrary<JsonNode> ids =
        Arbitraries.oneOf(
            Arbitraries.just(null),
            Arbitraries.longs().map(v -> JSON.getNodeFactory().numberNode(v)),
            Arbitraries.strings().ofMaxLength(40).map(s -> JSON.getNodeFactory().textNode(s)));
    Arbitrary<String> junkKeys =
        Arbitraries.strings()
            .ofMinLength(1)
            .ofMaxLength(8)
            .filter(
                k -> !Set.of("op", "id", "name", "room", "dir", "text", "n", "token").contains(k));
    return Combinators.combine(
            bodies, ids, junkKeys.list().ofMaxSize(3).uniqueElements(), Arbitraries.randoms())
        .as(
            (body, id, junk, random) -> {
              List<String> keys = new ArrayList<>();
              body.fieldNames().forEachRemaining(keys::add);
              ObjectNode fields = body.deepCopy();
              if (id != null) {
                fields.set("id", id);
                keys.add("id");
              }
              for (String k : junk) {
                fields.putArray(k).add(1).addObject().put("deep", k);
                keys.add(k);
              }
              java.util.Collections.shuffle(keys, random);
              ObjectNode shuffled = JSON.createObjectNode();
              keys.forEach(k -> shuffled.set(k, fields.get(k)));
              return shuffled;
            });
  }

  /**
   * Player input never names an event-bus address: the only strings of a decoded operation that go
   * into addresses or registry names ({@code groundup.room.<room>}, {@code room:<room>}, {@code
   * player:<name>}) are names of {@code A-Z a-z 0-9 _ -}, so no separator ({@code .}, {@code :},
   * {@code @}) can reach another address; anything else is refused.
   */
  @Property
  void namesThatReachAddressesAreOnlyOfTheSafeAlphabet(
      @ForAll @Size(max = 40) String candidate, @ForAll("nameOps") String op) {
    ObjectNode line = obj(op).put(op.equals("login") ? "name" : "room", candidate);
    ClientCodec.Decoded d = decodeChecked(line.toString().getBytes(UTF_8));
    String accepted =
        switch (d) {
          case ClientOp.Login l -> l.name();
          case ClientOp.Join j -> j.room();
          default -> null;
        };
    if (accepted != null) {
      assertThat(accepted).matches("[A-Za-z0-9_-]{1,32}");
    } else {
      assertThat(((ClientCodec.Invalid) d).code()).isEqualTo(ErrorCode.BAD_REQUEST);
    }
  }

  @Provide
  Arbitrary<String> nameOps() {
    return Arbitraries.of("login", "join");
  }

  /**
   * Arbitrary bytes through the framer into the codec, as a connection sees them: each line is
   * answered.
   */
  @Property
  void aStreamOfGarbageYieldsOnlyOperationsAndProtocolErrors(
      @ForAll @Size(max = 2000) byte[] stream, @ForAll @IntRange(min = 1, max = 512) int chunk) {
    LineFramer framer = new LineFramer(64);
    List<String> outcomes = new ArrayList<>();
    LineFramer.Sink sink =
        new LineFramer.Sink() {
          @Override
          public void line(byte[] bytes, int length) {
            ClientCodec.Decoded d = decodeChecked(Arrays.copyOf(bytes, length));
            outcomes.add(
                d instanceof ClientCodec.Invalid bad
                    ? bad.code().wire()
                    : d.getClass().getSimpleName());
          }

          @Override
          public void tooLong() {
            outcomes.add(ErrorCode.TOO_LONG.wire());
          }
        };
    for (int from = 0; from < stream.length; from += chunk) {
      byte[] piece = Arrays.copyOfRange(stream, from, Math.min(stream.length, from + chunk));
      framer.feed(piece, piece.length, sink);
    }
    long newlines = 0;
    for (byte b : stream) {
      newlines += b == '\n' ? 1 : 0;
    }
    // one outcome per line, plus at most one too_long for an unended tail
    assertThat(outcomes.size()).isBetween((int) newlines, (int) newlines + 1);
  }

  @Example
  void nulBytesAndByteOrderMarksAreNotUtf8() {
    for (byte[] line :
        List.of(
            new byte[] {0, '{', '}'},
            new byte[] {(byte) 0xFE, (byte) 0xFF, '{', '}'},
            new byte[] {
              (byte) 0xEF,
              (byte) 0xBB,
              (byte) 0xBF,
              '{',
              '"',
              'o',
              'p',
              '"',
              ':',
              '"',
              'p',
              'i',
              'n',
              'g',
              '"',
              '}'
            })) {
      decodeChecked(line);
    }
  }

  private static ObjectNode obj(String op) {
    return JSON.createObjectNode().put("op", op);
  }

  private static byte[] concat(byte[]... parts) {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    for (byte[] p : parts) {
      out.writeBytes(p);
    }
    return out.toByteArray();
  }

  private static byte[] toArray(List<Byte> list) {
    byte[] a = new byte[list.size()];
    for (int i = 0; i < a.length; i++) {
      a[i] = list.get(i);
    }
    return a;
  }
}
