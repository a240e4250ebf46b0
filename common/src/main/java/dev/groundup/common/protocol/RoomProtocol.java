package dev.groundup.common.protocol;

import dev.groundup.common.codec.WireMessage;
import java.util.List;

/** What is asked of the {@code ShardVerticle} that runs a room. */
public sealed interface RoomProtocol extends WireMessage {

  /**
   * Put a player into a room, creating the room if needed, at {@code at} if given (a player put
   * back where it was) or on a random cell. Answered with {@link Joined}.
   */
  record Enter(String room, String name, long score, long steps, ConnRef conn, Cell at)
      implements RoomProtocol {}

  /** The room as the joining player first sees it. */
  record Joined(
      String room, long tick, int width, int height, List<PlayerView> players, List<Cell> coins)
      implements RoomProtocol {
    public Joined {
      players = List.copyOf(players);
      coins = List.copyOf(coins);
    }
  }

  /** Take a player out of a room. Answered with {@link Exited}. */
  record Exit(String room, String name) implements RoomProtocol {}

  /** The player is out; its score, steps and cell as the room last had them. */
  record Exited(String room, long score, long steps, Cell at) implements RoomProtocol {}

  /** Queue a move. Answered with {@link Acked} once a tick applied it. */
  record Move(String room, String name, Dir dir) implements RoomProtocol {}

  /** The move was applied at {@code tick}. */
  record Acked(long tick) implements RoomProtocol {}

  /** Say something to the room. */
  record Say(String room, String name, String text) implements RoomProtocol {}

  /**
   * Start ({@code on}) or stop copying the room's events to {@code groundup.room.<room>} for {@code
   * watcher} (one per bridge node). A watch not renewed within the shard's expiry (30 s) ends by
   * itself, so a watcher renews it periodically; it may name a room that does not run yet. Answered
   * {@link ShardProtocol.Reply#DONE}.
   */
  record Watch(String room, String watcher, boolean on) implements RoomProtocol {}
}
