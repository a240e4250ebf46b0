package dev.groundup.common.store;

/**
 * A write or claim was refused because a newer owner of the shard has claimed the value: the caller
 * has lost its shard and must step down.
 */
public final class StaleEpochException extends RuntimeException {

  private final long mine;
  private final long current;

  public StaleEpochException(long mine, long current) {
    super(
        "epoch " + mine + " is stale: the shard has a newer owner (epoch " + current + ")",
        null,
        false,
        false);
    this.mine = mine;
    this.current = current;
  }

  public long mine() {
    return mine;
  }

  public long current() {
    return current;
  }
}
