package dev.groundup.common.shard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Step one of routing: the documented hash of a name, modulo the shard count. */
class ShardIdsTest {

  /** MurmurHash3 x86 32-bit, written from the reference algorithm, to check the library's use. */
  static int murmur3x86(byte[] data, int seed) {
    final int c1 = 0xcc9e2d51;
    final int c2 = 0x1b873593;
    int h = seed;
    int blocks = data.length / 4;
    for (int i = 0; i < blocks; i++) {
      int k =
          (data[4 * i] & 0xff)
              | (data[4 * i + 1] & 0xff) << 8
              | (data[4 * i + 2] & 0xff) << 16
              | (data[4 * i + 3] & 0xff) << 24;
      k *= c1;
      k = Integer.rotateLeft(k, 15);
      k *= c2;
      h ^= k;
      h = Integer.rotateLeft(h, 13);
      h = h * 5 + 0xe6546b64;
    }
    int k = 0;
    int tail = 4 * blocks;
    int rest = data.length & 3;
    if (rest >= 3) {
      k ^= (data[tail + 2] & 0xff) << 16;
    }
    if (rest >= 2) {
      k ^= (data[tail + 1] & 0xff) << 8;
    }
    if (rest >= 1) {
      k ^= data[tail] & 0xff;
      k *= c1;
      k = Integer.rotateLeft(k, 15);
      k *= c2;
      h ^= k;
    }
    h ^= data.length;
    h ^= h >>> 16;
    h *= 0x85ebca6b;
    h ^= h >>> 13;
    h *= 0xc2b2ae35;
    h ^= h >>> 16;
    return h;
  }

  private static int reference(String s) {
    return murmur3x86(s.getBytes(StandardCharsets.UTF_8), 0);
  }

  @Test
  void theReferenceImplementationMatchesPublishedVectors() {
    assertThat(murmur3x86(new byte[0], 0)).isEqualTo(0);
    assertThat(murmur3x86(new byte[0], 1)).isEqualTo(0x514E28B7);
    assertThat(murmur3x86(new byte[0], 0xffffffff)).isEqualTo(0x81F16F39);
    assertThat(murmur3x86(new byte[4], 0)).isEqualTo(0x2362F9DE);
    assertThat(murmur3x86("aaaa".getBytes(StandardCharsets.UTF_8), 0x9747b28c))
        .isEqualTo(0x5A97808A);
    assertThat(murmur3x86("Hello, world!".getBytes(StandardCharsets.UTF_8), 0x9747b28c))
        .isEqualTo(0x24884CBA);
    assertThat(
            murmur3x86(
                "The quick brown fox jumps over the lazy dog".getBytes(StandardCharsets.UTF_8),
                0x9747b28c))
        .isEqualTo(0x2FA826CD);
  }

  /** Values computed independently (a Python MurmurHash3 checked on the published vectors). */
  @ParameterizedTest(name = "hash({0}) = {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "''|0x00000000",
        "a|0x3c2569b2",
        "ab|0x9bbfd75f",
        "abc|0xb3dd93fa",
        "hello|0x248bfa47",
        "Hello, world!|0xc0363e43",
        "The quick brown fox jumps over the lazy dog|0x2e4ff723",
        "alice|0x4c518edd",
        "bob|0xa85b7bf2",
        "lobby|0xe2376723",
        "héllo wörld|0x97f7f274",
        "日本語|0xa5a47297",
        "😀|0xbeb42efa",
      })
  void knownValues(String name, String hex) {
    int expected = Integer.parseUnsignedInt(hex.substring(2), 16);
    assertThat(ShardIds.hash(name)).isEqualTo(expected);
  }

  @Test
  void agreesWithTheReferenceOnRandomNamesIncludingUnicode() {
    Random random = new Random(11);
    for (int i = 0; i < 3000; i++) {
      StringBuilder name = new StringBuilder();
      int length = random.nextInt(40);
      for (int j = 0; j < length; j++) {
        int cp =
            switch (random.nextInt(4)) {
              case 0 -> 'a' + random.nextInt(26);
              case 1 -> 0x80 + random.nextInt(0x780); // two UTF-8 bytes
              case 2 -> 0x800 + random.nextInt(0xD000 - 0x800); // three
              default -> 0x10000 + random.nextInt(0x10000); // four, a surrogate pair in Java
            };
        name.appendCodePoint(cp);
      }
      String s = name.toString();
      assertThat(ShardIds.hash(s)).as("hash of %s", s).isEqualTo(reference(s));
    }
  }

  @Test
  void shardIsTheFloorModOfTheHash() {
    ShardIds ids = new ShardIds(64, RoutingMode.SHARDED);
    // hash("abc") and hash("bob") are negative: floorMod, not %, keeps the shard in range
    assertThat(ShardIds.hash("abc")).isNegative();
    assertThat(ids.player("abc")).isEqualTo(58);
    assertThat(ids.player("lobby")).isEqualTo(35);
    assertThat(ids.player("alice")).isEqualTo(29);
    assertThat(new ShardIds(10, RoutingMode.SHARDED).player("bob")).isEqualTo(8);
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 2, 3, 7, 10, 64, 100, 1000, 65536})
  void shardsAreAlwaysInRange(int count) {
    ShardIds ids = new ShardIds(count, RoutingMode.SHARDED);
    Random random = new Random(count);
    int negatives = 0;
    for (int i = 0; i < 2000; i++) {
      String name = "player-" + random.nextInt() + "-ü";
      int hash = ShardIds.hash(name);
      negatives += hash < 0 ? 1 : 0;
      assertThat(ids.player(name)).isBetween(0, count - 1).isEqualTo(Math.floorMod(hash, count));
      assertThat(ids.room(name)).isEqualTo(ids.player(name));
    }
    assertThat(negatives).as("negative hashes were exercised").isGreaterThan(500);
    assertThat(ids.usedShards()).isEqualTo(count);
  }

  @Test
  void namesSpreadOverTheShards() {
    ShardIds ids = new ShardIds(64, RoutingMode.SHARDED);
    int[] counts = new int[64];
    for (int i = 0; i < 64_000; i++) {
      counts[ids.player("p" + i)]++;
    }
    // 1000 expected per shard, standard deviation about 31
    for (int c : counts) {
      assertThat(c).isBetween(850, 1150);
    }
  }

  @Test
  void singleModePutsEverythingOnShardZero() {
    ShardIds ids = new ShardIds(64, RoutingMode.SINGLE);
    assertThat(ids.usedShards()).isEqualTo(1);
    for (String name : new String[] {"", "alice", "bob", "abc", "日本語", "😀", "x".repeat(100)}) {
      assertThat(ids.player(name)).isZero();
      assertThat(ids.room(name)).isZero();
    }
  }

  @Test
  void perConnectionModeShardsLikeShardedMode() {
    ShardIds sharded = new ShardIds(64, RoutingMode.SHARDED);
    ShardIds perConnection = new ShardIds(64, RoutingMode.PER_CONNECTION);
    assertThat(perConnection.usedShards()).isEqualTo(64);
    for (String name : new String[] {"alice", "bob", "abc", "lobby", "日本語"}) {
      assertThat(perConnection.player(name)).isEqualTo(sharded.player(name));
      assertThat(perConnection.room(name)).isEqualTo(sharded.room(name));
    }
  }

  @Test
  void stableAcrossInstances() {
    assertThat(new ShardIds(64, RoutingMode.SHARDED).player("alice"))
        .isEqualTo(new ShardIds(64, RoutingMode.SHARDED).player("alice"));
  }

  @ParameterizedTest
  @ValueSource(ints = {0, -1, Integer.MIN_VALUE})
  void shardCountMustBePositive(int count) {
    assertThatThrownBy(() -> new ShardIds(count, RoutingMode.SHARDED))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @ParameterizedTest
  @EnumSource(RoutingMode.class)
  void routingModesParseFromTheirWireNames(RoutingMode mode) {
    assertThat(RoutingMode.parse(mode.wire())).isEqualTo(mode);
    assertThat(RoutingMode.parse("  " + mode.wire() + " ")).isEqualTo(mode);
  }

  @Test
  void routingModeWireNames() {
    assertThat(RoutingMode.SHARDED.wire()).isEqualTo("sharded");
    assertThat(RoutingMode.SINGLE.wire()).isEqualTo("single");
    assertThat(RoutingMode.PER_CONNECTION.wire()).isEqualTo("per-connection");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "shard", "per_connection", "many", "SHARDED?"})
  void unknownRoutingModeIsRefused(String s) {
    assertThatThrownBy(() -> RoutingMode.parse(s))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unknown routing");
  }
}
