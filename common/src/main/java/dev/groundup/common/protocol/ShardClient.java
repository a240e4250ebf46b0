package dev.groundup.common.protocol;

import dev.groundup.common.Addresses;
import dev.groundup.common.codec.WireMessage;
import dev.groundup.common.protocol.RoomProtocol.Acked;
import dev.groundup.common.protocol.RoomProtocol.Enter;
import dev.groundup.common.protocol.RoomProtocol.Exit;
import dev.groundup.common.protocol.RoomProtocol.Exited;
import dev.groundup.common.protocol.RoomProtocol.Joined;
import dev.groundup.common.protocol.RoomProtocol.Move;
import dev.groundup.common.protocol.RoomProtocol.Say;
import dev.groundup.common.protocol.ShardProtocol.Disconnect;
import dev.groundup.common.protocol.ShardProtocol.Join;
import dev.groundup.common.protocol.ShardProtocol.Leave;
import dev.groundup.common.protocol.ShardProtocol.Left;
import dev.groundup.common.protocol.ShardProtocol.LoggedIn;
import dev.groundup.common.protocol.ShardProtocol.Login;
import dev.groundup.common.protocol.ShardProtocol.Ping;
import dev.groundup.common.shard.ShardIds;
import dev.groundup.common.shard.ShardNodes;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.ReplyException;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The typed face of the shards for the gateway and for shards talking to each other: callers never
 * see an address or a raw event-bus message. Every request has the cluster's request timeout; a
 * failure is always a {@link GameException}: the shard's own refusal, or {@link ErrorCode#UNAVAILABLE}
 * when the owner cannot be reached (no handler, timeout, or the owner's node left the cluster). A
 * client belongs to one verticle: use it on that verticle's context only.
 */
public final class ShardClient {

  /** How many times a disconnect is told to an owner that cannot be reached. */
  static final int DISCONNECT_ATTEMPTS = 30;

  private final Vertx vertx;
  private final EventBus bus;
  private final ShardIds ids;
  private final DeliveryOptions options;
  private final ShardNodes directory;
  private final Map<String, Set<Promise<?>>> inFlight = new HashMap<>();

  public ShardClient(Vertx vertx, ShardIds ids, ShardNodes directory, Duration timeout) {
    this.vertx = vertx;
    this.directory = directory;
    this.bus = vertx.eventBus();
    this.ids = ids;
    this.options = new DeliveryOptions().setSendTimeout(timeout.toMillis());
  }

  public ShardIds ids() {
    return ids;
  }

  public Future<LoggedIn> login(String name, String token, ConnRef conn) {
    return toShard(ids.player(name), new Login(name, token, conn), LoggedIn.class);
  }

  /**
   * The operations of a logged-in player go to its session: {@code session} when it has one of its own
   * (routing mode per-connection), else (null) the shard that owns the player now.
   */
  public Future<Joined> join(String session, String name, String room, ConnRef conn) {
    return toSession(session, name, new Join(name, room, conn), Joined.class);
  }

  public Future<Left> leave(String session, String name, ConnRef conn) {
    return toSession(session, name, new Leave(name, conn), Left.class);
  }

  public Future<Void> ping(String session, String name) {
    return toSession(session, name, new Ping(name), ShardProtocol.Reply.class).mapEmpty();
  }

  /**
   * Tells the player's owner that the connection is gone, and keeps telling it (every second, for up
   * to {@code DISCONNECT_ATTEMPTS} tries) while the owner cannot be reached, so that a takeover in
   * between does not leave the player logged in on a dead connection.
   */
  public Future<Void> disconnect(String session, String name, ConnRef conn) {
    return disconnect(session, name, conn, DISCONNECT_ATTEMPTS);
  }

  private Future<Void> disconnect(String session, String name, ConnRef conn, int attempts) {
    return toSession(session, name, new Disconnect(name, conn), ShardProtocol.Reply.class).<Void>mapEmpty()
        .recover(failure -> {
          if (attempts <= 1 || toGameException(failure).code() != ErrorCode.UNAVAILABLE) {
            return Future.failedFuture(failure);
          }
          Promise<Void> later = Promise.promise();
          vertx.setTimer(1000, t -> disconnect(session, name, conn, attempts - 1).onComplete(later));
          return later.future();
        });
  }

  public Future<Joined> enter(String room, String name, long score, long steps, ConnRef conn, Cell at) {
    return toShard(ids.room(room), new Enter(room, name, score, steps, conn, at), Joined.class);
  }

  public Future<Exited> exit(String room, String name) {
    return toShard(ids.room(room), new Exit(room, name), Exited.class);
  }

  public Future<Acked> move(String room, String name, Dir dir) {
    return toShard(ids.room(room), new Move(room, name, dir), Acked.class);
  }

  public Future<Void> say(String room, String name, String text) {
    return toShard(ids.room(room), new Say(room, name, text), ShardProtocol.Reply.class).mapEmpty();
  }

  /** Sends a request to the node that runs virtual shard {@code shard} now. */
  public <T extends WireMessage> Future<T> toShard(int shard, WireMessage message, Class<T> type) {
    String node = directory.ownerOf(shard);
    if (node == null) {
      return Future.failedFuture(new GameException(ErrorCode.UNAVAILABLE, "no shard node is serving right now"));
    }
    return request(Addresses.shard(shard, node), node, message, type);
  }

  private <T extends WireMessage> Future<T> toSession(String session, String name, WireMessage message,
      Class<T> type) {
    return session == null ? toShard(ids.player(name), message, type) : request(session, message, type);
  }

  /** Sends any request and expects a reply of type {@code type}. */
  public <T extends WireMessage> Future<T> request(String address, WireMessage message, Class<T> type) {
    return request(address, null, message, type);
  }

  /** A request to {@code address}, served by {@code node} if known: it fails at once if that node leaves. */
  private <T extends WireMessage> Future<T> request(String address, String node, WireMessage message, Class<T> type) {
    Future<T> reply = bus.<WireMessage>request(address, message, options)
        .recover(ShardClient::asGameFailure)
        .map(answer -> type.cast(answer.body()));
    if (node == null) {
      return reply;
    }
    // the request also fails as soon as the node that serves it leaves, instead of at its timeout
    Promise<T> answered = Promise.promise();
    Set<Promise<?>> pending = inFlight.computeIfAbsent(node, n -> new HashSet<>());
    pending.add(answered);
    reply.onComplete(answered::tryComplete, answered::tryFail);
    return answered.future().onComplete(done -> {
      pending.remove(answered);
      if (pending.isEmpty()) {
        inFlight.remove(node, pending);
      }
    });
  }

  /** A node left the cluster: its requests still waiting fail with {@code unavailable} now. */
  public void nodeLeft(String node) {
    Set<Promise<?>> pending = inFlight.remove(node);
    if (pending != null) {
      GameException gone = new GameException(ErrorCode.UNAVAILABLE, "the owner left the cluster; retry");
      List.copyOf(pending).forEach(p -> p.tryFail(gone));
    }
  }

  private static <T> Future<T> asGameFailure(Throwable failure) {
    return Future.failedFuture(toGameException(failure));
  }

  /** The protocol error for a failed request. */
  public static GameException toGameException(Throwable failure) {
    if (failure instanceof GameException g) {
      return g;
    }
    if (failure instanceof ReplyException r) {
      return switch (r.failureType()) {
        case RECIPIENT_FAILURE -> ErrorCode.fromBusCode(r.failureCode())
            .map(code -> new GameException(code, r.getMessage()))
            .orElseGet(() -> new GameException(ErrorCode.UNAVAILABLE, "the owner failed: " + r.getMessage()));
        case TIMEOUT -> new GameException(ErrorCode.UNAVAILABLE, "the owner did not answer in time");
        case NO_HANDLERS -> new GameException(ErrorCode.UNAVAILABLE, "the owner cannot be reached right now");
        default -> new GameException(ErrorCode.UNAVAILABLE, "the owner cannot be reached right now");
      };
    }
    return new GameException(ErrorCode.UNAVAILABLE, "the owner cannot be reached right now");
  }
}
