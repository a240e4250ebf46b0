package dev.groundup.node;

import dev.groundup.common.shard.RoutingMode;

/** The protocol suite with routing mode {@code per-connection}. */
class PerConnectionProtocolIT extends ProtocolSuite {

  @Override
  RoutingMode routing() {
    return RoutingMode.PER_CONNECTION;
  }
}
