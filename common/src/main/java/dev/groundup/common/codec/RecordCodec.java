package dev.groundup.common.codec;

import io.vertx.core.buffer.Buffer;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Constructor;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.codec.digest.MurmurHash3;

/**
 * A compact binary encoding of records and enums, derived once per type from its record components.
 *
 * <p>A message starts with a 4-byte tag (MurmurHash3 of the class's binary name), then its
 * components in declaration order: {@code boolean} 1 byte, {@code int} 4, {@code long} 8, {@code
 * double} 8, strings and byte arrays as a 4-byte length ({@code -1} for null) and the bytes (UTF-8
 * for strings), enums as their ordinal in 2 bytes, lists as a 4-byte size and their elements,
 * nested records as a presence byte and their components. Nothing goes through Java serialization.
 *
 * <p>Wire compatibility between two builds of the cluster holds as long as a message keeps its
 * class name and components and enums only gain constants at the end; anything else is a new
 * message.
 */
final class RecordCodec {

  private final Map<Class<?>, Shape> byClass = new HashMap<>();
  private final Map<Integer, Shape> byTag = new HashMap<>();

  /** Registers every concrete record and enum below the given sealed interfaces. */
  RecordCodec(List<Class<?>> roots) {
    for (Class<?> root : roots) {
      collect(root);
    }
  }

  Iterable<Class<?>> types() {
    return Collections.unmodifiableSet(byClass.keySet());
  }

  boolean supports(Class<?> type) {
    return byClass.containsKey(type);
  }

  void encode(Object message, Buffer out) {
    Shape shape = byClass.get(message.getClass());
    if (shape == null) {
      throw new IllegalArgumentException(
          "Not a registered message type: " + message.getClass().getName());
    }
    out.appendInt(shape.tag);
    shape.write(out, message);
  }

  Object decode(Buffer in, int pos, int end) {
    Reader reader = new Reader(in, pos, end);
    int tag = reader.readInt();
    Shape shape = byTag.get(tag);
    if (shape == null) {
      throw new IllegalArgumentException("Unknown message tag " + tag);
    }
    Object value = shape.read(reader);
    if (reader.pos != end) {
      throw new IllegalArgumentException("Trailing bytes after " + shape.type.getName());
    }
    return value;
  }

  private void collect(Class<?> type) {
    if (type.isSealed()) {
      for (Class<?> sub : type.getPermittedSubclasses()) {
        collect(sub);
      }
      return;
    }
    if (!type.isRecord() && !type.isEnum()) {
      throw new IllegalArgumentException(type.getName() + " is neither a record nor an enum");
    }
    Shape shape = shapeOf(type);
    Shape clash = byTag.putIfAbsent(shape.tag, shape);
    if (clash != null && clash != shape) {
      throw new IllegalStateException(
          "Tag clash between " + clash.type.getName() + " and " + type.getName());
    }
    byClass.put(type, shape);
  }

  private final Map<Class<?>, Shape> shapes = new HashMap<>();

  private Shape shapeOf(Class<?> type) {
    Shape shape = shapes.get(type);
    if (shape == null) {
      shape = new Shape(type);
      shapes.put(type, shape);
      shape.init(this);
    }
    return shape;
  }

  private Field fieldFor(Type type) {
    if (type instanceof ParameterizedType p && p.getRawType() == List.class) {
      return new ListField(fieldFor(p.getActualTypeArguments()[0]));
    }
    if (!(type instanceof Class<?> c)) {
      throw new IllegalArgumentException("Unsupported component type " + type);
    }
    if (c == boolean.class || c == Boolean.class) {
      return BOOLEAN;
    } else if (c == int.class || c == Integer.class) {
      return INT;
    } else if (c == long.class || c == Long.class) {
      return LONG;
    } else if (c == double.class || c == Double.class) {
      return DOUBLE;
    } else if (c == String.class) {
      return STRING;
    } else if (c == byte[].class) {
      return BYTES;
    } else if (c.isEnum()) {
      return new EnumField(c.getEnumConstants());
    } else if (c.isRecord()) {
      Shape nested = shapeOf(c);
      return new NestedField(nested);
    }
    throw new IllegalArgumentException("Unsupported component type " + c.getName());
  }

  /** How one record or enum type is written and read. */
  private static final class Shape {
    final Class<?> type;
    final int tag;
    Object[] constants;
    MethodHandle[] getters;
    Field[] fields;
    MethodHandle constructor;

    Shape(Class<?> type) {
      this.type = type;
      byte[] name = type.getName().getBytes(StandardCharsets.UTF_8);
      this.tag = MurmurHash3.hash32x86(name, 0, name.length, 0);
    }

    void init(RecordCodec codec) {
      if (type.isEnum()) {
        constants = type.getEnumConstants();
        return;
      }
      try {
        MethodHandles.Lookup lookup = MethodHandles.publicLookup();
        RecordComponent[] components = type.getRecordComponents();
        getters = new MethodHandle[components.length];
        fields = new Field[components.length];
        Class<?>[] params = new Class<?>[components.length];
        for (int i = 0; i < components.length; i++) {
          getters[i] =
              lookup
                  .unreflect(components[i].getAccessor())
                  .asType(MethodType.methodType(Object.class, Object.class));
          fields[i] = codec.fieldFor(components[i].getGenericType());
          params[i] = components[i].getType();
        }
        Constructor<?> canonical = type.getDeclaredConstructor(params);
        constructor =
            lookup
                .unreflectConstructor(canonical)
                .asType(MethodType.methodType(Object.class, params).generic())
                .asSpreader(Object[].class, params.length);
      } catch (ReflectiveOperationException e) {
        throw new IllegalArgumentException("Cannot build a codec for " + type.getName(), e);
      }
    }

    void write(Buffer out, Object value) {
      if (constants != null) {
        out.appendShort((short) ((Enum<?>) value).ordinal());
        return;
      }
      try {
        for (int i = 0; i < fields.length; i++) {
          fields[i].write(out, getters[i].invokeExact(value));
        }
      } catch (RuntimeException | Error e) {
        throw e;
      } catch (Throwable t) {
        throw new IllegalStateException(t);
      }
    }

    Object read(Reader in) {
      if (constants != null) {
        int ordinal = in.readShort();
        if (ordinal < 0 || ordinal >= constants.length) {
          throw new IllegalArgumentException(
              "Unknown constant " + ordinal + " of " + type.getName());
        }
        return constants[ordinal];
      }
      Object[] args = new Object[fields.length];
      for (int i = 0; i < fields.length; i++) {
        args[i] = fields[i].read(in);
      }
      try {
        return constructor.invoke(args);
      } catch (RuntimeException | Error e) {
        throw e;
      } catch (Throwable t) {
        throw new IllegalStateException(t);
      }
    }
  }

  private interface Field {
    void write(Buffer out, Object value);

    Object read(Reader in);
  }

  private static final Field BOOLEAN =
      new Field() {
        public void write(Buffer out, Object v) {
          out.appendByte((byte) ((Boolean) v ? 1 : 0));
        }

        public Object read(Reader in) {
          return in.readByte() != 0;
        }
      };

  private static final Field INT =
      new Field() {
        public void write(Buffer out, Object v) {
          out.appendInt((Integer) v);
        }

        public Object read(Reader in) {
          return in.readInt();
        }
      };

  private static final Field LONG =
      new Field() {
        public void write(Buffer out, Object v) {
          out.appendLong((Long) v);
        }

        public Object read(Reader in) {
          return in.readLong();
        }
      };

  private static final Field DOUBLE =
      new Field() {
        public void write(Buffer out, Object v) {
          out.appendDouble((Double) v);
        }

        public Object read(Reader in) {
          return in.readDouble();
        }
      };

  private static final Field BYTES =
      new Field() {
        public void write(Buffer out, Object v) {
          if (v == null) {
            out.appendInt(-1);
          } else {
            byte[] bytes = (byte[]) v;
            out.appendInt(bytes.length).appendBytes(bytes);
          }
        }

        public Object read(Reader in) {
          int n = in.readInt();
          if (n < -1) {
            throw new IllegalArgumentException("Bad length " + n);
          }
          return n == -1 ? null : in.readBytes(n);
        }
      };

  private static final Field STRING =
      new Field() {
        public void write(Buffer out, Object v) {
          BYTES.write(out, v == null ? null : ((String) v).getBytes(StandardCharsets.UTF_8));
        }

        public Object read(Reader in) {
          byte[] bytes = (byte[]) BYTES.read(in);
          return bytes == null ? null : new String(bytes, StandardCharsets.UTF_8);
        }
      };

  private record EnumField(Object[] constants) implements Field {
    public void write(Buffer out, Object v) {
      out.appendShort(v == null ? -1 : (short) ((Enum<?>) v).ordinal());
    }

    public Object read(Reader in) {
      int ordinal = in.readShort();
      if (ordinal == -1) {
        return null;
      }
      if (ordinal < 0 || ordinal >= constants.length) {
        throw new IllegalArgumentException("Unknown enum constant " + ordinal);
      }
      return constants[ordinal];
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof EnumField e && Arrays.equals(constants, e.constants);
    }

    @Override
    public int hashCode() {
      return Arrays.hashCode(constants);
    }

    @Override
    public String toString() {
      return "EnumField" + Arrays.toString(constants);
    }
  }

  private record ListField(Field element) implements Field {
    public void write(Buffer out, Object v) {
      List<?> list = (List<?>) v;
      out.appendInt(list.size());
      for (Object e : list) {
        element.write(out, e);
      }
    }

    public Object read(Reader in) {
      int n = in.readInt();
      if (n < 0 || n > in.remaining()) {
        throw new IllegalArgumentException("Bad list size " + n);
      }
      List<Object> list = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        list.add(element.read(in));
      }
      return Collections.unmodifiableList(list);
    }
  }

  private record NestedField(Shape shape) implements Field {
    public void write(Buffer out, Object v) {
      if (v == null) {
        out.appendByte((byte) 0);
      } else {
        out.appendByte((byte) 1);
        shape.write(out, v);
      }
    }

    public Object read(Reader in) {
      return in.readByte() == 0 ? null : shape.read(in);
    }
  }

  /** A cursor over a buffer that never reads past {@code end}. */
  private static final class Reader {
    private final Buffer buffer;
    private int pos;
    private final int end;

    Reader(Buffer buffer, int pos, int end) {
      this.buffer = buffer;
      this.pos = pos;
      this.end = end;
    }

    int remaining() {
      return end - pos;
    }

    private int advance(int n) {
      if (n < 0 || n > end - pos) {
        throw new IllegalArgumentException("Message truncated");
      }
      int at = pos;
      pos += n;
      return at;
    }

    byte readByte() {
      return buffer.getByte(advance(1));
    }

    short readShort() {
      return buffer.getShort(advance(2));
    }

    int readInt() {
      return buffer.getInt(advance(4));
    }

    long readLong() {
      return buffer.getLong(advance(8));
    }

    double readDouble() {
      return buffer.getDouble(advance(8));
    }

    byte[] readBytes(int n) {
      int at = advance(n);
      return buffer.getBytes(at, at + n);
    }
  }
}
