package dev.groundup.game;

/**
 * What a call on a room did, told to the engine as it happens. Valid only during the call it was
 * passed to.
 */
public interface Effects {

  /** Something members see changed (joins, leaves and applied inputs count by themselves). */
  void changed();

  /**
   * The input numbered {@code seq} took effect: it is acknowledged ({@code ack} with the tick) once
   * the room's state with it is stored. Counts as a change.
   */
  void applied(long seq);

  /**
   * Adds {@code points} (positive) to the member's score on the cluster-wide leaderboard, which all
   * games share. Stored with the room until the player leaves, then with the player. Counts as a
   * change.
   */
  void award(String player, long points);
}
