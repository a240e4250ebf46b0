package dev.groundup.tools.cli;

/**
 * A failure the CLI reports as one line on stderr, with its exit status (1 server or bridge, 2
 * usage).
 */
public final class CliException extends RuntimeException {
  private final int status;

  public CliException(String message) {
    this(message, 1);
  }

  public CliException(String message, int status) {
    super(message);
    this.status = status;
  }

  public int status() {
    return status;
  }
}
