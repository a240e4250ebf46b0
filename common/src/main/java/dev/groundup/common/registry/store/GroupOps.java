package dev.groundup.common.registry.store;

import com.hazelcast.map.EntryProcessor;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;
import dev.groundup.common.registry.GroupMember;
import java.io.IOException;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * The atomic operations on process groups, run by Hazelcast on the partition that owns the group.
 */
public final class GroupOps {

  private GroupOps() {}

  /** Adds one membership. */
  public static final class Join
      implements EntryProcessor<String, GroupMembers, Boolean>, IdentifiedDataSerializable {
    private GroupMember member;

    public Join() {}

    public Join(GroupMember member) {
      this.member = member;
    }

    @Override
    public Boolean process(Map.Entry<String, GroupMembers> e) {
      GroupMembers current = e.getValue();
      e.setValue((current == null ? new GroupMembers() : current).with(member));
      return true;
    }

    @Override
    public int getFactoryId() {
      return RegistryData.FACTORY_ID;
    }

    @Override
    public int getClassId() {
      return RegistryData.JOIN;
    }

    @Override
    public void writeData(ObjectDataOutput out) throws IOException {
      out.writeString(member.address());
      out.writeString(member.node());
    }

    @Override
    public void readData(ObjectDataInput in) throws IOException {
      member = new GroupMember(in.readString(), in.readString());
    }
  }

  /** Removes one membership; the group goes when its last one does. True if there was one. */
  public static final class Leave
      implements EntryProcessor<String, GroupMembers, Boolean>, IdentifiedDataSerializable {
    private GroupMember member;

    public Leave() {}

    public Leave(GroupMember member) {
      this.member = member;
    }

    @Override
    public Boolean process(Map.Entry<String, GroupMembers> e) {
      GroupMembers current = e.getValue();
      GroupMembers next = current == null ? null : current.without(member);
      if (next == null) {
        return false;
      }
      e.setValue(next.isEmpty() ? null : next);
      return true;
    }

    @Override
    public int getFactoryId() {
      return RegistryData.FACTORY_ID;
    }

    @Override
    public int getClassId() {
      return RegistryData.LEAVE;
    }

    @Override
    public void writeData(ObjectDataOutput out) throws IOException {
      out.writeString(member.address());
      out.writeString(member.node());
    }

    @Override
    public void readData(ObjectDataInput in) throws IOException {
      member = new GroupMember(in.readString(), in.readString());
    }
  }

  /** Removes the memberships of nodes that are no longer members of the cluster. */
  public static final class Purge
      implements EntryProcessor<String, GroupMembers, Boolean>, IdentifiedDataSerializable {
    private Set<String> live;

    public Purge() {}

    public Purge(Set<String> live) {
      this.live = live;
    }

    @Override
    public Boolean process(Map.Entry<String, GroupMembers> e) {
      GroupMembers current = e.getValue();
      GroupMembers next = current == null ? null : current.onlyOn(live);
      if (next == null) {
        return false;
      }
      e.setValue(next.isEmpty() ? null : next);
      return true;
    }

    @Override
    public int getFactoryId() {
      return RegistryData.FACTORY_ID;
    }

    @Override
    public int getClassId() {
      return RegistryData.PURGE_GROUPS;
    }

    @Override
    public void writeData(ObjectDataOutput out) throws IOException {
      out.writeInt(live.size());
      for (String n : live) {
        out.writeString(n);
      }
    }

    @Override
    public void readData(ObjectDataInput in) throws IOException {
      int n = in.readInt();
      live = new HashSet<>(n);
      for (int i = 0; i < n; i++) {
        live.add(in.readString());
      }
    }
  }
}
