package dev.groundup.common.codec;

import dev.groundup.common.protocol.GatewayProtocol;
import dev.groundup.common.protocol.RoomProtocol;
import dev.groundup.common.protocol.ShardProtocol;
import dev.groundup.common.registry.RegistryProtocol;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.MessageCodec;
import java.util.List;

/**
 * The one event-bus codec of the system: every {@link WireMessage} crosses the cluster through it,
 * encoded by {@link RecordCodec} behind a 4-byte length. Installed once per {@code Vertx} by {@link
 * #install(EventBus)}, which also makes the event bus refuse Java serialization.
 *
 * <p>Local delivery skips encoding ({@link #transform} returns the message itself: records are
 * immutable), so the codec has round-trip unit tests of its own.
 */
public final class WireCodec implements MessageCodec<WireMessage, WireMessage> {

  public static final String NAME = "groundup";

  /** The sealed protocol roots whose messages this codec carries. */
  static final List<Class<?>> PROTOCOLS =
      List.of(
          ShardProtocol.class, RoomProtocol.class, GatewayProtocol.class, RegistryProtocol.class);

  private final RecordCodec records = new RecordCodec(PROTOCOLS);

  /**
   * Registers the codec, selects it for every {@link WireMessage}, and refuses Java serialization.
   */
  public static void install(EventBus bus) {
    bus.registerCodec(new WireCodec());
    bus.codecSelector(body -> body instanceof WireMessage ? NAME : null);
    bus.clusterSerializableChecker(className -> false);
    bus.serializableChecker(className -> false);
  }

  @Override
  public void encodeToWire(Buffer buffer, WireMessage message) {
    int lengthAt = buffer.length();
    buffer.appendInt(0);
    records.encode(message, buffer);
    buffer.setInt(lengthAt, buffer.length() - lengthAt - 4);
  }

  @Override
  public WireMessage decodeFromWire(int pos, Buffer buffer) {
    int length = buffer.getInt(pos);
    int start = pos + 4;
    if (length < 4 || length > buffer.length() - start) {
      throw new IllegalArgumentException("Bad message length " + length);
    }
    return (WireMessage) records.decode(buffer, start, start + length);
  }

  /** Encodes one message on its own, as the cluster would. */
  public Buffer encode(WireMessage message) {
    Buffer buffer = Buffer.buffer();
    encodeToWire(buffer, message);
    return buffer;
  }

  /** Decodes what {@link #encode} wrote. */
  public WireMessage decode(Buffer buffer) {
    return decodeFromWire(0, buffer);
  }

  /** Every message type the codec carries, for tests. */
  public Iterable<Class<?>> messageTypes() {
    return records.types();
  }

  @Override
  public WireMessage transform(WireMessage message) {
    return message;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public byte systemCodecID() {
    return -1;
  }
}
