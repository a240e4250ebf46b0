package dev.groundup.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** The baseline server ({@code ToolsMain echo-server}) in its own JVM, as a gateway would be. */
final class EchoServerProcess implements AutoCloseable {

  private final Process process;

  private EchoServerProcess(Process process) {
    this.process = process;
  }

  static EchoServerProcess start(int port, Path log) throws IOException, InterruptedException {
    Process p =
        Jvm.start(
            "dev.groundup.tools.ToolsMain",
            List.of("echo-server", "--port", Integer.toString(port), "--until-stdin-closes"),
            log);
    BufferedReader out =
        new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
    CompletableFuture<String> first =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                String line;
                while ((line = out.readLine()) != null && !line.startsWith("listening")) {
                  // nothing else is expected; skip it
                }
                return line;
              } catch (IOException e) {
                return null;
              }
            });
    try {
      String line = first.get(30, TimeUnit.SECONDS);
      if (line == null || !line.startsWith("listening")) {
        throw new IOException("the echo server did not start (see " + log + ")");
      }
    } catch (ExecutionException | TimeoutException e) {
      p.destroyForcibly();
      throw new IOException("the echo server did not start within 30 s (see " + log + ")", e);
    } catch (IOException e) {
      p.destroyForcibly();
      throw e;
    }
    return new EchoServerProcess(p);
  }

  long pid() {
    return process.pid();
  }

  @Override
  public void close() throws InterruptedException {
    try {
      process.getOutputStream().close();
    } catch (IOException ignored) {
      // it ends all the same below
    }
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
  }
}
