package dev.groundup.common.registry;

import java.util.Arrays;

/**
 * How two registrations of one global name are resolved when a split cluster heals (each side may
 * have registered the name while it could not see the other), chosen per name at registration.
 */
public enum ConflictRule {
  /**
   * Keep the registration of the node that joined the cluster first (the older node start time;
   * ties by node id); the loser's address gets a {@code NameConflict} so its owner can step down,
   * like {@code global}'s {@code random_notify_name} with a deterministic choice.
   */
  KEEP_OLDEST("keep-oldest"),
  /**
   * Drop both registrations and tell both addresses, like {@code global}'s {@code notify_all_name}.
   */
  NOTIFY_BOTH("notify-both");

  private final String wire;

  ConflictRule(String wire) {
    this.wire = wire;
  }

  public String wire() {
    return wire;
  }

  public static ConflictRule parse(String s) {
    return Arrays.stream(values())
        .filter(r -> r.wire.equals(s))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("unknown conflict rule '" + s + "'"));
  }
}
