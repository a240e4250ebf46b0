package dev.groundup.common.shard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Step two of routing: every node computes the same owners, and membership changes move little. */
class RendezvousTest {

  private static final int SHARDS = 1024;
  private static final int TRIALS = 20;

  private static List<String> nodeIds(Random random, int n) {
    List<String> ids = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      ids.add(new UUID(random.nextLong(), random.nextLong()).toString());
    }
    return ids;
  }

  @Test
  void noNodesMeansNoOwner() {
    assertThat(Rendezvous.owner(0, List.of())).isNull();
    assertThat(Rendezvous.owner(123, List.of())).isNull();
    assertThat(Rendezvous.assign(16, List.of())).isEmpty();
  }

  @Test
  void oneNodeOwnsEverything() {
    Map<Integer, String> owners = Rendezvous.assign(SHARDS, List.of("only"));
    assertThat(owners).hasSize(SHARDS);
    assertThat(owners.values()).containsOnly("only");
  }

  @Test
  void everyShardGetsAnOwnerAmongTheNodes() {
    Random random = new Random(1);
    for (int n = 1; n <= 9; n++) {
      List<String> nodes = nodeIds(random, n);
      Map<Integer, String> owners = Rendezvous.assign(SHARDS, nodes);
      assertThat(owners).hasSize(SHARDS);
      assertThat(owners.keySet()).allMatch(s -> s >= 0 && s < SHARDS);
      assertThat(nodes).containsAll(owners.values());
      for (int s = 0; s < SHARDS; s++) {
        assertThat(owners.get(s)).isEqualTo(Rendezvous.owner(s, nodes));
      }
    }
  }

  @Test
  void ownerIsTheNodeWithTheHighestWeight() {
    List<String> nodes = nodeIds(new Random(2), 7);
    for (int s = 0; s < 200; s++) {
      int shard = s;
      String expected =
          nodes.stream()
              .max(
                  Comparator.<String>comparingLong(node -> Rendezvous.weight(node, shard))
                      .thenComparing(Comparator.naturalOrder()))
              .orElseThrow();
      assertThat(Rendezvous.owner(s, nodes)).isEqualTo(expected);
    }
  }

  @Test
  void aTableGivesTheSameOwnersAsOwnerEveryTimeItIsAsked() {
    assertThat(new Rendezvous.Table(List.of()).owner(0)).isNull();
    assertThat(new Rendezvous.Table(List.of()).owner(7)).isNull();
    Random random = new Random(5);
    for (int n = 1; n <= 10; n++) {
      List<String> nodes = nodeIds(random, n);
      Rendezvous.Table table = new Rendezvous.Table(nodes);
      assertThat(table.nodes()).isSameAs(nodes);
      for (int round = 0; round < 2; round++) {
        for (int s = 0; s < SHARDS; s++) {
          assertThat(table.owner(s))
              .as("shard %d, round %d", s, round)
              .isEqualTo(Rendezvous.owner(s, nodes));
        }
      }
    }
  }

  @Test
  void deterministicWhateverTheOrderOfTheNodes() {
    Random random = new Random(3);
    List<String> nodes = nodeIds(random, 6);
    Map<Integer, String> reference = Rendezvous.assign(SHARDS, nodes);
    for (int i = 0; i < 10; i++) {
      List<String> shuffled = new ArrayList<>(nodes);
      Collections.shuffle(shuffled, random);
      assertThat(Rendezvous.assign(SHARDS, shuffled)).isEqualTo(reference);
    }
    assertThat(Rendezvous.assign(SHARDS, List.copyOf(nodes)))
        .isEqualTo(Rendezvous.assign(SHARDS, nodes));
  }

  /**
   * The documented weight, checked against an independent implementation (Python, MurmurHash3 x64
   * 128 validated on the published vector for "foo"): the first 64 bits of the hash of
   * "nodeId/shard". Every node of a cluster, of any build, must compute the same owners.
   */
  @Test
  void weightsAndOwnersMatchTheDocumentedHash() {
    assertThat(Rendezvous.weight("node-a", 0)).isEqualTo(-9121336114817627514L);
    assertThat(Rendezvous.weight("node-b", 0)).isEqualTo(-8161880880912634598L);
    assertThat(Rendezvous.weight("node-c", 0)).isEqualTo(-3508799202944194436L);
    assertThat(Rendezvous.weight("node-a", 1)).isEqualTo(7850246811255132058L);
    assertThat(Rendezvous.weight("node-c", 7)).isEqualTo(5433106870045654874L);

    List<String> nodes = List.of("node-a", "node-b", "node-c");
    String[] expected = {
      "node-c", "node-a", "node-b", "node-a", "node-a", "node-a", "node-b", "node-c"
    };
    for (int s = 0; s < expected.length; s++) {
      assertThat(Rendezvous.owner(s, nodes)).as("shard %d", s).isEqualTo(expected[s]);
    }
  }

  @Test
  void duplicateNodeIdsDoNotMatter() {
    List<String> nodes = List.of("a", "b", "c");
    List<String> doubled = List.of("a", "b", "c", "b", "a");
    assertThat(Rendezvous.assign(SHARDS, doubled)).isEqualTo(Rendezvous.assign(SHARDS, nodes));
  }

  @ParameterizedTest(name = "{0} nodes + 1")
  @ValueSource(ints = {1, 2, 3, 4, 5, 6, 7, 8, 9})
  void addingANodeMovesOnlyShardsToItAndAboutOneInNPlusOne(int n) {
    Random random = new Random(1000 + n);
    double expected = 1.0 / (n + 1);
    double sum = 0;
    for (int trial = 0; trial < TRIALS; trial++) {
      List<String> nodes = nodeIds(random, n);
      String joiner = nodeIds(random, 1).get(0);
      List<String> after = new ArrayList<>(nodes);
      after.add(joiner);

      Map<Integer, String> before = Rendezvous.assign(SHARDS, nodes);
      Map<Integer, String> now = Rendezvous.assign(SHARDS, after);
      List<String> movedTo = new ArrayList<>();
      for (int s = 0; s < SHARDS; s++) {
        if (!now.get(s).equals(before.get(s))) {
          movedTo.add(now.get(s));
        }
      }
      assertThat(movedTo).as("shards may only move to the new node").containsOnly(joiner);
      double fraction = (double) movedTo.size() / SHARDS;
      // one trial: within about 5 standard deviations of a binomial(1024, 1/(n+1))
      assertThat(fraction).as("trial %d", trial).isCloseTo(expected, within(0.08));
      sum += fraction;
    }
    double average = sum / TRIALS;
    // 20 trials of 1024 shards: the standard deviation of the average is at most 0.0035
    assertThat(average).isCloseTo(expected, within(0.015));
  }

  @ParameterizedTest(name = "{0} nodes - 1")
  @ValueSource(ints = {2, 3, 5, 8, 10})
  void removingANodeMovesOnlyItsShards(int n) {
    Random random = new Random(2000 + n);
    for (int trial = 0; trial < 5; trial++) {
      List<String> nodes = nodeIds(random, n);
      String leaver = nodes.get(random.nextInt(n));
      List<String> after = new ArrayList<>(nodes);
      after.remove(leaver);

      Map<Integer, String> before = Rendezvous.assign(SHARDS, nodes);
      Map<Integer, String> now = Rendezvous.assign(SHARDS, after);
      for (int s = 0; s < SHARDS; s++) {
        if (before.get(s).equals(leaver)) {
          assertThat(now.get(s)).isNotEqualTo(leaver).isIn(after);
        } else {
          assertThat(now.get(s))
              .as("shard %d did not belong to the leaver", s)
              .isEqualTo(before.get(s));
        }
      }
      // and coming back restores the old assignment exactly
      assertThat(Rendezvous.assign(SHARDS, nodes)).isEqualTo(before);
    }
  }

  @Test
  void theLoadIsSpreadEvenly() {
    Random random = new Random(4);
    for (int n = 2; n <= 9; n++) {
      List<String> nodes = nodeIds(random, n);
      Map<String, Integer> load = new HashMap<>();
      Rendezvous.assign(SHARDS, nodes).values().forEach(node -> load.merge(node, 1, Integer::sum));
      double fair = (double) SHARDS / n;
      assertThat(load).as("every node owns some shards").hasSize(n);
      for (int count : load.values()) {
        assertThat((double) count).isCloseTo(fair, within(fair * 0.4));
      }
    }
  }
}
