package dev.groundup.game;

/**
 * A player taken out of a room.
 *
 * @param progress what the player keeps of this game until it joins a room of it again (stored with
 *     the player; handed back in {@link Joining#progress()}); never null
 * @param seat where the player was, for the rare case that it is put back into this room at once
 *     ({@link Joining#seat()}); null if the game does not care
 */
public record Leaving(byte[] progress, byte[] seat) {

  public Leaving {
    if (progress == null) {
      throw new IllegalArgumentException("progress is required (empty if none)");
    }
  }
}
