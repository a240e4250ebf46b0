package dev.groundup.common.protocol;

/**
 * A refusal with one of the protocol's error codes, raised inside a shard and turned into an
 * event-bus failure by the verticle that received the request.
 */
public final class GameException extends RuntimeException {

  private final ErrorCode code;

  public GameException(ErrorCode code, String message) {
    super(message, null, false, false);
    this.code = code;
  }

  public ErrorCode code() {
    return code;
  }
}
