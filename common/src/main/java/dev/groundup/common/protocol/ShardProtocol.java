package dev.groundup.common.protocol;

import dev.groundup.common.codec.WireMessage;
import dev.groundup.common.protocol.RoomProtocol.Joined;
import java.util.List;

/**
 * What the gateway asks of the player's owner: the {@code ShardVerticle} of the player's virtual
 * shard, or in routing mode {@code per-connection} the player's own session verticle. Commands are
 * imperative, replies are nouns or past participles.
 */
public sealed interface ShardProtocol extends WireMessage {

  /**
   * Log in, creating the player if the name is new. {@code token} is null when the client sent
   * none.
   */
  record Login(String name, String token, ConnRef conn) implements ShardProtocol {
    /** Without the token, which must never reach a log line. */
    @Override
    public String toString() {
      return "Login[name="
          + name
          + ", token="
          + (token == null ? "none" : "***")
          + ", conn="
          + conn
          + "]";
    }
  }

  /**
   * The login succeeded. {@code session} is the address the gateway sends this player's later
   * operations to when the player has a session verticle of its own (routing mode per-connection),
   * else null: they go to whichever node owns the player's shard then. {@code shard} is the virtual
   * shard that owns the player. {@code room} is the room the player is back in, as it sees it on
   * entering (the same snapshot a {@code join} answers with), when the player was in a room when
   * its last session ended or is still in one on an older connection; null when it is in no room.
   */
  record LoggedIn(String name, String token, int shard, String session, Joined room)
      implements ShardProtocol {
    /** Without the token, which must never reach a log line. */
    @Override
    public String toString() {
      return "LoggedIn[name="
          + name
          + ", token=***, shard="
          + shard
          + ", session="
          + session
          + ", room="
          + room
          + "]";
    }
  }

  /**
   * Join a room, leaving the current one first; {@code game} is the game the player asks for (a new
   * room is made of it; an existing room must play it), or null for whatever the room plays (a new
   * room: the node's default game).
   */
  record Join(String name, String room, String game, ConnRef conn) implements ShardProtocol {}

  /** Leave the current room. */
  record Leave(String name, ConnRef conn) implements ShardProtocol {}

  /** The player left {@code room}. */
  record Left(String room) implements ShardProtocol {}

  /** Round trip through the player's owner. */
  record Ping(String name) implements ShardProtocol {}

  /**
   * The connection is gone: end the session if it still belongs to {@code conn}. Sent, not
   * requested.
   */
  record Disconnect(String name, ConnRef conn) implements ShardProtocol {}

  /**
   * A session verticle (routing mode {@code per-connection}) hands its player back to the shard
   * that owns the record when the session ends.
   */
  record CheckIn(PlayerRecord record, String session) implements ShardProtocol {}

  /**
   * End a player's session verticle (routing mode {@code per-connection}): kick its connection with
   * {@code reason}, take the player out of its room, and answer with {@link CheckIn}.
   */
  record EndSession(String reason) implements ShardProtocol {}

  /** Which node runs this shard? Answered with {@link Located}. */
  record Locate(int shard) implements ShardProtocol {}

  /** Shard {@code shard} runs on node {@code node}. */
  record Located(int shard, String node) implements ShardProtocol {}

  /**
   * Told by a shard verticle to its own node's host: it lost shard {@code shard} (its epoch is
   * stale) and is to be undeployed.
   */
  record StepDown(int shard, long epoch) implements ShardProtocol {}

  /**
   * Told by a shard node to the other shard nodes' hosts ({@code groundup.shardnode.<node>}) when
   * it is about to join the group {@code shards} ({@code joining}) or to leave it on a drain (not
   * {@code joining}): count {@code node} in, or out, now — without waiting for the group change to
   * reach you — so the shards that move start their handoff at once. Answered {@link Reply#DONE}
   * once the shards that come to the recipient listen on their addresses.
   */
  record Membership(String node, boolean joining) implements ShardProtocol {}

  /**
   * Asked of a node. {@code SHARDS}, of a shard node ({@code groundup.shardnode.<node>}): which
   * shards does it run ({@link NodeShards})? {@code STATUS}, of a shard node's host or of a gateway
   * node's first inbox ({@code groundup.gateway.<node>.0}): its {@link NodeStatus}, for the cluster
   * status. {@code INSTANCE_STATUS}, of one gateway verticle's inbox (or, node-local, of one shard
   * verticle at {@code groundup.shardstatus.<id>}): its own part ({@link NodeStatus}, {@link
   * ShardStatus}).
   */
  enum NodeQuery implements ShardProtocol {
    SHARDS,
    STATUS,
    INSTANCE_STATUS
  }

  /**
   * A room as the cluster status shows it: its virtual shard, its players, and how late its last
   * tick ran compared to its schedule ({@code tickLagMs}, 0 for a room that does not tick now).
   */
  record RoomStatus(String room, int shard, List<String> players, long tickLagMs, String game)
      implements ShardProtocol {
    public RoomStatus {
      players = List.copyOf(players);
    }
  }

  /** A shard verticle in a phase other than serving: {@code "loading"} or {@code "handing-off"}. */
  record ShardPhase(int shard, String phase) implements ShardProtocol {}

  /**
   * One shard verticle's part of its node's status: its phase ({@code loading}, {@code serving},
   * {@code handing-off}, {@code gone}), epoch, the players whose sessions it holds, and its rooms.
   */
  record ShardStatus(int shard, String phase, long epoch, int players, List<RoomStatus> rooms)
      implements ShardProtocol {
    public ShardStatus {
      rooms = List.copyOf(rooms);
    }
  }

  /**
   * A node's part of the cluster status. {@code players}: at a gateway, its connections that are
   * logged in; at a shard node, the players whose sessions its shards hold (logged in, with a
   * connection). {@code rooms}: the rooms its shards run in memory (none at a gateway). {@code
   * handoffs}: its shard verticles that are loading or handing off.
   */
  record NodeStatus(String node, int players, List<RoomStatus> rooms, List<ShardPhase> handoffs)
      implements ShardProtocol {
    public NodeStatus {
      rooms = List.copyOf(rooms);
      handoffs = List.copyOf(handoffs);
    }
  }

  /** The virtual shards that {@code node} runs now. */
  record NodeShards(String node, List<Integer> shards) implements ShardProtocol {
    public NodeShards {
      shards = List.copyOf(shards);
    }
  }

  /** Answers that carry nothing. */
  enum Reply implements ShardProtocol {
    PONG,
    DONE
  }
}
