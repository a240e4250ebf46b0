package dev.groundup.common.shard;

import dev.groundup.common.Addresses;
import dev.groundup.common.cluster.ClusterNode;
import dev.groundup.common.registry.GroupMember;
import dev.groundup.common.registry.Registry;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

/**
 * This node's directory of shard nodes, and so of which node runs each virtual shard: the members
 * of the process group {@code shards} (a shard node joins it once it serves and leaves it first
 * when it stops) that membership says are alive, hashed onto by {@link Rendezvous}. One per node,
 * kept up to date on a context of its own from a group monitor and membership snapshots; any thread
 * may read it, and subscribers hear every change on their own context.
 *
 * <p>Requests for a shard go to {@code groundup.shard.<id>@<node>}, the address of the shard's
 * owner as this directory sees it: routing follows the hash and membership, never a stale
 * subscription, and a request for a node that is gone fails at once.
 */
public final class ShardNodes {

  private record Subscriber(Context context, Handler<List<String>> handler) {}

  private final ClusterNode node;
  private final Registry registry;
  private final List<Subscriber> subscribers = new CopyOnWriteArrayList<>();

  /** The shard nodes now, sorted by node id, and the owners of the shards among them. */
  private volatile Rendezvous.Table current = new Rendezvous.Table(List.of());

  private Set<String> inGroup = Set.of();
  private Runnable stopMonitor = () -> {};
  private Runnable unsubscribe = () -> {};

  private ShardNodes(ClusterNode node, Registry registry) {
    this.node = node;
    this.registry = registry;
  }

  /** Starts the node's directory; the future completes once the current shard nodes are known. */
  public static Future<ShardNodes> start(ClusterNode node) {
    Context context = node.vertx().getOrCreateContext();
    Promise<ShardNodes> started = Promise.promise();
    context.runOnContext(
        v -> {
          ShardNodes nodes = new ShardNodes(node, Registry.create(node.vertx(), node));
          nodes
              .registry
              .monitor(Addresses.SHARDS_GROUP, event -> nodes.refresh())
              .compose(
                  stop -> {
                    nodes.stopMonitor = stop;
                    return nodes.registry.members(Addresses.SHARDS_GROUP);
                  })
              .map(
                  members -> {
                    nodes.inGroup = nodesOf(members);
                    nodes.unsubscribe =
                        node.view().subscribe(context, snapshot -> nodes.recompute());
                    nodes.recompute();
                    return nodes;
                  })
              .onComplete(started);
        });
    return started.future();
  }

  /** The shard nodes now, sorted by node id. */
  public List<String> current() {
    return current.nodes();
  }

  /** The node that runs virtual shard {@code shard} now, or null if there is no shard node. */
  public String ownerOf(int shard) {
    return current.owner(shard);
  }

  /**
   * Calls {@code handler} on {@code context} with every new list; returns a handle that stops it.
   */
  public Runnable subscribe(Context context, Handler<List<String>> handler) {
    Subscriber s = new Subscriber(context, handler);
    subscribers.add(s);
    return () -> subscribers.remove(s);
  }

  public Future<Void> stop() {
    stopMonitor.run();
    unsubscribe.run();
    return registry.close();
  }

  /**
   * The group changed: read it again (events only say that it changed; the map says what it is).
   */
  private void refresh() {
    registry
        .members(Addresses.SHARDS_GROUP)
        .onSuccess(
            members -> {
              inGroup = nodesOf(members);
              recompute();
            });
  }

  private static Set<String> nodesOf(List<GroupMember> members) {
    return members.stream().map(GroupMember::node).collect(Collectors.toSet());
  }

  private void recompute() {
    List<String> next =
        node.view().snapshot().shardNodes().stream().filter(inGroup::contains).toList();
    if (!Objects.equals(next, current.nodes())) {
      current = new Rendezvous.Table(next);
      for (Subscriber s : subscribers) {
        s.context().runOnContext(v -> s.handler().handle(next));
      }
    }
  }
}
