package dev.groundup.common.health;

import static org.assertj.core.api.Assertions.assertThat;

import dev.groundup.common.cluster.Role;
import io.vertx.core.Vertx;
import io.vertx.ext.healthchecks.CheckResult;
import io.vertx.ext.healthchecks.HealthChecks;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class NodeHealthTest {

  private final Vertx vertx = Vertx.vertx();

  @AfterEach
  void close() throws Exception {
    vertx.close().await(10, TimeUnit.SECONDS);
  }

  private static boolean up(HealthChecks checks) throws Exception {
    CheckResult result = checks.checkStatus().await(10, TimeUnit.SECONDS);
    return result.getUp();
  }

  @Test
  void readyOnlyOnceJoinedAndStartedAndUntilItDrains() throws Exception {
    NodeHealth health = new NodeHealth(vertx, Role.GATEWAY);
    assertThat(up(health.readiness())).isFalse();
    health.joined();
    assertThat(up(health.readiness())).isFalse();
    health.started(Role.GATEWAY);
    assertThat(up(health.readiness())).isTrue();
    health.drain();
    assertThat(up(health.readiness())).isFalse();
    assertThat(health.draining()).isTrue();
  }

  @Test
  void aNodeOfRoleAllIsReadyOnlyOnceEveryPartStarted() throws Exception {
    NodeHealth health = new NodeHealth(vertx, Role.ALL);
    health.joined();
    health.started(Role.REGISTRY);
    health.started(Role.SHARD);
    assertThat(up(health.readiness())).isFalse();
    health.started(Role.GATEWAY);
    assertThat(up(health.readiness())).isTrue();
  }

  @Test
  void rolesAddLivenessAndReadinessChecks() throws Exception {
    NodeHealth health = new NodeHealth(vertx, Role.SHARD);
    health.joined();
    health.started(Role.SHARD);
    AtomicBoolean healthy = new AtomicBoolean(true);
    health.liveWhile("shards", healthy::get);
    health.readyWhile("shards", healthy::get);
    assertThat(up(health.liveness())).isTrue();
    assertThat(up(health.readiness())).isTrue();
    healthy.set(false);
    assertThat(up(health.liveness())).isFalse();
    assertThat(up(health.readiness())).isFalse();
  }

  @Test
  void drainingDoesNotMakeANodeDead() throws Exception {
    NodeHealth health = new NodeHealth(vertx, Role.REGISTRY);
    health.liveWhile("hazelcast", () -> true);
    health.drain();
    assertThat(up(health.liveness())).isTrue();
  }
}
