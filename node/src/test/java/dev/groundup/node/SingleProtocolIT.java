package dev.groundup.node;

import dev.groundup.common.shard.RoutingMode;

/** The protocol suite with routing mode {@code single}. */
class SingleProtocolIT extends ProtocolSuite {

  @Override
  RoutingMode routing() {
    return RoutingMode.SINGLE;
  }
}
