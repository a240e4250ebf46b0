package dev.groundup.common.store;

import com.hazelcast.cluster.Member;
import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.splitbrainprotection.HeartbeatAware;
import com.hazelcast.splitbrainprotection.SplitBrainProtectionFunction;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Split-brain protection for stored game state: a side of the cluster may read and write it only
 * while it hears from at least {@code quorum} registry nodes (data members), this node included. A
 * registry node counts only if its last heartbeat is recent ({@code toleranceMillis}), not merely
 * because it is still on the member list: after a cut, Hazelcast keeps the other side's members on
 * the list for many seconds while it elects a new master, and a quorum counted from that list let a
 * cut-off side store (and acknowledge) writes that the merge then dropped — this is how we found
 * it.
 *
 * <p>With three registry nodes and a quorum of two, any one of them may fail and a minority side
 * always refuses; with the local default of two registry nodes and a quorum of one, any one process
 * may fail but a split between the two registry nodes is not protected.
 */
public final class RegistryQuorum
    implements SplitBrainProtectionFunction, HeartbeatAware, MembershipListener {

  private final int quorum;
  private final long toleranceMillis;
  private final Map<Member, Long> lastHeartbeat = new ConcurrentHashMap<>();

  public RegistryQuorum(int quorum, long toleranceMillis) {
    this.quorum = quorum;
    this.toleranceMillis = toleranceMillis;
  }

  @Override
  public boolean apply(Collection<Member> members) {
    long now = System.currentTimeMillis();
    long heard =
        members.stream()
            .filter(m -> !m.isLiteMember())
            .filter(
                m -> m.localMember() || now - lastHeartbeat.getOrDefault(m, 0L) < toleranceMillis)
            .count();
    return heard >= quorum;
  }

  @Override
  public void onHeartbeat(Member member, long timestamp) {
    lastHeartbeat.put(member, timestamp);
  }

  @Override
  public void memberAdded(MembershipEvent event) {}

  @Override
  public void memberRemoved(MembershipEvent event) {
    lastHeartbeat.remove(event.getMember());
  }
}
