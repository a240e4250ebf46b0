package dev.groundup.shard;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class RehearsalTest {

  @Test
  void theRehearsalRunsEveryGamesRoomAndTheCodecDeterministically() {
    Games games = Games.fromEnv(Map.of());
    assertThat(games.ids()).contains("arena", "four");
    long once = Rehearsal.rehearse(games, 200);
    assertThat(once).isEqualTo(Rehearsal.rehearse(games, 200));
    assertThat(Rehearsal.rehearse(games, 201)).isNotEqualTo(once);
  }

  @Test
  void eachGameIsRehearsedOnItsOwn() {
    long arena = Rehearsal.rehearse(Games.fromEnv(Map.of("GROUNDUP_GAMES", "arena")), 200);
    long four = Rehearsal.rehearse(Games.fromEnv(Map.of("GROUNDUP_GAMES", "four")), 200);
    assertThat(arena).isPositive();
    assertThat(four).isPositive();
    assertThat(arena + four).isEqualTo(Rehearsal.rehearse(Games.fromEnv(Map.of()), 200));
  }
}
