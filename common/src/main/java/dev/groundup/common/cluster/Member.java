package dev.groundup.common.cluster;

/**
 * A node of the cluster as Hazelcast membership shows it, read from the member attributes that
 * {@link HazelcastConfigs} sets.
 *
 * @param nodeId the Vert.x node id
 * @param role what the node does
 * @param name its readable name
 * @param host the host other nodes reach it at
 * @param lite a Hazelcast lite member (holds no data)
 * @param startedAt when the node started, epoch milliseconds
 * @param shardCount its number of virtual shards
 * @param routing its routing mode
 */
public record Member(
    String nodeId,
    Role role,
    String name,
    String host,
    boolean lite,
    long startedAt,
    int shardCount,
    String routing) {}
