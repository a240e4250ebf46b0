package dev.groundup.common.protocol;

import java.util.Arrays;

/**
 * A refusal with one of the protocol's error codes, or with a code of a game's own, raised inside a
 * shard and turned into an event-bus failure by the verticle that received the request.
 */
public final class GameException extends RuntimeException {

  private final ErrorCode code;
  private final String wire;

  public GameException(ErrorCode code, String message) {
    this(code, code.wire(), message);
  }

  private GameException(ErrorCode code, String wire, String message) {
    super(message, null, false, false);
    this.code = code;
    this.wire = wire;
  }

  /**
   * A game's refusal with its code: one of the protocol's own codes ({@code bad_request}, ...) is
   * that code; any other is {@link ErrorCode#REFUSED} with the game's code on the wire.
   */
  public static GameException refused(String wire, String message) {
    return Arrays.stream(ErrorCode.values())
        .filter(c -> c != ErrorCode.REFUSED && c.wire().equals(wire))
        .findFirst()
        .map(c -> new GameException(c, message))
        .orElseGet(() -> new GameException(ErrorCode.REFUSED, wire, message));
  }

  public ErrorCode code() {
    return code;
  }

  /** The code as the client sees it: the protocol's, or the game's own. */
  public String wire() {
    return wire;
  }
}
