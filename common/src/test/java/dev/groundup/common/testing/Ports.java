package dev.groundup.common.testing;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Free loopback ports for tests, never the same one twice in a JVM, and below the kernel's range of
 * ephemeral ports: a port from that range, free when asked, can be taken by any outgoing connection
 * (Hazelcast and the event bus open many) before the node that was given it binds it — measured in
 * CI, a gateway process failed to start with "Address already in use".
 */
public final class Ports {

  private static final Set<Integer> GIVEN = new HashSet<>();

  /** The lowest port handed out. */
  static final int LOWEST = 15_000;

  private Ports() {}

  public static synchronized int free() {
    int highest = ephemeralLow() - 1;
    for (int attempt = 0; attempt < 1000; attempt++) {
      int port = ThreadLocalRandom.current().nextInt(LOWEST, highest + 1);
      if (!GIVEN.contains(port) && bindable(port)) {
        GIVEN.add(port);
        return port;
      }
    }
    throw new IllegalStateException("no free port between " + LOWEST + " and " + highest);
  }

  private static boolean bindable(int port) {
    try (ServerSocket socket = new ServerSocket()) {
      socket.setReuseAddress(true);
      socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /**
   * The first ephemeral port (Linux: {@code ip_local_port_range}; 32768 where it cannot be read).
   */
  static int ephemeralLow() {
    try {
      String[] range =
          Files.readString(Path.of("/proc/sys/net/ipv4/ip_local_port_range")).trim().split("\\s+");
      int low = Integer.parseInt(range[0]);
      return low > LOWEST + 1000 ? low : 32_768;
    } catch (IOException | RuntimeException e) {
      return 32_768;
    }
  }
}
