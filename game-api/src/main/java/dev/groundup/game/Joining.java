package dev.groundup.game;

/**
 * A player entering a room.
 *
 * @param name the player's name (1 to 32 of {@code A-Z a-z 0-9 _ -})
 * @param progress what the player keeps of this game between rooms and sessions, as the game last
 *     gave it ({@link Leaving#progress()}); empty for a player new to the game
 * @param seat what {@link Leaving#seat()} said when the player was taken out of this room a moment
 *     ago and is now put back (its join elsewhere was refused), or null: a game may put the player
 *     back where it was
 */
public record Joining(String name, byte[] progress, byte[] seat) {}
