package dev.groundup.common.cluster;

import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.splitbrainprotection.SplitBrainProtectionException;
import dev.groundup.common.codec.WireCodec;
import dev.groundup.common.config.Discovery;
import dev.groundup.common.config.NodeConfig;
import dev.groundup.common.health.HealthVerticle;
import dev.groundup.common.health.NodeHealth;
import dev.groundup.common.metrics.NodeMetrics;
import dev.groundup.common.registry.Registry;
import dev.groundup.common.store.GameStore;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxBuilder;
import io.vertx.core.VertxOptions;
import io.vertx.core.eventbus.EventBusOptions;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds a clustered {@link Vertx} for a node: Hazelcast from {@link HazelcastConfigs}, the event
 * bus bound to the cluster host, the one {@link WireCodec} installed, and a {@link ClusterView}.
 * Refuses to run beside members whose shard count or routing mode differs from this node's.
 */
public final class Clustered {

  private static final Logger log = LoggerFactory.getLogger(Clustered.class);

  private Clustered() {}

  public static Future<ClusterNode> start(NodeConfig config) {
    return start(config, new VertxOptions());
  }

  public static Future<ClusterNode> start(NodeConfig config, VertxOptions options) {
    options.setEventBusOptions(
        new EventBusOptions()
            .setHost(config.clusterHost())
            .setPort(config.eventBusPort())
            .setClusterPublicHost(config.publicHost()));
    if (config.discovery() == Discovery.KUBERNETES && !config.role().dataMember()) {
      return Future.fromCompletionStage(
              CompletableFuture.supplyAsync(
                  () -> withDataMember(config),
                  r -> Thread.ofPlatform().name("groundup-join").daemon().start(r)))
          .compose(
              hazelcast ->
                  start(config, options, new HazelcastClusterManager(hazelcast), true)
                      .onFailure(failure -> hazelcast.getLifecycleService().terminate()));
    }
    return start(
        config, options, new HazelcastClusterManager(HazelcastConfigs.build(config)), false);
  }

  /**
   * {@code ownsHazelcast}: the member was started here (not by Vert.x), so the node shuts it down
   * itself.
   */
  private static Future<ClusterNode> start(
      NodeConfig config,
      VertxOptions options,
      HazelcastClusterManager manager,
      boolean ownsHazelcast) {
    NodeMetrics metrics = new NodeMetrics();
    return withMetrics(Vertx.builder(), config, options, metrics)
        .withClusterManager(manager)
        .buildClustered()
        .compose(
            vertx -> {
              NodeHealth health = new NodeHealth(vertx, config.role());
              HazelcastInstance hazelcast = manager.getHazelcastInstance();
              health.liveWhile("hazelcast", () -> hazelcast.getLifecycleService().isRunning());
              return serveHttp(config, vertx, health, metrics)
                  .compose(v -> join(config, vertx, manager, ownsHazelcast, health, metrics))
                  .recover(
                      failure -> vertx.close().transform(ignored -> Future.failedFuture(failure)));
            });
  }

  /**
   * With HTTP on, Vert.x's own metrics (net, HTTP, event bus, pools, JVM) go into the node's
   * Prometheus registry beside groundup's; each node has a registry of its own, also when several
   * share a JVM (tests). With HTTP off nobody could read them, so Vert.x keeps its metrics off.
   */
  private static VertxBuilder withMetrics(
      VertxBuilder builder, NodeConfig config, VertxOptions options, NodeMetrics metrics) {
    if (!config.http().enabled()) {
      return builder.with(options);
    }
    options.setMetricsOptions(
        new MicrometerMetricsOptions()
            .setEnabled(true)
            .setJvmMetricsEnabled(true)
            .setRegistryName("groundup-" + config.nodeName() + "-" + UUID.randomUUID()));
    return builder.with(options).withMetrics(new MicrometerMetricsFactory(metrics.registry()));
  }

  /**
   * The health and metrics endpoints, as soon as the node has a Vert.x: live while it joins, ready
   * later.
   */
  private static Future<Void> serveHttp(
      NodeConfig config, Vertx vertx, NodeHealth health, NodeMetrics metrics) {
    if (!config.http().enabled()) {
      return Future.succeededFuture();
    }
    return vertx.deployVerticle(new HealthVerticle(config.http(), health, metrics)).mapEmpty();
  }

  private static final long DATA_MEMBER_POLL_MILLIS = 200;

  /**
   * A lite member (shard, gateway) of a cluster whose pods all start at once: its Hazelcast member,
   * once the cluster it is in has a data member (a registry node). Vert.x's first write to a
   * cluster map fails in a cluster of lite members only, and with Kubernetes discovery a lite
   * member that looks up the headless Service before any registry listens forms such a cluster by
   * itself; it merges into the registry's cluster a merge delay later ({@code
   * GROUNDUP_MERGE_DELAY_SECONDS}), which this waits for. Runs on a thread of its own: it blocks.
   */
  private static HazelcastInstance withDataMember(NodeConfig config) {
    com.hazelcast.config.Config hazelcastConfig = HazelcastConfigs.build(config);
    // what vertx-hazelcast sets on the members it starts itself: the Vert.x node id
    hazelcastConfig
        .getMemberAttributeConfig()
        .setAttribute(HazelcastConfigs.VERTX_NODE_ID, UUID.randomUUID().toString());
    HazelcastInstance hazelcast = Hazelcast.newHazelcastInstance(hazelcastConfig);
    long since = System.nanoTime();
    long logged = since;
    try {
      while (hazelcast.getCluster().getMembers().stream()
          .allMatch(com.hazelcast.cluster.Member::isLiteMember)) {
        if (System.nanoTime() - logged > TimeUnit.SECONDS.toNanos(10)) {
          logged = System.nanoTime();
          log.info(
              "Waiting {} s for a registry node (a data member) in the cluster; members: {}",
              TimeUnit.NANOSECONDS.toSeconds(logged - since),
              hazelcast.getCluster().getMembers());
        }
        Thread.sleep(DATA_MEMBER_POLL_MILLIS);
      }
    } catch (InterruptedException e) {
      hazelcast.getLifecycleService().terminate();
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for a registry node", e);
    }
    return hazelcast;
  }

  /**
   * The whole system in one JVM (role {@code all}): a Hazelcast member that joins nobody, beside a
   * Vert.x whose event bus is local — every message between gateway, shards and registry is
   * delivered in this process, without serialization or a network hop. Its state has no second
   * copy.
   */
  public static Future<ClusterNode> startInProcess(NodeConfig config, VertxOptions options) {
    if (config.role() != Role.ALL) {
      throw new IllegalArgumentException(
          "an in-process node has role all, not " + config.role().wire());
    }
    NodeMetrics metrics = new NodeMetrics();
    Vertx vertx = withMetrics(Vertx.builder(), config, options, metrics).build();
    NodeHealth health = new NodeHealth(vertx, config.role());
    // the member attribute that names the node, which vertx-hazelcast sets on clustered nodes
    String nodeId = UUID.randomUUID().toString();
    com.hazelcast.config.Config hazelcastConfig = HazelcastConfigs.build(config);
    hazelcastConfig.getMemberAttributeConfig().setAttribute(HazelcastConfigs.VERTX_NODE_ID, nodeId);
    return serveHttp(config, vertx, health, metrics)
        .compose(
            v ->
                vertx.executeBlocking(() -> Hazelcast.newHazelcastInstance(hazelcastConfig), false))
        .compose(
            hazelcast -> {
              health.liveWhile("hazelcast", () -> hazelcast.getLifecycleService().isRunning());
              WireCodec.install(vertx.eventBus());
              return prepare(vertx, hazelcast, ALL_MAPS, System.currentTimeMillis())
                  .map(
                      v -> {
                        ClusterView view =
                            new ClusterView(
                                hazelcast, nodeId, config.shardCount(), config.routing().wire());
                        view.start();
                        log.info(
                            "Started in process as {} (node {}): registry, shards and gateway on one local event bus",
                            config.nodeName(),
                            nodeId);
                        health.joined();
                        return new ClusterNode(
                            config, vertx, hazelcast, nodeId, view, 0, true, health, metrics);
                      })
                  .recover(
                      failure -> {
                        hazelcast.getLifecycleService().terminate();
                        return vertx.close().transform(ignored -> Future.failedFuture(failure));
                      });
            },
            failure -> vertx.close().transform(ignored -> Future.failedFuture(failure)));
  }

  /** The registry's maps, which every node uses. */
  private static final List<String> REGISTRY_MAPS =
      List.of(Registry.NAMES_MAP, Registry.GROUPS_MAP);

  /** The game state's maps, which shards and gateways use; they need a quorum of registry nodes. */
  private static final List<String> GAME_MAPS =
      List.of(GameStore.LEASES, GameStore.PLAYERS, GameStore.ROOMS);

  private static final List<String> ALL_MAPS =
      Stream.concat(REGISTRY_MAPS.stream(), GAME_MAPS.stream()).toList();
  private static final long QUORUM_RETRY_MILLIS = 500;

  private static Future<ClusterNode> join(
      NodeConfig config,
      Vertx vertx,
      HazelcastClusterManager manager,
      boolean ownsHazelcast,
      NodeHealth health,
      NodeMetrics metrics) {
    WireCodec.install(vertx.eventBus());
    HazelcastInstance hazelcast = manager.getHazelcastInstance();
    List<String> maps = config.role() == Role.REGISTRY ? REGISTRY_MAPS : ALL_MAPS;
    return prepare(vertx, hazelcast, maps, System.currentTimeMillis())
        .compose(v -> view(config, vertx, manager, hazelcast, ownsHazelcast, health, metrics));
  }

  /**
   * Makes the proxies of the cluster maps on a worker thread: the first {@code getMap} of a map on
   * a member creates its proxy across the cluster and waits for that (seconds on a busy machine),
   * which must never happen on an event loop. Later calls return the cached proxy at once. The game
   * maps need a quorum of registry nodes; until there is one, this waits and tries again.
   */
  private static Future<Void> prepare(
      Vertx vertx, HazelcastInstance hazelcast, List<String> maps, long since) {
    return vertx
        .<Void>executeBlocking(
            () -> {
              maps.forEach(hazelcast::getMap);
              return null;
            },
            false)
        .recover(
            failure -> {
              if (!(failure instanceof SplitBrainProtectionException)) {
                return Future.failedFuture(failure);
              }
              if ((System.currentTimeMillis() - since) % 10_000 < QUORUM_RETRY_MILLIS) {
                log.info(
                    "Waiting for a quorum of registry nodes to use the game state ({})",
                    failure.getMessage());
              }
              Promise<Void> retried = Promise.promise();
              vertx.setTimer(
                  QUORUM_RETRY_MILLIS,
                  t -> prepare(vertx, hazelcast, maps, since).onComplete(retried));
              return retried.future();
            });
  }

  private static Future<ClusterNode> view(
      NodeConfig config,
      Vertx vertx,
      HazelcastClusterManager manager,
      HazelcastInstance hazelcast,
      boolean ownsHazelcast,
      NodeHealth health,
      NodeMetrics metrics) {
    ClusterView view =
        new ClusterView(
            hazelcast, manager.getNodeId(), config.shardCount(), config.routing().wire());
    view.start();
    List<Member> incompatible = view.incompatible();
    if (!incompatible.isEmpty()) {
      String who =
          incompatible.stream()
              .map(m -> m.name() + " (shards=" + m.shardCount() + ", routing=" + m.routing() + ")")
              .collect(Collectors.joining(", "));
      view.stop();
      return vertx
          .close()
          .transform(
              ignored ->
                  Future.failedFuture(
                      new IllegalStateException(
                          "this node has shards="
                              + config.shardCount()
                              + ", routing="
                              + config.routing().wire()
                              + " but the cluster has "
                              + who
                              + ": every node must agree")));
    }
    log.info(
        "Joined cluster '{}' as {} {} (node {}), {} members",
        config.clusterName(),
        config.role().wire(),
        config.nodeName(),
        manager.getNodeId(),
        view.snapshot().members().size());
    health.joined();
    return Future.succeededFuture(
        new ClusterNode(
            config,
            vertx,
            hazelcast,
            manager.getNodeId(),
            view,
            manager.getNodeInfo().port(),
            ownsHazelcast,
            health,
            metrics));
  }
}
