package dev.groundup.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.groundup.common.cluster.ClusterNode;
import dev.groundup.common.cluster.Role;
import dev.groundup.common.config.NodeConfig;
import dev.groundup.common.testing.ClusterHarness;
import dev.groundup.common.testing.Ports;
import dev.groundup.registry.RegistryMain;
import dev.groundup.shard.ShardConfig;
import dev.groundup.shard.ShardMain;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.shareddata.ClusterSerializable;
import java.io.IOException;
import java.io.Serializable;
import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/**
 * The cluster's internal surfaces: the ports of Hazelcast and the event bus listen on the node's
 * cluster address only (not the wildcard address), the cluster is not Hazelcast's default "dev",
 * and the event bus refuses Java serialization and {@code ClusterSerializable} for anything that
 * leaves the node (Vert.x's own default lets {@code BigInteger} through).
 */
class ClusterSurfacesIT {

  /** Hazelcast binds only an address some interface has: on loopback that is 127.0.0.1 alone. */
  private static final String CLUSTER_HOST = "127.0.0.1";

  record Listener(InetAddress address, int port) {}

  @Test
  @EnabledOnOs(OS.LINUX)
  void clusterPortsListenOnTheClusterAddressOnlyAndJavaSerializationIsRefused() throws Exception {
    Set<Listener> before = listeners();
    try (ClusterHarness harness = new ClusterHarness("ClusterSurfacesIT")) {
      int seed = Ports.free();
      ClusterNode registry =
          harness.track(
              RegistryMain.start(
                      NodeConfig.fromEnv(Role.REGISTRY, env(harness, Role.REGISTRY, seed, seed)))
                  .await(60, TimeUnit.SECONDS)
                  .node());
      ClusterNode shard =
          harness.track(
              ShardMain.start(ShardConfig.fromEnv(env(harness, Role.SHARD, Ports.free(), seed)))
                  .await(60, TimeUnit.SECONDS)
                  .node());
      assertThat(shard.hazelcast().getCluster().getMembers()).hasSize(2);

      Set<Listener> opened = new HashSet<>(listeners());
      opened.removeAll(before);
      // two nodes: a Hazelcast port and an event-bus port each, at least
      assertThat(opened).hasSizeGreaterThanOrEqualTo(4);
      assertThat(opened).extracting(l -> l.address().getHostAddress()).containsOnly(CLUSTER_HOST);
      assertThat(opened)
          .extracting(Listener::port)
          .contains(registry.hazelcastPort(), shard.hazelcastPort());

      assertThat(registry.hazelcast().getConfig().getClusterName()).isNotEqualTo("dev");

      // nothing that would need Java serialization (or ClusterSerializable) may leave the node
      String address = "groundup.test.surfaces";
      registry
          .vertx()
          .eventBus()
          .consumer(address, m -> {})
          .completion()
          .await(10, TimeUnit.SECONDS);
      assertThatThrownBy(() -> shard.vertx().eventBus().send(address, BigInteger.TEN))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("No message codec");
      assertThatThrownBy(() -> shard.vertx().eventBus().send(address, new Plain("x")))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("No message codec");
      assertThatThrownBy(() -> shard.vertx().eventBus().send(address, new Custom()))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("No message codec");
      // within the node (no bytes) it is the caller's business, as Vert.x defines it
      shard
          .vertx()
          .eventBus()
          .send(address, BigInteger.TEN, new DeliveryOptions().setLocalOnly(true));
    }
  }

  private static Map<String, String> env(ClusterHarness harness, Role role, int port, int seed) {
    Map<String, String> extra = new HashMap<>();
    extra.put("GROUNDUP_CLUSTER_HOST", CLUSTER_HOST);
    extra.put("GROUNDUP_HZ_PORT", Integer.toString(port));
    extra.put("GROUNDUP_SEEDS", CLUSTER_HOST + ":" + seed);
    return harness.env(role, extra);
  }

  record Plain(String value) implements Serializable {}

  static final class Custom implements ClusterSerializable {
    @Override
    public void writeToBuffer(Buffer buffer) {}

    @Override
    public int readFromBuffer(int pos, Buffer buffer) {
      return pos;
    }
  }

  /** The TCP sockets of this process in state LISTEN, read from /proc (IPv4 and IPv6 tables). */
  private static Set<Listener> listeners() throws IOException {
    Set<String> inodes = new HashSet<>();
    try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
      for (Path fd : fds.toList()) {
        try {
          String target = Files.readSymbolicLink(fd).toString();
          if (target.startsWith("socket:[")) {
            inodes.add(target.substring(8, target.length() - 1));
          }
        } catch (IOException gone) {
          // closed meanwhile
        }
      }
    }
    Set<Listener> out = new HashSet<>();
    for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
      List<String> lines = Files.readAllLines(Path.of(table));
      for (String line : lines.subList(1, lines.size())) {
        String[] f = line.trim().split("\\s+");
        if (f[3].equals("0A") && inodes.contains(f[9])) {
          String[] local = f[1].split(":");
          out.add(new Listener(address(local[0]), Integer.parseInt(local[1], 16)));
        }
      }
    }
    return out;
  }

  /**
   * A /proc/net address: 32-bit words in host (little-endian) order; IPv4-mapped IPv6 shown as
   * IPv4.
   */
  private static InetAddress address(String hex) throws IOException {
    byte[] bytes = new byte[hex.length() / 2];
    for (int word = 0; word < bytes.length / 4; word++) {
      for (int i = 0; i < 4; i++) {
        bytes[word * 4 + i] =
            (byte)
                Integer.parseInt(
                    hex.substring(word * 8 + (3 - i) * 2, word * 8 + (3 - i) * 2 + 2), 16);
      }
    }
    return InetAddress.getByAddress(bytes);
  }
}
