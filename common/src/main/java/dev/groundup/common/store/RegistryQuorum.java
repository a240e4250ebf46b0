package dev.groundup.common.store;

import com.hazelcast.cluster.Member;
import com.hazelcast.splitbrainprotection.SplitBrainProtectionFunction;
import java.util.Collection;

/**
 * Split-brain protection for stored game state: a side of the cluster may read and write it only
 * while it sees at least {@code quorum} registry nodes (data members). A side cut off from the
 * majority then refuses instead of acknowledging writes that the merge after the heal would drop.
 * With three registry nodes and a quorum of two, any one of them may fail and a minority side always
 * refuses; with the local default of two registry nodes and a quorum of one, any one process may fail
 * but a split between the two registry nodes is not protected.
 */
public final class RegistryQuorum implements SplitBrainProtectionFunction {

  private final int quorum;

  public RegistryQuorum(int quorum) {
    this.quorum = quorum;
  }

  @Override
  public boolean apply(Collection<Member> members) {
    return members.stream().filter(m -> !m.isLiteMember()).count() >= quorum;
  }
}
