package dev.groundup.node;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Several hosts on one machine for fault tests: a hub network namespace with a bridge, and one
 * namespace per host joined to it by a veth pair, with addresses {@code 10.77.0.<n>/24} that exist
 * only inside these namespaces (no default route: nothing leaves them). Needs root and
 * {@code ip netns}; {@link #unavailableReason()} tells why not, where it cannot. Namespaces carry this JVM's
 * pid; stale ones from dead JVMs are removed first, and {@link #close()} removes this one's.
 */
final class Netns implements AutoCloseable {

  private static final String PREFIX = "gusb";

  private final String tag = Long.toString(ProcessHandle.current().pid());
  private final List<String> namespaces = new ArrayList<>();
  private final String hub;

  Netns() throws IOException, InterruptedException {
    removeStale();
    hub = ns("hub");
    ip("netns", "add", hub);
    ip("-n", hub, "link", "add", "br0", "type", "bridge");
    ip("-n", hub, "link", "set", "br0", "up");
  }

  /** Whether this machine can make network namespaces (root and a working {@code ip netns}). */
  static String unavailableReason() {
    try {
      if (!"0".equals(run(List.of("id", "-u")).trim())) {
        return "network namespaces need root";
      }
      String probe = PREFIX + "-probe-" + ProcessHandle.current().pid();
      run(List.of("ip", "netns", "add", probe));
      run(List.of("ip", "netns", "del", probe));
      return null;
    } catch (IOException | InterruptedException e) {
      return "ip netns does not work here: " + e.getMessage();
    }
  }

  /** Adds host {@code n} (address 10.77.0.n); returns its namespace name. */
  String addHost(int n) throws IOException, InterruptedException {
    String name = ns("h" + n);
    ip("netns", "add", name);
    ip("-n", hub, "link", "add", "v" + n, "type", "veth", "peer", "name", "eth0", "netns", name);
    ip("-n", hub, "link", "set", "v" + n, "master", "br0", "up");
    ip("-n", name, "link", "set", "lo", "up");
    ip("-n", name, "link", "set", "eth0", "up");
    ip("-n", name, "addr", "add", address(n) + "/24", "dev", "eth0");
    namespaces.add(name);
    return name;
  }

  static String address(int n) {
    return "10.77.0." + n;
  }

  /** Cuts host {@code n} off the bridge (its side of the network goes quiet). */
  void cut(int n) throws IOException, InterruptedException {
    ip("-n", hub, "link", "set", "v" + n, "down");
  }

  /** Puts host {@code n} back on the bridge. */
  void heal(int n) throws IOException, InterruptedException {
    ip("-n", hub, "link", "set", "v" + n, "up");
  }

  /** The command prefix that runs a process in host namespace {@code name}. */
  static List<String> exec(String name) {
    return List.of("ip", "netns", "exec", name);
  }

  private String ns(String suffix) {
    return PREFIX + "-" + suffix + "-" + tag;
  }

  @Override
  public void close() {
    for (String ns : namespaces) {
      quietly("ip", "netns", "del", ns);
    }
    quietly("ip", "netns", "del", hub);
  }

  private static void removeStale() throws IOException, InterruptedException {
    for (String line : run(List.of("ip", "netns", "list")).split("\n")) {
      String name = line.split(" ")[0];
      if (!name.startsWith(PREFIX + "-")) {
        continue;
      }
      String pid = name.substring(name.lastIndexOf('-') + 1);
      boolean alive = pid.chars().allMatch(Character::isDigit)
          && ProcessHandle.of(Long.parseLong(pid)).map(ProcessHandle::isAlive).orElse(false);
      if (!alive) {
        quietly("ip", "netns", "del", name);
      }
    }
  }

  private static void ip(String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add("ip");
    command.addAll(List.of(args));
    run(command);
  }

  private static void quietly(String... command) {
    try {
      run(List.of(command));
    } catch (IOException | InterruptedException e) {
      // best effort
    }
  }

  private static String run(List<String> command) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IOException(String.join(" ", command) + " failed: " + out.trim());
    }
    return out;
  }
}
