package dev.groundup.node;

import dev.groundup.common.shard.RoutingMode;

/**
 * The protocol suite against the whole system in one JVM (role {@code all}: registry, shards and
 * gateway on one local event bus, one Hazelcast member that joins nobody), routing {@code sharded}.
 */
class InProcessProtocolIT extends ProtocolSuite {

  @Override
  RoutingMode routing() {
    return RoutingMode.SHARDED;
  }

  @Override
  TestCluster newCluster() throws Exception {
    return TestCluster.inProcess(getClass().getSimpleName(), routing());
  }
}
