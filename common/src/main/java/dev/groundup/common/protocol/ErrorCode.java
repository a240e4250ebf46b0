package dev.groundup.common.protocol;

import java.util.Optional;

/**
 * The error codes of PROTOCOL.md, with the name they have on the wire. Inside the cluster a
 * recipient fails a request with {@code message.fail(code.busCode(), text)}, and the gateway turns
 * it back into the code with {@link #fromBusCode(int)}.
 */
public enum ErrorCode {
  BAD_JSON("bad_json"),
  BAD_REQUEST("bad_request"),
  UNKNOWN_OP("unknown_op"),
  TOO_LONG("too_long"),
  NOT_LOGGED_IN("not_logged_in"),
  NAME_TAKEN("name_taken"),
  NOT_IN_ROOM("not_in_room"),
  ROOM_FULL("room_full"),
  RATE_LIMITED("rate_limited"),
  UNAVAILABLE("unavailable"),
  /** {@code join} with a game that differs from the game the room plays (a groundup extension). */
  WRONG_GAME("wrong_game"),
  /** {@code join} with a game the room's node does not offer (a groundup extension). */
  UNKNOWN_GAME("unknown_game"),
  /**
   * A refusal with a code of a game's own ({@code not_your_turn}, ...): the code travels beside it
   * ({@link GameException#wire()}); never written as {@code "refused"}.
   */
  REFUSED("refused");

  /** Event-bus failure codes start here, well away from codes Vert.x or others might use. */
  private static final int BUS_BASE = 4000;

  private final String wire;

  ErrorCode(String wire) {
    this.wire = wire;
  }

  /** The code as PROTOCOL.md spells it. */
  public String wire() {
    return wire;
  }

  /** The failure code used on the event bus. */
  public int busCode() {
    return BUS_BASE + ordinal();
  }

  public static Optional<ErrorCode> fromBusCode(int code) {
    int i = code - BUS_BASE;
    ErrorCode[] all = values();
    return i >= 0 && i < all.length ? Optional.of(all[i]) : Optional.empty();
  }
}
