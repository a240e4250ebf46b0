package dev.groundup.common.supervision;

import java.util.ArrayDeque;
import java.util.Deque;

/** The restarts of the last {@link Intensity#period()}, to tell when a supervisor must give up. */
final class RestartWindow {

  private final Intensity intensity;
  private final Deque<Long> restarts = new ArrayDeque<>();

  RestartWindow(Intensity intensity) {
    this.intensity = intensity;
  }

  /** Counts a restart at {@code nowNanos}; false if that makes more than the intensity allows. */
  boolean admit(long nowNanos) {
    long period = intensity.period().toNanos();
    while (!restarts.isEmpty() && nowNanos - restarts.peekFirst() > period) {
      restarts.pollFirst();
    }
    restarts.addLast(nowNanos);
    return restarts.size() <= intensity.maxRestarts();
  }
}
