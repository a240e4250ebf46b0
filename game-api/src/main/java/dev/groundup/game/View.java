package dev.groundup.game;

/**
 * What one member sees of a room at one tick: an immutable value made by {@link Room#view}. The
 * engine writes it as the fields of a {@code state} event and keeps the last one it sent each
 * member.
 *
 * <p><b>Changes only.</b> A client that asks for it (protocol version 2) gets a full view on {@code
 * joined}, on resume and after a takeover, and afterwards only what changed: the engine calls
 * {@link #writeChanges} with the view that member was last sent. Folding the changes into the
 * earlier view must give exactly the full view, which the game's tests should check ({@code
 * GameTestKit} helps).
 */
public interface View {

  /** The fields of a full {@code state}: everything the viewer sees. */
  void write(JsonOut out);

  /**
   * The fields of a {@code state} that carries only what changed since {@code before}, a view this
   * room made earlier for the same viewer. By default the full view (always correct, never small).
   */
  default void writeChanges(View before, JsonOut out) {
    write(out);
  }
}
