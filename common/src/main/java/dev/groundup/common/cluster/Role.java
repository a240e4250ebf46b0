package dev.groundup.common.cluster;

import java.util.Arrays;
import java.util.Locale;

/**
 * What a node of the cluster does. Registry nodes are Hazelcast data members and hold the cluster's
 * maps; gateways and shards join as lite members, so adding or removing them moves no data.
 */
public enum Role {
  REGISTRY, SHARD, GATEWAY;

  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Whether nodes of this role hold Hazelcast data (partitions and backups). */
  public boolean dataMember() {
    return this == REGISTRY;
  }

  public static Role parse(String s) {
    return Arrays.stream(values())
        .filter(r -> r.wire().equals(s.trim().toLowerCase(Locale.ROOT)))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("unknown role '" + s + "' (registry, shard or gateway)"));
  }
}
