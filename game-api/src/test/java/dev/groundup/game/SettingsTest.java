package dev.groundup.game;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link Settings}: defaults, range checks, and errors that name the variable. */
class SettingsTest {

  private static Settings of(String name, String value) {
    return new Settings(Map.of(name, value));
  }

  @Test
  void unsetOrBlankGivesTheFallback() {
    Settings none = new Settings(Map.of());
    assertThat(none.text("GROUNDUP_X", "dflt")).isEqualTo("dflt");
    assertThat(none.integer("GROUNDUP_X", 7, 1, 10)).isEqualTo(7);
    assertThat(none.bool("GROUNDUP_X", true)).isTrue();
    Settings blank = of("GROUNDUP_X", "  ");
    assertThat(blank.text("GROUNDUP_X", "dflt")).isEqualTo("dflt");
    assertThat(blank.integer("GROUNDUP_X", 7, 1, 10)).isEqualTo(7);
    assertThat(blank.bool("GROUNDUP_X", false)).isFalse();
  }

  @Test
  void valuesAreTrimmed() {
    Settings s = new Settings(Map.of("A", " hello ", "B", " 12 ", "C", " YES "));
    assertThat(s.text("A", null)).isEqualTo("hello");
    assertThat(s.integer("B", 0, 0, 100)).isEqualTo(12);
    assertThat(s.bool("C", false)).isTrue();
  }

  @Test
  void integersWithinTheRangeIncludingItsEnds() {
    assertThat(of("N", "1").integer("N", 5, 1, 10)).isEqualTo(1);
    assertThat(of("N", "10").integer("N", 5, 1, 10)).isEqualTo(10);
    assertThat(of("N", "-3").integer("N", 5, -5, 10)).isEqualTo(-3);
  }

  @ParameterizedTest
  @CsvSource({"0, out of range", "11, out of range", "-1, out of range", "ten, not an integer"})
  void badIntegersNameTheVariable(String value, String why) {
    assertThatThrownBy(
            () -> of("GROUNDUP_ROOM_WIDTH", value).integer("GROUNDUP_ROOM_WIDTH", 5, 1, 10))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("GROUNDUP_ROOM_WIDTH=" + value)
        .hasMessageContaining(why);
  }

  @ParameterizedTest
  @ValueSource(strings = {"1.5", "99999999999", "0x10", "1e3", "+"})
  void numbersThatAreNotIntsAreNotIntegers(String value) {
    assertThatThrownBy(() -> of("GROUNDUP_N", value).integer("GROUNDUP_N", 5, 0, Integer.MAX_VALUE))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("GROUNDUP_N");
  }

  @ParameterizedTest
  @CsvSource({
    "true, true",
    "1, true",
    "yes, true",
    "on, true",
    "TRUE, true",
    "On, true",
    "false, false",
    "0, false",
    "no, false",
    "off, false",
    "NO, false"
  })
  void booleans(String value, boolean expected) {
    assertThat(of("B", value).bool("B", !expected)).isEqualTo(expected);
  }

  @ParameterizedTest
  @ValueSource(strings = {"maybe", "2", "y", "t"})
  void badBooleansNameTheVariable(String value) {
    assertThatThrownBy(() -> of("GROUNDUP_FLAG", value).bool("GROUNDUP_FLAG", false))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("GROUNDUP_FLAG=" + value)
        .hasMessageContaining("not a boolean");
  }

  @Test
  void settingsAreACopy() {
    Map<String, String> values = new HashMap<>();
    values.put("A", "1");
    Settings s = new Settings(values);
    values.put("A", "2");
    assertThat(s.text("A", null)).isEqualTo("1");
  }
}
