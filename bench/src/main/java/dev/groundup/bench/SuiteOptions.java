package dev.groundup.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * How big the suite's runs are. {@link #standard} is what the committed reports use; {@link #quick}
 * is a smoke run of every step (minutes shorter, numbers not for publishing).
 *
 * @param out where the report and its plots go
 * @param work where clusters keep their logs and the load generator its files
 * @param connections connections of every ping run
 * @param warmup warm-up of every timed run
 * @param measure measurement of every timed run
 * @param echoRuns closed-loop runs of the echo server (the baseline is their median)
 * @param rampFractions the open-loop rates, as fractions of the echo baseline
 * @param moveBots bots of the move run, in {@code moveRooms} rooms, moving {@code moveRate} times a
 *     second in all
 * @param idleConnections connections of the idle run
 * @param takeoverTrials kill -9 trials of the takeover run (0 leaves it and the handoff run out)
 */
record SuiteOptions(
    Path out,
    Path work,
    int connections,
    Duration warmup,
    Duration measure,
    int echoRuns,
    List<Double> rampFractions,
    int moveBots,
    int moveRooms,
    int moveRate,
    int idleConnections,
    int takeoverTrials,
    boolean quick) {

  static final List<Double> RAMP = List.of(0.05, 0.1, 0.2, 0.25, 0.3, 0.4, 0.5, 0.65, 0.8);

  static SuiteOptions standard(Path out, Path work) {
    return new SuiteOptions(
        out,
        work,
        100,
        Duration.ofSeconds(2),
        Duration.ofSeconds(4),
        3,
        RAMP,
        1000,
        50,
        2000,
        15_000,
        3,
        false);
  }

  static SuiteOptions quick(Path out, Path work) {
    return new SuiteOptions(
        out,
        work,
        50,
        Duration.ofSeconds(1),
        Duration.ofSeconds(2),
        1,
        List.of(0.05, 0.2, 0.5),
        200,
        10,
        400,
        1000,
        1,
        true);
  }

  static SuiteOptions parse(List<String> args) {
    Path out = Path.of("docs", "benchmarks");
    Path work = Path.of(".groundup", "bench");
    boolean quick = false;
    Integer idle = null;
    Integer trials = null;
    for (int i = 0; i < args.size(); i++) {
      String a = args.get(i);
      switch (a) {
        case "--quick" -> quick = true;
        case "--out" -> out = Path.of(value(args, ++i, a));
        case "--idle-connections" -> idle = count(value(args, ++i, a), a, 1);
        case "--takeover-trials" -> trials = count(value(args, ++i, a), a, 0);
        default ->
            throw new IllegalArgumentException(
                "unknown option '"
                    + a
                    + "' (--quick, --out DIR, "
                    + "--idle-connections N, --takeover-trials N)");
      }
    }
    SuiteOptions o = quick ? quick(out, work) : standard(out, work);
    return new SuiteOptions(
        o.out,
        o.work,
        o.connections,
        o.warmup,
        o.measure,
        o.echoRuns,
        o.rampFractions,
        o.moveBots,
        o.moveRooms,
        o.moveRate,
        idle == null ? o.idleConnections : idle,
        trials == null ? o.takeoverTrials : trials,
        o.quick);
  }

  private static String value(List<String> args, int i, String option) {
    if (i >= args.size()) {
      throw new IllegalArgumentException(option + " needs a value");
    }
    return args.get(i);
  }

  private static int count(String value, String option, int min) {
    try {
      int n = Integer.parseInt(value);
      if (n >= min) {
        return n;
      }
    } catch (NumberFormatException ignored) {
      // the message below
    }
    throw new IllegalArgumentException(
        option + " must be a whole number of at least " + min + ", not '" + value + "'");
  }

  /** The command line that reproduces this run. */
  String command() {
    StringBuilder b = new StringBuilder("./groundup bench");
    if (quick) {
      b.append(" --quick");
    }
    SuiteOptions base = quick ? quick(out, work) : standard(out, work);
    if (idleConnections != base.idleConnections) {
      b.append(" --idle-connections ").append(idleConnections);
    }
    if (takeoverTrials != base.takeoverTrials) {
      b.append(" --takeover-trials ").append(takeoverTrials);
    }
    return b.toString();
  }
}
