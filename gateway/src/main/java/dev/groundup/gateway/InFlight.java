package dev.groundup.gateway;

/**
 * The requests that one gateway verticle's connections have sent into the cluster and not yet had
 * answered, bounded: when shards are slow or stalled, or offered more than they can serve, requests
 * past the bound are refused at once with {@code unavailable} instead of queueing until their
 * timeout. That bounds the gateway's memory and keeps the latency of what it does accept short, and
 * the client hears within microseconds that it should retry. Confined to the verticle's event loop.
 */
final class InFlight {

  private final int max;
  private int count;

  InFlight(int max) {
    if (max < 1) {
      throw new IllegalArgumentException("max must be at least 1");
    }
    this.max = max;
  }

  /** Takes one place; false when all are taken. */
  boolean tryAcquire() {
    if (count >= max) {
      return false;
    }
    count++;
    return true;
  }

  void release() {
    if (count == 0) {
      throw new IllegalStateException("released more than acquired");
    }
    count--;
  }

  int count() {
    return count;
  }

  int max() {
    return max;
  }
}
