package dev.groundup.tools.loadgen;

/**
 * A run that cannot go on, with a message for the person who started it (no stack trace needed).
 */
public final class LoadgenException extends RuntimeException {

  public LoadgenException(String message) {
    super(message);
  }

  public LoadgenException(String message, Throwable cause) {
    super(message, cause);
  }
}
