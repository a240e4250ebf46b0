package dev.groundup.common.registry.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.hazelcast.internal.serialization.SerializationService;
import com.hazelcast.internal.serialization.impl.DefaultSerializationServiceBuilder;
import com.hazelcast.spi.merge.MergingValue;
import dev.groundup.common.registry.ConflictRule;
import dev.groundup.common.registry.GroupMember;
import java.util.AbstractMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The registry's atomic operations and merge policies, as Hazelcast runs them on one entry. */
class RegistryStoreTest {

  private final SerializationService serialization =
      new DefaultSerializationServiceBuilder()
          .addDataSerializableFactory(RegistryData.FACTORY_ID, new RegistryData())
          .build();

  private static NameEntry entry(String address, String node, long startedAt, ConflictRule rule) {
    return new NameEntry(address, node, startedAt, 1000, rule);
  }

  private static <V> Map.Entry<String, V> slot(V value) {
    return new AbstractMap.SimpleEntry<>("key", value);
  }

  @Test
  void registerTakesAFreeNameAndNamesTheOwnerOfATakenOne() {
    NameEntry mine = entry("a", "n1", 1, ConflictRule.KEEP_OLDEST);
    Map.Entry<String, NameEntry> free = slot(null);
    assertThat(new NameOps.Register(mine).process(free)).isNull();
    assertThat(free.getValue()).isEqualTo(mine);

    NameEntry other = entry("b", "n2", 2, ConflictRule.KEEP_OLDEST);
    assertThat(new NameOps.Register(other).process(free)).isEqualTo(mine);
    assertThat(free.getValue()).isEqualTo(mine);
  }

  @Test
  void aTombstoneIsAFreeName() {
    NameEntry tomb =
        NameEntry.tombstone(
            entry("a", "n1", 1, ConflictRule.NOTIFY_BOTH),
            entry("b", "n2", 2, ConflictRule.NOTIFY_BOTH),
            5);
    Map.Entry<String, NameEntry> slot = slot(tomb);
    NameEntry next = entry("c", "n3", 3, ConflictRule.KEEP_OLDEST);
    assertThat(new NameOps.Register(next).process(slot)).isNull();
    assertThat(slot.getValue()).isEqualTo(next);
  }

  @Test
  void unregisterAndReplaceOnlyTouchTheirOwnersRegistration() {
    NameEntry mine = entry("a", "n1", 1, ConflictRule.KEEP_OLDEST);
    Map.Entry<String, NameEntry> slot = slot(mine);
    assertThat(new NameOps.Unregister("n2", "a").process(slot)).isFalse();
    assertThat(new NameOps.Unregister("n1", "other").process(slot)).isFalse();
    assertThat(new NameOps.Replace("n2", "a", null).process(slot)).isFalse();
    assertThat(slot.getValue()).isEqualTo(mine);
    NameEntry next = entry("z", "n9", 9, ConflictRule.KEEP_OLDEST);
    assertThat(new NameOps.Replace("n1", "a", next).process(slot)).isTrue();
    assertThat(slot.getValue()).isEqualTo(next);
    assertThat(new NameOps.Unregister("n9", "z").process(slot)).isTrue();
    assertThat(slot.getValue()).isNull();
  }

  @Test
  void reregisterReturnsWhomItReplaced() {
    NameEntry old = entry("a", "n1", 1, ConflictRule.KEEP_OLDEST);
    Map.Entry<String, NameEntry> slot = slot(old);
    NameEntry next = entry("b", "n2", 2, ConflictRule.KEEP_OLDEST);
    assertThat(new NameOps.Reregister(next).process(slot)).isEqualTo(old);
    assertThat(slot.getValue()).isEqualTo(next);
  }

  @Test
  void purgeRemovesNamesOfDeadNodesAndOldTombstones() {
    NameEntry live = entry("a", "live", 1, ConflictRule.KEEP_OLDEST);
    NameEntry dead = entry("b", "dead", 1, ConflictRule.KEEP_OLDEST);
    NameEntry oldTomb = NameEntry.tombstone(live, dead, 10);
    NameEntry newTomb = NameEntry.tombstone(live, dead, 500);
    NameOps.Purge purge = new NameOps.Purge(Set.of("live"), 100);
    Map.Entry<String, NameEntry> s1 = slot(live);
    Map.Entry<String, NameEntry> s2 = slot(dead);
    Map.Entry<String, NameEntry> s3 = slot(oldTomb);
    Map.Entry<String, NameEntry> s4 = slot(newTomb);
    assertThat(List.of(purge.process(s1), purge.process(s2), purge.process(s3), purge.process(s4)))
        .containsExactly(false, true, true, false);
    assertThat(s1.getValue()).isEqualTo(live);
    assertThat(s2.getValue()).isNull();
    assertThat(s3.getValue()).isNull();
    assertThat(s4.getValue()).isEqualTo(newTomb);
  }

  @Test
  void groupsCountMembershipsAndVanishWhenEmpty() {
    GroupMember m = new GroupMember("addr", "n1");
    GroupMember o = new GroupMember("other", "n2");
    Map.Entry<String, GroupMembers> slot = slot(null);
    new GroupOps.Join(m).process(slot);
    new GroupOps.Join(m).process(slot);
    new GroupOps.Join(o).process(slot);
    assertThat(slot.getValue().members()).containsExactly(m, m, o);
    assertThat(new GroupOps.Leave(m).process(slot)).isTrue();
    assertThat(slot.getValue().members()).containsExactly(m, o);
    assertThat(new GroupOps.Purge(Set.of("n1")).process(slot)).isTrue();
    assertThat(slot.getValue().members()).containsExactly(m);
    assertThat(new GroupOps.Purge(Set.of("n1")).process(slot)).isFalse();
    assertThat(new GroupOps.Leave(m).process(slot)).isTrue();
    assertThat(slot.getValue()).isNull();
    assertThat(new GroupOps.Leave(m).process(slot)).isFalse();
  }

  @Test
  void valuesAndOperationsSurviveHazelcastSerialization() {
    NameEntry e =
        NameEntry.tombstone(
            entry("a", "n1", 1, ConflictRule.NOTIFY_BOTH),
            entry("b", "n2", 2, ConflictRule.KEEP_OLDEST),
            7);
    assertThat((NameEntry) serialization.toObject(serialization.toData(e))).isEqualTo(e);
    GroupMembers g =
        new GroupMembers(List.of(new GroupMember("x", "y"), new GroupMember("x", "y")));
    assertThat((GroupMembers) serialization.toObject(serialization.toData(g))).isEqualTo(g);
    NameOps.Purge purge =
        serialization.toObject(serialization.toData(new NameOps.Purge(Set.of("a", "b"), 42)));
    Map.Entry<String, NameEntry> slot = slot(entry("q", "c", 1, ConflictRule.KEEP_OLDEST));
    assertThat(purge.process(slot)).isTrue();
  }

  // ---- merge policies

  private MergingValue<NameEntry> merging(NameEntry e) {
    return new MergingValue<>() {
      @Override
      public NameEntry getValue() {
        return e;
      }

      @Override
      public Object getRawValue() {
        return serialization.toData(e);
      }
    };
  }

  private NameEntry mergeNames(NameEntry smallerSide, NameEntry biggerSide) {
    MergePolicies.Names policy = new MergePolicies.Names();
    policy.setSerializationService(serialization);
    Object result =
        policy.merge(merging(smallerSide), biggerSide == null ? null : merging(biggerSide));
    return result == null ? null : serialization.toObject(result);
  }

  @Test
  void aNameOnOneSideOnlyIsKept() {
    NameEntry only = entry("a", "n1", 5, ConflictRule.KEEP_OLDEST);
    assertThat(mergeNames(only, null)).isEqualTo(only);
  }

  @Test
  void keepOldestKeepsTheRegistrationOfTheOlderNodeWhicheverSideItIsOn() {
    NameEntry older = entry("a", "n-old", 100, ConflictRule.KEEP_OLDEST);
    NameEntry newer = entry("b", "n-new", 200, ConflictRule.KEEP_OLDEST);
    assertThat(mergeNames(older, newer)).isEqualTo(older);
    assertThat(mergeNames(newer, older)).isEqualTo(older);
    NameEntry sameAgeLowerId = entry("c", "a-node", 100, ConflictRule.KEEP_OLDEST);
    assertThat(mergeNames(older, sameAgeLowerId)).isEqualTo(sameAgeLowerId);
  }

  @Test
  void notifyBothLeavesATombstoneNamingBothLosers() {
    NameEntry one = entry("a", "n1", 100, ConflictRule.NOTIFY_BOTH);
    NameEntry two = entry("b", "n2", 200, ConflictRule.KEEP_OLDEST);
    NameEntry merged = mergeNames(one, two);
    assertThat(merged.isTombstone()).isTrue();
    assertThat(merged.lostBy("n1", "a")).isTrue();
    assertThat(merged.lostBy("n2", "b")).isTrue();
    assertThat(merged.lostBy("n3", "c")).isFalse();
  }

  @Test
  void aResolvedConflictStaysResolvedWhenALosersRegistrationMergesLater() {
    NameEntry one = entry("a", "n1", 100, ConflictRule.NOTIFY_BOTH);
    NameEntry two = entry("b", "n2", 200, ConflictRule.NOTIFY_BOTH);
    NameEntry resolved = NameEntry.tombstone(one, two, 2000);
    // the losers' registrations, merging onto the tombstone or the tombstone onto them
    assertThat(mergeNames(two, resolved)).isEqualTo(resolved);
    assertThat(mergeNames(one, resolved)).isEqualTo(resolved);
    assertThat(mergeNames(resolved, two)).isEqualTo(resolved);
    // a third party's registration is not a loser of it: it takes the free name
    NameEntry third = entry("c", "n3", 300, ConflictRule.KEEP_OLDEST);
    assertThat(mergeNames(third, resolved)).isEqualTo(third);
    assertThat(mergeNames(resolved, third)).isEqualTo(third);
  }

  @Test
  void theSameRegistrationOnBothSidesIsNoConflict() {
    NameEntry same = entry("a", "n1", 100, ConflictRule.NOTIFY_BOTH);
    NameEntry again = new NameEntry("a", "n1", 100, 2000, ConflictRule.NOTIFY_BOTH);
    assertThat(mergeNames(same, again).isTombstone()).isFalse();
  }

  @Test
  void groupsMergeToTheUnionOfBothSides() {
    GroupMember a = new GroupMember("a", "n1");
    GroupMember b = new GroupMember("b", "n2");
    GroupMember c = new GroupMember("c", "n3");
    GroupMembers smaller = new GroupMembers(List.of(a, b, b));
    GroupMembers bigger = new GroupMembers(List.of(b, c));
    MergePolicies.Groups policy = new MergePolicies.Groups();
    policy.setSerializationService(serialization);
    Object merged = policy.merge(mergingGroup(smaller), mergingGroup(bigger));
    GroupMembers result = serialization.toObject(merged);
    assertThat(result.members()).containsExactlyInAnyOrder(a, b, b, c);
  }

  private MergingValue<GroupMembers> mergingGroup(GroupMembers g) {
    return new MergingValue<>() {
      @Override
      public GroupMembers getValue() {
        return g;
      }

      @Override
      public Object getRawValue() {
        return serialization.toData(g);
      }
    };
  }
}
