package dev.groundup.common.supervision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Which siblings each strategy takes down with a crashed child. */
class StrategyTest {

  private static final List<String> CHILDREN = List.of("a", "b", "c", "d");

  @Test
  void oneForOneTakesOnlyTheCrashedChild() {
    assertThat(Strategy.ONE_FOR_ONE.affected(CHILDREN, "b")).containsExactly("b");
  }

  @Test
  void oneForAllTakesEveryoneInStartOrder() {
    assertThat(Strategy.ONE_FOR_ALL.affected(CHILDREN, "c")).containsExactly("a", "b", "c", "d");
  }

  @Test
  void restForOneTakesTheCrashedChildAndLaterOnes() {
    assertThat(Strategy.REST_FOR_ONE.affected(CHILDREN, "b")).containsExactly("b", "c", "d");
    assertThat(Strategy.REST_FOR_ONE.affected(CHILDREN, "d")).containsExactly("d");
    assertThat(Strategy.REST_FOR_ONE.affected(CHILDREN, "a")).containsExactly("a", "b", "c", "d");
  }

  @Test
  void aStrangerIsRejected() {
    assertThatThrownBy(() -> Strategy.ONE_FOR_ONE.affected(CHILDREN, "z"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
