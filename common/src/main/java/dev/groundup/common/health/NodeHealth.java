package dev.groundup.common.health;

import dev.groundup.common.cluster.Role;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.healthchecks.HealthChecks;
import io.vertx.ext.healthchecks.Status;
import java.util.EnumSet;
import java.util.Set;
import java.util.function.BooleanSupplier;

/**
 * What a node says about its health, as two sets of Vert.x {@link HealthChecks} that {@link
 * HealthVerticle} serves.
 *
 * <p><b>Liveness</b> ({@code /health/live}): the node is worth keeping. It answers from an event
 * loop, so a node whose event loops are stuck does not answer; roles add what makes a node useless
 * for good (a shard node whose supervisor gave up).
 *
 * <p><b>Readiness</b> ({@code /health/ready}): the node joined the cluster ({@code cluster}), every
 * part of its role has started ({@code started}: the gateway's player port listens, the shard host
 * serves its shards, the registry's verticles run; a node of role {@code all} needs all three), and
 * it is not draining ({@code draining}: set at once by SIGTERM, a shard drain or a gateway
 * shutdown, and never cleared: a draining node only leaves). Roles add their own checks.
 *
 * <p>Every method may be called from any thread.
 */
public final class NodeHealth {

  private final Set<Role> parts;
  private final Set<Role> started = java.util.concurrent.ConcurrentHashMap.newKeySet();
  private final HealthChecks liveness;
  private final HealthChecks readiness;
  private volatile boolean joined;
  private volatile boolean draining;

  public NodeHealth(Vertx vertx, Role role) {
    this.parts =
        role == Role.ALL ? EnumSet.of(Role.REGISTRY, Role.SHARD, Role.GATEWAY) : EnumSet.of(role);
    this.liveness = HealthChecks.create(vertx);
    this.readiness = HealthChecks.create(vertx);
    readiness.register("cluster", p -> p.complete(status(joined)));
    readiness.register(
        "started",
        p ->
            p.complete(
                started.containsAll(parts)
                    ? Status.OK()
                    : Status.KO(
                        new JsonObject()
                            .put(
                                "waiting",
                                parts.stream()
                                    .filter(r -> !started.contains(r))
                                    .map(Role::wire)
                                    .toList()))));
    readiness.register(
        "draining",
        p ->
            p.complete(draining ? Status.KO(new JsonObject().put("draining", true)) : Status.OK()));
  }

  /** The node joined the cluster (and may use its maps). */
  public void joined() {
    joined = true;
  }

  /** The part {@code role} of this node serves (for a node of role {@code all}, one of three). */
  public void started(Role role) {
    started.add(role);
  }

  /** The node drains or shuts down: it is not ready from now on. */
  public void drain() {
    draining = true;
  }

  public boolean draining() {
    return draining;
  }

  /** Adds a liveness check: the node is live only while {@code up} holds. */
  public void liveWhile(String name, BooleanSupplier up) {
    liveness.register(name, p -> p.complete(status(up.getAsBoolean())));
  }

  /** Adds a readiness check: the node is ready only while {@code up} holds. */
  public void readyWhile(String name, BooleanSupplier up) {
    readiness.register(name, p -> p.complete(status(up.getAsBoolean())));
  }

  public HealthChecks liveness() {
    return liveness;
  }

  public HealthChecks readiness() {
    return readiness;
  }

  private static Status status(boolean up) {
    return up ? Status.OK() : Status.KO();
  }
}
