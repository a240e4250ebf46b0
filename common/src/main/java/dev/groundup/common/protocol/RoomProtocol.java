package dev.groundup.common.protocol;

import dev.groundup.common.codec.WireMessage;
import java.util.List;

/**
 * What is asked of the {@code ShardVerticle} that runs a room. The room's game is opaque here: its
 * progress, inputs and views travel as bytes the game encodes and JSON it writes.
 */
public sealed interface RoomProtocol extends WireMessage {

  /**
   * Put a player into a room, creating the room if needed — of {@code game}, or when that is null
   * of the game the room has (a new room: the node's default game). {@code score} is the player's
   * leaderboard score, {@code progress} its progress in every game it played (the room takes its
   * game's), {@code seat} what the room said when it took the player out a moment ago (the player
   * is put back) or null. Answered with {@link Joined}.
   */
  record Enter(
      String room,
      String game,
      String name,
      long score,
      List<Progress> progress,
      ConnRef conn,
      byte[] seat)
      implements RoomProtocol {
    public Enter {
      progress = List.copyOf(progress);
    }
  }

  /**
   * The player is in {@code room}, which plays {@code game}, at {@code tick}; {@code line} is the
   * {@code joined} event the player is shown, a whole JSON line without an {@code id} (the gateway
   * adds the request's).
   */
  record Joined(String room, String game, long tick, byte[] line) implements RoomProtocol {}

  /** Take a player out of a room. Answered with {@link Exited}. */
  record Exit(String room, String name) implements RoomProtocol {}

  /**
   * The player is out of {@code room} (of {@code game}) with its leaderboard {@code score}, its
   * {@code progress} in that game, and the {@code seat} to put it back at (or null).
   */
  record Exited(String room, String game, long score, byte[] progress, byte[] seat)
      implements RoomProtocol {}

  /**
   * An input of the room's game: operation {@code op} with the client's line {@code args} (a JSON
   * object, as sent). Answered with {@link Acked} once the room applied it and stored the result.
   */
  record Input(String room, String name, String op, byte[] args) implements RoomProtocol {}

  /** The input was applied at {@code tick}, which is stored. */
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
