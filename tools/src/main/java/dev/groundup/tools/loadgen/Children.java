package dev.groundup.tools.loadgen;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The parent's side of a multi-process run: K child JVMs of this same program (same java binary,
 * classpath and JVM flags), each running its share with {@code --child-index i --child-count K}.
 * The parent waits for every child to be ready, starts them together, collects their results (a
 * child that dies or is late fails the run with a message saying which and why) and stops them.
 * Children relay their log (stderr) through the parent, prefixed; their stdout is the protocol of
 * {@link ChildLink}.
 */
final class Children implements AutoCloseable {

  /** How to start a child JVM. */
  record Launcher(String java, String classpath, List<String> jvmFlags, String mainClass) {

    /** This JVM's own java binary, classpath and flags (without debugger or agent flags). */
    static Launcher current(String mainClass) {
      String java =
          ProcessHandle.current()
              .info()
              .command()
              .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
      List<String> flags =
          ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
              .filter(
                  a ->
                      !a.startsWith("-agentlib")
                          && !a.startsWith("-javaagent")
                          && !a.startsWith("-Xrunjdwp")
                          && !a.startsWith("-Xdebug")
                          && !a.startsWith("-Dgroundup.loadgen.tag="))
              .toList();
      return new Launcher(java, System.getProperty("java.class.path"), flags, mainClass);
    }

    List<String> command(Settings settings, int child) {
      List<String> c = new ArrayList<>();
      c.add(java);
      c.addAll(jvmFlags);
      c.add("-Dgroundup.loadgen.tag=child-" + child);
      c.add("-cp");
      c.add(classpath);
      c.add(mainClass);
      c.add("loadgen");
      c.addAll(settings.childArgs(child));
      return c;
    }
  }

  private static final ObjectMapper JSON = new ObjectMapper();

  /** One child process and what it has said so far. */
  private static final class Child {
    final int index;
    final Process process;
    final CompletableFuture<JsonNode> ready = new CompletableFuture<>();
    final CompletableFuture<JsonNode> result = new CompletableFuture<>();

    Child(int index, Process process) {
      this.index = index;
      this.process = process;
    }

    void failAll(LoadgenException e) {
      ready.completeExceptionally(e);
      result.completeExceptionally(e);
    }
  }

  private final List<Child> children = new ArrayList<>();
  private final PrintWriter err;

  private Children(PrintWriter err) {
    this.err = err;
  }

  static Children spawn(Settings settings, Launcher launcher, PrintWriter err) {
    Children all = new Children(err);
    try {
      for (int i = 0; i < settings.processes(); i++) {
        Process p = new ProcessBuilder(launcher.command(settings, i)).start();
        Child c = new Child(i, p);
        all.children.add(c);
        all.watch(c);
      }
      return all;
    } catch (IOException e) {
      all.close();
      throw new LoadgenException(
          "cannot start a child process with " + launcher.java() + ": " + e.getMessage(), e);
    }
  }

  private void watch(Child c) {
    daemon("loadgen-child-" + c.index + "-out", () -> readProtocol(c));
    daemon("loadgen-child-" + c.index + "-err", () -> relay(c.index, c.process.getErrorStream()));
  }

  private static void daemon(String name, Runnable body) {
    Thread t = new Thread(body, name);
    t.setDaemon(true);
    t.start();
  }

  private void readProtocol(Child c) {
    try (BufferedReader r =
        new BufferedReader(
            new InputStreamReader(c.process.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = r.readLine()) != null) {
        onLine(c, line);
      }
    } catch (IOException e) {
      // the child is gone: reported below
    }
    String status;
    try {
      status =
          c.process.waitFor(10, TimeUnit.SECONDS)
              ? "exited with status " + c.process.exitValue()
              : "closed its output";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      status = "closed its output";
    }
    c.failAll(
        new LoadgenException("child process " + c.index + " " + status + " before it reported"));
  }

  private void onLine(Child c, String line) {
    JsonNode n;
    try {
      n = JSON.readTree(line);
    } catch (IOException e) {
      n = null;
    }
    String type = n == null ? "" : n.path("type").asText();
    switch (type) {
      case ChildLink.READY -> c.ready.complete(n);
      case ChildLink.RESULT -> c.result.complete(n);
      case ChildLink.FAILED ->
          c.failAll(
              new LoadgenException(
                  n.path("error").asText()
                      + (children.size() > 1 ? " (child process " + c.index + ")" : "")));
      default -> print("child-" + c.index + " stdout: " + line);
    }
  }

  private void relay(int child, InputStream stderr) {
    try (BufferedReader r =
        new BufferedReader(new InputStreamReader(stderr, StandardCharsets.UTF_8))) {
      String line;
      while ((line = r.readLine()) != null) {
        print(line);
      }
    } catch (IOException e) {
      // the child is gone
    }
  }

  private void print(String line) {
    synchronized (err) {
      err.println(line);
      err.flush();
    }
  }

  /** Waits until every child has its connections set up; returns their ready messages. */
  List<JsonNode> awaitReady(Duration timeout) {
    return awaitAll(
        children.stream().map(c -> c.ready).toList(), timeout, "set up its connections");
  }

  /** Tells every child to begin the load now. */
  void startAll() {
    tellAll(ChildLink.START);
  }

  /** Waits for every child's result. */
  List<Stats> awaitResults(Duration timeout) {
    List<JsonNode> results =
        awaitAll(children.stream().map(c -> c.result).toList(), timeout, "report its result");
    List<Stats> stats = new ArrayList<>();
    for (JsonNode n : results) {
      try {
        stats.add(Stats.fromJson(n.path("stats")));
      } catch (IllegalArgumentException e) {
        throw new LoadgenException(
            "child process "
                + n.path("child").asInt()
                + " sent a result that cannot be "
                + "read: "
                + e.getMessage(),
            e);
      }
    }
    return stats;
  }

  /**
   * Tells every child to close its connections and exit, and waits for them (then kills the late
   * ones).
   */
  void stopAll(Duration grace) {
    tellAll(ChildLink.STOP);
    long deadline = System.nanoTime() + grace.toNanos();
    for (Child c : children) {
      try {
        c.process.getOutputStream().close();
        if (!c.process.waitFor(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
          print("loadgen: child process " + c.index + " did not exit in time: killed");
          c.process.destroyForcibly();
        }
      } catch (IOException e) {
        // it is gone
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  private void tellAll(String line) {
    for (Child c : children) {
      try {
        OutputStream in = c.process.getOutputStream();
        in.write((line + "\n").getBytes(StandardCharsets.UTF_8));
        in.flush();
      } catch (IOException e) {
        c.failAll(new LoadgenException("child process " + c.index + " is gone: " + e.getMessage()));
      }
    }
  }

  /**
   * Every future's value, failing at the first failure (not after the slowest success) or at the
   * deadline.
   */
  private List<JsonNode> awaitAll(
      List<CompletableFuture<JsonNode>> futures, Duration timeout, String what) {
    CompletableFuture<Void> all = new CompletableFuture<>();
    futures.forEach(
        f ->
            f.whenComplete(
                (v, e) -> {
                  if (e != null) {
                    all.completeExceptionally(e);
                  }
                }));
    CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new))
        .thenRun(() -> all.complete(null));
    try {
      all.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
      return futures.stream().map(CompletableFuture::join).toList();
    } catch (TimeoutException e) {
      List<Integer> late = new ArrayList<>();
      for (int i = 0; i < futures.size(); i++) {
        if (!futures.get(i).isDone()) {
          late.add(i);
        }
      }
      throw new LoadgenException(
          "child process(es) "
              + late
              + " did not "
              + what
              + " within "
              + Durations.format(timeout));
    } catch (ExecutionException e) {
      throw e.getCause() instanceof LoadgenException l
          ? l
          : new LoadgenException(String.valueOf(e.getCause()), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new LoadgenException("interrupted while waiting for the child processes to " + what);
    }
  }

  /** Kills whatever child is still running. */
  @Override
  public void close() {
    for (Child c : children) {
      if (c.process.isAlive()) {
        c.process.destroyForcibly();
      }
    }
  }
}
