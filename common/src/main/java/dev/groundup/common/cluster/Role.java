package dev.groundup.common.cluster;

import java.util.Arrays;
import java.util.Locale;

/**
 * What a node of the cluster does. Registry nodes are Hazelcast data members and hold the cluster's
 * maps; gateways and shards join as lite members, so adding or removing them moves no data. A node
 * of role {@code all} is the whole system in one JVM (registry, shards and gateway on one local
 * event bus, one Hazelcast member that joins nobody): for a laptop and for measuring what the
 * cluster hop costs, never for keeping the durability promise (there is no second copy of
 * anything).
 */
public enum Role {
  REGISTRY,
  SHARD,
  GATEWAY,
  ALL;

  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Whether nodes of this role hold Hazelcast data (partitions and backups). */
  public boolean dataMember() {
    return this == REGISTRY || this == ALL;
  }

  /** Whether a node of this role does the work of {@code role}. */
  public boolean serves(Role role) {
    return this == role || this == ALL;
  }

  public static Role parse(String s) {
    return Arrays.stream(values())
        .filter(r -> r.wire().equals(s.trim().toLowerCase(Locale.ROOT)))
        .findFirst()
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "unknown role '" + s + "' (registry, shard, gateway or all)"));
  }
}
