package dev.groundup.game;

import java.util.List;
import java.util.Set;

/**
 * A game that groundup can run: what a game's jar provides, found by {@link
 * java.util.ServiceLoader} ({@code META-INF/services/dev.groundup.game.Game} names the
 * implementation, which has a public no-argument constructor). It describes the game; {@link
 * #configure} makes the {@link Rules} that run its rooms.
 *
 * <p>The engine owns the operations {@code login}, {@code join}, {@code leave}, {@code say}, {@code
 * ping}, {@code top} and {@code quit}. Every other operation a client sends while it is in a room
 * is an input of the room's game ({@link Room#input}); the game names its operations in {@link
 * #inputs()}, and an operation no game names is refused as {@code unknown_op} without reaching any
 * room.
 */
public interface Game {

  /**
   * The game's name, as clients choose it ({@code {"op":"join","room":R,"game":ID}}) and as it is
   * stored: 1 to 32 of {@code a-z 0-9 _ -}. It never changes once rooms of it are stored.
   */
  String id();

  /** The operations of the game's own that its rooms take as inputs, e.g. {@code "move"}. */
  Set<String> inputs();

  /**
   * Checks the arguments of an input where no room is needed — at the edge, on the gateway that
   * received it, so a malformed input is refused before it crosses the cluster. Returns null when
   * {@code args} are well-formed for {@code op} (one of {@link #inputs()}), or a {@link Refusal}
   * (usually {@link Refusal#BAD_REQUEST}) saying what is wrong. Must be pure: the same answer for
   * the same arguments, on any thread.
   */
  default Refusal check(String op, Args args) {
    return null;
  }

  /**
   * The game configured from the node's settings (its environment: {@code GROUNDUP_*} variables).
   * Called once per node at start; a bad setting throws {@link IllegalArgumentException} with a
   * message naming it, and the node refuses to start.
   */
  Rules configure(Settings settings);

  /**
   * A few inputs as a client would send them (whole JSON lines such as {@code
   * {"op":"move","dir":"e"}}), which a node that is about to take rooms feeds to a scratch room, so
   * that the first real ticks run compiled code. Refusals are ignored. None by default.
   */
  default List<String> sampleInputs() {
    return List.of();
  }
}
