package dev.groundup.common.supervision;

import java.time.Duration;
import java.util.List;

/**
 * What a {@link Supervisor} did, for logs, metrics and tests; delivered on the supervisor's
 * context.
 */
public sealed interface SupervisorEvent {

  /** The child this event is about (for {@link GaveUp}, the one whose crash was one too many). */
  String id();

  /** A child was deployed for the first time. */
  record Started(String id) implements SupervisorEvent {}

  /**
   * A child crashed: {@code restarting} (in start order) are stopped and redeployed after {@code
   * delay}.
   */
  record Crashed(String id, Throwable cause, List<String> restarting, Duration delay)
      implements SupervisorEvent {
    public Crashed {
      restarting = List.copyOf(restarting);
    }
  }

  /**
   * A fresh instance of a child was deployed after a crash; {@code restarts} counts them so far.
   */
  record Restarted(String id, int restarts) implements SupervisorEvent {}

  /** A child was undeployed for good on request ({@code stop}, {@code stopAll}) or on giving up. */
  record Stopped(String id) implements SupervisorEvent {}

  /**
   * A child was undeployed by someone else (itself, its parent deployment, Vert.x closing): no
   * longer supervised.
   */
  record Exited(String id) implements SupervisorEvent {}

  /**
   * Crashes came faster than the {@link Intensity} allows: every child is stopped and the
   * supervisor is done.
   */
  record GaveUp(String id, Throwable cause) implements SupervisorEvent {}
}
