package dev.groundup.shard.room;

import dev.groundup.common.store.StoredMember;
import io.vertx.core.Future;
import java.util.List;

/** Where rooms are stored, and whom to tell when the shard has lost them. */
public interface RoomStore {

  /** Stores a room's state at {@code tick}: the game's snapshot and the engine's members. */
  Future<Void> save(
      String room, String game, long tick, byte[] snapshot, List<StoredMember> members);

  /** A write was refused because this shard may no longer own the room: the shard steps down. */
  void lost(Throwable reason);
}
