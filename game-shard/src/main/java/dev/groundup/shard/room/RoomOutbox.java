package dev.groundup.shard.room;

import dev.groundup.common.protocol.ConnRef;

/** Where a room's events go: its members' connections, and its watchers. */
public interface RoomOutbox {

  /** One event line of {@code room} at its {@code tick}, for {@code targets}. */
  void push(Iterable<ConnRef> targets, String room, long tick, byte[] json);

  /** A copy of one event of {@code room} for whoever watches it. */
  void publish(String room, byte[] json);
}
