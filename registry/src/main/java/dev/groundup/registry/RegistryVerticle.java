package dev.groundup.registry;

import dev.groundup.common.Addresses;
import dev.groundup.common.cluster.ClusterNode;
import dev.groundup.common.registry.GroupMember;
import dev.groundup.common.registry.Registry;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * The registry's event-bus face (PROTOCOL.md section 2) for any client on the bus, the debugging
 * bridge included: {@code groundup.registry.whereis}, {@code .names} and {@code .members}, with
 * JSON bodies. JSON lives only here, at the edge; inside, the typed {@link Registry} does the work.
 */
public final class RegistryVerticle extends VerticleBase {

  /** Failure code for a request whose body is not what the address expects. */
  static final int BAD_BODY = 400;

  private final ClusterNode node;
  private Registry registry;

  public RegistryVerticle(ClusterNode node) {
    this.node = node;
  }

  @Override
  public Future<?> start() {
    registry = Registry.create(vertx, node);
    return Future.all(
        vertx.eventBus().<Object>consumer(Addresses.REGISTRY_WHEREIS, this::whereis).completion(),
        vertx.eventBus().<Object>consumer(Addresses.REGISTRY_NAMES, this::names).completion(),
        vertx.eventBus().<Object>consumer(Addresses.REGISTRY_MEMBERS, this::members).completion());
  }

  @Override
  public Future<?> stop() {
    return registry.close();
  }

  private void whereis(Message<Object> message) {
    String name = field(message, "name");
    if (name == null) {
      return;
    }
    registry
        .whereis(name)
        .onComplete(
            found -> {
              JsonObject reply = new JsonObject().put("name", name);
              found.ifPresent(r -> reply.put("address", r.address()).put("node", r.node()));
              message.reply(reply);
            },
            failure ->
                message.fail(503, "the registry cannot be reached: " + failure.getMessage()));
  }

  private void names(Message<Object> message) {
    registry
        .names()
        .onComplete(
            all -> message.reply(new JsonObject().put("names", new JsonArray(all))),
            failure ->
                message.fail(503, "the registry cannot be reached: " + failure.getMessage()));
  }

  private void members(Message<Object> message) {
    String group = field(message, "group");
    if (group == null) {
      return;
    }
    registry
        .members(group)
        .onComplete(
            all ->
                message.reply(
                    new JsonObject()
                        .put("group", group)
                        .put(
                            "members",
                            new JsonArray(all.stream().map(RegistryVerticle::json).toList()))),
            failure ->
                message.fail(503, "the registry cannot be reached: " + failure.getMessage()));
  }

  private static JsonObject json(GroupMember m) {
    return new JsonObject().put("address", m.address()).put("node", m.node());
  }

  /**
   * The string field {@code name} of a JSON body; fails the request and gives null if it is
   * missing.
   */
  private static String field(Message<Object> message, String name) {
    if (message.body() instanceof JsonObject body
        && body.getValue(name) instanceof String value
        && !value.isEmpty()) {
      return value;
    }
    message.fail(BAD_BODY, "the body must be a JSON object with a string field \"" + name + "\"");
    return null;
  }
}
