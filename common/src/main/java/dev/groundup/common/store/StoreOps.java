package dev.groundup.common.store;

import com.hazelcast.map.EntryProcessor;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;
import java.io.IOException;
import java.util.Map;

/**
 * The atomic operations on stored state, run by Hazelcast on the partition that owns the key and
 * replayed on its backup. They are where fencing happens: a lower epoch never wins.
 */
public final class StoreOps {

  private StoreOps() {}

  /** Takes the next epoch of a shard for {@code node}; returns it. */
  public static final class Acquire
      implements EntryProcessor<Integer, ShardLease, Long>, IdentifiedDataSerializable {
    private String node;

    public Acquire() {}

    public Acquire(String node) {
      this.node = node;
    }

    @Override
    public Long process(Map.Entry<Integer, ShardLease> e) {
      long next = e.getValue() == null ? 1 : e.getValue().epoch() + 1;
      e.setValue(new ShardLease(node, next));
      return next;
    }

    @Override
    public int getFactoryId() {
      return StoreData.FACTORY_ID;
    }

    @Override
    public int getClassId() {
      return StoreData.ACQUIRE;
    }

    @Override
    public void writeData(ObjectDataOutput out) throws IOException {
      out.writeString(node);
    }

    @Override
    public void readData(ObjectDataInput in) throws IOException {
      node = in.readString();
    }
  }

  /** Gives a shard up if {@code node} still holds it at {@code epoch}; true if it did. */
  public static final class Release
      implements EntryProcessor<Integer, ShardLease, Boolean>, IdentifiedDataSerializable {
    private String node;
    private long epoch;

    public Release() {}

    public Release(String node, long epoch) {
      this.node = node;
      this.epoch = epoch;
    }

    @Override
    public Boolean process(Map.Entry<Integer, ShardLease> e) {
      ShardLease lease = e.getValue();
      if (lease != null && node.equals(lease.owner()) && lease.epoch() == epoch) {
        e.setValue(new ShardLease(null, epoch));
        return true;
      }
      return false;
    }

    @Override
    public int getFactoryId() {
      return StoreData.FACTORY_ID;
    }

    @Override
    public int getClassId() {
      return StoreData.RELEASE;
    }

    @Override
    public void writeData(ObjectDataOutput out) throws IOException {
      out.writeString(node);
      out.writeLong(epoch);
    }

    @Override
    public void readData(ObjectDataInput in) throws IOException {
      node = in.readString();
      epoch = in.readLong();
    }
  }

  /**
   * Writes a value unless the stored one carries a higher epoch. Returns null when written, else
   * the stored (higher) epoch.
   */
  public static final class Put
      implements EntryProcessor<String, Fenced, Long>, IdentifiedDataSerializable {
    private Fenced value;

    public Put() {}

    public Put(Fenced value) {
      this.value = value;
    }

    @Override
    public Long process(Map.Entry<String, Fenced> e) {
      Fenced current = e.getValue();
      if (current != null && current.getEpoch() > value.getEpoch()) {
        return current.getEpoch();
      }
      e.setValue(value);
      return null;
    }

    @Override
    public int getFactoryId() {
      return StoreData.FACTORY_ID;
    }

    @Override
    public int getClassId() {
      return StoreData.PUT;
    }

    @Override
    public void writeData(ObjectDataOutput out) throws IOException {
      out.writeObject(value);
    }

    @Override
    public void readData(ObjectDataInput in) throws IOException {
      value = in.readObject();
    }
  }

  /** Creates a value if there is none; returns the existing one otherwise (and changes nothing). */
  public static final class Create
      implements EntryProcessor<String, Fenced, Fenced>, IdentifiedDataSerializable {
    private Fenced value;

    public Create() {}

    public Create(Fenced value) {
      this.value = value;
    }

    @Override
    public Fenced process(Map.Entry<String, Fenced> e) {
      if (e.getValue() != null) {
        return e.getValue();
      }
      e.setValue(value);
      return null;
    }

    @Override
    public int getFactoryId() {
      return StoreData.FACTORY_ID;
    }

    @Override
    public int getClassId() {
      return StoreData.CREATE;
    }

    @Override
    public void writeData(ObjectDataOutput out) throws IOException {
      out.writeObject(value);
    }

    @Override
    public void readData(ObjectDataInput in) throws IOException {
      value = in.readObject();
    }
  }

  /**
   * Claims a value for the owner of {@code epoch}: stamps it with the epoch, so every older owner's
   * writes are refused from now on, and returns it. A value that already carries a higher epoch is
   * returned untouched (the caller is the stale one); a missing value gives null.
   */
  public static final class Claim
      implements EntryProcessor<String, Fenced, Fenced>, IdentifiedDataSerializable {
    private long epoch;

    public Claim() {}

    public Claim(long epoch) {
      this.epoch = epoch;
    }

    @Override
    public Fenced process(Map.Entry<String, Fenced> e) {
      Fenced current = e.getValue();
      if (current == null || current.getEpoch() > epoch) {
        return current;
      }
      Fenced claimed = current.withEpoch(epoch);
      e.setValue(claimed);
      return claimed;
    }

    @Override
    public int getFactoryId() {
      return StoreData.FACTORY_ID;
    }

    @Override
    public int getClassId() {
      return StoreData.CLAIM;
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
}
