package dev.groundup.common.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.groundup.common.shard.RoutingMode;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EnvTest {

  private static Env env(String... keyValues) {
    Map<String, String> m = new HashMap<>();
    for (int i = 0; i < keyValues.length; i += 2) {
      m.put(keyValues[i], keyValues[i + 1]);
    }
    return new Env(m);
  }

  @Test
  void stringFallsBackWhenMissingOrBlankAndIsTrimmed() {
    assertThat(env().string("X", "dflt")).isEqualTo("dflt");
    assertThat(env("X", "").string("X", "dflt")).isEqualTo("dflt");
    assertThat(env("X", "   ").string("X", "dflt")).isEqualTo("dflt");
    assertThat(env("X", "  value ").string("X", "dflt")).isEqualTo("value");
    assertThat(env().string("X", null)).isNull();
  }

  @Test
  void integerParsesTrimsAndFallsBack() {
    assertThat(env().integer("N", 7, 0, 10)).isEqualTo(7);
    assertThat(env("N", " ").integer("N", 7, 0, 10)).isEqualTo(7);
    assertThat(env("N", "3").integer("N", 7, 0, 10)).isEqualTo(3);
    assertThat(env("N", " 4 ").integer("N", 7, 0, 10)).isEqualTo(4);
    assertThat(env("N", "-2").integer("N", 7, -5, 10)).isEqualTo(-2);
  }

  @Test
  void integerBoundsAreInclusive() {
    assertThat(env("N", "0").integer("N", 5, 0, 10)).isZero();
    assertThat(env("N", "10").integer("N", 5, 0, 10)).isEqualTo(10);
  }

  @ParameterizedTest
  @ValueSource(strings = {"-1", "11", "2147483647", "-2147483648"})
  void integerOutOfRangeNamesTheVariable(String raw) {
    assertThatThrownBy(() -> env("GROUNDUP_N", raw).integer("GROUNDUP_N", 5, 0, 10))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("GROUNDUP_N")
        .hasMessageContaining("out of range");
  }

  @ParameterizedTest
  @ValueSource(strings = {"abc", "1.5", "1e3", "0x10", "12abc", "99999999999", "--1", "one"})
  void integerThatIsNotAnIntegerNamesTheVariable(String raw) {
    assertThatThrownBy(() -> env("GROUNDUP_N", raw).integer("GROUNDUP_N", 5, 0, 10))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("GROUNDUP_N")
        .hasMessageContaining("not an integer");
  }

  @ParameterizedTest
  @ValueSource(strings = {"true", "TRUE", " True ", "1", "yes", "YES", "on", "On"})
  void trueValues(String raw) {
    assertThat(env("B", raw).bool("B", false)).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"false", "FALSE", " False ", "0", "no", "NO", "off", "Off"})
  void falseValues(String raw) {
    assertThat(env("B", raw).bool("B", true)).isFalse();
  }

  @Test
  void boolFallsBack() {
    assertThat(env().bool("B", true)).isTrue();
    assertThat(env().bool("B", false)).isFalse();
    assertThat(env("B", "  ").bool("B", true)).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"maybe", "2", "y", "n", "tru", "truee", "-1"})
  void badBooleanNamesTheVariable(String raw) {
    assertThatThrownBy(() -> env("GROUNDUP_B", raw).bool("GROUNDUP_B", true))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("GROUNDUP_B")
        .hasMessageContaining("not a boolean");
  }

  @Test
  void listSplitsOnCommasAndDropsBlanks() {
    assertThat(env().list("L", "a:1")).containsExactly("a:1");
    assertThat(env("L", "a:1, b:2 ,,c:3,").list("L", "x")).containsExactly("a:1", "b:2", "c:3");
    assertThat(env("L", " , ").list("L", "x")).isEmpty();
  }

  @Test
  void parsedUsesTheParserAndNamesTheVariableOnFailure() {
    assertThat(env("R", "single").parsed("R", "sharded", RoutingMode::parse))
        .isEqualTo(RoutingMode.SINGLE);
    assertThat(env().parsed("R", "sharded", RoutingMode::parse)).isEqualTo(RoutingMode.SHARDED);
    assertThatThrownBy(
            () -> env("GROUNDUP_R", "nope").parsed("GROUNDUP_R", "sharded", RoutingMode::parse))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("GROUNDUP_R")
        .hasMessageContaining("nope");
  }

  @Test
  void laterChangesToTheMapAreNotSeen() {
    Map<String, String> m = new HashMap<>(Map.of("X", "1"));
    Env env = new Env(m);
    m.put("X", "2");
    assertThat(env.integer("X", 0, 0, 9)).isEqualTo(1);
  }

  @Test
  void listOfOneValue() {
    assertThat(env("L", "host:5701").list("L", "")).isEqualTo(List.of("host:5701"));
  }
}
