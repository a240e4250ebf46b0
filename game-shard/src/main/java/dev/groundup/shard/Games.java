package dev.groundup.shard;

import dev.groundup.common.config.ConfigException;
import dev.groundup.common.config.Env;
import dev.groundup.common.games.GameCatalog;
import dev.groundup.game.Game;
import dev.groundup.game.Rules;
import dev.groundup.game.Settings;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The games a shard node offers, each configured once from the node's settings: those of its
 * classpath that {@code GROUNDUP_GAMES} names (all of them when it is unset), and the one a room
 * gets when its first player names none ({@code GROUNDUP_DEFAULT_GAME}, default {@code arena}). A
 * game that is named but not found, a default that is not offered, or a bad game setting stops the
 * node.
 */
public final class Games {

  public static final String DEFAULT_GAME = "arena";

  private record Offered(Game game, Rules rules) {}

  private final Map<String, Offered> offered;
  private final String defaultGame;

  private Games(Map<String, Offered> offered, String defaultGame) {
    this.offered = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(offered));
    this.defaultGame = defaultGame;
  }

  /** The games of the classpath, chosen and configured by the node's environment. */
  public static Games fromEnv(Map<String, String> vars) {
    return choose(GameCatalog.load(), vars);
  }

  /** The games of {@code catalog}, chosen and configured by {@code vars}. */
  public static Games choose(GameCatalog catalog, Map<String, String> vars) {
    Env env = new Env(vars);
    List<String> names = env.list("GROUNDUP_GAMES", String.join(",", catalog.ids()));
    if (names.isEmpty()) {
      throw new ConfigException("GROUNDUP_GAMES names no game (found: " + catalog.ids() + ")");
    }
    Settings settings = new Settings(vars);
    Map<String, Offered> offered = new LinkedHashMap<>();
    for (String name : names) {
      Game game =
          catalog
              .find(name)
              .orElseThrow(
                  () ->
                      new ConfigException(
                          "GROUNDUP_GAMES names '"
                              + name
                              + "', which is not on the classpath (found: "
                              + catalog.ids()
                              + ")"));
      try {
        offered.put(name, new Offered(game, game.configure(settings)));
      } catch (IllegalArgumentException e) {
        throw new ConfigException("game " + name + ": " + e.getMessage());
      }
    }
    String fallback = offered.containsKey(DEFAULT_GAME) ? DEFAULT_GAME : names.get(0);
    String defaultGame = env.string("GROUNDUP_DEFAULT_GAME", fallback);
    if (!offered.containsKey(defaultGame)) {
      throw new ConfigException(
          "GROUNDUP_DEFAULT_GAME="
              + defaultGame
              + " is not offered (GROUNDUP_GAMES: "
              + names
              + ")");
    }
    return new Games(offered, defaultGame);
  }

  /** The rules of {@code game} if this node offers it. */
  public Optional<Rules> rules(String game) {
    return Optional.ofNullable(offered.get(game)).map(Offered::rules);
  }

  /** {@code game} itself if this node offers it. */
  public Optional<Game> game(String game) {
    return Optional.ofNullable(offered.get(game)).map(Offered::game);
  }

  /** The game of a room whose first player names none. */
  public String defaultGame() {
    return defaultGame;
  }

  /** The ids of the games offered, in the order {@code GROUNDUP_GAMES} gives them. */
  public List<String> ids() {
    return List.copyOf(offered.keySet());
  }

  @Override
  public String toString() {
    return "Games" + offered.keySet() + " (default " + defaultGame + ")";
  }
}
