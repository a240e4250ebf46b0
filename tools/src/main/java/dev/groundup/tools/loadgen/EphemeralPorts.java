package dev.groundup.tools.loadgen;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * How many local ports the kernel hands out for outgoing connections (per source/destination pair).
 */
final class EphemeralPorts {

  /** Linux's default range, 32768-60999. */
  static final int LINUX_DEFAULT = 28_232;

  private static final Path RANGE = Path.of("/proc/sys/net/ipv4/ip_local_port_range");

  private EphemeralPorts() {}

  static int available() {
    try {
      return Files.isReadable(RANGE) ? parse(Files.readString(RANGE)) : LINUX_DEFAULT;
    } catch (IOException | IllegalArgumentException e) {
      return LINUX_DEFAULT;
    }
  }

  /** Parses the two numbers of {@code ip_local_port_range}. */
  static int parse(String range) {
    String[] parts = range.trim().split("\\s+");
    if (parts.length != 2) {
      throw new IllegalArgumentException("not a port range: " + range);
    }
    return Integer.parseInt(parts[1]) - Integer.parseInt(parts[0]) + 1;
  }
}
