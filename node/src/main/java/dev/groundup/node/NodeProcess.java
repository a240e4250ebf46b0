package dev.groundup.node;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.groundup.common.cluster.Role;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A node running as a separate JVM: started with the same JDK and classpath as a launcher,
 * configured through {@code GROUNDUP_*} environment variables, with its output in a log file. It
 * reports readiness by writing {@code GROUNDUP_READY_FILE}; {@link #awaitReady} waits for that file
 * (or for the process to die) with a deadline.
 */
public final class NodeProcess {

  /**
   * How to start a node JVM: the java binary, the classpath, the JVM flags, and a command prefix
   * (empty, or e.g. {@code ip netns exec NS} to run the node in another network namespace).
   */
  public record Launcher(
      String java,
      String classpath,
      List<String> jvmFlags,
      List<String> prefix,
      boolean classDataSharing) {

    /** A launcher without a prefix and without class-data-sharing archives (what tests use). */
    public Launcher(String java, String classpath, List<String> jvmFlags) {
      this(java, classpath, jvmFlags, List.of(), false);
    }

    /** The same launcher, run under {@code prefix}. */
    public Launcher withPrefix(List<String> prefix) {
      return new Launcher(java, classpath, jvmFlags, prefix, classDataSharing);
    }

    /** The same launcher with {@code entry} put in front of the classpath. */
    public Launcher withClasspathFirst(String entry) {
      return new Launcher(
          java, entry + File.pathSeparator + classpath, jvmFlags, prefix, classDataSharing);
    }

    /**
     * The same launcher keeping a class-data-sharing archive per node under the run directory: the
     * first run writes it at exit (which costs a few seconds of CPU), later runs start faster.
     */
    public Launcher withClassDataSharing() {
      return new Launcher(java, classpath, jvmFlags, prefix, true);
    }

    /**
     * The flags every node gets: Hazelcast's module openings, a small-heap collector, fail fast on
     * OOM.
     */
    public static final List<String> DEFAULT_FLAGS =
        List.of(
            "--add-modules",
            "java.se",
            "--add-exports",
            "java.base/jdk.internal.ref=ALL-UNNAMED",
            "--add-opens",
            "java.base/java.lang=ALL-UNNAMED",
            "--add-opens",
            "java.base/sun.nio.ch=ALL-UNNAMED",
            "--add-opens",
            "java.management/sun.management=ALL-UNNAMED",
            "--add-opens",
            "jdk.management/com.sun.management.internal=ALL-UNNAMED",
            "-XX:+UseSerialGC",
            "-XX:+ExitOnOutOfMemoryError",
            "-Xmx512m");

    /** This JVM's own java binary and classpath. */
    public static Launcher current() {
      String java = ProcessHandle.current().info().command().orElse("java");
      return new Launcher(java, System.getProperty("java.class.path"), flags());
    }

    /**
     * The default flags for this JDK: from 24 on, Hazelcast's use of sun.misc.Unsafe is allowed
     * quietly.
     */
    public static List<String> flags() {
      if (Runtime.version().feature() < 24) {
        return DEFAULT_FLAGS;
      }
      List<String> flags = new ArrayList<>(DEFAULT_FLAGS);
      flags.add("--sun-misc-unsafe-memory-access=allow");
      return List.copyOf(flags);
    }
  }

  private static final ObjectMapper JSON = new ObjectMapper();

  private final String name;
  private final Role role;
  private final Process process;
  private final Path readyFile;
  private final Path log;
  private JsonNode ready;

  private NodeProcess(String name, Role role, Process process, Path readyFile, Path log) {
    this.name = name;
    this.role = role;
    this.process = process;
    this.readyFile = readyFile;
    this.log = log;
  }

  /** Starts {@code role} as node {@code name}; its ready file and log go under {@code dir}. */
  public static NodeProcess start(
      Launcher launcher, String name, Role role, Map<String, String> env, Path dir)
      throws IOException {
    return start(
        launcher, name, role, env, dir, GroundupMain.class.getName(), List.of("node", role.wire()));
  }

  /**
   * Starts {@code mainClass} with {@code args} as node {@code name} (a test's own node main, say).
   */
  public static NodeProcess start(
      Launcher launcher,
      String name,
      Role role,
      Map<String, String> env,
      Path dir,
      String mainClass,
      List<String> args)
      throws IOException {
    Path runDir = Files.createDirectories(dir.resolve("run"));
    Path logDir = Files.createDirectories(dir.resolve("logs"));
    Path readyFile = runDir.resolve(name + ".json");
    Path log = logDir.resolve(name + ".log");
    Files.deleteIfExists(readyFile);
    List<String> command = new ArrayList<>(launcher.prefix());
    command.add(launcher.java());
    command.addAll(launcher.jvmFlags());
    // pauses of the whole JVM (collections, safepoints) beside its log: a node that stops sending
    // heartbeats for seconds is told apart from one whose event loop was merely busy
    command.add(
        "-Xlog:gc,safepoint:file="
            + logDir.resolve(name + ".gc.log")
            + ":uptime,time:filecount=2,filesize=10m");
    if (launcher.classDataSharing()) {
      command.add("-XX:+AutoCreateSharedArchive");
      command.add(
          "-XX:SharedArchiveFile="
              + archive(Files.createDirectories(dir.resolve("cds")), name, launcher.classpath()));
      command.add("-Xlog:cds*=off");
    }
    command.add("-cp");
    command.add(launcher.classpath());
    command.add(mainClass);
    command.addAll(args);
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    builder.environment().keySet().removeIf(k -> k.startsWith("GROUNDUP_"));
    builder.environment().putAll(env);
    builder.environment().put("GROUNDUP_NODE_NAME", name);
    builder.environment().put("GROUNDUP_READY_FILE", readyFile.toString());
    return new NodeProcess(name, role, builder.start(), readyFile, log);
  }

  /**
   * The class-data-sharing archive for this node and this exact classpath: an archive only fits the
   * jars it was made from, so a rebuild starts a new one (and the old ones are deleted).
   */
  private static Path archive(Path cdsDir, String name, String classpath) throws IOException {
    long fingerprint = classpath.hashCode();
    for (String entry : classpath.split(File.pathSeparator)) {
      File f = new File(entry);
      fingerprint = 31 * fingerprint + f.lastModified();
      fingerprint = 31 * fingerprint + f.length();
    }
    String current = name + "-" + Long.toHexString(fingerprint) + ".jsa";
    try (var old = Files.newDirectoryStream(cdsDir, name + "-*.jsa")) {
      for (Path p : old) {
        if (!p.getFileName().toString().equals(current)) {
          Files.deleteIfExists(p);
        }
      }
    }
    return cdsDir.resolve(current);
  }

  /** Waits until the node reports ready; fails if it exits first or the deadline passes. */
  public JsonNode awaitReady(Duration timeout) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (Files.exists(readyFile)) {
        ready = JSON.readTree(readyFile.toFile());
        return ready;
      }
      if (!process.isAlive()) {
        throw new IOException(
            name
                + " exited with status "
                + process.exitValue()
                + " before it was ready; see "
                + log);
      }
      process.waitFor(50, TimeUnit.MILLISECONDS);
    }
    throw new IOException(name + " was not ready within " + timeout.toSeconds() + " s; see " + log);
  }

  public String name() {
    return name;
  }

  public Role role() {
    return role;
  }

  public long pid() {
    return process.pid();
  }

  public Process process() {
    return process;
  }

  public Path log() {
    return log;
  }

  /** What the node wrote when it became ready: role, name, nodeId, pid, host, ports. */
  public JsonNode ready() {
    return ready;
  }

  /** A port the node reported, e.g. {@code players} for a gateway. */
  public int port(String which) {
    return ready.path("ports").path(which).asInt(-1);
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  /**
   * SIGTERM, then up to {@code grace} for a graceful exit, then SIGKILL. True if it exited by
   * itself.
   */
  public boolean stop(Duration grace) throws InterruptedException {
    if (!process.isAlive()) {
      return true;
    }
    process.destroy();
    if (process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
      return true;
    }
    process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    return false;
  }

  /** SIGSTOP: the process freezes, the way a hung or cut-off node looks to the cluster. */
  public void freeze() throws IOException, InterruptedException {
    signal("STOP");
  }

  /** SIGCONT: a frozen process runs again. */
  public void thaw() throws IOException, InterruptedException {
    signal("CONT");
  }

  private void signal(String name) throws IOException, InterruptedException {
    Process kill =
        new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).inheritIO().start();
    if (kill.waitFor() != 0) {
      throw new IOException("kill -" + name + " " + process.pid() + " failed");
    }
  }

  /** SIGKILL, the way a crash looks to the cluster. */
  public void kill() throws InterruptedException {
    process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
  }
}
