package dev.groundup.common.wire;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.groundup.game.JsonOut;
import java.io.IOException;
import java.io.UncheckedIOException;

/** A game's {@link JsonOut} over the Jackson generator that writes the line a player receives. */
final class GeneratorOut implements JsonOut {

  private final JsonGenerator g;

  GeneratorOut(JsonGenerator g) {
    this.g = g;
  }

  @FunctionalInterface
  private interface Write {
    void run() throws IOException;
  }

  private JsonOut write(Write w) {
    try {
      w.run();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return this;
  }

  @Override
  public JsonOut name(String name) {
    return write(() -> g.writeFieldName(name));
  }

  @Override
  public JsonOut value(String value) {
    return write(() -> g.writeString(value));
  }

  @Override
  public JsonOut value(long value) {
    return write(() -> g.writeNumber(value));
  }

  @Override
  public JsonOut value(boolean value) {
    return write(() -> g.writeBoolean(value));
  }

  @Override
  public JsonOut nullValue() {
    return write(g::writeNull);
  }

  @Override
  public JsonOut startObject() {
    return write(g::writeStartObject);
  }

  @Override
  public JsonOut endObject() {
    return write(g::writeEndObject);
  }

  @Override
  public JsonOut startArray() {
    return write(g::writeStartArray);
  }

  @Override
  public JsonOut endArray() {
    return write(g::writeEndArray);
  }
}
