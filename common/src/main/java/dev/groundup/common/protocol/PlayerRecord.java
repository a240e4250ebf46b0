package dev.groundup.common.protocol;

import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What the system keeps of a player: the name, the SHA-256 hash of its token (never the token), its
 * score on the cluster-wide leaderboard (the points every game awarded it since it was created),
 * the room it is in and that room's game ({@code null} if none), and its progress in each game it
 * played (bytes each game encodes; the engine never reads them).
 */
public record PlayerRecord(
    String name, byte[] tokenHash, long score, String room, String game, List<Progress> progress) {

  public PlayerRecord {
    tokenHash = tokenHash.clone();
    progress = List.copyOf(progress);
  }

  /** A new player: no score, no room, no progress. */
  public static PlayerRecord created(String name, byte[] tokenHash) {
    return new PlayerRecord(name, tokenHash, 0, null, null, List.of());
  }

  @Override
  public byte[] tokenHash() {
    return tokenHash.clone();
  }

  /** Constant-time comparison with the hash of a presented token. */
  public boolean tokenMatches(byte[] presentedHash) {
    return MessageDigest.isEqual(tokenHash, presentedHash);
  }

  /** The player's progress in {@code game}: empty when it never played it. */
  public byte[] progressIn(String game) {
    for (Progress p : progress) {
      if (p.game().equals(game)) {
        return p.bytes();
      }
    }
    return new byte[0];
  }

  /** With {@code score} and, for {@code game}, the given progress (the others kept). */
  public PlayerRecord withProgress(long score, String game, byte[] bytes) {
    List<Progress> next = new ArrayList<>(progress.size() + 1);
    for (Progress p : progress) {
      if (!p.game().equals(game)) {
        next.add(p);
      }
    }
    next.add(new Progress(game, bytes));
    return new PlayerRecord(name, tokenHash, score, room, this.game, next);
  }

  /** In {@code room} of {@code game}, or in none (both null). */
  public PlayerRecord withRoom(String room, String game) {
    return new PlayerRecord(name, tokenHash, score, room, room == null ? null : game, progress);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof PlayerRecord p
        && name.equals(p.name)
        && MessageDigest.isEqual(tokenHash, p.tokenHash)
        && score == p.score
        && Objects.equals(room, p.room)
        && Objects.equals(game, p.game)
        && progress.equals(p.progress);
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
        + ", room="
        + room
        + ", game="
        + game
        + ", progress="
        + progress
        + "]";
  }
}
