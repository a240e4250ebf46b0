package dev.groundup.common.protocol;

import java.security.MessageDigest;

/**
 * What the system keeps of a player: the name, the SHA-256 hash of its token (never the token), the
 * score and steps collected since it was created, and the room it is in ({@code null} if none).
 */
public record PlayerRecord(String name, byte[] tokenHash, long score, long steps, String room) {

  public PlayerRecord {
    tokenHash = tokenHash.clone();
  }

  @Override
  public byte[] tokenHash() {
    return tokenHash.clone();
  }

  /** Constant-time comparison with the hash of a presented token. */
  public boolean tokenMatches(byte[] presentedHash) {
    return MessageDigest.isEqual(tokenHash, presentedHash);
  }

  public PlayerRecord withProgress(long score, long steps) {
    return new PlayerRecord(name, tokenHash, score, steps, room);
  }

  public PlayerRecord withRoom(String room) {
    return new PlayerRecord(name, tokenHash, score, steps, room);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof PlayerRecord p
        && name.equals(p.name)
        && MessageDigest.isEqual(tokenHash, p.tokenHash)
        && score == p.score
        && steps == p.steps
        && java.util.Objects.equals(room, p.room);
  }

  @Override
  public int hashCode() {
    return name.hashCode();
  }

  @Override
  public String toString() {
    return "PlayerRecord[name="
        + name
        + ", score="
        + score
        + ", steps="
        + steps
        + ", room="
        + room
        + "]";
  }
}
