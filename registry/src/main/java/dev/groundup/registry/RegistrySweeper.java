package dev.groundup.registry;

import com.hazelcast.map.IMap;
import dev.groundup.common.cluster.ClusterNode;
import dev.groundup.common.cluster.ClusterView;
import dev.groundup.common.cluster.Member;
import dev.groundup.common.cluster.Role;
import dev.groundup.common.registry.Registry;
import dev.groundup.common.registry.store.GroupMembers;
import dev.groundup.common.registry.store.GroupOps;
import dev.groundup.common.registry.store.NameEntry;
import dev.groundup.common.registry.store.NameOps;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes registrations vanish with their node. The oldest registry node in this node's view removes
 * every global name and group membership whose node is not a member of the cluster: at once when
 * membership changes, and every few seconds to catch a registration that raced the node's death.
 * Tombstones of {@code notify-both} conflicts are forgotten after a minute.
 *
 * <p>The sweep runs Hazelcast's {@code executeOnEntries}, which waits: it runs on a worker thread,
 * never on the event loop.
 */
public final class RegistrySweeper extends VerticleBase {

  private static final Logger log = LoggerFactory.getLogger(RegistrySweeper.class);
  static final long PERIOD_MILLIS = 5_000;
  static final long TOMBSTONE_MILLIS = 60_000;

  private final ClusterNode node;
  private Runnable unsubscribe;
  private boolean sweeping;

  public RegistrySweeper(ClusterNode node) {
    this.node = node;
  }

  @Override
  public Future<?> start() {
    unsubscribe = node.view().subscribe(context, snapshot -> sweep());
    vertx.setPeriodic(PERIOD_MILLIS, id -> sweep());
    return Future.succeededFuture();
  }

  @Override
  public Future<?> stop() {
    unsubscribe.run();
    return Future.succeededFuture();
  }

  private void sweep() {
    ClusterView.Snapshot snapshot = node.view().snapshot();
    if (sweeping || !oldestRegistry(snapshot)) {
      return;
    }
    Set<String> live = snapshot.members().stream().map(Member::nodeId).collect(Collectors.toSet());
    sweeping = true;
    IMap<String, NameEntry> names = node.hazelcast().getMap(Registry.NAMES_MAP);
    IMap<String, GroupMembers> groups = node.hazelcast().getMap(Registry.GROUPS_MAP);
    long tombstonesBefore = System.currentTimeMillis() - TOMBSTONE_MILLIS;
    vertx
        .executeBlocking(
            () -> {
              long gone =
                  names
                      .executeOnEntries(new NameOps.Purge(live, tombstonesBefore))
                      .values()
                      .stream()
                      .filter(Boolean.TRUE::equals)
                      .count();
              long left =
                  groups.executeOnEntries(new GroupOps.Purge(live)).values().stream()
                      .filter(Boolean.TRUE::equals)
                      .count();
              return gone + left;
            },
            false)
        .onComplete(
            removed -> {
              sweeping = false;
              if (removed > 0) {
                log.info(
                    "Swept {} names and groups of nodes that left ({} members now)",
                    removed,
                    live.size());
              }
            },
            failure -> {
              sweeping = false;
              log.warn("Registry sweep failed: {}", failure.getMessage());
            });
  }

  /** Whether this node is the oldest registry node it can see. */
  private boolean oldestRegistry(ClusterView.Snapshot snapshot) {
    return snapshot.withRole(Role.REGISTRY).stream()
        .findFirst()
        .map(m -> m.nodeId().equals(snapshot.self()))
        .orElse(false);
  }
}
