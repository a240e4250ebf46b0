package dev.groundup.microbench;

import dev.groundup.game.Effects;
import dev.groundup.game.Game;
import dev.groundup.game.Joining;
import dev.groundup.game.JsonOut;
import dev.groundup.game.Room;
import dev.groundup.game.RoomContext;
import dev.groundup.game.Rules;
import dev.groundup.game.Settings;
import dev.groundup.games.arena.ArenaGame;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.function.Consumer;

/** Typical data of a running system, the same on every run (fixed seeds). */
final class Fixtures {

  static final String ROOM = "lobby-7";

  /** Arena with its default rules (32 x 32, up to 64 players, 8 coins, 20 ticks a second). */
  static final Rules ARENA = new ArenaGame().configure(new Settings(Map.of()));

  /** What the engine's effects do, as far as a benchmark needs: nothing. */
  static final Effects NO_EFFECTS =
      new Effects() {
        @Override
        public void changed() {}

        @Override
        public void applied(long seq) {}

        @Override
        public void award(String player, long points) {}
      };

  private Fixtures() {}

  /** Player names as the load generator makes them. */
  static String playerName(int i) {
    return String.format("bot-%04d", i);
  }

  static Game arenaGame() {
    return new ArenaGame();
  }

  /**
   * An arena room with {@code n} players of a game under way (scores and steps as arena's progress
   * bytes: a version byte, then score and steps), at random cells.
   */
  static Room arena(int n) {
    Room room = ARENA.create(new RoomContext(ROOM, 1, new SplittableRandom(42)));
    SplittableRandom random = new SplittableRandom(42);
    for (int i = 0; i < n; i++) {
      byte[] progress =
          ByteBuffer.allocate(17)
              .put((byte) 1)
              .putLong(random.nextInt(40))
              .putLong(random.nextInt(100, 5000))
              .array();
      room.join(new Joining(playerName(i), progress, null), NO_EFFECTS);
    }
    return room;
  }

  /** The fields of the {@code state} every member of {@code room} sees now. */
  static Consumer<JsonOut> state(Room room) {
    return room.view(playerName(0))::write;
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
