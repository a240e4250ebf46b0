package dev.groundup.bench;

import static dev.groundup.bench.Suite.ms;
import static dev.groundup.bench.Suite.rate;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Writes {@code <out>/<date>-<machine>.md} and its plots ({@code <date>-<machine>-*.svg} next to
 * it): the goals met or missed, the baseline, each configuration's maximum and open-loop ramp,
 * move, idle memory and takeover, and every command that was run.
 */
final class Report {

  static final double IN_PROCESS_SHARE = 0.60;
  static final double CLUSTERED_SHARE = 0.40;
  static final double IN_PROCESS_P99_MS = 2;
  static final double CLUSTERED_P99_MS = 5;
  static final double IDLE_HEAP_BYTES = 8 * 1024;

  private final Results r;
  private final StringBuilder md = new StringBuilder();

  private Report(Results r) {
    this.r = r;
  }

  /** Writes the report and its plots; returns the report's path. */
  static Path write(Results results) throws IOException {
    Files.createDirectories(results.options.out());
    String base =
        results.started.format(DateTimeFormatter.ISO_LOCAL_DATE)
            + "-"
            + results.machine.slug()
            + (results.options.quick() ? "-quick" : "");
    Report report = new Report(results);
    report.plots(base);
    report.render(base);
    Path file = results.options.out().resolve(base + ".md");
    Files.writeString(file, report.md.toString(), StandardCharsets.UTF_8);
    return file;
  }

  private void plots(String base) throws IOException {
    Path out = r.options.out();
    List<Charts.Line> throughput = new ArrayList<>();
    List<Charts.Line> p99 = new ArrayList<>();
    List<Charts.Line> percentiles = new ArrayList<>();
    for (Results.Design d : r.designs.values()) {
      List<double[]> t = new ArrayList<>();
      List<double[]> l = new ArrayList<>();
      for (LoadResult step : d.ramp()) {
        t.add(new double[] {step.offered(), step.achieved()});
        l.add(new double[] {step.offered(), step.p99()});
      }
      throughput.add(new Charts.Line(d.label(), t));
      p99.add(new Charts.Line(d.label(), l));
      if (d.half().histogram() != null && Files.exists(d.half().histogram())) {
        percentiles.add(
            new Charts.Line(
                d.label() + " at " + rate(d.half().offered()) + "/s",
                Charts.percentileCurve(d.half().histogram())));
      }
    }
    if (r.echoHalf != null
        && r.echoHalf.histogram() != null
        && Files.exists(r.echoHalf.histogram())) {
      percentiles.add(
          new Charts.Line(
              "echo baseline at " + rate(r.echoHalf.offered()) + "/s",
              Charts.percentileCurve(r.echoHalf.histogram())));
    }
    Charts.plot(
        out.resolve(base + "-throughput.svg"),
        "ping: answered against offered (open loop); echo baseline " + rate(r.echoMax()) + "/s",
        "offered round trips/s",
        "answered round trips/s",
        throughput,
        false,
        false,
        r.echoMax(),
        "echo baseline (closed loop) " + rate(r.echoMax()) + "/s");
    Charts.plot(
        out.resolve(base + "-p99.svg"),
        "ping: p99 latency against offered load (open loop)",
        "offered round trips/s",
        "p99 latency (ms, log)",
        p99,
        false,
        true,
        Double.NaN,
        null);
    Charts.plot(
        out.resolve(base + "-percentiles.svg"),
        "ping latency by percentile, each at half its own maximum",
        "percentile (1/(1-p): 10 = 90 %, 100 = 99 %, 1000 = 99.9 %)",
        "latency (ms, log)",
        percentiles,
        true,
        true,
        Double.NaN,
        null);
  }

  private void render(String base) {
    String date = r.started.format(DateTimeFormatter.ISO_LOCAL_DATE);
    line("# groundup benchmarks — %s, %s", date, r.machine.slug());
    line("");
    if (r.options.quick()) {
      line(
          "**A `--quick` smoke run: runs too short to publish; use `./groundup bench` for numbers.**");
      line("");
    }
    line("- **Machine**: %s.", r.machine.describe());
    line(
        "- **When**: %s; the suite took %d min %d s.",
        r.started.format(DateTimeFormatter.ISO_OFFSET_DATE_TIME),
        r.took.toMinutes(),
        r.took.toSecondsPart());
    line(
        "- **Command**: `%s` on a clean clone (it builds, brings up every configuration itself, and writes this "
            + "file and its plots).",
        r.options.command());
    line(
        "- **Setup**: every server runs in its own JVM(s) (`-XX:+UseSerialGC -Xmx512m`, as `./groundup local`), "
            + "the load generator in another; all share the machine's %d cores, so the load generator's own CPU is part "
            + "of every figure. The cluster is `./groundup local`'s: 2 registry nodes, 2 shard nodes and 1 gateway, "
            + "on loopback. Rate limits are raised (`GROUNDUP_RATE_PER_SECOND=1000000`) so that load, not the limiter, "
            + "is measured.",
        r.machine.cores());
    line(
        "- **Load**: `ping` runs use %d connections. A configuration's maximum is the better of a closed-loop run "
            + "(pipeline 1: each connection sends its next ping when the last is answered) and the highest open-loop "
            + "step it kept up with; open loop sends on a schedule and measures latency from each message's *intended* send time (no "
            + "coordinated omission), %d s of warm-up then %d s measured per step. A step *keeps up* when it answers "
            + "≥ 95 %% of the offered rate, loses or refuses ≤ 0.1 %%, and p99.9 stays under 1 s; the ramp stops "
            + "at the first step that does not.",
        r.options.connections(), r.options.warmup().toSeconds(), r.options.measure().toSeconds());
    line("");
    for (String note : r.notes) {
      line("> %s", note);
      line("");
    }
    goals();
    baseline();
    designs(base);
    move();
    idle();
    takeover();
    commands();
  }

  private void goals() {
    line("## The goals");
    line("");
    line("| goal | target | measured | |");
    line("| --- | --- | --- | --- |");
    double echo = r.echoMax();
    Results.Design in = r.designs.get("in-process");
    Results.Design sharded = r.designs.get("sharded");
    Results.Design single = r.designs.get("single");
    if (in != null) {
      goal(
          "`ping` round trips/s in-process, share of the echo baseline",
          pct(IN_PROCESS_SHARE),
          pct(in.max() / echo) + " (" + rate(in.max()) + " of " + rate(echo) + ")",
          in.max() / echo >= IN_PROCESS_SHARE);
      goal(
          "p99 at 50 % of its own maximum, in-process",
          "≤ " + ms(IN_PROCESS_P99_MS) + " ms",
          ms(in.half().p99()) + " ms",
          in.half().p99() <= IN_PROCESS_P99_MS);
    }
    if (sharded != null) {
      goal(
          "`ping` round trips/s clustered (sharded), share of the echo baseline",
          pct(CLUSTERED_SHARE),
          pct(sharded.max() / echo) + " (" + rate(sharded.max()) + " of " + rate(echo) + ")",
          sharded.max() / echo >= CLUSTERED_SHARE);
      goal(
          "p99 at 50 % of its own maximum, clustered (sharded)",
          "≤ " + ms(CLUSTERED_P99_MS) + " ms",
          ms(sharded.half().p99()) + " ms",
          sharded.half().p99() <= CLUSTERED_P99_MS);
    }
    if (r.idle != null) {
      double gateway = gatewayHeapPerConnection();
      goal(
          "heap per idle logged-in connection (gateway, where the connection lives)",
          "≤ 8 KiB",
          kib(gateway) + " (all processes: " + kib(r.idle.heapPerConnection()) + ")",
          gateway <= IDLE_HEAP_BYTES);
    }
    if (sharded != null && single != null) {
      String why = shardedBeatsSingle(single, sharded);
      goal(
          "`sharded` beats `single`: higher maximum, lower p99 at every rate above 25 % of single's maximum",
          "yes",
          why.isEmpty()
              ? "yes (max " + rate(sharded.max()) + " vs " + rate(single.max()) + ")"
              : why,
          why.isEmpty());
    }
    line("");
  }

  /** Empty when sharded beats single as the goal says, else what contradicts it. */
  static String shardedBeatsSingle(Results.Design single, Results.Design sharded) {
    List<String> against = new ArrayList<>();
    if (sharded.max() <= single.max()) {
      against.add("max " + rate(sharded.max()) + " ≤ single's " + rate(single.max()));
    }
    double threshold = 0.25 * single.max();
    for (LoadResult s : single.ramp()) {
      if (s.offered() <= threshold) {
        continue;
      }
      LoadResult match =
          sharded.ramp().stream()
              .filter(x -> Math.abs(x.offered() - s.offered()) < 1)
              .findFirst()
              .orElse(null);
      if (match == null) {
        against.add("no sharded step at " + rate(s.offered()) + "/s");
      } else if (match.p99() >= s.p99()) {
        against.add(
            "p99 at "
                + rate(s.offered())
                + "/s: "
                + ms(match.p99())
                + " ms vs single's "
                + ms(s.p99())
                + " ms");
      }
    }
    return String.join("; ", against);
  }

  private double gatewayHeapPerConnection() {
    for (JsonNode s : r.idle.raw().path("servers")) {
      if (s.path("label").asText().startsWith("gateway")) {
        return s.path("heap_per_connection_bytes").asDouble(Double.NaN);
      }
    }
    return Double.NaN;
  }

  private void goal(String what, String target, String measured, boolean met) {
    line("| %s | %s | %s | %s |", what, target, measured, met ? "met" : "**missed**");
  }

  private void baseline() {
    line("## The baseline: a plain Vert.x NetServer echo");
    line("");
    line(
        "The same `ping` lines to `./groundup loadgen echo-server` (a Vert.x NetServer that frames lines as the "
            + "gateway does and writes each one back: no JSON, no routing, no event bus), in its own JVM. Its "
            + "closed-loop maximum, the median of %d runs, is what every figure is divided by: **%s round trips/s**.",
        r.echoClosed.size(), rate(r.echoMax()));
    line("");
    line("| run | round trips/s | p50 ms | p99 ms | p99.9 ms |");
    line("| --- | --- | --- | --- | --- |");
    int i = 1;
    for (LoadResult e : r.echoClosed) {
      line(
          "| closed loop %d | %s | %s | %s | %s |",
          i++, rate(e.achieved()), ms(e.p50()), ms(e.p99()), ms(e.p999()));
    }
    if (r.echoHalf != null) {
      line(
          "| open loop at %s/s | %s | %s | %s | %s |",
          rate(r.echoHalf.offered()),
          rate(r.echoHalf.achieved()),
          ms(r.echoHalf.p50()),
          ms(r.echoHalf.p99()),
          ms(r.echoHalf.p999()));
    }
    line("");
  }

  private void designs(String base) {
    line("## The three designs, and in-process against clustered");
    line("");
    line(
        "Routing `single` sends every player's operations to one shard verticle (one event loop: one queue for "
            + "everyone), `per-connection` gives each connection its own session verticle, `sharded` hashes players "
            + "onto 64 virtual shards spread over the shard nodes (n players onto m workers). `in-process` is "
            + "`./groundup local --in-process`: registry, shards and gateway in one JVM on the local event bus, "
            + "routing `sharded` — it keeps none of the durability promise and shows what the cluster hop costs.");
    line("");
    line(
        "| configuration | closed loop round trips/s | highest open-loop rate kept up | max (the better) | share of echo | "
            + "at half its max: rate | p50 ms | p99 ms | p99.9 ms |");
    line("| --- | --- | --- | --- | --- | --- | --- | --- | --- |");
    for (Results.Design d : r.designs.values()) {
      line(
          "| %s | %s | %s | %s | %s | %s | %s | %s | %s |",
          d.label(),
          rate(d.closed().achieved()),
          rate(d.sustainedOpenLoop()),
          rate(d.max()),
          pct(d.max() / r.echoMax()),
          rate(d.half().offered()),
          ms(d.half().p50()),
          ms(d.half().p99()),
          ms(d.half().p999()));
    }
    line("");
    line("![answered against offered](%s-throughput.svg)", base);
    line("");
    line("![p99 against offered](%s-p99.svg)", base);
    line("");
    line("![latency by percentile](%s-percentiles.svg)", base);
    line("");
    line("### Each step of the open-loop ramps");
    line("");
    line(
        "| configuration | offered/s | answered/s | p50 ms | p99 ms | p99.9 ms | max ms | lost or refused | kept up |");
    line("| --- | --- | --- | --- | --- | --- | --- | --- | --- |");
    for (Results.Design d : r.designs.values()) {
      for (LoadResult s : d.ramp()) {
        line(
            "| %s | %s | %s | %s | %s | %s | %s | %d | %s |",
            d.label(),
            rate(s.offered()),
            rate(s.achieved()),
            ms(s.p50()),
            ms(s.p99()),
            ms(s.p999()),
            ms(s.max()),
            s.failed(),
            s.keptUp() ? "yes" : "**no**");
      }
    }
    line("");
  }

  private void move() {
    if (r.move == null) {
      return;
    }
    LoadResult m = r.move;
    line("## move → ack");
    line("");
    line(
        "%d bots in %d rooms of the clustered `sharded` configuration, %s moves/s in all, rooms ticking at 20/s. "
            + "A move is acknowledged after the tick that applied it is stored (with its backup), so the latency "
            + "includes waiting for the next tick (up to 50 ms) and the store.",
        r.options.moveBots(), r.options.moveRooms(), rate(m.offered()));
    line("");
    line("| moves/s answered | p50 ms | p90 ms | p99 ms | p99.9 ms | max ms | lost or refused |");
    line("| --- | --- | --- | --- | --- | --- | --- |");
    line(
        "| %s | %s | %s | %s | %s | %s | %d |",
        rate(m.achieved()),
        ms(m.p50()),
        ms(m.p90()),
        ms(m.p99()),
        ms(m.p999()),
        ms(m.max()),
        m.failed());
    line("");
  }

  private void idle() {
    if (r.idle == null) {
      return;
    }
    line("## Idle connections");
    line("");
    line(
        "%s logged-in connections held idle against the clustered `sharded` configuration (set up at %s "
            + "connections/s, login included). Live heap after a full GC and resident memory, before and after, per "
            + "process:",
        rate(r.idle.raw().path("connected").asDouble()), rate(r.idle.setupRate()));
    line("");
    line("| process | heap before | heap after | heap per connection | RSS per connection |");
    line("| --- | --- | --- | --- | --- |");
    for (JsonNode s : r.idle.raw().path("servers")) {
      line(
          "| %s | %s | %s | %s | %s |",
          s.path("label").asText(),
          mib(s.path("heap_before_bytes").asDouble()),
          mib(s.path("heap_after_bytes").asDouble()),
          kib(s.path("heap_per_connection_bytes").asDouble()),
          kib(s.path("rss_per_connection_bytes").asDouble()));
    }
    line("| all | | | %s | %s |", kib(r.idle.heapPerConnection()), kib(r.idle.rssPerConnection()));
    line("");
  }

  private void takeover() {
    line("## Takeover and handoff");
    line("");
    if (r.takeover == null) {
      line(
          "Takeover was not run%s.",
          r.options.takeoverTrials() == 0 ? " (`--takeover-trials 0`)" : "");
    } else {
      JsonNode t = r.takeover;
      line(
          "`./groundup bench takeover --trials %d --rooms 5`: kill -9 of the shard node that runs the bots' rooms; "
              + "the time from the kill to each room's first acknowledged move from its new owner.",
          t.path("trials").asInt());
      line("");
      line(
          "| rooms | kill → first new ack p50 | p90 | max | kill → first `unavailable` p50 | max | acknowledged moves lost |");
      line("| --- | --- | --- | --- | --- | --- | --- |");
      line(
          "| %d | %d ms | %d ms | %d ms | %d ms | %d ms | %d |",
          t.path("rooms").asInt(),
          t.path("servedAgainP50Ms").asLong(),
          t.path("servedAgainP90Ms").asLong(),
          t.path("servedAgainMaxMs").asLong(),
          t.path("firstUnavailableP50Ms").asLong(),
          t.path("firstUnavailableMaxMs").asLong(),
          t.path("violations").asLong());
    }
    line("");
    if (r.handoff == null) {
      line(
          "Handoff was not run%s.",
          r.options.takeoverTrials() == 0 ? " (`--takeover-trials 0`)" : "");
    } else {
      JsonNode h = r.handoff;
      line(
          "`./groundup bench handoff`: %d shard nodes with bots playing in rooms spread over them; a shard node "
              + "joins, then leaves with SIGTERM, then every shard node is drained with SIGTERM and replaced, one at a "
              + "time. *Moved*: virtual shards whose lease took a new epoch. *Pause*: the longest time between two "
              + "acks in a room whose shard moved.",
          h.path("steps").size() / 2 - 1);
      line("");
      line(
          "| step | shards moved (of %d) | errors | longest pause in a moved room | took |",
          h.path("shards").asInt());
      line("| --- | --- | --- | --- | --- |");
      for (JsonNode step : h.path("steps")) {
        line(
            "| %s | %d | %d | %s | %.1f s |",
            step.path("step").asText(),
            step.path("moved").asInt(),
            step.path("errors").asLong(),
            step.path("maxPauseMs").asLong() == 0
                ? "no room moved"
                : step.path("maxPauseMs").asLong() + " ms",
            step.path("tookMs").asLong() / 1000.0);
      }
      line("");
      line(
          "Pause per moved room over all steps: p50 %d ms, max %d ms (%d room moves). The rolling restart took "
              + "%.1f s. Errors seen by the bots: %d; acknowledged moves lost: %s.",
          h.path("pauseP50Ms").asLong(),
          h.path("pauseMaxMs").asLong(),
          h.path("roomMoves").asLong(),
          h.path("rollingRestartMs").asLong() / 1000.0,
          h.path("problems").asLong(),
          h.path("ok").asBoolean() ? "none" : "see the run's log");
    }
    line("");
  }

  private void commands() {
    line("## Every load-generator command of this run");
    line("");
    line(
        "Each ran against the configuration of its section (ports differ from run to run; `./groundup local "
            + "[--in-process] [--routing R]` with `GROUNDUP_RATE_PER_SECOND=1000000 GROUNDUP_RATE_BURST=1000000` "
            + "brings one up by hand; `./groundup loadgen echo-server` the baseline).");
    line("");
    line("```");
    r.commands.forEach(c -> line("%s", c));
    line("```");
  }

  private void line(String format, Object... args) {
    md.append(String.format(Locale.ROOT, format, args)).append('\n');
  }

  private static String pct(double v) {
    return Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, "%.0f %%", v * 100);
  }

  private static String kib(double bytes) {
    return Double.isNaN(bytes) ? "n/a" : String.format(Locale.ROOT, "%.1f KiB", bytes / 1024);
  }

  private static String mib(double bytes) {
    return Double.isNaN(bytes)
        ? "n/a"
        : String.format(Locale.ROOT, "%.0f MiB", bytes / (1024 * 1024));
  }
}
