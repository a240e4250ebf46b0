package dev.groundup.tools.echo;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./groundup loadgen echo-server}: runs {@link EchoServer} until SIGTERM (or, with {@code
 * --until-stdin-closes}, until its parent closes our stdin). Prints one line, {@code listening
 * HOST:PORT}, once it accepts connections.
 */
@Command(
    name = "echo-server",
    mixinStandardHelpOptions = true,
    description =
        "a plain Vert.x line echo: the ceiling groundup's figures are divided by (./groundup bench)")
public final class EchoCommand implements Callable<Integer> {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(names = "--host", description = "address to listen on (default: ${DEFAULT-VALUE})")
  String host = "127.0.0.1";

  @Option(names = "--port", description = "port to listen on (default: ${DEFAULT-VALUE})")
  int port = 7100;

  @Option(
      names = "--instances",
      description =
          "server verticles, one per event loop (default: the number of "
              + "cores, as the gateway)")
  int instances = Runtime.getRuntime().availableProcessors();

  @Option(
      names = "--until-stdin-closes",
      description = "exit when standard input ends (for a parent process)")
  boolean untilStdinCloses;

  @Override
  public Integer call() throws Exception {
    if (port < 1 || port > 65535) {
      throw new CommandLine.ParameterException(
          spec.commandLine(), "--port must be 1-65535, not " + port);
    }
    if (instances < 1 || instances > 256) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--instances must be 1-256");
    }
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Vertx vertx = Vertx.vertx();
    CountDownLatch stop = new CountDownLatch(1);
    Thread hook = new Thread(stop::countDown, "echo-server-stop");
    Runtime.getRuntime().addShutdownHook(hook);
    try {
      vertx
          .deployVerticle(
              () -> new EchoServer(host, port), new DeploymentOptions().setInstances(instances))
          .await(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      err.println("echo-server: cannot listen on " + host + ":" + port + ": " + e.getMessage());
      vertx.close().await(10, TimeUnit.SECONDS);
      return 1;
    }
    out.println("listening " + host + ":" + port);
    out.flush();
    if (untilStdinCloses) {
      Thread.ofPlatform()
          .daemon()
          .start(
              () -> {
                try {
                  while (System.in.read() >= 0) {
                    // nothing: we only wait for the end
                  }
                } catch (java.io.IOException ignored) {
                  // the parent is gone all the same
                }
                stop.countDown();
              });
    }
    stop.await();
    vertx.close().await(10, TimeUnit.SECONDS);
    return 0;
  }
}
