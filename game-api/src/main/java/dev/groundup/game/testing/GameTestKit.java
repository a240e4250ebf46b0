package dev.groundup.game.testing;

import dev.groundup.game.Game;
import dev.groundup.game.Rules;
import dev.groundup.game.Settings;
import java.util.Map;

/**
 * Runs a game's rooms as the engine would, deterministically and without a cluster, for the game's
 * own unit tests: the engine's limits ({@code room_full}, {@code rate_limited}), its tick counting,
 * its store-before-show order (a change is "stored" — snapshotted — before members are shown it,
 * and an input is acknowledged at the tick of the snapshot that holds it), and takeover (a room
 * restored from its last snapshot). Time is ticks the test advances by hand; randomness is seeded.
 *
 * <pre>{@code
 * GameTestKit kit = GameTestKit.of(new FourGame());
 * TestRoom room = kit.room("r1", 42);
 * room.join("ada");
 * room.join("bob");
 * long seq = room.input("ada", "drop", Map.of("col", 3));
 * assertThat(room.ackedAt(seq)).isPresent();
 * assertThat(room.restored().view("bob")).isEqualTo(room.view("bob"));
 * }</pre>
 */
public final class GameTestKit {

  private final Game game;
  private final Rules rules;

  private GameTestKit(Game game, Rules rules) {
    this.game = game;
    this.rules = rules;
  }

  /** The game with its default settings. */
  public static GameTestKit of(Game game) {
    return of(game, Map.of());
  }

  /** The game configured from {@code settings} (as a node's {@code GROUNDUP_*} environment). */
  public static GameTestKit of(Game game, Map<String, String> settings) {
    return new GameTestKit(game, game.configure(new Settings(settings)));
  }

  public Game game() {
    return game;
  }

  public Rules rules() {
    return rules;
  }

  /** A new room named {@code name}, its randomness seeded with {@code seed}. */
  public TestRoom room(String name, long seed) {
    return TestRoom.create(this, name, seed);
  }
}
