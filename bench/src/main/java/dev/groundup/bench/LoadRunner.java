package dev.groundup.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs {@code ./groundup loadgen} as a separate JVM (as any outside load generator would be), waits
 * for it and returns its {@code RESULT} line. Its human summary and log go to the suite's log file.
 */
final class LoadRunner {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path out;
  private final Path log;
  private final List<String> commands = new ArrayList<>();

  /**
   * @param out where the load generator writes its {@code .hgrm} and {@code .json} files
   * @param log where its output goes
   */
  LoadRunner(Path out, Path log) {
    this.out = out;
    this.log = log;
  }

  /** Every load-generator command run so far, as a person would type it against the same server. */
  List<String> commands() {
    return List.copyOf(commands);
  }

  /** Runs the load generator with {@code args} (besides {@code --out}); fails when it fails. */
  LoadResult run(List<String> args, Duration limit) throws IOException, InterruptedException {
    List<String> all = new ArrayList<>();
    all.add("loadgen");
    all.addAll(args);
    all.add("--out");
    all.add(out.toString());
    commands.add("./groundup loadgen " + String.join(" ", args));
    Process p = Jvm.start("dev.groundup.tools.ToolsMain", all, log);
    // a hung run must not hang the suite: past the limit it is killed, and its output ends
    Thread.ofVirtual()
        .start(
            () -> {
              try {
                if (!p.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
                  p.destroyForcibly();
                }
              } catch (InterruptedException ignored) {
                p.destroyForcibly();
              }
            });
    JsonNode result = null;
    List<String> tail = new ArrayList<>();
    try (BufferedReader r =
        new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = r.readLine()) != null) {
        if (line.startsWith("RESULT ")) {
          result = JSON.readTree(line.substring("RESULT ".length()));
        } else {
          tail.add(line);
          if (tail.size() > 40) {
            tail.removeFirst();
          }
        }
      }
    }
    p.waitFor();
    if (p.exitValue() != 0 || result == null) {
      throw new IOException(
          "the load generator failed (status "
              + p.exitValue()
              + ", log "
              + log
              + "): "
              + String.join(" ", args)
              + "\n"
              + String.join("\n", tail));
    }
    return LoadResult.of(result);
  }
}
