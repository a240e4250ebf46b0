package dev.groundup.common.store;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;
import java.io.IOException;

/**
 * A stored value that carries the epoch of the shard owner that last wrote or claimed it. A write
 * or claim with a lower epoch is refused ({@link StoreOps}): an owner that lost its shard can never
 * overwrite what a newer owner has claimed.
 */
public abstract class Fenced implements IdentifiedDataSerializable {

  private long epoch;

  protected Fenced() {}

  protected Fenced(long epoch) {
    this.epoch = epoch;
  }

  /** The epoch of the owner that last wrote or claimed this value. */
  public long getEpoch() {
    return epoch;
  }

  /** The same value, claimed by the owner of {@code epoch}. */
  abstract Fenced withEpoch(long epoch);

  @Override
  public int getFactoryId() {
    return StoreData.FACTORY_ID;
  }

  @Override
  public void writeData(ObjectDataOutput out) throws IOException {
    out.writeLong(epoch);
  }

  @Override
  public void readData(ObjectDataInput in) throws IOException {
    epoch = in.readLong();
  }
}
