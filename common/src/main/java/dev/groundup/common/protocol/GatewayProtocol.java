package dev.groundup.common.protocol;

import dev.groundup.common.codec.WireMessage;
import java.util.List;

/** What is sent to a gateway verticle's inbox ({@link ConnRef#inbox()}). */
public sealed interface GatewayProtocol extends WireMessage {

  /**
   * One event line, already encoded as JSON (without the newline), for some connections of this
   * inbox. {@code room} lets a connection drop events of a room it has left.
   */
  record Push(List<Long> conns, String room, byte[] json) implements GatewayProtocol {
    public Push {
      conns = List.copyOf(conns);
    }
  }

  /** Close a connection with {@code {"ev":"bye","reason":reason}}. */
  record Kick(long conn, String reason) implements GatewayProtocol {
  }
}
