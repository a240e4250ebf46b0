package dev.groundup.common.store;

import dev.groundup.common.protocol.ConnRef;

/** A player in a stored room: where it stands, its progress, and the connection events go to. */
public record StoredMember(String name, int x, int y, long score, long steps, ConnRef conn) {}
