package dev.groundup.common.registry.store;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;
import dev.groundup.common.registry.ConflictRule;
import java.io.IOException;
import java.util.Objects;

/**
 * The value of a global name in the Hazelcast map {@code groundup.registry.names}. A tombstone
 * marks a name both of whose registrations lost a {@code notify-both} conflict: the name is free,
 * and each loser finds out when it checks its names after the merge.
 */
public final class NameEntry implements IdentifiedDataSerializable {

  private String address;
  private String node;
  private long nodeStartedAt;
  private long registeredAt;
  private String rule;
  private boolean tombstone;
  private String rivalAddress;
  private String rivalNode;

  public NameEntry() {}

  public NameEntry(
      String address, String node, long nodeStartedAt, long registeredAt, ConflictRule rule) {
    this.address = address;
    this.node = node;
    this.nodeStartedAt = nodeStartedAt;
    this.registeredAt = registeredAt;
    this.rule = rule.wire();
  }

  /** The tombstone of a {@code notify-both} conflict between {@code a} and {@code b}. */
  public static NameEntry tombstone(NameEntry a, NameEntry b, long now) {
    NameEntry t = new NameEntry(a.address, a.node, a.nodeStartedAt, now, ConflictRule.NOTIFY_BOTH);
    t.tombstone = true;
    t.rivalAddress = b.address;
    t.rivalNode = b.node;
    return t;
  }

  public String getAddress() {
    return address;
  }

  public String getNode() {
    return node;
  }

  public long getNodeStartedAt() {
    return nodeStartedAt;
  }

  public long getRegisteredAt() {
    return registeredAt;
  }

  public ConflictRule rule() {
    return ConflictRule.parse(rule);
  }

  public boolean isTombstone() {
    return tombstone;
  }

  public String getRivalAddress() {
    return rivalAddress;
  }

  public String getRivalNode() {
    return rivalNode;
  }

  /** Whether this entry is the registration of {@code address} by {@code node}. */
  public boolean isOwnedBy(String node, String address) {
    return !tombstone && this.node.equals(node) && this.address.equals(address);
  }

  /** Whether this tombstone names {@code node}/{@code address} as one of the two losers. */
  public boolean lostBy(String node, String address) {
    return tombstone
        && ((this.node.equals(node) && this.address.equals(address))
            || (node.equals(rivalNode) && address.equals(rivalAddress)));
  }

  /** Which of two registrations {@code keep-oldest} keeps: the older node, ties by node id. */
  static NameEntry older(NameEntry a, NameEntry b) {
    if (a.nodeStartedAt != b.nodeStartedAt) {
      return a.nodeStartedAt < b.nodeStartedAt ? a : b;
    }
    return a.node.compareTo(b.node) <= 0 ? a : b;
  }

  @Override
  public int getFactoryId() {
    return RegistryData.FACTORY_ID;
  }

  @Override
  public int getClassId() {
    return RegistryData.NAME_ENTRY;
  }

  @Override
  public void writeData(ObjectDataOutput out) throws IOException {
    out.writeString(address);
    out.writeString(node);
    out.writeLong(nodeStartedAt);
    out.writeLong(registeredAt);
    out.writeString(rule);
    out.writeBoolean(tombstone);
    out.writeString(rivalAddress);
    out.writeString(rivalNode);
  }

  @Override
  public void readData(ObjectDataInput in) throws IOException {
    address = in.readString();
    node = in.readString();
    nodeStartedAt = in.readLong();
    registeredAt = in.readLong();
    rule = in.readString();
    tombstone = in.readBoolean();
    rivalAddress = in.readString();
    rivalNode = in.readString();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof NameEntry e
        && tombstone == e.tombstone
        && nodeStartedAt == e.nodeStartedAt
        && registeredAt == e.registeredAt
        && Objects.equals(address, e.address)
        && Objects.equals(node, e.node)
        && Objects.equals(rule, e.rule)
        && Objects.equals(rivalAddress, e.rivalAddress)
        && Objects.equals(rivalNode, e.rivalNode);
  }

  @Override
  public int hashCode() {
    return Objects.hash(address, node, registeredAt);
  }

  @Override
  public String toString() {
    return (tombstone ? "tombstone of " : "")
        + address
        + "@"
        + node
        + (tombstone ? " and " + rivalAddress + "@" + rivalNode : "");
  }
}
