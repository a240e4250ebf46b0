package dev.groundup.tools.loadgen;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The memory of a server JVM, measured from outside: the live heap after a full collection and the
 * resident set size. Live heap: {@code jcmd <pid> GC.run}, then {@code jcmd <pid>
 * GC.class_histogram}, whose {@code Total} line counts the bytes of every live object (the
 * histogram itself forces another full collection first); this is exact and the same for every
 * collector, unlike the per-collector layouts of {@code GC.heap_info}. RSS: {@code VmRSS} of {@code
 * /proc/<pid>/status}. jcmd must run as the same user as the server.
 */
final class ServerMemory {

  /** A process to measure, with a label for the report. */
  record Target(long pid, String label) {}

  /** One measurement. */
  record Sample(long pid, long liveHeapBytes, long rssBytes) {}

  private static final int JCMD_TIMEOUT_SECONDS = 120;
  private static final Pattern TOTAL = Pattern.compile("(?m)^Total\\s+(\\d+)\\s+(\\d+)\\s*$");
  private static final Pattern VM_RSS = Pattern.compile("(?m)^VmRSS:\\s+(\\d+)\\s+kB\\s*$");

  private final String jcmd;

  ServerMemory(String jcmd) {
    this.jcmd = jcmd;
  }

  /** Uses the jcmd of the JDK this JVM runs on. */
  static ServerMemory withThisJdk() {
    return new ServerMemory(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString());
  }

  Sample sample(Target target) {
    long pid = target.pid();
    if (ProcessHandle.of(pid).filter(ProcessHandle::isAlive).isEmpty()) {
      throw new LoadgenException(
          "cannot measure " + target.label() + ": no process with pid " + pid);
    }
    jcmd(target, "GC.run");
    long live = parseHistogramTotal(jcmd(target, "GC.class_histogram"), target);
    long rss;
    try {
      rss = parseVmRss(Files.readString(Path.of("/proc", Long.toString(pid), "status")));
    } catch (IOException | IllegalArgumentException e) {
      throw new LoadgenException(
          "cannot read the RSS of "
              + target.label()
              + " from /proc/"
              + pid
              + "/status: "
              + e.getMessage(),
          e);
    }
    return new Sample(pid, live, rss);
  }

  private String jcmd(Target target, String command) {
    Path output = null;
    try {
      output = Files.createTempFile("loadgen-jcmd", ".txt");
      Process p =
          new ProcessBuilder(List.of(jcmd, Long.toString(target.pid()), command))
              .redirectErrorStream(true)
              .redirectOutput(output.toFile())
              .start();
      if (!p.waitFor(JCMD_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new LoadgenException(
            "jcmd "
                + target.pid()
                + " "
                + command
                + " did not finish within "
                + JCMD_TIMEOUT_SECONDS
                + " s");
      }
      String text = Files.readString(output, StandardCharsets.UTF_8);
      if (p.exitValue() != 0) {
        throw new LoadgenException(
            "jcmd "
                + target.pid()
                + " "
                + command
                + " failed for "
                + target.label()
                + ": "
                + text.strip());
      }
      return text;
    } catch (IOException e) {
      throw new LoadgenException("cannot run " + jcmd + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new LoadgenException("interrupted while measuring " + target.label());
    } finally {
      if (output != null) {
        output.toFile().delete();
      }
    }
  }

  /** The bytes on the {@code Total} line of a class histogram. */
  static long parseHistogramTotal(String histogram, Target target) {
    Matcher m = TOTAL.matcher(histogram);
    if (!m.find()) {
      throw new LoadgenException(
          "jcmd GC.class_histogram of "
              + target.label()
              + " has no Total line: "
              + histogram.lines().limit(3).toList());
    }
    return Long.parseLong(m.group(2));
  }

  /** {@code VmRSS} in bytes. */
  static long parseVmRss(String status) {
    Matcher m = VM_RSS.matcher(status);
    if (!m.find()) {
      throw new IllegalArgumentException("no VmRSS line");
    }
    return Long.parseLong(m.group(1)) * 1024;
  }
}
