package dev.groundup.game;

/**
 * A game configured for one node: its limits and its rooms. The same for every room of the node;
 * immutable and safe to share.
 */
public interface Rules {

  /** The limits the engine enforces for every room of this game. */
  Limits limits();

  /** A new, empty room. */
  Room create(RoomContext context);

  /**
   * A room as {@link Room#snapshot()} left it — on another node after a crash or a handoff, or on
   * this one after a restart — with the same members. Throws {@link IllegalArgumentException} when
   * the snapshot cannot be read (the engine then logs it and leaves the room out).
   */
  Room restore(RoomContext context, byte[] snapshot);
}
