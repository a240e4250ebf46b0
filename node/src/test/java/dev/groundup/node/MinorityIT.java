package dev.groundup.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.groundup.common.cluster.Role;
import dev.groundup.testkit.Await;
import dev.groundup.testkit.Bot;
import dev.groundup.testkit.RoomPlacement;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * The minority side of a real network split refuses instead of acknowledging. Two hosts (network
 * namespaces joined by a bridge): the majority host runs two registry nodes, shard-1 and gateway-1;
 * the minority host runs one registry node, shard-2 and gateway-2. The store's quorum is two
 * registry nodes. Bots play through both gateways in rooms that run on shard-2. The minority host
 * is cut off: the bots on the minority side stop getting acks within the detection time plus two
 * seconds (their side can reach shard-2 but cannot store); the bots on the majority side are taken
 * over by shard-1 and play on. After the heal the majority's bots play on, nothing acknowledged was
 * lost and ticks never went back. Needs root for {@code ip netns}; skipped with the reason
 * elsewhere.
 */
class MinorityIT {

  private static final Duration READY = Duration.ofSeconds(120);
  private static final Duration WAIT = Duration.ofSeconds(90);

  @TempDir(cleanup = CleanupMode.ON_SUCCESS)
  Path dir;

  @Test
  void aCutOffShardNodeStopsAcknowledgingAndNothingAcknowledgedIsLost() throws Exception {
    String reason = Netns.unavailableReason();
    assumeTrue(reason == null, "minority test skipped: " + reason);
    List<NodeProcess> nodes = new ArrayList<>();
    List<Bot> majorityBots = new ArrayList<>();
    List<Bot> minorityBots = new ArrayList<>();
    try (Netns net = new Netns()) {
      String majority = net.addHost(1);
      String minority = net.addHost(2);
      net.attachRootTo(1);
      net.attachRootTo(2);
      Map<String, String> env = new HashMap<>();
      env.put("GROUNDUP_CLUSTER_NAME", "minority-" + UUID.randomUUID().toString().substring(0, 8));
      env.put(
          "GROUNDUP_SEEDS",
          Netns.address(1) + ":5701," + Netns.address(1) + ":5702," + Netns.address(2) + ":5701");
      env.put("GROUNDUP_HZ_PORT_AUTO", "false");
      env.put("GROUNDUP_STORE_QUORUM", "2");
      NodeProcess.Launcher base = ProcessCluster.launcher();
      NodeProcess.Launcher one = base.withPrefix(Netns.exec(majority));
      NodeProcess.Launcher two = base.withPrefix(Netns.exec(minority));

      NodeProcess registry1 =
          start(nodes, one, "registry-1", Role.REGISTRY, host(env, 1, 5701, Map.of()));
      registry1.awaitReady(READY);
      start(nodes, one, "registry-2", Role.REGISTRY, host(env, 1, 5702, Map.of()));
      start(nodes, two, "registry-3", Role.REGISTRY, host(env, 2, 5701, Map.of()));
      NodeProcess shard1 = start(nodes, one, "shard-1", Role.SHARD, host(env, 1, 5703, Map.of()));
      NodeProcess shard2 = start(nodes, two, "shard-2", Role.SHARD, host(env, 2, 5702, Map.of()));
      int port = 7500;
      start(
          nodes,
          one,
          "gateway-1",
          Role.GATEWAY,
          host(
              env,
              1,
              5704,
              Map.of(
                  "GROUNDUP_PORT",
                  Integer.toString(port),
                  "GROUNDUP_GATEWAY_HOST",
                  Netns.sideAddress(1))));
      start(
          nodes,
          two,
          "gateway-2",
          Role.GATEWAY,
          host(
              env,
              2,
              5703,
              Map.of(
                  "GROUNDUP_PORT",
                  Integer.toString(port),
                  "GROUNDUP_GATEWAY_HOST",
                  Netns.sideAddress(2))));
      for (NodeProcess n : nodes) {
        n.awaitReady(READY);
      }

      String target = shard2.ready().path("nodeId").asText();
      List<String> rooms =
          RoomPlacement.roomsOn(
              target, List.of(shard1.ready().path("nodeId").asText(), target), 4, "room-");
      for (String room : rooms.subList(0, 3)) {
        for (int b = 0; b < 2; b++) {
          majorityBots.add(new Bot(Netns.sideAddress(1), port, room + "-bot" + b, room, 4));
        }
      }
      for (int b = 0; b < 2; b++) {
        minorityBots.add(
            new Bot(Netns.sideAddress(2), port, rooms.get(3) + "-far" + b, rooms.get(3), 4));
      }
      List<Bot> all = new ArrayList<>(majorityBots);
      all.addAll(minorityBots);
      Await.until(
          "every bot acked a few moves", WAIT, () -> all.stream().allMatch(b -> b.acked() >= 10));

      List<Integer> ackedAtCut = majorityBots.stream().map(Bot::acked).toList();
      long cut = System.nanoTime();
      net.cut(2);

      // the minority side can reach its shard but cannot store: its acks stop
      Await.until(
          "a quiet spell without acks on the minority side",
          WAIT,
          () ->
              minorityBots.stream()
                  .allMatch(
                      b -> b.lastAck() < System.nanoTime() - Duration.ofSeconds(3).toNanos()));
      long lastAck = minorityBots.stream().mapToLong(Bot::lastAck).max().orElse(cut);
      double stopped = Math.max(0, lastAck - cut) / 1e9;
      System.out.printf(
          "minority: the minority side's last ack came %.2f s after the cut%n", stopped);
      assertThat(stopped)
          .as("stops acknowledging within the detection time + 2 s")
          .isLessThan(4 + 1 + 2);

      // the majority side takes shard-2's rooms over
      Await.until(
          "the majority's bots to be acked again",
          WAIT,
          () -> majorityBots.stream().allMatch(b -> b.acksAfter(lastAck) >= 5));

      net.heal(2);
      System.out.printf("minority: healed %.2f s after the cut%n", (System.nanoTime() - cut) / 1e9);
      Await.until(
          "the minority's shard to step down", WAIT, () -> log(shard2).contains("steps down"));
      long healed = System.nanoTime();
      Await.until(
          "the majority's bots to play on after the heal",
          WAIT,
          () -> majorityBots.stream().allMatch(b -> b.acksAfter(healed) >= 5));
      for (Bot bot : majorityBots) {
        bot.stop(Duration.ofSeconds(15));
      }
      List<String> found = new ArrayList<>();
      for (int i = 0; i < majorityBots.size(); i++) {
        Bot bot = majorityBots.get(i);
        bot.check(cut, ackedAtCut.get(i)).forEach(p -> found.add(bot.name + ": " + p));
      }
      assertThat(found).isEmpty();
    } catch (AssertionError e) {
      majorityBots.forEach(b -> System.out.println(b.summary()));
      minorityBots.forEach(b -> System.out.println(b.summary()));
      throw e;
    } finally {
      majorityBots.forEach(Bot::close);
      minorityBots.forEach(Bot::close);
      for (NodeProcess n : nodes) {
        n.kill();
      }
    }
  }

  private NodeProcess start(
      List<NodeProcess> nodes,
      NodeProcess.Launcher launcher,
      String name,
      Role role,
      Map<String, String> env)
      throws Exception {
    NodeProcess node = NodeProcess.start(launcher, name, role, env, dir);
    nodes.add(node);
    return node;
  }

  private static Map<String, String> host(
      Map<String, String> common, int n, int hazelcastPort, Map<String, String> extra) {
    Map<String, String> env = new HashMap<>(common);
    env.put("GROUNDUP_CLUSTER_HOST", Netns.address(n));
    env.put("GROUNDUP_PUBLIC_HOST", Netns.address(n));
    env.put("GROUNDUP_HZ_PORT", Integer.toString(hazelcastPort));
    env.putAll(extra);
    return env;
  }

  private static String log(NodeProcess node) {
    try {
      return Files.readString(node.log());
    } catch (Exception e) {
      return "";
    }
  }
}
