package dev.groundup.gateway;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.groundup.common.games.GameCatalog;
import dev.groundup.common.protocol.ErrorCode;
import dev.groundup.common.wire.JsonArgs;
import dev.groundup.game.Game;
import dev.groundup.game.Refusal;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;

/**
 * Turns one line from a client into a {@link ClientOp} or an {@link Invalid} with the error code of
 * PROTOCOL.md. Pure: no Vert.x, no state but the games it knows; never throws on any input.
 *
 * <ul>
 *   <li>{@code bad_json}: not UTF-8 JSON, not a single object, trailing content, or a key given
 *       twice;
 *   <li>{@code bad_request}: {@code op} missing or not a string, {@code id} neither number nor
 *       string, a field missing, of the wrong type or out of range;
 *   <li>{@code unknown_op}: {@code op} is a string but neither one of the engine's operations nor
 *       an input of any game on the classpath ({@link GameCatalog}).
 * </ul>
 *
 * <p>An input of a game ({@link ClientOp.Input}) is checked here by the games that take it ({@link
 * Game#check}): the gateway reads none of a game's fields itself, but a malformed input is refused
 * before it crosses the cluster, with the same precedence as the engine's own operations (a
 * malformed line is {@code bad_request} whether or not the player is logged in or in a room).
 *
 * <p>Unknown fields are ignored. The {@code id} is kept exactly as sent (numbers as exact decimals)
 * so the answer can echo it.
 */
final class ClientCodec {

  /** What a line decodes to. */
  sealed interface Decoded permits ClientOp, Invalid {}

  /** A line that is not a valid operation; {@code id} is echoed when the line had a usable one. */
  record Invalid(ErrorCode code, String message, JsonNode id) implements Decoded {}

  static final int MAX_NAME = 32;
  static final int MAX_TEXT = 256;
  static final int DEFAULT_TOP = 10;
  static final int MAX_TOP = 100;

  private static final ObjectMapper JSON =
      JsonMapper.builder()
          .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
          .disable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
          .nodeFactory(JsonNodeFactory.withExactBigDecimals(true))
          .build();

  static {
    JSON.getFactory()
        .setStreamReadConstraints(
            StreamReadConstraints.builder().maxNestingDepth(64).maxNumberLength(100).build());
  }

  private final GameCatalog games;

  /** A codec for the engine's operations and the inputs of {@code games}. */
  ClientCodec(GameCatalog games) {
    this.games = games;
  }

  Decoded decode(byte[] line, int length) {
    if (!looksLikeUtf8(line, length)) {
      return invalid(ErrorCode.BAD_JSON, "not UTF-8", null);
    }
    JsonNode root;
    try (JsonParser parser = JSON.createParser(line, 0, length)) {
      root = JSON.readTree(parser);
    } catch (JsonProcessingException e) {
      return invalid(ErrorCode.BAD_JSON, "not valid JSON: " + e.getOriginalMessage(), null);
    } catch (IOException | RuntimeException e) {
      return invalid(ErrorCode.BAD_JSON, "not valid JSON", null);
    }
    if (root == null || !root.isObject()) {
      return invalid(ErrorCode.BAD_JSON, "the line is not a JSON object", null);
    }
    JsonNode id = root.get("id");
    if (id != null && !id.isNumber() && !id.isTextual()) {
      return invalid(ErrorCode.BAD_REQUEST, "id must be a number or a string", null);
    }
    JsonNode op = root.get("op");
    if (op == null) {
      return invalid(ErrorCode.BAD_REQUEST, "missing field op", id);
    }
    if (!op.isTextual()) {
      return invalid(ErrorCode.BAD_REQUEST, "op must be a string", id);
    }
    try {
      return switch (op.textValue()) {
        case "login" -> new ClientOp.Login(id, name(root, "name"), optionalString(root, "token"));
        case "join" -> new ClientOp.Join(id, name(root, "room"), game(root));
        case "say" -> new ClientOp.Say(id, text(root));
        case "leave" -> new ClientOp.Leave(id);
        case "ping" -> new ClientOp.Ping(id);
        case "top" -> new ClientOp.Top(id, top(root));
        case "quit" -> new ClientOp.Quit(id);
        default -> input(op.textValue(), root, line, length, id);
      };
    } catch (BadField e) {
      return invalid(ErrorCode.BAD_REQUEST, e.getMessage(), id);
    }
  }

  /**
   * An operation the engine does not own: an input of the games that take it, if one of them finds
   * its arguments well-formed.
   */
  private Decoded input(String op, JsonNode root, byte[] line, int length, JsonNode id) {
    List<Game> takers = games.declaring(op);
    if (takers.isEmpty()) {
      return invalid(ErrorCode.UNKNOWN_OP, "unknown op '" + shorten(op) + "'", id);
    }
    JsonArgs args = new JsonArgs(root);
    Refusal first = null;
    for (Game game : takers) {
      Refusal refusal = game.check(op, args);
      if (refusal == null) {
        return new ClientOp.Input(id, op, Arrays.copyOf(line, length));
      }
      first = first == null ? refusal : first;
    }
    ErrorCode code =
        first.code().equals(Refusal.UNKNOWN_OP) ? ErrorCode.UNKNOWN_OP : ErrorCode.BAD_REQUEST;
    return invalid(code, first.getMessage(), id);
  }

  /**
   * Jackson guesses UTF-16 and UTF-32 from zero bytes or a byte-order mark at the start; the wire
   * is UTF-8 only, where neither can begin a JSON text.
   */
  private static boolean looksLikeUtf8(byte[] line, int length) {
    if (length >= 2
        && ((line[0] == (byte) 0xFE && line[1] == (byte) 0xFF)
            || (line[0] == (byte) 0xFF && line[1] == (byte) 0xFE))) {
      return false;
    }
    for (int i = 0; i < Math.min(4, length); i++) {
      if (line[i] == 0) {
        return false;
      }
    }
    return true;
  }

  private static Invalid invalid(ErrorCode code, String message, JsonNode id) {
    return new Invalid(code, message, id);
  }

  private static String name(JsonNode root, String field) {
    JsonNode v = root.get(field);
    if (v == null || v.isNull()) {
      throw new BadField("missing field " + field);
    }
    if (!v.isTextual() || !isName(v.textValue())) {
      throw new BadField(field + " must be 1-" + MAX_NAME + " of A-Z a-z 0-9 _ -");
    }
    return v.textValue();
  }

  /**
   * Whether {@code s} is 1 to {@link #MAX_NAME} of {@code A-Z a-z 0-9 _ -} (a loop: no regex per
   * line).
   */
  static boolean isName(String s) {
    int n = s.length();
    if (n < 1 || n > MAX_NAME) {
      return false;
    }
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      if (!((c >= 'a' && c <= 'z')
          || (c >= 'A' && c <= 'Z')
          || (c >= '0' && c <= '9')
          || c == '_'
          || c == '-')) {
        return false;
      }
    }
    return true;
  }

  private static String optionalString(JsonNode root, String field) {
    JsonNode v = root.get(field);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isTextual()) {
      throw new BadField(field + " must be a string");
    }
    return v.textValue();
  }

  /** The optional {@code game} of a join: 1 to 32 of {@code a-z 0-9 _ -}. */
  private static String game(JsonNode root) {
    JsonNode v = root.get("game");
    if (v == null || v.isNull()) {
      return null;
    }
    String game = v.isTextual() ? v.textValue() : "";
    boolean ok = !game.isEmpty() && game.length() <= MAX_NAME;
    for (int i = 0; ok && i < game.length(); i++) {
      char c = game.charAt(i);
      ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
    }
    if (!ok) {
      throw new BadField("game must be 1-" + MAX_NAME + " of a-z 0-9 _ -");
    }
    return game;
  }

  private static String text(JsonNode root) {
    JsonNode v = root.get("text");
    if (v == null || v.isNull()) {
      throw new BadField("missing field text");
    }
    if (!v.isTextual()) {
      throw new BadField("text must be a string");
    }
    String text = v.textValue();
    int characters = text.codePointCount(0, text.length());
    if (characters < 1 || characters > MAX_TEXT) {
      throw new BadField("text must be 1-" + MAX_TEXT + " characters");
    }
    return text;
  }

  private static int top(JsonNode root) {
    JsonNode v = root.get("n");
    if (v == null || v.isNull()) {
      return DEFAULT_TOP;
    }
    if (!v.isIntegralNumber()
        || !v.canConvertToInt()
        || v.intValue() < 1
        || v.intValue() > MAX_TOP) {
      throw new BadField("n must be an integer from 1 to " + MAX_TOP);
    }
    return v.intValue();
  }

  private static String shorten(String s) {
    return s.length() <= 32 ? s : s.substring(0, 32) + "...";
  }

  /** A field that is missing or wrong; becomes {@code bad_request}. */
  private static final class BadField extends RuntimeException {
    BadField(String message) {
      super(message, null, false, false);
    }
  }
}
