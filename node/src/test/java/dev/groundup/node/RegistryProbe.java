package dev.groundup.node;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.groundup.common.cluster.ClusterNode;
import dev.groundup.common.cluster.Clustered;
import dev.groundup.common.cluster.NodeRunner;
import dev.groundup.common.cluster.Role;
import dev.groundup.common.codec.WireMessage;
import dev.groundup.common.config.NodeConfig;
import dev.groundup.common.registry.ConflictRule;
import dev.groundup.common.registry.Registry;
import dev.groundup.common.registry.RegistryProtocol.NameConflict;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.buffer.Buffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A test node, run as its own process, that registers global names when told to and reports what it
 * sees. Commands are lines of {@code <dir>/<name>.cmd} ({@code register NAME RULE}); the status —
 * members it sees, names it holds, conflicts it was told of, and who holds each name it was asked
 * about — is rewritten to {@code <dir>/<name>.status} twice a second.
 */
public final class RegistryProbe extends VerticleBase {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final ClusterNode node;
  private final Path commands;
  private final Path status;
  private final String address;
  private final List<String> held = new ArrayList<>();
  private final List<NameConflict> conflicts = new ArrayList<>();
  private final List<String> asked = new ArrayList<>();
  private Registry registry;
  private int done;

  RegistryProbe(ClusterNode node, Path dir, String name) {
    this.node = node;
    this.commands = dir.resolve(name + ".cmd");
    this.status = dir.resolve(name + ".status");
    this.address = "probe." + name;
  }

  public static void main(String[] args) {
    Path dir = Path.of(args[0]);
    NodeRunner.run(
        () -> NodeConfig.fromEnv(Role.GATEWAY, System.getenv()),
        config ->
            Clustered.start(config)
                .compose(
                    node ->
                        node.vertx()
                            .deployVerticle(new RegistryProbe(node, dir, config.nodeName()))
                            .map(id -> new NodeRunner.Started(node, Map.of()))));
  }

  @Override
  public Future<?> start() {
    registry = Registry.create(vertx, node);
    vertx.setPeriodic(500, id -> tick());
    return vertx
        .eventBus()
        .<WireMessage>consumer(
            address,
            m -> {
              if (m.body() instanceof NameConflict c) {
                conflicts.add(c);
                held.remove(c.name());
              }
            })
        .completion();
  }

  private void tick() {
    vertx
        .fileSystem()
        .exists(commands.toString())
        .compose(
            exists ->
                exists
                    ? vertx.fileSystem().readFile(commands.toString())
                    : Future.succeededFuture(Buffer.buffer()))
        .compose(this::run)
        .compose(v -> report())
        .compose(
            json ->
                vertx
                    .fileSystem()
                    .writeFile(status + ".tmp", Buffer.buffer(json))
                    .compose(
                        w ->
                            vertx
                                .fileSystem()
                                .move(
                                    status + ".tmp",
                                    status.toString(),
                                    new io.vertx.core.file.CopyOptions()
                                        .setReplaceExisting(true)
                                        .setAtomicMove(true))));
  }

  private Future<Void> run(Buffer file) {
    List<String> lines = file.toString().lines().filter(l -> !l.isBlank()).toList();
    List<Future<?>> steps = new ArrayList<>();
    for (; done < lines.size(); done++) {
      String[] words = lines.get(done).trim().split(" ");
      if (words.length == 3 && words[0].equals("register")) {
        String name = words[1];
        asked.add(name);
        steps.add(
            registry
                .register(name, address, ConflictRule.parse(words[2]))
                .onSuccess(v -> held.add(name)));
      }
    }
    return Future.join(steps).<Void>mapEmpty().otherwiseEmpty();
  }

  private Future<String> report() {
    ObjectNode out = JSON.createObjectNode();
    out.put("members", node.view().snapshot().members().size());
    out.put("node", node.nodeId());
    out.put("startedAt", node.startedAt());
    ArrayNode heldJson = out.putArray("held");
    held.forEach(heldJson::add);
    ArrayNode conflictJson = out.putArray("conflicts");
    conflicts.forEach(
        c -> conflictJson.addObject().put("name", c.name()).put("rivalNode", c.rivalNode()));
    ObjectNode owners = out.putObject("owners");
    List<Future<?>> lookups = new ArrayList<>();
    for (String name : asked) {
      lookups.add(
          registry
              .whereis(name)
              .onSuccess(r -> owners.put(name, r.map(x -> x.node()).orElse("none"))));
    }
    return Future.join(lookups).transform(v -> Future.succeededFuture(out.toString()));
  }
}
