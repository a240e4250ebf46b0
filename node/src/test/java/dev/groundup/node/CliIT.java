package dev.groundup.node;

import static org.assertj.core.api.Assertions.assertThat;

import dev.groundup.common.cluster.ClusterNode;
import dev.groundup.common.shard.RoutingMode;
import dev.groundup.common.testing.Ports;
import dev.groundup.testkit.Await;
import dev.groundup.testkit.LineClient;
import dev.groundup.tools.cli.CliCommand;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * {@code ./groundup cli} (its command, run in-process with captured output) against an in-JVM
 * cluster — one registry node, two shard nodes, a gateway with the debugging bridge on a free
 * loopback port — through the real bridge.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CliIT {

  private static final Duration WAIT = Duration.ofSeconds(30);

  private TestCluster cluster;
  private String bridge;
  private final AtomicInteger ids = new AtomicInteger();

  /** One run's exit status and output. */
  record Run(int status, String out, String err) {}

  @BeforeAll
  void start() throws Exception {
    int port = Ports.free();
    bridge = "127.0.0.1:" + port;
    cluster =
        TestCluster.start(
            "CliIT",
            RoutingMode.SHARDED,
            2,
            Map.of("GROUNDUP_BRIDGE_PORT", Integer.toString(port)));
  }

  @AfterAll
  void stop() {
    if (cluster != null) {
      cluster.close();
    }
  }

  private Run cli(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    List<String> all = new ArrayList<>(List.of("--bridge", bridge));
    all.addAll(List.of(args));
    int status =
        CliCommand.execute(
            all.toArray(String[]::new),
            new PrintWriter(out, true),
            new PrintWriter(err, true),
            new CliCommand.Stop());
    return new Run(status, out.toString(), err.toString());
  }

  private List<ClusterNode> nodes() {
    List<ClusterNode> nodes = new ArrayList<>();
    nodes.add(cluster.registry);
    nodes.addAll(cluster.shards);
    nodes.addAll(cluster.gateways);
    return nodes;
  }

  @Test
  void statusListsEveryNodeAndAll64Shards() {
    AtomicReference<Run> last = new AtomicReference<>();
    Await.until(
        "cli status to list 4 nodes and 64 owned shards",
        WAIT,
        () -> {
          Run run = cli("status");
          last.set(run);
          return run.status() == 0
              && run.out().contains("Nodes (4)\n")
              && run.out().contains("Shards (64)\n")
              && !run.out().contains("(no owner)");
        });
    String out = last.get().out();
    for (ClusterNode node : nodes()) {
      String name = node.config().nodeName();
      assertThat(out)
          .as("a row for " + name)
          .containsPattern(
              "(?m)^  "
                  + Pattern.quote(name)
                  + " +"
                  + node.config().role().wire()
                  + " +127\\.0\\.0\\.1 ");
    }
    // the shard lines of both shard nodes add up to 64
    Matcher m = Pattern.compile("(?m)^  (\\S+): +(\\d+) shards? \\[").matcher(out);
    int total = 0;
    List<String> owners = new ArrayList<>();
    while (m.find()) {
      owners.add(m.group(1));
      total += Integer.parseInt(m.group(2));
    }
    assertThat(total).as(out).isEqualTo(64);
    assertThat(owners)
        .containsExactlyInAnyOrderElementsOf(
            cluster.shards.stream().map(n -> n.config().nodeName()).toList());
    assertThat(out).contains("Rooms (").contains("Handoffs in progress\n");
    assertThat(last.get().err()).isEmpty();
  }

  @Test
  void whereisNamesAndMembers() {
    String player = "cliada" + ids.incrementAndGet();
    try (LineClient ada = cluster.login(player)) {
      AtomicReference<Run> where = new AtomicReference<>();
      Await.until(
          "cli whereis player:" + player + " to find it",
          WAIT,
          () -> {
            where.set(cli("whereis", "player:" + player));
            return where.get().status() == 0 && where.get().out().contains(" address ");
          });
      assertThat(where.get().out())
          .startsWith("player:" + player + "  address groundup.")
          .contains("  node ");

      Run nobody = cli("whereis", "player:nobody-" + player);
      assertThat(nobody.status()).isZero();
      assertThat(nobody.out()).isEqualTo("player:nobody-" + player + " is not registered\n");

      Run names = cli("names");
      assertThat(names.status()).as(names.err()).isZero();
      List<String> lines = names.out().lines().toList();
      assertThat(lines).contains("player:" + player).isSorted();

      Run members = cli("members", "shards");
      assertThat(members.status()).as(members.err()).isZero();
      assertThat(members.out()).startsWith("shards: 2 members\n  ADDRESS");
      assertThat(members.out().lines().count())
          .isEqualTo(4); // the count line, the header, two members
      assertThat(ada.isClosedByServer()).isFalse();
    }
  }

  @Test
  void watchPrintsAStateLineWhenAPlayerMovesInTheRoom() throws Exception {
    String room = "cliroom" + ids.incrementAndGet();
    String player = "clibob" + ids.incrementAndGet();
    CliCommand.Stop stop = new CliCommand.Stop();
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    PrintWriter outWriter = new PrintWriter(out, true);
    CompletableFuture<Integer> watch =
        CompletableFuture.supplyAsync(
            () ->
                CliCommand.execute(
                    new String[] {"--bridge", bridge, "watch", room},
                    outWriter,
                    new PrintWriter(err, true),
                    stop));
    try (LineClient bob = cluster.login(player)) {
      assertThat(bob.request(2, "{\"op\":\"join\",\"room\":\"" + room + "\"}").path("ev").asText())
          .isEqualTo("joined");
      // the watch reaches the room's shard asynchronously: move until the watcher prints a state
      // line
      AtomicInteger id = new AtomicInteger(10);
      String[] dirs = {"e", "w"};
      Await.until(
          "cli watch to print a state line of " + room,
          WAIT,
          () -> {
            int n = id.incrementAndGet();
            bob.request(n, "{\"op\":\"move\",\"dir\":\"" + dirs[n % 2] + "\"}");
            synchronized (out) {
              return out.toString().contains(" state tick ") || watch.isDone();
            }
          });
      assertThat(watch.isDone()).as("the watch still runs; err: " + err).isFalse();
      String line;
      synchronized (out) {
        line =
            out.toString()
                .lines()
                .filter(l -> l.contains(" state tick "))
                .findFirst()
                .orElseThrow();
      }
      assertThat(line)
          .matches(
              "\\d\\d:\\d\\d:\\d\\d\\.\\d{3} state tick \\d+: .*"
                  + Pattern.quote(player)
                  + " \\(\\d+,\\d+\\) score \\d+ steps \\d+.*");
      bob.send("{\"op\":\"say\",\"text\":\"hello from the cli test\"}");
      Await.until(
          "cli watch to print the said line",
          WAIT,
          () -> {
            synchronized (out) {
              return out.toString().contains(" said " + player + ": hello from the cli test");
            }
          });
    } finally {
      stop.stop();
    }
    assertThat(watch.get(10, TimeUnit.SECONDS)).as(err.toString()).isZero();
    assertThat(err.toString()).contains("watching room " + room);
  }

  @Test
  void aDeniedSendPrintsTheAccessErrorAndExitsWithOne() {
    for (String address :
        List.of("groundup.internal.nope", "__vertx.reply.1", "groundup.room.lobby")) {
      Run run = cli("send", address, "{}");
      assertThat(run.status()).as(address + ": " + run.err()).isEqualTo(1);
      assertThat(run.out()).isEmpty();
      assertThat(run.err()).isEqualTo("cli: the bridge does not allow " + address + "\n");
    }
  }

  @Test
  void sendToAPermittedAddressPrintsTheReply() {
    Run run = cli("send", "groundup.registry.members", "{\"group\":\"shards\"}");
    assertThat(run.status()).as(run.err()).isZero();
    assertThat(run.out()).startsWith("{\"group\":\"shards\",\"members\":[");
  }
}
