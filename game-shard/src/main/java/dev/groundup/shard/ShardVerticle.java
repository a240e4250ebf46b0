package dev.groundup.shard;

import dev.groundup.common.Addresses;
import dev.groundup.common.cluster.ClusterNode;
import dev.groundup.common.cluster.Consumers;
import dev.groundup.common.cluster.Retries;
import dev.groundup.common.codec.WireMessage;
import dev.groundup.common.protocol.ConnRef;
import dev.groundup.common.protocol.ErrorCode;
import dev.groundup.common.protocol.GameException;
import dev.groundup.common.protocol.PlayerRecord;
import dev.groundup.common.protocol.Replies;
import dev.groundup.common.protocol.RoomProtocol.Enter;
import dev.groundup.common.protocol.RoomProtocol.Exit;
import dev.groundup.common.protocol.RoomProtocol.Input;
import dev.groundup.common.protocol.RoomProtocol.Say;
import dev.groundup.common.protocol.RoomProtocol.Watch;
import dev.groundup.common.protocol.ShardClient;
import dev.groundup.common.protocol.ShardProtocol.CheckIn;
import dev.groundup.common.protocol.ShardProtocol.Disconnect;
import dev.groundup.common.protocol.ShardProtocol.Join;
import dev.groundup.common.protocol.ShardProtocol.Leave;
import dev.groundup.common.protocol.ShardProtocol.Locate;
import dev.groundup.common.protocol.ShardProtocol.Located;
import dev.groundup.common.protocol.ShardProtocol.Login;
import dev.groundup.common.protocol.ShardProtocol.Ping;
import dev.groundup.common.protocol.ShardProtocol.Reply;
import dev.groundup.common.protocol.ShardProtocol.ShardStatus;
import dev.groundup.common.protocol.ShardProtocol.StepDown;
import dev.groundup.common.registry.ConflictRule;
import dev.groundup.common.registry.Registry;
import dev.groundup.common.registry.RegistryProtocol.NameConflict;
import dev.groundup.common.shard.RoutingMode;
import dev.groundup.common.shard.ShardNodes;
import dev.groundup.common.store.GameStore;
import dev.groundup.common.store.ShardLease;
import dev.groundup.common.store.StaleEpochException;
import dev.groundup.common.store.StoredMember;
import dev.groundup.common.store.StoredPlayer;
import dev.groundup.common.store.StoredRoom;
import dev.groundup.shard.room.RoomOutbox;
import dev.groundup.shard.room.Rooms;
import dev.groundup.shard.room.VertxTicker;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.eventbus.impl.MessageConsumerImpl;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.IntFunction;
import java.util.function.IntPredicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One virtual shard: the players whose names hash to it and the rooms whose names hash to it, all
 * on this verticle's event loop. It dispatches each message to {@link Players} or {@link Rooms};
 * neither ever blocks.
 *
 * <p>It consumes {@code groundup.shard.<id>@<node>}, the address the directory of shard nodes names
 * for it.
 *
 * <p>On start it consumes its address at once (its deployment is complete then) and, from then on,
 * holds the requests that arrive (bounded) while it waits for the shard's former owner to release
 * it, becomes the owner with the next epoch, claims the shard's stored rooms and resumes them
 * (their ticks go on from the stored tick); then it serves the held requests in the order they
 * came. Players are claimed as they are needed. Everything it stores carries its epoch; when a
 * write is refused as stale, another node owns the shard now and this one steps down. Each room it
 * runs is registered as {@code room:<name>}.
 *
 * <p><b>Handoff.</b> When it is stopped while it serves (the shard moves to another node: a node
 * joined, or this one drains), it takes no more input — requests get {@link ShardClient#MOVED}
 * naming the new owner, which the sender follows — lets its rooms apply the moves already queued
 * and store them (their acks go out), waits briefly for player operations in flight, and releases
 * the shard in the store, so the new owner starts from exactly what was acknowledged, with a pause
 * and no error.
 */
public final class ShardVerticle extends VerticleBase {

  private static final Logger log = LoggerFactory.getLogger(ShardVerticle.class);

  private final int id;
  private final ShardConfig config;
  private final ClusterNode node;
  private final ShardNodes directory;
  private final IntFunction<String> successor;
  private final IntPredicate owned;
  private final Runnable listening;
  private final Runnable serving;
  private final ArrayDeque<Message<WireMessage>> held = new ArrayDeque<>();
  private Phase phase = Phase.LOADING;
  private int inFlight;
  private Promise<Void> idle;
  private GameStore store;
  private Registry registry;
  private Players players;
  private Rooms rooms;
  private MessageConsumer<WireMessage> consumer;

  /** Test only ({@code GROUNDUP_FAULT_INJECTION}): throws when it gets a message. */
  private MessageConsumer<String> crashHook;

  private long leaseTimer = -1;
  private MessageConsumer<WireMessage> statusConsumer;
  private Runnable unsubscribe = () -> {};
  private long epoch;
  private boolean steppingDown;

  /** The verticle was stopped while it loaded. */
  private static final class Cancelled extends RuntimeException {
    Cancelled() {
      super("stopped while loading", null, false, false);
    }
  }

  /** A shard that waited for its former owner is no longer this node's to take. */
  private static final class NotTheOwner extends RuntimeException {
    NotTheOwner(int shard, String holder) {
      super("no longer this node's to take; " + holder + " keeps it", null, false, false);
    }
  }

  /** How the shard's former owner let go of it, for the metrics. */
  private enum Prior {
    /** Nobody held it, or this node did (a restart here). */
    NONE,
    /** Its former owner released it: a handoff. */
    RELEASED,
    /** Its former owner left the cluster, or did not release it in time: a takeover. */
    TAKEN_OVER
  }

  /** Where a shard verticle is in its life. */
  private enum Phase {
    /** Waiting for the former owner's release and loading: requests are held. */
    LOADING,
    SERVING,
    /** Stopped taking input, finishing what it took: requests are answered {@code MOVED}. */
    HANDING_OFF,
    /**
     * Not the owner (it stepped down, failed to start, or stopped): requests are answered {@code
     * MOVED}.
     */
    GONE
  }

  /** How many requests a loading shard holds; more are refused with {@code unavailable}. */
  static final int MAX_HELD = 10_000;

  /** How often a serving shard checks that the lease is still its own. */
  static final long LEASE_CHECK_MILLIS = 1000;

  /** How often a new owner looks whether the former owner released the shard. */
  static final long RELEASE_POLL_MILLIS = 20;

  /**
   * {@code successor} names the node that serves a shard once this one has let go of it (for {@code
   * MOVED} answers); {@code owned} says whether this node still owns a shard by its host's count (a
   * shard that waits for its former owner stops waiting when it no longer does); {@code listening}
   * runs once this verticle consumes its address, {@code serving} once it serves (or gave up
   * loading).
   */
  public ShardVerticle(
      int id,
      ShardConfig config,
      ClusterNode node,
      ShardNodes directory,
      IntFunction<String> successor,
      IntPredicate owned,
      Runnable listening,
      Runnable serving) {
    this.id = id;
    this.config = config;
    this.node = node;
    this.directory = directory;
    this.successor = successor;
    this.owned = owned;
    this.listening = listening;
    this.serving = serving;
  }

  @Override
  public Future<?> start() {
    ShardClient shards =
        new ShardClient(vertx, config.node().shardIds(), directory, config.node().requestTimeout());
    Pusher pusher = new Pusher(vertx.eventBus());
    store = new GameStore(vertx, node.hazelcast());
    registry = Registry.create(vertx, node);
    Players.Sessions sessions =
        config.node().routing() == RoutingMode.PER_CONNECTION ? this::startSession : null;
    players = new Players(id, shards, pusher, sessions, new PlayerStore());
    rooms =
        new Rooms(
            config.games(),
            new VertxTicker(vertx, context),
            new RoomOutbox() {
              @Override
              public void push(Iterable<ConnRef> targets, String room, long tick, byte[] json) {
                pusher.push(targets, room, epoch, tick, json);
              }

              @Override
              public void publish(String room, byte[] json) {
                pusher.publish(room, json);
              }
            },
            new RoomStore(),
            node.metrics().shard(id),
            this::roomCreated);
    // node-local, answered in every phase: the host asks it for the cluster status
    statusConsumer =
        vertx.eventBus().localConsumer(Addresses.shardStatus(id), m -> m.reply(status()));
    return Consumers.<WireMessage>register(
            vertx,
            Addresses.shard(id, node.nodeId()),
            this::onMessage,
            c -> {
              if (c instanceof MessageConsumerImpl<WireMessage> impl) {
                // a request that reaches this consumer after it was unregistered (the end of a
                // handoff, a race
                // of a few microseconds) is dropped by Vert.x without an answer, and its sender
                // would wait for
                // the request timeout: tell it where the shard went instead (an internal Vert.x
                // hook, 5.0.7)
                impl.discardHandler(m -> ShardClient.moved(m, successor.apply(id)));
              }
            })
        .onSuccess(
            registered -> {
              consumer = registered;
              listening.run();
              load();
            });
  }

  /**
   * After start, without holding up the deployment (a node that prepares many shards, or two nodes
   * that start at once, must not wait on each other through their supervisors): waits for the
   * former owner's release, takes the next epoch, claims and resumes the shard's rooms, then serves
   * the requests it held. A stop meanwhile cancels it (an epoch already taken is released again). A
   * failure that only says the shard cannot be owned from here now steps down; any other is a crash
   * (thrown on this context, so the supervisor restarts the verticle).
   */
  private void load() {
    long began = System.nanoTime();
    Prior[] prior = {Prior.NONE};
    awaitRelease(System.nanoTime() + config.handoff().toNanos())
        .compose(
            p -> {
              prior[0] = p;
              return loading()
                  ? store.acquire(id, node.nodeId())
                  : Future.<Long>failedFuture(new Cancelled());
            })
        .compose(
            acquired -> {
              epoch = acquired;
              return loading()
                  ? store.claimRooms(id, epoch)
                  : Future.<List<StoredRoom>>failedFuture(new Cancelled());
            })
        .compose(
            stored -> {
              if (!loading()) {
                return Future.<Void>failedFuture(new Cancelled());
              }
              rooms.resume(stored);
              GatewayWatch gateways = new GatewayWatch(node.view().snapshot());
              unsubscribe =
                  node.view()
                      .subscribe(
                          context, snapshot -> gateways.update(snapshot, players::gatewayLeft));
              if (config.faultInjection()) {
                crashHook =
                    vertx
                        .eventBus()
                        .<String>localConsumer(
                            Addresses.crashHook(id),
                            m -> {
                              // the reply tells the test which incarnation took the crash; then the
                              // handler throws
                              m.reply("epoch " + epoch);
                              throw new IllegalStateException(
                                  "fault injected into shard " + id + ": " + m.body());
                            });
              }
              log.info(
                  "Shard {} serves at epoch {} ({} rooms resumed, {} requests held) after {} ms",
                  id,
                  epoch,
                  stored.size(),
                  held.size(),
                  TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - began));
              phase = Phase.SERVING;
              switch (prior[0]) {
                case RELEASED -> node.metrics().handedIn();
                case TAKEN_OVER -> node.metrics().tookOver();
                case NONE -> {}
              }
              for (Message<WireMessage> m = held.poll(); m != null; m = held.poll()) {
                dispatch(m);
              }
              serving.run();
              leaseTimer =
                  vertx.setPeriodic(
                      LEASE_CHECK_MILLIS,
                      t -> {
                        checkLease();
                        rooms.expireWatches(System.nanoTime());
                      });
              return Future.<Void>succeededFuture();
            })
        .onFailure(
            failure -> {
              boolean cancelled = failure instanceof Cancelled;
              phase = Phase.GONE;
              refuseHeld();
              serving.run();
              if (cancelled) {
                if (epoch > 0) {
                  store.release(id, node.nodeId(), epoch);
                }
                return;
              }
              if (failure instanceof NotTheOwner
                  || GameStore.ownershipLost(failure)
                  || GameStore.storeUnreachable(failure)) {
                // not a crash: the shard cannot be owned from here right now (another node's to
                // take, no
                // quorum, a newer owner, or the store out of reach); the host retakes it when the
                // cluster lets it
                lost(failure);
                return;
              }
              throw new IllegalStateException("shard " + id + " could not be loaded", failure);
            });
  }

  /**
   * A serving shard that is no longer the lease's owner at its epoch steps down, even if it has
   * nothing to write (a write would find out too, but an idle shard never writes): two nodes that
   * started at once, each not yet seeing the other as a member, can both have taken it.
   */
  private void checkLease() {
    if (phase != Phase.SERVING || steppingDown) {
      return;
    }
    store
        .lease(id)
        .onSuccess(
            lease -> {
              boolean mine =
                  lease.isPresent()
                      && lease.get().epoch() == epoch
                      && node.nodeId().equals(lease.get().owner());
              if (!mine && phase == Phase.SERVING) {
                lost(new StaleEpochException(epoch, lease.map(ShardLease::epoch).orElse(0L)));
              }
            });
  }

  /**
   * This verticle's part of the cluster status: its phase, epoch, the sessions it holds, its rooms.
   */
  private ShardStatus status() {
    String name =
        switch (phase) {
          case LOADING -> "loading";
          case SERVING -> "serving";
          case HANDING_OFF -> "handing-off";
          case GONE -> "gone";
        };
    return new ShardStatus(id, name, epoch, players.online(), rooms.status(id));
  }

  /** Still waiting to serve, not stopped. */
  private boolean loading() {
    return phase == Phase.LOADING;
  }

  /**
   * Waits until the shard's former owner released it — or is no longer a member of the cluster, or
   * is this node — and at most until {@code deadline}: past it the shard is taken anyway, and its
   * former owner's late writes are refused by the epoch. Fails with {@link NotTheOwner} if,
   * meanwhile, this node stopped owning the shard (two nodes that start at once both prepare every
   * shard).
   */
  private Future<Prior> awaitRelease(long deadline) {
    return store
        .lease(id)
        .compose(
            lease -> {
              String owner = lease.map(ShardLease::owner).orElse(null);
              if (owner == null) {
                return Future.succeededFuture(lease.isPresent() ? Prior.RELEASED : Prior.NONE);
              }
              if (owner.equals(node.nodeId())) {
                return Future.succeededFuture(Prior.NONE);
              }
              if (!node.view().snapshot().contains(owner)) {
                return Future.succeededFuture(Prior.TAKEN_OVER);
              }
              if (!owned.test(id)) {
                return Future.failedFuture(new NotTheOwner(id, owner));
              }
              if (System.nanoTime() >= deadline) {
                log.warn(
                    "Shard {}: {} did not release it within {} ms; taking it over",
                    id,
                    owner,
                    config.handoff().toMillis());
                return Future.succeededFuture(Prior.TAKEN_OVER);
              }
              Promise<Prior> later = Promise.promise();
              vertx.setTimer(RELEASE_POLL_MILLIS, t -> awaitRelease(deadline).onComplete(later));
              return later.future();
            });
  }

  @Override
  public Future<?> stop() {
    if (phase == Phase.LOADING) {
      phase = Phase.GONE;
    }
    Future<?> handedOff =
        phase == Phase.SERVING && !steppingDown ? handOff() : Future.succeededFuture();
    return handedOff.eventually(
        () -> {
          phase = Phase.GONE;
          refuseHeld();
          unsubscribe.run();
          rooms.close(new GameException(ErrorCode.UNAVAILABLE, "the shard stopped"));
          // registered after the deployment completed, so unregistered here rather than left to the
          // undeployment (a crash hook left behind took crashes meant for the next incarnation)
          vertx.cancelTimer(leaseTimer);
          Future<Void> hook = crashHook == null ? Future.succeededFuture() : crashHook.unregister();
          return Future.join(
              consumer.unregister(), statusConsumer.unregister(), hook, registry.close());
        });
  }

  /**
   * Hands the shard to its next owner: no more input (requests are answered {@code MOVED}), the
   * rooms apply their queued moves and store them, player operations in flight finish (a join or
   * leave stores the player's progress from the room it left: releasing before that could lose it),
   * then the shard is released in the store. Each wait is bounded by the handoff timeout; past it,
   * what is not finished fails with {@code unavailable} when the verticle stops. A player operation
   * that needs a room of a shard that is itself waiting for this release (the same shard, or two
   * shards of a draining node that wait for each other) runs into that bound: a rare pause of up to
   * the handoff timeout; the operation then finishes against the new owner of the room, and its
   * player record is still stored unless the new owner of the player claimed it meanwhile (see the
   * known limits in docs/durability.md).
   */
  private Future<?> handOff() {
    phase = Phase.HANDING_OFF;
    long began = System.nanoTime();
    Future<Void> finished =
        within(rooms.finish(), config.handoff().toMillis())
            .compose(v -> within(playerOpsDone(), config.handoff().toMillis()));
    return finished
        .transform(
            done -> {
              if (done.failed()) {
                log.warn("Shard {} hands off unfinished: {}", id, done.cause().getMessage());
              }
              return store.release(id, node.nodeId(), epoch);
            })
        .onSuccess(
            released -> {
              if (Boolean.TRUE.equals(released)) {
                node.metrics().handedOff();
              }
            })
        .onComplete(
            released ->
                log.info(
                    "Shard {} handed off in {} ms (epoch {}{})",
                    id,
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - began),
                    epoch,
                    released.succeeded() && released.result()
                        ? ", released"
                        : ", not released: the next owner takes it over"));
  }

  /** Completes when no request is being worked on. */
  private Future<Void> playerOpsDone() {
    if (inFlight == 0) {
      return Future.succeededFuture();
    }
    if (idle == null) {
      idle = Promise.promise();
    }
    return idle.future();
  }

  /** {@code future}, or a failure once {@code millis} have passed. */
  private <T> Future<T> within(Future<T> future, long millis) {
    if (future.isComplete()) {
      return future;
    }
    Promise<T> bounded = Promise.promise();
    long timer =
        vertx.setTimer(
            millis,
            t -> bounded.tryFail(new TimeoutException("not done within " + millis + " ms")));
    future.onComplete(
        done -> {
          vertx.cancelTimer(timer);
          if (done.succeeded()) {
            bounded.tryComplete(done.result());
          } else {
            bounded.tryFail(done.cause());
          }
        });
    return bounded.future();
  }

  private void onMessage(Message<WireMessage> message) {
    switch (phase) {
      case SERVING -> dispatch(message);
      case LOADING -> {
        if (held.size() < MAX_HELD) {
          held.add(message);
        } else {
          Replies.fail(
              message,
              new GameException(
                  ErrorCode.UNAVAILABLE, "the shard is starting; too many waiting requests"));
        }
      }
      case HANDING_OFF, GONE -> ShardClient.moved(message, successor.apply(id));
    }
  }

  /** The held requests go where the shard is now. */
  private void refuseHeld() {
    String next = successor.apply(id);
    for (Message<WireMessage> m = held.poll(); m != null; m = held.poll()) {
      ShardClient.moved(m, next);
    }
  }

  private void dispatch(Message<WireMessage> message) {
    switch (message.body()) {
      case Login l -> answer(message, players.login(l));
      case Join j -> answer(message, players.join(j));
      case Leave l -> answer(message, players.leave(l));
      case Ping p -> message.reply(Reply.PONG);
      case Disconnect d ->
          answer(message, players.disconnect(d.name(), d.conn()).map(v -> Reply.DONE));
      case CheckIn c -> answer(message, players.checkIn(c).map(v -> Reply.DONE));
      case Locate l -> message.reply(new Located(id, node.nodeId()));
      case Enter e -> answer(message, rooms.enter(e));
      case Exit x -> answer(message, rooms.exit(x));
      case Input i -> answer(message, rooms.input(i));
      case Say s -> answer(message, rooms.say(s).map(v -> Reply.DONE));
      case Watch w -> {
        rooms.watch(w, System.nanoTime());
        message.reply(Reply.DONE);
      }
      case NameConflict c ->
          log.warn(
              "Shard {} lost the name {} to {} on {}; the shard's owner by membership keeps"
                  + " the room",
              id,
              c.name(),
              c.rivalAddress(),
              c.rivalNode());
      default ->
          Replies.fail(message, new IllegalArgumentException("unexpected " + message.body()));
    }
  }

  /** Answers {@code message} with the outcome, counting it as in flight until then. */
  private void answer(Message<WireMessage> message, Future<? extends WireMessage> outcome) {
    if (!outcome.isComplete()) {
      inFlight++;
      outcome.onComplete(
          done -> {
            if (--inFlight == 0 && idle != null) {
              idle.tryComplete();
            }
          });
    }
    Replies.answer(message, outcome);
  }

  /**
   * This node may no longer own the shard (a newer owner claimed it, or this side of the cluster
   * lost its quorum): stop serving it and let the host undeploy it.
   */
  private void lost(Throwable reason) {
    if (steppingDown) {
      return;
    }
    steppingDown = true;
    if (reason instanceof NotTheOwner) {
      log.info("Shard {} steps down: {}", id, reason.getMessage());
    } else {
      log.warn("Shard {} steps down: {}", id, reason.getMessage());
    }
    vertx.eventBus().send(Addresses.shardNode(node.nodeId()), new StepDown(id, epoch));
  }

  /**
   * A room started here: it is registered as {@code room:<name>}, owned by this shard; tried again
   * while the cluster changes and the room runs here (a room left unregistered could not be found
   * by name until it moves).
   */
  private void roomCreated(String room) {
    Retries.whileClusterChanges(
            vertx,
            "Registering room " + room,
            () ->
                registry.reregister(
                    Addresses.roomName(room),
                    Addresses.shard(id, node.nodeId()),
                    ConflictRule.KEEP_OLDEST),
            () -> phase == Phase.SERVING && rooms.runs(room))
        .onFailure(
            e -> log.warn("Room {} runs but could not be registered: {}", room, e.getMessage()));
  }

  /** Mode per-connection: a session verticle of its own for the player, on this node. */
  private Future<String> startSession(PlayerRecord record, ConnRef conn) {
    String session = Addresses.player(UUID.randomUUID().toString());
    SessionVerticle verticle =
        new SessionVerticle(session, id, epoch, record, conn, config, node, directory);
    return vertx.deployVerticle(verticle).map(deployment -> session);
  }

  /** Rooms are stored with this shard's id and epoch; a stale write means the shard is lost. */
  private final class RoomStore implements dev.groundup.shard.room.RoomStore {
    @Override
    public Future<Void> save(
        String room, String game, long tick, byte[] snapshot, List<StoredMember> members) {
      if (!config.node().durable()) {
        // GROUNDUP_UNSAFE_NO_STORE: acknowledge without storing, to show what the store prevents
        return Future.succeededFuture();
      }
      return store.putRoom(new StoredRoom(room, game, id, epoch, tick, snapshot, members));
    }

    @Override
    public void lost(Throwable reason) {
      ShardVerticle.this.lost(reason);
    }
  }

  /**
   * Players are stored with this shard's id and epoch; a stale write or claim means the shard is
   * lost.
   */
  private final class PlayerStore implements Players.Store {
    @Override
    public Future<Optional<StoredPlayer>> claim(String name) {
      return store.claimPlayer(name, epoch).onFailure(this::checkStale);
    }

    @Override
    public Future<Optional<StoredPlayer>> create(PlayerRecord record, ConnRef conn) {
      return store.createPlayer(new StoredPlayer(record, id, epoch, conn));
    }

    @Override
    public Future<Void> save(PlayerRecord record, ConnRef conn) {
      return store.putPlayer(new StoredPlayer(record, id, epoch, conn)).onFailure(this::checkStale);
    }

    private void checkStale(Throwable failure) {
      if (GameStore.ownershipLost(failure)) {
        lost(failure);
      }
    }
  }
}
