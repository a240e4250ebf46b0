package dev.groundup.common.supervision;

import java.util.List;

/**
 * Which children a {@link Supervisor} restarts when one of them crashes, with Erlang's meanings.
 * Children are ordered by when they were started.
 */
public enum Strategy {

  /** Only the crashed child: siblings are independent. */
  ONE_FOR_ONE,
  /** Every child: siblings depend on each other and cannot outlive a restart of one of them. */
  ONE_FOR_ALL,
  /** The crashed child and those started after it: later children depend on earlier ones. */
  REST_FOR_ONE;

  /**
   * The children to restart, in start order, when {@code crashed} (one of {@code ordered}) crashes.
   */
  public <T> List<T> affected(List<T> ordered, T crashed) {
    int at = ordered.indexOf(crashed);
    if (at < 0) {
      throw new IllegalArgumentException("not a child: " + crashed);
    }
    return switch (this) {
      case ONE_FOR_ONE -> List.of(crashed);
      case ONE_FOR_ALL -> List.copyOf(ordered);
      case REST_FOR_ONE -> List.copyOf(ordered.subList(at, ordered.size()));
    };
  }
}
