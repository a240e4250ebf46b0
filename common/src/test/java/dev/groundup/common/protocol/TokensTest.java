package dev.groundup.common.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Base64;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TokensTest {

  @Test
  void tokensAre32CharactersOfBase64Url() {
    for (int i = 0; i < 200; i++) {
      String token = Tokens.newToken();
      assertThat(token).hasSize(32).matches("[A-Za-z0-9_-]{32}");
      assertThat(Base64.getUrlDecoder().decode(token)).hasSize(24);
    }
  }

  @Test
  void tokensAreDistinct() {
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < 10_000; i++) {
      assertThat(seen.add(Tokens.newToken())).isTrue();
    }
  }

  @Test
  void hashIsSha256OfTheUtf8Bytes() {
    HexFormat hex = HexFormat.of();
    // FIPS 180-2 test vectors
    assertThat(hex.formatHex(Tokens.hash("abc")))
        .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    assertThat(hex.formatHex(Tokens.hash("")))
        .isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    assertThat(Tokens.hash(Tokens.newToken())).hasSize(32);
    assertThat(Tokens.hash("é")).isNotEqualTo(Tokens.hash("e"));
  }

  @Test
  void hashIsDeterministic() {
    String token = Tokens.newToken();
    assertThat(Tokens.hash(token)).isEqualTo(Tokens.hash(token)).isNotSameAs(Tokens.hash(token));
  }

  @Test
  void recordMatchesOnlyItsOwnToken() {
    String token = Tokens.newToken();
    PlayerRecord record = PlayerRecord.created("alice", Tokens.hash(token));
    assertThat(record.tokenMatches(Tokens.hash(token))).isTrue();
    assertThat(record.tokenMatches(Tokens.hash(Tokens.newToken()))).isFalse();
    assertThat(record.tokenMatches(Tokens.hash(token + "x"))).isFalse();
    assertThat(record.tokenMatches(new byte[0])).isFalse();
    assertThat(record.tokenMatches(new byte[32])).isFalse();
  }

  @Test
  void recordKeepsACopyOfTheHash() {
    byte[] hash = Tokens.hash("t");
    PlayerRecord record = new PlayerRecord("alice", hash, 1, "lobby", "arena", List.of());
    hash[0] ^= 1;
    assertThat(record.tokenMatches(Tokens.hash("t"))).isTrue();
    record.tokenHash()[0] ^= 1;
    assertThat(record.tokenMatches(Tokens.hash("t"))).isTrue();
    assertThat(record.tokenHash()).isEqualTo(Tokens.hash("t"));
  }

  @Test
  void recordRequiresAHash() {
    assertThatThrownBy(() -> PlayerRecord.created("alice", null))
        .isInstanceOf(NullPointerException.class);
  }

  @Test
  void recordEqualityComparesTheHashByContent() {
    PlayerRecord a = new PlayerRecord("alice", Tokens.hash("t"), 1, "lobby", "arena", List.of());
    PlayerRecord b = new PlayerRecord("alice", Tokens.hash("t"), 1, "lobby", "arena", List.of());
    assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
    assertThat(a)
        .isNotEqualTo(new PlayerRecord("alice", Tokens.hash("u"), 1, "lobby", "arena", List.of()));
    assertThat(a).isNotEqualTo(a.withProgress(2, "arena", new byte[0]));
    assertThat(a).isNotEqualTo(a.withProgress(1, "arena", new byte[] {1}));
    assertThat(a).isNotEqualTo(a.withRoom(null, null));
    assertThat(a).isNotEqualTo(a.withRoom("lobby", "four"));
    assertThat(a)
        .isNotEqualTo(new PlayerRecord("bob", Tokens.hash("t"), 1, "lobby", "arena", List.of()));
  }

  @Test
  void withProgressAndWithRoomKeepEverythingElse() {
    PlayerRecord a = new PlayerRecord("alice", Tokens.hash("t"), 1, "lobby", "arena", List.of());
    PlayerRecord p =
        a.withProgress(5, "four", new byte[] {9}).withProgress(6, "arena", new byte[] {7});
    assertThat(p.name()).isEqualTo("alice");
    assertThat(p.score()).isEqualTo(6);
    assertThat(p.progressIn("four")).containsExactly(9);
    assertThat(p.progressIn("arena")).containsExactly(7);
    assertThat(p.progressIn("chess")).isEmpty();
    assertThat(p.withProgress(6, "arena", new byte[] {8}).progress()).hasSize(2);
    assertThat(p.room()).isEqualTo("lobby");
    assertThat(p.game()).isEqualTo("arena");
    assertThat(p.tokenMatches(Tokens.hash("t"))).isTrue();
    PlayerRecord r = a.withRoom("other", "four");
    assertThat(r.room()).isEqualTo("other");
    assertThat(r.game()).isEqualTo("four");
    assertThat(r.score()).isEqualTo(1);
    assertThat(r.tokenMatches(Tokens.hash("t"))).isTrue();
    assertThat(r.withRoom(null, "four").game()).as("no room, no game").isNull();
  }

  @Test
  void toStringNeverShowsTheHash() {
    byte[] hash = Tokens.hash("t");
    String s = new PlayerRecord("alice", hash, 1, "lobby", "arena", List.of()).toString();
    assertThat(s)
        .contains("alice")
        .doesNotContain(HexFormat.of().formatHex(hash))
        .doesNotContain("[B@");
  }

  @Test
  void messagesThatCarryATokenNeverShowItWhenPrinted() {
    String token = Tokens.newToken();
    ConnRef conn = new ConnRef("node", 0, 1);
    assertThat(new ShardProtocol.Login("alice", token, conn).toString())
        .contains("alice")
        .doesNotContain(token);
    assertThat(new ShardProtocol.LoggedIn("alice", token, 3, null, null).toString())
        .contains("alice")
        .doesNotContain(token);
  }

  @Test
  void tokensCarryAtLeast128RandomBits() {
    byte[] decoded = java.util.Base64.getUrlDecoder().decode(Tokens.newToken());
    assertThat(decoded.length * 8).isGreaterThanOrEqualTo(128);
  }
}
