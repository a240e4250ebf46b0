package dev.groundup.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The machine a report was measured on: cores, memory, processor, operating system and JDK, and a
 * short slug for file names ({@code 2c-24g}).
 */
record Machine(int cores, long memoryBytes, String cpu, String os, String jdk) {

  static Machine detect() {
    long memory =
        ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
            .getTotalMemorySize();
    return new Machine(
        Runtime.getRuntime().availableProcessors(),
        memory,
        cpuModel(),
        System.getProperty("os.name")
            + " "
            + System.getProperty("os.version")
            + " "
            + System.getProperty("os.arch"),
        System.getProperty("java.vm.vendor") + " " + Runtime.version());
  }

  private static String cpuModel() {
    try {
      return Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
          .filter(l -> l.startsWith("model name"))
          .map(l -> l.substring(l.indexOf(':') + 1).trim())
          .findFirst()
          .orElse("unknown");
    } catch (IOException | RuntimeException e) {
      return "unknown";
    }
  }

  /** For file names: cores and memory, e.g. {@code 2c-24g}. */
  String slug() {
    return String.format(
        Locale.ROOT, "%dc-%dg", cores, Math.round(memoryBytes / (1024.0 * 1024 * 1024)));
  }

  String describe() {
    return String.format(
        Locale.ROOT,
        "%d cores (%s), %.1f GiB memory, %s, JDK %s",
        cores,
        cpu,
        memoryBytes / (1024.0 * 1024 * 1024),
        os,
        jdk);
  }
}
