package dev.groundup.gateway.bridge;

import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetSocket;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import java.util.function.IntSupplier;
import java.util.function.Predicate;

/**
 * The front of one bridge connection: it reads the client's bytes before Vert.x's bridge does and
 * hands the bridge only whole frames it has checked, so the bridge's own parser never sees what it
 * handles badly (Vert.x 5.0.7: it trusts the 4-byte length, an unknown {@code type} wedges the
 * connection, malformed JSON gets no answer).
 *
 * <ul>
 *   <li>a length over {@code maxFrameBytes} (or negative) closes the connection after an {@code
 *       err} {@code frame_too_large}; nothing of the announced size is allocated (at most one frame
 *       plus one read is buffered);
 *   <li>malformed JSON, or JSON that is not an object: {@code err invalid_json};
 *   <li>a missing or unknown {@code type}: {@code err unknown_type};
 *   <li>a field of the wrong kind ({@code address}, {@code replyAddress}, {@code headers}): {@code
 *       err invalid_frame}; a missing address: {@code err missing_address};
 *   <li>what {@link BridgePolicy} does not permit: {@code err access_denied}; a second {@code
 *       register} of the same room on one connection: {@code err already_registered}; more than
 *       {@link BridgePolicy#MAX_ROOMS_PER_CONNECTION} rooms: {@code err too_many_registrations}.
 * </ul>
 *
 * After an {@code err} (but the first) the connection goes on reading frames. Runs on the
 * connection's event loop.
 */
final class FrameGuard implements Handler<Buffer> {

  private static final Set<String> TYPES =
      Set.of("send", "publish", "register", "unregister", "ping");

  private final NetSocket socket;
  private final Handler<Buffer> bridge;
  private final int maxFrameBytes;
  private final Predicate<String> watching;
  private final IntSupplier rooms;
  private Buffer pending = Buffer.buffer();
  private boolean closed;

  /**
   * @param socket the client's socket (for {@code err} frames and closing)
   * @param bridge Vert.x's bridge parser, fed whole checked frames
   * @param maxFrameBytes the longest frame payload accepted
   * @param watching whether this connection already watches a room
   * @param rooms how many rooms this connection watches
   */
  FrameGuard(
      NetSocket socket,
      Handler<Buffer> bridge,
      int maxFrameBytes,
      Predicate<String> watching,
      IntSupplier rooms) {
    this.socket = socket;
    this.bridge = bridge;
    this.maxFrameBytes = maxFrameBytes;
    this.watching = watching;
    this.rooms = rooms;
  }

  @Override
  public void handle(Buffer data) {
    if (closed) {
      return;
    }
    pending.appendBuffer(data);
    int offset = 0;
    while (pending.length() - offset >= 4) {
      int length = pending.getInt(offset);
      if (length < 0 || length > maxFrameBytes) {
        closed = true;
        pending = Buffer.buffer();
        err(socket, "frame_too_large");
        socket.close();
        return;
      }
      if (pending.length() - offset - 4 < length) {
        break;
      }
      Buffer frame = pending.getBuffer(offset, offset + 4 + length);
      offset += 4 + length;
      String denied = check(frame.getBuffer(4, frame.length()));
      if (denied == null) {
        bridge.handle(frame);
      } else {
        err(socket, denied);
      }
      if (closed) {
        return;
      }
    }
    pending = offset == 0 ? pending : pending.getBuffer(offset, pending.length());
  }

  /** Why the frame is refused, or null to pass it to the bridge. */
  private String check(Buffer payload) {
    Object decoded;
    try {
      decoded = Json.decodeValue(payload);
    } catch (DecodeException | IllegalArgumentException | ClassCastException e) {
      return "invalid_json";
    }
    if (!(decoded instanceof JsonObject msg)) {
      return "invalid_json";
    }
    if (!(msg.getValue("type") instanceof String type) || !TYPES.contains(type)) {
      return "unknown_type";
    }
    if (type.equals("ping")) {
      return null;
    }
    Object address = msg.getValue("address");
    if (address == null) {
      return "missing_address";
    }
    if (!(address instanceof String)
        || !(msg.getValue("replyAddress") == null || msg.getValue("replyAddress") instanceof String)
        || !validHeaders(msg.getValue("headers"))) {
      return "invalid_frame";
    }
    return switch (type) {
      case "send" ->
          BridgePolicy.SENDS.contains(address) && msg.getValue("replyAddress") != null
              ? null
              : "access_denied";
      case "register" -> {
        String room = BridgePolicy.room((String) address);
        if (room == null) {
          yield "access_denied";
        } else if (watching.test(room)) {
          yield "already_registered";
        } else if (rooms.getAsInt() >= BridgePolicy.MAX_ROOMS_PER_CONNECTION) {
          yield "too_many_registrations";
        }
        yield null;
      }
      case "unregister" -> BridgePolicy.room((String) address) == null ? "access_denied" : null;
      default -> "access_denied"; // publish
    };
  }

  /**
   * Headers are strings, but {@code timeout} (ms, 1 to 60 s); no {@code codecName}, no {@code
   * localOnly}.
   */
  private static boolean validHeaders(Object headers) {
    if (headers == null) {
      return true;
    }
    if (!(headers instanceof JsonObject h)) {
      return false;
    }
    for (Map.Entry<String, Object> e : h) {
      if (e.getKey().equals("timeout")) {
        if (!(e.getValue() instanceof Number n)
            || n.longValue() < 1
            || n.longValue() > BridgePolicy.MAX_TIMEOUT_MS) {
          return false;
        }
      } else if (e.getKey().equals("codecName")
          || e.getKey().equals("localOnly")
          || !(e.getValue() instanceof String)) {
        return false;
      }
    }
    return true;
  }

  /** Writes the bridge's {@code err} frame: {@code {"type":"err","message":M}}. */
  static void err(NetSocket socket, String message) {
    byte[] json =
        new JsonObject()
            .put("type", "err")
            .put("message", message)
            .encode()
            .getBytes(StandardCharsets.UTF_8);
    socket.write(Buffer.buffer(4 + json.length).appendInt(json.length).appendBytes(json));
  }
}
