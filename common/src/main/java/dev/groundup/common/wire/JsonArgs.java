package dev.groundup.common.wire;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.groundup.game.Args;
import dev.groundup.game.Refusal;
import java.io.IOException;
import java.util.OptionalLong;

/** A game's {@link Args} over the client's line as Jackson read it (a JSON object). */
public final class JsonArgs implements Args {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final JsonNode object;

  public JsonArgs(JsonNode object) {
    this.object = object;
  }

  /**
   * The arguments of an input from the client's line as the gateway forwarded it (checked there to
   * be one JSON object); a line that is not one is refused as {@code bad_json}-like {@code
   * bad_request}.
   */
  public static JsonArgs parse(byte[] line) {
    try {
      JsonNode root = JSON.readTree(line);
      if (root != null && root.isObject()) {
        return new JsonArgs(root);
      }
    } catch (IOException e) {
      // refused below
    }
    throw Refusal.badRequest("the input is not a JSON object");
  }

  @Override
  public Kind kind(String field) {
    JsonNode v = object.get(field);
    if (v == null || v.isMissingNode()) {
      return Kind.MISSING;
    }
    return switch (v.getNodeType()) {
      case NULL -> Kind.NULL;
      case STRING -> Kind.STRING;
      case NUMBER -> Kind.NUMBER;
      case BOOLEAN -> Kind.BOOLEAN;
      case ARRAY -> Kind.ARRAY;
      case OBJECT, POJO -> Kind.OBJECT;
      case BINARY, MISSING -> Kind.MISSING;
    };
  }

  @Override
  public String text(String field) {
    JsonNode v = object.get(field);
    return v != null && v.isTextual() ? v.textValue() : null;
  }

  @Override
  public OptionalLong integer(String field) {
    JsonNode v = object.get(field);
    return v != null && v.isIntegralNumber() && v.canConvertToLong()
        ? OptionalLong.of(v.longValue())
        : OptionalLong.empty();
  }

  @Override
  public boolean isTrue(String field) {
    JsonNode v = object.get(field);
    return v != null && v.isBoolean() && v.booleanValue();
  }

  @Override
  public String toString() {
    return "JsonArgs" + object;
  }
}
