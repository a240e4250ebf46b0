package dev.groundup.node;

import dev.groundup.common.cluster.Role;
import dev.groundup.gateway.GatewayMain;
import dev.groundup.registry.RegistryMain;
import dev.groundup.shard.ShardMain;
import java.util.Arrays;
import java.util.List;

/**
 * The one entry point: {@code node ROLE} runs one node configured from the environment (what a
 * container runs), {@code local} runs a local cluster of separate processes, {@code local env ROLE}
 * prints the environment a node needs to join the running one (what the launcher script's {@code
 * local add ROLE} runs the node with), {@code local roll} restarts its shard nodes one at a time.
 */
public final class GroundupMain {

  private static final String USAGE =
      """
      usage: groundup node registry|shard|gateway|all
             groundup local [--gateways N] [--shards N] [--registries N] [--routing sharded|single|per-connection]
                            [--in-process]
                            [--port 7000] [--hazelcast-port 5701] [--dir .groundup] [--cluster-name groundup-local]
             groundup local env registry|shard|gateway [--dir .groundup]
                 (the GROUNDUP_* lines a node needs to join the running local cluster; ./groundup local add uses it)
             groundup local roll [--dir .groundup]
                 (restarts the shard nodes of the running local cluster one at a time: each drains, then a
                  replacement joins; players see a pause, not errors)""";

  private GroundupMain() {}

  public static void main(String[] args) throws Exception {
    List<String> rest = Arrays.asList(args).subList(Math.min(1, args.length), args.length);
    String command = args.length == 0 ? "" : args[0];
    try {
      switch (command) {
        case "node" -> node(rest);
        case "local" -> local(rest);
        default -> fail("unknown command '" + command + "'");
      }
    } catch (IllegalArgumentException e) {
      fail(e.getMessage());
    }
  }

  private static void local(List<String> args) throws Exception {
    String first = args.isEmpty() ? "" : args.getFirst();
    switch (first) {
      case "env" -> System.exit(LocalJoin.printEnv(args.subList(1, args.size())));
      case "roll" -> System.exit(LocalRoll.run(args.subList(1, args.size())));
      case "add" ->
          fail(
              "local add is a command of the ./groundup launcher script (it runs local env, then the node)");
      default -> LocalCluster.run(args);
    }
  }

  private static void node(List<String> args) {
    if (args.size() != 1) {
      fail("node needs one role");
    }
    switch (Role.parse(args.getFirst())) {
      case REGISTRY -> RegistryMain.main(new String[0]);
      case SHARD -> ShardMain.main(new String[0]);
      case GATEWAY -> GatewayMain.main(new String[0]);
      case ALL -> InProcessMain.main(new String[0]);
    }
  }

  private static void fail(String message) {
    System.err.println("groundup: " + message);
    System.err.println(USAGE);
    System.exit(2);
  }
}
