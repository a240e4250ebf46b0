package dev.groundup.games.four;

import static org.assertj.core.api.Assertions.assertThat;

import dev.groundup.game.Leaving;
import dev.groundup.game.Refusal;
import dev.groundup.game.testing.GameTestKit;
import dev.groundup.game.testing.JsonText;
import dev.groundup.game.testing.TestRoom;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

/**
 * Connect four under any sequence of drops, rematches, leaves and joins: its invariants hold after
 * every step, and a room restored from the stored snapshot is the same room.
 */
class FourPropertyTest {

  private static final List<String> NAMES = List.of("ada", "bob", "cat");

  private static final Set<String> REFUSALS =
      Set.of(
          "not_your_turn",
          "column_full",
          "game_over",
          "waiting_for_player",
          "round_in_progress",
          "bad_request",
          "room_full");

  sealed interface Action permits Drop, Rematch, Leave, Join {}

  /** The member {@code who} (modulo the members) drops into {@code col} (-1 and 7 are bad). */
  record Drop(int who, int col) implements Action {}

  record Rematch(int who) implements Action {}

  record Leave(int who) implements Action {}

  /** {@code NAMES[name]} joins (a member already is skipped; a third is refused). */
  record Join(int name) implements Action {}

  @Provide
  Arbitrary<List<Action>> actions() {
    Arbitrary<Integer> who = Arbitraries.integers().between(0, 1);
    Arbitrary<Action> drop =
        Combinators.combine(who, Arbitraries.integers().between(-1, 7)).as(Drop::new);
    Arbitrary<Action> rematch = who.map(Rematch::new);
    Arbitrary<Action> leave = who.map(Leave::new);
    Arbitrary<Action> join = Arbitraries.integers().between(0, NAMES.size() - 1).map(Join::new);
    return Arbitraries.frequencyOf(
            Tuple.of(20, drop), Tuple.of(2, rematch), Tuple.of(1, leave), Tuple.of(3, join))
        .list()
        .ofMaxSize(150);
  }

  @Property
  void invariantsHoldAndRestoreGivesTheSameRoom(@ForAll("actions") List<Action> actions) {
    TestRoom room = GameTestKit.of(new FourGame()).room("p", 1);
    Map<String, byte[]> kept = new HashMap<>();
    Map<String, Long> winsAtJoin = new HashMap<>();
    for (Action action : actions) {
      byte[] before = room.room().snapshot();
      long tick = room.tick();
      List<String> members = room.members();
      try {
        switch (action) {
          case Drop d -> {
            if (!members.isEmpty()) {
              room.input(members.get(d.who() % members.size()), "drop", Map.of("col", d.col()));
            }
          }
          case Rematch r -> {
            if (!members.isEmpty()) {
              room.input(members.get(r.who() % members.size()), "rematch", Map.of());
            }
          }
          case Leave l -> {
            if (!members.isEmpty()) {
              String name = members.get(l.who() % members.size());
              Leaving leaving = room.leave(name);
              kept.put(name, leaving.progress());
            }
          }
          case Join j -> {
            String name = NAMES.get(j.name());
            if (!members.contains(name)) {
              byte[] progress = kept.getOrDefault(name, new byte[0]);
              room.join(name, progress);
              assertThat(player(room, name))
                  .extracting(p -> new long[] {p.wins(), p.losses(), p.draws()})
                  .isEqualTo(Four.readProgress(progress));
              winsAtJoin.put(name, Four.readProgress(progress)[0]);
            }
          }
        }
      } catch (Refusal r) {
        assertThat(REFUSALS).as("%s", action).contains(r.code());
        assertThat(room.room().snapshot()).as("a refusal changes nothing").isEqualTo(before);
        assertThat(room.tick()).isEqualTo(tick);
      }
      assertInvariants(room, winsAtJoin, action);
      assertRestoresTheSame(room);
    }
  }

  private static FourView view(TestRoom room) {
    return ((Four) room.room()).view("anyone");
  }

  private static FourView.Player player(TestRoom room, String name) {
    return view(room).players().stream()
        .filter(p -> p.name().equals(name))
        .findFirst()
        .orElseThrow();
  }

  private static void assertInvariants(TestRoom room, Map<String, Long> winsAtJoin, Action after) {
    FourView v = view(room);
    List<String> problems = new ArrayList<>();
    List<String> board = v.board();
    int xs = 0;
    int os = 0;
    if (board.size() != 6) {
      problems.add("rows: " + board.size());
    }
    for (int r = 0; r < board.size(); r++) {
      String row = board.get(r);
      if (!row.matches("[.xo]{7}")) {
        problems.add("row " + r + ": " + row);
        continue;
      }
      for (int c = 0; c < 7; c++) {
        char here = row.charAt(c);
        xs += here == 'x' ? 1 : 0;
        os += here == 'o' ? 1 : 0;
        if (here != '.' && r < 5 && board.get(r + 1).charAt(c) == '.') {
          problems.add("a disc above an empty cell at " + c + "," + r);
        }
      }
    }
    if (Math.abs(xs - os) > 1) {
      problems.add(xs + " x and " + os + " o");
    }
    List<String> names = v.players().stream().map(FourView.Player::name).toList();
    Set<String> discs = new HashSet<>();
    for (FourView.Player p : v.players()) {
      if (!discs.add(p.disc())) {
        problems.add("two players with " + p.disc());
      }
    }
    if (!new HashSet<>(names).equals(new HashSet<>(room.members()))
        || names.size() != room.members().size()) {
      problems.add("players " + names + " but members " + room.members());
    }
    if (v.turn() != null) {
      if (names.size() != 2 || v.result() != null || !names.contains(v.turn())) {
        problems.add("turn " + v.turn() + " with " + names + " and result " + v.result());
      } else {
        String disc = player(room, v.turn()).disc();
        int mine = disc.equals("x") ? xs : os;
        int theirs = disc.equals("x") ? os : xs;
        if (mine > theirs) {
          problems.add(v.turn() + " to play with " + mine + " discs against " + theirs);
        }
      }
    } else if (names.size() == 2 && v.result() == null) {
      problems.add("two players, no round and no result");
    }
    if (v.round() == 0 && (xs + os > 0 || v.result() != null)) {
      problems.add("before the first round: " + board + ", " + v.result());
    }
    Four.Result result = v.result();
    if (result != null) {
      switch (result.outcome()) {
        case WIN -> checkLine(result, board, v, problems);
        case DRAW -> {
          if (xs + os != 42 || result.winner() != null) {
            problems.add("a draw on a board with " + (xs + os) + " discs");
          }
        }
        case FORFEIT -> {
          // the one who forfeited may be back (alone, or the board would be a new round's)
          if (result.winner() == null
              || result.forfeit() == null
              || result.winner().equals(result.forfeit())
              || names.contains(result.forfeit()) && names.size() == 2) {
            problems.add("forfeit " + result.winner() + " over " + result.forfeit());
          }
        }
      }
    }
    for (String m : room.members()) {
      long gained = player(room, m).wins() - winsAtJoin.get(m);
      if (room.score(m) != gained) {
        problems.add(m + " has " + room.score(m) + " points for " + gained + " wins here");
      }
    }
    assertThat(problems).as("after %s: %s", after, board).isEmpty();
  }

  private static void checkLine(
      Four.Result result, List<String> board, FourView v, List<String> problems) {
    List<int[]> line = result.line();
    if (line.size() < 4 || result.winner() == null) {
      problems.add("a win with line of " + line.size() + " by " + result.winner());
      return;
    }
    char disc = board.get(line.get(0)[1]).charAt(line.get(0)[0]);
    int dc = line.get(1)[0] - line.get(0)[0];
    int dr = line.get(1)[1] - line.get(0)[1];
    if (Math.abs(dc) > 1 || Math.abs(dr) > 1 || (dc == 0 && dr == 0)) {
      problems.add("line not of neighbours");
    }
    for (int i = 0; i < line.size(); i++) {
      int[] cell = line.get(i);
      if (board.get(cell[1]).charAt(cell[0]) != disc || disc == '.') {
        problems.add("line cell " + cell[0] + "," + cell[1] + " is not " + disc);
      }
      if (i > 0 && (cell[0] - line.get(i - 1)[0] != dc || cell[1] - line.get(i - 1)[1] != dr)) {
        problems.add("line not straight at " + i);
      }
    }
    if (v.players().size() < 2) {
      return; // the winner may have left and sat down again, on another seat
    }
    v.players().stream()
        .filter(p -> p.name().equals(result.winner()))
        .findFirst()
        .ifPresent(
            w -> {
              if (w.disc().charAt(0) != disc) {
                problems.add("winner " + w.name() + " plays " + w.disc() + ", line is " + disc);
              }
            });
  }

  private static void assertRestoresTheSame(TestRoom room) {
    if (room.snapshot() == null) {
      return; // nothing changed yet
    }
    TestRoom back = room.restored();
    assertThat(back.tick()).isEqualTo(room.tick());
    assertThat(back.members()).isEqualTo(room.members());
    assertThat(back.room().snapshot()).isEqualTo(room.room().snapshot());
    assertThat(JsonText.fields(back.room().view("nobody")::write))
        .isEqualTo(JsonText.fields(room.room().view("nobody")::write));
    for (String m : room.members()) {
      assertThat(back.view(m)).isEqualTo(room.view(m));
      assertThat(back.joined(m)).isEqualTo(room.joined(m));
      assertThat(back.enter(m)).isEqualTo(room.enter(m));
      assertThat(back.room().progress(m)).isEqualTo(room.room().progress(m));
      assertThat(back.score(m)).isEqualTo(room.score(m));
    }
  }
}
