package dev.groundup.game;

/**
 * Where a room writes the JSON fields of what it shows, in order, as a streaming writer does (the
 * engine's writes straight into the line a player receives). Between {@link #startObject()} and
 * {@link #endObject()} names and values alternate; a room writes the fields of an event, so it
 * starts with a {@link #name}. Strings are escaped by the writer.
 */
public interface JsonOut {

  JsonOut name(String name);

  JsonOut value(String value);

  JsonOut value(long value);

  JsonOut value(boolean value);

  JsonOut nullValue();

  JsonOut startObject();

  JsonOut endObject();

  JsonOut startArray();

  JsonOut endArray();

  /** {@code "name":value}; a null {@code value} is written as {@code null}. */
  default JsonOut field(String name, String value) {
    return value == null ? name(name).nullValue() : name(name).value(value);
  }

  default JsonOut field(String name, long value) {
    return name(name).value(value);
  }

  default JsonOut field(String name, boolean value) {
    return name(name).value(value);
  }
}
