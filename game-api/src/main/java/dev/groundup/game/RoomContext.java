package dev.groundup.game;

import java.util.random.RandomGenerator;

/**
 * What a room is given when it is made or restored.
 *
 * @param room the room's name, as clients join it
 * @param tick the tick the room starts at: 1 for a new room (its creation), the stored tick for a
 *     restored one
 * @param random the room's only source of randomness, seeded by the engine from the room's name and
 *     {@code tick}: the same room restored from the same snapshot draws the same numbers
 */
public record RoomContext(String room, long tick, RandomGenerator random) {}
