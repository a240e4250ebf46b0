package dev.groundup.game;

import java.util.regex.Pattern;

/**
 * A room's or a game's refusal of a join or an input, with an error code the client gets as {@code
 * {"ev":"error","code":CODE,"msg":MESSAGE}}. Nothing changed. Codes are the game's own (e.g. {@code
 * not_your_turn}), documented with the game, or the protocol's {@link #BAD_REQUEST} and {@link
 * #UNKNOWN_OP}.
 */
public final class Refusal extends RuntimeException {

  /** A field is missing, of the wrong type, or out of range. */
  public static final String BAD_REQUEST = "bad_request";

  /** The room's game has no such operation. */
  public static final String UNKNOWN_OP = "unknown_op";

  private static final Pattern CODE = Pattern.compile("[a-z][a-z0-9_]{0,31}");

  private final String code;

  /** {@code code}: 1 to 32 of {@code a-z 0-9 _}, starting with a letter. */
  public Refusal(String code, String message) {
    super(message, null, false, false);
    if (code == null || !CODE.matcher(code).matches()) {
      throw new IllegalArgumentException("a refusal's code is 1-32 of a-z 0-9 _: " + code);
    }
    this.code = code;
  }

  public static Refusal badRequest(String message) {
    return new Refusal(BAD_REQUEST, message);
  }

  /** The room's game does not know {@code op}. */
  public static Refusal unknownOp(String op) {
    return new Refusal(
        UNKNOWN_OP, "unknown op '" + (op.length() <= 32 ? op : op.substring(0, 32) + "...") + "'");
  }

  public String code() {
    return code;
  }
}
