package dev.groundup.common.registry;

/** One membership of a process group: an address and the node that joined it. */
public record GroupMember(String address, String node) {}
