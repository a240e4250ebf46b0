package dev.groundup.tools;

import dev.groundup.tools.cli.CliCommand;
import dev.groundup.tools.echo.EchoCommand;
import dev.groundup.tools.loadgen.Loadgen;
import dev.groundup.tools.loadgen.LoadgenCommand;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The entry point of groundup's operator tools ({@code ./groundup loadgen ...} runs {@code
 * ToolsMain loadgen ...}). Only {@link #main} exits the JVM; {@link #execute} returns the exit
 * status, so tests run the tools in-process.
 */
@Command(
    name = "groundup",
    mixinStandardHelpOptions = true,
    description = "groundup operator tools",
    synopsisSubcommandLabel = "COMMAND")
public final class ToolsMain implements Runnable {

  static {
    // the tools' own logging (everything to stderr: stdout is the report and the child protocol),
    // also when
    // they run with the node's classpath, whose logback.xml writes to stdout
    if (System.getProperty("logback.configurationFile") == null) {
      System.setProperty("logback.configurationFile", "logback-tools.xml");
    }
  }

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    PrintWriter out = new PrintWriter(System.out, false, StandardCharsets.UTF_8);
    PrintWriter err = new PrintWriter(System.err, true, StandardCharsets.UTF_8);
    // Ctrl-C ends ./groundup cli watch: it unregisters and closes, and its last lines get out
    // (only for cli: a loadgen child that exits because its parent is gone must not wait for
    // itself)
    CliCommand.Stop stop = new CliCommand.Stop();
    if (args.length > 0 && args[0].equals("cli")) {
      Runtime.getRuntime()
          .addShutdownHook(
              new Thread(
                  () -> {
                    stop.stop();
                    try {
                      stop.awaitDone(Duration.ofSeconds(2));
                    } catch (InterruptedException e) {
                      Thread.currentThread().interrupt();
                    }
                    out.flush();
                  },
                  "cli-stop"));
    }
    // a child process whose parent has gone away must not linger: its stdin ends, and it exits
    int status =
        execute(
            args,
            out,
            err,
            System.in,
            () -> {
              err.println("loadgen: the parent process is gone; exiting");
              System.exit(3);
            },
            stop);
    out.flush();
    System.exit(status);
  }

  /** Runs one tool command; returns its exit status (0 done, 1 failed, 2 bad usage). */
  public static int execute(
      String[] args, PrintWriter out, PrintWriter err, InputStream stdin, Runnable parentGone) {
    return execute(args, out, err, stdin, parentGone, new CliCommand.Stop());
  }

  /** Runs one tool command; {@code stop} ends a running {@code cli watch}. */
  public static int execute(
      String[] args,
      PrintWriter out,
      PrintWriter err,
      InputStream stdin,
      Runnable parentGone,
      CliCommand.Stop stop) {
    try {
      return run(args, out, err, stdin, parentGone, stop);
    } finally {
      stop.finished();
    }
  }

  private static int run(
      String[] args,
      PrintWriter out,
      PrintWriter err,
      InputStream stdin,
      Runnable parentGone,
      CliCommand.Stop stop) {
    System.setProperty(
        "vertx.logger-delegate-factory-class-name",
        "io.vertx.core.logging.SLF4JLogDelegateFactory");
    Loadgen.Hooks hooks = new Loadgen.Hooks(stdin, parentGone, ToolsMain.class.getName());
    return new CommandLine(new ToolsMain())
        .addSubcommand("loadgen", new LoadgenCommand(hooks))
        .addSubcommand("echo-server", new EchoCommand())
        .addSubcommand("cli", new CliCommand(stop))
        .setOut(out)
        .setErr(err)
        .execute(args);
  }

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getErr());
    throw new CommandLine.ParameterException(
        spec.commandLine(), "a command is needed, e.g. loadgen");
  }
}
