package dev.groundup.common.config;

import java.util.Arrays;

/**
 * How a node finds the other members ({@code GROUNDUP_DISCOVERY}).
 *
 * <ul>
 *   <li>{@link #SEEDS}: TCP-IP join through the members listed in {@code GROUNDUP_SEEDS} (the
 *       default; what {@code ./groundup local} and the tests use);
 *   <li>{@link #KUBERNETES}: Hazelcast's built-in Kubernetes discovery in DNS lookup mode: the
 *       members are the addresses the headless Service's name ({@code GROUNDUP_K8S_SERVICE_DNS})
 *       resolves to. It needs no Kubernetes API access (no RBAC), only cluster DNS.
 * </ul>
 */
public enum Discovery {
  SEEDS("seeds"),
  KUBERNETES("kubernetes");

  private final String wire;

  Discovery(String wire) {
    this.wire = wire;
  }

  public String wire() {
    return wire;
  }

  public static Discovery parse(String s) {
    return Arrays.stream(values())
        .filter(d -> d.wire.equals(s.trim()))
        .findFirst()
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "unknown discovery '" + s + "' (seeds or kubernetes)"));
  }
}
