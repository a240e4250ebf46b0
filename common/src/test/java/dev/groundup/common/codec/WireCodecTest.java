package dev.groundup.common.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import dev.groundup.common.protocol.ConnRef;
import dev.groundup.common.protocol.GatewayProtocol;
import dev.groundup.common.protocol.PlayerRecord;
import dev.groundup.common.protocol.Progress;
import dev.groundup.common.protocol.RoomProtocol;
import dev.groundup.common.protocol.ShardProtocol;
import dev.groundup.common.protocol.Tokens;
import dev.groundup.common.registry.RegistryProtocol;
import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Round trips of every message the codec carries (local delivery skips encoding, so this is where
 * the binary format is exercised), and rejection of truncated, garbled and oversized input.
 */
class WireCodecTest {

  private static final String UNICODE = "héllo wörld \"quoted\" \\ \n\t 日本語 😀";
  private static final ConnRef CONN = new ConnRef("node-1", 0, 0L);
  private static final ConnRef ODD_CONN =
      new ConnRef("nœud-ü-😀", Integer.MAX_VALUE, Long.MIN_VALUE);
  private static final byte[] HASH = Tokens.hash("secret-token");

  private final WireCodec codec = new WireCodec();

  /** Representative messages of every type, grouped by type so a missing type is noticed. */
  static Map<Class<?>, List<WireMessage>> samples() {
    Map<Class<?>, List<WireMessage>> m = new LinkedHashMap<>();
    // ShardProtocol
    add(
        m,
        new ShardProtocol.Login("alice", "tok_en-123", CONN),
        new ShardProtocol.Login("bob", null, ODD_CONN),
        new ShardProtocol.Login("", "", new ConnRef("n", -1, -1L)));
    add(
        m,
        new ShardProtocol.LoggedIn("alice", "tok_en-123", 17, "groundup.shard.17", null),
        new ShardProtocol.LoggedIn("bob", null, 0, null, null),
        new ShardProtocol.LoggedIn(UNICODE, UNICODE, Integer.MIN_VALUE, "groundup.player.x", null),
        new ShardProtocol.LoggedIn(
            "carol",
            "t",
            5,
            null,
            new RoomProtocol.Joined(
                "lobby", "arena", 7, "{\"ev\":\"joined\"}\n".getBytes(StandardCharsets.UTF_8))));
    add(
        m,
        new ShardProtocol.Join("alice", "lobby", "four", CONN),
        new ShardProtocol.Join(UNICODE, null, null, ODD_CONN));
    add(m, new ShardProtocol.Leave("alice", CONN), new ShardProtocol.Leave(null, ODD_CONN));
    add(
        m,
        new ShardProtocol.Left("lobby"),
        new ShardProtocol.Left(null),
        new ShardProtocol.Left(""));
    add(m, new ShardProtocol.Ping("alice"), new ShardProtocol.Ping(UNICODE));
    add(
        m,
        new ShardProtocol.Disconnect("alice", CONN),
        new ShardProtocol.Disconnect(null, ODD_CONN));
    add(m, new ShardProtocol.StepDown(3, 42), new ShardProtocol.StepDown(0, Long.MAX_VALUE));
    add(
        m,
        new ShardProtocol.Membership("node-a", true),
        new ShardProtocol.Membership(UNICODE, false),
        new ShardProtocol.Membership(null, false));
    add(
        m,
        new ShardProtocol.CheckIn(
            new PlayerRecord(
                "alice",
                HASH,
                3,
                "lobby",
                "arena",
                List.of(
                    new Progress("arena", new byte[] {1, 2}), new Progress("four", new byte[0]))),
            "groundup.player.1"),
        new ShardProtocol.CheckIn(PlayerRecord.created(UNICODE, new byte[0]), null),
        new ShardProtocol.CheckIn(null, "groundup.player.2"));
    add(m, new ShardProtocol.EndSession("replaced"), new ShardProtocol.EndSession(null));
    add(m, new ShardProtocol.Locate(7), new ShardProtocol.Locate(0));
    add(m, new ShardProtocol.Located(63, "node-b"));
    add(
        m,
        ShardProtocol.NodeQuery.SHARDS,
        ShardProtocol.NodeQuery.STATUS,
        ShardProtocol.NodeQuery.INSTANCE_STATUS);
    add(
        m,
        new ShardProtocol.RoomStatus("lobby", 3, List.of("ada", UNICODE), 12, "arena"),
        new ShardProtocol.RoomStatus(null, 0, List.of(), 0, "arena"));
    add(m, new ShardProtocol.ShardPhase(5, "handing-off"), new ShardProtocol.ShardPhase(0, null));
    add(
        m,
        new ShardProtocol.ShardStatus(
            5,
            "serving",
            7,
            2,
            List.of(new ShardProtocol.RoomStatus("lobby", 5, List.of("ada"), 1, "arena"))),
        new ShardProtocol.ShardStatus(0, "loading", 0, 0, List.of()));
    add(
        m,
        new ShardProtocol.NodeStatus(
            "node-a",
            3,
            List.of(new ShardProtocol.RoomStatus("lobby", 5, List.of("ada"), 1, "arena")),
            List.of(new ShardProtocol.ShardPhase(2, "loading"))),
        new ShardProtocol.NodeStatus("n", 0, List.of(), List.of()));
    add(
        m,
        new ShardProtocol.NodeShards("node-a", List.of(1, 5, 63)),
        new ShardProtocol.NodeShards("n", List.of()));
    add(
        m,
        new RegistryProtocol.NameConflict(
            "player:ada", "groundup.gateway.a.0", "groundup.gateway.b.1", "node-b"),
        new RegistryProtocol.NameConflict("room:r", "a", null, null));
    add(m, ShardProtocol.Reply.PONG, ShardProtocol.Reply.DONE);
    // RoomProtocol
    add(
        m,
        new RoomProtocol.Enter(
            "lobby",
            "arena",
            "alice",
            3,
            List.of(new Progress("arena", new byte[] {9})),
            CONN,
            new byte[] {0, 0, 0, 1, 0, 0, 0, 2}),
        new RoomProtocol.Enter("lobby", null, "bob", Long.MAX_VALUE, List.of(), ODD_CONN, null),
        new RoomProtocol.Enter(UNICODE, UNICODE, UNICODE, 0, List.of(), null, new byte[0]));
    add(
        m,
        new RoomProtocol.Joined("lobby", "arena", 1, new byte[0]),
        new RoomProtocol.Joined("lobby", "four", Long.MAX_VALUE, allBytes(300)),
        new RoomProtocol.Joined(null, null, 0, null));
    add(m, new RoomProtocol.Exit("lobby", "alice"), new RoomProtocol.Exit(null, null));
    add(
        m,
        new RoomProtocol.Exited("lobby", "arena", 3, new byte[] {1, 2, 3}, new byte[] {4}),
        new RoomProtocol.Exited("lobby", "four", 0, new byte[0], null));
    add(
        m,
        new RoomProtocol.Input(
            "lobby",
            "alice",
            "move",
            "{\"op\":\"move\",\"dir\":\"n\"}".getBytes(StandardCharsets.UTF_8)),
        new RoomProtocol.Input(UNICODE, "bob", "drop", new byte[0]),
        new RoomProtocol.Input("lobby", "carol", null, null));
    add(
        m,
        new RoomProtocol.Acked(1),
        new RoomProtocol.Acked(Long.MAX_VALUE),
        new RoomProtocol.Acked(0));
    add(
        m,
        new RoomProtocol.Watch("lobby", "w-1", true),
        new RoomProtocol.Watch(UNICODE, null, false));
    add(
        m,
        new RoomProtocol.Say("lobby", "alice", UNICODE),
        new RoomProtocol.Say("lobby", "alice", ""),
        new RoomProtocol.Say("lobby", "alice", "x".repeat(256)));
    // GatewayProtocol
    add(
        m,
        new GatewayProtocol.Push(List.of(), "lobby", 2L, 7L, new byte[0]),
        new GatewayProtocol.Push(
            List.of(1L, -1L, Long.MAX_VALUE, Long.MIN_VALUE),
            null,
            2L,
            7L,
            "{\"ev\":\"state\",\"room\":\"lobby\"}".getBytes(StandardCharsets.UTF_8)),
        new GatewayProtocol.Push(List.of(7L), UNICODE, 2L, 7L, null),
        new GatewayProtocol.Push(List.of(42L), "big", 2L, 7L, allBytes(70_000)));
    add(m, new GatewayProtocol.WarmUp("groundup.shardnode.a"), new GatewayProtocol.WarmUp(null));
    add(
        m,
        new GatewayProtocol.Kick(7, "replaced"),
        new GatewayProtocol.Kick(-1, null),
        new GatewayProtocol.Kick(Long.MAX_VALUE, UNICODE));
    return m;
  }

  private static void add(Map<Class<?>, List<WireMessage>> m, WireMessage... messages) {
    for (WireMessage message : messages) {
      m.computeIfAbsent(message.getClass(), c -> new ArrayList<>()).add(message);
    }
  }

  private static byte[] allBytes(int n) {
    byte[] b = new byte[n];
    for (int i = 0; i < n; i++) {
      b[i] = (byte) i;
    }
    return b;
  }

  static Stream<Arguments> every() {
    return samples().values().stream()
        .flatMap(List::stream)
        .map(msg -> Arguments.of(msg.getClass().getSimpleName(), msg));
  }

  @Test
  void everyMessageTypeHasASample() {
    Set<Class<?>> types = new HashSet<>();
    codec.messageTypes().forEach(types::add);
    assertThat(types).isNotEmpty();
    for (Class<?> type : types) {
      assertThat(samples()).as("a round-trip sample for %s", type.getName()).containsKey(type);
    }
  }

  @Test
  void messageTypesAreExactlyTheConcreteMessagesOfTheProtocols() {
    Set<Class<?>> expected = new HashSet<>();
    for (Class<?> root :
        List.of(
            ShardProtocol.class,
            RoomProtocol.class,
            GatewayProtocol.class,
            RegistryProtocol.class)) {
      expected.addAll(Arrays.asList(root.getPermittedSubclasses()));
    }
    Set<Class<?>> actual = new HashSet<>();
    codec.messageTypes().forEach(actual::add);
    assertThat(actual).containsExactlyInAnyOrderElementsOf(expected);
    assertThat(actual).allMatch(WireMessage.class::isAssignableFrom);
  }

  @ParameterizedTest(name = "{0}: {1}")
  @MethodSource("every")
  void roundTrips(String type, WireMessage message) {
    Buffer encoded = codec.encode(message);
    assertThat(encoded.getInt(0)).as("length prefix").isEqualTo(encoded.length() - 4);

    WireMessage decoded = codec.decode(encoded);

    assertThat(decoded).isExactlyInstanceOf(message.getClass());
    if (message instanceof GatewayProtocol.Push push) {
      GatewayProtocol.Push back = (GatewayProtocol.Push) decoded;
      assertThat(back.conns()).isEqualTo(push.conns());
      assertThat(back.room()).isEqualTo(push.room());
      assertThat(Arrays.equals(back.json(), push.json())).as("json bytes").isTrue();
    } else {
      // by content: several messages carry bytes (a game's progress, snapshot, input, view)
      assertThat(decoded).usingRecursiveComparison().isEqualTo(message);
    }
    if (message instanceof Enum<?>) {
      assertThat(decoded).isSameAs(message);
    }
    // the encoding is canonical: the decoded message encodes to the very same bytes
    assertThat(codec.encode(decoded).getBytes()).isEqualTo(encoded.getBytes());
  }

  @Test
  void playerRecordNestedInCheckInKeepsItsTokenHash() {
    PlayerRecord record =
        new PlayerRecord(
            "alice",
            HASH,
            12,
            "lobby",
            "four",
            List.of(new Progress("four", new byte[] {3, 4, 5})));
    ShardProtocol.CheckIn back =
        (ShardProtocol.CheckIn)
            codec.decode(codec.encode(new ShardProtocol.CheckIn(record, "groundup.player.9")));

    assertThat(back.record().tokenHash()).isEqualTo(HASH);
    assertThat(back.record().tokenMatches(Tokens.hash("secret-token"))).isTrue();
    assertThat(back.record().tokenMatches(Tokens.hash("other"))).isFalse();
    assertThat(back.record().score()).isEqualTo(12);
    assertThat(back.record().progressIn("four")).containsExactly(3, 4, 5);
    assertThat(back.record().room()).isEqualTo("lobby");
    assertThat(back.record().game()).isEqualTo("four");
    assertThat(back.session()).isEqualTo("groundup.player.9");
  }

  @Test
  void nullsStayNull() {
    ShardProtocol.Login login =
        (ShardProtocol.Login)
            codec.decode(codec.encode(new ShardProtocol.Login("bob", null, CONN)));
    assertThat(login.token()).isNull();
    assertThat(login.conn()).isEqualTo(CONN);

    RoomProtocol.Enter enter =
        (RoomProtocol.Enter)
            codec.decode(
                codec.encode(
                    new RoomProtocol.Enter("lobby", null, "bob", 1, List.of(), CONN, null)));
    assertThat(enter.seat()).isNull();
    assertThat(enter.game()).isNull();

    GatewayProtocol.Push push =
        (GatewayProtocol.Push)
            codec.decode(codec.encode(new GatewayProtocol.Push(List.of(), null, 2L, 7L, null)));
    assertThat(push.room()).isNull();
    assertThat(push.json()).isNull();
    assertThat(push.conns()).isEmpty();
  }

  @Test
  void emptyStringAndEmptyBytesAreNotNull() {
    GatewayProtocol.Push push =
        (GatewayProtocol.Push)
            codec.decode(
                codec.encode(new GatewayProtocol.Push(List.of(), "", 2L, 7L, new byte[0])));
    assertThat(push.room()).isEmpty();
    assertThat(push.json()).isNotNull().isEmpty();
  }

  @Test
  void decodedListsAreImmutable() {
    GatewayProtocol.Push push =
        (GatewayProtocol.Push)
            codec.decode(
                codec.encode(new GatewayProtocol.Push(List.of(1L), "r", 2L, 7L, new byte[0])));
    assertThatThrownBy(() -> push.conns().add(2L))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void transformReturnsTheSameInstance() {
    every()
        .map(a -> (WireMessage) a.get()[1])
        .forEach(msg -> assertThat(codec.transform(msg)).isSameAs(msg));
  }

  @Test
  void nameAndSystemCodecId() {
    assertThat(codec.name()).isEqualTo(WireCodec.NAME).isEqualTo("groundup");
    assertThat(codec.systemCodecID()).isEqualTo((byte) -1);
  }

  @Test
  void decodesFromWireAtANonZeroPosition() {
    Buffer buffer = Buffer.buffer().appendString("some header bytes");
    int first = buffer.length();
    RoomProtocol.Say say = new RoomProtocol.Say("lobby", "alice", UNICODE);
    codec.encodeToWire(buffer, say);
    int second = buffer.length();
    RoomProtocol.Acked acked = new RoomProtocol.Acked(77);
    codec.encodeToWire(buffer, acked);

    assertThat(buffer.getInt(first)).isEqualTo(second - first - 4);
    assertThat(codec.decodeFromWire(first, buffer)).isEqualTo(say);
    assertThat(codec.decodeFromWire(second, buffer)).isEqualTo(acked);
  }

  @Test
  void encodeToWireAppendsWithoutTouchingWhatIsThere() {
    Buffer buffer = Buffer.buffer().appendBytes(new byte[] {1, 2, 3});
    codec.encodeToWire(buffer, new RoomProtocol.Acked(5));
    assertThat(buffer.getBytes(0, 3)).containsExactly(1, 2, 3);
    assertThat(buffer.getBytes(3, buffer.length()))
        .isEqualTo(codec.encode(new RoomProtocol.Acked(5)).getBytes());
  }

  @Test
  void refusesToEncodeAForeignMessage() {
    WireMessage foreign = new WireMessage() {};
    assertThatThrownBy(() -> codec.encode(foreign)).isInstanceOf(IllegalArgumentException.class);
  }

  // ---- malformed input ----

  @Test
  void emptyBufferIsRejected() {
    assertThatThrownBy(() -> codec.decode(Buffer.buffer())).isInstanceOf(RuntimeException.class);
  }

  @Test
  void lengthPrefixTooSmallIsRejected() {
    for (int length : new int[] {0, 1, 3, -1, Integer.MIN_VALUE}) {
      Buffer b = Buffer.buffer().appendInt(length).appendBytes(new byte[16]);
      assertThatThrownBy(() -> codec.decode(b))
          .as("length %d", length)
          .isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void lengthPrefixBeyondTheBufferIsRejected() {
    Buffer encoded = codec.encode(new RoomProtocol.Say("lobby", "alice", "hi"));
    Buffer b = encoded.copy();
    b.setInt(0, encoded.length()); // one more than there is
    assertThatThrownBy(() -> codec.decode(b)).isInstanceOf(IllegalArgumentException.class);
    Buffer huge = encoded.copy();
    huge.setInt(0, 1_000_000_000);
    assertThatThrownBy(() -> codec.decode(huge)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void lengthPrefixThatOverflowsIsRejected() {
    Buffer encoded = codec.encode(new GatewayProtocol.Push(List.of(), "r", 2L, 7L, new byte[0]));
    // body: tag, then the list size; claim 2^31-9 elements and a length that wraps start + length
    Buffer b = encoded.copy();
    b.setInt(8, Integer.MAX_VALUE - 8);
    b.setInt(0, Integer.MAX_VALUE);
    assertThatThrownBy(() -> codec.decode(b)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void unknownTagIsRejected() {
    Buffer b = Buffer.buffer().appendInt(8).appendInt(0x12345678).appendInt(0);
    assertThatThrownBy(() -> codec.decode(b))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("tag");
  }

  @ParameterizedTest(name = "{0}: {1}")
  @MethodSource("every")
  void everyTruncationIsRejected(String type, WireMessage message) {
    Buffer encoded = codec.encode(message);
    int full = encoded.length() - 4;
    // every cut of a small message; for the big one, the first bytes and then a spread of cuts
    for (int length = 0; length < full; length += length < 256 ? 1 : 1 + full / 300) {
      // a consistent frame that is just too short for the message
      Buffer frame = Buffer.buffer().appendInt(length).appendBuffer(encoded, 4, length);
      int l = length;
      assertThatThrownBy(() -> codec.decode(frame))
          .as("frame of %d of %d bytes", l, full)
          .isInstanceOf(RuntimeException.class);
      // a frame whose prefix promises more than the buffer has
      Buffer cut = encoded.getBuffer(0, 4 + length);
      assertThatThrownBy(() -> codec.decode(cut))
          .as("buffer cut at %d of %d bytes", l, full)
          .isInstanceOf(IllegalArgumentException.class);
    }
  }

  @ParameterizedTest(name = "{0}: {1}")
  @MethodSource("every")
  void trailingBytesInsideTheFrameAreRejected(String type, WireMessage message) {
    Buffer encoded = codec.encode(message);
    for (int extra = 1; extra <= 9; extra++) {
      Buffer b = encoded.copy().appendBytes(new byte[extra]);
      b.setInt(0, encoded.length() - 4 + extra);
      assertThatThrownBy(() -> codec.decode(b))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("Trailing");
    }
  }

  @Test
  void bytesAfterTheFrameAreNotPartOfTheMessage() {
    // decodeFromWire reads exactly the frame its prefix announces; what follows belongs to someone
    // else
    Buffer b = codec.encode(new RoomProtocol.Acked(3)).appendString("next frame");
    assertThat(codec.decode(b)).isEqualTo(new RoomProtocol.Acked(3));
  }

  @Test
  void hugeListSizeIsRejectedWithoutAllocating() {
    Buffer scores = codec.encode(new GatewayProtocol.Push(List.of(), "r", 2L, 7L, new byte[0]));
    for (int size :
        new int[] {
          Integer.MAX_VALUE, Integer.MAX_VALUE - 8, 1 << 30, 1_000_000, 5, -1, Integer.MIN_VALUE
        }) {
      Buffer b = scores.copy();
      b.setInt(8, size); // after length prefix and tag
      assertThatThrownBy(() -> codec.decode(b))
          .as("list size %d", size)
          .isInstanceOf(IllegalArgumentException.class);
    }
    Buffer push = codec.encode(new GatewayProtocol.Push(List.of(), "r", 2L, 7L, new byte[0]));
    Buffer b = push.copy();
    b.setInt(8, Integer.MAX_VALUE - 8);
    assertThatThrownBy(() -> codec.decode(b)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void hugeStringOrBytesLengthIsRejected() {
    Buffer ping = codec.encode(new ShardProtocol.Ping("alice"));
    for (int size : new int[] {Integer.MAX_VALUE, 1 << 30, 6}) {
      Buffer b = ping.copy();
      b.setInt(8, size);
      assertThatThrownBy(() -> codec.decode(b))
          .as("string length %d", size)
          .isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void unknownEnumConstantIsRejected() {
    Buffer reply = codec.encode(ShardProtocol.Reply.PONG);
    for (short ordinal : new short[] {2, 99, -1, Short.MIN_VALUE}) {
      Buffer b = reply.copy();
      b.setShort(8, ordinal);
      assertThatThrownBy(() -> codec.decode(b))
          .as("reply ordinal %d", ordinal)
          .isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void randomGarbageIsRejected() {
    Random random = new Random(42);
    for (int i = 0; i < 2000; i++) {
      byte[] body = new byte[random.nextInt(64)];
      random.nextBytes(body);
      Buffer b = Buffer.buffer().appendInt(body.length).appendBytes(body);
      decodeOrFailCleanly(b);
    }
  }

  @Test
  void mutatedMessagesDecodeOrFailCleanly() {
    Random random = new Random(7);
    List<WireMessage> all = every().map(a -> (WireMessage) a.get()[1]).toList();
    for (WireMessage message : all) {
      byte[] bytes = codec.encode(message).getBytes();
      for (int i = 0; i < 300; i++) {
        byte[] mutated = bytes.clone();
        int flips = 1 + random.nextInt(3);
        for (int f = 0; f < flips; f++) {
          // keep the length prefix honest: garble the body only
          int at = 4 + random.nextInt(mutated.length - 4);
          mutated[at] = (byte) random.nextInt(256);
        }
        decodeOrFailCleanly(Buffer.buffer(mutated));
      }
    }
  }

  /**
   * Decoding may succeed or throw a runtime exception, but never an Error (out of memory,
   * overflow).
   */
  private void decodeOrFailCleanly(Buffer b) {
    try {
      codec.decode(b);
    } catch (RuntimeException expected) {
      // rejected: fine
    } catch (Throwable t) {
      fail("decoding " + Arrays.toString(b.getBytes()) + " threw " + t);
    }
  }
}
