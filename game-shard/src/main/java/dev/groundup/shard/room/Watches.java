package dev.groundup.shard.room;

import java.util.HashMap;
import java.util.Map;

/**
 * Who watches which room of a shard, and until when: a watch that is not renewed within {@code
 * expiryNanos} ends by itself, so a watcher that dies (its bridge node) never leaves a room copying
 * its events for nobody. Pure: the caller passes {@code System.nanoTime()}.
 */
final class Watches {

  private final long expiryNanos;

  /** room → watcher → when its watch expires (nanoTime). */
  private final Map<String, Map<String, Long>> byRoom = new HashMap<>();

  Watches(long expiryNanos) {
    this.expiryNanos = expiryNanos;
  }

  /**
   * {@code watcher} starts or renews ({@code on}) or ends its watch of {@code room} at {@code now};
   * returns whether the room is watched afterwards.
   */
  boolean set(String room, String watcher, boolean on, long now) {
    if (on) {
      byRoom.computeIfAbsent(room, r -> new HashMap<>()).put(watcher, now + expiryNanos);
      return true;
    }
    Map<String, Long> watchers = byRoom.get(room);
    if (watchers == null) {
      return false;
    }
    watchers.remove(watcher);
    if (watchers.isEmpty()) {
      byRoom.remove(room);
      return false;
    }
    return true;
  }

  /** Whether anybody watches {@code room}. */
  boolean watched(String room) {
    return byRoom.containsKey(room);
  }

  /**
   * Ends the watches not renewed in time; {@code unwatched} hears each room that nobody watches any
   * more.
   */
  void expire(long now, java.util.function.Consumer<String> unwatched) {
    var rooms = byRoom.entrySet().iterator();
    while (rooms.hasNext()) {
      var room = rooms.next();
      room.getValue().values().removeIf(until -> until - now <= 0);
      if (room.getValue().isEmpty()) {
        rooms.remove();
        unwatched.accept(room.getKey());
      }
    }
  }

  /** How many rooms are watched. */
  int size() {
    return byRoom.size();
  }
}
