package dev.groundup.game.testing;

import dev.groundup.game.Args;
import dev.groundup.game.Effects;
import dev.groundup.game.Input;
import dev.groundup.game.Joining;
import dev.groundup.game.Leaving;
import dev.groundup.game.Limits;
import dev.groundup.game.Refusal;
import dev.groundup.game.Room;
import dev.groundup.game.RoomContext;
import dev.groundup.game.View;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.SplittableRandom;

/**
 * One room of a {@link GameTestKit}: the calls the engine would make, with the engine's checks and
 * bookkeeping, and what each member was shown. Not thread-safe (neither is a room).
 */
public final class TestRoom {

  private final GameTestKit kit;
  private final String name;
  private final long seed;
  private final Limits limits;
  private final Room room;
  private final Map<String, Long> scores = new LinkedHashMap<>();

  /** The members and their scores as of the last stored snapshot (what a takeover resumes). */
  private final Map<String, Long> storedScores = new LinkedHashMap<>();

  private final Map<Long, String> waiting = new HashMap<>();
  private final Map<Long, Long> acked = new HashMap<>();
  private final Map<String, List<String>> shown = new HashMap<>();
  private final List<Long> appliedSinceStore = new ArrayList<>();
  private long tick;
  private long nextSeq = 1;
  private boolean changed;
  private byte[] stored;
  private long storedTick;

  private TestRoom(GameTestKit kit, String name, long seed, long tick, Room room) {
    this.kit = kit;
    this.name = name;
    this.seed = seed;
    this.limits = kit.rules().limits();
    this.tick = tick;
    this.room = room;
  }

  static TestRoom create(GameTestKit kit, String name, long seed) {
    return new TestRoom(
        kit,
        name,
        seed,
        1,
        kit.rules().create(new RoomContext(name, 1, new SplittableRandom(seed))));
  }

  /** The room itself, for what the kit does not cover. */
  public Room room() {
    return room;
  }

  /** The room's tick now. */
  public long tick() {
    return tick;
  }

  /** A new player joins; gives its {@code joined} fields. */
  public String join(String player) {
    return join(player, new byte[0]);
  }

  /** A player with the given progress joins; gives its {@code joined} fields (once stored). */
  public String join(String player, byte[] progress) {
    if (scores.containsKey(player)) {
      throw new IllegalStateException(player + " is a member already");
    }
    if (scores.size() >= limits.maxPlayers()) {
      throw new Refusal(
          "room_full", "room " + name + " is full (" + limits.maxPlayers() + " players)");
    }
    room.join(new Joining(player, progress, null), effects());
    scores.put(player, 0L);
    changed = true;
    afterCall();
    return joined(player);
  }

  /** The {@code joined} fields {@code player} would get now. */
  public String joined(String player) {
    return JsonText.fields(out -> room.writeJoined(player, out));
  }

  /** The {@code enter} fields the others get when {@code player} joins. */
  public String enter(String player) {
    return JsonText.fields(out -> room.writeEnter(player, out));
  }

  /** A member leaves; its inputs that were not applied are dropped. */
  public Leaving leave(String player) {
    requireMember(player);
    Leaving leaving = room.leave(player, effects());
    scores.remove(player);
    waiting.values().removeIf(player::equals);
    changed = true;
    afterCall();
    return leaving;
  }

  /**
   * A member's input {@code op} with {@code args}; gives its number ({@link #ackedAt} tells when it
   * was acknowledged). Throws the {@link Refusal} the engine or the room gives.
   */
  public long input(String player, String op, Map<String, ?> args) {
    requireMember(player);
    Args a = Args.of(args);
    Refusal bad = kit.game().check(op, a);
    if (bad != null) {
      throw bad;
    }
    long pending = waiting.values().stream().filter(player::equals).count();
    if (pending >= limits.maxWaitingInputs()) {
      throw new Refusal(
          "rate_limited", "too many waiting moves (at most " + limits.maxWaitingInputs() + ")");
    }
    long seq = nextSeq++;
    waiting.put(seq, player);
    try {
      room.input(player, new Input(seq, op, a), effects());
    } catch (Refusal r) {
      waiting.remove(seq);
      throw r;
    }
    afterCall();
    return seq;
  }

  /** The tick at which input {@code seq} was acknowledged (applied and stored), if it was. */
  public OptionalLong ackedAt(long seq) {
    Long at = acked.get(seq);
    return at == null ? OptionalLong.empty() : OptionalLong.of(at);
  }

  /** Whether input {@code seq} is still waiting to be applied. */
  public boolean waiting(long seq) {
    return waiting.containsKey(seq);
  }

  /** Advances {@code n} ticks (a game with a tick rate; a turn-based one never ticks). */
  public void tick(int n) {
    if (limits.turnBased()) {
      throw new IllegalStateException("a turn-based game does not tick");
    }
    for (int i = 0; i < n; i++) {
      tick++;
      room.tick(tick, effects());
      store();
    }
  }

  /** The member's leaderboard points awarded in this room. */
  public long score(String player) {
    return scores.getOrDefault(player, 0L);
  }

  /** The members in the order they joined. */
  public List<String> members() {
    return List.copyOf(scores.keySet());
  }

  /** What {@code viewer} sees now, as the fields of a full {@code state}. */
  public String view(String viewer) {
    View view = room.view(viewer);
    return JsonText.fields(view::write);
  }

  /** Every {@code state} {@code member} was shown (the fields of each), oldest first. */
  public List<String> shown(String member) {
    return List.copyOf(shown.getOrDefault(member, List.of()));
  }

  /**
   * The room as a takeover would resume it: restored from its last stored snapshot at the stored
   * tick, with the members and their scores as stored then (inputs not applied by then, and joins
   * and leaves since, are gone).
   */
  public TestRoom restored() {
    if (stored == null) {
      throw new IllegalStateException("nothing stored yet");
    }
    Room back =
        kit.rules()
            .restore(
                new RoomContext(name, storedTick, new SplittableRandom(seed ^ storedTick)), stored);
    TestRoom copy = new TestRoom(kit, name, seed, storedTick, back);
    copy.scores.putAll(storedScores);
    copy.storedScores.putAll(storedScores);
    copy.stored = stored;
    copy.storedTick = storedTick;
    return copy;
  }

  /** The last stored snapshot. */
  public byte[] snapshot() {
    return stored == null ? null : stored.clone();
  }

  private void requireMember(String player) {
    if (!scores.containsKey(player)) {
      throw new Refusal("not_in_room", player + " is not in room " + name);
    }
  }

  /**
   * A turn-based room stores after every call that changed it; one with a tick rate at its next
   * tick.
   */
  private void afterCall() {
    if (limits.turnBased()) {
      store();
    }
  }

  /**
   * As the engine: if something changed, the snapshot is taken (a turn-based room's tick advances),
   * then shown.
   */
  private void store() {
    if (!changed) {
      return;
    }
    changed = false;
    if (limits.turnBased()) {
      tick++;
    }
    stored = room.snapshot();
    storedTick = tick;
    storedScores.clear();
    storedScores.putAll(scores);
    for (long seq : appliedSinceStore) {
      acked.put(seq, tick);
    }
    appliedSinceStore.clear();
    for (String member : scores.keySet()) {
      shown.computeIfAbsent(member, m -> new ArrayList<>()).add(view(member));
    }
  }

  private Effects effects() {
    return new Effects() {
      @Override
      public void changed() {
        changed = true;
      }

      @Override
      public void applied(long seq) {
        if (waiting.remove(seq) != null) {
          appliedSinceStore.add(seq);
          changed = true;
        }
      }

      @Override
      public void award(String player, long points) {
        if (points <= 0) {
          throw new IllegalArgumentException("points must be positive: " + points);
        }
        scores.computeIfPresent(player, (p, s) -> s + points);
      }
    };
  }
}
