package dev.groundup.game.testing;

import dev.groundup.game.JsonOut;
import java.util.ArrayDeque;
import java.util.function.Consumer;

/**
 * A {@link JsonOut} that writes into a string: what a room's fields look like on the wire. {@link
 * #fields} wraps the fields a room writes in braces, e.g. {@code {"players":[...],"coins":[...]}}.
 */
public final class JsonText implements JsonOut {

  private final StringBuilder out = new StringBuilder();

  /** For each open object or array: whether a value was written in it yet. */
  private final ArrayDeque<boolean[]> open = new ArrayDeque<>();

  private boolean afterName;

  /** The fields {@code writer} writes, as one JSON object. */
  public static String fields(Consumer<JsonOut> writer) {
    JsonText text = new JsonText();
    text.startObject();
    writer.accept(text);
    text.endObject();
    return text.toString();
  }

  @Override
  public JsonOut name(String name) {
    separate();
    quote(name);
    out.append(':');
    afterName = true;
    return this;
  }

  @Override
  public JsonOut value(String value) {
    if (value == null) {
      return nullValue();
    }
    separate();
    quote(value);
    return this;
  }

  @Override
  public JsonOut value(long value) {
    separate();
    out.append(value);
    return this;
  }

  @Override
  public JsonOut value(boolean value) {
    separate();
    out.append(value);
    return this;
  }

  @Override
  public JsonOut nullValue() {
    separate();
    out.append("null");
    return this;
  }

  @Override
  public JsonOut startObject() {
    separate();
    out.append('{');
    open.push(new boolean[1]);
    return this;
  }

  @Override
  public JsonOut endObject() {
    open.pop();
    out.append('}');
    return this;
  }

  @Override
  public JsonOut startArray() {
    separate();
    out.append('[');
    open.push(new boolean[1]);
    return this;
  }

  @Override
  public JsonOut endArray() {
    open.pop();
    out.append(']');
    return this;
  }

  /**
   * A comma before every value of an array or field of an object but the first; none after a name.
   */
  private void separate() {
    if (afterName) {
      afterName = false;
      return;
    }
    boolean[] current = open.peek();
    if (current != null) {
      if (current[0]) {
        out.append(',');
      }
      current[0] = true;
    }
  }

  private void quote(String s) {
    out.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    out.append('"');
  }

  @Override
  public String toString() {
    return out.toString();
  }
}
