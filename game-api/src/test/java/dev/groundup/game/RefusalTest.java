package dev.groundup.game;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link Refusal}: codes of 1 to 32 of a-z 0-9 _, starting with a letter. */
class RefusalTest {

  @ParameterizedTest
  @ValueSource(strings = {"a", "not_your_turn", "x1", "a_", "abcdefghijklmnopqrstuvwxyz012345"})
  void goodCodes(String code) {
    Refusal r = new Refusal(code, "why");
    assertThat(r.code()).isEqualTo(code);
    assertThat(r).hasMessage("why");
  }

  @ParameterizedTest
  @NullSource
  @ValueSource(
      strings = {
        "",
        "1abc",
        "_abc",
        "Abc",
        "not-your-turn",
        "a b",
        "a.b",
        "café",
        "abcdefghijklmnopqrstuvwxyz0123456",
        "a\n"
      })
  void badCodesAreRefused(String code) {
    assertThatThrownBy(() -> new Refusal(code, "why"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("code");
  }

  @Test
  void theProtocolsCodes() {
    assertThat(Refusal.badRequest("missing field x").code()).isEqualTo("bad_request");
    assertThat(Refusal.badRequest("missing field x")).hasMessage("missing field x");
    assertThat(Refusal.unknownOp("fly").code()).isEqualTo("unknown_op");
    assertThat(Refusal.unknownOp("fly")).hasMessage("unknown op 'fly'");
  }

  @Test
  void aLongUnknownOpIsCutInTheMessage() {
    String op = "x".repeat(32);
    assertThat(Refusal.unknownOp(op)).hasMessage("unknown op '" + op + "'");
    assertThat(Refusal.unknownOp(op + "yz")).hasMessage("unknown op '" + op + "...'");
  }

  @Test
  void aRefusalIsCheapAndCarriesNoStackTrace() {
    Refusal r = new Refusal("nope", "no");
    assertThat(r.getStackTrace()).isEmpty();
    assertThat(r.getCause()).isNull();
    r.addSuppressed(new RuntimeException());
    assertThat(r.getSuppressed()).isEmpty();
  }
}
