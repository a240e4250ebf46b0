package dev.groundup.common.cluster;

import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.core.HazelcastInstance;
import io.vertx.core.Context;
import io.vertx.core.Handler;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * This node's view of the cluster's membership, kept from Hazelcast's membership events.
 *
 * <p>The view is an immutable {@link Snapshot} replaced on every change, so any thread may read it.
 * Hazelcast calls the listener on its own event thread; the view only builds the new snapshot there
 * (a local, non-blocking read of the member list) and hands it to each subscriber's Vert.x context
 * at once, never running subscriber code on Hazelcast's threads. Subscribers see snapshots in
 * order.
 *
 * <p>During a split each side sees only its own members; after the merge the view is rebuilt.
 */
public final class ClusterView {

  /** The members of the cluster at one moment, oldest first, with this node's own id. */
  public record Snapshot(String self, List<Member> members) {
    public Snapshot {
      members = List.copyOf(members);
    }

    /** Members that do the work of one role (nodes of role {@code all} do every role's). */
    public List<Member> withRole(Role role) {
      return members.stream().filter(m -> m.role().serves(role)).toList();
    }

    /** The node ids of the shard nodes, sorted. */
    public List<String> shardNodes() {
      return withRole(Role.SHARD).stream().map(Member::nodeId).sorted().toList();
    }

    public Optional<Member> member(String nodeId) {
      return members.stream().filter(m -> m.nodeId().equals(nodeId)).findFirst();
    }

    public boolean contains(String nodeId) {
      return member(nodeId).isPresent();
    }
  }

  private record Subscriber(Context context, Handler<Snapshot> handler) {}

  private final HazelcastInstance hazelcast;
  private final String self;
  private final int shardCount;
  private final String routing;
  private final List<Subscriber> subscribers = new CopyOnWriteArrayList<>();
  private volatile Snapshot snapshot;
  private UUID listenerId;

  ClusterView(HazelcastInstance hazelcast, String self, int shardCount, String routing) {
    this.hazelcast = hazelcast;
    this.self = self;
    this.shardCount = shardCount;
    this.routing = routing;
    this.snapshot = read();
  }

  void start() {
    listenerId =
        hazelcast
            .getCluster()
            .addMembershipListener(
                new MembershipListener() {
                  @Override
                  public void memberAdded(MembershipEvent event) {
                    refresh();
                  }

                  @Override
                  public void memberRemoved(MembershipEvent event) {
                    refresh();
                  }
                });
    refresh();
  }

  void stop() {
    if (listenerId != null && hazelcast.getLifecycleService().isRunning()) {
      hazelcast.getCluster().removeMembershipListener(listenerId);
    }
  }

  /** The current membership. */
  public Snapshot snapshot() {
    return snapshot;
  }

  /**
   * Calls {@code handler} on {@code context} with every new snapshot. Returns a handle that stops
   * it; a verticle subscribes in {@code start} and cancels in {@code stop}.
   */
  public Runnable subscribe(Context context, Handler<Snapshot> handler) {
    Subscriber s = new Subscriber(context, handler);
    subscribers.add(s);
    return () -> subscribers.remove(s);
  }

  /**
   * Members whose shard count or routing differs from this node's. They are left out of every
   * snapshot (shards must never be computed from two different hash setups) and exit on their own.
   */
  public List<Member> incompatible() {
    return members().filter(m -> !compatible(m)).toList();
  }

  private boolean compatible(Member m) {
    return m.shardCount() == shardCount && m.routing().equals(routing);
  }

  /** Re-reads the membership and tells subscribers; called on Hazelcast's event threads. */
  void refresh() {
    synchronized (this) {
      Snapshot next = read();
      if (next.equals(snapshot)) {
        return;
      }
      snapshot = next;
      // handed over inside the lock so that every subscriber sees snapshots in order
      for (Subscriber s : subscribers) {
        s.context().runOnContext(v -> s.handler().handle(next));
      }
    }
  }

  private java.util.stream.Stream<Member> members() {
    return hazelcast.getCluster().getMembers().stream()
        .map(HazelcastConfigs::read)
        .flatMap(Optional::stream);
  }

  private Snapshot read() {
    List<Member> members =
        members()
            .filter(this::compatible)
            .sorted(Comparator.comparingLong(Member::startedAt).thenComparing(Member::nodeId))
            .toList();
    return new Snapshot(self, members);
  }
}
