package dev.groundup.common.registry.store;

import com.hazelcast.map.EntryProcessor;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;
import java.io.IOException;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * The atomic operations on global names, run by Hazelcast on the partition that owns the name (and
 * replayed on its backup), so concurrent registrations of one name are linearizable.
 */
public final class NameOps {

  private NameOps() {}

  /** Registers the name if it is free (or a tombstone); returns the current owner otherwise. */
  public static final class Register
      implements EntryProcessor<String, NameEntry, NameEntry>, IdentifiedDataSerializable {
    private NameEntry entry;

    public Register() {}

    public Register(NameEntry entry) {
      this.entry = entry;
    }

    @Override
    public NameEntry process(Map.Entry<String, NameEntry> e) {
      NameEntry current = e.getValue();
      if (current == null || current.isTombstone()) {
        e.setValue(entry);
        return null;
      }
      return current;
    }

    @Override
    public int getFactoryId() {
      return RegistryData.FACTORY_ID;
    }

    @Override
    public int getClassId() {
      return RegistryData.REGISTER;
    }

    @Override
    public void writeData(ObjectDataOutput out) throws IOException {
      out.writeObject(entry);
    }

    @Override
    public void readData(ObjectDataInput in) throws IOException {
      entry = in.readObject();
    }
  }

  /** Registers the name whoever has it; returns the previous registration (null if none). */
  public static final class Reregister
      implements EntryProcessor<String, NameEntry, NameEntry>, IdentifiedDataSerializable {
    private NameEntry entry;

    public Reregister() {}

    public Reregister(NameEntry entry) {
      this.entry = entry;
    }

    @Override
    public NameEntry process(Map.Entry<String, NameEntry> e) {
      NameEntry previous = e.getValue();
      e.setValue(entry);
      return previous == null || previous.isTombstone() ? null : previous;
    }

    @Override
    public int getFactoryId() {
      return RegistryData.FACTORY_ID;
    }

    @Override
    public int getClassId() {
      return RegistryData.REREGISTER;
    }

    @Override
    public void writeData(ObjectDataOutput out) throws IOException {
      out.writeObject(entry);
    }

    @Override
    public void readData(ObjectDataInput in) throws IOException {
      entry = in.readObject();
    }
  }

  /** Removes the name if {@code node}/{@code address} owns it; true if it did. */
  public static final class Unregister
      implements EntryProcessor<String, NameEntry, Boolean>, IdentifiedDataSerializable {
    private String node;
    private String address;

    public Unregister() {}

    public Unregister(String node, String address) {
      this.node = node;
      this.address = address;
    }

    @Override
    public Boolean process(Map.Entry<String, NameEntry> e) {
      NameEntry current = e.getValue();
      if (current != null && current.isOwnedBy(node, address)) {
        e.setValue(null);
        return true;
      }
      return false;
    }

    @Override
    public int getFactoryId() {
      return RegistryData.FACTORY_ID;
    }

    @Override
    public int getClassId() {
      return RegistryData.UNREGISTER;
    }

    @Override
    public void writeData(ObjectDataOutput out) throws IOException {
      out.writeString(node);
      out.writeString(address);
    }

    @Override
    public void readData(ObjectDataInput in) throws IOException {
      node = in.readString();
      address = in.readString();
    }
  }

  /**
   * Replaces the registration of {@code node}/{@code address} with {@code entry} (null removes it);
   * true if that registration was still there.
   */
  public static final class Replace
      implements EntryProcessor<String, NameEntry, Boolean>, IdentifiedDataSerializable {
    private String node;
    private String address;
    private NameEntry entry;

    public Replace() {}

    public Replace(String node, String address, NameEntry entry) {
      this.node = node;
      this.address = address;
      this.entry = entry;
    }

    @Override
    public Boolean process(Map.Entry<String, NameEntry> e) {
      NameEntry current = e.getValue();
      if (current != null && current.isOwnedBy(node, address)) {
        e.setValue(entry);
        return true;
      }
      return false;
    }

    @Override
    public int getFactoryId() {
      return RegistryData.FACTORY_ID;
    }

    @Override
    public int getClassId() {
      return RegistryData.REPLACE;
    }

    @Override
    public void writeData(ObjectDataOutput out) throws IOException {
      out.writeString(node);
      out.writeString(address);
      out.writeObject(entry);
    }

    @Override
    public void readData(ObjectDataInput in) throws IOException {
      node = in.readString();
      address = in.readString();
      entry = in.readObject();
    }
  }

  /**
   * Removes the registrations of nodes that are no longer members, and tombstones older than {@code
   * tombstonesBefore}. Run over every entry by the registry's sweeper.
   */
  public static final class Purge
      implements EntryProcessor<String, NameEntry, Boolean>, IdentifiedDataSerializable {
    private Set<String> live;
    private long tombstonesBefore;

    public Purge() {}

    public Purge(Set<String> live, long tombstonesBefore) {
      this.live = live;
      this.tombstonesBefore = tombstonesBefore;
    }

    @Override
    public Boolean process(Map.Entry<String, NameEntry> e) {
      NameEntry current = e.getValue();
      if (current == null) {
        return false;
      }
      boolean dead =
          current.isTombstone()
              ? current.getRegisteredAt() < tombstonesBefore
              : !live.contains(current.getNode());
      if (dead) {
        e.setValue(null);
      }
      return dead;
    }

    @Override
    public int getFactoryId() {
      return RegistryData.FACTORY_ID;
    }

    @Override
    public int getClassId() {
      return RegistryData.PURGE_NAMES;
    }

    @Override
    public void writeData(ObjectDataOutput out) throws IOException {
      out.writeInt(live.size());
      for (String n : live) {
        out.writeString(n);
      }
      out.writeLong(tombstonesBefore);
    }

    @Override
    public void readData(ObjectDataInput in) throws IOException {
      int n = in.readInt();
      live = new HashSet<>(n);
      for (int i = 0; i < n; i++) {
        live.add(in.readString());
      }
      tombstonesBefore = in.readLong();
    }
  }
}
