package dev.groundup.tools.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;

/** Turns the bridge's {@code err} frames into sentences. */
final class Errors {

  private Errors() {}

  /**
   * What an {@code err} frame means for a frame the CLI sent to {@code address}: the short form
   * ({@code message} alone: {@code access_denied}, ...) or the reply-failure form ({@code
   * failureCode}, {@code failureType}, {@code message}).
   */
  static String describe(JsonNode err, String address, Duration timeout) {
    String message = err.path("message").asText("");
    if (err.has("failureType") || err.has("failureCode")) {
      String type = err.path("failureType").asText("");
      return switch (type) {
        case "NO_HANDLERS" -> "nothing on the cluster answers " + address + " (no handlers)";
        case "TIMEOUT" ->
            "no reply from " + address + " within " + timeout.toMillis() + " ms (timeout)";
        default ->
            address
                + " failed: "
                + (message.isEmpty() ? "no message" : message)
                + " ("
                + (type.isEmpty() ? "" : type + ", ")
                + "code "
                + err.path("failureCode").asText("?")
                + ")";
      };
    }
    return switch (message) {
      case "access_denied" -> "the bridge does not allow " + address;
      case "unknown_address" -> "the bridge knows no address " + address;
      case "missing_address" -> "the bridge says the address is missing";
      case "too_many_connections" ->
          "the bridge refuses more connections from this address (too_many_connections): "
              + "close other cli sessions or bridge clients";
      case "frame_too_large" -> "the bridge refused a frame as too large (frame_too_large)";
      case "unknown_type", "invalid_json" ->
          "the bridge did not understand a frame (" + message + ")";
      case "" -> "the bridge answered with an error: " + err;
      default -> "the bridge answered with an error: " + message;
    };
  }
}
