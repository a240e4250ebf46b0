package dev.groundup.games.arena;

/** A player in a room as the wire shows it: {@code {"name","x","y","score","steps"}}. */
record PlayerView(String name, int x, int y, long score, long steps) {}
