package dev.groundup.common.protocol;

import dev.groundup.common.codec.WireMessage;
import java.util.List;

/** What is sent to a gateway verticle's inbox ({@link ConnRef#inbox()}). */
public sealed interface GatewayProtocol extends WireMessage {

  /**
   * One event line, already encoded as JSON, for some connections of this inbox. {@code room} lets
   * a connection drop events of a room it has left; {@code epoch} (of the shard owner that sent it)
   * and {@code tick} (the room's tick when the event was made) let it drop events older than what
   * it has already shown, such as a late push from a former owner of the room that was frozen or
   * cut off.
   */
  record Push(List<Long> conns, String room, long epoch, long tick, byte[] json)
      implements GatewayProtocol {
    public Push {
      conns = List.copyOf(conns);
    }
  }

  /**
   * A shard node is about to take shards: send a request to {@code address} (its host) and answer
   * once it is answered, so that this gateway's event-bus connection to that node is open — and the
   * players' first requests there do not pay for opening it — before any shard moves.
   */
  record WarmUp(String address) implements GatewayProtocol {}

  /** Close a connection with {@code {"ev":"bye","reason":reason}}. */
  record Kick(long conn, String reason) implements GatewayProtocol {}
}
