package dev.groundup.shard.room;

/**
 * The clock the rooms run on: their periodic ticks, a retry later, and work at the end of the
 * current event-loop turn — all on one thread, the shard verticle's event loop ({@link
 * VertxTicker}). Tests drive a manual one, so the rooms' subtle timing is checked in milliseconds.
 */
public interface Ticker {

  /** Runs {@code action} every {@code millis} at a fixed rate until cancelled; gives its id. */
  long periodic(long millis, Runnable action);

  /** Runs {@code action} once after {@code millis}; gives its id. */
  long once(long millis, Runnable action);

  void cancel(long id);

  /** Runs {@code action} after the current call returns, before anything that arrives later. */
  void soon(Runnable action);

  /** Now, in nanoseconds, for measuring tick lag ({@link System#nanoTime()} in production). */
  long nanoTime();
}
