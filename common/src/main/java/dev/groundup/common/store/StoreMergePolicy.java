package dev.groundup.common.store;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.spi.merge.MergingValue;
import com.hazelcast.spi.merge.SplitBrainMergePolicy;

/**
 * How stored game state merges when a split cluster heals: the value written by the newer owner
 * wins (the higher epoch; for rooms of one epoch the higher tick), whichever side of the split it
 * is on. With split-brain protection a side without a quorum of registry nodes writes nothing, so
 * this only ever picks between values that were stored and acknowledged by an owner that held the
 * shard.
 */
public final class StoreMergePolicy
    implements SplitBrainMergePolicy<Object, MergingValue<Object>, Object> {

  @Override
  public Object merge(MergingValue<Object> merging, MergingValue<Object> existing) {
    if (existing == null) {
      return merging.getRawValue();
    }
    return newer(merging.getValue(), existing.getValue())
        ? merging.getRawValue()
        : existing.getRawValue();
  }

  /** Whether {@code a} was written by a newer owner than {@code b}. */
  static boolean newer(Object a, Object b) {
    if (a instanceof ShardLease la && b instanceof ShardLease lb) {
      return la.epoch() > lb.epoch();
    }
    if (a instanceof Fenced fa && b instanceof Fenced fb) {
      if (fa.getEpoch() != fb.getEpoch()) {
        return fa.getEpoch() > fb.getEpoch();
      }
      if (a instanceof StoredRoom ra && b instanceof StoredRoom rb) {
        return ra.tick() > rb.tick();
      }
    }
    return false;
  }

  @Override
  public void writeData(ObjectDataOutput out) {}

  @Override
  public void readData(ObjectDataInput in) {}
}
