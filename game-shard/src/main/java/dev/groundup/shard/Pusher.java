package dev.groundup.shard;

import dev.groundup.common.Addresses;
import dev.groundup.common.protocol.ConnRef;
import dev.groundup.common.protocol.GatewayProtocol.Kick;
import dev.groundup.common.protocol.GatewayProtocol.Push;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Sends events straight to players' connections: one {@link Push} per gateway inbox, however many
 * of the targets that inbox holds, so a room's tick costs one message per gateway verticle rather
 * than one per member. Pushes are fire-and-forget: a connection that is gone drops them.
 */
final class Pusher {

  private final EventBus bus;

  Pusher(EventBus bus) {
    this.bus = bus;
  }

  /**
   * Sends one event of {@code room}, made by the owner of {@code epoch} at tick {@code tick}, to
   * {@code targets}.
   */
  void push(Iterable<ConnRef> targets, String room, long epoch, long tick, byte[] json) {
    Map<String, List<Long>> byInbox = new HashMap<>();
    for (ConnRef c : targets) {
      byInbox.computeIfAbsent(c.inbox(), k -> new ArrayList<>()).add(c.id());
    }
    byInbox.forEach((inbox, ids) -> bus.send(inbox, new Push(ids, room, epoch, tick, json)));
  }

  /**
   * Publishes a copy of one event of {@code room} to its watchers ({@code groundup.room.<room>}) as
   * a JSON object, so that the debugging bridge hands it to its clients as an object.
   */
  void publish(String room, byte[] json) {
    bus.publish(Addresses.roomWatch(room), new JsonObject(Buffer.buffer(json)));
  }

  void kick(ConnRef target, String reason) {
    bus.send(target.inbox(), new Kick(target.id(), reason));
  }
}
