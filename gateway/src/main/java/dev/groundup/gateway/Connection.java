package dev.groundup.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import dev.groundup.common.protocol.ConnRef;
import dev.groundup.common.protocol.ErrorCode;
import dev.groundup.common.protocol.GameException;
import dev.groundup.common.protocol.RoomProtocol.Joined;
import dev.groundup.common.protocol.Score;
import dev.groundup.common.protocol.ShardClient;
import dev.groundup.common.wire.Events;
import dev.groundup.gateway.ClientCodec.Invalid;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetSocket;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One player's TCP connection: framing, limits, login state, and the routing of each operation to
 * the player's session (its shard) or its room's shard. Lives on the event loop of the gateway
 * verticle that accepted it; answers are written as their futures complete, so they may come in a
 * different order than the requests (each carries its {@code id}).
 *
 * <p>The connection closes only for {@code quit}, abuse, idle (also: no login in time), shutdown,
 * {@code replaced}, or a client that stops reading while output piles up.
 */
final class Connection implements LineFramer.Sink {

  private static final Logger log = LoggerFactory.getLogger(Connection.class);

  /** Operations that may wait behind a login, join, leave or quit; more are refused. */
  private static final int MAX_QUEUED = 128;

  /**
   * Events of a room being joined (or resumed by a login), held until {@code joined} is written;
   * more dropped.
   */
  private static final int MAX_HELD_EVENTS = 64;

  private final NetSocket socket;
  private final ConnRef ref;
  private final GatewayConfig.Limits limits;
  private final ShardClient shards;
  private final ClientCodec codec;
  private final Owner owner;
  private final LineFramer framer;
  private final TokenBucket bucket;
  private final InFlight load;

  private final long connectedAt;
  private long lastInput;
  private long lineStarted = -1;
  private int errorsInRow;
  private boolean closed;
  private final ArrayDeque<ClientCodec.Decoded> queue = new ArrayDeque<>(4);
  private int inFlight;
  private boolean barrierRunning;
  private String name;
  private String session;
  private String room;
  private String joining;

  /** A login is waiting for its answer: it may put the player back into a room not known yet. */
  private boolean loggingIn;

  private long roomTick;
  private long roomEpoch;
  private List<Held> held;

  /**
   * An event of the room being joined (or, during a login, of any room: the one the player is put
   * back into is not known yet), kept until {@code joined} has been written.
   */
  private record Held(String room, long epoch, long tick, byte[] json) {}

  /**
   * Who holds the connection: told when it logs in and when it is gone, and asked for the
   * leaderboard.
   */
  interface Owner {
    void loggedIn(Connection connection, String name);

    void closed(Connection connection);

    /** An error event went to the player (for the metrics). */
    /** {@code code} as the client got it: the protocol's, or a game's own. */
    void errorSent(String code);

    Future<List<Score>> top(int n);
  }

  Connection(
      NetSocket socket,
      ConnRef ref,
      GatewayConfig.Limits limits,
      ShardClient shards,
      ClientCodec codec,
      Owner owner,
      InFlight load,
      long now) {
    this.socket = socket;
    this.codec = codec;
    this.ref = ref;
    this.limits = limits;
    this.shards = shards;
    this.owner = owner;
    this.load = load;
    this.framer = new LineFramer(limits.maxLineBytes());
    this.bucket = new TokenBucket(limits.ratePerSecond(), limits.rateBurst(), now);
    this.connectedAt = now;
    this.lastInput = now;
  }

  long id() {
    return ref.id();
  }

  /** The player logged in on this connection, or null. */
  String name() {
    return name;
  }

  void start() {
    socket.setWriteQueueMaxSize(limits.maxPendingOutput());
    socket.handler(this::onData);
    socket.closeHandler(v -> onClose());
    socket.exceptionHandler(e -> log.debug("Connection {} failed: {}", ref.id(), e.getMessage()));
    socket.shutdownHandler(v -> bye("shutdown"));
    write(Events.hello(1));
  }

  private void onData(Buffer data) {
    long now = System.nanoTime();
    lastInput = now;
    byte[] bytes = data.getBytes();
    framer.feed(bytes, bytes.length, this);
    lineStarted = framer.inLine() ? (lineStarted < 0 ? now : lineStarted) : -1;
  }

  @Override
  public void line(byte[] bytes, int length) {
    if (closed || length == 0) {
      return;
    }
    // decoded first (a line is at most a few KiB) so that a refusal can carry the request's id
    ClientCodec.Decoded decoded = codec.decode(bytes, length);
    if (!bucket.tryTake(System.nanoTime())) {
      JsonNode id = decoded instanceof ClientOp op ? op.id() : ((Invalid) decoded).id();
      error(
          ErrorCode.RATE_LIMITED,
          "too many messages: at most "
              + limits.ratePerSecond()
              + " a second, bursts of "
              + limits.rateBurst(),
          id);
      return;
    }
    submit(decoded);
  }

  @Override
  public void tooLong() {
    if (!closed) {
      error(
          ErrorCode.TOO_LONG,
          "line longer than " + limits.maxLineBytes() + " bytes; the rest of it is skipped",
          null);
    }
  }

  /**
   * Runs operations in the order they arrived where order matters: {@code login}, {@code join},
   * {@code leave} and {@code quit} wait for every earlier operation to finish, and everything after
   * them waits for them. Moves, says, pings and tops in between run concurrently.
   */
  private void submit(ClientCodec.Decoded op) {
    if (queue.size() >= MAX_QUEUED) {
      error(
          ErrorCode.RATE_LIMITED,
          "too many operations waiting",
          op instanceof ClientOp c ? c.id() : null);
      return;
    }
    queue.add(op);
    pump();
  }

  private void pump() {
    while (!closed && !queue.isEmpty() && !barrierRunning) {
      boolean barrier = isBarrier(queue.peek());
      if (barrier && inFlight > 0) {
        return;
      }
      ClientCodec.Decoded op = queue.poll();
      boolean remote = goesToTheCluster(op);
      if (remote && !load.tryAcquire()) {
        error(
            ErrorCode.UNAVAILABLE,
            "the server is overloaded ("
                + load.max()
                + " requests waiting on this gateway "
                + "loop); retry later",
            op instanceof ClientOp c ? c.id() : null);
        continue;
      }
      inFlight++;
      barrierRunning = barrier;
      run(op)
          .onComplete(
              done -> {
                if (remote) {
                  load.release();
                }
                inFlight--;
                if (barrier) {
                  barrierRunning = false;
                }
                pump();
              });
    }
  }

  /**
   * Whether the operation waits for the cluster (and so counts against the gateway's {@link
   * InFlight} bound).
   */
  private boolean goesToTheCluster(ClientCodec.Decoded op) {
    return op instanceof ClientOp.Login
        || (op instanceof ClientOp && !(op instanceof ClientOp.Quit) && name != null);
  }

  private static boolean isBarrier(ClientCodec.Decoded op) {
    return op instanceof ClientOp.Login
        || op instanceof ClientOp.Join
        || op instanceof ClientOp.Leave
        || op instanceof ClientOp.Quit;
  }

  private Future<?> run(ClientCodec.Decoded decoded) {
    return switch (decoded) {
      case Invalid bad -> done(() -> error(bad.code(), bad.message(), bad.id()));
      case ClientOp.Login l -> login(l);
      case ClientOp.Quit q -> done(() -> bye("quit"));
      case ClientOp op when name == null ->
          done(() -> error(ErrorCode.NOT_LOGGED_IN, "log in first", op.id()));
      case ClientOp.Join j -> join(j);
      case ClientOp.Input in ->
          inRoom(
              in.id(),
              r ->
                  shards
                      .input(r, name, in.op(), in.line())
                      .onSuccess(
                          acked ->
                              succeeded(
                                  in.id() == null ? null : Events.ack(acked.tick(), in.id()))));
      case ClientOp.Say s ->
          inRoom(s.id(), r -> shards.say(r, name, s.text()).onSuccess(v -> succeeded(null)));
      case ClientOp.Leave l ->
          answer(
              l.id(),
              shards.leave(session, name, ref),
              left -> {
                if (left.room().equals(room)) {
                  room = null;
                }
                return Events.left(left.room(), l.id());
              });
      case ClientOp.Ping p -> answer(p.id(), shards.ping(session, name), v -> Events.pong(p.id()));
      case ClientOp.Top t -> answer(t.id(), owner.top(t.n()), scores -> Events.top(scores, t.id()));
    };
  }

  private static Future<?> done(Runnable action) {
    action.run();
    return Future.succeededFuture();
  }

  /**
   * Logs in. A player that comes back into the room it was in (its last session ended there, or the
   * connection this login replaces is in it) gets {@code welcome} naming the room, then {@code
   * joined} for it (without an id: the client did not ask for it), then the room's events.
   */
  private Future<?> login(ClientOp.Login l) {
    if (name != null) {
      return done(() -> error(ErrorCode.BAD_REQUEST, "already logged in as " + name, l.id()));
    }
    loggingIn = true;
    held = null;
    return shards
        .login(l.name(), l.token(), ref)
        .onComplete(
            loggedIn -> {
              loggingIn = false;
              List<Held> events = held;
              held = null;
              if (closed) {
                shards.disconnect(loggedIn.session(), loggedIn.name(), ref);
                owner.closed(this);
                return;
              }
              name = loggedIn.name();
              session = loggedIn.session();
              Joined resumed = loggedIn.room();
              succeeded(
                  Events.welcome(
                      loggedIn.name(),
                      loggedIn.token(),
                      loggedIn.shard(),
                      resumed == null ? null : resumed.room(),
                      l.id()));
              if (resumed != null) {
                entered(resumed, null, events);
              }
              owner.loggedIn(this, name);
            },
            failure -> {
              loggingIn = false;
              held = null;
              failed(failure, l.id());
            });
  }

  private Future<?> join(ClientOp.Join j) {
    joining = j.room();
    held = null;
    return shards
        .join(session, name, j.room(), j.game(), ref)
        .onComplete(
            joined -> {
              joining = null;
              List<Held> events = held;
              held = null;
              entered(joined, j.id(), events);
            },
            failure -> {
              joining = null;
              held = null;
              failed(failure, j.id());
            });
  }

  /**
   * The player is in {@code joined}'s room: writes {@code joined} (with {@code id} if it answers a
   * {@code join}), then the room's events that arrived meanwhile.
   */
  private void entered(Joined joined, JsonNode id, List<Held> events) {
    room = joined.room();
    roomTick = joined.tick();
    roomEpoch = 0;
    succeeded(Events.withId(joined.line(), id));
    if (events != null) {
      events.forEach(e -> deliver(e.room(), e.epoch(), e.tick(), e.json()));
    }
  }

  private Future<?> inRoom(JsonNode id, Function<String, Future<?>> op) {
    if (room == null) {
      return done(() -> error(ErrorCode.NOT_IN_ROOM, "join a room first", id));
    }
    return op.apply(room).onFailure(failure -> failed(failure, id));
  }

  private <T> Future<T> answer(JsonNode id, Future<T> outcome, Function<T, byte[]> event) {
    return outcome.onComplete(
        value -> succeeded(event.apply(value)), failure -> failed(failure, id));
  }

  /**
   * An event pushed by a room, from the shard owner of {@code epoch} at its tick {@code tick}.
   * Events of a room this connection is not in are dropped, and so are events from an older owner
   * than one already shown and events older than the newest tick already shown (late pushes from a
   * former owner that was frozen or cut off): what a player sees never goes back.
   */
  void deliver(String eventRoom, long epoch, long tick, byte[] json) {
    if (closed) {
      return;
    }
    if (eventRoom.equals(room)) {
      if (epoch >= roomEpoch && tick >= roomTick) {
        roomEpoch = epoch;
        roomTick = tick;
        write(json);
      }
    } else if (eventRoom.equals(joining) || loggingIn) {
      if (held == null) {
        held = new ArrayList<>();
      }
      if (held.size() < MAX_HELD_EVENTS) {
        held.add(new Held(eventRoom, epoch, tick, json));
      }
    }
  }

  /** Closes the connection with {@code {"ev":"bye","reason":reason}}. */
  void bye(String reason) {
    if (closed) {
      return;
    }
    closed = true;
    socket.end(Buffer.buffer(Events.bye(reason)));
  }

  /**
   * Enforces the idle limit, the login time limit (no login answered or waiting) and the
   * unterminated-line limit; called about once a second.
   */
  void sweep(long now) {
    if (closed) {
      return;
    }
    if (lineStarted >= 0 && now - lineStarted > limits.lineTimeout().toNanos()) {
      bye("abuse");
    } else if (now - lastInput > limits.idle().toNanos()) {
      bye("idle");
    } else if (name == null && !loggingIn && now - connectedAt > limits.loginTimeout().toNanos()) {
      bye("idle");
    }
  }

  private void succeeded(byte[] event) {
    errorsInRow = 0;
    if (event != null) {
      write(event);
    }
  }

  private void failed(Throwable failure, JsonNode id) {
    GameException e = ShardClient.toGameException(failure);
    error(e.code(), e.wire(), e.getMessage(), id);
  }

  private void error(ErrorCode code, String message, JsonNode id) {
    error(code, code.wire(), message, id);
  }

  /** An error with {@code wire} as its code (a game's own for {@link ErrorCode#REFUSED}). */
  private void error(ErrorCode code, String wire, String message, JsonNode id) {
    if (closed) {
      return;
    }
    write(Events.error(wire, message, id));
    owner.errorSent(wire);
    if (code != ErrorCode.UNAVAILABLE && ++errorsInRow >= limits.abuseErrors()) {
      bye("abuse");
    }
  }

  private void write(byte[] line) {
    if (closed) {
      return;
    }
    socket.write(Buffer.buffer(line));
    if (socket.writeQueueFull()) {
      log.info(
          "Connection {} ({}) does not read: cut off with {} bytes pending",
          ref.id(),
          name,
          limits.maxPendingOutput());
      closed = true;
      socket.close();
    }
  }

  private void onClose() {
    closed = true;
    if (name != null) {
      shards
          .disconnect(session, name, ref)
          .onFailure(
              e ->
                  log.warn(
                      "Player {} disconnected but its owner was not told: {}",
                      name,
                      e.getMessage()));
    }
    owner.closed(this);
  }
}
