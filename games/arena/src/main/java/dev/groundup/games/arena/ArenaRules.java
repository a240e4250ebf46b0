package dev.groundup.games.arena;

import dev.groundup.game.Limits;
import dev.groundup.game.Room;
import dev.groundup.game.RoomContext;
import dev.groundup.game.Rules;
import dev.groundup.game.Settings;

/**
 * The rules of arena, the same for every room of a shard node.
 *
 * @param width grid width ({@code GROUNDUP_ROOM_WIDTH}, default 32)
 * @param height grid height ({@code GROUNDUP_ROOM_HEIGHT}, default 32)
 * @param maxPlayers players per room ({@code GROUNDUP_ROOM_MAX_PLAYERS}, default 64)
 * @param coins coins on the grid at all times ({@code GROUNDUP_ROOM_COINS}, default 8)
 * @param maxWaitingMoves moves a player may have queued ({@code GROUNDUP_MAX_WAITING_MOVES},
 *     default 16)
 * @param tickHz ticks a second ({@code GROUNDUP_TICK_HZ}, default 20)
 */
public record ArenaRules(
    int width, int height, int maxPlayers, int coins, int maxWaitingMoves, int tickHz)
    implements Rules {

  public static final ArenaRules DEFAULT = new ArenaRules(32, 32, 64, 8, 16, 20);

  public ArenaRules {
    if (width < 1
        || height < 1
        || maxPlayers < 1
        || coins < 0
        || maxWaitingMoves < 1
        || tickHz < 1
        || tickHz > 1000) {
      throw new IllegalArgumentException(
          "room rules must be positive (tick rate at most 1000): "
              + width
              + "x"
              + height
              + ", "
              + maxPlayers
              + " players, "
              + coins
              + " coins, "
              + maxWaitingMoves
              + " moves, "
              + tickHz
              + " Hz");
    }
    if ((long) maxPlayers + coins >= (long) width * height) {
      throw new IllegalArgumentException(
          "a "
              + width
              + "x"
              + height
              + " room cannot hold "
              + maxPlayers
              + " players and "
              + coins
              + " coins on free cells");
    }
  }

  public static ArenaRules from(Settings settings) {
    return new ArenaRules(
        settings.integer("GROUNDUP_ROOM_WIDTH", DEFAULT.width, 1, 4096),
        settings.integer("GROUNDUP_ROOM_HEIGHT", DEFAULT.height, 1, 4096),
        settings.integer("GROUNDUP_ROOM_MAX_PLAYERS", DEFAULT.maxPlayers, 1, 10_000),
        settings.integer("GROUNDUP_ROOM_COINS", DEFAULT.coins, 0, 100_000),
        settings.integer("GROUNDUP_MAX_WAITING_MOVES", DEFAULT.maxWaitingMoves, 1, 1024),
        settings.integer("GROUNDUP_TICK_HZ", DEFAULT.tickHz, 1, 1000));
  }

  @Override
  public Limits limits() {
    return new Limits(maxPlayers, maxWaitingMoves, tickHz);
  }

  @Override
  public Room create(RoomContext context) {
    return new Arena(this, context.random());
  }

  @Override
  public Room restore(RoomContext context, byte[] snapshot) {
    return Arena.restore(this, context.random(), snapshot);
  }
}
