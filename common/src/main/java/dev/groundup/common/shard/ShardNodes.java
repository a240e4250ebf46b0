package dev.groundup.common.shard;

import dev.groundup.common.Addresses;
import dev.groundup.common.cluster.ClusterView;
import dev.groundup.common.registry.GroupMember;
import dev.groundup.common.registry.Registry;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The shard nodes that virtual shards are hashed onto: the members of the process group
 * {@code shards} (a shard node joins it once it serves, and leaves it first when it stops) that
 * membership says are alive. Kept up to date from a group monitor and membership snapshots, on the
 * context of the verticle that made it; {@code onChange} hears every change of the list.
 */
public final class ShardNodes {

  private final Registry registry;
  private final ClusterView view;
  private Set<String> inGroup = Set.of();
  private Handler<List<String>> onChange;
  private List<String> current = List.of();
  private Runnable stopMonitor = () -> { };
  private Runnable unsubscribe = () -> { };

  private ShardNodes(Registry registry, ClusterView view) {
    this.registry = registry;
    this.view = view;
  }

  /** Starts watching; the future completes once the current members are known. */
  public static Future<ShardNodes> watch(Registry registry, ClusterView view, Handler<List<String>> onChange) {
    ShardNodes nodes = new ShardNodes(registry, view);
    return registry.monitor(Addresses.SHARDS_GROUP, event -> nodes.refresh())
        .compose(stop -> {
          nodes.stopMonitor = stop;
          return registry.members(Addresses.SHARDS_GROUP);
        })
        .map(members -> {
          nodes.inGroup = nodesOf(members);
          nodes.onChange = onChange;
          nodes.unsubscribe = view.subscribe(registry.context(), snapshot -> nodes.recompute());
          nodes.recompute();
          return nodes;
        });
  }

  /** The shard nodes now, sorted by node id. */
  public List<String> current() {
    return current;
  }

  public void stop() {
    stopMonitor.run();
    unsubscribe.run();
  }

  /** The group changed: read it again (events only say that it changed; the map says what it is). */
  private void refresh() {
    registry.members(Addresses.SHARDS_GROUP).onSuccess(members -> {
      inGroup = nodesOf(members);
      recompute();
    });
  }

  private static Set<String> nodesOf(List<GroupMember> members) {
    return members.stream().map(GroupMember::node).collect(Collectors.toSet());
  }

  private void recompute() {
    List<String> next = view.snapshot().shardNodes().stream().filter(inGroup::contains).toList();
    if (!Objects.equals(next, current)) {
      current = next;
      if (onChange != null) {
        onChange.handle(next);
      }
    }
  }
}
