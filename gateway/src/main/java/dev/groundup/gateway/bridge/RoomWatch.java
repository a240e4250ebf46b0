package dev.groundup.gateway.bridge;

/**
 * What the debugging bridge tells the system about the rooms its clients watch, so that a room's
 * shard sends a copy of every event its members get to {@code groundup.room.<room>} while somebody
 * on the bridge listens there (and nothing while nobody does).
 *
 * <p>The bridge counts: it calls {@link #watch} when the <em>first</em> of its connections
 * registers on {@code groundup.room.<room>} and {@link #unwatch} when the <em>last</em> of them
 * stops listening there (an {@code unregister} frame, or the socket closing for any reason: client
 * close, idle timeout, a limit, the bridge stopping). So for one room, calls alternate strictly
 * {@code watch, unwatch, watch, ...}, starting with {@code watch}; the implementation need not
 * count bridge clients itself. The counts are per bridge (per gateway node): several gateways may
 * watch the same room at once, each with its own {@code RoomWatch} — combining them, and renewing a
 * watch when the room's shard moves or restarts, is the implementation's business.
 *
 * <p>Both methods are called on the bridge verticle's event loop with a room name that matches the
 * player protocol's room charset ({@code [A-Za-z0-9_-]{1,32}}); they must not block and must not
 * throw.
 */
public interface RoomWatch {

  /** Somebody on this bridge started watching {@code room} (the first one). */
  void watch(String room);

  /** Nobody on this bridge watches {@code room} any more (the last one left). */
  void unwatch(String room);

  /** Watches nothing: for a bridge without room events. */
  RoomWatch NONE =
      new RoomWatch() {
        @Override
        public void watch(String room) {}

        @Override
        public void unwatch(String room) {}
      };
}
