package dev.groundup.common.protocol;

/** A cell of a room's grid; {@code 0,0} is the north-west corner. */
public record Cell(int x, int y) {}
