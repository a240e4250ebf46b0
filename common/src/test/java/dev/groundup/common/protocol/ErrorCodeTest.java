package dev.groundup.common.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class ErrorCodeTest {

  @Test
  void everyCodeOfTheProtocolIsThereWithItsWireSpelling() {
    // the table "Errors" of PROTOCOL.md, section 1
    assertThat(Arrays.stream(ErrorCode.values()).map(ErrorCode::wire))
        .containsExactlyInAnyOrder(
            "bad_json",
            "bad_request",
            "unknown_op",
            "too_long",
            "not_logged_in",
            "name_taken",
            "not_in_room",
            "room_full",
            "rate_limited",
            "unavailable",
            // groundup's extensions (docs/protocol.md): a join's game, and a game's own codes
            "wrong_game",
            "unknown_game",
            "refused");
  }

  @Test
  void specificSpellings() {
    assertThat(ErrorCode.BAD_JSON.wire()).isEqualTo("bad_json");
    assertThat(ErrorCode.NOT_LOGGED_IN.wire()).isEqualTo("not_logged_in");
    assertThat(ErrorCode.RATE_LIMITED.wire()).isEqualTo("rate_limited");
    assertThat(ErrorCode.UNAVAILABLE.wire()).isEqualTo("unavailable");
  }

  @ParameterizedTest
  @EnumSource(ErrorCode.class)
  void busCodesRoundTrip(ErrorCode code) {
    assertThat(ErrorCode.fromBusCode(code.busCode())).contains(code);
  }

  @Test
  void busCodesAreDistinctAndClearOfCommonCodes() {
    Set<Integer> seen = new HashSet<>();
    for (ErrorCode code : ErrorCode.values()) {
      assertThat(seen.add(code.busCode())).as("%s has its own bus code", code).isTrue();
      assertThat(code.busCode()).isGreaterThanOrEqualTo(1000);
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {0, -1, 1, 500, 3999, 4013, 4100, Integer.MAX_VALUE, Integer.MIN_VALUE})
  void unknownBusCodesGiveNothing(int code) {
    assertThat(ErrorCode.fromBusCode(code)).isEmpty();
  }

  @ParameterizedTest
  @EnumSource(value = ErrorCode.class, names = "REFUSED", mode = EnumSource.Mode.EXCLUDE)
  void aRecipientFailureWithABusCodeBecomesThatError(ErrorCode code) {
    GameException e =
        ShardClient.toGameException(
            new ReplyException(ReplyFailure.RECIPIENT_FAILURE, code.busCode(), "why"));
    assertThat(e.code()).isEqualTo(code);
    assertThat(e.getMessage()).isEqualTo("why");
  }

  @Test
  void everyOtherFailureIsUnavailable() {
    assertThat(
            ShardClient.toGameException(
                    new ReplyException(ReplyFailure.RECIPIENT_FAILURE, 42, "boom"))
                .code())
        .isEqualTo(ErrorCode.UNAVAILABLE);
    assertThat(
            ShardClient.toGameException(new ReplyException(ReplyFailure.TIMEOUT, -1, "t")).code())
        .isEqualTo(ErrorCode.UNAVAILABLE);
    assertThat(
            ShardClient.toGameException(new ReplyException(ReplyFailure.NO_HANDLERS, -1, "n"))
                .code())
        .isEqualTo(ErrorCode.UNAVAILABLE);
    assertThat(ShardClient.toGameException(new IllegalStateException("x")).code())
        .isEqualTo(ErrorCode.UNAVAILABLE);
  }

  @Test
  void aGameRefusalCrossesTheBusWithItsOwnCode() {
    GameException refused = GameException.refused("not_your_turn", "it is bob's turn");
    assertThat(refused.code()).isEqualTo(ErrorCode.REFUSED);
    assertThat(refused.wire()).isEqualTo("not_your_turn");
    GameException back =
        ShardClient.toGameException(
            new ReplyException(
                ReplyFailure.RECIPIENT_FAILURE,
                ErrorCode.REFUSED.busCode(),
                "not_your_turn it is bob's turn"));
    assertThat(back.code()).isEqualTo(ErrorCode.REFUSED);
    assertThat(back.wire()).isEqualTo("not_your_turn");
    assertThat(back.getMessage()).isEqualTo("it is bob's turn");
  }

  @Test
  void aGameRefusalWithAProtocolCodeIsThatCode() {
    GameException e = GameException.refused("bad_request", "col must be an integer");
    assertThat(e.code()).isEqualTo(ErrorCode.BAD_REQUEST);
    assertThat(e.wire()).isEqualTo("bad_request");
  }

  @Test
  void aGameExceptionPassesThrough() {
    GameException g = new GameException(ErrorCode.ROOM_FULL, "full");
    assertThat(ShardClient.toGameException(g)).isSameAs(g);
  }
}
