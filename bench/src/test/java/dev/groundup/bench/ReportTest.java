package dev.groundup.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.List;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The report and its plots from known results: what it concludes about each goal, and that the
 * plots are drawn.
 */
class ReportTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  private Path hgrm(String name, long microsFrom, long microsTo) throws IOException {
    Histogram h = new Histogram(3_600_000_000L, 3);
    for (long v = microsFrom; v <= microsTo; v += Math.max(1, (microsTo - microsFrom) / 5000)) {
      h.recordValue(v);
    }
    Path file = dir.resolve(name + ".hgrm");
    try (PrintStream out = new PrintStream(Files.newOutputStream(file))) {
      h.outputPercentileDistribution(out, 1000.0);
    }
    return file;
  }

  private static LoadResult open(double offered, double achieved, double p99, Path hgrm) {
    return new LoadResult(
        offered,
        achieved,
        (long) offered * 4,
        (long) achieved * 4,
        0,
        p99 / 4,
        p99 / 2,
        p99,
        p99 * 1.5,
        p99 * 2,
        hgrm,
        Double.NaN,
        Double.NaN,
        500,
        JSON.createObjectNode());
  }

  private static LoadResult closed(double achieved) {
    return new LoadResult(
        0,
        achieved,
        (long) achieved * 4,
        (long) achieved * 4,
        0,
        1,
        2,
        3,
        4,
        5,
        null,
        Double.NaN,
        Double.NaN,
        500,
        JSON.createObjectNode());
  }

  private Results results(boolean shardedBetter) throws IOException {
    SuiteOptions options = SuiteOptions.standard(dir.resolve("out"), dir.resolve("work"));
    Results r =
        new Results(
            new Machine(2, 24L << 30, "test cpu", "Linux", "25"),
            ZonedDateTime.of(2026, 12, 6, 10, 0, 0, 0, ZoneOffset.UTC),
            options);
    r.echoClosed.add(closed(100_000));
    r.echoClosed.add(closed(90_000));
    r.echoClosed.add(closed(110_000));
    r.echoHalf = open(50_000, 50_000, 1.0, hgrm("echo", 100, 2000));
    Path h = hgrm("design", 200, 4000);
    r.designs.put(
        "in-process",
        new Results.Design(
            "in-process",
            "in-process",
            closed(70_000),
            List.of(
                open(10_000, 10_000, 1.0, h),
                open(40_000, 40_000, 1.5, h),
                open(80_000, 60_000, 900, h)),
            open(35_000, 35_000, 1.8, h)));
    r.designs.put(
        "single",
        new Results.Design(
            "single",
            "single",
            closed(20_000),
            List.of(open(10_000, 10_000, 3.0, h), open(40_000, 30_000, 2000, h)),
            open(10_000, 10_000, 3.0, h)));
    double shardedP99 = shardedBetter ? 2.0 : 4.0;
    r.designs.put(
        "sharded",
        new Results.Design(
            "sharded",
            "sharded",
            closed(45_000),
            List.of(
                open(10_000, 10_000, shardedP99, h),
                open(40_000, 40_000, 4.5, h),
                open(80_000, 50_000, 3000, h)),
            open(22_500, 22_500, 4.0, h)));
    ObjectNode idle = JSON.createObjectNode();
    idle.put("connected", 15_000);
    ObjectNode gateway = idle.putArray("servers").addObject();
    gateway.put("label", "gateway-1 (gateway)");
    gateway.put("heap_before_bytes", 20 << 20);
    gateway.put("heap_after_bytes", 120 << 20);
    gateway.put("heap_per_connection_bytes", 7000.0);
    gateway.put("rss_per_connection_bytes", 9000.0);
    r.idle =
        new LoadResult(
            0,
            0,
            0,
            0,
            0,
            Double.NaN,
            Double.NaN,
            Double.NaN,
            Double.NaN,
            Double.NaN,
            null,
            7500,
            9500,
            900,
            idle);
    r.move = open(2000, 2000, 80, null);
    r.took = Duration.ofMinutes(9).plusSeconds(5);
    r.commands.add("./groundup loadgen --port 1 --mode closed");
    r.handoff =
        JSON.readTree(
            """
        {"bench":"handoff","shards":64,"pauseP50Ms":150,"pauseMaxMs":420,"roomMoves":30,"rollingRestartMs":21000,
         "problems":0,"ok":true,"steps":[
          {"step":"join shard-3","moved":21,"errors":0,"tookMs":9000,"maxPauseMs":420},
          {"step":"leave shard-3 (SIGTERM)","moved":21,"errors":0,"tookMs":4000,"maxPauseMs":0},
          {"step":"drain shard-1 (SIGTERM)","moved":32,"errors":0,"tookMs":3500,"maxPauseMs":130},
          {"step":"restart shard-1","moved":32,"errors":0,"tookMs":3000,"maxPauseMs":210},
          {"step":"drain shard-2 (SIGTERM)","moved":32,"errors":0,"tookMs":3500,"maxPauseMs":120},
          {"step":"restart shard-2","moved":32,"errors":0,"tookMs":3000,"maxPauseMs":200}]}""");
    return r;
  }

  @Test
  void theReportJudgesEachGoalFromTheNumbers() throws Exception {
    Path file = Report.write(results(true));
    assertThat(file.getFileName().toString()).isEqualTo("2026-12-06-2c-24g.md");
    String md = Files.readString(file);
    // the baseline is the median of the echo runs
    assertThat(md).contains("**100,000 round trips/s**");
    // in-process: max 70,000 = 70 % of 100,000 (met); p99 at half 1.8 ms (met)
    assertThat(md)
        .contains(
            "| `ping` round trips/s in-process, share of the echo baseline | 60 % | 70 % (70,000 of 100,000) | met |");
    assertThat(md)
        .contains("| p99 at 50 % of its own maximum, in-process | ≤ 2.00 ms | 1.80 ms | met |");
    // sharded: max = the better of its closed loop (45,000) and its open-loop steps kept up
    // (40,000): 45 %
    assertThat(md).contains("45 % (45,000 of 100,000) | met |");
    // idle: the gateway's 7000 B per connection is under 8 KiB
    assertThat(md).contains("6.8 KiB (all processes: 7.3 KiB) | met |");
    assertThat(md).contains("| `sharded` beats `single`", "yes (max 45,000 vs 20,000) | met |");
    assertThat(md)
        .contains(
            "| join shard-3 | 21 | 0 | 420 ms | 9.0 s |",
            "| leave shard-3 (SIGTERM) | 21 | 0 | no room moved | 4.0 s |",
            "`./groundup bench handoff`: 2 shard nodes",
            "p50 150 ms, max 420 ms (30 room moves)",
            "took 21.0 s");
    assertThat(md)
        .contains(
            "| single | 10,000 | 10,000 |",
            "**no**",
            "./groundup loadgen --port 1 --mode closed",
            "the suite took 9 min 5 s",
            "./groundup bench`");
    for (String plot : List.of("throughput", "p99", "percentiles")) {
      Path svg = file.resolveSibling("2026-12-06-2c-24g-" + plot + ".svg");
      assertThat(md).contains("(2026-12-06-2c-24g-" + plot + ".svg)");
      String text = Files.readString(svg);
      assertThat(text.strip())
          .as(plot)
          .contains("<svg", "width='" + Charts.WIDTH + ".0'", "sharded", "single")
          .endsWith("</svg>");
    }
  }

  @Test
  void shardedLosingToSingleAtARateIsAMissedGoalThatSaysWhere() throws Exception {
    Results r = results(false);
    // single's maximum is 20,000: 25 % of it is 5,000, so the 10,000/s step counts
    String why = Report.shardedBeatsSingle(r.designs.get("single"), r.designs.get("sharded"));
    assertThat(why).isEqualTo("p99 at 10,000/s: 4.00 ms vs single's 3.00 ms");
    assertThat(Files.readString(Report.write(r))).contains(why + " | **missed** |");
  }

  @Test
  void optionsParseAndRefuseReadably() {
    SuiteOptions quick =
        SuiteOptions.parse(
            List.of("--quick", "--idle-connections", "500", "--takeover-trials", "0"));
    assertThat(quick.quick()).isTrue();
    assertThat(quick.idleConnections()).isEqualTo(500);
    assertThat(quick.takeoverTrials()).isZero();
    assertThat(quick.command())
        .isEqualTo("./groundup bench --quick --idle-connections 500 --takeover-trials 0");
    assertThat(SuiteOptions.parse(List.of()).command()).isEqualTo("./groundup bench");
    assertThatThrownBy(() -> SuiteOptions.parse(List.of("--idle-connections", "0")))
        .hasMessageContaining("--idle-connections must be a whole number of at least 1");
    assertThatThrownBy(() -> SuiteOptions.parse(List.of("--bogus")))
        .hasMessageContaining("unknown option '--bogus'");
    assertThatThrownBy(() -> SuiteOptions.parse(List.of("--out")))
        .hasMessageContaining("--out needs a value");
  }
}
