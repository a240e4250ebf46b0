package dev.groundup.common.protocol;

import java.util.Comparator;

/** One leaderboard line. */
public record Score(String name, long score) {

  /** Highest score first, ties by name. */
  public static final Comparator<Score> RANKING =
      Comparator.comparingLong(Score::score).reversed().thenComparing(Score::name);
}
