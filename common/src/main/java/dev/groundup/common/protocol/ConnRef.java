package dev.groundup.common.protocol;

import dev.groundup.common.Addresses;

/**
 * The address of one player connection: the gateway node, the gateway verticle instance that holds
 * the socket, and the connection's number there. Events for the connection are sent to {@link
 * #inbox()} with the connection's {@link #id()}, so a gateway needs one cluster subscription per
 * verticle instance rather than one per connection, and a room that pushes to many members of one
 * gateway sends one message.
 */
public record ConnRef(String node, int instance, long id) {

  public ConnRef {
    if (node == null || node.isEmpty()) {
      throw new IllegalArgumentException("node is required");
    }
  }

  /** The event-bus address of the gateway verticle instance that holds this connection. */
  public String inbox() {
    return Addresses.gatewayInbox(node, instance);
  }
}
