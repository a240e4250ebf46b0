package dev.groundup.bench;

/** Parsing shared by the benchmarks' command-line options. */
final class BenchOptions {

  private BenchOptions() {}

  /** The value of {@code option} as a number of at least 1, or a clear error. */
  static int positive(String option, String value) {
    if (value == null) {
      throw new IllegalArgumentException(option + " needs a value");
    }
    try {
      int n = Integer.parseInt(value);
      if (n < 1) {
        throw new IllegalArgumentException(option + " must be at least 1");
      }
      return n;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(option + " needs a number, not " + value);
    }
  }
}
