package dev.groundup.game.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.groundup.game.Args;
import dev.groundup.game.Effects;
import dev.groundup.game.Game;
import dev.groundup.game.Input;
import dev.groundup.game.Joining;
import dev.groundup.game.JsonOut;
import dev.groundup.game.Leaving;
import dev.groundup.game.Limits;
import dev.groundup.game.Refusal;
import dev.groundup.game.Room;
import dev.groundup.game.RoomContext;
import dev.groundup.game.Rules;
import dev.groundup.game.Settings;
import dev.groundup.game.View;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * {@link TestRoom} runs a room as the engine would: its limits, its tick counting, store before
 * show, acks, takeover. A tiny counting game defined here, periodic and turn-based.
 */
class TestRoomTest {

  /**
   * A game whose rooms count: {@code {"op":"add","n":N}} (n optional, default 1) adds n to the
   * room's count and awards n points to its sender (none for 0). A periodic room queues adds and
   * applies one per member a tick; a turn-based one applies each at once. {@code refuse} is always
   * refused ({@code refused}); a player named {@code nobody} may not join ({@code not_welcome}).
   * Progress: the adds a player made, in all rooms.
   */
  static class Counting implements Game {
    final Limits limits;

    Counting(Limits limits) {
      this.limits = limits;
    }

    @Override
    public String id() {
      return "counting";
    }

    @Override
    public Set<String> inputs() {
      return Set.of("add", "refuse");
    }

    @Override
    public Refusal check(String op, Args args) {
      if (op.equals("add") && args.kind("n") != Args.Kind.MISSING && args.integer("n").isEmpty()) {
        return Refusal.badRequest("n must be an integer");
      }
      return null;
    }

    @Override
    public Rules configure(Settings settings) {
      return new Rules() {
        @Override
        public Limits limits() {
          return limits;
        }

        @Override
        public Room create(RoomContext context) {
          return new CountingRoom(limits.turnBased());
        }

        @Override
        public Room restore(RoomContext context, byte[] snapshot) {
          return CountingRoom.restore(limits.turnBased(), snapshot);
        }
      };
    }
  }

  record CountView(long count, List<String> members) implements View {
    @Override
    public void write(JsonOut out) {
      out.field("count", count).name("members").startArray();
      members.forEach(out::value);
      out.endArray();
    }
  }

  static final class CountingRoom implements Room {
    private record Add(long seq, long n) {}

    final boolean turnBased;
    long count;
    final Map<String, Long> adds = new LinkedHashMap<>();
    final Map<String, ArrayDeque<Add>> queues = new LinkedHashMap<>();
    CountView view;

    CountingRoom(boolean turnBased) {
      this.turnBased = turnBased;
    }

    static CountingRoom restore(boolean turnBased, byte[] snapshot) {
      String[] parts = new String(snapshot, StandardCharsets.UTF_8).split(";", -1);
      CountingRoom room = new CountingRoom(turnBased);
      room.count = Long.parseLong(parts[0]);
      for (int i = 1; i < parts.length; i++) {
        String[] member = parts[i].split(",");
        room.adds.put(member[0], Long.parseLong(member[1]));
        room.queues.put(member[0], new ArrayDeque<>());
      }
      return room;
    }

    @Override
    public void join(Joining player, Effects effects) {
      if (player.name().equals("nobody")) {
        throw new Refusal("not_welcome", "nobody may not join");
      }
      long before =
          player.progress().length == 0
              ? 0
              : Long.parseLong(new String(player.progress(), StandardCharsets.UTF_8));
      adds.put(player.name(), before);
      queues.put(player.name(), new ArrayDeque<>());
      view = null;
    }

    @Override
    public Leaving leave(String player, Effects effects) {
      byte[] progress = progress(player);
      adds.remove(player);
      queues.remove(player);
      view = null;
      return new Leaving(progress, null);
    }

    @Override
    public void input(String player, Input input, Effects effects) {
      switch (input.op()) {
        case "add" -> {
          Add add = new Add(input.seq(), input.args().integer("n").orElse(1));
          if (turnBased) {
            apply(player, add, effects);
          } else {
            queues.get(player).add(add);
          }
        }
        case "refuse" -> throw new Refusal("refused", "always refused");
        default -> throw Refusal.unknownOp(input.op());
      }
    }

    @Override
    public void tick(long tick, Effects effects) {
      for (Map.Entry<String, ArrayDeque<Add>> e : queues.entrySet()) {
        Add add = e.getValue().poll();
        if (add != null) {
          apply(e.getKey(), add, effects);
        }
      }
    }

    private void apply(String player, Add add, Effects effects) {
      count += add.n();
      adds.merge(player, 1L, Long::sum);
      if (add.n() != 0) {
        effects.award(player, add.n());
      }
      effects.applied(add.seq());
      view = null;
    }

    @Override
    public byte[] progress(String player) {
      return String.valueOf(adds.getOrDefault(player, 0L)).getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public byte[] snapshot() {
      StringBuilder s = new StringBuilder().append(count);
      adds.forEach((name, n) -> s.append(';').append(name).append(',').append(n));
      return s.toString().getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void writeJoined(String viewer, JsonOut out) {
      out.field("you", viewer);
      view(viewer).write(out);
    }

    @Override
    public void writeEnter(String player, JsonOut out) {
      out.field("player", player);
    }

    @Override
    public View view(String viewer) {
      if (view == null) {
        view = new CountView(count, List.copyOf(adds.keySet()));
      }
      return view;
    }
  }

  private static TestRoom periodic(int maxPlayers, int maxWaiting) {
    return GameTestKit.of(new Counting(new Limits(maxPlayers, maxWaiting, 20))).room("r", 1);
  }

  private static TestRoom turnBased(int maxPlayers, int maxWaiting) {
    return GameTestKit.of(new Counting(new Limits(maxPlayers, maxWaiting, 0))).room("r", 1);
  }

  private static String refusalCode(Runnable call) {
    try {
      call.run();
    } catch (Refusal r) {
      return r.code();
    }
    throw new AssertionError("not refused");
  }

  private static String state(long count, String... members) {
    return "{\"count\":" + count + ",\"members\":[" + quoted(members) + "]}";
  }

  private static String quoted(String... names) {
    List<String> q = new ArrayList<>();
    for (String n : names) {
      q.add("\"" + n + "\"");
    }
    return String.join(",", q);
  }

  // ---- the kit ----

  @Test
  void theKitConfiguresTheGameFromItsSettings() {
    Map<String, String> seen = new HashMap<>();
    Game game =
        new Counting(new Limits(1, 1, 0)) {
          @Override
          public Rules configure(Settings settings) {
            seen.put("X", settings.text("X", "unset"));
            return super.configure(settings);
          }
        };
    GameTestKit kit = GameTestKit.of(game, Map.of("X", " given "));
    assertThat(seen).containsEntry("X", "given");
    assertThat(kit.game()).isSameAs(game);
    assertThat(kit.rules().limits()).isEqualTo(new Limits(1, 1, 0));
    GameTestKit.of(game);
    assertThat(seen).containsEntry("X", "unset");
  }

  // ---- joins and the engine's limits ----

  @Test
  void joinGivesTheJoinedFieldsAndEnterTheOthersGet() {
    TestRoom room = turnBased(4, 4);
    assertThat(room.join("ada")).isEqualTo("{\"you\":\"ada\",\"count\":0,\"members\":[\"ada\"]}");
    assertThat(room.join("bob"))
        .isEqualTo("{\"you\":\"bob\",\"count\":0,\"members\":[\"ada\",\"bob\"]}");
    assertThat(room.joined("ada"))
        .isEqualTo("{\"you\":\"ada\",\"count\":0,\"members\":[\"ada\",\"bob\"]}");
    assertThat(room.enter("bob")).isEqualTo("{\"player\":\"bob\"}");
    assertThat(room.members()).containsExactly("ada", "bob");
    assertThat(room.room()).isInstanceOf(CountingRoom.class);
  }

  @Test
  void aFullRoomRefusesTheNextJoinWithoutCallingTheRoom() {
    TestRoom room = turnBased(2, 4);
    room.join("ada");
    room.join("bob");
    long tick = room.tick();
    assertThat(refusalCode(() -> room.join("cat"))).isEqualTo("room_full");
    assertThat(room.members()).containsExactly("ada", "bob");
    assertThat(((CountingRoom) room.room()).adds).containsOnlyKeys("ada", "bob");
    assertThat(room.tick()).as("nothing changed").isEqualTo(tick);

    room.leave("ada");
    room.join("cat");
    assertThat(room.members()).containsExactly("bob", "cat");
  }

  @Test
  void aMemberCannotJoinTwice() {
    TestRoom room = turnBased(4, 4);
    room.join("ada");
    assertThatThrownBy(() -> room.join("ada")).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void aJoinTheRoomRefusesLeavesThePlayerOutAndChangesNothing() {
    TestRoom room = turnBased(4, 4);
    room.join("ada");
    long tick = room.tick();
    assertThat(refusalCode(() -> room.join("nobody"))).isEqualTo("not_welcome");
    assertThat(room.members()).containsExactly("ada");
    assertThat(room.tick()).isEqualTo(tick);
    assertThat(refusalCode(() -> room.input("nobody", "add", Map.of()))).isEqualTo("not_in_room");
  }

  @Test
  void inputsOfNonMembersAreRefused() {
    TestRoom room = periodic(4, 4);
    assertThat(refusalCode(() -> room.input("ghost", "add", Map.of()))).isEqualTo("not_in_room");
    room.join("ada");
    room.leave("ada");
    assertThat(refusalCode(() -> room.input("ada", "add", Map.of()))).isEqualTo("not_in_room");
    assertThat(refusalCode(() -> room.leave("ada"))).isEqualTo("not_in_room");
  }

  @Test
  void moreThanMaxWaitingInputsOfOnePlayerAreRateLimited() {
    TestRoom room = periodic(4, 2);
    room.join("ada");
    room.join("bob");
    long a1 = room.input("ada", "add", Map.of());
    long a2 = room.input("ada", "add", Map.of());
    assertThat(refusalCode(() -> room.input("ada", "add", Map.of()))).isEqualTo("rate_limited");
    assertThat(refusalCode(() -> room.input("ada", "add", Map.of()))).isEqualTo("rate_limited");
    long b1 = room.input("bob", "add", Map.of("n", 10));
    assertThat(room.waiting(a1)).isTrue();
    assertThat(room.waiting(a2)).isTrue();
    assertThat(room.waiting(b1)).isTrue();

    room.tick(1);
    assertThat(room.waiting(a1)).isFalse();
    assertThat(room.waiting(a2)).isTrue();
    long a3 = room.input("ada", "add", Map.of());
    assertThat(refusalCode(() -> room.input("ada", "add", Map.of()))).isEqualTo("rate_limited");

    room.tick(5);
    assertThat(room.view("ada")).as("3 of ada's and bob's 10").isEqualTo(state(13, "ada", "bob"));
    assertThat(room.ackedAt(a3)).isPresent();
  }

  @Test
  void aRefusedInputIsNotWaitingAndDoesNotCountAgainstTheLimit() {
    TestRoom room = periodic(4, 1);
    room.join("ada");
    for (int i = 0; i < 3; i++) {
      assertThat(refusalCode(() -> room.input("ada", "refuse", Map.of()))).isEqualTo("refused");
      assertThat(refusalCode(() -> room.input("ada", "add", Map.of("n", "x"))))
          .isEqualTo(Refusal.BAD_REQUEST);
      assertThat(refusalCode(() -> room.input("ada", "fly", Map.of())))
          .isEqualTo(Refusal.UNKNOWN_OP);
    }
    long seq = room.input("ada", "add", Map.of());
    assertThat(room.waiting(seq)).isTrue();
    assertThat(refusalCode(() -> room.input("ada", "add", Map.of()))).isEqualTo("rate_limited");
  }

  @Test
  void theGamesCheckRefusesBeforeTheRoomSeesTheInput() {
    TestRoom room = turnBased(4, 4);
    room.join("ada");
    long tick = room.tick();
    Refusal bad =
        catchThrowableOfType(Refusal.class, () -> room.input("ada", "add", Map.of("n", "three")));
    assertThat(bad.code()).isEqualTo(Refusal.BAD_REQUEST);
    assertThat(bad).hasMessage("n must be an integer");
    assertThat(room.tick()).isEqualTo(tick);
    assertThat(room.view("ada")).isEqualTo(state(0, "ada"));
  }

  // ---- ticks, store before show, acks ----

  @Test
  void aPeriodicRoomTicksFromOneAndStoresOnlyTicksThatChangedSomething() {
    TestRoom room = periodic(4, 4);
    assertThat(room.tick()).isEqualTo(1);
    assertThat(room.snapshot()).isNull();
    assertThatThrownBy(room::restored).isInstanceOf(IllegalStateException.class);
    room.tick(3);
    assertThat(room.tick()).isEqualTo(4);
    assertThat(room.snapshot()).as("nothing changed").isNull();

    room.join("ada");
    assertThat(room.shown("ada")).as("not stored yet, so not shown").isEmpty();
    assertThat(room.snapshot()).isNull();
    room.tick(1);
    assertThat(room.tick()).isEqualTo(5);
    assertThat(room.shown("ada")).containsExactly(state(0, "ada"));
    assertThat(new String(room.snapshot(), StandardCharsets.UTF_8)).isEqualTo("0;ada,0");

    room.tick(10);
    assertThat(room.shown("ada")).as("idle ticks show nothing").hasSize(1);
    room.input("ada", "add", Map.of("n", 2));
    room.tick(1);
    assertThat(room.shown("ada")).containsExactly(state(0, "ada"), state(2, "ada"));
  }

  @Test
  void aPeriodicRoomAcksAnInputAtTheTickOfTheSnapshotThatHoldsIt() {
    TestRoom room = periodic(4, 4);
    room.join("ada");
    long first = room.input("ada", "add", Map.of());
    long second = room.input("ada", "add", Map.of());
    assertThat(second).isGreaterThan(first);
    assertThat(room.ackedAt(first)).isEmpty();

    room.tick(1);
    assertThat(room.ackedAt(first)).hasValue(2);
    assertThat(room.ackedAt(second)).isEmpty();
    assertThat(new String(room.snapshot(), StandardCharsets.UTF_8)).isEqualTo("1;ada,1");

    room.tick(1);
    assertThat(room.ackedAt(first)).hasValue(2);
    assertThat(room.ackedAt(second)).hasValue(3);
    assertThat(new String(room.snapshot(), StandardCharsets.UTF_8)).isEqualTo("2;ada,2");
  }

  @Test
  void aTurnBasedRoomNeverTicksAndItsTickCountsStoredChanges() {
    TestRoom room = turnBased(4, 4);
    assertThat(room.tick()).isEqualTo(1);
    assertThatThrownBy(() -> room.tick(1)).isInstanceOf(IllegalStateException.class);

    room.join("ada");
    assertThat(room.tick()).isEqualTo(2);
    room.join("bob");
    assertThat(room.tick()).isEqualTo(3);
    long seq = room.input("ada", "add", Map.of());
    assertThat(room.tick()).isEqualTo(4);
    assertThat(room.ackedAt(seq)).hasValue(4);
    assertThat(room.waiting(seq)).isFalse();

    assertThat(refusalCode(() -> room.input("bob", "refuse", Map.of()))).isEqualTo("refused");
    assertThat(refusalCode(() -> room.input("bob", "add", Map.of("n", 1.5))))
        .isEqualTo(Refusal.BAD_REQUEST);
    assertThat(room.tick()).as("refusals change nothing").isEqualTo(4);

    long again = room.input("bob", "add", Map.of("n", 0));
    assertThat(room.ackedAt(again)).hasValue(5);
    room.leave("ada");
    assertThat(room.tick()).isEqualTo(6);

    assertThat(room.shown("bob"))
        .containsExactly(
            state(0, "ada", "bob"),
            state(1, "ada", "bob"),
            state(1, "ada", "bob"),
            state(1, "bob"));
    assertThat(room.shown("ada")).as("until she left").hasSize(4);
  }

  // ---- scores ----

  @Test
  void awardsAddUpPerMemberUntilItLeaves() {
    TestRoom room = turnBased(4, 4);
    room.join("ada");
    room.join("bob");
    room.input("ada", "add", Map.of("n", 3));
    room.input("ada", "add", Map.of("n", 4));
    room.input("bob", "add", Map.of("n", 0));
    assertThat(room.score("ada")).isEqualTo(7);
    assertThat(room.score("bob")).isZero();
    Leaving leaving = room.leave("ada");
    assertThat(new String(leaving.progress(), StandardCharsets.UTF_8)).isEqualTo("2");
    assertThat(room.score("ada")).isZero();
  }

  @Test
  void anAwardThatIsNotPositiveBreaksTheContract() {
    TestRoom room = turnBased(4, 4);
    room.join("ada");
    assertThatThrownBy(() -> room.input("ada", "add", Map.of("n", -1)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void progressGoesInWithTheJoin() {
    TestRoom room = turnBased(4, 4);
    room.join("ada", "41".getBytes(StandardCharsets.UTF_8));
    room.input("ada", "add", Map.of());
    assertThat(new String(room.room().progress("ada"), StandardCharsets.UTF_8)).isEqualTo("42");
  }

  // ---- leaving ----

  @Test
  void aLeaveDropsTheInputsThatWereNotApplied() {
    TestRoom room = periodic(4, 4);
    room.join("ada");
    room.join("bob");
    long a1 = room.input("ada", "add", Map.of());
    long a2 = room.input("ada", "add", Map.of());
    room.tick(1);
    room.leave("ada");
    assertThat(room.waiting(a2)).isFalse();
    room.join("ada");
    room.tick(5);
    assertThat(room.ackedAt(a1)).hasValue(2);
    assertThat(room.ackedAt(a2)).isEmpty();
    assertThat(room.view("bob")).isEqualTo(state(1, "bob", "ada"));
  }

  // ---- takeover ----

  @Test
  void restoredResumesAPeriodicRoomAtTheStoredTickWithoutItsWaitingInputs() {
    TestRoom room = periodic(4, 4);
    room.join("ada");
    room.input("ada", "add", Map.of("n", 5));
    long lost = room.input("ada", "add", Map.of("n", 100));
    room.tick(1);
    assertThat(room.ackedAt(lost)).isEmpty();
    room.tick(0);
    assertThat(room.tick()).isEqualTo(2);

    TestRoom back = room.restored();
    assertThat(back.tick()).isEqualTo(2);
    assertThat(back.members()).containsExactly("ada");
    assertThat(back.score("ada")).isEqualTo(5);
    assertThat(back.view("ada")).isEqualTo(room.view("ada")).isEqualTo(state(5, "ada"));
    assertThat(back.joined("ada")).isEqualTo(room.joined("ada"));
    assertThat(back.waiting(lost)).isFalse();
    assertThat(back.snapshot()).isEqualTo(room.snapshot());

    back.tick(3);
    assertThat(back.tick()).isEqualTo(5);
    assertThat(back.view("ada")).as("the waiting input is gone").isEqualTo(state(5, "ada"));
    assertThat(back.snapshot()).as("nothing changed since").isEqualTo(room.snapshot());

    long seq = back.input("ada", "add", Map.of());
    back.tick(1);
    assertThat(back.ackedAt(seq)).hasValue(6);
    assertThat(back.view("ada")).isEqualTo(state(6, "ada"));
  }

  @Test
  void restoredIsTheLastStoredStateNotWhatChangedSince() {
    TestRoom room = periodic(4, 4);
    room.join("ada");
    room.join("bob");
    room.tick(1);
    room.input("ada", "add", Map.of("n", 3));
    room.tick(1);
    long storedAt = room.tick();
    byte[] stored = room.snapshot();

    // after the last tick: a join, a leave, and a queued input, none of them stored
    room.join("cat");
    room.leave("bob");
    room.input("ada", "add", Map.of("n", 4));

    TestRoom back = room.restored();
    assertThat(back.tick()).isEqualTo(storedAt);
    assertThat(back.snapshot()).isEqualTo(stored);
    assertThat(back.view("ada")).isEqualTo(state(3, "ada", "bob"));
    assertThat(back.members()).as("the members as stored").containsExactly("ada", "bob");
    assertThat(back.score("ada")).isEqualTo(3);
    back.leave("bob");
    back.join("cat");
    back.tick(1);
    assertThat(back.view("ada")).isEqualTo(state(3, "ada", "cat"));
  }

  @Test
  void restoredScoresAreTheStoredOnes() {
    TestRoom room = periodic(4, 4);
    room.join("ada");
    room.input("ada", "add", Map.of("n", 3));
    room.tick(1);
    room.leave("ada");
    TestRoom back = room.restored();
    assertThat(back.members()).containsExactly("ada");
    assertThat(back.score("ada")).isEqualTo(3);
  }

  @Test
  void restoredResumesATurnBasedRoomAtTheStoredTick() {
    TestRoom room = turnBased(4, 4);
    room.join("ada");
    room.join("bob");
    long seq = room.input("bob", "add", Map.of("n", 2));
    assertThat(room.tick()).isEqualTo(4);

    TestRoom back = room.restored();
    assertThat(back.tick()).isEqualTo(4);
    assertThat(back.ackedAt(seq)).as("acks are the old room's").isEmpty();
    assertThat(back.members()).containsExactly("ada", "bob");
    assertThat(back.score("bob")).isEqualTo(2);
    assertThat(back.view("ada")).isEqualTo(room.view("ada"));
    back.input("ada", "add", Map.of());
    assertThat(back.tick()).isEqualTo(5);
    assertThat(back.restored().tick()).isEqualTo(5);
    assertThat(back.restored().view("bob")).isEqualTo(state(3, "ada", "bob"));
    assertThat(room.view("bob")).as("the original is untouched").isEqualTo(state(2, "ada", "bob"));
  }

  @Test
  void snapshotIsACopy() {
    TestRoom room = turnBased(4, 4);
    room.join("ada");
    byte[] s = room.snapshot();
    s[0] = 'x';
    assertThat(room.snapshot()[0]).isEqualTo((byte) '0');
    assertThat(room.restored().view("ada")).isEqualTo(state(0, "ada"));
  }
}
