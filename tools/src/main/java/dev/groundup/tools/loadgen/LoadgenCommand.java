package dev.groundup.tools.loadgen;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code groundup loadgen}: the command line of the load generator. It only parses and validates;
 * {@link Loadgen} runs. Exit status: 0 the run completed (read the report for errors), 1 the run
 * failed (server down or refusing, a child process died, every connection lost), 2 bad options.
 */
@Command(
    name = "loadgen",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    usageHelpWidth = 110,
    description = {
      "Opens N connections to a groundup gateway, logs each in (and into a room), then loads the server over",
      "the player protocol and reports latency percentiles, rates and errors. Prints a summary, one line",
      "'RESULT {json}', and writes the HdrHistogram percentile file and the JSON next to each other."
    },
    footer = {
      "",
      "Examples:",
      "  groundup loadgen --connections 200 --mode ping --rate 2000 --duration 10s --warmup 3s",
      "  groundup loadgen --connections 200 --mode move --rooms 10 --rate 1000",
      "  groundup loadgen --connections 50 --mode closed --pipeline 4",
      "  groundup loadgen --connections 10000 --mode idle --local-json .groundup/local.json --local-roles all",
      "  groundup loadgen --connections 40000 --mode idle --source-addresses 127.0.0.1-127.0.0.4 --processes 3"
    })
public final class LoadgenCommand implements Callable<Integer> {

  /** The main class that starts this program, for child processes. */
  public static final String DEFAULT_MAIN = "dev.groundup.tools.ToolsMain";

  @Spec CommandSpec spec;

  private final Loadgen.Hooks hooks;

  /** For a real process: {@code hooks} says what to do when a child's parent is gone. */
  public LoadgenCommand(Loadgen.Hooks hooks) {
    this.hooks = hooks;
  }

  /** For parsing only (tests): a child would not notice its parent leave. */
  public LoadgenCommand() {
    this(new Loadgen.Hooks(System.in, () -> {}, DEFAULT_MAIN));
  }

  @Option(names = "--host", description = "gateway address (default: ${DEFAULT-VALUE})")
  String host = "127.0.0.1";

  @Option(names = "--port", description = "gateway player port (default: ${DEFAULT-VALUE})")
  int port = 7000;

  @Option(
      names = {"-c", "--connections"},
      description = "connections, each a player (default: ${DEFAULT-VALUE})")
  int connections = 100;

  @Option(
      names = "--mode",
      converter = ModeConverter.class,
      paramLabel = "ping|move|closed|idle",
      description =
          "ping: open-loop pings; move: open-loop moves in rooms; closed: --pipeline pings always "
              + "outstanding; idle: hold the connections and measure the server's memory (default: ping)")
  Mode mode = Mode.PING;

  @Option(
      names = "--rate",
      paramLabel = "R",
      description =
          "ping and move: messages a second over all connections, sent at scheduled times")
  double rate;

  @Option(
      names = "--duration",
      converter = DurationConverter.class,
      paramLabel = "TIME",
      description = "how long to measure, after the warm-up (default: 30s)")
  Duration duration = Duration.ofSeconds(30);

  @Option(
      names = "--warmup",
      converter = DurationConverter.class,
      paramLabel = "TIME",
      description = "load before measuring; its results are discarded (default: 5s)")
  Duration warmup = Duration.ofSeconds(5);

  @Option(
      names = "--rooms",
      paramLabel = "R",
      description =
          "join R rooms, <prefix>-room-0..R-1, players spread evenly; needed for move (default: none)")
  int rooms;

  @Option(
      names = "--prefix",
      description =
          "player-name prefix: players are <prefix>-<index>, and names persist "
              + "on the server (default: 6 random characters)")
  String prefix;

  @Option(
      names = "--pipeline",
      paramLabel = "D",
      description = "closed: pings outstanding per connection " + "(default: ${DEFAULT-VALUE})")
  int pipeline = 1;

  @Option(
      names = "--processes",
      paramLabel = "K",
      description =
          "load-generator processes (default: automatic, " + "at most 15000 connections each)")
  int processes;

  @Option(
      names = "--source-addresses",
      paramLabel = "A-B",
      description =
          "local addresses to bind connections to, round robin, e.g. 127.0.0.1-127.0.0.8 or a comma "
              + "list (about 28k connections fit per source address; default: the kernel chooses)")
  String sourceAddresses;

  @Option(
      names = "--out",
      paramLabel = "DIR",
      description = "where the .hgrm and .json files go " + "(default: ${DEFAULT-VALUE})")
  Path out = Path.of(".groundup", "loadgen");

  @Option(
      names = "--login-concurrency",
      paramLabel = "N",
      description = "connections being set up at once " + "(default: ${DEFAULT-VALUE})")
  int loginConcurrency = 200;

  @Option(
      names = "--server-pid",
      paramLabel = "PID",
      description = "idle: a server process to measure " + "(repeatable)")
  List<Long> serverPids = new ArrayList<>();

  @Option(
      names = "--local-json",
      paramLabel = "PATH",
      description =
          "idle: measure the processes listed in "
              + "this file written by groundup local (e.g. .groundup/local.json)")
  Path localJson;

  @Option(
      names = "--local-roles",
      split = ",",
      paramLabel = "ROLE",
      description = "with --local-json: gateway, " + "shard, registry or all (default: gateway)")
  List<String> localRoles = new ArrayList<>(List.of("gateway"));

  @Option(
      names = "--keepalive",
      converter = DurationConverter.class,
      paramLabel = "TIME",
      description =
          "idle: one ping per connection this often, so the server's idle limit does not close "
              + "them; 0 for none (default: 60s)")
  Duration keepalive = Duration.ofSeconds(60);

  @Option(
      names = "--drain",
      converter = DurationConverter.class,
      paramLabel = "TIME",
      description =
          "how long to wait for answers after the last send; requests still unanswered are lost "
              + "(default: 5s)")
  Duration drain = Duration.ofSeconds(5);

  @Option(
      names = "--setup-timeout",
      converter = DurationConverter.class,
      paramLabel = "TIME",
      description = "deadline for connecting and logging in every connection (default: 120s)")
  Duration setupTimeout = Duration.ofSeconds(120);

  @Option(
      names = "--threads",
      paramLabel = "N",
      description = "event loops per process (default: the number " + "of cores)")
  int threads = Runtime.getRuntime().availableProcessors();

  @Option(
      names = "--echo",
      description =
          "the server is a plain line echo (./groundup bench's baseline, "
              + "./groundup loadgen echo-server): no hello and no login; the echoed ping is its own answer")
  boolean echo;

  @Option(names = "--child-index", hidden = true)
  int childIndex = -1;

  @Option(names = "--child-count", hidden = true)
  int childCount;

  /** Turns the parsed options into validated settings. */
  public Settings settings() {
    if ((childIndex >= 0) != (childCount > 0)) {
      throw new IllegalArgumentException("--child-index and --child-count go together");
    }
    int resolvedProcesses =
        childCount > 0
            ? childCount
            : processes > 0 ? processes : Partition.autoProcesses(Math.max(1, connections));
    if (childCount > 0 && processes > 0 && processes != childCount) {
      throw new IllegalArgumentException("--child-count must equal --processes");
    }
    String resolvedPrefix = prefix == null ? Names.randomPrefix() : prefix;
    return new Settings(
            host,
            port,
            connections,
            mode,
            rate,
            duration,
            warmup,
            rooms,
            resolvedPrefix,
            pipeline,
            resolvedProcesses,
            sourceAddresses == null ? List.of() : SourceAddresses.parse(sourceAddresses),
            out,
            loginConcurrency,
            serverPids,
            localJson,
            localRoles.stream().map(String::trim).map(String::toLowerCase).toList(),
            keepalive,
            drain,
            setupTimeout,
            threads,
            childIndex,
            echo)
        .validate(EphemeralPorts.available());
  }

  @Override
  public Integer call() {
    Settings settings;
    try {
      settings = settings();
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage(), e);
    }
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    try {
      return new Loadgen(settings, hooks, out, err).run();
    } catch (LoadgenException e) {
      err.println("loadgen: " + e.getMessage());
      err.flush();
      return 1;
    } finally {
      out.flush();
      err.flush();
    }
  }

  static final class ModeConverter implements CommandLine.ITypeConverter<Mode> {
    @Override
    public Mode convert(String value) {
      return Mode.parse(value);
    }
  }

  static final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
      return Durations.parse(value);
    }
  }
}
