package dev.groundup.game;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@link Args#of}: a map read as a client's JSON fields. */
class ArgsTest {

  private static Args args() {
    Map<String, Object> m = new HashMap<>();
    m.put("s", "text");
    m.put("l", 5L);
    m.put("i", -3);
    m.put("d", 2.5);
    m.put("t", true);
    m.put("f", false);
    m.put("z", null);
    m.put("a", List.of(1));
    m.put("o", Map.of("k", 1));
    return Args.of(m);
  }

  @Test
  void kinds() {
    Args a = args();
    assertThat(a.kind("s")).isEqualTo(Args.Kind.STRING);
    assertThat(a.kind("l")).isEqualTo(Args.Kind.NUMBER);
    assertThat(a.kind("i")).isEqualTo(Args.Kind.NUMBER);
    assertThat(a.kind("d")).isEqualTo(Args.Kind.NUMBER);
    assertThat(a.kind("t")).isEqualTo(Args.Kind.BOOLEAN);
    assertThat(a.kind("z")).isEqualTo(Args.Kind.NULL);
    assertThat(a.kind("a")).isEqualTo(Args.Kind.ARRAY);
    assertThat(a.kind("o")).isEqualTo(Args.Kind.OBJECT);
    assertThat(a.kind("missing")).isEqualTo(Args.Kind.MISSING);
  }

  @Test
  void textOnlyOfStrings() {
    Args a = args();
    assertThat(a.text("s")).isEqualTo("text");
    assertThat(a.text("l")).isNull();
    assertThat(a.text("z")).isNull();
    assertThat(a.text("missing")).isNull();
  }

  @Test
  void integerOnlyOfIntegralNumbers() {
    Args a = args();
    assertThat(a.integer("l")).hasValue(5);
    assertThat(a.integer("i")).hasValue(-3);
    assertThat(a.integer("d")).isEmpty();
    assertThat(a.integer("s")).isEmpty();
    assertThat(a.integer("t")).isEmpty();
    assertThat(a.integer("z")).isEmpty();
    assertThat(a.integer("missing")).isEmpty();
  }

  @Test
  void isTrueOnlyOfTrue() {
    Args a = args();
    assertThat(a.isTrue("t")).isTrue();
    assertThat(a.isTrue("f")).isFalse();
    assertThat(a.isTrue("s")).isFalse();
    assertThat(a.isTrue("missing")).isFalse();
  }
}
