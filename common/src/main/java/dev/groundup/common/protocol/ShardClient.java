package dev.groundup.common.protocol;

import dev.groundup.common.Addresses;
import dev.groundup.common.codec.WireMessage;
import dev.groundup.common.protocol.RoomProtocol.Acked;
import dev.groundup.common.protocol.RoomProtocol.Enter;
import dev.groundup.common.protocol.RoomProtocol.Exit;
import dev.groundup.common.protocol.RoomProtocol.Exited;
import dev.groundup.common.protocol.RoomProtocol.Input;
import dev.groundup.common.protocol.RoomProtocol.Joined;
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
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The typed face of the shards for the gateway and for shards talking to each other: callers never
 * see an address or a raw event-bus message. Every request has the cluster's request timeout; a
 * failure is always a {@link GameException}: the shard's own refusal, or {@link
 * ErrorCode#UNAVAILABLE} when the owner cannot be reached (no handler, timeout, or the owner's node
 * left the cluster). A client belongs to one verticle: use it on that verticle's context only.
 */
public final class ShardClient {

  /** How many times a disconnect is told to an owner that cannot be reached. */
  static final int DISCONNECT_ATTEMPTS = 30;

  /**
   * The event-bus failure code of a shard's former owner: "not processed here, the shard moved to
   * the node this message names". Internal: a {@code ShardClient} resends, a player never sees it.
   */
  public static final int MOVED = 4900;

  private static final long MAX_BACKOFF_MILLIS = 100;

  private final Vertx vertx;
  private final EventBus bus;
  private final ShardIds ids;
  private final DeliveryOptions options;
  private final Duration timeout;
  private final ShardNodes directory;
  private final Map<String, Set<Promise<?>>> inFlight = new HashMap<>();

  public ShardClient(Vertx vertx, ShardIds ids, ShardNodes directory, Duration timeout) {
    this.vertx = vertx;
    this.directory = directory;
    this.bus = vertx.eventBus();
    this.ids = ids;
    this.timeout = timeout;
    this.options = new DeliveryOptions().setSendTimeout(timeout.toMillis());
  }

  public ShardIds ids() {
    return ids;
  }

  public Future<LoggedIn> login(String name, String token, ConnRef conn) {
    return toShard(ids.player(name), new Login(name, token, conn), LoggedIn.class);
  }

  /**
   * The operations of a logged-in player go to its session: {@code session} when it has one of its
   * own (routing mode per-connection), else (null) the shard that owns the player now.
   */
  public Future<Joined> join(String session, String name, String room, String game, ConnRef conn) {
    return toSession(session, name, new Join(name, room, game, conn), Joined.class);
  }

  public Future<Left> leave(String session, String name, ConnRef conn) {
    return toSession(session, name, new Leave(name, conn), Left.class);
  }

  public Future<Void> ping(String session, String name) {
    return toSession(session, name, new Ping(name), ShardProtocol.Reply.class).mapEmpty();
  }

  /**
   * Tells the player's owner that the connection is gone, and keeps telling it (every second, for
   * up to {@code DISCONNECT_ATTEMPTS} tries) while the owner cannot be reached, so that a takeover
   * in between does not leave the player logged in on a dead connection.
   */
  public Future<Void> disconnect(String session, String name, ConnRef conn) {
    return disconnect(session, name, conn, DISCONNECT_ATTEMPTS);
  }

  private Future<Void> disconnect(String session, String name, ConnRef conn, int attempts) {
    return toSession(session, name, new Disconnect(name, conn), ShardProtocol.Reply.class)
        .<Void>mapEmpty()
        .recover(
            failure -> {
              if (attempts <= 1 || toGameException(failure).code() != ErrorCode.UNAVAILABLE) {
                return Future.failedFuture(failure);
              }
              Promise<Void> later = Promise.promise();
              vertx.setTimer(
                  1000, t -> disconnect(session, name, conn, attempts - 1).onComplete(later));
              return later.future();
            });
  }

  /** Puts a player into a room: see {@link Enter}. */
  public Future<Joined> enter(Enter enter) {
    return toShard(ids.room(enter.room()), enter, Joined.class);
  }

  public Future<Exited> exit(String room, String name) {
    return toShard(ids.room(room), new Exit(room, name), Exited.class);
  }

  /** An input of the room's game: operation {@code op}, the client's line {@code args}. */
  public Future<Acked> input(String room, String name, String op, byte[] args) {
    return toShard(ids.room(room), new Input(room, name, op, args), Acked.class);
  }

  public Future<Void> say(String room, String name, String text) {
    return toShard(ids.room(room), new Say(room, name, text), ShardProtocol.Reply.class).mapEmpty();
  }

  /**
   * Sends a request to the node that runs virtual shard {@code shard} now. While the shard moves
   * between nodes the request follows it instead of failing: a former owner answers {@link #MOVED}
   * naming the new owner, and a node that does not serve the shard yet has no handler; both mean
   * the request was not processed, so it is sent again — to the named node, or after a short
   * backoff to the owner the directory names then — until the request timeout has passed, and only
   * then fails with {@code unavailable}. A timeout is never retried: its outcome is unknown.
   */
  public <T extends WireMessage> Future<T> toShard(int shard, WireMessage message, Class<T> type) {
    return toShard(shard, message, type, null, System.nanoTime() + timeout.toNanos(), 0);
  }

  private <T extends WireMessage> Future<T> toShard(
      int shard, WireMessage message, Class<T> type, String via, long deadline, int attempt) {
    String node = via != null ? via : directory.ownerOf(shard);
    long left = deadline - System.nanoTime();
    if (node == null) {
      return left <= 0
          ? Future.failedFuture(
              new GameException(ErrorCode.UNAVAILABLE, "no shard node is serving right now"))
          : later(attempt, () -> toShard(shard, message, type, null, deadline, attempt + 1));
    }
    DeliveryOptions sendOptions =
        attempt == 0
            ? options
            : new DeliveryOptions()
                .setSendTimeout(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
    return request(Addresses.shard(shard, node), node, message, type, sendOptions)
        .recover(
            failure -> {
              if (!notProcessed(failure) || System.nanoTime() >= deadline) {
                return Future.failedFuture(toGameException(failure));
              }
              String movedTo = movedTo(failure);
              if (movedTo != null && !movedTo.equals(node)) {
                // the first hop at once; later ones back off, so that two nodes that name each
                // other while
                // their views differ cannot bounce a request at full speed until its deadline
                return attempt == 0
                    ? toShard(shard, message, type, movedTo, deadline, 1)
                    : later(
                        attempt,
                        () -> toShard(shard, message, type, movedTo, deadline, attempt + 1));
              }
              return later(
                  attempt, () -> toShard(shard, message, type, null, deadline, attempt + 1));
            });
  }

  /**
   * Runs {@code next} after a backoff that grows with {@code attempt}: 10, 20, 40, 80, then 100 ms.
   */
  private <T> Future<T> later(int attempt, Supplier<Future<T>> next) {
    Promise<T> result = Promise.promise();
    long delay = Math.min(MAX_BACKOFF_MILLIS, 10L << Math.min(attempt, 4));
    vertx.setTimer(delay, t -> next.get().onComplete(result));
    return result.future();
  }

  /** Whether a failed request certainly did not reach a shard that processed it. */
  private static boolean notProcessed(Throwable failure) {
    return failure instanceof ReplyException r
        && (r.failureType() == ReplyFailure.NO_HANDLERS
            || (r.failureType() == ReplyFailure.RECIPIENT_FAILURE && r.failureCode() == MOVED));
  }

  /** The node a {@link #MOVED} answer names, or null. */
  private static String movedTo(Throwable failure) {
    if (failure instanceof ReplyException r
        && r.failureType() == ReplyFailure.RECIPIENT_FAILURE
        && r.failureCode() == MOVED
        && r.getMessage() != null
        && !r.getMessage().isEmpty()) {
      return r.getMessage();
    }
    return null;
  }

  /**
   * Answers a request that a node no longer (or not yet) serves: {@link #MOVED}, naming the node
   * that serves the shard now, or none if it is not known ({@code null}).
   */
  public static void moved(Message<?> message, String node) {
    message.fail(MOVED, node == null ? "" : node);
  }

  private <T extends WireMessage> Future<T> toSession(
      String session, String name, WireMessage message, Class<T> type) {
    return session == null
        ? toShard(ids.player(name), message, type)
        : request(session, message, type);
  }

  /** Sends any request and expects a reply of type {@code type}. */
  public <T extends WireMessage> Future<T> request(
      String address, WireMessage message, Class<T> type) {
    return bus.<WireMessage>request(address, message, options)
        .recover(ShardClient::asGameFailure)
        .map(answer -> type.cast(answer.body()));
  }

  /**
   * A request to {@code address}, served by {@code node}: it fails at once if that node leaves. A
   * failure is left as the event bus gave it (the caller decides whether to resend).
   */
  private <T extends WireMessage> Future<T> request(
      String address,
      String node,
      WireMessage message,
      Class<T> type,
      DeliveryOptions sendOptions) {
    Future<T> reply =
        bus.<WireMessage>request(address, message, sendOptions)
            .map(answer -> type.cast(answer.body()));
    // the request also fails as soon as the node that serves it leaves, instead of at its timeout
    Promise<T> answered = Promise.promise();
    Set<Promise<?>> pending = inFlight.computeIfAbsent(node, n -> new HashSet<>());
    pending.add(answered);
    reply.onComplete(answered::tryComplete, answered::tryFail);
    return answered
        .future()
        .onComplete(
            done -> {
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
      GameException gone =
          new GameException(ErrorCode.UNAVAILABLE, "the owner left the cluster; retry");
      List.copyOf(pending).forEach(p -> p.tryFail(gone));
    }
  }

  private static <T> Future<T> asGameFailure(Throwable failure) {
    return Future.failedFuture(toGameException(failure));
  }

  /** A refusal as it crossed the bus: a game's own code comes in front of its message. */
  private static GameException refusal(ErrorCode code, String message) {
    if (code != ErrorCode.REFUSED) {
      return new GameException(code, message);
    }
    String text = message == null ? "" : message;
    int space = text.indexOf(' ');
    return space < 0
        ? GameException.refused(text.isEmpty() ? "refused" : text, "")
        : GameException.refused(text.substring(0, space), text.substring(space + 1));
  }

  /** The protocol error for a failed request. */
  public static GameException toGameException(Throwable failure) {
    if (failure instanceof GameException g) {
      return g;
    }
    if (failure instanceof ReplyException r) {
      if (r.failureType() == ReplyFailure.RECIPIENT_FAILURE && r.failureCode() == MOVED) {
        return new GameException(
            ErrorCode.UNAVAILABLE, "the shard is moving to another node; retry");
      }
      return switch (r.failureType()) {
        case RECIPIENT_FAILURE ->
            ErrorCode.fromBusCode(r.failureCode())
                .map(code -> refusal(code, r.getMessage()))
                .orElseGet(
                    () ->
                        new GameException(
                            ErrorCode.UNAVAILABLE, "the owner failed: " + r.getMessage()));
        case TIMEOUT ->
            new GameException(ErrorCode.UNAVAILABLE, "the owner did not answer in time");
        case NO_HANDLERS ->
            new GameException(ErrorCode.UNAVAILABLE, "the owner cannot be reached right now");
        default ->
            new GameException(ErrorCode.UNAVAILABLE, "the owner cannot be reached right now");
      };
    }
    return new GameException(ErrorCode.UNAVAILABLE, "the owner cannot be reached right now");
  }
}
