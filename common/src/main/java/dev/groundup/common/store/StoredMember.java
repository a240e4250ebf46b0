package dev.groundup.common.store;

import dev.groundup.common.protocol.ConnRef;

/**
 * A member of a stored room as the engine keeps it: its name, its live leaderboard score and the
 * connection events go to. What the game keeps of it is in the room's snapshot.
 */
public record StoredMember(String name, long score, ConnRef conn) {}
