package dev.groundup.gateway;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A valid client operation of PROTOCOL.md section 1, decoded and checked by {@link ClientCodec}.
 * {@code id} is the client's {@code "id"} as sent (a JSON number or string), or null.
 */
sealed interface ClientOp extends ClientCodec.Decoded {

  JsonNode id();

  record Login(JsonNode id, String name, String token) implements ClientOp {}

  /** {@code game}: the game asked for, or null for whatever the room plays. */
  record Join(JsonNode id, String room, String game) implements ClientOp {}

  /**
   * An input of a game: an operation the engine does not own but a game does ({@code move}, {@code
   * drop}, ...), checked by that game at the edge, forwarded to the room as the client's {@code
   * line}.
   */
  record Input(JsonNode id, String op, byte[] line) implements ClientOp {}

  record Say(JsonNode id, String text) implements ClientOp {}

  record Leave(JsonNode id) implements ClientOp {}

  record Ping(JsonNode id) implements ClientOp {}

  record Top(JsonNode id, int n) implements ClientOp {}

  record Quit(JsonNode id) implements ClientOp {}
}
