package dev.groundup.node;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.groundup.common.shard.RoutingMode;
import dev.groundup.common.shard.ShardIds;
import dev.groundup.common.store.GameStore;
import dev.groundup.common.store.ShardLease;
import dev.groundup.common.testing.Ports;
import dev.groundup.testkit.Await;
import dev.groundup.testkit.FourLedger;
import dev.groundup.testkit.FourPlayers;
import dev.groundup.testkit.LineClient;
import dev.groundup.testkit.RoomPlacement;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * Connect four across separate processes (a registry node, shard-1, shard-2, a gateway) through
 * real TCP connections, the way {@code nc} would play it: two players sit down in a room that runs
 * on shard-1, a third is turned away ({@code room_full}) and so is a player of another game ({@code
 * wrong_game}); three discs in, with the second player to move, shard-1 is killed (SIGKILL).
 * Shard-2 takes the room's shard over from the store under a new epoch; the players, still on their
 * connections, see the same board with the same player to move, the game still refuses the player
 * who is not to move, and they play on to a win, which shows on the leaderboard ({@code top}).
 * Every view either player got is held to {@link FourLedger}: nothing acknowledged was lost, in
 * order, with the right turn. The negative control runs the kill with storage switched off and
 * shows the checker catching the loss.
 */
class FourIT {

  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final ShardIds IDS = new ShardIds(64, RoutingMode.SHARDED);

  /** ada 3, bo 3, ada 2: bo to move. */
  private static final int[] BEFORE_THE_KILL = {3, 3, 2};

  /** bo 4, ada 1, bo 3, ada 0: ada has four along the bottom row. */
  private static final int[] AFTER_THE_KILL = {4, 1, 3, 0};

  @TempDir(cleanup = CleanupMode.ON_SUCCESS)
  Path dir;

  /** The processes, the gateway's player port, and a room of four that runs on shard-1. */
  private record Run(NodeProcess shard1, NodeProcess shard2, int port, String room) {

    static Run start(ProcessCluster cluster) throws Exception {
      cluster.startRegistries();
      NodeProcess shard1 = cluster.startShard("shard-1");
      NodeProcess shard2 = cluster.startShard("shard-2");
      int port = Ports.free();
      NodeProcess gateway = cluster.startGateway("gateway-1", port);
      for (NodeProcess n : List.of(shard1, shard2, gateway)) {
        n.awaitReady(ProcessCluster.READY);
      }
      List<String> nodes = List.of(nodeId(shard1), nodeId(shard2));
      String room = RoomPlacement.roomsOn(nodes.get(0), nodes, 1, "four-").getFirst();
      return new Run(shard1, shard2, port, room);
    }

    FourPlayers players() {
      return FourPlayers.start("127.0.0.1", port, room, "ada", "bo");
    }
  }

  @Test
  void connectFourSurvivesAKillOfItsShardNodeMidRoundAndTheWinShowsInTop() throws Exception {
    try (ProcessCluster cluster = new ProcessCluster(dir, 1, Map.of())) {
      Run run = Run.start(cluster);
      NodeProcess shard1 = run.shard1();
      int port = run.port();
      String room = run.room();
      int shard = IDS.room(room);
      GameStore store = new GameStore(cluster.observer().vertx(), cluster.observer().hazelcast());

      try (FourPlayers four = run.players()) {
        JsonNode joined = four.joined("bo");
        assertThat(joined.path("game").asText()).isEqualTo("four");
        assertThat(joined.path("columns").asInt()).isEqualTo(7);
        assertThat(joined.path("rows").asInt()).isEqualTo(6);
        assertThat(discs(joined)).containsExactly("ada x", "bo o");
        assertThat(joined.path("turn").asText()).isEqualTo("ada");
        assertThat(joined.path("round").asInt()).isEqualTo(1);
        turnedAway(port, room, "cy");

        for (int col : BEFORE_THE_KILL) {
          four.drop(col);
        }
        assertThat(four.ledger().toMove()).isEqualTo("bo");
        assertThat(four.check()).as(four.summary()).isEmpty();
        List<String> boardAtKill = four.ledger().board();

        // the JVM to kill is the one whose lease on the room's shard the store holds
        ShardLease before = awaitLease(store, shard, nodeId(shard1));
        assertThat(shard1.isAlive()).isTrue();
        long killed = System.nanoTime();
        shard1.kill();
        assertThat(shard1.isAlive()).isFalse();

        ShardLease after = awaitLease(store, shard, nodeId(run.shard2()));
        assertThat(after.epoch()).as("a takeover takes a new epoch").isGreaterThan(before.epoch());

        // still on their connections, both players find the room as it was: same board, bo to move
        for (String name : four.names()) {
          JsonNode again = four.rejoin(name);
          assertThat(again.path("game").asText()).isEqualTo("four");
          assertThat(rows(again)).as(name + "'s join after the kill").isEqualTo(boardAtKill);
          assertThat(again.path("turn").asText()).isEqualTo("bo");
          assertThat(again.path("round").asInt()).isEqualTo(1);
          assertThat(again.path("result").isNull()).as(again.toString()).isTrue();
          assertThat(discs(again)).containsExactly("ada x", "bo o");
        }
        double servedAgain = (System.nanoTime() - killed) / 1e9;
        assertThat(four.checkSettled()).as(four.summary()).isEmpty();
        assertThat(refusedDrop(four, "ada", 0))
            .as("the game on the new owner knows whose turn it is")
            .isEqualTo("not_your_turn");
        turnedAway(port, room, "dee");

        FourLedger.View last = null;
        for (int col : AFTER_THE_KILL) {
          last = four.drop(col);
        }
        assertThat(last.winner()).isEqualTo("ada");
        assertThat(last.turn()).isNull();
        JsonNode won =
            four.client("bo")
                .awaitSeen(
                    "the state of ada's win",
                    e ->
                        "state".equals(e.path("ev").asText())
                            && e.path("result").path("winner").asText().equals("ada"),
                    LineClient.TIMEOUT);
        assertThat(won.path("result").path("line").toString())
            .isEqualTo("[[0,5],[1,5],[2,5],[3,5]]");
        assertThat(refusedDrop(four, "bo", 5)).isEqualTo("game_over");
        assertThat(four.checkSettled()).as(four.summary()).isEmpty();

        // the win is a point on the cluster-wide leaderboard
        AtomicReference<JsonNode> top = new AtomicReference<>();
        Await.until(
            "ada's win in top",
            WAIT,
            () -> {
              top.set(four.request("bo", "{\"op\":\"top\"}"));
              return scoreOf(top.get(), "ada") == 1;
            });
        assertThat(top.get().path("players").get(0).path("name").asText()).isEqualTo("ada");
        assertThat(scoreOf(top.get(), "bo")).isLessThanOrEqualTo(0);

        System.out.printf(
            "four: served again %.2f s after kill -9 of %s; %s%n",
            servedAgain, shard1.name(), four.summary());
      }
    }
  }

  @Test
  void negativeControlWithoutStorageTheCheckerCatchesTheLoss() throws Exception {
    try (ProcessCluster cluster =
        new ProcessCluster(dir, 1, Map.of("GROUNDUP_UNSAFE_NO_STORE", "true"))) {
      Run run = Run.start(cluster);
      try (FourPlayers four = run.players()) {
        for (int col : BEFORE_THE_KILL) {
          four.drop(col);
        }
        assertThat(four.checkSettled()).as(four.summary()).isEmpty();
        run.shard1().kill();
        // the room was never stored: shard-2 makes a new one when the players come back
        List<String> found = four.checkSettled();
        assertThat(found).as(four.summary()).isNotEmpty();
        System.out.println("four negative control: " + found);
      }
    }
  }

  private static String nodeId(NodeProcess node) {
    return node.ready().path("nodeId").asText();
  }

  /**
   * A third player is refused the full room ({@code room_full}), and a join naming another game
   * gets {@code wrong_game}.
   */
  private static void turnedAway(int port, String room, String name) {
    try (LineClient c = LineClient.connect(port)) {
      assertThat(c.next().path("ev").asText()).isEqualTo("hello");
      JsonNode welcome = answered(c, 1, "{\"op\":\"login\",\"name\":\"" + name + "\"}");
      assertThat(welcome.path("ev").asText()).as(welcome.toString()).isEqualTo("welcome");
      JsonNode full =
          answered(c, 100, "{\"op\":\"join\",\"room\":\"" + room + "\",\"game\":\"four\"}");
      assertThat(full.path("code").asText()).as(full.toString()).isEqualTo("room_full");
      JsonNode wrong =
          answered(c, 200, "{\"op\":\"join\",\"room\":\"" + room + "\",\"game\":\"arena\"}");
      assertThat(wrong.path("code").asText()).as(wrong.toString()).isEqualTo("wrong_game");
    }
  }

  /**
   * The code of the refusal of {@code player}'s drop into {@code col} (sent again while it is
   * answered unavailable): a drop the game must refuse, so it is not one of the ledger's.
   */
  private static String refusedDrop(FourPlayers four, String player, int col) {
    JsonNode answer = four.request(player, "{\"op\":\"drop\",\"col\":" + col + "}");
    assertThat(answer.path("ev").asText()).as(answer.toString()).isEqualTo("error");
    return answer.path("code").asText();
  }

  /**
   * The answer to {@code json}, sent with ids from {@code firstId} again while it is answered
   * {@code unavailable}.
   */
  private static JsonNode answered(LineClient c, int firstId, String json) {
    AtomicReference<JsonNode> answer = new AtomicReference<>();
    int[] id = {firstId};
    Await.until(
        "an answer to " + json,
        WAIT,
        () -> {
          answer.set(c.request(id[0]++, json));
          return !"unavailable".equals(answer.get().path("code").asText());
        });
    return answer.get();
  }

  /** Waits until the store's lease on {@code shard} names {@code owner}; gives the lease. */
  private static ShardLease awaitLease(GameStore store, int shard, String owner) {
    AtomicReference<ShardLease> lease = new AtomicReference<>();
    Await.until(
        "the lease on shard " + shard + " held by " + owner,
        WAIT,
        () -> {
          lease.set(lease(store, shard).orElse(null));
          return lease.get() != null && owner.equals(lease.get().owner());
        });
    return lease.get();
  }

  /** The lease as stored now (empty also while the store does not answer). */
  private static Optional<ShardLease> lease(GameStore store, int shard) {
    try {
      return store.lease(shard).await(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      return Optional.empty();
    }
  }

  private static List<String> rows(JsonNode view) {
    List<String> rows = new ArrayList<>();
    view.path("board").forEach(r -> rows.add(r.asText()));
    return rows;
  }

  /** "name disc" of each seated player, in the order the view lists them. */
  private static List<String> discs(JsonNode view) {
    List<String> discs = new ArrayList<>();
    view.path("players")
        .forEach(p -> discs.add(p.path("name").asText() + " " + p.path("disc").asText()));
    return discs;
  }

  /** {@code name}'s score in a {@code top} answer, or -1 if it is not listed. */
  private static long scoreOf(JsonNode top, String name) {
    for (JsonNode p : top.path("players")) {
      if (name.equals(p.path("name").asText())) {
        return p.path("score").asLong();
      }
    }
    return -1;
  }
}
