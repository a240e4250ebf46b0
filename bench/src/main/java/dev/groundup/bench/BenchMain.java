package dev.groundup.bench;

import dev.groundup.node.HandoffBench;
import dev.groundup.node.HostileBench;
import dev.groundup.node.TakeoverBench;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * {@code ./groundup bench}: the whole suite ({@link Suite}, then {@link Report}), or {@code
 * ./groundup bench takeover ...} or {@code ./groundup bench handoff ...} alone.
 */
public final class BenchMain {

  private static final String USAGE =
      """
      usage: groundup bench [--quick] [--out DIR] [--idle-connections N] [--takeover-trials N]
             groundup bench takeover [--trials 10] [--rooms 5] [--bots 2] [--shards 3]
             groundup bench handoff [--shards 3] [--rooms 24] [--bots 2] [--warmup 30]
             groundup bench hostile [--bots 1000] [--cap 3000] [--slow 1000] [--phase 30]""";

  private BenchMain() {}

  public static void main(String[] args) throws Exception {
    List<String> a = Arrays.asList(args);
    if (!a.isEmpty() && a.getFirst().equals("takeover")) {
      System.exit(TakeoverBench.run(a.subList(1, a.size())));
    }
    if (!a.isEmpty() && a.getFirst().equals("handoff")) {
      System.exit(HandoffBench.run(a.subList(1, a.size())));
    }
    if (!a.isEmpty() && a.getFirst().equals("hostile")) {
      System.exit(HostileBench.run(a.subList(1, a.size())));
    }
    if (a.contains("-h") || a.contains("--help")) {
      System.out.println(USAGE);
      System.exit(0);
    }
    SuiteOptions options;
    try {
      options = SuiteOptions.parse(a);
    } catch (IllegalArgumentException e) {
      System.err.println("groundup bench: " + e.getMessage());
      System.err.println(USAGE);
      System.exit(2);
      return;
    }
    Results results = Suite.run(options);
    Path report = Report.write(results);
    System.out.printf(
        "groundup bench: report written to %s (%d min %d s)%n",
        report, results.took.toMinutes(), results.took.toSecondsPart());
    System.exit(0);
  }
}
