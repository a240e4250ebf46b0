package dev.groundup.shard;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class RehearsalTest {

  @Test
  void theRehearsalRunsTheRoomAndTheCodecDeterministically() {
    ArenaRules rules = ArenaRules.fromEnv(Map.of());
    long once = Rehearsal.rehearse(rules, 200);
    assertThat(once).isEqualTo(Rehearsal.rehearse(rules, 200));
    assertThat(Rehearsal.rehearse(rules, 201)).isNotEqualTo(once);
  }
}
