package dev.groundup.tools.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.groundup.tools.loadgen.Durations;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code groundup cli}: looks at a live cluster through the TCP event-bus bridge (PROTOCOL.md
 * section 2), speaking its framing over a plain socket. Exit status: 0 done, 1 the bridge or the
 * server refused or failed (or cannot be reached), 2 bad usage.
 */
@Command(
    name = "cli",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    usageHelpWidth = 110,
    synopsisSubcommandLabel = "COMMAND",
    description = {
      "Looks at a running groundup cluster through its TCP event-bus bridge (./groundup local "
          + "runs it at 127.0.0.1:7001)."
    },
    subcommands = {
      CliCommand.Status.class,
      CliCommand.Whereis.class,
      CliCommand.Names.class,
      CliCommand.Members.class,
      CliCommand.Watch.class,
      CliCommand.Send.class
    },
    footer = {
      "",
      "Examples:",
      "  groundup cli status",
      "  groundup cli whereis player:ada",
      "  groundup cli members shards",
      "  groundup cli watch lobby",
      "  groundup cli --bridge 127.0.0.1:7001 send groundup.registry.whereis '{\"name\":\"room:lobby\"}'",
      "",
      "Exit status: 0 done, 1 the bridge or the cluster refused, failed or is unreachable, 2 bad usage."
    })
public final class CliCommand implements Runnable {

  static final String STATUS = "groundup.cluster.status";
  static final String WHEREIS = "groundup.registry.whereis";
  static final String NAMES = "groundup.registry.names";
  static final String MEMBERS = "groundup.registry.members";
  static final String ROOM_PREFIX = "groundup.room.";
  private static final Pattern ROOM = Pattern.compile("[A-Za-z0-9_-]{1,32}");

  /** How long a watch stays silent before it pings the bridge (which closes idle connections). */
  static final Duration KEEPALIVE = Duration.ofSeconds(10);

  @Spec CommandSpec spec;

  @Option(
      names = "--bridge",
      paramLabel = "HOST:PORT",
      scope = CommandLine.ScopeType.INHERIT,
      description = "the TCP event-bus bridge (default: ${DEFAULT-VALUE})")
  String bridge = "127.0.0.1:7001";

  @Option(
      names = "--timeout",
      paramLabel = "TIME",
      converter = DurationConverter.class,
      scope = CommandLine.ScopeType.INHERIT,
      description = "how long to wait for a reply, e.g. 500ms, 10s (default: 10s)")
  Duration timeout = Duration.ofSeconds(10);

  private final Stop stop;

  /** {@code stop} ends a {@code watch} (Ctrl-C in a real process, the test otherwise). */
  public CliCommand(Stop stop) {
    this.stop = stop;
  }

  public CliCommand() {
    this(new Stop());
  }

  /** Runs {@code cli args...} with its own picocli instance; returns the exit status. */
  public static int execute(String[] args, PrintWriter out, PrintWriter err, Stop stop) {
    try {
      return new CommandLine(new CliCommand(stop)).setOut(out).setErr(err).execute(args);
    } finally {
      out.flush();
      err.flush();
      stop.finished();
    }
  }

  @Override
  public void run() {
    throw new CommandLine.ParameterException(
        spec.commandLine(), "a command is needed: status, whereis, names, members, watch or send");
  }

  /**
   * Ends a running {@code watch}: unregisters and closes its connection. Usable from any thread.
   */
  public static final class Stop {
    private volatile boolean stopped;
    private Runnable action;
    private final CountDownLatch done = new CountDownLatch(1);

    public void stop() {
      Runnable run;
      synchronized (this) {
        stopped = true;
        run = action;
        action = null;
      }
      if (run != null) {
        run.run();
      }
    }

    public boolean stopped() {
      return stopped;
    }

    /** Waits until the command has finished (for a shutdown hook: so its last output gets out). */
    public boolean awaitDone(Duration wait) throws InterruptedException {
      return done.await(wait.toMillis(), TimeUnit.MILLISECONDS);
    }

    void onStop(Runnable run) {
      boolean now;
      synchronized (this) {
        now = stopped && run != null;
        action = now ? null : run;
      }
      if (now) {
        run.run();
      }
    }

    public void finished() {
      done.countDown();
    }
  }

  // ----------------------------------------------------------------------------------------
  // plumbing

  /** The host and port of {@code --bridge}. */
  record Endpoint(String host, int port) {
    static Endpoint parse(String text) {
      int colon = text.lastIndexOf(':');
      if (colon <= 0 || colon == text.length() - 1) {
        throw new IllegalArgumentException(
            "--bridge must be HOST:PORT, e.g. 127.0.0.1:7001, not '" + text + "'");
      }
      String host = text.substring(0, colon);
      if (host.startsWith("[") && host.endsWith("]")) {
        host = host.substring(1, host.length() - 1);
      }
      int port;
      try {
        port = Integer.parseInt(text.substring(colon + 1));
      } catch (NumberFormatException e) {
        port = -1;
      }
      if (port < 1 || port > 65535) {
        throw new IllegalArgumentException(
            "--bridge port must be 1-65535, not '" + text.substring(colon + 1) + "'");
      }
      return new Endpoint(host, port);
    }
  }

  /**
   * What every subcommand does: parse the endpoint, connect, run, turn failures into a line and a
   * status.
   */
  abstract static class Sub implements Callable<Integer> {
    @ParentCommand CliCommand parent;

    @Spec CommandSpec spec;

    abstract int run(BridgeClient client, PrintWriter out, PrintWriter err);

    /** Checks the arguments before connecting (throws IllegalArgumentException: usage). */
    void validate() {}

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      PrintWriter err = spec.commandLine().getErr();
      Endpoint endpoint;
      try {
        endpoint = Endpoint.parse(parent.bridge);
        if (parent.timeout.isNegative() || parent.timeout.isZero()) {
          throw new IllegalArgumentException("--timeout must be positive");
        }
        validate();
      } catch (IllegalArgumentException e) {
        throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage(), e);
      }
      try (BridgeClient client =
          BridgeClient.connect(
              endpoint.host(), endpoint.port(), Duration.ofSeconds(5), Frames.DEFAULT_MAX)) {
        return run(client, out, err);
      } catch (CliException e) {
        err.println("cli: " + e.getMessage());
        return e.status();
      } finally {
        out.flush();
        err.flush();
      }
    }

    JsonNode request(BridgeClient client, String address, JsonNode body) {
      return client.request(address, body, parent.timeout);
    }
  }

  static final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
      return Durations.parse(value);
    }
  }

  // -------------------------------------------------------------------------------------- commands

  @Command(
      name = "status",
      mixinStandardHelpOptions = true,
      description =
          "Nodes, which node owns each shard (and its epoch), rooms with their players and tick lag, "
              + "handoffs in progress.")
  static final class Status extends Sub {
    @Option(names = "--json", description = "print the reply's JSON instead of tables")
    boolean json;

    @Override
    int run(BridgeClient client, PrintWriter out, PrintWriter err) {
      JsonNode reply = request(client, STATUS, BridgeClient.JSON.createObjectNode());
      out.print(json ? reply + "\n" : Formats.status(reply));
      return 0;
    }
  }

  @Command(
      name = "whereis",
      mixinStandardHelpOptions = true,
      description = "Where a global name is registered, e.g. player:ada or room:lobby.")
  static final class Whereis extends Sub {
    @Parameters(paramLabel = "NAME", description = "a global name")
    String name;

    @Override
    int run(BridgeClient client, PrintWriter out, PrintWriter err) {
      ObjectNode body = BridgeClient.JSON.createObjectNode().put("name", name);
      JsonNode reply = request(client, WHEREIS, body);
      if (!reply.hasNonNull("address")) {
        out.println(name + " is not registered");
      } else {
        out.println(
            name
                + "  address "
                + reply.path("address").asText()
                + "  node "
                + reply.path("node").asText("?"));
      }
      return 0;
    }
  }

  @Command(
      name = "names",
      mixinStandardHelpOptions = true,
      description = "Every global name, sorted.")
  static final class Names extends Sub {
    @Override
    int run(BridgeClient client, PrintWriter out, PrintWriter err) {
      JsonNode reply = request(client, NAMES, BridgeClient.JSON.createObjectNode());
      List<String> names = new ArrayList<>();
      reply.path("names").forEach(n -> names.add(n.asText()));
      names.sort(null);
      names.forEach(out::println);
      if (names.isEmpty()) {
        err.println("no global names");
      }
      return 0;
    }
  }

  @Command(
      name = "members",
      mixinStandardHelpOptions = true,
      description = "The members of a process group, e.g. shards.")
  static final class Members extends Sub {
    @Parameters(paramLabel = "GROUP", description = "a group name")
    String group;

    @Override
    int run(BridgeClient client, PrintWriter out, PrintWriter err) {
      ObjectNode body = BridgeClient.JSON.createObjectNode().put("group", group);
      JsonNode reply = request(client, MEMBERS, body);
      JsonNode members = reply.path("members");
      if (members.isEmpty()) {
        out.println(group + " has no members");
        return 0;
      }
      Formats.Table t = new Formats.Table("ADDRESS", "NODE");
      for (JsonNode m : members) {
        t.row(m.path("address").asText("?"), m.path("node").asText("?"));
      }
      StringBuilder sb = new StringBuilder();
      t.appendTo(sb);
      out.print(
          group + ": " + members.size() + (members.size() == 1 ? " member\n" : " members\n") + sb);
      return 0;
    }
  }

  @Command(
      name = "watch",
      mixinStandardHelpOptions = true,
      description =
          "Streams a room's events (enter, exit, state, said), one line each, until Ctrl-C.")
  static final class Watch extends Sub {
    @Parameters(paramLabel = "ROOM", description = "a room name")
    String room;

    @Option(names = "--json", description = "print each event's JSON as it came")
    boolean json;

    @Override
    void validate() {
      if (!ROOM.matcher(room).matches()) {
        throw new IllegalArgumentException(
            "a room name is 1-32 of A-Z a-z 0-9 _ -, not '" + room + "'");
      }
    }

    @Override
    int run(BridgeClient client, PrintWriter out, PrintWriter err) {
      String address = ROOM_PREFIX + room;
      client.register(address);
      err.println("watching room " + room + " through " + client.where() + " (Ctrl-C to stop)");
      err.flush();
      Stop stop = parent.stop;
      stop.onStop(
          () -> {
            try {
              client.unregister(address);
            } catch (CliException ignored) {
              // closing anyway
            }
            client.close();
          });
      try {
        long lastWrite = System.nanoTime();
        while (!stop.stopped()) {
          JsonNode frame;
          try {
            frame = client.read(Duration.ofSeconds(1));
          } catch (CliException e) {
            if (stop.stopped()) {
              break;
            }
            throw e;
          }
          if (frame == null) {
            if (System.nanoTime() - lastWrite > KEEPALIVE.toNanos()) {
              client.ping();
              lastWrite = System.nanoTime();
            }
            continue;
          }
          switch (frame.path("type").asText()) {
            case "message" -> {
              if (address.equals(frame.path("address").asText())) {
                JsonNode event = body(frame.path("body"));
                out.println(json ? event.toString() : Formats.event(event, LocalTime.now()));
                if (out.checkError()) {
                  return 0; // nobody reads any more (a closed pipe: ... | head)
                }
              }
            }
            case "err" -> throw new CliException(Errors.describe(frame, address, parent.timeout));
            default -> {
              // pong and anything else: nothing to show
            }
          }
        }
        return 0;
      } finally {
        stop.onStop(null);
      }
    }

    /** An event body as JSON (a text body that holds JSON is parsed). */
    private static JsonNode body(JsonNode body) {
      if (body.isTextual()) {
        try {
          return BridgeClient.JSON.readTree(body.asText());
        } catch (JsonProcessingException e) {
          return body;
        }
      }
      return body;
    }
  }

  @Command(
      name = "send",
      mixinStandardHelpOptions = true,
      description = "Sends JSON to an address with a reply address; prints the reply's body.")
  static final class Send extends Sub {
    @Parameters(
        index = "0",
        paramLabel = "ADDRESS",
        description = "an event-bus address the bridge allows")
    String address;

    @Parameters(
        index = "1",
        paramLabel = "JSON",
        description = "the body, e.g. '{\"name\":\"player:ada\"}'")
    String body;

    JsonNode parsed;

    @Override
    void validate() {
      try {
        parsed = BridgeClient.JSON.readTree(body);
      } catch (JsonProcessingException e) {
        parsed = null;
      }
      if (parsed == null || parsed.isMissingNode()) {
        throw new IllegalArgumentException(
            "JSON is not valid JSON: " + BridgeClient.abbreviate(body));
      }
    }

    @Override
    int run(BridgeClient client, PrintWriter out, PrintWriter err) {
      out.println(request(client, address, parsed));
      return 0;
    }
  }
}
