package dev.groundup.games.arena;

/** A cell of a room's grid; {@code 0,0} is the north-west corner. */
record Cell(int x, int y) {}
