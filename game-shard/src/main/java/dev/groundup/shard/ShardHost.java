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
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.Message;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
  private final Map<Integer, String> deployments = new HashMap<>();
  /** How long a shard that stepped down waits before this node may take it again. */
  static final long RETAKE_DELAY_MILLIS = 1000;
  private Registry registry;
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
    String deployment = deployments.remove(shard);
    if (deployment != null) {
      reconciling = reconciling.transform(ignored -> vertx.undeploy(deployment))
          .onComplete(done -> log.warn("Shard {} stepped down: a newer owner claimed it", shard));
      vertx.setTimer(RETAKE_DELAY_MILLIS, t -> reconcileLater());
    }
  }

  /** The shards this node runs now. */
  private Set<Integer> owned() {
    return new TreeSet<>(deployments.keySet());
  }

  private Future<?> reconcileLater() {
    reconciling = reconciling.transform(ignored -> reconcile(directory.current()));
    return reconciling;
  }

  private Future<?> reconcile(List<String> nodes) {
    int used = config.node().shardIds().usedShards();
    Set<Integer> wanted = new TreeSet<>();
    for (int s = 0; s < used; s++) {
      if (node.nodeId().equals(Rendezvous.owner(s, nodes))) {
        wanted.add(s);
      }
    }
    List<Future<?>> changes = new ArrayList<>();
    for (Integer s : List.copyOf(deployments.keySet())) {
      if (!wanted.contains(s)) {
        changes.add(vertx.undeploy(deployments.remove(s)));
      }
    }
    for (Integer s : wanted) {
      if (!deployments.containsKey(s)) {
        changes.add(vertx.deployVerticle(new ShardVerticle(s, config, node, directory))
            .onSuccess(id -> deployments.put(s, id)));
      }
    }
    if (changes.isEmpty()) {
      return Future.succeededFuture();
    }
    return Future.join(changes).onComplete(done -> log.info("Shard node owns {} of {} shards ({} shard nodes): {}",
        deployments.size(), used, nodes.size(), owned()));
  }
}
