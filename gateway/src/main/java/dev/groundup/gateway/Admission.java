package dev.groundup.gateway;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The connection caps of one gateway node, shared by all its gateway verticles (one per event
 * loop): at most {@code max} connections at once, and at most {@code maxPerSource} from one source
 * address. Admitting and releasing are lock-free and never wait, so accepting a connection over a
 * cap costs the connected players nothing. Every admitted connection must be released exactly once.
 */
final class Admission {

  private final int max;
  private final int maxPerSource;
  private final AtomicInteger total = new AtomicInteger();
  private final ConcurrentHashMap<String, Integer> bySource = new ConcurrentHashMap<>();

  Admission(int max, int maxPerSource) {
    if (max < 1 || maxPerSource < 1) {
      throw new IllegalArgumentException("caps must be positive: " + max + ", " + maxPerSource);
    }
    this.max = max;
    this.maxPerSource = maxPerSource;
  }

  /**
   * Admits a connection from {@code source} if both caps allow it; a true result must be {@link
   * #release}d.
   */
  boolean tryAdmit(String source) {
    if (total.incrementAndGet() > max) {
      total.decrementAndGet();
      return false;
    }
    boolean[] admitted = {false};
    bySource.compute(
        source,
        (k, n) -> {
          int now = n == null ? 0 : n;
          if (now >= maxPerSource) {
            return n;
          }
          admitted[0] = true;
          return now + 1;
        });
    if (!admitted[0]) {
      total.decrementAndGet();
    }
    return admitted[0];
  }

  /** A connection admitted from {@code source} is gone. */
  void release(String source) {
    bySource.computeIfPresent(source, (k, n) -> n <= 1 ? null : n - 1);
    total.decrementAndGet();
  }

  /** Connections admitted now. */
  int connections() {
    return total.get();
  }

  /** Connections admitted now from {@code source}. */
  int connections(String source) {
    return bySource.getOrDefault(source, 0);
  }
}
