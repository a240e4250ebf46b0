package dev.groundup.game;

import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/** {@link Args} over a map: {@link Args#of}. */
final class MapArgs implements Args {

  private final Map<String, Object> fields;

  MapArgs(Map<String, ?> fields) {
    this.fields = Collections.unmodifiableMap(new HashMap<>(fields));
  }

  @Override
  public Kind kind(String field) {
    if (!fields.containsKey(field)) {
      return Kind.MISSING;
    }
    return switch (fields.get(field)) {
      case null -> Kind.NULL;
      case String s -> Kind.STRING;
      case Number n -> Kind.NUMBER;
      case Boolean b -> Kind.BOOLEAN;
      case List<?> l -> Kind.ARRAY;
      case Map<?, ?> m -> Kind.OBJECT;
      default -> throw new IllegalArgumentException("not a JSON value: " + fields.get(field));
    };
  }

  @Override
  public String text(String field) {
    return fields.get(field) instanceof String s ? s : null;
  }

  @Override
  public OptionalLong integer(String field) {
    return switch (fields.get(field)) {
      case Long l -> OptionalLong.of(l);
      case Integer i -> OptionalLong.of(i);
      case Short s -> OptionalLong.of(s);
      case Byte b -> OptionalLong.of(b);
      case null, default -> OptionalLong.empty();
    };
  }

  @Override
  public boolean isTrue(String field) {
    return Boolean.TRUE.equals(fields.get(field));
  }

  @Override
  public String toString() {
    return "Args" + fields;
  }
}
