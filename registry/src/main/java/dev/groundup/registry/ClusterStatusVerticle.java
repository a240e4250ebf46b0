package dev.groundup.registry;

import dev.groundup.common.Addresses;
import dev.groundup.common.cluster.ClusterNode;
import dev.groundup.common.cluster.Member;
import dev.groundup.common.codec.WireMessage;
import dev.groundup.common.protocol.ShardProtocol.NodeQuery;
import dev.groundup.common.protocol.ShardProtocol.NodeStatus;
import dev.groundup.common.store.GameStore;
import dev.groundup.common.store.ShardLease;
import dev.groundup.registry.ClusterStatus.Answer;
import dev.groundup.registry.ClusterStatus.Lease;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves {@code groundup.cluster.status} on every registry node (they are always up, and as data
 * members they read the leases without a hop; with several registry nodes, any one of them
 * answers). For each request it asks, at once and each bounded by {@link #NODE_TIMEOUT_MILLIS},
 * every shard node's host and the first gateway verticle of every gateway node for their {@link
 * NodeStatus}, reads every shard's lease, and answers {@link ClusterStatus#toJson}. A node that
 * does not answer in time is listed with an {@code error}; the status itself fails only when the
 * leases cannot be read.
 */
public final class ClusterStatusVerticle extends VerticleBase {

  private static final Logger log = LoggerFactory.getLogger(ClusterStatusVerticle.class);

  /** How long each node, and the leases, may take to answer. */
  public static final long NODE_TIMEOUT_MILLIS = 2000;

  private final ClusterNode node;
  private GameStore store;
  private MessageConsumer<Object> consumer;

  public ClusterStatusVerticle(ClusterNode node) {
    this.node = node;
  }

  @Override
  public Future<?> start() {
    // the game maps are opened at the first request, not here: they are guarded by the store's
    // quorum, and a registry node that starts alone (before the quorum is there) must still start
    consumer = vertx.eventBus().consumer(Addresses.CLUSTER_STATUS, this::onRequest);
    return consumer.completion();
  }

  @Override
  public Future<?> stop() {
    return consumer.unregister();
  }

  private void onRequest(Message<Object> request) {
    status()
        .onComplete(
            s -> request.reply(s.toJson()),
            failure -> {
              log.warn("Cluster status failed: {}", failure.getMessage());
              request.fail(
                  500, "the cluster status cannot be read right now: " + failure.getMessage());
            });
  }

  /** Gathers the status of the cluster as this node sees it now. */
  public Future<ClusterStatus> status() {
    List<Member> members = node.view().snapshot().members();
    DeliveryOptions options = new DeliveryOptions().setSendTimeout(NODE_TIMEOUT_MILLIS);
    Map<String, List<Future<Answer>>> asked = new HashMap<>();
    for (Member m : members) {
      List<Future<Answer>> answers = new ArrayList<>();
      if (ClusterStatus.askShardNode(m.role())) {
        answers.add(ask(Addresses.shardNode(m.nodeId()), options));
      }
      if (ClusterStatus.askGateway(m.role())) {
        answers.add(ask(Addresses.gatewayInbox(m.nodeId(), 0), options));
      }
      asked.put(m.nodeId(), answers);
    }
    List<Future<Answer>> all = asked.values().stream().flatMap(List::stream).toList();
    int shardCount = node.config().shardIds().usedShards();
    return leases()
        .compose(
            leases ->
                Future.join(all)
                    .transform(
                        done -> {
                          Map<String, List<Answer>> answers = new HashMap<>();
                          asked.forEach(
                              (id, futures) ->
                                  answers.put(id, futures.stream().map(Future::result).toList()));
                          return Future.succeededFuture(
                              ClusterStatus.assemble(
                                  members,
                                  shardCount,
                                  leases,
                                  answers,
                                  System.currentTimeMillis()));
                        }));
  }

  /** One node's status, or why it has none; never fails. */
  private Future<Answer> ask(String address, DeliveryOptions options) {
    return vertx
        .eventBus()
        .<WireMessage>request(address, NodeQuery.STATUS, options)
        .map(
            reply ->
                reply.body() instanceof NodeStatus s
                    ? Answer.of(s)
                    : Answer.failed("unexpected answer " + reply.body()))
        .otherwise(failure -> Answer.failed(describe(failure)));
  }

  private static String describe(Throwable failure) {
    if (failure instanceof ReplyException r) {
      if (r.failureType() == ReplyFailure.TIMEOUT) {
        return "no answer within " + NODE_TIMEOUT_MILLIS + " ms";
      }
      if (r.failureType() == ReplyFailure.NO_HANDLERS) {
        return "not serving its status (starting or stopping)";
      }
    }
    return "failed: " + failure.getMessage();
  }

  /** Every shard's lease, read within the node timeout. */
  private Future<Map<Integer, Lease>> leases() {
    Promise<Map<Integer, Lease>> read = Promise.promise();
    long timer =
        vertx.setTimer(
            NODE_TIMEOUT_MILLIS,
            t -> read.tryFail("the leases were not read within " + NODE_TIMEOUT_MILLIS + " ms"));
    try {
      if (store == null) {
        store = new GameStore(vertx, node.hazelcast());
      }
    } catch (RuntimeException e) {
      vertx.cancelTimer(timer);
      return Future.failedFuture(e);
    }
    store
        .leases()
        .onComplete(
            done -> {
              vertx.cancelTimer(timer);
              if (done.succeeded()) {
                Map<Integer, Lease> leases = new HashMap<>();
                for (Map.Entry<Integer, ShardLease> e : done.result().entrySet()) {
                  leases.put(e.getKey(), new Lease(e.getValue().owner(), e.getValue().epoch()));
                }
                read.tryComplete(leases);
              } else {
                read.tryFail(done.cause());
              }
            });
    return read.future();
  }
}
