package dev.groundup.gateway.bridge;

import dev.groundup.common.Addresses;
import io.vertx.ext.bridge.BridgeOptions;
import io.vertx.ext.bridge.PermittedOptions;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a debugging-bridge client may do (docs/protocol.md, "Debugging bridge"), deny by default:
 * {@code send} with a reply address to the registry's three query addresses and the cluster status;
 * {@code register}/{@code unregister} on {@code groundup.room.<room>}. Nothing else: no {@code
 * publish}, no internal address ({@code groundup.shard.*}, {@code groundup.gateway.*}, {@code
 * groundup.player.*}, ...), no {@code __vertx.*}.
 *
 * <p>Checked twice: by {@link FrameGuard} in front of the bridge (which also checks what Vert.x's
 * bridge does not: the frame type, the reply address, the field types, the headers) and by the
 * bridge itself through {@link #options()}.
 */
public final class BridgePolicy {

  /** The prefix of the room watch addresses ({@link Addresses#roomWatch}). */
  public static final String ROOM_PREFIX = Addresses.roomWatch("");

  /** The player protocol's room name charset. */
  public static final String ROOM_NAME = "[A-Za-z0-9_-]{1,32}";

  /** Rooms one connection may watch at once. */
  public static final int MAX_ROOMS_PER_CONNECTION = 64;

  /** Longest request timeout ({@code headers.timeout}, ms) a client may ask for. */
  public static final long MAX_TIMEOUT_MS = 60_000;

  /** Addresses a client may {@code send} to, with a reply address. */
  public static final Set<String> SENDS =
      Set.of(
          Addresses.REGISTRY_WHEREIS,
          Addresses.REGISTRY_NAMES,
          Addresses.REGISTRY_MEMBERS,
          Addresses.CLUSTER_STATUS);

  private static final Pattern ROOM =
      Pattern.compile(Pattern.quote(ROOM_PREFIX) + "(" + ROOM_NAME + ")");

  private BridgePolicy() {}

  /** The room of a watch address, or null if {@code address} is none. */
  public static String room(String address) {
    if (address == null) {
      return null;
    }
    Matcher m = ROOM.matcher(address);
    return m.matches() ? m.group(1) : null;
  }

  /**
   * The same rules for Vert.x's bridge: its inbound (client to bus) and outbound (register)
   * permissions.
   */
  public static BridgeOptions options() {
    BridgeOptions options = new BridgeOptions();
    SENDS.stream()
        .sorted()
        .forEach(a -> options.addInboundPermitted(new PermittedOptions().setAddress(a)));
    options.addOutboundPermitted(new PermittedOptions().setAddressRegex(ROOM.pattern()));
    return options;
  }
}
