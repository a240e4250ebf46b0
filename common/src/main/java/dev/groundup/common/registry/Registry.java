package dev.groundup.common.registry;

import com.hazelcast.core.LifecycleEvent;
import com.hazelcast.map.IMap;
import com.hazelcast.map.listener.EntryAddedListener;
import com.hazelcast.map.listener.EntryMergedListener;
import com.hazelcast.map.listener.EntryRemovedListener;
import com.hazelcast.map.listener.EntryUpdatedListener;
import com.hazelcast.query.Predicates;
import dev.groundup.common.cluster.ClusterNode;
import dev.groundup.common.cluster.ClusterView;
import dev.groundup.common.cluster.Member;
import dev.groundup.common.registry.RegistryProtocol.NameConflict;
import dev.groundup.common.registry.store.GroupMembers;
import dev.groundup.common.registry.store.GroupOps;
import dev.groundup.common.registry.store.NameEntry;
import dev.groundup.common.registry.store.NameOps;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.shareddata.LocalMap;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Erlang-style naming for the whole cluster, for one verticle: node-local names ({@code
 * register/2}), cluster-wide unique names ({@code global}) and process groups ({@code pg}). Every
 * method returns a Future completed on the verticle's context; nothing blocks it. Callers never see
 * a map or an address of the registry itself.
 *
 * <h2>Local names</h2>
 *
 * Unique per node, kept in a Vert.x local map: lookups never leave the node.
 *
 * <h2>Global names</h2>
 *
 * Kept in the Hazelcast map {@code groundup.registry.names} on the registry nodes (data members)
 * with one synchronous backup, so any one process may die without losing a live node's
 * registration. {@link #register} is an atomic put-if-absent on the partition that owns the name:
 * linearizable, and it fails with {@link NameTakenException} naming the owner. A registration
 * belongs to the node that made it: when that node leaves or dies, the registry's sweeper removes
 * it as soon as membership says so (heartbeat timeout, default 4 s; at once for a clean leave or a
 * crash on one machine).
 *
 * <p>During a split each side keeps registering on its own (a side without a registry node cannot
 * register at all). When the split heals, a name registered on both sides is resolved by the rule
 * it was registered with ({@link ConflictRule}); every node checks its own names after a merge, so
 * a loser's address gets {@link NameConflict} and the name is dropped from this client. A node that
 * was cut off and comes back re-registers the names it still holds where they are free, like {@code
 * global} re-syncing a reconnected node.
 *
 * <h2>Process groups</h2>
 *
 * Kept in {@code groundup.registry.groups}: eventually consistent, an address may join a group
 * several times and leaves one membership at a time, a group with no members does not exist, a dead
 * node's memberships are swept like its names, and after a split both sides' memberships are kept.
 * {@link #monitor} reports joins and leaves as Hazelcast sees them change.
 *
 * <p>{@link #close()} (call it in the verticle's {@code stop}) unregisters this client's names and
 * leaves its groups.
 */
public final class Registry {

  public static final String NAMES_MAP = "groundup.registry.names";
  public static final String GROUPS_MAP = "groundup.registry.groups";
  private static final String LOCAL_MAP = "groundup.registry.local";

  /** A member that joins and is older than this is coming back from a split, not starting. */
  private static final long REJOIN_AGE_MILLIS = 15_000;

  private static final Logger log = LoggerFactory.getLogger(Registry.class);

  private record Own(String address, ConflictRule rule, long registeredAt) {}

  private final Vertx vertx;
  private final Context context;
  private final ClusterNode node;
  private final IMap<String, NameEntry> names;
  private final IMap<String, GroupMembers> groups;
  private final LocalMap<String, String> local;
  private final Map<String, Own> own = new HashMap<>();

  /** Registrations of names in flight, by name: an unregister waits for the one before it. */
  private final Map<String, Future<?>> registering = new HashMap<>();

  private final Map<GroupKey, Integer> joined = new HashMap<>();
  private final Set<String> localNames = new HashSet<>();
  private final List<UUID> listeners = new ArrayList<>();
  private final UUID lifecycleListener;
  private final Runnable unsubscribe;
  private boolean closed;

  private record GroupKey(String group, String address) {}

  private Registry(Vertx vertx, Context context, ClusterNode node) {
    this.vertx = vertx;
    this.context = context;
    this.node = node;
    this.names = node.hazelcast().getMap(NAMES_MAP);
    this.groups = node.hazelcast().getMap(GROUPS_MAP);
    this.local = vertx.sharedData().getLocalMap(LOCAL_MAP);
    this.lifecycleListener =
        node.hazelcast()
            .getLifecycleService()
            .addLifecycleListener(
                event -> {
                  if (event.getState() == LifecycleEvent.LifecycleState.MERGED) {
                    context.runOnContext(v -> reconcileSoon());
                  }
                });
    ClusterView.Snapshot[] last = {node.view().snapshot()};
    this.unsubscribe =
        node.view()
            .subscribe(
                context,
                next -> {
                  if (returning(last[0], next)) {
                    reconcileSoon();
                  }
                  last[0] = next;
                });
  }

  /** A registry client for the verticle whose context this is called on. */
  public static Registry create(Vertx vertx, ClusterNode node) {
    Context context = vertx.getOrCreateContext();
    return new Registry(vertx, context, node);
  }

  /** The context this client's futures and handlers run on. */
  public Context context() {
    return context;
  }

  // ---- local names

  /**
   * Registers {@code name} on this node only; fails with {@link NameTakenException} if taken here.
   */
  public Future<Void> registerLocal(String name, String address) {
    String previous = local.putIfAbsent(name, address);
    if (previous != null) {
      return Future.failedFuture(
          new NameTakenException(new Registration(name, previous, node.nodeId())));
    }
    localNames.add(name);
    return Future.succeededFuture();
  }

  /** The address registered locally as {@code name}; never leaves the node. */
  public Optional<String> whereisLocal(String name) {
    return Optional.ofNullable(local.get(name));
  }

  /** Removes a local name this client registered. */
  public boolean unregisterLocal(String name) {
    if (!localNames.remove(name)) {
      return false;
    }
    local.remove(name);
    return true;
  }

  // ---- global names

  /** Registers {@code name} for {@code address} with rule {@code keep-oldest}. */
  public Future<Void> register(String name, String address) {
    return register(name, address, ConflictRule.KEEP_OLDEST);
  }

  /** Registers {@code name} for {@code address}; fails with {@link NameTakenException} if taken. */
  public Future<Void> register(String name, String address, ConflictRule rule) {
    NameEntry entry = entry(address, rule);
    return inFlight(
        name,
        call(names.submitToKey(name, new NameOps.Register(entry)))
            .compose(
                owner -> {
                  if (owner != null) {
                    return Future.failedFuture(new NameTakenException(registration(name, owner)));
                  }
                  own.put(name, new Own(address, rule, entry.getRegisteredAt()));
                  return Future.succeededFuture();
                }));
  }

  /**
   * Remembers {@code registration} of {@code name} until it completes, so that an {@link
   * #unregister} called meanwhile (a player who quits the moment they logged in) undoes it after it
   * is stored instead of finding nothing to undo and leaving the name behind.
   */
  private <T> Future<T> inFlight(String name, Future<T> registration) {
    registering.put(name, registration);
    return registration.onComplete(done -> registering.remove(name, registration));
  }

  /**
   * Registers {@code name} for {@code address} whoever holds it now ({@code
   * global:re_register_name}); gives the registration it replaced, if another.
   */
  public Future<Optional<Registration>> reregister(String name, String address, ConflictRule rule) {
    NameEntry entry = entry(address, rule);
    return inFlight(
        name,
        call(names.submitToKey(name, new NameOps.Reregister(entry)))
            .map(
                previous -> {
                  own.put(name, new Own(address, rule, entry.getRegisteredAt()));
                  return Optional.ofNullable(previous)
                      .filter(p -> !p.isOwnedBy(node.nodeId(), address))
                      .map(p -> registration(name, p));
                }));
  }

  /** Who holds {@code name}, if anyone. */
  public Future<Optional<Registration>> whereis(String name) {
    return call(names.getAsync(name))
        .map(
            e ->
                Optional.ofNullable(e)
                    .filter(x -> !x.isTombstone())
                    .map(x -> registration(name, x)));
  }

  /** Removes {@code name} if this client registered it and still holds it. */
  public Future<Boolean> unregister(String name) {
    Future<?> pending = registering.get(name);
    if (pending != null && !pending.isComplete()) {
      return pending.transform(registered -> unregister(name));
    }
    Own mine = own.remove(name);
    if (mine == null) {
      return Future.succeededFuture(false);
    }
    return call(names.submitToKey(name, new NameOps.Unregister(node.nodeId(), mine.address())));
  }

  /** Every global name. */
  public Future<List<String>> names() {
    return vertx.executeBlocking(
        () -> names.keySet(Predicates.equal("tombstone", false)).stream().sorted().toList(), false);
  }

  // ---- process groups

  /** Adds a membership of {@code address} to {@code group}. */
  public Future<Void> join(String group, String address) {
    return call(groups.submitToKey(
            group, new GroupOps.Join(new GroupMember(address, node.nodeId()))))
        .map(
            ok -> {
              joined.merge(new GroupKey(group, address), 1, Integer::sum);
              return null;
            });
  }

  /** Removes one membership of {@code address} from {@code group}; false if it had none. */
  public Future<Boolean> leave(String group, String address) {
    GroupKey key = new GroupKey(group, address);
    joined.computeIfPresent(key, (k, n) -> n > 1 ? n - 1 : null);
    return call(
        groups.submitToKey(group, new GroupOps.Leave(new GroupMember(address, node.nodeId()))));
  }

  /**
   * Every membership of {@code group}, in the order they joined; empty if the group does not exist.
   */
  public Future<List<GroupMember>> members(String group) {
    return call(groups.getAsync(group)).map(g -> g == null ? List.of() : g.members());
  }

  /** The memberships of {@code group} on this node. */
  public Future<List<GroupMember>> localMembers(String group) {
    return members(group)
        .map(all -> all.stream().filter(m -> m.node().equals(node.nodeId())).toList());
  }

  /** A member on this node if there is one, else any member. */
  public Future<Optional<GroupMember>> closest(String group) {
    return members(group)
        .map(
            all -> {
              List<GroupMember> here =
                  all.stream().filter(m -> m.node().equals(node.nodeId())).toList();
              List<GroupMember> pick = here.isEmpty() ? all : here;
              return pick.isEmpty()
                  ? Optional.empty()
                  : Optional.of(pick.get(ThreadLocalRandom.current().nextInt(pick.size())));
            });
  }

  /**
   * Calls {@code handler} on this context for every membership that joins or leaves {@code group}
   * from now on. The future gives a handle that stops it.
   */
  public Future<Runnable> monitor(String group, Handler<GroupEvent> handler) {
    GroupListener listener = new GroupListener(group, handler);
    return vertx
        .executeBlocking(() -> groups.addEntryListener(listener, group, true), false)
        .map(
            id -> {
              listeners.add(id);
              return () -> {
                listeners.remove(id);
                vertx.executeBlocking(() -> groups.removeEntryListener(id), false);
              };
            });
  }

  /** Unregisters this client's names, leaves its groups, stops its monitors. */
  public Future<Void> close() {
    if (closed) {
      return Future.succeededFuture();
    }
    closed = true;
    unsubscribe.run();
    node.hazelcast().getLifecycleService().removeLifecycleListener(lifecycleListener);
    localNames.forEach(local::remove);
    localNames.clear();
    if (!node.hazelcast().getLifecycleService().isRunning()) {
      return Future.succeededFuture();
    }
    List<Future<?>> undo = new ArrayList<>();
    own.forEach(
        (name, mine) ->
            undo.add(
                call(
                    names.submitToKey(
                        name, new NameOps.Unregister(node.nodeId(), mine.address())))));
    own.clear();
    joined.forEach(
        (key, count) -> {
          for (int i = 0; i < count; i++) {
            undo.add(
                call(
                    groups.submitToKey(
                        key.group(),
                        new GroupOps.Leave(new GroupMember(key.address(), node.nodeId())))));
          }
        });
    joined.clear();
    List<UUID> ids = List.copyOf(listeners);
    listeners.clear();
    if (!ids.isEmpty()) {
      undo.add(
          vertx.executeBlocking(
              () -> {
                ids.forEach(groups::removeEntryListener);
                return null;
              },
              false));
    }
    return Future.join(undo).<Void>mapEmpty().otherwiseEmpty();
  }

  // ---- after a split

  /** Checks this client's names and memberships a few times while the maps finish merging. */
  private void reconcileSoon() {
    if (closed) {
      return;
    }
    for (long delay : new long[] {1_000, 5_000, 15_000}) {
      vertx.setTimer(delay, t -> reconcile());
    }
  }

  /**
   * For each name this client holds: keep it if the map agrees; re-register it if it is free; if
   * another node holds it, resolve by rule: the loser's address gets {@link NameConflict}.
   * Memberships the map lost are joined again.
   */
  Future<Void> reconcile() {
    if (closed) {
      return Future.succeededFuture();
    }
    List<Future<?>> checks = new ArrayList<>();
    for (Map.Entry<String, Own> e : Map.copyOf(own).entrySet()) {
      checks.add(check(e.getKey(), e.getValue()));
    }
    Map.copyOf(joined).forEach((key, count) -> checks.add(rejoin(key, count)));
    return Future.join(checks).<Void>mapEmpty().otherwiseEmpty();
  }

  private Future<Void> check(String name, Own mine) {
    NameEntry entry =
        new NameEntry(
            mine.address(), node.nodeId(), node.startedAt(), mine.registeredAt(), mine.rule());
    return call(names.getAsync(name))
        .compose(
            current -> {
              if (current != null && current.isOwnedBy(node.nodeId(), mine.address())) {
                return Future.<Void>succeededFuture();
              }
              if (current != null && current.lostBy(node.nodeId(), mine.address())) {
                boolean first =
                    current.getNode().equals(node.nodeId())
                        && current.getAddress().equals(mine.address());
                lost(
                    name,
                    mine,
                    first ? current.getRivalAddress() : current.getAddress(),
                    first ? current.getRivalNode() : current.getNode());
                return Future.succeededFuture();
              }
              if (current == null || current.isTombstone()) {
                return call(names.submitToKey(name, new NameOps.Register(entry)))
                    .compose(
                        other ->
                            other == null
                                ? Future.<Void>succeededFuture()
                                : resolve(name, mine, entry, other));
              }
              return resolve(name, mine, entry, current);
            });
  }

  private Future<Void> resolve(String name, Own mine, NameEntry entry, NameEntry other) {
    if (mine.rule() == ConflictRule.NOTIFY_BOTH || other.rule() == ConflictRule.NOTIFY_BOTH) {
      // a tombstone that names both losers, not an empty entry: the rival's own check after the
      // merge
      // must find that it lost (the message below can miss it while the merged cluster settles),
      // not
      // a free name to register again
      NameEntry both =
          NameEntry.tombstone(
              other, entry, Math.max(other.getRegisteredAt(), entry.getRegisteredAt()));
      return call(names.submitToKey(
              name, new NameOps.Replace(other.getNode(), other.getAddress(), both)))
          .onSuccess(
              removed -> {
                if (removed) {
                  tell(
                      other.getAddress(),
                      new NameConflict(name, other.getAddress(), mine.address(), node.nodeId()));
                }
                lost(name, mine, other.getAddress(), other.getNode());
              })
          .mapEmpty();
    }
    boolean iAmOlder =
        node.startedAt() < other.getNodeStartedAt()
            || (node.startedAt() == other.getNodeStartedAt()
                && node.nodeId().compareTo(other.getNode()) < 0);
    if (!iAmOlder) {
      lost(name, mine, other.getAddress(), other.getNode());
      return Future.succeededFuture();
    }
    return call(names.submitToKey(
            name, new NameOps.Replace(other.getNode(), other.getAddress(), entry)))
        .onSuccess(
            replaced -> {
              if (replaced) {
                tell(
                    other.getAddress(),
                    new NameConflict(name, other.getAddress(), mine.address(), node.nodeId()));
              }
            })
        .mapEmpty();
  }

  private void lost(String name, Own mine, String rivalAddress, String rivalNode) {
    if (own.remove(name, mine)) {
      log.warn("Lost the name {} to {} on {} after a split", name, rivalAddress, rivalNode);
      tell(mine.address(), new NameConflict(name, mine.address(), rivalAddress, rivalNode));
    }
  }

  private Future<?> rejoin(GroupKey key, int count) {
    return members(key.group())
        .compose(
            all -> {
              long present =
                  all.stream()
                      .filter(
                          m -> m.address().equals(key.address()) && m.node().equals(node.nodeId()))
                      .count();
              List<Future<?>> adds = new ArrayList<>();
              for (long i = present; i < count; i++) {
                adds.add(
                    call(
                        groups.submitToKey(
                            key.group(),
                            new GroupOps.Join(new GroupMember(key.address(), node.nodeId())))));
              }
              return Future.join(adds);
            });
  }

  private void tell(String address, NameConflict conflict) {
    vertx.eventBus().send(address, conflict);
  }

  /** A member appeared that started well before now: a node coming back from a split or freeze. */
  private static boolean returning(ClusterView.Snapshot before, ClusterView.Snapshot after) {
    Set<String> known = before.members().stream().map(Member::nodeId).collect(Collectors.toSet());
    long now = System.currentTimeMillis();
    return after.members().stream()
        .anyMatch(m -> !known.contains(m.nodeId()) && m.startedAt() < now - REJOIN_AGE_MILLIS);
  }

  // ---- plumbing

  private NameEntry entry(String address, ConflictRule rule) {
    return new NameEntry(
        address, node.nodeId(), node.startedAt(), System.currentTimeMillis(), rule);
  }

  private static Registration registration(String name, NameEntry e) {
    return new Registration(name, e.getAddress(), e.getNode());
  }

  private <T> Future<T> call(java.util.concurrent.CompletionStage<T> stage) {
    return Future.fromCompletionStage(stage, context);
  }

  /**
   * Turns Hazelcast's entry events for one group into joins and leaves on the subscriber's context.
   */
  private final class GroupListener
      implements EntryAddedListener<String, GroupMembers>,
          EntryUpdatedListener<String, GroupMembers>,
          EntryRemovedListener<String, GroupMembers>,
          EntryMergedListener<String, GroupMembers> {

    private final String group;
    private final Handler<GroupEvent> handler;

    GroupListener(String group, Handler<GroupEvent> handler) {
      this.group = group;
      this.handler = handler;
    }

    private void changed(GroupMembers before, GroupMembers after) {
      List<GroupMember> old = before == null ? List.of() : before.members();
      List<GroupMember> now = after == null ? List.of() : after.members();
      context.runOnContext(
          v -> {
            List<GroupMember> rest = new ArrayList<>(old);
            List<GroupEvent> events = new ArrayList<>();
            for (GroupMember m : now) {
              if (!rest.remove(m)) {
                events.add(new GroupEvent(group, GroupEvent.Kind.JOINED, m));
              }
            }
            rest.forEach(m -> events.add(new GroupEvent(group, GroupEvent.Kind.LEFT, m)));
            events.forEach(handler::handle);
          });
    }

    @Override
    public void entryAdded(com.hazelcast.core.EntryEvent<String, GroupMembers> event) {
      changed(null, event.getValue());
    }

    @Override
    public void entryUpdated(com.hazelcast.core.EntryEvent<String, GroupMembers> event) {
      changed(event.getOldValue(), event.getValue());
    }

    @Override
    public void entryRemoved(com.hazelcast.core.EntryEvent<String, GroupMembers> event) {
      changed(event.getOldValue(), null);
    }

    @Override
    public void entryMerged(com.hazelcast.core.EntryEvent<String, GroupMembers> event) {
      changed(event.getOldValue(), event.getValue());
    }
  }
}
