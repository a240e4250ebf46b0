package dev.groundup.game;

/**
 * What the engine enforces for a game's rooms, before the room sees a call.
 *
 * @param maxPlayers players a room holds at once; one more is refused with {@code room_full}
 * @param maxWaitingInputs inputs of one player the room has taken but not yet applied (see {@link
 *     Effects#applied}); one more is refused with {@code rate_limited}
 * @param tickHz ticks a second ({@link Room#tick}); 0 for a turn-based game, which changes only on
 *     joins, leaves and inputs
 */
public record Limits(int maxPlayers, int maxWaitingInputs, int tickHz) {

  public Limits {
    if (maxPlayers < 1 || maxWaitingInputs < 1 || tickHz < 0 || tickHz > 1000) {
      throw new IllegalArgumentException(
          "limits must be positive (tick rate 0 to 1000): "
              + maxPlayers
              + " players, "
              + maxWaitingInputs
              + " waiting inputs, "
              + tickHz
              + " Hz");
    }
  }

  /** Whether the room changes only on joins, leaves and inputs. */
  public boolean turnBased() {
    return tickHz == 0;
  }

  /** Milliseconds between ticks (for a game with a tick rate). */
  public long tickMillis() {
    return Math.max(1, 1000L / Math.max(1, tickHz));
  }
}
