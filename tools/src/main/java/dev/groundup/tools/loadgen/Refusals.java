package dev.groundup.tools.loadgen;

import java.net.ConnectException;

/**
 * What to tell a person when the server will not let a connection in: the server's words and, where
 * we know one, the likely cause and the way out.
 */
final class Refusals {

  private Refusals() {}

  static String connect(String host, int port, String source, Throwable failure) {
    boolean refused =
        failure instanceof ConnectException
            && String.valueOf(failure.getMessage()).contains("refused");
    return "cannot connect to "
        + host
        + ":"
        + port
        + (source == null ? "" : " from " + source)
        + ": "
        + failure.getMessage()
        + (refused ? " (is the server running and listening there?)" : "");
  }

  static String bye(String player, String reason) {
    String hint =
        switch (String.valueOf(reason)) {
          case "abuse" -> ": the server counted too many errors from this connection";
          case "shutdown" -> ": the server is shutting down";
          case "busy" -> ": the server refuses more connections";
          case "idle" -> ": the connection was silent for longer than the server's idle limit";
          default -> "";
        };
    return "the server said bye (" + reason + ") to " + player + " during setup" + hint;
  }

  /** {@code what} refused with an error {@code code}. */
  static String error(String what, String code, String msg) {
    String hint =
        switch (String.valueOf(code)) {
          case "name_taken" ->
              "; player names persist on the server: use another --prefix (or leave it out for a "
                  + "random one)";
          case "room_full" -> "; use more --rooms (a room holds 64 players by default)";
          case "rate_limited" -> "; the server limits messages per connection";
          case "unavailable" ->
              "; the server cannot reach the owner of the player or room right now";
          default -> "";
        };
    return what + " refused: " + code + " (" + msg + ")" + hint;
  }
}
