package dev.groundup.common.shard;

import java.util.Arrays;

/**
 * How players' operations are spread over handlers: the talk's three designs.
 *
 * <ul>
 *   <li>{@link #SHARDED}: n players onto m virtual shards by a hash of the name (the default);
 *   <li>{@link #SINGLE}: every player and room on one shard verticle, one queue for all;
 *   <li>{@link #PER_CONNECTION}: each logged-in connection gets a session verticle of its own;
 *       rooms stay sharded.
 * </ul>
 */
public enum RoutingMode {
  SHARDED("sharded"),
  SINGLE("single"),
  PER_CONNECTION("per-connection");

  private final String wire;

  RoutingMode(String wire) {
    this.wire = wire;
  }

  public String wire() {
    return wire;
  }

  public static RoutingMode parse(String s) {
    return Arrays.stream(values())
        .filter(m -> m.wire.equals(s.trim()))
        .findFirst()
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "unknown routing '" + s + "' (sharded, single or per-connection)"));
  }
}
