package dev.groundup.tools.loadgen;

/**
 * How a run is split over processes: each process gets an almost equal share of the connections, a
 * disjoint range of global player indexes, the same rate per connection, and its share of the login
 * concurrency.
 */
public final class Partition {

  /**
   * At most this many connections per process: each process may open at most 20000 files on the
   * machines we run on, and a process needs some for itself.
   */
  public static final int MAX_CONNECTIONS_PER_PROCESS = 15_000;

  /** One process's part of the run. */
  public record Share(
      int process,
      int processes,
      int connections,
      long firstIndex,
      double rate,
      int loginConcurrency) {}

  private Partition() {}

  /** The fewest processes that keep each under {@link #MAX_CONNECTIONS_PER_PROCESS}. */
  public static int autoProcesses(int connections) {
    return Math.max(1, ceilDiv(connections, MAX_CONNECTIONS_PER_PROCESS));
  }

  /** The share of process {@code process} (0-based) of {@code processes}. */
  public static Share share(
      int connections, int processes, int process, double totalRate, int loginConcurrency) {
    if (processes < 1 || process < 0 || process >= processes || processes > connections) {
      throw new IllegalArgumentException(
          "process " + process + " of " + processes + " for " + connections + " connections");
    }
    int base = connections / processes;
    int extra = connections % processes;
    int mine = base + (process < extra ? 1 : 0);
    long first = (long) process * base + Math.min(process, extra);
    double rate = totalRate * mine / connections;
    int logins =
        Math.max(
            1, loginConcurrency / processes + (process < loginConcurrency % processes ? 1 : 0));
    return new Share(process, processes, mine, first, rate, logins);
  }

  static int ceilDiv(int a, int b) {
    return (a + b - 1) / b;
  }
}
