package dev.groundup.shard.room;

import dev.groundup.common.metrics.ShardMeters;
import dev.groundup.common.protocol.ConnRef;
import dev.groundup.common.protocol.ErrorCode;
import dev.groundup.common.protocol.GameException;
import dev.groundup.common.protocol.Progress;
import dev.groundup.common.protocol.RoomProtocol.Acked;
import dev.groundup.common.protocol.RoomProtocol.Enter;
import dev.groundup.common.protocol.RoomProtocol.Exited;
import dev.groundup.common.protocol.RoomProtocol.Joined;
import dev.groundup.common.protocol.ShardProtocol.RoomStatus;
import dev.groundup.common.store.StoredMember;
import dev.groundup.common.wire.Events;
import dev.groundup.common.wire.JsonArgs;
import dev.groundup.game.Args;
import dev.groundup.game.Effects;
import dev.groundup.game.Input;
import dev.groundup.game.Joining;
import dev.groundup.game.Leaving;
import dev.groundup.game.Limits;
import dev.groundup.game.Refusal;
import dev.groundup.game.Room;
import dev.groundup.game.View;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One room this shard runs: the game's {@link Room}, the engine's side of its members (their
 * connections, leaderboard scores and inputs waiting to be applied), its tick, and its {@link
 * StorePipeline}. Every call comes from the shard verticle's event loop.
 *
 * <p>A room with a tick rate ticks on a periodic timer while it has members (or something left to
 * store, or a handoff to finish); a turn-based one never ticks: it stores right after the calls
 * that changed it, once per event-loop turn, and its tick counts those writes. An input gets its
 * {@code ack} once the write that holds it is stored, at that write's tick.
 */
final class HostedRoom implements StorePipeline.Room {

  /**
   * How soon a turn-based room tries a failed write again (a ticking room retries at its next
   * tick).
   */
  static final long RETRY_MILLIS = 50;

  private static final Logger log = LoggerFactory.getLogger(HostedRoom.class);

  /** What a room needs from its shard. */
  record Env(Ticker ticker, RoomOutbox outbox, RoomStore store, ShardMeters meters) {}

  private static final class Member {
    ConnRef conn;
    long score;
    int waiting;

    Member(ConnRef conn, long score) {
      this.conn = conn;
      this.score = score;
    }
  }

  /** An input the room took and has not applied yet; answered with its ack. */
  private record Ticket(String player, Promise<Acked> answer) {}

  private final String name;
  private final String game;
  private final Limits limits;
  private final Room room;
  private final Env env;
  private final Map<String, Member> members = new LinkedHashMap<>();
  private final Map<Long, Ticket> tickets = new HashMap<>();
  private List<Ticket> applied = new ArrayList<>();
  private final StorePipeline pipeline;
  private final TickClock clock;
  private final Effects effects = new RoomEffects();
  private long tick;
  private long nextSeq;
  private long timer = -1;

  /** Counted as a running room in the metrics. */
  private boolean active;

  private boolean flushQueued;

  /** The shard let go of the room: it never writes again. */
  private boolean closed;

  /** Somebody watches the room: its events are copied to {@code groundup.room.<room>}. */
  private boolean watched;

  /**
   * Set while the shard hands the room off: completes once it has nothing left to apply or store.
   */
  private Promise<Void> finished;

  HostedRoom(String name, String game, Limits limits, Room room, long tick, Env env) {
    this.name = name;
    this.game = game;
    this.limits = limits;
    this.room = room;
    this.tick = tick;
    this.env = env;
    this.pipeline = new StorePipeline(this, env.store());
    this.clock = new TickClock(limits.tickMillis());
  }

  @Override
  public String name() {
    return name;
  }

  String game() {
    return game;
  }

  long tick() {
    return tick;
  }

  boolean isMember(String player) {
    return members.containsKey(player);
  }

  void watched(boolean watched) {
    this.watched = watched;
  }

  /**
   * A resumed room's members, as they were stored: they get the room as it is now, stored again
   * under this shard's epoch.
   */
  void resume(List<StoredMember> stored) {
    for (StoredMember m : stored) {
      members.put(m.name(), new Member(m.conn(), m.score()));
    }
    if (!members.isEmpty()) {
      pipeline.changed();
      run();
      if (limits.turnBased()) {
        queueFlush();
      }
    }
  }

  /**
   * Puts a player in (or, one in it already, rebinds it to the connection of {@code e}); answers
   * with the room as the player first sees it, once that is stored.
   */
  Future<Joined> enter(Enter e) {
    Member existing = members.get(e.name());
    Promise<Joined> joined = Promise.promise();
    if (existing != null) {
      existing.conn = e.conn();
      pipeline.after(new Entered(e.name(), null, joined));
    } else {
      if (members.size() >= limits.maxPlayers()) {
        return Future.failedFuture(
            new GameException(
                ErrorCode.ROOM_FULL,
                "room " + name + " is full (" + limits.maxPlayers() + " players)"));
      }
      try {
        room.join(new Joining(e.name(), progressIn(e.progress()), e.seat()), effects);
      } catch (Refusal r) {
        return Future.failedFuture(GameException.refused(r.code(), r.getMessage()));
      } catch (RuntimeException bad) {
        // one player's data the game cannot take (its progress, say) must not crash the shard
        log.error("Room {} ({}) could not take {}: {}", name, game, e.name(), bad.toString());
        return Future.failedFuture(
            new GameException(
                ErrorCode.UNAVAILABLE, "room " + name + " could not take the player"));
      }
      members.put(e.name(), new Member(e.conn(), e.score()));
      byte[] enter = Events.enter(name, out -> room.writeEnter(e.name(), out));
      pipeline.after(new Entered(e.name(), enter, joined));
    }
    pipeline.changed();
    run();
    afterCall();
    return joined.future();
  }

  private byte[] progressIn(List<Progress> progress) {
    for (Progress p : progress) {
      if (p.game().equals(game)) {
        return p.bytes();
      }
    }
    return new byte[0];
  }

  /** Takes a player out; answers with what it keeps once that is stored. */
  Future<Exited> exit(String player) {
    Member member = members.get(player);
    if (member == null) {
      return notInRoom();
    }
    Leaving leaving = room.leave(player, effects);
    members.remove(player);
    failTickets(
        player,
        new GameException(
            ErrorCode.NOT_IN_ROOM, "left room " + name + " before the move was applied"));
    Exited exited = new Exited(name, game, member.score, leaving.progress(), leaving.seat());
    byte[] exit = Events.exit(name, player);
    Promise<Exited> done = Promise.promise();
    pipeline.after(
        new StorePipeline.AfterWrite() {
          @Override
          public StorePipeline.Shown capture(long tick) {
            List<ConnRef> targets = conns(null);
            return () -> {
              show(targets, tick, exit);
              done.tryComplete(exited);
            };
          }

          @Override
          public void failed(Throwable cause) {
            done.tryFail(cause);
          }
        });
    pipeline.changed();
    afterCall();
    return done.future();
  }

  /** An input of the room's game; answered with its ack once applied and stored. */
  Future<Acked> input(String player, String op, byte[] line) {
    Member member = members.get(player);
    if (member == null) {
      return notInRoom();
    }
    if (member.waiting >= limits.maxWaitingInputs()) {
      return Future.failedFuture(
          new GameException(
              ErrorCode.RATE_LIMITED,
              "too many waiting moves (at most " + limits.maxWaitingInputs() + ")"));
    }
    long seq = ++nextSeq;
    Promise<Acked> answer = Promise.promise();
    tickets.put(seq, new Ticket(player, answer));
    member.waiting++;
    try {
      Args args = JsonArgs.parse(line);
      room.input(player, new Input(seq, op, args), effects);
    } catch (Refusal r) {
      if (tickets.remove(seq) != null) {
        member.waiting--;
      }
      return Future.failedFuture(GameException.refused(r.code(), r.getMessage()));
    }
    afterCall();
    return answer.future();
  }

  /** Chat: shown at once to every member (it is not state). */
  Future<Void> say(String player, String text) {
    if (!members.containsKey(player)) {
      return notInRoom();
    }
    show(conns(null), tick, Events.said(name, player, text));
    return Future.succeededFuture();
  }

  /** The room's part of the cluster status. */
  RoomStatus status(int shard) {
    return new RoomStatus(name, shard, List.copyOf(members.keySet()), clock.lastLagMillis(), game);
  }

  /** The live leaderboard score of each member. */
  void scores(Map<String, Long> into) {
    members.forEach((player, m) -> into.merge(player, m.score, Math::max));
  }

  /**
   * The first half of a handoff, once the shard takes no more input: the room goes on until the
   * inputs it took are applied and its state is stored (so their acks are sent), then stops.
   */
  Future<Void> finish() {
    if (settled()) {
      stop();
      return Future.succeededFuture();
    }
    finished = Promise.promise();
    run();
    if (limits.turnBased()) {
      queueFlush();
    }
    return finished.future();
  }

  /** Stops the room here: everything still waiting fails with {@code reason}. */
  void close(Throwable reason) {
    closed = true;
    stop();
    if (finished != null) {
      finished.tryFail(reason);
    }
    pipeline.close(reason);
    for (Ticket t : tickets.values()) {
      t.answer().tryFail(reason);
    }
    tickets.clear();
    for (Ticket t : applied) {
      t.answer().tryFail(reason);
    }
    applied = new ArrayList<>();
    members.clear();
  }

  // ---- the pipeline's side ----

  @Override
  public StorePipeline.Capture capture() {
    if (limits.turnBased()) {
      tick++;
    }
    long at = tick;
    byte[] snapshot = room.snapshot();
    List<StoredMember> stored = new ArrayList<>(members.size());
    // each distinct view is encoded once, and pushed once to the members that see it
    Map<View, byte[]> encoded = new IdentityHashMap<>();
    Map<byte[], List<ConnRef>> audiences = new LinkedHashMap<>();
    members.forEach(
        (player, m) -> {
          stored.add(new StoredMember(player, m.score, m.conn));
          if (m.conn != null) {
            byte[] state =
                encoded.computeIfAbsent(room.view(player), v -> Events.state(name, at, v::write));
            audiences.computeIfAbsent(state, s -> new ArrayList<>()).add(m.conn);
          }
        });
    return new StorePipeline.Capture() {
      @Override
      public long tick() {
        return at;
      }

      @Override
      public Future<Void> store() {
        return env.store().save(name, game, at, snapshot, stored);
      }

      @Override
      public void show() {
        audiences.forEach((state, targets) -> HostedRoom.this.show(targets, at, state));
      }
    };
  }

  @Override
  public void retry() {
    if (limits.turnBased()) {
      env.ticker().once(RETRY_MILLIS, this::flush);
    }
  }

  @Override
  public void written() {
    stopIfIdle();
    checkFinished();
  }

  // ---- running ----

  /**
   * The room has members or something to finish: a ticking room ticks, any room counts as running.
   */
  private void run() {
    if (!active) {
      active = true;
      env.meters().roomStarted();
    }
    if (!limits.turnBased() && timer < 0) {
      timer = env.ticker().periodic(limits.tickMillis(), this::onTick);
      clock.started(env.ticker().nanoTime());
    }
  }

  private void stop() {
    if (timer >= 0) {
      env.ticker().cancel(timer);
      timer = -1;
      clock.stopped();
    }
    if (active) {
      active = false;
      env.meters().roomStopped();
    }
  }

  private void stopIfIdle() {
    if (members.isEmpty() && pipeline.settled() && finished == null) {
      stop();
    }
  }

  private void onTick() {
    if (closed) {
      return;
    }
    long began = env.ticker().nanoTime();
    long lag = clock.ticked(began);
    tick++;
    room.tick(tick, effects);
    queueAcks();
    pipeline.flush();
    stopIfIdle();
    checkFinished();
    env.meters().ticked(env.ticker().nanoTime() - began, clock.overran(lag));
  }

  /**
   * After a call on the room: its applied inputs wait for their write; a turn-based room writes
   * soon.
   */
  private void afterCall() {
    queueAcks();
    if (limits.turnBased()) {
      queueFlush();
    }
  }

  private void queueFlush() {
    if (!flushQueued) {
      flushQueued = true;
      env.ticker()
          .soon(
              () -> {
                flushQueued = false;
                flush();
              });
    }
  }

  private void flush() {
    if (closed) {
      return;
    }
    pipeline.flush();
    stopIfIdle();
    checkFinished();
  }

  /** The inputs applied since the last call are acknowledged by the next write. */
  private void queueAcks() {
    if (applied.isEmpty()) {
      return;
    }
    List<Ticket> batch = applied;
    applied = new ArrayList<>();
    env.meters().movesApplied(batch.size());
    pipeline.after(
        new StorePipeline.AfterWrite() {
          @Override
          public StorePipeline.Shown capture(long tick) {
            Acked acked = new Acked(tick);
            return () -> {
              int sent = 0;
              for (Ticket t : batch) {
                if (t.answer().tryComplete(acked)) {
                  sent++;
                }
              }
              env.meters().acksSent(sent);
            };
          }

          @Override
          public void failed(Throwable cause) {
            batch.forEach(t -> t.answer().tryFail(cause));
          }
        });
  }

  /** Nothing waits to be applied or stored. */
  private boolean settled() {
    return pipeline.settled() && tickets.isEmpty() && applied.isEmpty();
  }

  /** A room being handed off that has nothing left to apply or store stops here. */
  private void checkFinished() {
    if (finished != null && settled()) {
      stop();
      finished.tryComplete();
    }
  }

  private void failTickets(String player, Throwable reason) {
    for (Iterator<Ticket> i = tickets.values().iterator(); i.hasNext(); ) {
      Ticket t = i.next();
      if (t.player().equals(player)) {
        i.remove();
        t.answer().tryFail(reason);
      }
    }
  }

  /** The connections of the members, but {@code except}. */
  private List<ConnRef> conns(String except) {
    List<ConnRef> conns = new ArrayList<>(members.size());
    members.forEach(
        (player, m) -> {
          if (m.conn != null && !player.equals(except)) {
            conns.add(m.conn);
          }
        });
    return conns;
  }

  /**
   * Sends an event to {@code targets} and, while somebody watches the room, a copy to its watchers.
   */
  private void show(List<ConnRef> targets, long at, byte[] json) {
    env.outbox().push(targets, name, at, json);
    if (watched) {
      env.outbox().publish(name, json);
    }
  }

  private <T> Future<T> notInRoom() {
    return Future.failedFuture(new GameException(ErrorCode.NOT_IN_ROOM, "not in room " + name));
  }

  /**
   * A join's answer: the room as the player sees it at the write, and {@code enter} to the others.
   */
  private final class Entered implements StorePipeline.AfterWrite {
    private final String player;
    private final byte[] enter;
    private final Promise<Joined> answer;

    Entered(String player, byte[] enter, Promise<Joined> answer) {
      this.player = player;
      this.enter = enter;
      this.answer = answer;
    }

    @Override
    public StorePipeline.Shown capture(long tick) {
      byte[] line = Events.joined(name, tick, out -> room.writeJoined(player, out));
      List<ConnRef> others = conns(player);
      return () -> {
        if (enter != null) {
          show(others, tick, enter);
        }
        answer.tryComplete(new Joined(name, game, tick, line));
      };
    }

    @Override
    public void failed(Throwable cause) {
      answer.tryFail(cause);
    }
  }

  /** What the game's calls do, as they happen. */
  private final class RoomEffects implements Effects {
    @Override
    public void changed() {
      pipeline.changed();
    }

    @Override
    public void applied(long seq) {
      Ticket t = tickets.remove(seq);
      if (t != null) {
        Member m = members.get(t.player());
        if (m != null) {
          m.waiting--;
        }
        applied.add(t);
        pipeline.changed();
      }
    }

    @Override
    public void award(String player, long points) {
      if (points <= 0) {
        throw new IllegalArgumentException("points must be positive: " + points);
      }
      Member m = members.get(player);
      if (m != null) {
        m.score += points;
        pipeline.changed();
      }
    }
  }
}
