package dev.groundup.tools.loadgen;

import com.sun.management.UnixOperatingSystemMXBean;
import java.lang.management.ManagementFactory;

/** Checks that this process may open enough files (sockets) for its connections. */
final class FileLimit {

  /** Files a JVM with Vert.x needs besides the sockets: jars, epoll, pipes, logs. */
  static final int RESERVE = 500;

  private FileLimit() {}

  static void check(int connections) {
    if (ManagementFactory.getOperatingSystemMXBean() instanceof UnixOperatingSystemMXBean os) {
      check(connections, os.getMaxFileDescriptorCount());
    }
  }

  static void check(int connections, long maxFiles) {
    if (connections + RESERVE > maxFiles) {
      throw new LoadgenException(
          connections
              + " connections in one process need about "
              + (connections + RESERVE)
              + " open files, but this process may open "
              + maxFiles
              + " (ulimit -n): use more --processes");
    }
  }
}
