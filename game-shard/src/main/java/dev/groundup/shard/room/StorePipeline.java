package dev.groundup.shard.room;

import dev.groundup.common.protocol.ErrorCode;
import dev.groundup.common.protocol.GameException;
import dev.groundup.common.store.GameStore;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One room's store-then-show pipeline. <b>Nothing is shown before it is stored</b>: a change marks
 * the room dirty ({@link #changed}); a {@link #flush} captures the room's state ({@link
 * Room#capture}) and, with it, what each waiting answer or event will show ({@link
 * AfterWrite#capture}); only when the write is done are they shown, in the order they came, and
 * then the room's state. <b>Writes never overlap</b>: while one is in flight, changes wait for the
 * next, which starts as soon as this one is done.
 *
 * <p>A write refused for a stale epoch, or for want of a quorum of registry nodes, means the shard
 * may no longer own the room: everything waiting fails with {@code unavailable} (what came during
 * that write too, and whatever comes later), the room writes nothing again, and the shard steps
 * down ({@link RoomStore#lost}). Any other failed write is retried ({@link Room#retry}): nothing
 * waiting is shown or failed meanwhile, and the retry captures the room as it is then.
 */
final class StorePipeline {

  private static final Logger log = LoggerFactory.getLogger(StorePipeline.class);

  /** The room the pipeline serves. */
  interface Room {
    String name();

    /** The room's state now, to store and then show. */
    Capture capture();

    /** A write failed and is to be tried again: now (or at the room's next tick). */
    void retry();

    /** A write finished (stored or not): the room may stop ticking or finish its handoff. */
    void written();
  }

  /** One captured state: its tick, how to store it, and what to show once it is. */
  interface Capture {
    long tick();

    Future<Void> store();

    /** Shown once stored, after the waiting answers and events. */
    void show();
  }

  /**
   * Something waiting for the room's next successful write: it captures what it will show when the
   * write that includes it starts, or fails when the room is lost or closed.
   */
  interface AfterWrite {
    Shown capture(long tick);

    void failed(Throwable cause);
  }

  /** What one waiter shows once the write is stored. */
  @FunctionalInterface
  interface Shown {
    void stored();
  }

  private final Room room;
  private final RoomStore store;
  private List<AfterWrite> waiting = new ArrayList<>();

  /** The waiters of the write in flight. */
  private List<AfterWrite> inFlight = List.of();

  /** Why the pipeline stopped for good (closed, or the room lost), or null while it runs. */
  private Throwable stopped;

  private boolean dirty;
  private boolean writing;
  private boolean failing;

  StorePipeline(Room room, RoomStore store) {
    this.room = room;
    this.store = store;
  }

  /** Something changed: the next flush writes. */
  void changed() {
    dirty = true;
  }

  /** {@code w} waits for the next successful write (which this does not start by itself). */
  void after(AfterWrite w) {
    if (stopped != null) {
      w.failed(stopped);
      return;
    }
    waiting.add(w);
  }

  /** Nothing waits to be stored. */
  boolean settled() {
    return !dirty && !writing;
  }

  boolean writing() {
    return writing;
  }

  /** Writes the room's state if it changed and no write is in flight; then shows it. */
  void flush() {
    if (stopped != null || writing || !dirty) {
      return;
    }
    writing = true;
    dirty = false;
    List<AfterWrite> batch = waiting;
    waiting = new ArrayList<>();
    inFlight = batch;
    Capture capture = room.capture();
    List<Shown> shown = new ArrayList<>(batch.size());
    for (AfterWrite w : batch) {
      shown.add(w.capture(capture.tick()));
    }
    capture
        .store()
        .onComplete(
            done -> {
              writing = false;
              inFlight = List.of();
              if (stopped != null) {
                return;
              }
              if (failing) {
                failing = false;
                log.info("Room {} is stored again at tick {}", room.name(), capture.tick());
              }
              shown.forEach(Shown::stored);
              capture.show();
              flush();
              room.written();
            },
            failure -> {
              writing = false;
              inFlight = List.of();
              if (stopped != null) {
                return;
              }
              if (GameStore.ownershipLost(failure)) {
                // what came during the write fails too: this room can store nothing any more
                stop(
                    batch,
                    new GameException(ErrorCode.UNAVAILABLE, "the room's shard is changing owner"));
                store.lost(failure);
                room.written();
                return;
              }
              // not stored: nothing is shown or acknowledged; the retry writes the room as it is
              // then
              if (!failing) {
                failing = true;
                log.warn(
                    "Room {} could not be stored at tick {}, so nothing is acknowledged until it is: {}",
                    room.name(),
                    capture.tick(),
                    failure.getMessage());
              }
              List<AfterWrite> again = new ArrayList<>(batch);
              again.addAll(waiting);
              waiting = again;
              dirty = true;
              room.written();
              room.retry();
            });
  }

  /**
   * The room stops here: everything waiting fails with {@code reason}, that of the write in flight
   * too, and nothing is shown or written again (the write in flight ends unseen).
   */
  void close(Throwable reason) {
    if (stopped == null) {
      stop(inFlight, reason);
    }
  }

  private void stop(List<AfterWrite> inFlight, Throwable reason) {
    stopped = reason;
    List<AfterWrite> failed = new ArrayList<>(inFlight);
    failed.addAll(waiting);
    this.inFlight = List.of();
    waiting = new ArrayList<>();
    failed.forEach(w -> w.failed(reason));
  }
}
