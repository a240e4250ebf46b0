package dev.groundup.game;

/**
 * One room of a game: its members and its state, changed only through these calls (on one thread;
 * see the package documentation for the contract). Each call that changes something says so through
 * its {@link Effects}; the engine then stores a {@link #snapshot()} and shows the members their
 * {@link #view}s.
 *
 * <p>The wire shapes the room fills in: the engine writes every event's envelope — {@code "ev"},
 * {@code "room"}, {@code "tick"} and the answer's {@code "id"} — and the room writes its fields in
 * between:
 *
 * <ul>
 *   <li>{@code joined}, the answer to a join: {@code {"ev":"joined","room":R,"tick":T,}<i>{@link
 *       #writeJoined}</i>{@code ,"id":I}}
 *   <li>{@code state}, after a change, to each member: {@code {"ev":"state","room":R,"tick":T,}
 *       <i>{@link View#write}</i>{@code }}}
 *   <li>{@code enter}, to the other members when a player joins: {@code
 *       {"ev":"enter","room":R,}<i>{@link #writeEnter}</i>{@code }}}
 *   <li>{@code exit} ({@code {"ev":"exit","room":R,"name":N}}) and {@code said} are the engine's
 *       own.
 * </ul>
 */
public interface Room {

  /**
   * Takes a player in. The engine has checked that the room has space ({@link Limits#maxPlayers()})
   * and that the player is not a member already. A join always counts as a change. Throws {@link
   * Refusal} to keep the player out.
   */
  void join(Joining player, Effects effects);

  /**
   * Takes a member out, and forgets its inputs that were not applied (the engine answers them). A
   * leave always counts as a change. Gives what the player keeps.
   */
  Leaving leave(String player, Effects effects);

  /**
   * An input of a member. The room either applies it now (and calls {@link Effects#applied} with
   * its {@link Input#seq()}), queues it to apply at a later tick (and calls {@code applied} then),
   * or throws {@link Refusal} — in which case it changed nothing.
   */
  void input(String player, Input input, Effects effects);

  /**
   * The room's clock, at {@link Limits#tickHz()} ticks a second while it has members (never for a
   * turn-based game). {@code tick} is the new tick number. A tick that changes what members see
   * calls {@link Effects#changed()} (applying an input counts by itself).
   */
  default void tick(long tick, Effects effects) {}

  /** The member's progress as it would leave now (what the engine keeps for it while it plays). */
  byte[] progress(String player);

  /** The whole room as bytes that {@link Rules#restore} reads back, members included. */
  byte[] snapshot();

  /** The fields of the {@code joined} answer the member {@code viewer} gets. */
  void writeJoined(String viewer, JsonOut out);

  /** The fields of the {@code enter} event the other members get when {@code player} joins. */
  void writeEnter(String player, JsonOut out);

  /**
   * What the member {@code viewer} sees now: an immutable value. Members given the same instance
   * get the same bytes, encoded once — so a game whose members all see the same thing returns one
   * instance for all of them (made once per change), and a game with hidden information or an area
   * of interest returns each member its own.
   */
  View view(String viewer);
}
