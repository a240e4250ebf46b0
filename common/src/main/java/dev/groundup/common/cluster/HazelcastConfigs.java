package dev.groundup.common.cluster;

import com.hazelcast.cluster.Member;
import com.hazelcast.config.Config;
import com.hazelcast.config.IndexConfig;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.MapConfig;
import com.hazelcast.config.MergePolicyConfig;
import com.hazelcast.config.NetworkConfig;
import com.hazelcast.config.SplitBrainProtectionConfig;
import com.hazelcast.splitbrainprotection.SplitBrainProtectionOn;
import dev.groundup.common.config.NodeConfig;
import dev.groundup.common.registry.Registry;
import dev.groundup.common.registry.store.MergePolicies;
import dev.groundup.common.registry.store.RegistryData;
import dev.groundup.common.store.GameStore;
import dev.groundup.common.store.RegistryQuorum;
import dev.groundup.common.store.StoreData;
import dev.groundup.common.store.StoreMergePolicy;
import java.util.Optional;

/**
 * The Hazelcast configuration of a node, built in code from {@link NodeConfig}: a named cluster,
 * TCP-IP join through the seeds or Kubernetes discovery in DNS lookup mode (multicast and
 * auto-detection off), bound to the cluster host only, tuned failure detection and merge delays,
 * lite members for every role but the registry, member attributes that say what the node is, and
 * the registry's maps (one synchronous backup, merge policies for healed splits) with their
 * serialization factory.
 */
public final class HazelcastConfigs {

  /** Set by vertx-hazelcast on every member it starts: the Vert.x node id. */
  static final String VERTX_NODE_ID = "__vertx.nodeId";

  static final String ROLE = "groundup.role";
  static final String NAME = "groundup.name";
  static final String HOST = "groundup.host";
  static final String STARTED = "groundup.started";
  static final String SHARDS = "groundup.shards";
  static final String ROUTING = "groundup.routing";

  /** The split-brain protection of the game-state maps. */
  static final String STORE_PROTECTION = "groundup-store-quorum";

  private HazelcastConfigs() {}

  public static Config build(NodeConfig node) {
    Config config = new Config();
    config.setClusterName(node.clusterName());
    config.setLiteMember(!node.role().dataMember());
    config.getJetConfig().setEnabled(false);
    config.setProperty("hazelcast.logging.type", "slf4j");
    config.setProperty("hazelcast.phone.home.enabled", "false");
    // the node's own shutdown hook closes Vert.x and then Hazelcast, in that order
    config.setProperty("hazelcast.shutdownhook.enabled", "false");
    config.setProperty("hazelcast.wait.seconds.before.join", "0");
    config.setProperty("hazelcast.socket.bind.any", "false");
    config.setProperty(
        "hazelcast.heartbeat.interval.seconds", Integer.toString(node.heartbeatSeconds()));
    config.setProperty(
        "hazelcast.max.no.heartbeat.seconds", Integer.toString(node.heartbeatTimeoutSeconds()));
    config.setProperty(
        "hazelcast.merge.first.run.delay.seconds", Integer.toString(node.mergeDelaySeconds()));
    config.setProperty(
        "hazelcast.merge.next.run.delay.seconds", Integer.toString(node.mergeDelaySeconds()));
    // a map operation whose partition owner cannot be reached fails after the cluster's request
    // timeout
    // instead of Hazelcast's 60 s, so a cut-off node finds out in time that it cannot store
    config.setProperty(
        "hazelcast.operation.call.timeout.millis", Long.toString(node.requestTimeout().toMillis()));
    // a write whose synchronous backup does not answer fails instead of completing with one copy:
    // otherwise a node cut off with a partition's primary acknowledges what the merge will drop
    config.setProperty("hazelcast.operation.fail.on.indeterminate.state", "true");
    config.setProperty("hazelcast.operation.backup.timeout.millis", "2000");

    config
        .getSerializationConfig()
        .addDataSerializableFactory(RegistryData.FACTORY_ID, new RegistryData());
    config.addMapConfig(
        new MapConfig(Registry.NAMES_MAP)
            .setBackupCount(1)
            .setMergePolicyConfig(
                new MergePolicyConfig(
                    MergePolicies.Names.class.getName(), MergePolicyConfig.DEFAULT_BATCH_SIZE)));
    config.addMapConfig(
        new MapConfig(Registry.GROUPS_MAP)
            .setBackupCount(1)
            .setMergePolicyConfig(
                new MergePolicyConfig(
                    MergePolicies.Groups.class.getName(), MergePolicyConfig.DEFAULT_BATCH_SIZE)));

    config
        .getSerializationConfig()
        .addDataSerializableFactory(StoreData.FACTORY_ID, new StoreData());
    config.addSplitBrainProtectionConfig(
        new SplitBrainProtectionConfig(STORE_PROTECTION, true)
            .setProtectOn(SplitBrainProtectionOn.READ_WRITE)
            .setFunctionImplementation(
                new RegistryQuorum(
                    node.storeQuorum(),
                    // three heartbeats' time: less than the member timeout, so a cut-off side
                    // refuses before it
                    // even notices it is cut off
                    3_000L * node.heartbeatSeconds())));
    MergePolicyConfig newerOwnerWins =
        new MergePolicyConfig(
            StoreMergePolicy.class.getName(), MergePolicyConfig.DEFAULT_BATCH_SIZE);
    // a node of role all is alone and cannot split (and a member alone never sees the membership
    // event that would let the protection count it): its game maps go unprotected
    String protection = node.role() == Role.ALL ? null : STORE_PROTECTION;
    config.addMapConfig(
        new MapConfig(GameStore.LEASES)
            .setBackupCount(1)
            .setMergePolicyConfig(newerOwnerWins)
            .setSplitBrainProtectionName(protection));
    config.addMapConfig(
        new MapConfig(GameStore.PLAYERS)
            .setBackupCount(1)
            .setMergePolicyConfig(newerOwnerWins)
            .setSplitBrainProtectionName(protection)
            .addIndexConfig(new IndexConfig(GameStore.SHARD_INDEX, GameStore.SHARD_ATTRIBUTE)));
    config.addMapConfig(
        new MapConfig(GameStore.ROOMS)
            .setBackupCount(1)
            .setMergePolicyConfig(newerOwnerWins)
            .setSplitBrainProtectionName(protection)
            .addIndexConfig(new IndexConfig(GameStore.SHARD_INDEX, GameStore.SHARD_ATTRIBUTE)));

    NetworkConfig network = config.getNetworkConfig();
    network.setPort(node.hazelcastPort());
    network.setPortAutoIncrement(node.hazelcastPortAuto());
    network.getInterfaces().setEnabled(true).addInterface(node.clusterHost());
    if (!node.publicHost().equals(node.clusterHost())) {
      network.setPublicAddress(node.publicHost());
    }
    JoinConfig join = network.getJoin();
    join.getMulticastConfig().setEnabled(false);
    join.getAutoDetectionConfig().setEnabled(false);
    // a node of role all is the whole system in one JVM: it joins nobody
    boolean joins = node.role() != Role.ALL;
    switch (node.discovery()) {
      case SEEDS -> join.getTcpIpConfig().setEnabled(joins).setMembers(node.seeds());
      case KUBERNETES -> {
        join.getTcpIpConfig().setEnabled(false);
        // DNS lookup mode: the members are the addresses the headless Service's name resolves to
        // (InetAddress.getAllByName), each at this node's Hazelcast port; no Kubernetes API access
        join.getKubernetesConfig()
            .setEnabled(joins)
            .setProperty("service-dns", node.kubernetesServiceDns())
            .setProperty("service-port", Integer.toString(node.hazelcastPort()));
      }
    }

    config
        .getMemberAttributeConfig()
        .setAttribute(ROLE, node.role().wire())
        .setAttribute(NAME, node.nodeName())
        .setAttribute(HOST, node.publicHost())
        .setAttribute(STARTED, Long.toString(System.currentTimeMillis()))
        .setAttribute(SHARDS, Integer.toString(node.shardCount()))
        .setAttribute(ROUTING, node.routing().wire());
    return config;
  }

  /** The node a Hazelcast member stands for, or empty for a member that is not one of ours. */
  static Optional<dev.groundup.common.cluster.Member> read(Member member) {
    String nodeId = member.getAttribute(VERTX_NODE_ID);
    String role = member.getAttribute(ROLE);
    if (nodeId == null || role == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(
          new dev.groundup.common.cluster.Member(
              nodeId,
              Role.parse(role),
              member.getAttribute(NAME),
              member.getAttribute(HOST),
              member.isLiteMember(),
              Long.parseLong(member.getAttribute(STARTED)),
              Integer.parseInt(member.getAttribute(SHARDS)),
              member.getAttribute(ROUTING)));
    } catch (RuntimeException e) {
      return Optional.empty();
    }
  }
}
