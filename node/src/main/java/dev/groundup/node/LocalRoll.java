package dev.groundup.node;

import dev.groundup.common.cluster.Role;
import dev.groundup.common.config.ConfigException;
import dev.groundup.common.config.Env;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;

/**
 * {@code groundup local roll [--dir .groundup]}: a rolling restart of the shard nodes of a running
 * {@code groundup local}, one node at a time. For each shard node {@code local.json} lists: SIGTERM
 * (the node drains — hands its shards to the other shard nodes — and exits by itself; SIGKILL if it
 * has not exited within its drain timeout plus {@value #LEAVE_SECONDS} s), wait until {@code local}
 * has dropped it from {@code local.json}, start a replacement with the same name and the
 * environment {@code local add shard} gives a node ({@link LocalJoin#envFor}), detached from this
 * command (its own session, its output appended to {@code logs/<name>.log}), wait until it is ready
 * (its ready file in {@code run/} appears once the shards it took serve) and {@code local.json}
 * lists it (as a node added by hand, so {@code local}'s Ctrl-C stops it), and only then go on to
 * the next node. Players see a pause while their room's shard moves, never an error.
 *
 * <p>It refuses when no {@code local} runs in the directory, when that one runs {@code
 * --in-process}, and when fewer than two shard nodes run (a draining node needs another to hand its
 * shards to). It prints a line per node and a summary, and returns status 1 if a node did not exit
 * by itself or a replacement did not become ready; then it stops there, leaving the remaining nodes
 * as they are.
 */
final class LocalRoll {

  /**
   * Beyond the drain timeout: the node leaves the cluster (bounded by 30 s in NodeRunner), then
   * exits.
   */
  static final int LEAVE_SECONDS = 45;

  private static final Duration READY_TIMEOUT = Duration.ofSeconds(120);

  /**
   * How long {@code local} may take to notice a node leave or join (it looks four times a second).
   */
  private static final Duration LISTED_TIMEOUT = Duration.ofSeconds(30);

  private static final Duration KILL_WAIT = Duration.ofSeconds(10);
  private static final long POLL_MILLIS = 100;

  /**
   * What happened to one shard node: its name and pid, how long it took from SIGTERM until it had
   * exited, whether it exited by itself, the replacement's pid (-1 if none started) and how long it
   * took until it was ready and listed (-1 if it was not), and what went wrong, if anything.
   */
  record Step(
      String name,
      long oldPid,
      double drainSeconds,
      boolean exitedByItself,
      long newPid,
      double readySeconds,
      String problem) {

    boolean ok() {
      return exitedByItself && problem == null;
    }
  }

  private final Path dir;
  private final PrintStream out;
  private final NodeProcess.Launcher launcher;
  private final Map<String, String> env;
  private final Duration drainBound;

  /** What the roll is doing now, told if it is interrupted (Ctrl-C); null once it has finished. */
  private volatile String doing = "no node was touched";

  private LocalRoll(
      Path dir,
      PrintStream out,
      NodeProcess.Launcher launcher,
      Map<String, String> env,
      Duration drainBound) {
    this.dir = dir;
    this.out = out;
    this.launcher = launcher;
    this.env = env;
    this.drainBound = drainBound;
  }

  /** {@code groundup local roll [--dir DIR]}; returns the exit status. */
  static int run(List<String> args) throws InterruptedException {
    return run(args, System.out, System.getenv());
  }

  /**
   * The roll of the local cluster in the directory {@code args} name, what it does on {@code out};
   * {@code callerEnv}: the caller's environment, whose {@code GROUNDUP_*} settings reach the
   * replacements under those of the cluster (as with {@code local add}). Returns the exit status.
   */
  static int run(List<String> args, PrintStream out, Map<String, String> callerEnv)
      throws InterruptedException {
    Path dir = Path.of(".groundup");
    for (int i = 0; i < args.size(); i += 2) {
      if (!args.get(i).equals("--dir") || i + 1 >= args.size()) {
        throw new IllegalArgumentException("local roll takes --dir DIR, not " + args.get(i));
      }
      dir = Path.of(args.get(i + 1));
    }
    Map<String, String> joinEnv;
    List<LocalState.Node> shards;
    LocalState state;
    try {
      joinEnv =
          LocalJoin.envFor(
              dir, Role.SHARD, callerEnv); // refuses if no local runs, or it runs in-process
      state = LocalState.read(dir);
      shards = shardNodes(state);
    } catch (IOException e) {
      out.println("groundup local roll: " + e.getMessage());
      return 1;
    }
    if (shards.size() < 2) {
      out.printf(
          "groundup local roll: %d shard node%s in %s: a draining node hands its shards to another, so a"
              + " rolling restart needs at least 2 (with one, players would get unavailable). Add one first:"
              + " ./groundup local add shard%s%n",
          shards.size(),
          shards.size() == 1 ? " runs" : "s run",
          dir.resolve(LocalState.FILE),
          dirOption(dir));
      return 1;
    }
    Map<String, String> env = new LinkedHashMap<>();
    callerEnv.forEach(
        (k, v) -> {
          if (k.startsWith("GROUNDUP_") && !LocalJoin.PER_NODE.contains(k)) {
            env.put(k, v);
          }
        });
    env.putAll(joinEnv);
    env.remove(
        "GROUNDUP_READY_FILE"); // NodeProcess names the node's own ready file in the same run
    // directory
    LocalRoll roll = new LocalRoll(dir, out, launcher(dir), env, drainBound(env));
    Thread hook = new Thread(roll::interrupted, "groundup-local-roll-interrupted");
    Runtime.getRuntime().addShutdownHook(hook);
    try {
      return roll.roll(state, shards);
    } finally {
      roll.doing = null;
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException e) {
        // shutting down already
      }
    }
  }

  /**
   * How the replacements start: like {@code local} starts its nodes (each in a session of its own).
   */
  private static NodeProcess.Launcher launcher(Path dir) {
    NodeProcess.Launcher launcher = NodeProcess.Launcher.current();
    if (Files.isDirectory(
        dir.resolve("cds"))) { // local keeps class-data-sharing archives: use them too
      launcher = launcher.withClassDataSharing();
    }
    if (Files.isExecutable(
        Path.of("/usr/bin/setsid"))) { // detached: Ctrl-C here or a closed terminal spares it
      launcher = launcher.withPrefix(List.of("/usr/bin/setsid"));
    }
    return launcher;
  }

  /**
   * The longest a shard node may take from SIGTERM to its exit: its drain timeout, then leaving the
   * cluster.
   */
  private static Duration drainBound(Map<String, String> env) {
    int drain;
    try {
      drain = new Env(env).integer("GROUNDUP_DRAIN_TIMEOUT_SECONDS", 30, 1, 3600);
    } catch (ConfigException e) {
      drain = 30;
    }
    return Duration.ofSeconds(drain + LEAVE_SECONDS);
  }

  private int roll(LocalState initial, List<LocalState.Node> shards) throws InterruptedException {
    long began = System.nanoTime();
    Path file = dir.resolve(LocalState.FILE);
    out.printf(
        "groundup local roll: restarting the %d shard nodes of %s one at a time (SIGTERM: each hands its"
            + " shards to the others; players see a pause, not errors)%n",
        shards.size(), initial.cluster());
    out.printf("  %-12s %8s  %-27s %-24s %s%n", "NODE", "PID", "DRAINED", "REPLACEMENT", "READY");
    out.flush();
    List<Step> steps = new ArrayList<>();
    int skipped = 0;
    String stopped = null;
    for (LocalState.Node old : shards) {
      LocalState now;
      try {
        now = LocalState.read(dir);
      } catch (IOException e) {
        stopped = "local stopped (" + e.getMessage() + ")";
        break;
      }
      if (!LocalJoin.alive(now.launcherPid())) {
        stopped =
            "the ./groundup local that keeps " + file + " (pid " + now.launcherPid() + ") is gone";
        break;
      }
      if (find(now, n -> n.pid() == old.pid()).isEmpty() || !LocalJoin.alive(old.pid())) {
        out.printf("  %-12s %8d  gone before its turn: skipped%n", old.name(), old.pid());
        skipped++;
        continue;
      }
      long others =
          shardNodes(now).stream()
              .filter(n -> n.pid() != old.pid() && LocalJoin.alive(n.pid()))
              .count();
      if (others == 0) {
        stopped = "no other shard node runs to take the shards of " + old.name();
        break;
      }
      Step step = restart(old);
      steps.add(step);
      if (step.problem() != null) {
        stopped = step.problem();
        break;
      }
      if (!step.exitedByItself()) { // a drain that hangs: do not risk it on the next node too
        stopped =
            old.name() + " did not drain within " + drainBound.toSeconds() + " s (see its log)";
        break;
      }
    }
    int restarted = (int) steps.stream().filter(s -> s.readySeconds() >= 0).count();
    long killed = steps.stream().filter(s -> !s.exitedByItself()).count();
    double took = (System.nanoTime() - began) / 1e9;
    boolean ok = stopped == null && killed == 0;
    StringBuilder summary =
        new StringBuilder(
            String.format(
                "groundup local roll: %s: %d of %d shard nodes restarted" + " in %.1f s",
                ok ? "done" : "FAILED", restarted, shards.size(), took));
    if (skipped > 0) {
      summary.append(", ").append(skipped).append(" gone before their turn");
    }
    summary.append(
        killed == 0
            ? "; every node drained and exited by itself"
            : "; "
                + killed
                + " did NOT exit by itself (killed: their players may have seen unavailable)");
    if (stopped != null) {
      int left = shards.size() - steps.size() - skipped;
      summary
          .append("; stopped: ")
          .append(stopped)
          .append(
              left > 0
                  ? "; " + left + " node" + (left == 1 ? " was" : "s were") + " not restarted"
                  : "");
    } else if (restarted > 0) {
      summary.append("; every replacement ready and listed in ").append(file);
    }
    out.println(summary);
    out.flush();
    return ok ? 0 : 1;
  }

  /**
   * Drains {@code old} (SIGTERM, SIGKILL past the bound), then starts its replacement and waits
   * until it is ready and listed. Prints the node's line as it goes.
   */
  /**
   * The replacement serves health and metrics on the HTTP port of the node it replaces, if that had
   * one.
   */
  private Map<String, String> withHttpPortOf(LocalState.Node old) {
    Integer http = old.ports().get("http");
    if (http == null) {
      return env;
    }
    Map<String, String> withPort = new java.util.HashMap<>(env);
    withPort.put("GROUNDUP_HTTP_PORT", Integer.toString(http));
    return withPort;
  }

  private Step restart(LocalState.Node old) throws InterruptedException {
    Path file = dir.resolve(LocalState.FILE);
    out.printf("  %-12s %8d  ", old.name(), old.pid());
    out.flush();
    ProcessHandle process = ProcessHandle.of(old.pid()).orElse(null);
    long sent = System.nanoTime();
    boolean byItself = true;
    if (process != null) {
      doing =
          old.name()
              + " (pid "
              + old.pid()
              + ") was sent SIGTERM and leaves; no replacement was"
              + " started (./groundup local add shard"
              + dirOption(dir)
              + " starts one)";
      process.destroy();
      byItself = exited(process, drainBound);
      if (!byItself) {
        process.destroyForcibly();
        if (!exited(process, KILL_WAIT)) {
          out.printf(
              "still running %.0f s after SIGTERM and SIGKILL%n", (System.nanoTime() - sent) / 1e9);
          return new Step(
              old.name(),
              old.pid(),
              -1,
              false,
              -1,
              -1,
              old.name() + " (pid " + old.pid() + ") cannot be stopped");
        }
      }
    }
    double drained = (System.nanoTime() - sent) / 1e9;
    out.printf(
        "%-27s ",
        String.format(
            "%.1f s%s",
            drained,
            byItself ? ", exited by itself" : ", KILLED after " + drainBound.toSeconds() + " s"));
    out.flush();
    if (!listedWithin(n -> n.pid() == old.pid(), false)) {
      out.println();
      return new Step(
          old.name(),
          old.pid(),
          drained,
          byItself,
          -1,
          -1,
          file
              + " still lists "
              + old.name()
              + " (pid "
              + old.pid()
              + ") "
              + LISTED_TIMEOUT.toSeconds()
              + " s after it exited: is ./groundup local stuck?");
    }

    long starting = System.nanoTime();
    NodeProcess replacement;
    try {
      replacement = NodeProcess.start(launcher, old.name(), Role.SHARD, withHttpPortOf(old), dir);
    } catch (IOException e) {
      out.println("cannot start: " + e.getMessage());
      return new Step(
          old.name(),
          old.pid(),
          drained,
          byItself,
          -1,
          -1,
          "cannot start a replacement for " + old.name() + ": " + e.getMessage());
    }
    long pid = replacement.pid();
    out.printf("%-24s ", old.name() + " pid " + pid);
    out.flush();
    doing =
        "the replacement "
            + old.name()
            + " (pid "
            + pid
            + ", log "
            + replacement.log()
            + ") keeps starting and"
            + " is listed in "
            + file
            + " once ready";
    try {
      replacement.awaitReady(READY_TIMEOUT);
    } catch (IOException e) {
      boolean running = replacement.isAlive();
      if (running) {
        replacement.stop(Duration.ofSeconds(30));
      }
      out.printf(
          "NOT ready%s; see %s%n",
          running
              ? " within " + READY_TIMEOUT.toSeconds() + " s (stopped it)"
              : " (exited with status " + replacement.process().exitValue() + ")",
          replacement.log());
      return new Step(
          old.name(),
          old.pid(),
          drained,
          byItself,
          pid,
          -1,
          "the replacement of " + old.name() + " did not become ready: " + e.getMessage());
    }
    if (!listedWithin(n -> n.pid() == pid, true)) {
      out.printf("ready, but NOT listed in %s; log %s%n", file, replacement.log());
      return new Step(
          old.name(),
          old.pid(),
          drained,
          byItself,
          pid,
          -1,
          file
              + " does not list "
              + old.name()
              + " (pid "
              + pid
              + ") "
              + LISTED_TIMEOUT.toSeconds()
              + " s after it was ready: is ./groundup local stuck?"
              + " It runs: kill "
              + pid
              + " stops it");
    }
    double ready = (System.nanoTime() - starting) / 1e9;
    doing = "between two nodes: the nodes restarted so far serve; the others were not touched";
    out.printf("%.1f s  (log %s)%n", ready, replacement.log());
    out.flush();
    return new Step(old.name(), old.pid(), drained, byItself, pid, ready, null);
  }

  /** Whether {@code process} exits within {@code timeout}. */
  private static boolean exited(ProcessHandle process, Duration timeout)
      throws InterruptedException {
    try {
      process.onExit().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      return true;
    } catch (TimeoutException e) {
      return !process.isAlive();
    } catch (ExecutionException e) {
      return !process.isAlive();
    }
  }

  /**
   * Waits until local.json lists ({@code listed}) or no longer lists a node matching {@code which}.
   */
  private boolean listedWithin(Predicate<LocalState.Node> which, boolean listed)
      throws InterruptedException {
    long deadline = System.nanoTime() + LISTED_TIMEOUT.toNanos();
    while (true) {
      try {
        if (find(LocalState.read(dir), which).isPresent() == listed) {
          return true;
        }
      } catch (IOException e) {
        return false; // local stopped: local.json is gone
      }
      if (System.nanoTime() > deadline) {
        return false;
      }
      Thread.sleep(POLL_MILLIS);
    }
  }

  private static List<LocalState.Node> shardNodes(LocalState state) {
    return state.nodes().stream().filter(n -> n.role().equals(Role.SHARD.wire())).toList();
  }

  private static Optional<LocalState.Node> find(
      LocalState state, Predicate<LocalState.Node> which) {
    return state.nodes().stream().filter(which).findFirst();
  }

  private static String dirOption(Path dir) {
    return dir.normalize().equals(Path.of(".groundup")) ? "" : " --dir " + dir;
  }

  /** On Ctrl-C or SIGTERM before the roll finished: what state it leaves. */
  private void interrupted() {
    String now = doing;
    if (now != null) {
      out.printf("%ngroundup local roll: interrupted; %s%n", now);
      out.flush();
    }
  }
}
