package dev.groundup.microbench;

import dev.groundup.common.protocol.Cell;
import dev.groundup.common.protocol.PlayerView;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.UUID;

/** Typical data of a running system, the same on every run (fixed seeds). */
final class Fixtures {

  static final String ROOM = "lobby-7";

  private Fixtures() {}

  /** Player names as the load generator makes them. */
  static String playerName(int i) {
    return String.format("bot-%04d", i);
  }

  /** {@code n} players spread over a 32 x 32 grid with scores and steps of a game under way. */
  static List<PlayerView> players(int n) {
    SplittableRandom random = new SplittableRandom(42);
    List<PlayerView> players = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      players.add(
          new PlayerView(
              playerName(i),
              random.nextInt(32),
              random.nextInt(32),
              random.nextInt(40),
              random.nextInt(100, 5000)));
    }
    return players;
  }

  /** The 8 coins of a room. */
  static List<Cell> coins() {
    SplittableRandom random = new SplittableRandom(7);
    List<Cell> coins = new ArrayList<>(8);
    for (int i = 0; i < 8; i++) {
      coins.add(new Cell(random.nextInt(32), random.nextInt(32)));
    }
    return coins;
  }

  /** Node ids as Vert.x makes them (random UUIDs), fixed by a seed. */
  static List<String> nodeIds(int n) {
    SplittableRandom random = new SplittableRandom(n);
    List<String> ids = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      ids.add(new UUID(random.nextLong(), random.nextLong()).toString());
    }
    return ids;
  }
}
