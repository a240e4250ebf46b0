package dev.groundup.shard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.groundup.common.config.ConfigException;
import dev.groundup.common.games.GameCatalog;
import dev.groundup.game.Game;
import dev.groundup.game.Rules;
import dev.groundup.game.Settings;
import dev.groundup.games.arena.ArenaGame;
import dev.groundup.games.arena.ArenaRules;
import dev.groundup.games.four.FourGame;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Which games a shard node offers, configured how, and which one a room gets by default. */
class GamesTest {

  @Test
  void unsetEveryGameOfTheClasspathIsOfferedAndArenaIsTheDefault() {
    Games games = Games.fromEnv(Map.of());
    assertThat(games.ids()).containsExactly("arena", "four");
    assertThat(games.defaultGame()).isEqualTo(Games.DEFAULT_GAME).isEqualTo("arena");
    assertThat(games.game("four")).get().isInstanceOf(FourGame.class);
    assertThat(games.rules("arena")).get().isEqualTo(ArenaRules.DEFAULT);
    assertThat(games.rules("chess")).isEmpty();
    assertThat(games.game("chess")).isEmpty();
    assertThat(games).hasToString("Games[arena, four] (default arena)");
  }

  @Test
  void aBlankListIsUnset() {
    assertThat(Games.fromEnv(Map.of("GROUNDUP_GAMES", " ")).ids()).containsExactly("arena", "four");
  }

  @Test
  void theListChoosesTheGamesInItsOrder() {
    assertThat(Games.fromEnv(Map.of("GROUNDUP_GAMES", "four,arena")).ids())
        .containsExactly("four", "arena");
    assertThat(Games.fromEnv(Map.of("GROUNDUP_GAMES", " four , arena ")).ids())
        .containsExactly("four", "arena");
    Games four = Games.fromEnv(Map.of("GROUNDUP_GAMES", "four"));
    assertThat(four.ids()).containsExactly("four");
    assertThat(four.rules("arena")).isEmpty();
  }

  @Test
  void theDefaultIsArenaWhenOfferedElseTheFirstNamed() {
    assertThat(Games.fromEnv(Map.of("GROUNDUP_GAMES", "four,arena")).defaultGame())
        .isEqualTo("arena");
    assertThat(Games.fromEnv(Map.of("GROUNDUP_GAMES", "four")).defaultGame()).isEqualTo("four");
    assertThat(
            Games.fromEnv(Map.of("GROUNDUP_GAMES", "arena,four", "GROUNDUP_DEFAULT_GAME", "four"))
                .defaultGame())
        .isEqualTo("four");
  }

  @Test
  void aGameNamedButNotOnTheClasspathStopsTheNode() {
    assertThatThrownBy(() -> Games.fromEnv(Map.of("GROUNDUP_GAMES", "arena,chess")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("GROUNDUP_GAMES")
        .hasMessageContaining("'chess'")
        .hasMessageContaining("[arena, four]");
  }

  @Test
  void aListNamingNoGameStopsTheNode() {
    assertThatThrownBy(() -> Games.fromEnv(Map.of("GROUNDUP_GAMES", " , ,")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("GROUNDUP_GAMES names no game");
  }

  @Test
  void aDefaultThatIsNotOfferedStopsTheNode() {
    assertThatThrownBy(() -> Games.fromEnv(Map.of("GROUNDUP_DEFAULT_GAME", "chess")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("GROUNDUP_DEFAULT_GAME=chess is not offered");
    assertThatThrownBy(
            () -> Games.fromEnv(Map.of("GROUNDUP_GAMES", "four", "GROUNDUP_DEFAULT_GAME", "arena")))
        .as("on the classpath but not chosen")
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("GROUNDUP_DEFAULT_GAME=arena is not offered")
        .hasMessageContaining("[four]");
  }

  @Test
  void aBadGameSettingStopsTheNodeNamingTheGameAndTheSetting() {
    assertThatThrownBy(() -> Games.fromEnv(Map.of("GROUNDUP_ROOM_WIDTH", "0")))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("game arena: ")
        .hasMessageContaining("GROUNDUP_ROOM_WIDTH=0");
    assertThatThrownBy(() -> Games.fromEnv(Map.of("GROUNDUP_TICK_HZ", "fast")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("game arena: ")
        .hasMessageContaining("GROUNDUP_TICK_HZ");
    // rules that each setting allows but that do not fit together
    assertThatThrownBy(
            () -> Games.fromEnv(Map.of("GROUNDUP_ROOM_WIDTH", "2", "GROUNDUP_ROOM_HEIGHT", "2")))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("game arena: ");
  }

  @Test
  void aSettingOfAGameNotOfferedIsNotRead() {
    Games four = Games.fromEnv(Map.of("GROUNDUP_GAMES", "four", "GROUNDUP_ROOM_WIDTH", "0"));
    assertThat(four.ids()).containsExactly("four");
  }

  @Test
  void theSettingsConfigureTheGame() {
    Games games =
        Games.fromEnv(Map.of("GROUNDUP_ROOM_WIDTH", "10", "GROUNDUP_ROOM_MAX_PLAYERS", "3"));
    ArenaRules rules = (ArenaRules) games.rules("arena").orElseThrow();
    assertThat(rules.width()).isEqualTo(10);
    assertThat(rules.limits().maxPlayers()).isEqualTo(3);
  }

  @Test
  void aGameOfAnyCatalogIsConfiguredOnceWithTheNodesSettings() {
    int[] configured = {0};
    Game counting =
        new Game() {
          @Override
          public String id() {
            return "counting";
          }

          @Override
          public Set<String> inputs() {
            return Set.of("count");
          }

          @Override
          public Rules configure(Settings settings) {
            configured[0]++;
            if (settings.integer("GROUNDUP_COUNT_TO", 3, 1, 9) == 7) {
              throw new IllegalArgumentException("GROUNDUP_COUNT_TO=7 is unlucky");
            }
            return ArenaRules.DEFAULT;
          }
        };
    GameCatalog catalog = GameCatalog.of(List.of(new ArenaGame(), counting));
    Games games = Games.choose(catalog, Map.of("GROUNDUP_GAMES", "counting"));
    assertThat(games.ids()).containsExactly("counting");
    assertThat(games.defaultGame()).isEqualTo("counting");
    assertThat(configured[0]).isEqualTo(1);
    assertThatThrownBy(() -> Games.choose(catalog, Map.of("GROUNDUP_COUNT_TO", "7")))
        .isInstanceOf(ConfigException.class)
        .hasMessage("game counting: GROUNDUP_COUNT_TO=7 is unlucky");
    assertThatThrownBy(() -> Games.choose(catalog, Map.of("GROUNDUP_GAMES", "four")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("'four'")
        .hasMessageContaining("[arena, counting]");
  }
}
