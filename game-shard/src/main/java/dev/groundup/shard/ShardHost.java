package dev.groundup.shard;

import dev.groundup.common.Addresses;
import dev.groundup.common.cluster.ClusterNode;
import dev.groundup.common.cluster.ClusterView;
import dev.groundup.common.cluster.Member;
import dev.groundup.common.cluster.Role;
import dev.groundup.common.codec.WireMessage;
import dev.groundup.common.protocol.GatewayProtocol.WarmUp;
import dev.groundup.common.protocol.Replies;
import dev.groundup.common.protocol.ShardClient;
import dev.groundup.common.protocol.ShardProtocol.Membership;
import dev.groundup.common.protocol.ShardProtocol.NodeQuery;
import dev.groundup.common.protocol.ShardProtocol.NodeShards;
import dev.groundup.common.protocol.ShardProtocol.NodeStatus;
import dev.groundup.common.protocol.ShardProtocol.Reply;
import dev.groundup.common.protocol.ShardProtocol.RoomStatus;
import dev.groundup.common.protocol.ShardProtocol.ShardPhase;
import dev.groundup.common.protocol.ShardProtocol.ShardStatus;
import dev.groundup.common.protocol.ShardProtocol.StepDown;
import dev.groundup.common.registry.Registry;
import dev.groundup.common.shard.Rendezvous;
import dev.groundup.common.shard.ShardNodes;
import dev.groundup.common.store.GameStore;
import dev.groundup.common.supervision.Backoff;
import dev.groundup.common.supervision.Strategy;
import dev.groundup.common.supervision.Supervisor;
import dev.groundup.common.supervision.SupervisorEvent;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the virtual shards this node owns: one {@link ShardVerticle} per shard, deployed and
 * undeployed so that the set always matches the rendezvous hash over the shard nodes — the members
 * of the process group {@code shards} that membership says are alive ({@link ShardNodes}). The node
 * joins that group (with its own address, {@code groundup.shardnode.<node>}) once it can serve, and
 * leaves it when it stops. Changes are applied one at a time, each from the newest view.
 *
 * <p>The shard verticles are supervised ({@link Supervisor}, one for one): one that crashes (an
 * exception escapes a handler, or it fails to start) is restarted after a backoff and resumes from
 * the store with a new epoch. Past the restart intensity the node gives all its shards away and
 * reports itself unhealthy.
 *
 * <p>A shard that moves away is handed off: its verticle finishes and releases it (see {@link
 * ShardVerticle}), and from the moment it starts to let go a <em>tombstone</em> consumer on its
 * address answers {@link ShardClient#MOVED} with the shard's new owner, so a request that still
 * reaches this node — a sender whose directory is a moment behind — follows the shard instead of
 * being lost (the clustered event bus drops a message that reaches a node with no handler). A shard
 * that moves here waits for that release, then resumes from the store with a new epoch. A shard
 * that finds itself stale (another node claimed it, e.g. while this node was frozen) steps down.
 *
 * <p>{@link #drain} (SIGTERM) leaves the group {@code shards} so the others take every shard by the
 * hash, hands each one off as above, and lingers a moment so that requests in flight still find the
 * tombstones before the node leaves the cluster.
 */
public final class ShardHost extends VerticleBase {

  private static final Logger log = LoggerFactory.getLogger(ShardHost.class);

  private final ShardConfig config;
  private final ClusterNode node;
  private final ShardNodes directory;
  private final Set<Integer> deployments = new TreeSet<>();

  /** Shards that stepped down and whose verticle is still being stopped. */
  private final Set<Integer> stopping = new TreeSet<>();

  /** How long a shard that stepped down waits before this node may take it again. */
  static final long RETAKE_DELAY_MILLIS = 1000;

  /** How long a drained node still answers stray requests before it leaves the cluster. */
  static final long LINGER_MILLIS = 1000;

  /** The consumers that answer MOVED for shards this node handed off, by shard. */
  private final Map<Integer, MessageConsumer<WireMessage>> tombstones = new HashMap<>();

  private volatile boolean draining;

  /**
   * Shard nodes that said they are joining or leaving before the directory shows it, until when
   * (nanoTime) this node counts them so; any thread reads them (for {@link #successor}).
   */
  private final Map<String, Long> joining = new java.util.concurrent.ConcurrentHashMap<>();

  private final Map<String, Long> leaving = new java.util.concurrent.ConcurrentHashMap<>();

  /** Shards being deployed here, until their verticle consumes its address (or fails to start). */
  private final Map<Integer, Promise<Void>> awaitingListen = new HashMap<>();

  /** Shards being deployed here, until their verticle serves (or gives up). */
  private final Map<Integer, Promise<Void>> awaitingServe = new HashMap<>();

  private Registry registry;
  private Supervisor supervisor;
  private volatile boolean healthy = true;
  private Runnable unsubscribe = () -> {};
  private Future<?> reconciling = Future.succeededFuture();

  public ShardHost(ShardConfig config, ClusterNode node, ShardNodes directory) {
    this.config = config;
    this.node = node;
    this.directory = directory;
  }

  @Override
  public Future<?> start() {
    registry = Registry.create(vertx, node);
    supervisor =
        Supervisor.create(
            vertx,
            Strategy.ONE_FOR_ONE,
            config.restarts(),
            new Backoff(
                Duration.ofMillis(100), Duration.ofSeconds(5), 2.0, Duration.ofSeconds(30)));
    supervisor.subscribe(
        event -> {
          if (event instanceof SupervisorEvent.Crashed crashed) {
            log.warn(
                "Shard verticle {} crashed ({}); restarting it from the store",
                crashed.id(),
                crashed.cause().toString());
          }
        });
    supervisor.gaveUp().onSuccess(this::giveUp);
    // a node whose shards crashed past the restart intensity serves nothing: restart it (live) and
    // route nothing to it (ready)
    node.health().liveWhile("shards", this::healthy);
    node.health().readyWhile("shards", this::healthy);
    String address = Addresses.shardNode(node.nodeId());
    unsubscribe = directory.subscribe(context, nodes -> reconcileLater());
    return vertx
        .eventBus()
        .<WireMessage>consumer(address, this::onMessage)
        .completion()
        // rehearse before taking any shard: a node that holds shards while it compiles delays
        // their handoff to the other nodes starting beside it
        .compose(v -> rehearse())
        .compose(v -> prepare())
        .compose(v -> warmUp())
        .compose(v -> tellShardNodes(true))
        .compose(v -> registry.join(Addresses.SHARDS_GROUP, address))
        .compose(v -> reconcileLater())
        .compose(v -> served());
  }

  /**
   * Completes once every shard deployed here so far serves (or gave up), bounded by twice the
   * handoff timeout: a node reports ready when its shards serve.
   */
  private Future<Void> served() {
    List<Future<Void>> serving = awaitingServe.values().stream().map(Promise::future).toList();
    Promise<Void> done = Promise.promise();
    long timer = vertx.setTimer(2 * config.handoff().toMillis(), t -> done.tryComplete());
    Future.join(serving)
        .onComplete(
            all -> {
              vertx.cancelTimer(timer);
              done.tryComplete();
            });
    return done.future();
  }

  /**
   * Before this node announces itself (joins the group {@code shards}), it deploys the shards it
   * will own once it has, and waits until they consume their addresses (bounded by the handoff
   * timeout): they wait for their former owners to release them, and hold what arrives meanwhile.
   * So when the others see this node join, the shards' new addresses are already known cluster-wide
   * and the former owners' handoffs meet a new owner that is ready.
   */
  private Future<Void> prepare() {
    reconcileLater();
    List<Future<Void>> listening =
        List.copyOf(awaitingListen.values().stream().map(Promise::future).toList());
    if (!listening.isEmpty()) {
      log.info("Preparing to take {} shards before announcing this node", listening.size());
    }
    Promise<Void> ready = Promise.promise();
    long timer = vertx.setTimer(config.handoff().toMillis(), t -> ready.tryComplete());
    Future.join(listening)
        .onComplete(
            done -> {
              vertx.cancelTimer(timer);
              ready.tryComplete();
            });
    return ready.future();
  }

  @Override
  public Future<?> stop() {
    unsubscribe.run();
    return registry.close();
  }

  /**
   * Hands every shard of this node to the other shard nodes and completes when they have taken them
   * (bounded by the drain timeout); the node then leaves the cluster. Any thread may call it.
   */
  public Future<Void> drain() {
    Promise<Void> drained = Promise.promise();
    node.health().drain();
    context.runOnContext(
        v -> {
          long began = System.nanoTime();
          draining = true;
          log.info("Draining: handing {} shards to the other shard nodes", deployments.size());
          long timer =
              vertx.setTimer(
                  config.drain().toMillis(),
                  t ->
                      drained.tryFail(
                          new TimeoutException(
                              "the drain did not finish within "
                                  + config.drain().toSeconds()
                                  + " s")));
          tellShardNodes(false)
              .compose(
                  told ->
                      registry.leave(Addresses.SHARDS_GROUP, Addresses.shardNode(node.nodeId())))
              .otherwise(
                  e -> {
                    log.warn(
                        "Could not leave the group {}: {}", Addresses.SHARDS_GROUP, e.getMessage());
                    return null;
                  })
              .compose(left -> reconcileLater())
              .compose(
                  handedOff -> {
                    log.info(
                        "Drained: every shard handed off in {} ms; lingering {} ms for requests in flight",
                        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - began),
                        LINGER_MILLIS);
                    Promise<Void> lingered = Promise.promise();
                    vertx.setTimer(LINGER_MILLIS, t -> lingered.complete());
                    return lingered.future();
                  })
              .onComplete(
                  done -> {
                    vertx.cancelTimer(timer);
                    drained.handle(done);
                  });
        });
    return drained.future();
  }

  /**
   * The node that serves {@code shard} once this one lets go of it, by the directory (without this
   * node while it drains), or null if none is known. Any thread may call it.
   */
  String successor(int shard) {
    List<String> nodes = new ArrayList<>(directory.current());
    nodes.removeAll(leaving.keySet());
    nodes.addAll(joining.keySet());
    if (draining) {
      nodes.remove(node.nodeId());
    }
    return Rendezvous.owner(shard, nodes);
  }

  /**
   * Whether this node owns {@code shard} by its count of the shard nodes now. Any thread may call
   * it.
   */
  boolean owns(int shard) {
    return node.nodeId().equals(Rendezvous.owner(shard, counted(directory.current())));
  }

  /**
   * From now on requests for {@code shard} that reach this node are told where it went. The handler
   * is in place locally at once, which is all it needs: senders reach this node through the shard
   * verticle's own registration until that goes, and by then the tombstone's is known too.
   */
  private void tombstone(int shard) {
    tombstones.computeIfAbsent(
        shard,
        s ->
            vertx
                .eventBus()
                .consumer(
                    Addresses.shard(s, node.nodeId()), m -> ShardClient.moved(m, successor(s))));
  }

  /**
   * A shard's verticle consumes its address: the tombstone goes, and whoever waited for it hears.
   */
  private void listening(int shard) {
    dropTombstone(shard);
    complete(awaitingListen, shard);
  }

  private static void complete(Map<Integer, Promise<Void>> waiting, int shard) {
    Promise<Void> p = waiting.remove(shard);
    if (p != null) {
      p.tryComplete();
    }
  }

  /** The shard is served here again: its own verticle consumes the address. */
  private void dropTombstone(int shard) {
    MessageConsumer<WireMessage> c = tombstones.remove(shard);
    if (c != null) {
      c.unregister();
    }
  }

  /**
   * Opens the event-bus connections this node's shards will need, both ways, before any shard moves
   * here: a request to every other shard node's host, and a {@link WarmUp} to every gateway (which
   * sends one back), and the store's bulk claim. The first message between two nodes pays for
   * looking up the node, connecting and cold code — measured here at up to a second for a node that
   * just started — and that would otherwise be the players' pause. Bounded by the handoff timeout;
   * failures are ignored.
   */
  private Future<Void> warmUp() {
    long began = System.nanoTime();
    DeliveryOptions options = new DeliveryOptions().setSendTimeout(config.handoff().toMillis());
    List<Future<?>> pings = new ArrayList<>();
    for (String other : directory.current()) {
      if (!other.equals(node.nodeId())) {
        pings.add(vertx.eventBus().request(Addresses.shardNode(other), NodeQuery.SHARDS, options));
      }
    }
    for (Member m : node.view().snapshot().members()) {
      if (m.role() == Role.GATEWAY) {
        pings.add(
            vertx
                .eventBus()
                .request(
                    Addresses.gatewayInbox(m.nodeId(), 0),
                    new WarmUp(Addresses.shardNode(node.nodeId())),
                    options));
      }
    }
    // the store's bulk claim, on a shard that does not exist: it claims nothing and runs the same
    // path
    pings.add(new GameStore(vertx, node.hazelcast()).claimRooms(-1, 0));
    return Future.join(pings)
        .<Void>mapEmpty()
        .otherwiseEmpty()
        .onComplete(
            done ->
                log.info(
                    "Warmed up the connections to {} nodes in {} ms",
                    pings.size(),
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - began)));
  }

  /** {@link Rehearsal}: the node's hot paths, compiled before it takes shards. */
  private Future<Void> rehearse() {
    long began = System.nanoTime();
    return Rehearsal.run(vertx, config.games())
        .onComplete(
            done ->
                log.info(
                    "Rehearsed {} ticks of a scratch room in {} ms",
                    Rehearsal.TICKS,
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - began)));
  }

  /**
   * Tells the other shard nodes that this one joins ({@code joining}) or leaves the group {@code
   * shards}, and waits (bounded by the handoff timeout) until each has taken it into account: the
   * shards that move then start their handoff at once rather than when each node sees the group
   * change. A node that does not answer is left to see the group change.
   */
  private Future<Void> tellShardNodes(boolean joins) {
    List<Future<?>> told = new ArrayList<>();
    DeliveryOptions options = new DeliveryOptions().setSendTimeout(config.handoff().toMillis());
    for (String other : directory.current()) {
      if (!other.equals(node.nodeId())) {
        told.add(
            vertx
                .eventBus()
                .request(
                    Addresses.shardNode(other), new Membership(node.nodeId(), joins), options));
      }
    }
    return Future.join(told).<Void>mapEmpty().otherwiseEmpty();
  }

  /**
   * Another shard node said it joins or leaves: count it so until the directory shows it (bounded
   * by twice the handoff timeout, in case it never does), reconcile, and complete once the shards
   * that come here listen on their addresses.
   */
  private Future<Void> heard(Membership m) {
    if (m.node().equals(node.nodeId()) || !node.view().snapshot().contains(m.node())) {
      return Future.succeededFuture();
    }
    log.info(
        "Shard node {} {} the group {}: counting it {} now",
        m.node(),
        m.joining() ? "joins" : "leaves",
        Addresses.SHARDS_GROUP,
        m.joining() ? "in" : "out");
    long until = System.nanoTime() + 2 * config.handoff().toNanos();
    (m.joining() ? joining : leaving).put(m.node(), until);
    (m.joining() ? leaving : joining).remove(m.node());
    vertx.setTimer(2 * config.handoff().toMillis() + 1, t -> reconcileLater());
    reconcileLater();
    List<Future<Void>> listening = awaitingListen.values().stream().map(Promise::future).toList();
    return Future.join(listening).<Void>mapEmpty().otherwiseEmpty();
  }

  /**
   * The shard nodes as this node counts them: the directory, plus this node unless it drains, plus
   * nodes that said they join, minus nodes that said they leave (while the directory does not show
   * it yet, they are alive, and it is not too long ago).
   */
  private List<String> counted(List<String> directoryNodes) {
    long now = System.nanoTime();
    ClusterView.Snapshot view = node.view().snapshot();
    joining
        .entrySet()
        .removeIf(
            e ->
                directoryNodes.contains(e.getKey())
                    || !view.contains(e.getKey())
                    || e.getValue() < now);
    leaving
        .entrySet()
        .removeIf(
            e ->
                !directoryNodes.contains(e.getKey())
                    || !view.contains(e.getKey())
                    || e.getValue() < now);
    List<String> nodes = new ArrayList<>(directoryNodes);
    nodes.removeAll(leaving.keySet());
    joining
        .keySet()
        .forEach(
            n -> {
              if (!nodes.contains(n)) {
                nodes.add(n);
              }
            });
    if (draining) {
      nodes.remove(node.nodeId());
    } else if (!nodes.contains(node.nodeId())) {
      nodes.add(node.nodeId());
    }
    return nodes;
  }

  private void onMessage(Message<WireMessage> message) {
    switch (message.body()) {
      case NodeQuery q when q == NodeQuery.SHARDS ->
          message.reply(new NodeShards(node.nodeId(), List.copyOf(owned())));
      case NodeQuery q when q == NodeQuery.STATUS ->
          status().onComplete(message::reply, e -> Replies.fail(message, e));
      case StepDown down -> stepDown(down.shard());
      case Membership m -> heard(m).onComplete(done -> message.reply(Reply.DONE));
      default ->
          Replies.fail(message, new IllegalArgumentException("unexpected " + message.body()));
    }
  }

  /**
   * This node's part of the cluster status, from its shard verticles (each on its own event loop,
   * so asked over the node-local event bus, at most {@link #STATUS_TIMEOUT_MILLIS} each): the
   * players whose sessions they hold, their rooms, and those that load or hand off. The shards
   * asked are the ones deployed here and the ones this node let go of (a verticle that still hands
   * off answers; one that is gone has no handler and is left out).
   */
  private Future<NodeStatus> status() {
    Set<Integer> asked = new TreeSet<>(deployments);
    asked.addAll(tombstones.keySet());
    DeliveryOptions local =
        new DeliveryOptions().setLocalOnly(true).setSendTimeout(STATUS_TIMEOUT_MILLIS);
    List<Future<ShardStatus>> parts = new ArrayList<>();
    for (int s : asked) {
      parts.add(
          vertx
              .eventBus()
              .<WireMessage>request(Addresses.shardStatus(s), NodeQuery.INSTANCE_STATUS, local)
              .map(m -> (ShardStatus) m.body()));
    }
    return Future.join(parts)
        .transform(
            done -> {
              int players = 0;
              List<RoomStatus> rooms = new ArrayList<>();
              List<ShardPhase> handoffs = new ArrayList<>();
              for (Future<ShardStatus> part : parts) {
                if (part.succeeded()) {
                  ShardStatus s = part.result();
                  players += s.players();
                  rooms.addAll(s.rooms());
                  if (s.phase().equals("loading") || s.phase().equals("handing-off")) {
                    handoffs.add(new ShardPhase(s.shard(), s.phase()));
                  }
                }
              }
              return Future.succeededFuture(
                  new NodeStatus(node.nodeId(), players, rooms, handoffs));
            });
  }

  /** How long the host waits for each of its shard verticles' status. */
  static final long STATUS_TIMEOUT_MILLIS = 1000;

  /**
   * A shard found its epoch stale (another node claimed it, e.g. while this one was frozen or cut
   * off): it is undeployed, and a second later the shards are reconciled again. If this node still
   * owns the shard by the current view, a new incarnation takes it with a newer epoch and claims
   * its state from the store; if not, it stays with the other node.
   */
  private void stepDown(int shard) {
    if (deployments.remove(shard)) {
      // not started again until its old verticle is stopped (a reconcile meanwhile skips it)
      stopping.add(shard);
      reconciling =
          reconciling
              .transform(ignored -> supervisor.stop(child(shard)))
              .onComplete(
                  done -> {
                    stopping.remove(shard);
                    log.warn("Shard {} stepped down: a newer owner claimed it", shard);
                  });
      vertx.setTimer(RETAKE_DELAY_MILLIS, t -> reconcileLater());
    }
  }

  /** The shards this node runs now. */
  private Set<Integer> owned() {
    return new TreeSet<>(deployments);
  }

  /**
   * The shards crashed more often than the restart intensity allows: this node gives its shards
   * away (it leaves the group {@code shards}, so the others take them over from the store), stops
   * taking shards, and reports itself unhealthy.
   */
  private void giveUp(SupervisorEvent.GaveUp gaveUp) {
    healthy = false;
    deployments.clear();
    log.error(
        "Shard verticles crashed too often ({} restarts in {}): giving this node's shards away",
        config.restarts().maxRestarts(),
        config.restarts().period());
    registry.leave(Addresses.SHARDS_GROUP, Addresses.shardNode(node.nodeId()));
  }

  /**
   * Whether this node still serves shards (false once its shards crashed past the restart
   * intensity).
   */
  public boolean healthy() {
    return healthy;
  }

  private static final String CHILD_PREFIX = "shard-";

  private static String child(int shard) {
    return CHILD_PREFIX + shard;
  }

  /**
   * Makes the verticles of {@code shard}: once one consumes the shard's address, the tombstone
   * goes.
   */
  private Supplier<ShardVerticle> verticle(int shard) {
    Runnable listening = () -> context.runOnContext(v -> listening(shard));
    Runnable serving = () -> context.runOnContext(v -> complete(awaitingServe, shard));
    return () ->
        new ShardVerticle(
            shard, config, node, directory, this::successor, this::owns, listening, serving);
  }

  private Future<?> reconcileLater() {
    reconciling = reconciling.transform(ignored -> reconcile(directory.current()));
    return reconciling;
  }

  private Future<?> reconcile(List<String> directoryNodes) {
    if (!healthy) {
      return Future.succeededFuture();
    }
    // this node counts itself in unless it drains: before it announces itself, so that it prepares
    // the
    // shards it will own, and always, so that a directory a moment behind never makes it drop
    // shards
    List<String> nodes = counted(directoryNodes);
    int used = config.node().shardIds().usedShards();
    Set<Integer> wanted = new TreeSet<>();
    for (int s = 0; s < used && !draining; s++) {
      if (node.nodeId().equals(Rendezvous.owner(s, nodes))) {
        wanted.add(s);
      }
    }
    List<Future<?>> changes = new ArrayList<>();
    // shards that move away are handed off all at once, and so are shards that move here
    List<Integer> leaving = deployments.stream().filter(s -> !wanted.contains(s)).toList();
    if (!leaving.isEmpty()) {
      deployments.removeAll(leaving);
      leaving.forEach(this::tombstone);
      changes.add(supervisor.stopAll(leaving.stream().map(ShardHost::child).toList()));
    }
    List<Integer> coming =
        wanted.stream().filter(s -> !deployments.contains(s) && !stopping.contains(s)).toList();
    if (!coming.isEmpty()) {
      deployments.addAll(coming);
      List<Future<Void>> ups =
          supervisor.startAll(
              coming.stream().map(ShardHost::child).toList(),
              id -> verticle(Integer.parseInt(id.substring(CHILD_PREFIX.length()))));
      for (int i = 0; i < coming.size(); i++) {
        int s = coming.get(i);
        awaitingListen.put(s, Promise.promise());
        awaitingServe.put(s, Promise.promise());
        changes.add(
            ups.get(i)
                .onComplete(done -> complete(awaitingListen, s))
                .onFailure(
                    e -> {
                      deployments.remove(s);
                      complete(awaitingServe, s);
                    }));
      }
    }
    if (changes.isEmpty()) {
      return Future.succeededFuture();
    }
    // a change that failed is logged and left to the next reconcile; it never fails the host
    return Future.join(changes)
        .onComplete(
            done ->
                log.info(
                    "Shard node owns {} of {} shards ({} shard nodes): {}",
                    deployments.size(),
                    used,
                    directoryNodes.size(),
                    owned()))
        .otherwise(
            failure -> {
              log.warn(
                  "A shard change failed; the next reconcile tries again: {}", failure.toString());
              return null;
            });
  }
}
