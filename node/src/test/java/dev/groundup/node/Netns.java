package dev.groundup.node;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Several hosts on one machine for fault tests: a hub network namespace with a bridge, and one
 * namespace per host joined to it by a veth pair, with addresses {@code 10.77.0.<n>/24} that exist
 * only inside these namespaces (no default route: nothing leaves them). Needs root and {@code ip
 * netns}; {@link #unavailableReason()} tells why not, where it cannot. Namespaces carry this JVM's
 * pid; stale ones from dead JVMs are removed first, and {@link #close()} removes this one's.
 */
final class Netns implements AutoCloseable {

  private static final String PREFIX = "gusb";

  private final String tag = Long.toString(ProcessHandle.current().pid());
  private final List<String> namespaces = new ArrayList<>();
  private final List<String> rootLinks = new ArrayList<>();
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

  /**
   * Links this (the root) namespace straight to host {@code n}, beside the bridge: the test itself
   * reaches the host at {@link #sideAddress(int)} (its players connect to a gateway there), and
   * cutting the host off the bridge leaves this link up. Removed with the host.
   */
  void attachRootTo(int n) throws IOException, InterruptedException {
    String local = rootLink(n);
    String host = ns("h" + n);
    ip("link", "add", local, "type", "veth", "peer", "name", "eth1", "netns", host);
    ip("addr", "add", "10.78." + n + ".254/24", "dev", local);
    ip("link", "set", local, "up");
    ip("-n", host, "addr", "add", sideAddress(n) + "/24", "dev", "eth1");
    ip("-n", host, "link", "set", "eth1", "up");
    rootLinks.add(local);
  }

  /** Host {@code n}'s address on its direct link to the test. */
  static String sideAddress(int n) {
    return "10.78." + n + ".1";
  }

  private String rootLink(int n) {
    return PREFIX + "r" + n + "x" + tag;
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
    rootLinks.forEach(link -> quietly("ip", "link", "del", link));
    for (String ns : namespaces) {
      quietly("ip", "netns", "del", ns);
    }
    quietly("ip", "netns", "del", hub);
  }

  private static void removeStale() throws IOException, InterruptedException {
    for (String line : run(List.of("ip", "-o", "link", "show")).split("\n")) {
      String[] fields = line.split(":\\s+|@");
      if (fields.length > 1 && fields[1].startsWith(PREFIX + "r")) {
        String pid = fields[1].substring(fields[1].indexOf('x') + 1);
        if (!alive(pid)) {
          quietly("ip", "link", "del", fields[1]);
        }
      }
    }
    for (String line : run(List.of("ip", "netns", "list")).split("\n")) {
      String name = line.split(" ")[0];
      if (!name.startsWith(PREFIX + "-")) {
        continue;
      }
      String pid = name.substring(name.lastIndexOf('-') + 1);
      if (!alive(pid)) {
        quietly("ip", "netns", "del", name);
      }
    }
  }

  private static boolean alive(String pid) {
    return !pid.isEmpty()
        && pid.chars().allMatch(Character::isDigit)
        && ProcessHandle.of(Long.parseLong(pid)).map(ProcessHandle::isAlive).orElse(false);
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
