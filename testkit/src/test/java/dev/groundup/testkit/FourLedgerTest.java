package dev.groundup.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.groundup.testkit.FourLedger.View;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The checker of connect four: views that keep every acknowledged drop in order pass, and each way
 * of losing, moving, swapping or doubling a drop, a wrong turn or winner, a tick going back or
 * another round is found.
 */
class FourLedgerTest {

  private static final String EMPTY = ".......";

  /** ada (x) and bo (o), round 1 started at tick 2 with ada to move. */
  private final FourLedger ledger = new FourLedger(Map.of("ada", 'x', "bo", 'o'), "ada", 1, 2);

  private static List<String> board(String... bottomRows) {
    List<String> rows = new ArrayList<>();
    for (int i = 0; i < FourLedger.ROWS - bottomRows.length; i++) {
      rows.add(EMPTY);
    }
    rows.addAll(List.of(bottomRows));
    return rows;
  }

  private static View view(String viewer, long tick, List<String> board, String turn) {
    return new View(viewer, tick, 1, board, turn, null);
  }

  /** ada 3 @3, bo 3 @4, ada 2 @5: bo to move. */
  private void threeDrops() {
    ledger.acked("ada", 3, 3);
    ledger.acked("bo", 3, 4);
    ledger.acked("ada", 2, 5);
  }

  private static final List<String> AFTER_THREE = board("...o...", "..xx...");

  @Test
  void viewsThatKeepEveryDropInOrderPass() {
    List<View> views =
        List.of(
            view("ada", 2, board(), "ada"),
            view("bo", 2, board(), "ada"),
            view("ada", 3, board("...x..."), "bo"),
            view("bo", 3, board("...x..."), "bo"),
            view("bo", 4, board("...o...", "...x..."), "ada"),
            view("ada", 5, AFTER_THREE, "bo"),
            view("bo", 7, AFTER_THREE, "bo"));
    threeDrops();
    assertThat(ledger.check(views)).isEmpty();
    assertThat(ledger.checkShows(view("ada", 8, AFTER_THREE, "bo"))).isEmpty();
    assertThat(ledger.board()).isEqualTo(AFTER_THREE);
    assertThat(ledger.toMove()).isEqualTo("bo");
    assertThat(ledger.winner()).isNull();
  }

  @Test
  void viewsFromBeforeTheRoundStartedAreNotLookedAt() {
    View alone = new View("ada", 1, 0, board(), null, null);
    assertThat(ledger.check(List.of(alone, view("ada", 2, board(), "ada")))).isEmpty();
  }

  @Test
  void anAcknowledgedDropMissingFromALaterViewIsLost() {
    threeDrops();
    List<String> found = ledger.check(List.of(view("bo", 6, board("...o...", "...x..."), "ada")));
    assertThat(found).anySatisfy(p -> assertThat(p).contains("lost [ada col 2 @5]"));
  }

  @Test
  void aViewMayShowADropWhoseAckHadNotComeByItsTick() {
    // the state of tick 5 reached bo before ada's ack, or the ack was lost with its shard node
    threeDrops();
    assertThat(ledger.check(List.of(view("bo", 4, AFTER_THREE, "bo")))).isEmpty();
  }

  @Test
  void theRoomAsItIsNowMustShowEveryDropMade() {
    threeDrops();
    ledger.applied("bo", 4);
    View now = view("ada", 9, AFTER_THREE, "bo");
    assertThat(ledger.checkShows(now))
        .singleElement()
        .asString()
        .contains("shows 3 of the 4 drops made: lost [bo col 4 (applied, no ack)]");
  }

  @Test
  void twoDropsInAColumnInTheOtherOrderAreFound() {
    threeDrops();
    List<String> swapped = board("...x...", "..xo...");
    assertThat(ledger.check(List.of(view("bo", 5, swapped, "bo"))))
        .singleElement()
        .asString()
        .contains("not the board of the first 3 drops in order")
        .contains("drop 1, ada col 3 @3, is not at column 3 row 5");
  }

  @Test
  void aDropInAnotherColumnIsFound() {
    threeDrops();
    assertThat(ledger.check(List.of(view("bo", 5, board("...o...", "...xx.."), "bo"))))
        .singleElement()
        .asString()
        .contains("drop 3, ada col 2 @5, is not at column 2 row 5");
  }

  @Test
  void moreDiscsThanDropsMadeIsADropAppliedTwice() {
    threeDrops();
    assertThat(ledger.check(List.of(view("bo", 6, board("..xo...", "..xx..."), "bo"))))
        .singleElement()
        .asString()
        .contains("shows 4 discs, but only 3 drops were made");
  }

  @Test
  void theWrongPlayerToMoveIsFound() {
    threeDrops();
    assertThat(ledger.check(List.of(view("ada", 5, AFTER_THREE, "ada"))))
        .singleElement()
        .asString()
        .contains("has ada to move, but after 3 drops it is bo");
  }

  @Test
  void aTickGoingBackIsFound() {
    threeDrops();
    assertThat(
            ledger.check(
                List.of(view("bo", 5, AFTER_THREE, "bo"), view("bo", 4, AFTER_THREE, "bo"))))
        .singleElement()
        .asString()
        .isEqualTo("bo's view went back from tick 5 to 4");
  }

  @Test
  void aViewOfAnotherRoundIsFound() {
    View fresh = new View("ada", 6, 2, board(), "bo", null);
    assertThat(ledger.check(List.of(fresh)))
        .singleElement()
        .asString()
        .contains("is of round 2, not of round 1");
  }

  @Test
  void aBoardOfTheWrongShapeIsFound() {
    assertThat(ledger.check(List.of(view("ada", 3, List.of(EMPTY), "ada"))))
        .singleElement()
        .asString()
        .contains("has no board of 6 rows of 7");
  }

  @Test
  void acksInTicksThatDoNotGrowAreFound() {
    ledger.acked("ada", 0, 5);
    ledger.acked("bo", 1, 5);
    assertThat(ledger.check(List.of()))
        .singleElement()
        .asString()
        .contains("drop 2 (bo col 1 @5) was acknowledged at a tick not after the one before");
  }

  @Test
  void fourInARowWinsAndEndsTheTurns() {
    // ada: 3 2 1 0 along the bottom row; bo: 3 4 3 on top and beside
    long tick = 3;
    for (int col : new int[] {3, 3, 2, 4, 1, 3}) {
      ledger.acked(ledger.toMove(), col, tick++);
    }
    assertThat(ledger.toMove()).isEqualTo("ada");
    ledger.acked("ada", 0, tick);
    assertThat(ledger.toMove()).isNull();
    assertThat(ledger.winner()).isEqualTo("ada");
    List<String> won = board("...o...", "...o...", "xxxxo..");
    assertThat(ledger.board()).isEqualTo(won);
    assertThat(ledger.checkShows(new View("bo", tick, 1, won, null, "ada"))).isEmpty();
    assertThat(ledger.checkShows(new View("bo", tick, 1, won, null, "bo")))
        .singleElement()
        .asString()
        .contains("names the winner bo, but after 7 drops it is ada");
    long next = tick + 1;
    assertThatThrownBy(() -> ledger.acked("bo", 5, next))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("nobody's turn");
  }

  @Test
  void aFullBoardWithoutFourInARowIsADraw() {
    // FourTest.DRAW: 42 drops, x starting, that fill the board without four in a row
    int[] draw = {
      0, 3, 0, 6, 1, 3, 0, 5, 4, 1, 1, 1, 1, 2, 4, 3, 5, 2, 3, 3, 1, 0, 0, 5, 3, 0, 2, 6, 6, 2, 2,
      6, 6, 4, 6, 2, 4, 4, 5, 5, 4, 5
    };
    for (int i = 0; i < draw.length; i++) {
      ledger.acked(ledger.toMove(), draw[i], 3 + i);
    }
    assertThat(ledger.toMove()).isNull();
    assertThat(ledger.winner()).isNull();
    assertThat(String.join("", ledger.board())).doesNotContain(".");
  }

  @Test
  void theLedgerTakesOnlyDropsTheGameWouldTake() {
    assertThatThrownBy(() -> ledger.acked("bo", 3, 3))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("it is ada's turn");
    for (int i = 0; i < FourLedger.ROWS; i++) {
      ledger.acked(ledger.toMove(), 6, 3 + i);
    }
    assertThatThrownBy(() -> ledger.acked(ledger.toMove(), 6, 20))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no room in that column");
    assertThatThrownBy(() -> ledger.acked(ledger.toMove(), 7, 20))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ledger.acked(ledger.toMove(), 0, 0))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
