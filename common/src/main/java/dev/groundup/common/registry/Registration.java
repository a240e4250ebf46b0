package dev.groundup.common.registry;

/** A global name as the registry holds it: the address it stands for and the node that owns it. */
public record Registration(String name, String address, String node) {}
