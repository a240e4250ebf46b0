package dev.groundup.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import dev.groundup.common.protocol.Dir;

/**
 * A valid client operation of PROTOCOL.md section 1, decoded and checked by {@link ClientCodec}.
 * {@code id} is the client's {@code "id"} as sent (a JSON number or string), or null.
 */
sealed interface ClientOp extends ClientCodec.Decoded {

  JsonNode id();

  record Login(JsonNode id, String name, String token) implements ClientOp {}

  record Join(JsonNode id, String room) implements ClientOp {}

  record Move(JsonNode id, Dir dir) implements ClientOp {}

  record Say(JsonNode id, String text) implements ClientOp {}

  record Leave(JsonNode id) implements ClientOp {}

  record Ping(JsonNode id) implements ClientOp {}

  record Top(JsonNode id, int n) implements ClientOp {}

  record Quit(JsonNode id) implements ClientOp {}
}
