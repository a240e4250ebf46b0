package dev.groundup.common.store;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;
import java.io.IOException;

/**
 * Who owns a virtual shard, in {@code groundup.shards}: the owner's node and its epoch. Every new
 * ownership (a takeover, a handoff, a restart) takes the next epoch, so epochs only grow.
 */
public final class ShardLease implements IdentifiedDataSerializable {

  private String owner;
  private long epoch;

  public ShardLease() {}

  public ShardLease(String owner, long epoch) {
    this.owner = owner;
    this.epoch = epoch;
  }

  /** The owning node, or null if the last owner released the shard. */
  public String owner() {
    return owner;
  }

  public long epoch() {
    return epoch;
  }

  @Override
  public int getFactoryId() {
    return StoreData.FACTORY_ID;
  }

  @Override
  public int getClassId() {
    return StoreData.LEASE;
  }

  @Override
  public void writeData(ObjectDataOutput out) throws IOException {
    out.writeString(owner);
    out.writeLong(epoch);
  }

  @Override
  public void readData(ObjectDataInput in) throws IOException {
    owner = in.readString();
    epoch = in.readLong();
  }

  @Override
  public String toString() {
    return "ShardLease[" + owner + " epoch " + epoch + "]";
  }
}
