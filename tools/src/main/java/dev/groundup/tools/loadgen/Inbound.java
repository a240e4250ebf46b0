package dev.groundup.tools.loadgen;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.Set;

/**
 * The parts of one server line the load generator looks at: {@code ev}, the {@code id} (a number we
 * sent, or one of our setup strings), and {@code code}/{@code msg}/{@code reason}. It reads with
 * Jackson's streaming parser and stops as soon as it knows a line is a room broadcast ({@code
 * state}, {@code enter}, {@code exit}, {@code said}), which carries no id: a move run receives far
 * more of those than answers, and they are only counted.
 *
 * @param ev the event, or {@code null} when the line is not a JSON object with a string {@code ev}
 * @param id the numeric id, or {@link #NO_ID} (our ids are never negative)
 * @param textId a string id, or {@code null}
 * @param op the {@code op} of a line we sent that came back from an echo server, or {@code null}
 */
record Inbound(
    String ev, long id, String textId, String code, String msg, String reason, String op) {

  static final long NO_ID = -1;
  private static final JsonFactory JSON = new JsonFactory();
  private static final Set<String> BROADCASTS = Set.of("state", "enter", "exit", "said");
  private static final Inbound INVALID = new Inbound(null, NO_ID, null, null, null, null, null);

  /** A server event, or (from an echo server) one of our requests come back. */
  boolean valid() {
    return ev != null || op != null;
  }

  static Inbound parse(byte[] line, int offset, int length) {
    try (JsonParser p = JSON.createParser(line, offset, length)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        return INVALID;
      }
      String ev = null;
      long id = NO_ID;
      String textId = null;
      String code = null;
      String msg = null;
      String reason = null;
      String op = null;
      JsonToken t;
      while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
        String field = p.currentName();
        JsonToken value = p.nextToken();
        switch (field) {
          case "ev" -> {
            ev = value == JsonToken.VALUE_STRING ? p.getText() : null;
            if (ev != null && BROADCASTS.contains(ev)) {
              return new Inbound(ev, NO_ID, null, null, null, null, null);
            }
          }
          case "id" -> {
            if (value == JsonToken.VALUE_NUMBER_INT
                && p.getNumberType() != JsonParser.NumberType.BIG_INTEGER) {
              id = Math.max(NO_ID, p.getLongValue());
            } else if (value == JsonToken.VALUE_STRING) {
              textId = p.getText();
            } else {
              p.skipChildren();
            }
          }
          case "code" -> code = text(p, value);
          case "msg" -> msg = text(p, value);
          case "reason" -> reason = text(p, value);
          case "op" -> op = text(p, value);
          default -> p.skipChildren();
        }
      }
      if (t != JsonToken.END_OBJECT || (ev == null && op == null)) {
        return INVALID;
      }
      return new Inbound(ev, id, textId, code, msg, reason, op);
    } catch (IOException e) {
      return INVALID;
    }
  }

  static Inbound parse(byte[] line) {
    return parse(line, 0, line.length);
  }

  private static String text(JsonParser p, JsonToken value) throws IOException {
    if (value == JsonToken.VALUE_STRING) {
      return p.getText();
    }
    p.skipChildren();
    return null;
  }
}
