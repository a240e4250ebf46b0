package dev.groundup.game;

import java.util.Map;
import java.util.OptionalLong;

/**
 * The fields of an input as the client sent them: a read-only view of its JSON object (so no JSON
 * library's types reach a game). Unknown fields are the game's to ignore.
 */
public interface Args {

  /** What a field holds. */
  enum Kind {
    MISSING,
    NULL,
    STRING,
    NUMBER,
    BOOLEAN,
    ARRAY,
    OBJECT
  }

  /** What {@code field} holds ({@link Kind#MISSING} when it is not there). */
  Kind kind(String field);

  /** The text of a string field; null when the field is missing, null or not a string. */
  String text(String field);

  /**
   * The value of a field that is an integral JSON number within the range of a {@code long}; empty
   * otherwise (missing, null, a fraction, out of range, another kind).
   */
  OptionalLong integer(String field);

  /** Whether a field is the JSON {@code true} ({@code false} for anything else). */
  boolean isTrue(String field);

  /**
   * Arguments from a map of field names to values ({@code String}, {@code Long}/{@code Integer},
   * {@code Boolean} or null), for tests and tools.
   */
  static Args of(Map<String, ?> fields) {
    return new MapArgs(fields);
  }
}
