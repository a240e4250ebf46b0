package dev.groundup.tools.loadgen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class NamesTest {

  @Test
  void randomPrefixesAreValidAndDiffer() {
    Set<String> seen = new HashSet<>();
    SplittableRandom random = new SplittableRandom(42);
    for (int i = 0; i < 1000; i++) {
      String p = Names.randomPrefix(random);
      assertThat(p).matches("[a-z][a-z0-9]{5}");
      seen.add(p);
    }
    assertThat(seen).hasSizeGreaterThan(990);
    assertThat(Names.randomPrefix()).isNotEqualTo(Names.randomPrefix());
  }

  @Test
  void playerAndRoomNames() {
    assertThat(Names.player("abc", 0)).isEqualTo("abc-0");
    assertThat(Names.player("abc", 14_999)).isEqualTo("abc-14999");
    assertThat(Names.room("abc", 3)).isEqualTo("abc-room-3");
    assertThat(Names.roomOf(0, 10)).isZero();
    assertThat(Names.roomOf(25, 10)).isEqualTo(5);
  }

  @Test
  void playersSpreadEvenlyOverRooms() {
    int[] perRoom = new int[7];
    for (long i = 0; i < 700; i++) {
      perRoom[Names.roomOf(i, 7)]++;
    }
    assertThat(perRoom).containsOnly(100);
  }

  @Test
  void everyNameOfARunMustBeValid() {
    Names.check("a", 1, 0);
    Names.check("x".repeat(26), 100_000, 0);
    Names.check("x".repeat(23), 1000, 1000);
    assertThatThrownBy(() -> Names.check("x".repeat(27), 100_000, 0))
        .hasMessageContaining("x-99999");
    assertThatThrownBy(() -> Names.check("x".repeat(24), 1000, 1000))
        .hasMessageContaining("room name");
    assertThatThrownBy(() -> Names.check("", 1, 0)).hasMessageContaining("--prefix");
    assertThatThrownBy(() -> Names.check("a.b", 1, 0)).hasMessageContaining("A-Z");
  }
}
