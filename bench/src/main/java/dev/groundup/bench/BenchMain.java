package dev.groundup.bench;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;

/**
 * {@code ./groundup bench ...}: the one dispatcher of every benchmark. Without a subcommand it runs
 * the whole suite ({@link Suite}, then {@link Report}); {@code takeover}, {@code handoff} and
 * {@code hostile} run {@link TakeoverBench}, {@link HandoffBench} and {@link HostileBench} alone.
 * ({@code bench micro} is JMH, which the launcher script runs directly.) A bad option prints the
 * usage and exits with status 2.
 */
public final class BenchMain {

  private static final String USAGE =
      """
      usage: groundup bench [--quick] [--out DIR] [--idle-connections N] [--takeover-trials N]
             groundup bench takeover [--trials 10] [--rooms 5] [--bots 2] [--shards 3]
             groundup bench handoff [--shards 3] [--rooms 24] [--bots 2] [--warmup 30]
             groundup bench hostile [--bots 1000] [--cap 3000] [--slow 1000] [--phase 30]
             groundup bench micro [JMH options] [filter]""";

  private BenchMain() {}

  public static void main(String[] args) throws Exception {
    List<String> a = Arrays.asList(args);
    if (a.contains("-h") || a.contains("--help") || a.equals(List.of("help"))) {
      System.out.println(USAGE);
      System.exit(0);
    }
    String which = a.isEmpty() ? "" : a.getFirst();
    List<String> rest = a.subList(Math.min(1, a.size()), a.size());
    switch (which) {
      case "takeover" ->
          System.exit(TakeoverBench.run(parse(() -> TakeoverBench.Options.parse(rest))));
      case "handoff" ->
          System.exit(HandoffBench.run(parse(() -> HandoffBench.Options.parse(rest))));
      case "hostile" ->
          System.exit(HostileBench.run(parse(() -> HostileBench.Options.parse(rest))));
      case "micro" -> usage("bench micro runs JMH: start it with ./groundup bench micro");
      default -> System.exit(suite(parse(() -> SuiteOptions.parse(a))));
    }
  }

  private static int suite(SuiteOptions options) throws Exception {
    Results results = Suite.run(options);
    Path report = Report.write(results);
    System.out.printf(
        "groundup bench: report written to %s (%d min %d s)%n",
        report, results.took.toMinutes(), results.took.toSecondsPart());
    return 0;
  }

  /** The options {@code parse} reads, or the usage and status 2 when they are wrong. */
  private static <T> T parse(Supplier<T> parse) {
    try {
      return parse.get();
    } catch (IllegalArgumentException e) {
      usage(e.getMessage());
      throw e;
    }
  }

  private static void usage(String message) {
    System.err.println("groundup bench: " + message);
    System.err.println(USAGE);
    System.exit(2);
  }
}
