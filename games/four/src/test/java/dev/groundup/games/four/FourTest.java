package dev.groundup.games.four;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.tuple;

import dev.groundup.game.Args;
import dev.groundup.game.Effects;
import dev.groundup.game.Game;
import dev.groundup.game.Input;
import dev.groundup.game.Joining;
import dev.groundup.game.Leaving;
import dev.groundup.game.Limits;
import dev.groundup.game.Refusal;
import dev.groundup.game.RoomContext;
import dev.groundup.game.testing.GameTestKit;
import dev.groundup.game.testing.JsonText;
import dev.groundup.game.testing.TestRoom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Connect four's rules ({@link Four}, {@link FourGame}) through {@link GameTestKit}. */
class FourTest {

  /** A sequence of columns that fills the board, x starting, without four in a row. */
  static final int[] DRAW = {
    0, 3, 0, 6, 1, 3, 0, 5, 4, 1, 1, 1, 1, 2, 4, 3, 5, 2, 3, 3, 1, 0, 0, 5, 3, 0, 2, 6, 6, 2, 2, 6,
    6, 4, 6, 2, 4, 4, 5, 5, 4, 5
  };

  private static final String EMPTY_ROW = ".......";

  private static TestRoom room() {
    return GameTestKit.of(new FourGame()).room("r", 1);
  }

  /** A room where ada (x) and bob (o) sit, ada to play. */
  private static TestRoom adaAndBob() {
    TestRoom room = room();
    room.join("ada");
    room.join("bob");
    return room;
  }

  private static FourView view(TestRoom room) {
    return ((Four) room.room()).view("anyone");
  }

  private static long drop(TestRoom room, String player, int col) {
    return room.input(player, "drop", Map.of("col", col));
  }

  /** Drops the columns in turn, starting with {@code first}, the other player next. */
  private static void drops(TestRoom room, String first, String second, int... cols) {
    for (int i = 0; i < cols.length; i++) {
      drop(room, i % 2 == 0 ? first : second, cols[i]);
    }
  }

  private static Refusal refusal(Runnable call) {
    Refusal r = catchThrowableOfType(Refusal.class, call::run);
    assertThat(r).as("refused").isNotNull();
    return r;
  }

  private static String code(Runnable call) {
    return refusal(call).code();
  }

  private static FourView.Player player(TestRoom room, String name) {
    return view(room).players().stream()
        .filter(p -> p.name().equals(name))
        .findFirst()
        .orElseThrow();
  }

  private static List<List<Integer>> line(FourView view) {
    List<List<Integer>> cells = new ArrayList<>();
    for (int[] c : view.result().line()) {
      cells.add(List.of(c[0], c[1]));
    }
    return cells;
  }

  private static List<Integer> cell(int col, int row) {
    return List.of(col, row);
  }

  // ---- seats and rounds ----

  @Test
  void theFirstToSitIsXTheSecondO() {
    TestRoom room = room();
    room.join("bob");
    room.join("ada");
    assertThat(view(room).players())
        .extracting(FourView.Player::name, FourView.Player::disc)
        .containsExactly(tuple("bob", "x"), tuple("ada", "o"));
  }

  @Test
  void aRoundStartsWhenTheSecondPlayerSits() {
    TestRoom room = room();
    room.join("ada");
    FourView alone = view(room);
    assertThat(alone.round()).isZero();
    assertThat(alone.turn()).isNull();
    assertThat(alone.result()).isNull();
    assertThat(alone.board()).hasSize(6).containsOnly(EMPTY_ROW);
    assertThat(code(() -> drop(room, "ada", 3))).isEqualTo("waiting_for_player");
    assertThat(code(() -> room.input("ada", "rematch", Map.of()))).isEqualTo("waiting_for_player");

    room.join("bob");
    assertThat(view(room).round()).isEqualTo(1);
    assertThat(view(room).turn()).isEqualTo("ada");
    assertThat(view(room).result()).isNull();
  }

  @Test
  void turnsAlternate() {
    TestRoom room = adaAndBob();
    assertThat(code(() -> drop(room, "bob", 3))).isEqualTo("not_your_turn");
    drop(room, "ada", 3);
    assertThat(view(room).turn()).isEqualTo("bob");
    Refusal again = refusal(() -> drop(room, "ada", 3));
    assertThat(again.code()).isEqualTo("not_your_turn");
    assertThat(again).hasMessage("it is bob's turn");
    drop(room, "bob", 3);
    assertThat(view(room).turn()).isEqualTo("ada");
    assertThat(view(room).board())
        .containsExactly(EMPTY_ROW, EMPTY_ROW, EMPTY_ROW, EMPTY_ROW, "...o...", "...x...");
  }

  @Test
  void whoStartsTheNextRoundAlternates() {
    TestRoom room = adaAndBob();
    List<String> starters = new ArrayList<>();
    for (int round = 1; round <= 4; round++) {
      FourView v = view(room);
      assertThat(v.round()).isEqualTo(round);
      String first = v.turn();
      String second = first.equals("ada") ? "bob" : "ada";
      starters.add(first);
      drops(room, first, second, 0, 1, 0, 1, 0, 1, 0); // first wins down column 0
      assertThat(view(room).result().winner()).isEqualTo(first);
      room.input(round % 2 == 0 ? "ada" : "bob", "rematch", Map.of());
    }
    assertThat(starters).containsExactly("ada", "bob", "ada", "bob");
  }

  // ---- wins and draws ----

  @Test
  void fourAcrossWins() {
    TestRoom room = adaAndBob();
    drops(room, "ada", "bob", 0, 0, 1, 1, 2, 2, 3);
    FourView v = view(room);
    assertThat(v.result().outcome()).isEqualTo(Four.Outcome.WIN);
    assertThat(v.result().winner()).isEqualTo("ada");
    assertThat(line(v)).containsExactly(cell(0, 5), cell(1, 5), cell(2, 5), cell(3, 5));
    assertThat(v.turn()).isNull();
    assertThat(v.board()).endsWith("ooo....", "xxxx...");
  }

  @Test
  void fourDownWins() {
    TestRoom room = adaAndBob();
    drops(room, "ada", "bob", 6, 5, 6, 5, 6, 5, 6);
    assertThat(line(view(room))).containsExactly(cell(6, 2), cell(6, 3), cell(6, 4), cell(6, 5));
    assertThat(view(room).result().winner()).isEqualTo("ada");
  }

  @Test
  void fourDiagonallyUpToTheRightWins() {
    TestRoom room = adaAndBob();
    drops(room, "ada", "bob", 4, 5, 5, 4, 4, 5, 5, 4, 2, 3, 3);
    FourView v = view(room);
    assertThat(v.result().winner()).isEqualTo("ada");
    assertThat(line(v)).containsExactly(cell(2, 5), cell(3, 4), cell(4, 3), cell(5, 2));
    assertThat(v.board())
        .containsExactly(EMPTY_ROW, EMPTY_ROW, "....ox.", "....xo.", "...xox.", "..xoxo.");
  }

  @Test
  void fourDiagonallyDownToTheRightWins() {
    TestRoom room = adaAndBob();
    drops(room, "ada", "bob", 1, 0, 2, 2, 1, 1, 0, 3, 0, 0);
    FourView v = view(room);
    assertThat(v.result().winner()).isEqualTo("bob");
    assertThat(v.board())
        .containsExactly(EMPTY_ROW, EMPTY_ROW, "o......", "xo.....", "xxo....", "oxxo...");
    assertThat(line(v)).containsExactly(cell(0, 2), cell(1, 3), cell(2, 4), cell(3, 5));
  }

  @Test
  void aDiscThatJoinsTwoRunsWinsWithTheWholeLine() {
    TestRoom room = adaAndBob();
    // x on 0, 1, 3, 4 of the bottom row, then 2
    drops(room, "ada", "bob", 0, 0, 1, 1, 3, 3, 4, 4, 2);
    assertThat(line(view(room)))
        .containsExactly(cell(0, 5), cell(1, 5), cell(2, 5), cell(3, 5), cell(4, 5));
  }

  @Test
  void aFullBoardIsADraw() {
    TestRoom room = adaAndBob();
    for (int i = 0; i < DRAW.length - 1; i++) {
      drop(room, i % 2 == 0 ? "ada" : "bob", DRAW[i]);
      assertThat(view(room).result()).as("after %d", i + 1).isNull();
    }
    drop(room, "bob", DRAW[DRAW.length - 1]);
    FourView v = view(room);
    assertThat(v.result().outcome()).isEqualTo(Four.Outcome.DRAW);
    assertThat(v.result().winner()).isNull();
    assertThat(v.turn()).isNull();
    assertThat(v.board()).noneMatch(row -> row.contains("."));
    assertThat(player(room, "ada"))
        .extracting(FourView.Player::wins, FourView.Player::losses, FourView.Player::draws)
        .containsExactly(0L, 0L, 1L);
    assertThat(player(room, "bob").draws()).isEqualTo(1);
    assertThat(room.score("ada")).isZero();
    assertThat(room.score("bob")).isZero();
    assertThat(room.view("ada")).endsWith(",\"round\":1,\"result\":{\"draw\":true}}");
    assertThat(code(() -> drop(room, "ada", 0))).isEqualTo("game_over");
  }

  @Test
  void aWinIsALeaderboardPointAndARecord() {
    TestRoom room = adaAndBob();
    drops(room, "ada", "bob", 0, 1, 0, 1, 0, 1, 0);
    assertThat(room.score("ada")).isEqualTo(1);
    assertThat(room.score("bob")).isZero();
    assertThat(player(room, "ada"))
        .extracting(FourView.Player::wins, FourView.Player::losses, FourView.Player::draws)
        .containsExactly(1L, 0L, 0L);
    assertThat(player(room, "bob").losses()).isEqualTo(1);
  }

  @Test
  void afterARoundTheBoardStaysUntilARematch() {
    TestRoom room = adaAndBob();
    drops(room, "ada", "bob", 0, 1, 0, 1, 0, 1, 0);
    List<String> board = view(room).board();
    Refusal over = refusal(() -> drop(room, "bob", 3));
    assertThat(over.code()).isEqualTo("game_over");
    assertThat(over).hasMessage("the round is over: send rematch to play another");
    assertThat(code(() -> drop(room, "ada", 3))).isEqualTo("game_over");
    assertThat(view(room).board()).isEqualTo(board);

    long tick = room.tick();
    long seq = room.input("ada", "rematch", Map.of());
    assertThat(room.ackedAt(seq)).hasValue(tick + 1);
    FourView v = view(room);
    assertThat(v.round()).isEqualTo(2);
    assertThat(v.board()).containsOnly(EMPTY_ROW);
    assertThat(v.result()).isNull();
    assertThat(v.turn()).isEqualTo("bob");
    assertThat(code(() -> room.input("bob", "rematch", Map.of()))).isEqualTo("round_in_progress");
  }

  @Test
  void aRematchInTheMiddleOfARoundIsRefused() {
    TestRoom room = adaAndBob();
    drop(room, "ada", 3);
    Refusal r = refusal(() -> room.input("ada", "rematch", Map.of()));
    assertThat(r.code()).isEqualTo("round_in_progress");
    assertThat(view(room).board()).endsWith("...x...");
  }

  // ---- leaving ----

  @Test
  void leavingInTheMiddleOfARoundForfeitsIt() {
    TestRoom room = adaAndBob();
    drops(room, "ada", "bob", 3, 3);
    Leaving leaving = room.leave("ada");
    assertThat(Four.readProgress(leaving.progress())).containsExactly(0, 1, 0);
    assertThat(leaving.seat()).isNull();

    FourView v = view(room);
    assertThat(v.result().outcome()).isEqualTo(Four.Outcome.FORFEIT);
    assertThat(v.result().winner()).isEqualTo("bob");
    assertThat(v.result().forfeit()).isEqualTo("ada");
    assertThat(v.turn()).isNull();
    assertThat(v.board()).as("as it ended").endsWith("...o...", "...x...");
    assertThat(room.score("bob")).isEqualTo(1);
    assertThat(player(room, "bob"))
        .extracting(FourView.Player::wins, FourView.Player::losses)
        .containsExactly(1L, 0L);
    assertThat(room.view("bob"))
        .isEqualTo(
            "{\"players\":[{\"name\":\"bob\",\"disc\":\"o\",\"wins\":1,\"losses\":0,\"draws\":0}],"
                + "\"board\":[\".......\",\".......\",\".......\",\".......\",\"...o...\","
                + "\"...x...\"],\"turn\":null,\"round\":1,"
                + "\"result\":{\"winner\":\"bob\",\"forfeit\":\"ada\"}}");
    assertThat(code(() -> drop(room, "bob", 0))).isEqualTo("waiting_for_player");
    assertThat(code(() -> room.input("bob", "rematch", Map.of()))).isEqualTo("waiting_for_player");
  }

  @Test
  void leavingAfterARoundForfeitsNothing() {
    TestRoom room = adaAndBob();
    drops(room, "ada", "bob", 0, 1, 0, 1, 0, 1, 0);
    Leaving bob = room.leave("bob");
    assertThat(Four.readProgress(bob.progress())).containsExactly(0, 1, 0);
    assertThat(view(room).result().outcome()).isEqualTo(Four.Outcome.WIN);
    assertThat(room.score("ada")).isEqualTo(1);
  }

  @Test
  void leavingBeforeTheRoundForfeitsNothing() {
    TestRoom room = room();
    room.join("ada");
    Leaving ada = room.leave("ada");
    assertThat(Four.readProgress(ada.progress())).containsExactly(0, 0, 0);
    assertThat(view(room).result()).isNull();
    assertThat(view(room).players()).isEmpty();
  }

  @Test
  void aNewPlayerTakesTheFreeSeatAndARoundStarts() {
    TestRoom room = adaAndBob();
    drops(room, "ada", "bob", 3);
    room.leave("ada");
    room.join("cat");
    FourView v = view(room);
    assertThat(v.players())
        .extracting(FourView.Player::name, FourView.Player::disc)
        .containsExactly(tuple("cat", "x"), tuple("bob", "o"));
    assertThat(v.round()).isEqualTo(2);
    assertThat(v.board()).containsOnly(EMPTY_ROW);
    assertThat(v.result()).isNull();
    assertThat(v.turn()).as("ada's seat started round 1").isEqualTo("bob");
  }

  @Test
  void aThirdPlayerIsRefusedByTheEngine() {
    TestRoom room = adaAndBob();
    assertThat(code(() -> room.join("cat"))).isEqualTo("room_full");
    assertThat(room.members()).containsExactly("ada", "bob");
    assertThat(view(room).players()).hasSize(2);
  }

  // ---- refusals ----

  @Test
  void aFullColumnIsRefused() {
    TestRoom room = adaAndBob();
    drops(room, "ada", "bob", 0, 0, 0, 0, 0, 0);
    assertThat(view(room).board())
        .containsExactly("o......", "x......", "o......", "x......", "o......", "x......");
    Refusal full = refusal(() -> drop(room, "ada", 0));
    assertThat(full.code()).isEqualTo("column_full");
    assertThat(full).hasMessage("column 0 is full");
    assertThat(view(room).turn()).isEqualTo("ada");
    drop(room, "ada", 1);
  }

  @Test
  void aDropWithoutAColumnIsABadRequest() {
    TestRoom room = adaAndBob();
    Refusal missing = refusal(() -> room.input("ada", "drop", Map.of()));
    assertThat(missing.code()).isEqualTo("bad_request");
    assertThat(missing).hasMessage("missing field col");
    Map<String, Object> nullCol = new HashMap<>();
    nullCol.put("col", null);
    assertThat(refusal(() -> room.input("ada", "drop", nullCol))).hasMessage("missing field col");
  }

  @Test
  void aColumnOutOfRangeOrNotAnIntegerIsABadRequest() {
    TestRoom room = adaAndBob();
    long tick = room.tick();
    for (Object col :
        List.of(-1, 7, 100, Long.MAX_VALUE, Long.MIN_VALUE, 3.5, 3.0, "3", true, List.of(3))) {
      Refusal r = refusal(() -> room.input("ada", "drop", Map.of("col", col)));
      assertThat(r.code()).as("col %s", col).isEqualTo("bad_request");
      assertThat(r).hasMessage("col must be an integer from 0 to 6");
    }
    assertThat(room.tick()).as("refusals change nothing").isEqualTo(tick);
    for (int col = 0; col < 7; col++) {
      drop(room, col % 2 == 0 ? "ada" : "bob", col);
    }
  }

  @Test
  void theRoomChecksTheColumnItselfToo() {
    Four four = new Four();
    four.join(new Joining("ada", new byte[0], null), new NoEffects());
    four.join(new Joining("bob", new byte[0], null), new NoEffects());
    Refusal r =
        catchThrowableOfType(
            Refusal.class,
            () ->
                four.input(
                    "ada", new Input(1, "drop", Args.of(Map.of("col", 9))), new NoEffects()));
    assertThat(r.code()).isEqualTo("bad_request");
  }

  @Test
  void anUnknownOpIsRefused() {
    TestRoom room = adaAndBob();
    Refusal r = refusal(() -> room.input("ada", "move", Map.of("dir", "n")));
    assertThat(r.code()).isEqualTo("unknown_op");
    assertThat(r).hasMessage("unknown op 'move'");
  }

  // ---- the game ----

  @Test
  void theGameDescribesItself() {
    FourGame game = new FourGame();
    assertThat(game.id()).isEqualTo("four");
    assertThat(game.inputs()).containsExactlyInAnyOrder("drop", "rematch");
    Limits limits = GameTestKit.of(game).rules().limits();
    assertThat(limits).isEqualTo(new Limits(2, 4, 0));
    assertThat(limits.turnBased()).isTrue();
    assertThat(game.check("drop", Args.of(Map.of("col", 0)))).isNull();
    assertThat(game.check("drop", Args.of(Map.of("col", 6)))).isNull();
    assertThat(game.check("drop", Args.of(Map.of("col", 7))))
        .hasMessage("col must be an integer from 0 to 6");
    assertThat(game.check("drop", Args.of(Map.of()))).hasMessage("missing field col");
    assertThat(game.check("rematch", Args.of(Map.of("col", "x")))).isNull();
    assertThat(game.sampleInputs()).isNotEmpty().allMatch(l -> l.startsWith("{\"op\":\""));
    assertThat(ServiceLoader.load(Game.class).stream().map(p -> p.type().getName()))
        .contains(FourGame.class.getName());
  }

  @Test
  void eachStoredChangeIsATickAndAnAppliedDropIsAckedAtIt() {
    TestRoom room = room();
    assertThat(room.tick()).isEqualTo(1);
    room.join("ada");
    room.join("bob");
    assertThat(room.tick()).isEqualTo(3);
    long seq = drop(room, "ada", 3);
    assertThat(room.ackedAt(seq)).hasValue(4);
    assertThat(room.waiting(seq)).isFalse();
    code(() -> drop(room, "ada", 3));
    assertThat(room.tick()).isEqualTo(4);
    assertThatThrownBy(() -> room.tick(1)).isInstanceOf(IllegalStateException.class);
  }

  // ---- progress ----

  @Test
  void progressGoesFromRoomToRoom() {
    TestRoom first = adaAndBob();
    drops(first, "ada", "bob", 0, 1, 0, 1, 0, 1, 0); // ada wins
    first.input("ada", "rematch", Map.of());
    drops(first, "bob", "ada", 0, 1, 0, 1, 0, 1, 0); // bob wins
    first.input("bob", "rematch", Map.of());
    for (int i = 0; i < DRAW.length; i++) {
      drop(first, i % 2 == 0 ? "ada" : "bob", DRAW[i]);
    }
    assertThat(first.room().progress("ada")).isEqualTo(Four.progress(1, 1, 1));
    Leaving ada = first.leave("ada");
    Leaving bob = first.leave("bob");
    assertThat(Four.readProgress(ada.progress())).containsExactly(1, 1, 1);
    assertThat(Four.readProgress(bob.progress())).containsExactly(1, 1, 1);

    TestRoom second = GameTestKit.of(new FourGame()).room("r2", 2);
    second.join("bob", bob.progress());
    second.join("cat");
    assertThat(player(second, "bob"))
        .extracting(FourView.Player::wins, FourView.Player::losses, FourView.Player::draws)
        .containsExactly(1L, 1L, 1L);
    drops(second, "bob", "cat", 0, 1, 0, 1, 0, 1, 0);
    assertThat(second.score("bob")).as("this room's points only").isEqualTo(1);
    assertThat(Four.readProgress(second.leave("bob").progress())).containsExactly(2, 1, 1);
  }

  @Test
  void progressOfSomeoneNewIsNone() {
    assertThat(Four.readProgress(new byte[0])).containsExactly(0, 0, 0);
    assertThat(Four.readProgress(null)).containsExactly(0, 0, 0);
    assertThat(Four.readProgress(new Four().progress("ghost"))).containsExactly(0, 0, 0);
    assertThatThrownBy(() -> Four.readProgress(new byte[] {2, 0}))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Four.readProgress(new byte[] {1, 0}))
        .isInstanceOf(IllegalArgumentException.class);
  }

  // ---- snapshots ----

  private static void assertSameRoom(TestRoom back, TestRoom room) {
    assertThat(back.members()).isEqualTo(room.members());
    assertThat(back.room().snapshot()).isEqualTo(room.room().snapshot());
    for (String m : room.members()) {
      assertThat(back.view(m)).isEqualTo(room.view(m));
      assertThat(back.joined(m)).isEqualTo(room.joined(m));
      assertThat(back.enter(m)).isEqualTo(room.enter(m));
      assertThat(back.room().progress(m)).isEqualTo(room.room().progress(m));
      assertThat(back.score(m)).isEqualTo(room.score(m));
    }
  }

  @Test
  void restoreInTheMiddleOfARound() {
    TestRoom room = adaAndBob();
    drops(room, "ada", "bob", 3, 3, 4);
    TestRoom back = room.restored();
    assertThat(back.tick()).isEqualTo(room.tick());
    assertSameRoom(back, room);
    assertThat(code(() -> drop(back, "ada", 2))).isEqualTo("not_your_turn");
    drops(back, "bob", "ada", 4, 5, 4, 2);
    drops(room, "bob", "ada", 4, 5, 4, 2);
    assertThat(back.view("ada")).isEqualTo(room.view("ada"));
    assertThat(view(back).result().winner()).isEqualTo("ada");
    assertThat(back.score("ada")).isEqualTo(1);
  }

  @Test
  void restoreAfterAWinAForfeitAndADraw() {
    TestRoom room = adaAndBob();
    drops(room, "ada", "bob", 0, 0, 1, 1, 2, 2, 3);
    TestRoom afterWin = room.restored();
    assertSameRoom(afterWin, room);
    assertThat(line(view(afterWin))).isEqualTo(line(view(room)));
    assertThat(code(() -> drop(afterWin, "bob", 0))).isEqualTo("game_over");
    afterWin.input("bob", "rematch", Map.of());
    assertThat(view(afterWin).turn()).as("the starter is kept").isEqualTo("bob");

    room.input("ada", "rematch", Map.of());
    for (int i = 0; i < DRAW.length; i++) {
      drop(room, i % 2 == 0 ? "bob" : "ada", DRAW[i]);
    }
    assertSameRoom(room.restored(), room);

    room.input("ada", "rematch", Map.of());
    drop(room, "ada", 3);
    room.leave("bob");
    TestRoom afterForfeit = room.restored();
    assertSameRoom(afterForfeit, room);
    assertThat(view(afterForfeit).result().forfeit()).isEqualTo("bob");
    afterForfeit.join("cat");
    room.join("cat");
    assertSameRoom(afterForfeit, room);
  }

  @Test
  void restoreOfAnEmptyRoom() {
    TestRoom room = room();
    room.join("ada");
    room.leave("ada");
    TestRoom back = room.restored();
    assertThat(back.members()).isEmpty();
    assertThat(JsonText.fields(back.room().view("x")::write))
        .isEqualTo(JsonText.fields(room.room().view("x")::write));
  }

  @Test
  void anUnreadableSnapshotIsRefused() {
    TestRoom room = adaAndBob();
    drops(room, "ada", "bob", 0, 0, 1, 1, 2, 2, 3);
    byte[] good = room.snapshot();
    for (int length : new int[] {0, 1, 5, 20, 47, 60, 110, good.length - 1}) {
      byte[] cut = Arrays.copyOf(good, length);
      assertThatThrownBy(
              () ->
                  GameTestKit.of(new FourGame())
                      .rules()
                      .restore(new RoomContext("r", 1, new SplittableRandom(1)), cut))
          .as("cut at %d of %d", length, good.length)
          .isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void aSnapshotOfAnotherVersionIsRefused() {
    byte[] s = adaAndBob().snapshot();
    s[0] = 9;
    assertThatThrownBy(() -> Four.restore(s))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("version 9");
  }

  // ---- what members see ----

  @Test
  void theJoinedStateAndEnterFields() {
    TestRoom room = room();
    assertThat(room.join("ada"))
        .isEqualTo(
            "{\"game\":\"four\",\"columns\":7,\"rows\":6,"
                + "\"players\":[{\"name\":\"ada\",\"disc\":\"x\",\"wins\":0,\"losses\":0,\"draws\":0}],"
                + "\"board\":[\".......\",\".......\",\".......\",\".......\",\".......\",\".......\"],"
                + "\"turn\":null,\"round\":0,\"result\":null}");
    room.join("bob", Four.progress(3, 2, 1));
    assertThat(room.enter("bob"))
        .isEqualTo(
            "{\"player\":{\"name\":\"bob\",\"disc\":\"o\",\"wins\":3,\"losses\":2,\"draws\":1}}");
    String players =
        "\"players\":[{\"name\":\"ada\",\"disc\":\"x\",\"wins\":0,\"losses\":0,\"draws\":0},"
            + "{\"name\":\"bob\",\"disc\":\"o\",\"wins\":3,\"losses\":2,\"draws\":1}]";
    assertThat(room.view("bob"))
        .isEqualTo(
            "{"
                + players
                + ",\"board\":[\".......\",\".......\",\".......\",\".......\",\".......\","
                + "\".......\"],\"turn\":\"ada\",\"round\":1,\"result\":null}");
    assertThat(room.joined("bob"))
        .isEqualTo("{\"game\":\"four\",\"columns\":7,\"rows\":6," + room.view("bob").substring(1));

    drops(room, "ada", "bob", 0, 6, 1, 6, 2, 6, 3);
    assertThat(room.view("ada"))
        .isEqualTo(
            "{\"players\":[{\"name\":\"ada\",\"disc\":\"x\",\"wins\":1,\"losses\":0,\"draws\":0},"
                + "{\"name\":\"bob\",\"disc\":\"o\",\"wins\":3,\"losses\":3,\"draws\":1}],"
                + "\"board\":[\".......\",\".......\",\".......\",\"......o\",\"......o\","
                + "\"xxxx..o\"],\"turn\":null,\"round\":1,"
                + "\"result\":{\"winner\":\"ada\",\"line\":[[0,5],[1,5],[2,5],[3,5]]}}");
    assertThat(room.shown("bob")).last().isEqualTo(room.view("bob"));
  }

  @Test
  void oneViewInstanceServesBothPlayersUntilTheNextChange() {
    TestRoom room = adaAndBob();
    Four four = (Four) room.room();
    FourView v = four.view("ada");
    assertThat(four.view("bob")).isSameAs(v);
    code(() -> drop(room, "bob", 0));
    assertThat(four.view("bob")).as("a refusal changes nothing").isSameAs(v);
    drop(room, "ada", 0);
    assertThat(four.view("bob")).isNotSameAs(v).isSameAs(four.view("ada"));
    assertThat(v.board()).as("the old view is unchanged").containsOnly(EMPTY_ROW);
  }

  /** Effects that record nothing, for a room driven by hand. */
  static final class NoEffects implements Effects {
    @Override
    public void changed() {}

    @Override
    public void applied(long seq) {}

    @Override
    public void award(String player, long points) {}
  }
}
