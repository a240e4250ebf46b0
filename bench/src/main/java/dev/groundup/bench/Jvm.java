package dev.groundup.bench;

import dev.groundup.node.NodeProcess;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Starts helper JVMs (the load generator, the echo server, the takeover benchmark) with this JVM's
 * java binary and classpath, so that every process of a run is the same build.
 */
final class Jvm {

  private Jvm() {}

  static List<String> command(String mainClass, List<String> args) {
    NodeProcess.Launcher self = NodeProcess.Launcher.current();
    List<String> c = new ArrayList<>();
    c.add(self.java());
    if (Runtime.version().feature() >= 24) {
      c.add("--sun-misc-unsafe-memory-access=allow");
    }
    c.add("-XX:+ExitOnOutOfMemoryError");
    c.add("-cp");
    c.add(self.classpath());
    c.add(mainClass);
    c.addAll(args);
    return c;
  }

  /**
   * Starts {@code mainClass} with its stderr (its log) appended to {@code log}; stdout stays a
   * pipe.
   */
  static Process start(String mainClass, List<String> args, Path log) throws IOException {
    return new ProcessBuilder(command(mainClass, args))
        .redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()))
        .start();
  }
}
