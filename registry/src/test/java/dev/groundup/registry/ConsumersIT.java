package dev.groundup.registry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.groundup.common.cluster.ClusterNode;
import dev.groundup.common.cluster.Clustered;
import dev.groundup.common.cluster.Consumers;
import dev.groundup.common.cluster.Role;
import dev.groundup.common.config.NodeConfig;
import dev.groundup.common.testing.ClusterHarness;
import dev.groundup.testkit.Await;
import io.vertx.core.Future;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.MessageConsumer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Consumers registered while a data member dies are all reachable from another node in the end:
 * three registry nodes (the data members) and two lite nodes; one lite node registers consumers in
 * waves while a registry node's Hazelcast member is terminated abruptly, which fails some of the
 * raw registrations with {@code IndeterminateOperationStateException} (groundup fails writes in an
 * indeterminate state). {@link Consumers#register} tries those again, so every registration
 * succeeds and the other lite node reaches every consumer.
 */
class ConsumersIT {

  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final int WAVES = 40;
  private static final int PER_WAVE = 8;

  @Test
  void everyConsumerRegisteredWhileADataMemberDiesIsReachable() throws Exception {
    try (ClusterHarness harness = new ClusterHarness("ConsumersIT")) {
      List<ClusterNode> registries = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        registries.add(
            harness.track(
                RegistryMain.start(NodeConfig.fromEnv(Role.REGISTRY, harness.env(Role.REGISTRY)))
                    .await(60, TimeUnit.SECONDS)
                    .node()));
      }
      ClusterNode owner = lite(harness);
      ClusterNode sender = lite(harness);

      List<Future<MessageConsumer<String>>> registered = new ArrayList<>();
      List<String> addresses = new ArrayList<>();
      for (int wave = 0; wave < WAVES; wave++) {
        if (wave == WAVES / 4) {
          // the victim is not the master (the seed), so the cluster keeps its master
          registries.get(2).hazelcast().getLifecycleService().terminate();
        }
        List<Future<MessageConsumer<String>>> batch = new ArrayList<>();
        for (int i = 0; i < PER_WAVE; i++) {
          String address = "consumers-it." + wave + "." + i;
          addresses.add(address);
          batch.add(Consumers.<String>register(owner.vertx(), address, m -> m.reply(address)));
        }
        registered.addAll(batch);
        // a wave is in flight for a moment before the next one starts
        Future.join(batch).otherwiseEmpty().await(60, TimeUnit.SECONDS);
      }
      List<Throwable> failures =
          registered.stream().filter(Future::failed).map(Future::cause).toList();
      assertThat(failures).as("registrations that failed").isEmpty();

      Set<String> reached = ConcurrentHashMap.newKeySet();
      DeliveryOptions quick = new DeliveryOptions().setSendTimeout(2000);
      Await.until(
          "the sender to reach every consumer",
          WAIT,
          () -> {
            List<Future<?>> tries = new ArrayList<>();
            for (String address : addresses) {
              if (!reached.contains(address)) {
                tries.add(
                    sender
                        .vertx()
                        .eventBus()
                        .<String>request(address, "hello", quick)
                        .onSuccess(reply -> reached.add(reply.body())));
              }
            }
            try {
              Future.join(tries).otherwiseEmpty().await(10, TimeUnit.SECONDS);
            } catch (java.util.concurrent.TimeoutException e) {
              return false;
            }
            return reached.size() == addresses.size();
          });
    }
  }

  private static ClusterNode lite(ClusterHarness harness) throws Exception {
    return harness.track(
        Clustered.start(NodeConfig.fromEnv(Role.SHARD, harness.env(Role.SHARD)))
            .await(60, TimeUnit.SECONDS));
  }
}
