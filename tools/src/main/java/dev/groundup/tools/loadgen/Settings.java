package dev.groundup.tools.loadgen;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The validated options of one load-generator run (see {@link LoadgenCommand} for what each means).
 * {@code processes} is already resolved (never "automatic"); {@code sourceAddresses} empty means
 * "let the kernel choose"; {@code childIndex} is -1 except in a child process; {@code echo} means
 * the server is a plain line echo (the benchmark's baseline), not a gateway: no hello, no login.
 */
public record Settings(
    String host,
    int port,
    int connections,
    Mode mode,
    double rate,
    Duration duration,
    Duration warmup,
    int rooms,
    String prefix,
    int pipeline,
    int processes,
    List<String> sourceAddresses,
    Path out,
    int loginConcurrency,
    List<Long> serverPids,
    Path localJson,
    List<String> localRoles,
    Duration keepalive,
    Duration drain,
    Duration setupTimeout,
    int threads,
    int childIndex,
    boolean echo) {

  /**
   * Above this many messages a second per connection the server's default limit (50/s) gets in the
   * way.
   */
  static final double SERVER_RATE_WARNING = 45;

  /** A room applies one move per player per tick, 20 ticks a second by default. */
  static final double MOVE_RATE_WARNING = 20;

  /** The server's default room size. */
  static final int ROOM_MAX_PLAYERS = 64;

  /** The server's default idle limit. */
  static final Duration SERVER_IDLE = Duration.ofSeconds(120);

  static final Set<String> ROLES = Set.of("gateway", "shard", "registry", "all");

  public Settings {
    sourceAddresses = List.copyOf(sourceAddresses);
    serverPids = List.copyOf(serverPids);
    localRoles = List.copyOf(localRoles);
  }

  /** Messages a second each connection is scheduled to send (open-loop modes). */
  public double ratePerConnection() {
    return rate / connections;
  }

  public boolean isChild() {
    return childIndex >= 0;
  }

  /** Whether this process starts children instead of running the load itself. */
  public boolean spawnsChildren() {
    return !isChild() && processes > 1;
  }

  /** The part of the run this process runs itself (all of it without children). */
  public Partition.Share share() {
    int count = isChild() ? processes : 1;
    return Partition.share(connections, count, Math.max(0, childIndex), rate, loginConcurrency);
  }

  /** Warm-up and measurement together: how long connections stay busy after setup. */
  public Duration runTime() {
    return warmup.plus(duration);
  }

  /**
   * Checks everything that can be checked before connecting.
   *
   * @param ephemeralPorts how many local ports the kernel hands out per source/destination pair
   * @throws IllegalArgumentException with a message for a person
   */
  public Settings validate(int ephemeralPorts) {
    require(!host.isBlank(), "--host must not be empty");
    require(port >= 1 && port <= 65535, "--port must be 1-65535, not " + port);
    require(connections >= 1, "--connections must be at least 1, not " + connections);
    if (mode.openLoop()) {
      require(
          rate > 0,
          "--mode " + mode.wire() + " needs --rate R (messages a second over all connections)");
      require(
          ratePerConnection() <= 1_000_000,
          "--rate " + rate + " is more than a million a second per connection");
    }
    require(!duration.isNegative() && !duration.isZero(), "--duration must be positive");
    require(!warmup.isNegative(), "--warmup must not be negative");
    require(!drain.isNegative(), "--drain must not be negative");
    require(!keepalive.isNegative(), "--keepalive must not be negative");
    require(
        !setupTimeout.isNegative() && !setupTimeout.isZero(), "--setup-timeout must be positive");
    require(rooms >= 0, "--rooms must not be negative");
    require(
        !echo || mode == Mode.PING || mode == Mode.CLOSED,
        "--echo works with --mode ping or closed: an echo "
            + "server has no rooms to move in and no memory per player to measure");
    require(!echo || rooms == 0, "--echo takes no --rooms: an echo server has no rooms");
    require(mode != Mode.MOVE || rooms >= 1, "--mode move needs --rooms R (moves need a room)");
    require(
        rooms <= connections, "--rooms " + rooms + " is more than --connections " + connections);
    Names.check(prefix, connections, rooms);
    require(pipeline >= 1 && pipeline <= 10_000, "--pipeline must be 1-10000, not " + pipeline);
    require(loginConcurrency >= 1, "--login-concurrency must be at least 1");
    require(threads >= 1 && threads <= 256, "--threads must be 1-256");
    require(processes >= 1, "--processes must be at least 1");
    require(
        processes <= connections,
        "--processes " + processes + " is more than --connections " + connections);
    int perProcess = Partition.ceilDiv(connections, processes);
    require(
        perProcess <= Partition.MAX_CONNECTIONS_PER_PROCESS,
        connections
            + " connections in "
            + processes
            + " process(es) is "
            + perProcess
            + " per process; at most "
            + Partition.MAX_CONNECTIONS_PER_PROCESS
            + " fit in one (each process may open at most 20000 files): use --processes "
            + Partition.autoProcesses(connections)
            + " or more, or leave --processes out");
    int sources = Math.max(1, sourceAddresses.size());
    int perSource = Partition.ceilDiv(connections, sources);
    require(
        perSource <= ephemeralPorts,
        connections
            + " connections from "
            + sources
            + " source address(es) need "
            + perSource
            + " local ports each towards "
            + host
            + ":"
            + port
            + ", but the kernel hands out only "
            + ephemeralPorts
            + ": spread them with --source-addresses 127.0.0.1-127.0.0."
            + Math.max(2, Partition.ceilDiv(connections, Math.max(1, ephemeralPorts - 1000))));
    require(
        childIndex >= -1 && childIndex < processes, "--child-index must be below --child-count");
    for (long pid : serverPids) {
      require(pid > 0, "--server-pid must be a process id, not " + pid);
    }
    for (String role : localRoles) {
      require(
          ROLES.contains(role),
          "--local-roles: unknown role '" + role + "' (gateway, shard, registry or all)");
    }
    return this;
  }

  private static void require(boolean ok, String message) {
    if (!ok) {
      throw new IllegalArgumentException(message);
    }
  }

  /** What is legal but probably not what was meant, for a person to read before the run. */
  public List<String> warnings() {
    List<String> w = new ArrayList<>();
    double perConnection = ratePerConnection();
    if (!echo && mode.openLoop() && perConnection > SERVER_RATE_WARNING) {
      w.add(
          String.format(
              Locale.ROOT,
              "%.1f messages/s per connection is above what the server allows by default "
                  + "(50/s sustained, bursts of 100): start the server with GROUNDUP_RATE_PER_SECOND and GROUNDUP_RATE_BURST "
                  + "above that, or it answers rate_limited",
              perConnection));
    }
    if (mode == Mode.MOVE && perConnection > MOVE_RATE_WARNING) {
      w.add(
          String.format(
              Locale.ROOT,
              "%.1f moves/s per connection is more than a room applies: one move per player "
                  + "per tick (20 ticks/s by default) with at most 16 waiting, so the queue grows, latency measures the "
                  + "queue, and moves are refused with rate_limited; keep --rate at or below %d for %d connections",
              perConnection,
              (long) (MOVE_RATE_WARNING * connections),
              connections));
    }
    if (!echo && mode == Mode.CLOSED) {
      w.add(
          "closed mode sends as fast as the server answers: with the server's default limit (50 messages/s per "
              + "connection) it answers rate_limited and soon bye abuse; start the server with e.g. "
              + "GROUNDUP_RATE_PER_SECOND=1000000 GROUNDUP_RATE_BURST=1000000");
    }
    if (rooms > 0 && Partition.ceilDiv(connections, rooms) > ROOM_MAX_PLAYERS) {
      w.add(
          Partition.ceilDiv(connections, rooms)
              + " players per room is more than the server's default room size ("
              + ROOM_MAX_PLAYERS
              + ", GROUNDUP_ROOM_MAX_PLAYERS): joins will be refused with room_full");
    }
    if (!mode.openLoop() && rate > 0) {
      w.add("--rate is ignored in " + mode.wire() + " mode");
    }
    if (mode != Mode.IDLE && (!serverPids.isEmpty() || localJson != null)) {
      w.add("--server-pid and --local-json are used in idle mode only");
    }
    if (mode == Mode.IDLE && serverPids.isEmpty() && localJson == null) {
      w.add("idle mode without --server-pid or --local-json: the server's memory is not measured");
    }
    if (mode == Mode.IDLE
        && (keepalive.isZero() ? runTime() : keepalive).compareTo(SERVER_IDLE) >= 0) {
      w.add(
          "connections silent for "
              + SERVER_IDLE.toSeconds()
              + " s get bye idle from a server with default "
              + "settings: keep --keepalive below that");
    }
    return List.copyOf(w);
  }

  /** The command-line arguments that make a child process run {@code child}'s share of this run. */
  public List<String> childArgs(int child) {
    List<String> a = new ArrayList<>();
    add(a, "--host", host);
    add(a, "--port", Integer.toString(port));
    add(a, "--connections", Integer.toString(connections));
    add(a, "--mode", mode.wire());
    add(a, "--rate", Double.toString(rate));
    add(a, "--duration", Durations.format(duration));
    add(a, "--warmup", Durations.format(warmup));
    add(a, "--rooms", Integer.toString(rooms));
    add(a, "--prefix", prefix);
    add(a, "--pipeline", Integer.toString(pipeline));
    add(a, "--processes", Integer.toString(processes));
    if (!sourceAddresses.isEmpty()) {
      add(a, "--source-addresses", String.join(",", sourceAddresses));
    }
    add(a, "--out", out.toString());
    add(a, "--login-concurrency", Integer.toString(loginConcurrency));
    add(a, "--keepalive", Durations.format(keepalive));
    add(a, "--drain", Durations.format(drain));
    add(a, "--setup-timeout", Durations.format(setupTimeout));
    add(a, "--threads", Integer.toString(threads));
    if (echo) {
      a.add("--echo");
    }
    add(a, "--child-index", Integer.toString(child));
    add(a, "--child-count", Integer.toString(processes));
    return List.copyOf(a);
  }

  private static void add(List<String> args, String option, String value) {
    args.add(option);
    args.add(value);
  }
}
