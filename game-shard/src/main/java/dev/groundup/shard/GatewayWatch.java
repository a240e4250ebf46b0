package dev.groundup.shard;

import dev.groundup.common.cluster.ClusterView;
import dev.groundup.common.cluster.Member;
import dev.groundup.common.cluster.Role;
import java.util.HashSet;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/** Tells which gateway nodes left between two membership snapshots. */
final class GatewayWatch {

  private Set<String> gateways;

  GatewayWatch(ClusterView.Snapshot initial) {
    gateways = ids(initial);
  }

  void update(ClusterView.Snapshot next, Consumer<String> onLeft) {
    Set<String> now = ids(next);
    Set<String> gone = new HashSet<>(gateways);
    gone.removeAll(now);
    gateways = now;
    gone.forEach(onLeft);
  }

  private static Set<String> ids(ClusterView.Snapshot snapshot) {
    return snapshot.withRole(Role.GATEWAY).stream().map(Member::nodeId).collect(Collectors.toSet());
  }
}
