package dev.groundup.shard;

import dev.groundup.common.cluster.ClusterView;
import dev.groundup.common.shard.Rendezvous;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
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
 * undeployed as membership changes so that the set always matches the rendezvous hash over the live
 * shard nodes. Changes are applied one at a time, each from the newest membership.
 *
 * <p>A shard that moves away is undeployed and its state is lost (handing state over is the
 * elasticity issue); between one owner's undeploy and the next owner's deploy its operations get
 * {@code unavailable}.
 */
public final class ShardHost extends VerticleBase {

  private static final Logger log = LoggerFactory.getLogger(ShardHost.class);

  private final ShardConfig config;
  private final ClusterView view;
  private final Map<Integer, String> deployments = new HashMap<>();
  private Future<?> reconciling = Future.succeededFuture();
  private Runnable unsubscribe;

  public ShardHost(ShardConfig config, ClusterView view) {
    this.config = config;
    this.view = view;
  }

  @Override
  public Future<?> start() {
    unsubscribe = view.subscribe(context, snapshot -> reconcileLater());
    return reconcileLater();
  }

  @Override
  public Future<?> stop() {
    unsubscribe.run();
    return Future.succeededFuture();
  }

  /** The shards this node owns now, as ids. */
  public Set<Integer> owned() {
    return new TreeSet<>(deployments.keySet());
  }

  private Future<?> reconcileLater() {
    reconciling = reconciling.transform(ignored -> reconcile(view.snapshot()));
    return reconciling;
  }

  private Future<?> reconcile(ClusterView.Snapshot snapshot) {
    List<String> nodes = snapshot.shardNodes();
    int used = config.node().shardIds().usedShards();
    Set<Integer> wanted = new TreeSet<>();
    for (int s = 0; s < used; s++) {
      if (snapshot.self().equals(Rendezvous.owner(s, nodes))) {
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
        changes.add(vertx.deployVerticle(new ShardVerticle(s, config, view)).onSuccess(id -> deployments.put(s, id)));
      }
    }
    if (changes.isEmpty()) {
      return Future.succeededFuture();
    }
    return Future.join(changes).onComplete(done -> log.info("Shard node owns {} of {} shards ({} shard nodes): {}",
        deployments.size(), used, nodes.size(), owned()));
  }
}
