package dev.groundup.shard;

import dev.groundup.common.Addresses;
import dev.groundup.common.cluster.ClusterNode;
import dev.groundup.common.codec.WireMessage;
import dev.groundup.common.protocol.Replies;
import dev.groundup.common.protocol.ShardProtocol.NodeQuery;
import dev.groundup.common.protocol.ShardProtocol.NodeShards;
import dev.groundup.common.protocol.ShardProtocol.StepDown;
import dev.groundup.common.registry.Registry;
import dev.groundup.common.shard.Rendezvous;
import dev.groundup.common.shard.ShardNodes;
import dev.groundup.common.supervision.Backoff;
import dev.groundup.common.supervision.Strategy;
import dev.groundup.common.supervision.Supervisor;
import dev.groundup.common.supervision.SupervisorEvent;
import java.time.Duration;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.Message;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the virtual shards this node owns: one {@link ShardVerticle} per shard, deployed and
 * undeployed so that the set always matches the rendezvous hash over the shard nodes — the members of
 * the process group {@code shards} that membership says are alive ({@link ShardNodes}). The node joins
 * that group (with its own address, {@code groundup.shardnode.<node>}) once it can serve, and leaves
 * it when it stops. Changes are applied one at a time, each from the newest view.
 *
 * <p>The shard verticles are supervised ({@link Supervisor}, one for one): one that crashes (an
 * exception escapes a handler, or it fails to start) is restarted after a backoff and resumes from the
 * store with a new epoch. Past the restart intensity the node gives all its shards away and reports
 * itself unhealthy.
 *
 * <p>A shard that moves here resumes from the store with a new epoch; one that moves away is
 * undeployed. A shard that finds itself stale (another node claimed it, e.g. while this node was
 * frozen) steps down. Between one owner's end and the next owner's start a shard's operations get
 * {@code unavailable}.
 */
public final class ShardHost extends VerticleBase {

  private static final Logger log = LoggerFactory.getLogger(ShardHost.class);

  private final ShardConfig config;
  private final ClusterNode node;
  private final ShardNodes directory;
  private final Set<Integer> deployments = new TreeSet<>();
  /** How long a shard that stepped down waits before this node may take it again. */
  static final long RETAKE_DELAY_MILLIS = 1000;
  private Registry registry;
  private Supervisor supervisor;
  private boolean healthy = true;
  private Runnable unsubscribe = () -> { };
  private Future<?> reconciling = Future.succeededFuture();

  public ShardHost(ShardConfig config, ClusterNode node, ShardNodes directory) {
    this.config = config;
    this.node = node;
    this.directory = directory;
  }

  @Override
  public Future<?> start() {
    registry = Registry.create(vertx, node);
    supervisor = Supervisor.create(vertx, Strategy.ONE_FOR_ONE, config.restarts(),
        new Backoff(Duration.ofMillis(100), Duration.ofSeconds(5), 2.0, Duration.ofSeconds(30)));
    supervisor.subscribe(event -> {
      if (event instanceof SupervisorEvent.Crashed crashed) {
        log.warn("Shard verticle {} crashed ({}); restarting it from the store", crashed.id(), crashed.cause().toString());
      }
    });
    supervisor.gaveUp().onSuccess(this::giveUp);
    String address = Addresses.shardNode(node.nodeId());
    unsubscribe = directory.subscribe(context, nodes -> reconcileLater());
    return vertx.eventBus().<WireMessage>consumer(address, this::onMessage).completion()
        .compose(v -> registry.join(Addresses.SHARDS_GROUP, address))
        .compose(v -> reconcileLater());
  }

  @Override
  public Future<?> stop() {
    unsubscribe.run();
    return registry.close();
  }

  private void onMessage(Message<WireMessage> message) {
    switch (message.body()) {
      case NodeQuery q when q == NodeQuery.SHARDS -> message.reply(new NodeShards(node.nodeId(), List.copyOf(owned())));
      case StepDown down -> stepDown(down.shard());
      default -> Replies.fail(message, new IllegalArgumentException("unexpected " + message.body()));
    }
  }

  /**
   * A shard found its epoch stale (another node claimed it, e.g. while this one was frozen or cut off):
   * it is undeployed, and a second later the shards are reconciled again. If this node still owns the
   * shard by the current view, a new incarnation takes it with a newer epoch and claims its state from
   * the store; if not, it stays with the other node.
   */
  private void stepDown(int shard) {
    if (deployments.remove(shard)) {
      reconciling = reconciling.transform(ignored -> supervisor.stop(child(shard)))
          .onComplete(done -> log.warn("Shard {} stepped down: a newer owner claimed it", shard));
      vertx.setTimer(RETAKE_DELAY_MILLIS, t -> reconcileLater());
    }
  }

  /** The shards this node runs now. */
  private Set<Integer> owned() {
    return new TreeSet<>(deployments);
  }

  /**
   * The shards crashed more often than the restart intensity allows: this node gives its shards away
   * (it leaves the group {@code shards}, so the others take them over from the store), stops taking
   * shards, and reports itself unhealthy.
   */
  private void giveUp(SupervisorEvent.GaveUp gaveUp) {
    healthy = false;
    deployments.clear();
    log.error("Shard verticles crashed too often ({} restarts in {}): giving this node's shards away",
        config.restarts().maxRestarts(), config.restarts().period());
    registry.leave(Addresses.SHARDS_GROUP, Addresses.shardNode(node.nodeId()));
  }

  /** Whether this node still serves shards (false once its shards crashed past the restart intensity). */
  public boolean healthy() {
    return healthy;
  }

  private static String child(int shard) {
    return "shard-" + shard;
  }

  private Future<?> reconcileLater() {
    reconciling = reconciling.transform(ignored -> reconcile(directory.current()));
    return reconciling;
  }

  private Future<?> reconcile(List<String> nodes) {
    if (!healthy) {
      return Future.succeededFuture();
    }
    int used = config.node().shardIds().usedShards();
    Set<Integer> wanted = new TreeSet<>();
    for (int s = 0; s < used; s++) {
      if (node.nodeId().equals(Rendezvous.owner(s, nodes))) {
        wanted.add(s);
      }
    }
    List<Future<?>> changes = new ArrayList<>();
    for (Integer s : List.copyOf(deployments)) {
      if (!wanted.contains(s)) {
        deployments.remove(s);
        changes.add(supervisor.stop(child(s)));
      }
    }
    for (Integer s : wanted) {
      if (!deployments.contains(s)) {
        deployments.add(s);
        changes.add(supervisor.start(child(s), () -> new ShardVerticle(s, config, node, directory))
            .onFailure(e -> deployments.remove(s)));
      }
    }
    if (changes.isEmpty()) {
      return Future.succeededFuture();
    }
    return Future.join(changes).onComplete(done -> log.info("Shard node owns {} of {} shards ({} shard nodes): {}",
        deployments.size(), used, nodes.size(), owned()));
  }
}
