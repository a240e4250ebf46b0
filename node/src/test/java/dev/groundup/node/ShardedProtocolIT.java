package dev.groundup.node;

import dev.groundup.common.shard.RoutingMode;

/** The protocol suite with routing mode {@code sharded}. */
class ShardedProtocolIT extends ProtocolSuite {

  @Override
  RoutingMode routing() {
    return RoutingMode.SHARDED;
  }
}
