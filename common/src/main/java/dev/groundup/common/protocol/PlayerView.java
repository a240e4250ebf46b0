package dev.groundup.common.protocol;

/** A player in a room as the wire shows it: {@code {"name","x","y","score","steps"}}. */
public record PlayerView(String name, int x, int y, long score, long steps) {}
