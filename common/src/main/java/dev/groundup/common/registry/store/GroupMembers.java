package dev.groundup.common.registry.store;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;
import dev.groundup.common.registry.GroupMember;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The value of a process group in the Hazelcast map {@code groundup.registry.groups}: its
 * memberships in the order they joined. An address that joined twice is listed twice, like {@code
 * pg}. A group with no members is removed from the map: an empty group and a missing one are the
 * same thing.
 */
public final class GroupMembers implements IdentifiedDataSerializable {

  private List<GroupMember> members = new ArrayList<>();

  public GroupMembers() {}

  GroupMembers(Collection<GroupMember> members) {
    this.members = new ArrayList<>(members);
  }

  public List<GroupMember> members() {
    return List.copyOf(members);
  }

  boolean isEmpty() {
    return members.isEmpty();
  }

  GroupMembers with(GroupMember m) {
    GroupMembers next = new GroupMembers(members);
    next.members.add(m);
    return next;
  }

  /** Without one membership of {@code m}, or null if it has none. */
  GroupMembers without(GroupMember m) {
    int i = members.indexOf(m);
    if (i < 0) {
      return null;
    }
    GroupMembers next = new GroupMembers(members);
    next.members.remove(i);
    return next;
  }

  /** Without the memberships of nodes not in {@code live}, or null if nothing changes. */
  GroupMembers onlyOn(Set<String> live) {
    List<GroupMember> kept = members.stream().filter(m -> live.contains(m.node())).toList();
    return kept.size() == members.size() ? null : new GroupMembers(kept);
  }

  /**
   * Both sides' memberships after a split: each membership as often as the side that has it most.
   */
  static GroupMembers union(GroupMembers a, GroupMembers b) {
    List<GroupMember> all = new ArrayList<>(a.members);
    List<GroupMember> rest = new ArrayList<>(a.members);
    for (GroupMember m : b.members) {
      if (!rest.remove(m)) {
        all.add(m);
      }
    }
    return new GroupMembers(all);
  }

  @Override
  public int getFactoryId() {
    return RegistryData.FACTORY_ID;
  }

  @Override
  public int getClassId() {
    return RegistryData.GROUP_MEMBERS;
  }

  @Override
  public void writeData(ObjectDataOutput out) throws IOException {
    out.writeInt(members.size());
    for (GroupMember m : members) {
      out.writeString(m.address());
      out.writeString(m.node());
    }
  }

  @Override
  public void readData(ObjectDataInput in) throws IOException {
    int n = in.readInt();
    members = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      members.add(new GroupMember(in.readString(), in.readString()));
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof GroupMembers g && members.equals(g.members);
  }

  @Override
  public int hashCode() {
    return Objects.hash(members);
  }

  @Override
  public String toString() {
    return members.toString();
  }
}
