package dev.groundup.tools.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.groundup.tools.ToolsMain;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/** The CLI against {@link FakeBridge}: output, exit status, and what it puts on the wire. */
class CliTest {

  /** One run's exit status and output. */
  record Run(int status, String out, String err) {}

  static Run cli(String... args) {
    return cli(new CliCommand.Stop(), args);
  }

  static Run cli(CliCommand.Stop stop, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    String[] all = new String[args.length + 1];
    all[0] = "cli";
    System.arraycopy(args, 0, all, 1, args.length);
    int status =
        ToolsMain.execute(
            all,
            new PrintWriter(out, true),
            new PrintWriter(err, true),
            new ByteArrayInputStream(new byte[0]),
            () -> {},
            stop);
    return new Run(status, out.toString(), err.toString());
  }

  static void await(BooleanSupplier condition, Duration within, String what)
      throws InterruptedException {
    long deadline = System.nanoTime() + within.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("not within " + within + ": " + what);
      }
      Thread.sleep(10);
    }
  }

  // ------------------------------------------------------------------------------------ happy
  // paths

  @Test
  void statusPrintsTables() throws Exception {
    try (FakeBridge bridge =
        new FakeBridge(
            (frame, conn) -> {
              if ("send".equals(frame.path("type").asText())
                  && CliCommand.STATUS.equals(frame.path("address").asText())) {
                conn.send(FakeBridge.reply(frame, FormatsTest.STATUS));
              }
            })) {
      Run run = cli("--bridge", bridge.bridge(), "status");
      assertEquals(0, run.status(), run.err());
      assertTrue(run.out().startsWith("Nodes (4)\n"), run.out());
      assertTrue(run.out().contains("shard-1:    4 shards [0-2, 5], epochs 1-3"), run.out());
      JsonNode sent = bridge.received.getFirst();
      assertEquals("send", sent.path("type").asText());
      assertTrue(
          sent.path("replyAddress").asText().startsWith("groundup.cli.reply."), sent.toString());
      assertEquals(10_000, sent.path("headers").path("timeout").asLong(), sent.toString());
      assertTrue(sent.path("body").isObject() && sent.path("body").isEmpty(), sent.toString());
    }
  }

  @Test
  void statusJsonAndBridgeAfterTheCommand() throws Exception {
    try (FakeBridge bridge =
        new FakeBridge((frame, conn) -> conn.send(FakeBridge.reply(frame, "{\"nodes\":[]}")))) {
      Run run = cli("status", "--json", "--bridge", bridge.bridge());
      assertEquals(0, run.status(), run.err());
      assertEquals("{\"nodes\":[]}\n", run.out());
    }
  }

  @Test
  void whereisNamesMembers() throws Exception {
    try (FakeBridge bridge =
        new FakeBridge(
            (frame, conn) -> {
              String address = frame.path("address").asText();
              String body =
                  switch (address) {
                    case CliCommand.WHEREIS ->
                        "player:ada".equals(frame.path("body").path("name").asText())
                            ? "{\"name\":\"player:ada\",\"address\":\"groundup.gw.1.player.ada\",\"node\":\"n-1\"}"
                            : "{\"name\":" + frame.path("body").path("name") + "}";
                    case CliCommand.NAMES ->
                        "{\"names\":[\"room:lobby\",\"player:bob\",\"player:ada\"]}";
                    case CliCommand.MEMBERS ->
                        "shards".equals(frame.path("body").path("group").asText())
                            ? "{\"group\":\"shards\",\"members\":[{\"address\":\"a.1\",\"node\":\"n-1\"},{\"address\":\"a.22\",\"node\":\"n-2\"}]}"
                            : "{\"group\":\"nobody\",\"members\":[]}";
                    default -> null;
                  };
              if (body != null) {
                conn.send(FakeBridge.reply(frame, body));
              }
            })) {
      Run where = cli("--bridge", bridge.bridge(), "whereis", "player:ada");
      assertEquals(0, where.status(), where.err());
      assertEquals("player:ada  address groundup.gw.1.player.ada  node n-1\n", where.out());

      Run nowhere = cli("--bridge", bridge.bridge(), "whereis", "player:zed");
      assertEquals(0, nowhere.status(), nowhere.err());
      assertEquals("player:zed is not registered\n", nowhere.out());

      Run names = cli("--bridge", bridge.bridge(), "names");
      assertEquals(0, names.status(), names.err());
      assertEquals("player:ada\nplayer:bob\nroom:lobby\n", names.out());

      Run members = cli("--bridge", bridge.bridge(), "members", "shards");
      assertEquals(0, members.status(), members.err());
      assertEquals(
          "shards: 2 members\n  ADDRESS  NODE\n  a.1      n-1\n  a.22     n-2\n", members.out());

      Run none = cli("--bridge", bridge.bridge(), "members", "nobody");
      assertEquals(0, none.status(), none.err());
      assertEquals("nobody has no members\n", none.out());

      List<String> bodies = bridge.received.stream().map(f -> f.path("body").toString()).toList();
      assertEquals(
          List.of(
              "{\"name\":\"player:ada\"}",
              "{\"name\":\"player:zed\"}",
              "{}",
              "{\"group\":\"shards\"}",
              "{\"group\":\"nobody\"}"),
          bodies);
    }
  }

  @Test
  void sendPrintsTheReplyBody() throws Exception {
    try (FakeBridge bridge =
        new FakeBridge(
            (frame, conn) ->
                conn.send(FakeBridge.reply(frame, "{\"echo\":" + frame.path("body") + "}")))) {
      Run run =
          cli(
              "--bridge",
              bridge.bridge(),
              "--timeout",
              "2s",
              "send",
              "groundup.registry.whereis",
              "{\"name\":\"x\"}");
      assertEquals(0, run.status(), run.err());
      assertEquals("{\"echo\":{\"name\":\"x\"}}\n", run.out());
      JsonNode sent = bridge.received.getFirst();
      assertEquals("groundup.registry.whereis", sent.path("address").asText());
      assertEquals(2000, sent.path("headers").path("timeout").asLong());
    }
  }

  @Test
  void framesForOtherAddressesAndPongsAreSkipped() throws Exception {
    try (FakeBridge bridge =
        new FakeBridge(
            (frame, conn) -> {
              conn.send("{\"type\":\"pong\"}");
              conn.send(
                  "{\"type\":\"message\",\"address\":\"somewhere.else\",\"body\":{\"no\":1}}");
              conn.send(FakeBridge.reply(frame, "{\"names\":[\"a\"]}"));
            })) {
      Run run = cli("--bridge", bridge.bridge(), "names");
      assertEquals(0, run.status(), run.err());
      assertEquals("a\n", run.out());
    }
  }

  @Test
  void watchPrintsEventsUntilStoppedThenUnregisters() throws Exception {
    try (FakeBridge bridge =
        new FakeBridge(
            (frame, conn) -> {
              if ("register".equals(frame.path("type").asText())) {
                String address = frame.path("address").asText();
                conn.send(
                    "{\"type\":\"message\",\"address\":\""
                        + address
                        + "\",\"send\":false,\"headers\":{},\"body\":"
                        + "{\"ev\":\"enter\",\"room\":\"lobby\",\"player\":{\"name\":\"ada\",\"x\":1,\"y\":2,\"score\":0,\"steps\":0}}}");
                conn.send(
                    "{\"type\":\"message\",\"address\":\""
                        + address
                        + "\",\"send\":false,\"headers\":{},\"body\":"
                        + "{\"ev\":\"state\",\"room\":\"lobby\",\"tick\":7,\"players\":[{\"name\":\"ada\",\"x\":2,\"y\":2,"
                        + "\"score\":1,\"steps\":1}]}}");
                // a body sent as a JSON string is shown as its JSON
                conn.send(
                    "{\"type\":\"message\",\"address\":\""
                        + address
                        + "\",\"send\":false,\"headers\":{},\"body\":"
                        + "\"{\\\"ev\\\":\\\"said\\\",\\\"room\\\":\\\"lobby\\\",\\\"from\\\":\\\"ada\\\",\\\"text\\\":\\\"hi\\\"}\"}");
              }
            })) {
      CliCommand.Stop stop = new CliCommand.Stop();
      StringWriter out = new StringWriter();
      StringWriter err = new StringWriter();
      CompletableFuture<Integer> status =
          CompletableFuture.supplyAsync(
              () ->
                  ToolsMain.execute(
                      new String[] {"cli", "--bridge", bridge.bridge(), "watch", "lobby"},
                      new PrintWriter(out, true),
                      new PrintWriter(err, true),
                      new ByteArrayInputStream(new byte[0]),
                      () -> {},
                      stop));
      await(
          () -> out.toString().contains("said ada: hi"),
          Duration.ofSeconds(10),
          "three events in " + out);
      stop.stop();
      assertEquals(0, status.get(10, TimeUnit.SECONDS), err.toString());
      assertTrue(stop.awaitDone(Duration.ofSeconds(1)));
      String[] lines = out.toString().split("\n");
      assertEquals(3, lines.length, out.toString());
      assertTrue(
          lines[0].matches("\\d\\d:\\d\\d:\\d\\d\\.\\d{3} enter ada at \\(1,2\\)"), lines[0]);
      assertTrue(lines[1].endsWith(" state tick 7: ada (2,2) score 1 steps 1"), lines[1]);
      assertTrue(lines[2].endsWith(" said ada: hi"), lines[2]);
      assertTrue(err.toString().contains("watching room lobby"), err.toString());
      await(
          () -> bridge.received.size() == 2,
          Duration.ofSeconds(5),
          "unregister after register: " + bridge.received);
      assertEquals("register", bridge.received.get(0).path("type").asText());
      assertEquals("groundup.room.lobby", bridge.received.get(0).path("address").asText());
      assertEquals("unregister", bridge.received.get(1).path("type").asText());
      assertEquals("groundup.room.lobby", bridge.received.get(1).path("address").asText());
    }
  }

  @Test
  void watchJsonPrintsTheRawEvents() throws Exception {
    String event = "{\"ev\":\"exit\",\"room\":\"r1\",\"name\":\"ada\"}";
    try (FakeBridge bridge =
        new FakeBridge(
            (frame, conn) -> {
              if ("register".equals(frame.path("type").asText())) {
                conn.send(
                    "{\"type\":\"message\",\"address\":\"groundup.room.r1\",\"body\":"
                        + event
                        + "}");
              }
            })) {
      CliCommand.Stop stop = new CliCommand.Stop();
      StringWriter out = new StringWriter();
      CompletableFuture<Integer> status =
          CompletableFuture.supplyAsync(
              () ->
                  ToolsMain.execute(
                      new String[] {"cli", "--bridge", bridge.bridge(), "watch", "--json", "r1"},
                      new PrintWriter(out, true),
                      new PrintWriter(new StringWriter(), true),
                      new ByteArrayInputStream(new byte[0]),
                      () -> {},
                      stop));
      await(() -> out.toString().contains("\n"), Duration.ofSeconds(10), "one event");
      stop.stop();
      assertEquals(0, status.get(10, TimeUnit.SECONDS));
      assertEquals(event + "\n", out.toString());
    }
  }

  @Test
  void watchDeniedIsAnError() throws Exception {
    try (FakeBridge bridge =
        new FakeBridge(
            (frame, conn) -> conn.send("{\"type\":\"err\",\"message\":\"access_denied\"}"))) {
      Run run = cli("--bridge", bridge.bridge(), "watch", "lobby");
      assertEquals(1, run.status());
      assertTrue(
          run.err().contains("cli: the bridge does not allow groundup.room.lobby"), run.err());
    }
  }

  @Test
  void watchEndsWithAnErrorWhenTheBridgeCloses() throws Exception {
    try (FakeBridge bridge = new FakeBridge((frame, conn) -> conn.close())) {
      Run run = cli("--bridge", bridge.bridge(), "watch", "lobby");
      assertEquals(1, run.status());
      assertTrue(run.err().contains("closed the connection"), run.err());
    }
  }

  // ----------------------------------------------------------------------------------- error paths

  @Test
  void accessDenied() throws Exception {
    try (FakeBridge bridge =
        new FakeBridge(
            (frame, conn) -> conn.send("{\"type\":\"err\",\"message\":\"access_denied\"}"))) {
      Run run = cli("--bridge", bridge.bridge(), "send", "groundup.internal.secret", "{}");
      assertEquals(1, run.status());
      assertEquals("", run.out());
      assertEquals("cli: the bridge does not allow groundup.internal.secret\n", run.err());
    }
  }

  @Test
  void replyFailures() throws Exception {
    try (FakeBridge bridge =
        new FakeBridge(
            (frame, conn) -> {
              String type =
                  switch (frame.path("body").path("fail").asText()) {
                    case "none" ->
                        "\"failureCode\":-1,\"failureType\":\"NO_HANDLERS\",\"message\":\"No handlers for address x\"";
                    case "late" ->
                        "\"failureCode\":-1,\"failureType\":\"TIMEOUT\",\"message\":\"Timed out after waiting\"";
                    default ->
                        "\"failureCode\":503,\"failureType\":\"RECIPIENT_FAILURE\",\"message\":\"store unavailable\"";
                  };
              conn.send(
                  "{\"type\":\"err\",\"address\":\""
                      + frame.path("replyAddress").asText()
                      + "\",\"sourceAddress\":\""
                      + frame.path("address").asText()
                      + "\","
                      + type
                      + "}");
            })) {
      Run none = cli("--bridge", bridge.bridge(), "send", "a.b", "{\"fail\":\"none\"}");
      assertEquals(1, none.status());
      assertEquals("cli: nothing on the cluster answers a.b (no handlers)\n", none.err());
      Run late =
          cli("--bridge", bridge.bridge(), "--timeout", "3s", "send", "a.b", "{\"fail\":\"late\"}");
      assertEquals(1, late.status());
      assertEquals("cli: no reply from a.b within 3000 ms (timeout)\n", late.err());
      Run failed = cli("--bridge", bridge.bridge(), "send", "a.b", "{\"fail\":\"yes\"}");
      assertEquals(1, failed.status());
      assertEquals(
          "cli: a.b failed: store unavailable (RECIPIENT_FAILURE, code 503)\n", failed.err());
    }
  }

  @Test
  void connectionRefused() throws IOException {
    int port;
    try (ServerSocket s = new ServerSocket()) {
      s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
      port = s.getLocalPort();
    }
    Run run = cli("--bridge", "127.0.0.1:" + port, "status");
    assertEquals(1, run.status());
    assertEquals(
        "cli: cannot reach the bridge at 127.0.0.1:"
            + port
            + ": connection refused — is `./groundup local` "
            + "running? the bridge is off unless GROUNDUP_BRIDGE_PORT is set\n",
        run.err());
  }

  @Test
  void noReplyTimesOut() throws Exception {
    try (FakeBridge bridge = new FakeBridge((frame, conn) -> {})) {
      long start = System.nanoTime();
      Run run = cli("--bridge", bridge.bridge(), "--timeout", "300ms", "status");
      long took = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
      assertEquals(1, run.status());
      assertEquals(
          "cli: no reply from groundup.cluster.status within 300 ms (timeout)\n", run.err());
      assertTrue(took >= 300 && took < 10_000, "took " + took + " ms");
    }
  }

  @Test
  void oversizedFrameFromTheBridge() throws Exception {
    try (FakeBridge bridge =
        new FakeBridge(
            (frame, conn) ->
                conn.raw(new byte[] {0x7f, (byte) 0xff, (byte) 0xff, (byte) 0xff, 1, 2, 3}))) {
      Run run = cli("--bridge", bridge.bridge(), "names");
      assertEquals(1, run.status());
      assertTrue(
          run.err().contains("the bridge sent a frame of 2147483647 bytes, over the limit"),
          run.err());
    }
  }

  @Test
  void garbageAndClosingFromTheBridge() throws Exception {
    try (FakeBridge garbage = new FakeBridge((frame, conn) -> conn.send("not json {"))) {
      Run run = cli("--bridge", garbage.bridge(), "names");
      assertEquals(1, run.status());
      assertTrue(run.err().contains("sent a frame that is not JSON: not json {"), run.err());
    }
    try (FakeBridge closing = new FakeBridge((frame, conn) -> conn.close())) {
      Run run = cli("--bridge", closing.bridge(), "names");
      assertEquals(1, run.status());
      assertTrue(
          run.err().contains("the bridge at " + closing.bridge() + " closed the connection"),
          run.err());
    }
  }

  // ------------------------------------------------------------------------------------------
  // usage

  @Test
  void usageErrorsExitWithTwo() {
    Run none = cli();
    assertEquals(2, none.status());
    assertTrue(none.err().contains("a command is needed"), none.err());

    Run unknown = cli("frobnicate");
    assertEquals(2, unknown.status());

    Run noName = cli("whereis");
    assertEquals(2, noName.status());
    assertTrue(noName.err().contains("NAME"), noName.err());

    Run badBridge = cli("--bridge", "localhost", "names");
    assertEquals(2, badBridge.status());
    assertTrue(badBridge.err().contains("--bridge must be HOST:PORT"), badBridge.err());

    Run badPort = cli("--bridge", "localhost:99999", "names");
    assertEquals(2, badPort.status());
    assertTrue(badPort.err().contains("port must be 1-65535"), badPort.err());

    Run badJson = cli("send", "a.b", "{nope");
    assertEquals(2, badJson.status());
    assertTrue(badJson.err().contains("JSON is not valid JSON: {nope"), badJson.err());

    Run badRoom = cli("watch", "no spaces");
    assertEquals(2, badRoom.status());
    assertTrue(badRoom.err().contains("a room name is 1-32"), badRoom.err());

    Run badTimeout = cli("--timeout", "soon", "names");
    assertEquals(2, badTimeout.status());

    Run extra = cli("names", "unexpected");
    assertEquals(2, extra.status());
  }

  @Test
  void helpListsTheCommands() {
    Run help = cli("--help");
    assertEquals(0, help.status());
    for (String command :
        List.of("status", "whereis", "names", "members", "watch", "send", "--bridge")) {
      assertTrue(help.out().contains(command), command + " in " + help.out());
    }
    assertFalse(help.out().isEmpty());
  }

  @Test
  void endpoints() {
    assertEquals(
        new CliCommand.Endpoint("127.0.0.1", 7001), CliCommand.Endpoint.parse("127.0.0.1:7001"));
    assertEquals(new CliCommand.Endpoint("::1", 7001), CliCommand.Endpoint.parse("[::1]:7001"));
    assertEquals(
        new CliCommand.Endpoint("bridge.example", 1),
        CliCommand.Endpoint.parse("bridge.example:1"));
  }
}
