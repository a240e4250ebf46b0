package dev.groundup.common.registry.store;

import com.hazelcast.internal.serialization.SerializationService;
import com.hazelcast.internal.serialization.SerializationServiceAware;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.spi.merge.MergingValue;
import com.hazelcast.spi.merge.SplitBrainMergePolicy;

/**
 * How the registry's maps merge when a split cluster heals (Hazelcast calls these on the partition
 * owners of the surviving cluster for every entry of the smaller side).
 */
public final class MergePolicies {

  private MergePolicies() {}

  /**
   * Global names: a name registered on one side only is kept. A name registered on both sides to
   * different owners is resolved by its rule: {@code keep-oldest} keeps the registration of the
   * older node; {@code notify-both} (if either side asked for it) leaves a tombstone naming both
   * losers. The losers find out when they check their own names after the merge.
   */
  public static final class Names
      implements SplitBrainMergePolicy<NameEntry, MergingValue<NameEntry>, Object>,
          SerializationServiceAware {

    private transient SerializationService serialization;

    @Override
    public void setSerializationService(SerializationService serializationService) {
      this.serialization = serializationService;
    }

    @Override
    public Object merge(MergingValue<NameEntry> merging, MergingValue<NameEntry> existing) {
      if (existing == null) {
        return merging.getRawValue();
      }
      NameEntry a = merging.getValue();
      NameEntry b = existing.getValue();
      // a notify-both conflict already resolved (by the merge of another entry, or by a node's own
      // check after the merge, which can come first) stays resolved: the registration of a loser it
      // names does not bring the name back
      if (a != null && a.isTombstone()) {
        return b != null && !b.isTombstone() && a.lostBy(b.getNode(), b.getAddress())
            ? merging.getRawValue()
            : existing.getRawValue();
      }
      if (a == null) {
        return existing.getRawValue();
      }
      if (b != null && b.isTombstone() && b.lostBy(a.getNode(), a.getAddress())) {
        return existing.getRawValue();
      }
      if (b == null || b.isTombstone() || a.isOwnedBy(b.getNode(), b.getAddress())) {
        return b == null || b.isTombstone() ? merging.getRawValue() : existing.getRawValue();
      }
      if (a.rule() == dev.groundup.common.registry.ConflictRule.NOTIFY_BOTH
          || b.rule() == dev.groundup.common.registry.ConflictRule.NOTIFY_BOTH) {
        return serialization.toData(
            NameEntry.tombstone(a, b, Math.max(a.getRegisteredAt(), b.getRegisteredAt())));
      }
      return NameEntry.older(a, b) == a ? merging.getRawValue() : existing.getRawValue();
    }

    @Override
    public void writeData(ObjectDataOutput out) {}

    @Override
    public void readData(ObjectDataInput in) {}
  }

  /** Process groups: the union of both sides' memberships (dead nodes' are swept afterwards). */
  public static final class Groups
      implements SplitBrainMergePolicy<GroupMembers, MergingValue<GroupMembers>, Object>,
          SerializationServiceAware {

    private transient SerializationService serialization;

    @Override
    public void setSerializationService(SerializationService serializationService) {
      this.serialization = serializationService;
    }

    @Override
    public Object merge(MergingValue<GroupMembers> merging, MergingValue<GroupMembers> existing) {
      if (existing == null) {
        return merging.getRawValue();
      }
      GroupMembers a = merging.getValue();
      GroupMembers b = existing.getValue();
      if (a == null) {
        return existing.getRawValue();
      }
      if (b == null) {
        return merging.getRawValue();
      }
      return serialization.toData(GroupMembers.union(b, a));
    }

    @Override
    public void writeData(ObjectDataOutput out) {}

    @Override
    public void readData(ObjectDataInput in) {}
  }
}
