package dev.groundup.shard.room;

import dev.groundup.common.store.StoredMember;
import dev.groundup.common.store.StoredRoom;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.ArrayList;
import java.util.List;

/**
 * A {@link RoomStore} whose writes finish only when the test says so: each {@link #save} is
 * recorded with what it stores and waits until the test {@link #succeed}s or {@link #fail}s it.
 */
final class ControlledStore implements RoomStore {

  /** One write: what it stores, and its outcome, which the test decides. */
  record Save(
      String room,
      String game,
      long tick,
      byte[] snapshot,
      List<StoredMember> members,
      Promise<Void> outcome) {

    List<String> names() {
      return members.stream().map(StoredMember::name).toList();
    }

    boolean pending() {
      return !outcome.future().isComplete();
    }

    /** The write as the store would give it back to the shard that takes the room over. */
    StoredRoom stored() {
      return new StoredRoom(room, game, 5, 2, tick, snapshot, members);
    }
  }

  final List<Save> saves = new ArrayList<>();
  final List<Throwable> lost = new ArrayList<>();

  @Override
  public Future<Void> save(
      String room, String game, long tick, byte[] snapshot, List<StoredMember> members) {
    Save save = new Save(room, game, tick, snapshot, List.copyOf(members), Promise.promise());
    saves.add(save);
    return save.outcome().future();
  }

  @Override
  public void lost(Throwable reason) {
    lost.add(reason);
  }

  int count() {
    return saves.size();
  }

  Save last() {
    return saves.getLast();
  }

  /** The writes not finished yet. */
  List<Save> pending() {
    return saves.stream().filter(Save::pending).toList();
  }

  /** Finishes the only write in flight successfully. */
  Save succeed() {
    Save save = onlyPending();
    save.outcome().complete();
    return save;
  }

  /** Fails the only write in flight. */
  Save fail(Throwable cause) {
    Save save = onlyPending();
    save.outcome().fail(cause);
    return save;
  }

  /** Finishes every write as it starts (and the ones in flight), until told otherwise. */
  void succeedAll() {
    pending().forEach(s -> s.outcome().complete());
  }

  private Save onlyPending() {
    List<Save> pending = pending();
    if (pending.size() != 1) {
      throw new AssertionError("expected one write in flight, not " + pending.size());
    }
    return pending.getFirst();
  }
}
