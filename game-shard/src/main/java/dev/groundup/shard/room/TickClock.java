package dev.groundup.shard.room;

/**
 * A room's tick schedule and how late its last tick ran. A room's tick is a Vert.x periodic timer,
 * which runs at a fixed rate (Netty's {@code scheduleAtFixedRate}: the n-th run is due {@code n}
 * periods after the start, and late runs catch up), so each tick is due one period after the one
 * before it was due; its lag is how much later than that it ran. Pure: the caller passes {@code
 * System.nanoTime()}; one subtraction and one addition per tick.
 */
public final class TickClock {

  private final long periodNanos;
  private long due;
  private long lastLagNanos;
  private boolean running;

  public TickClock(long periodMillis) {
    this.periodNanos = periodMillis * 1_000_000L;
  }

  /** The tick timer was (re)started at {@code now}: its first tick is due one period later. */
  public void started(long now) {
    due = now + periodNanos;
    lastLagNanos = 0;
    running = true;
  }

  /** The tick timer was stopped: the room has no lag until it ticks again. */
  void stopped() {
    running = false;
    lastLagNanos = 0;
  }

  /** A tick runs at {@code now}; returns its lag in nanoseconds (never negative). */
  public long ticked(long now) {
    long lag = Math.max(0, now - due);
    due += periodNanos;
    lastLagNanos = lag;
    return lag;
  }

  /**
   * Whether a tick with this lag overran: it ran a whole period or more behind its schedule, so the
   * room lost (at least) one tick's worth of time (the timer catches up with ticks in a row).
   */
  boolean overran(long lagNanos) {
    return lagNanos >= periodNanos;
  }

  /** How late the last tick ran, in milliseconds (0 when the room does not tick). */
  long lastLagMillis() {
    return running ? lastLagNanos / 1_000_000L : 0;
  }
}
