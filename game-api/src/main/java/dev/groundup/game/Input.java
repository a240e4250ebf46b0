package dev.groundup.game;

/**
 * An input of the game's own from a member.
 *
 * @param seq the engine's number for it, unique within the room instance and increasing; the room
 *     hands it to {@link Effects#applied} once the input has taken effect
 * @param op the operation, one of {@link Game#inputs()} (or any other: the room refuses what it
 *     does not know with {@link Refusal#UNKNOWN_OP})
 * @param args the input's fields as the client sent them
 */
public record Input(long seq, String op, Args args) {}
