package dev.groundup.common.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import dev.groundup.common.protocol.ShardProtocol.Scores;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The cluster-wide leaderboard: partial boards merged, best first, ties by name, at most n. */
class ShardClientMergeTest {

  private static Scores scores(Object... nameScore) {
    List<Score> list = new ArrayList<>();
    for (int i = 0; i < nameScore.length; i += 2) {
      list.add(new Score((String) nameScore[i], ((Number) nameScore[i + 1]).longValue()));
    }
    return new Scores(list);
  }

  @Test
  void nothingToMerge() {
    assertThat(ShardClient.merge(List.of(), 10)).isEmpty();
    assertThat(ShardClient.merge(List.of(scores(), scores()), 10)).isEmpty();
  }

  @Test
  void sortsHighestFirst() {
    List<Score> top = ShardClient.merge(List.of(scores("a", 1, "b", 5), scores("c", 3)), 10);
    assertThat(top).containsExactly(new Score("b", 5), new Score("c", 3), new Score("a", 1));
  }

  @Test
  void tiesAreOrderedByName() {
    List<Score> top = ShardClient.merge(List.of(scores("carol", 2, "alice", 2), scores("bob", 2, "dave", 3)), 10);
    assertThat(top).containsExactly(new Score("dave", 3), new Score("alice", 2), new Score("bob", 2),
        new Score("carol", 2));
  }

  @Test
  void aPlayerListedTwiceKeepsItsHighestScore() {
    List<Score> top = ShardClient.merge(List.of(scores("alice", 3, "bob", 1), scores("alice", 7), scores("alice", 5)),
        10);
    assertThat(top).containsExactly(new Score("alice", 7), new Score("bob", 1));
  }

  @Test
  void limitsToN() {
    List<Score> top = ShardClient.merge(List.of(scores("a", 1, "b", 2, "c", 3), scores("d", 4, "e", 5)), 3);
    assertThat(top).containsExactly(new Score("e", 5), new Score("d", 4), new Score("c", 3));
    assertThat(ShardClient.merge(List.of(scores("a", 1, "b", 2)), 1)).containsExactly(new Score("b", 2));
    assertThat(ShardClient.merge(List.of(scores("a", 1, "b", 2)), 2)).hasSize(2);
  }

  @Test
  void theLimitAppliesAfterDeduplication() {
    // alice twice must not take two of the three places
    List<Score> top = ShardClient.merge(List.of(scores("alice", 9, "bob", 8), scores("alice", 10, "carol", 7)), 3);
    assertThat(top).containsExactly(new Score("alice", 10), new Score("bob", 8), new Score("carol", 7));
  }

  @Test
  void largeScoresAndZero() {
    List<Score> top = ShardClient.merge(List.of(scores("big", Long.MAX_VALUE, "zero", 0, "mid", 1L << 40)), 10);
    assertThat(top).containsExactly(new Score("big", Long.MAX_VALUE), new Score("mid", 1L << 40),
        new Score("zero", 0));
  }

  @Test
  void matchesABruteForceRanking() {
    Random random = new Random(5);
    for (int round = 0; round < 50; round++) {
      List<Scores> parts = new ArrayList<>();
      Map<String, Long> best = new HashMap<>();
      int partCount = 1 + random.nextInt(6);
      for (int p = 0; p < partCount; p++) {
        List<Score> part = new ArrayList<>();
        int size = random.nextInt(20);
        for (int i = 0; i < size; i++) {
          Score s = new Score("p" + random.nextInt(30), random.nextInt(8));
          part.add(s);
          best.merge(s.name(), s.score(), Math::max);
        }
        parts.add(new Scores(part));
      }
      int n = 1 + random.nextInt(25);
      List<Score> expected = new ArrayList<>();
      best.forEach((name, score) -> expected.add(new Score(name, score)));
      Collections.sort(expected, (a, b) -> a.score() != b.score() ? Long.compare(b.score(), a.score())
          : a.name().compareTo(b.name()));
      assertThat(ShardClient.merge(parts, n)).containsExactlyElementsOf(expected.subList(0, Math.min(n, expected.size())));
    }
  }

  @Test
  void rankingComparator() {
    List<Score> list = new ArrayList<>(List.of(new Score("b", 1), new Score("a", 1), new Score("c", 2)));
    list.sort(Score.RANKING);
    assertThat(list).containsExactly(new Score("c", 2), new Score("a", 1), new Score("b", 1));
  }
}
