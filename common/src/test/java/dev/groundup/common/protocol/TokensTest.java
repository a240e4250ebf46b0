package dev.groundup.common.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Base64;
import java.util.HashSet;
import java.util.HexFormat;
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
    PlayerRecord record = new PlayerRecord("alice", Tokens.hash(token), 0, 0, null);
    assertThat(record.tokenMatches(Tokens.hash(token))).isTrue();
    assertThat(record.tokenMatches(Tokens.hash(Tokens.newToken()))).isFalse();
    assertThat(record.tokenMatches(Tokens.hash(token + "x"))).isFalse();
    assertThat(record.tokenMatches(new byte[0])).isFalse();
    assertThat(record.tokenMatches(new byte[32])).isFalse();
  }

  @Test
  void recordKeepsACopyOfTheHash() {
    byte[] hash = Tokens.hash("t");
    PlayerRecord record = new PlayerRecord("alice", hash, 1, 2, "lobby");
    hash[0] ^= 1;
    assertThat(record.tokenMatches(Tokens.hash("t"))).isTrue();
    record.tokenHash()[0] ^= 1;
    assertThat(record.tokenMatches(Tokens.hash("t"))).isTrue();
    assertThat(record.tokenHash()).isEqualTo(Tokens.hash("t"));
  }

  @Test
  void recordRequiresAHash() {
    assertThatThrownBy(() -> new PlayerRecord("alice", null, 0, 0, null))
        .isInstanceOf(NullPointerException.class);
  }

  @Test
  void recordEqualityComparesTheHashByContent() {
    PlayerRecord a = new PlayerRecord("alice", Tokens.hash("t"), 1, 2, "lobby");
    PlayerRecord b = new PlayerRecord("alice", Tokens.hash("t"), 1, 2, "lobby");
    assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
    assertThat(a).isNotEqualTo(new PlayerRecord("alice", Tokens.hash("u"), 1, 2, "lobby"));
    assertThat(a).isNotEqualTo(a.withProgress(2, 2));
    assertThat(a).isNotEqualTo(a.withRoom(null));
    assertThat(a).isNotEqualTo(new PlayerRecord("bob", Tokens.hash("t"), 1, 2, "lobby"));
  }

  @Test
  void withProgressAndWithRoomKeepEverythingElse() {
    PlayerRecord a = new PlayerRecord("alice", Tokens.hash("t"), 1, 2, "lobby");
    PlayerRecord p = a.withProgress(5, 9);
    assertThat(p.name()).isEqualTo("alice");
    assertThat(p.score()).isEqualTo(5);
    assertThat(p.steps()).isEqualTo(9);
    assertThat(p.room()).isEqualTo("lobby");
    assertThat(p.tokenMatches(Tokens.hash("t"))).isTrue();
    PlayerRecord r = a.withRoom("other");
    assertThat(r.room()).isEqualTo("other");
    assertThat(r.score()).isEqualTo(1);
    assertThat(r.steps()).isEqualTo(2);
    assertThat(r.tokenMatches(Tokens.hash("t"))).isTrue();
  }

  @Test
  void toStringNeverShowsTheHash() {
    byte[] hash = Tokens.hash("t");
    String s = new PlayerRecord("alice", hash, 1, 2, "lobby").toString();
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
