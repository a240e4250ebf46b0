package dev.groundup.common.registry;

import dev.groundup.common.codec.WireMessage;

/** Messages the registry sends to registered addresses. */
public sealed interface RegistryProtocol extends WireMessage {

  /**
   * The name {@code name}, registered to this address, was lost in the resolution of a conflict
   * after a split healed: {@code rivalAddress} on {@code rivalNode} holds it now (or nobody, with
   * rule {@code notify-both}, in which case the rival is the other loser). The owner should step
   * down.
   */
  record NameConflict(String name, String address, String rivalAddress, String rivalNode)
      implements RegistryProtocol {}
}
