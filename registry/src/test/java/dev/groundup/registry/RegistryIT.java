package dev.groundup.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.groundup.common.Addresses;
import dev.groundup.common.cluster.ClusterNode;
import dev.groundup.common.cluster.Clustered;
import dev.groundup.common.cluster.Role;
import dev.groundup.common.config.NodeConfig;
import dev.groundup.common.registry.ConflictRule;
import dev.groundup.common.registry.GroupEvent;
import dev.groundup.common.registry.GroupMember;
import dev.groundup.common.registry.NameTakenException;
import dev.groundup.common.registry.Registration;
import dev.groundup.common.registry.Registry;
import dev.groundup.common.testing.ClusterHarness;
import dev.groundup.testkit.Await;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Every registry operation across an in-JVM cluster: two registry nodes (the data members) and two
 * lite nodes that use the registry, each a clustered Vert.x node of its own.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RegistryIT {

  private static final Duration WAIT = Duration.ofSeconds(20);

  private ClusterHarness harness;
  private ClusterNode liteA;
  private ClusterNode liteB;
  private Registry a;
  private Registry b;

  @BeforeAll
  void start() throws Exception {
    harness = new ClusterHarness("RegistryIT");
    harness.track(
        RegistryMain.start(NodeConfig.fromEnv(Role.REGISTRY, harness.env(Role.REGISTRY)))
            .await(60, TimeUnit.SECONDS)
            .node());
    harness.track(
        RegistryMain.start(NodeConfig.fromEnv(Role.REGISTRY, harness.env(Role.REGISTRY)))
            .await(60, TimeUnit.SECONDS)
            .node());
    liteA = lite();
    liteB = lite();
    a = Registry.create(liteA.vertx(), liteA);
    b = Registry.create(liteB.vertx(), liteB);
  }

  private ClusterNode lite() throws Exception {
    return harness.track(
        Clustered.start(NodeConfig.fromEnv(Role.SHARD, harness.env(Role.SHARD)))
            .await(60, TimeUnit.SECONDS));
  }

  @AfterAll
  void stop() {
    harness.close();
  }

  private static <T> T await(io.vertx.core.Future<T> f) throws Exception {
    return f.await(20, TimeUnit.SECONDS);
  }

  @Test
  void aNameUnregisteredWhileItsRegistrationIsInFlightIsGone() throws Exception {
    // a player who quits the moment they logged in: the gateway unregisters before the write is
    // done
    io.vertx.core.Promise<Boolean> undone = io.vertx.core.Promise.promise();
    a.context()
        .runOnContext(
            v -> {
              a.reregister("quick:1", "addr.quick", ConflictRule.KEEP_OLDEST);
              a.unregister("quick:1").onComplete(undone);
            });
    assertThat(await(undone.future())).isTrue();
    assertThat(await(b.whereis("quick:1"))).isEmpty();
  }

  @Test
  void localNamesAreUniquePerNodeAndNeverSeenElsewhere() throws Exception {
    await(a.registerLocal("logger", "addr.one"));
    assertThat(a.whereisLocal("logger")).contains("addr.one");
    assertThatThrownBy(
            () -> await(Registry.create(liteA.vertx(), liteA).registerLocal("logger", "addr.two")))
        .isInstanceOf(NameTakenException.class)
        .hasMessageContaining("addr.one");
    assertThat(b.whereisLocal("logger")).isEmpty();
    await(b.registerLocal("logger", "addr.three"));
    assertThat(b.whereisLocal("logger")).contains("addr.three");
    assertThat(a.unregisterLocal("logger")).isTrue();
    assertThat(a.whereisLocal("logger")).isEmpty();
    assertThat(b.whereisLocal("logger")).contains("addr.three");
  }

  @Test
  void aGlobalNameIsUniqueInTheClusterAndNamesItsOwner() throws Exception {
    await(a.register("global-1", "addr.a"));
    assertThat(await(b.whereis("global-1")))
        .contains(new Registration("global-1", "addr.a", liteA.nodeId()));
    assertThatThrownBy(() -> await(b.register("global-1", "addr.b")))
        .isInstanceOfSatisfying(
            NameTakenException.class,
            e -> {
              assertThat(e.owner().address()).isEqualTo("addr.a");
              assertThat(e.owner().node()).isEqualTo(liteA.nodeId());
            });
    assertThat(await(b.unregister("global-1"))).as("not b's to remove").isFalse();
    assertThat(await(a.names())).contains("global-1");
    assertThat(await(a.unregister("global-1"))).isTrue();
    assertThat(await(b.whereis("global-1"))).isEmpty();
    assertThat(await(b.names())).doesNotContain("global-1");
  }

  @Test
  void concurrentRegistrationsOfOneNameHaveExactlyOneWinner() throws Exception {
    List<io.vertx.core.Future<Void>> attempts =
        Stream.of(a, b)
            .flatMap(
                r ->
                    Stream.of("x", "y", "z")
                        .map(suffix -> r.register("contended", "addr." + suffix)))
            .toList();
    io.vertx.core.Future.join(attempts).otherwiseEmpty().await(20, TimeUnit.SECONDS);
    assertThat(attempts.stream().filter(io.vertx.core.Future::succeeded)).hasSize(1);
    assertThat(attempts.stream().filter(f -> f.failed() && f.cause() instanceof NameTakenException))
        .hasSize(5);
  }

  @Test
  void reregisterTakesTheNameOverAndSaysFromWhom() throws Exception {
    await(a.register("takeover", "addr.old"));
    Optional<Registration> previous =
        await(b.reregister("takeover", "addr.new", ConflictRule.KEEP_OLDEST));
    assertThat(previous).contains(new Registration("takeover", "addr.old", liteA.nodeId()));
    assertThat(await(a.whereis("takeover")).map(Registration::address)).contains("addr.new");
    assertThat(await(a.unregister("takeover"))).as("a no longer holds it").isFalse();
    assertThat(await(b.whereis("takeover"))).isPresent();
  }

  @Test
  void processGroupsCountMembershipsLikePg() throws Exception {
    await(a.join("workers", "addr.w1"));
    await(a.join("workers", "addr.w1"));
    await(b.join("workers", "addr.w2"));
    assertThat(await(a.members("workers")))
        .containsExactly(
            new GroupMember("addr.w1", liteA.nodeId()),
            new GroupMember("addr.w1", liteA.nodeId()),
            new GroupMember("addr.w2", liteB.nodeId()));
    assertThat(await(b.localMembers("workers")))
        .containsExactly(new GroupMember("addr.w2", liteB.nodeId()));
    assertThat(await(a.closest("workers")).map(GroupMember::node)).contains(liteA.nodeId());
    assertThat(await(b.closest("workers")).map(GroupMember::node)).contains(liteB.nodeId());

    assertThat(await(a.leave("workers", "addr.w1"))).isTrue();
    assertThat(await(b.members("workers"))).hasSize(2);
    assertThat(await(a.leave("workers", "addr.w1"))).isTrue();
    assertThat(await(a.leave("workers", "addr.w1"))).isFalse();
    assertThat(await(b.leave("workers", "addr.w2"))).isTrue();
    assertThat(await(a.members("workers"))).as("an empty group does not exist").isEmpty();
    assertThat(await(a.closest("workers"))).isEmpty();
  }

  @Test
  void aMonitorSeesJoinsAndLeaves() throws Exception {
    List<GroupEvent> events = new CopyOnWriteArrayList<>();
    Runnable stop = await(b.monitor("watched", events::add));
    await(a.join("watched", "addr.m"));
    await(a.join("watched", "addr.n"));
    await(a.leave("watched", "addr.m"));
    Await.until("three group events", WAIT, () -> events.size() >= 3);
    assertThat(events)
        .containsExactly(
            new GroupEvent(
                "watched", GroupEvent.Kind.JOINED, new GroupMember("addr.m", liteA.nodeId())),
            new GroupEvent(
                "watched", GroupEvent.Kind.JOINED, new GroupMember("addr.n", liteA.nodeId())),
            new GroupEvent(
                "watched", GroupEvent.Kind.LEFT, new GroupMember("addr.m", liteA.nodeId())));
    stop.run();
    await(a.leave("watched", "addr.n"));
  }

  @Test
  void theEventBusFaceAnswersAsProtocolSectionTwoSays() throws Exception {
    await(a.register("bus-name", "addr.bus"));
    await(a.join("bus-group", "addr.g"));
    var bus = liteB.vertx().eventBus();
    JsonObject found =
        (JsonObject)
            bus.request(Addresses.REGISTRY_WHEREIS, new JsonObject().put("name", "bus-name"))
                .await(10, TimeUnit.SECONDS)
                .body();
    assertThat(found)
        .isEqualTo(
            new JsonObject()
                .put("name", "bus-name")
                .put("address", "addr.bus")
                .put("node", liteA.nodeId()));
    JsonObject missing =
        (JsonObject)
            bus.request(Addresses.REGISTRY_WHEREIS, new JsonObject().put("name", "nobody"))
                .await(10, TimeUnit.SECONDS)
                .body();
    assertThat(missing).isEqualTo(new JsonObject().put("name", "nobody"));
    JsonObject names =
        (JsonObject)
            bus.request(Addresses.REGISTRY_NAMES, new JsonObject())
                .await(10, TimeUnit.SECONDS)
                .body();
    assertThat(names.getJsonArray("names").getList()).contains("bus-name");
    JsonObject members =
        (JsonObject)
            bus.request(Addresses.REGISTRY_MEMBERS, new JsonObject().put("group", "bus-group"))
                .await(10, TimeUnit.SECONDS)
                .body();
    assertThat(members.getString("group")).isEqualTo("bus-group");
    assertThat(members.getJsonArray("members").getList()).hasSize(1);
    assertThat(members.getJsonArray("members").getJsonObject(0))
        .isEqualTo(new JsonObject().put("address", "addr.g").put("node", liteA.nodeId()));
    assertThatThrownBy(
            () ->
                bus.request(Addresses.REGISTRY_WHEREIS, new JsonObject())
                    .await(10, TimeUnit.SECONDS))
        .isInstanceOfSatisfying(
            ReplyException.class, e -> assertThat(e.failureCode()).isEqualTo(400));
    await(a.unregister("bus-name"));
    await(a.leave("bus-group", "addr.g"));
  }

  @Test
  void aNodeThatDiesTakesItsNamesAndMembershipsWithIt() throws Exception {
    ClusterNode doomed = lite();
    Registry d = Registry.create(doomed.vertx(), doomed);
    await(d.register("doomed-name", "addr.d"));
    await(d.join("doomed-group", "addr.d"));
    await(a.register("survivor-name", "addr.s"));
    await(a.join("doomed-group", "addr.s"));
    assertThat(await(a.whereis("doomed-name"))).isPresent();

    doomed.hazelcast().getLifecycleService().terminate();

    Await.until(
        "the dead node's name to vanish", WAIT, () -> await0(a.whereis("doomed-name")).isEmpty());
    Await.until(
        "the dead node's membership to vanish",
        WAIT,
        () ->
            await0(a.members("doomed-group"))
                .equals(List.of(new GroupMember("addr.s", liteA.nodeId()))));
    assertThat(await(b.whereis("survivor-name"))).isPresent();
    doomed.vertx().close();
    await(a.unregister("survivor-name"));
    await(a.leave("doomed-group", "addr.s"));
  }

  @Test
  void aClosedClientGivesUpItsNamesAndMemberships() throws Exception {
    Registry temporary = Registry.create(liteB.vertx(), liteB);
    await(temporary.register("temporary", "addr.t"));
    await(temporary.join("temporary-group", "addr.t"));
    await(temporary.close());
    assertThat(await(a.whereis("temporary"))).isEmpty();
    assertThat(await(a.members("temporary-group"))).isEmpty();
  }

  @Test
  void losingARegistryNodeLosesNothing() throws Exception {
    ClusterNode extra =
        harness.track(
            RegistryMain.start(NodeConfig.fromEnv(Role.REGISTRY, harness.env(Role.REGISTRY)))
                .await(60, TimeUnit.SECONDS)
                .node());
    await(a.register("kept-1", "addr.k"));
    await(b.join("kept-group", "addr.k"));
    // kill a data member outright: the others hold the backups
    extra.hazelcast().getLifecycleService().terminate();
    extra.vertx().close();
    assertThat(await(b.whereis("kept-1")).map(Registration::address)).contains("addr.k");
    assertThat(await(a.members("kept-group"))).hasSize(1);
  }

  private static <T> T await0(io.vertx.core.Future<T> f) {
    try {
      return f.await(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }
}
