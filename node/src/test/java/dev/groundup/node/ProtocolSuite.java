package dev.groundup.node;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.groundup.common.shard.RoutingMode;
import dev.groundup.testkit.LineClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * PROTOCOL.md section 1 played over real TCP against an in-JVM cluster (registry, two shard nodes,
 * a gateway, each a clustered node of its own). Every routing mode runs the same suite.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class ProtocolSuite {

  private static final AtomicInteger NAMES = new AtomicInteger();

  TestCluster cluster;

  abstract RoutingMode routing();

  @BeforeAll
  void startCluster() throws Exception {
    cluster = newCluster();
  }

  /**
   * The cluster the suite plays against: registry, two shard nodes and a gateway, unless
   * overridden.
   */
  TestCluster newCluster() throws Exception {
    return TestCluster.start(getClass().getSimpleName(), routing(), 2, Map.of());
  }

  @AfterAll
  void stopCluster() {
    if (cluster != null) {
      cluster.close();
    }
  }

  String unique(String base) {
    return base + "-" + routing().ordinal() + "-" + NAMES.incrementAndGet();
  }

  @Test
  void helloComesFirst() {
    try (LineClient c = LineClient.connect(cluster.port)) {
      JsonNode hello = c.next();
      assertThat(hello.toString()).isEqualTo("{\"ev\":\"hello\",\"proto\":1}");
    }
  }

  @Test
  void loginCreatesThePlayerWithATokenAndNamesItsShard() {
    String name = unique("newbie");
    try (LineClient c = cluster.connect()) {
      JsonNode welcome = c.request(7, "{\"op\":\"login\",\"name\":\"" + name + "\"}");
      assertThat(welcome.path("ev").asText()).isEqualTo("welcome");
      assertThat(welcome.path("name").asText()).isEqualTo(name);
      assertThat(welcome.path("token").asText()).hasSizeGreaterThanOrEqualTo(22);
      assertThat(welcome.path("shard").asInt()).isEqualTo(cluster.ids().player(name));
      assertThat(welcome.path("id").asInt()).isEqualTo(7);
    }
  }

  @Test
  void aKnownNameNeedsItsTokenAndTheNewerLoginReplacesTheOlder() {
    String name = unique("owner");
    try (LineClient first = cluster.connect();
        LineClient second = cluster.connect();
        LineClient third = cluster.connect()) {
      String token =
          first.request(1, "{\"op\":\"login\",\"name\":\"" + name + "\"}").path("token").asText();

      JsonNode noToken = second.request(2, "{\"op\":\"login\",\"name\":\"" + name + "\"}");
      assertThat(noToken.path("code").asText()).isEqualTo("name_taken");
      JsonNode wrongToken =
          second.request(3, "{\"op\":\"login\",\"name\":\"" + name + "\",\"token\":\"nope\"}");
      assertThat(wrongToken.path("code").asText()).isEqualTo("name_taken");

      JsonNode welcome =
          third.request(
              4, "{\"op\":\"login\",\"name\":\"" + name + "\",\"token\":\"" + token + "\"}");
      assertThat(welcome.path("ev").asText()).isEqualTo("welcome");
      assertThat(welcome.path("token").asText()).isEqualTo(token);
      assertThat(first.awaitEv("bye").path("reason").asText()).isEqualTo("replaced");
      assertThat(first.awaitClosed(LineClient.TIMEOUT)).isTrue();
      assertThat(third.request(5, "{\"op\":\"ping\"}").path("ev").asText()).isEqualTo("pong");
    }
  }

  @Test
  void everythingButLoginAndQuitNeedsALogin() {
    try (LineClient c = cluster.connect()) {
      int id = 10;
      for (String op :
          List.of(
              "{\"op\":\"join\",\"room\":\"r\"}",
              "{\"op\":\"move\",\"dir\":\"n\"}",
              "{\"op\":\"say\",\"text\":\"hi\"}",
              "{\"op\":\"leave\"}",
              "{\"op\":\"ping\"}",
              "{\"op\":\"top\"}")) {
        JsonNode error = c.request(id++, op);
        assertThat(error.path("code").asText()).as(op).isEqualTo("not_logged_in");
      }
      c.send("{\"op\":\"quit\"}");
      assertThat(c.awaitEv("bye").path("reason").asText()).isEqualTo("quit");
      assertThat(c.awaitClosed(LineClient.TIMEOUT)).isTrue();
    }
  }

  @Test
  void moveSayAndLeaveNeedARoom() {
    try (LineClient c = cluster.login(unique("roomless"))) {
      assertThat(c.request(2, "{\"op\":\"move\",\"dir\":\"n\"}").path("code").asText())
          .isEqualTo("not_in_room");
      assertThat(c.request(3, "{\"op\":\"say\",\"text\":\"hi\"}").path("code").asText())
          .isEqualTo("not_in_room");
      assertThat(c.request(4, "{\"op\":\"leave\"}").path("code").asText()).isEqualTo("not_in_room");
    }
  }

  @Test
  void joinMoveAckAndState() {
    String name = unique("mover");
    String room = unique("room");
    try (LineClient c = cluster.login(name)) {
      JsonNode joined = c.request(2, "{\"op\":\"join\",\"room\":\"" + room + "\"}");
      assertThat(joined.path("ev").asText()).isEqualTo("joined");
      assertThat(joined.path("room").asText()).isEqualTo(room);
      assertThat(joined.path("tick").asLong()).isGreaterThanOrEqualTo(1);
      assertThat(joined.path("width").asInt()).isEqualTo(32);
      assertThat(joined.path("height").asInt()).isEqualTo(32);
      assertThat(joined.path("coins")).hasSize(8);
      JsonNode me = Play.me(joined, name);
      assertThat(me.path("score").asLong()).isZero();
      assertThat(me.path("steps").asLong()).isZero();

      String dir = me.path("x").asInt() > 0 ? "w" : "e";
      JsonNode ack = c.request(3, "{\"op\":\"move\",\"dir\":\"" + dir + "\"}");
      assertThat(ack.path("ev").asText()).isEqualTo("ack");
      long tick = ack.path("tick").asLong();
      assertThat(tick).isGreaterThan(joined.path("tick").asLong());
      JsonNode state =
          c.awaitSeen(
              "state with the move", e -> Play.stateWithSteps(e, name, 1), LineClient.TIMEOUT);
      assertThat(state.path("tick").asLong()).isEqualTo(tick);
      assertThat(Play.me(state, name).path("x").asInt())
          .isEqualTo(me.path("x").asInt() + ("w".equals(dir) ? -1 : 1));

      // a move without an id is applied but not acknowledged
      c.send("{\"op\":\"move\",\"dir\":\"s\"}");
      c.awaitSeen(
          "state with the second step", e -> Play.stateWithSteps(e, name, 2), LineClient.TIMEOUT);
      assertThat(c.request(4, "{\"op\":\"ping\"}").path("ev").asText()).isEqualTo("pong");
      assertThat(c.history()).filteredOn(e -> "ack".equals(e.path("ev").asText())).hasSize(1);
    }
  }

  @Test
  void ticksOnlyGoUp() {
    String name = unique("ticker");
    try (LineClient c = cluster.login(name)) {
      c.request(2, "{\"op\":\"join\",\"room\":\"" + unique("ticks") + "\"}");
      for (int i = 0; i < 5; i++) {
        c.send(
            "{\"op\":\"move\",\"dir\":\""
                + (i % 2 == 0 ? "n" : "s")
                + "\",\"id\":"
                + (10 + i)
                + "}");
      }
      c.awaitId(14);
      long last = 0;
      for (JsonNode e : c.history()) {
        if (e.has("tick")) {
          assertThat(e.path("tick").asLong()).as("tick in " + e).isGreaterThanOrEqualTo(last);
          last = e.path("tick").asLong();
        }
      }
    }
  }

  @Test
  void twoPlayersInARoomThatRunsOnAnotherShardNode() {
    // a room and two players whose own shards are on a different shard node than the room (when
    // there is one)
    String room = unique("arena");
    String roomNode = cluster.ownerOf(cluster.ids().room(room));
    List<String> players = new ArrayList<>();
    while (players.size() < 2) {
      String candidate = unique("far");
      if (routing() == RoutingMode.SINGLE
          || cluster.shardNodeCount() == 1
          || !cluster.ownerOf(cluster.ids().player(candidate)).equals(roomNode)) {
        players.add(candidate);
      }
    }
    String a = players.get(0);
    String b = players.get(1);
    try (LineClient ca = cluster.login(a);
        LineClient cb = cluster.login(b)) {
      ca.request(2, "{\"op\":\"join\",\"room\":\"" + room + "\"}");
      JsonNode joined = cb.request(2, "{\"op\":\"join\",\"room\":\"" + room + "\"}");
      assertThat(joined.path("players"))
          .extracting(p -> p.path("name").asText())
          .containsExactlyInAnyOrder(a, b);
      JsonNode enter = ca.awaitEv("enter");
      assertThat(enter.path("room").asText()).isEqualTo(room);
      assertThat(enter.path("player").path("name").asText()).isEqualTo(b);

      ca.send("{\"op\":\"say\",\"text\":\"hello \\\"b\\\" ✓\"}");
      for (LineClient c : List.of(ca, cb)) {
        JsonNode said = c.awaitEv("said");
        assertThat(said.path("room").asText()).isEqualTo(room);
        assertThat(said.path("from").asText()).isEqualTo(a);
        assertThat(said.path("text").asText()).isEqualTo("hello \"b\" ✓");
      }

      JsonNode ack = cb.request(3, "{\"op\":\"move\",\"dir\":\"n\"}");
      assertThat(ack.path("ev").asText()).isEqualTo("ack");
      ca.awaitSeen("b's step in a's state", e -> Play.stateWithSteps(e, b, 1), LineClient.TIMEOUT);

      JsonNode left = cb.request(4, "{\"op\":\"leave\"}");
      assertThat(left.path("ev").asText()).isEqualTo("left");
      assertThat(left.path("room").asText()).isEqualTo(room);
      JsonNode exit = ca.awaitEv("exit");
      assertThat(exit.path("room").asText()).isEqualTo(room);
      assertThat(exit.path("name").asText()).isEqualTo(b);
      assertThat(cb.request(5, "{\"op\":\"move\",\"dir\":\"n\"}").path("code").asText())
          .isEqualTo("not_in_room");
    }
  }

  @Test
  void joiningAnotherRoomLeavesTheFirst() {
    String a = unique("hopper");
    String b = unique("stayer");
    String first = unique("first");
    String second = unique("second");
    try (LineClient ca = cluster.login(a);
        LineClient cb = cluster.login(b)) {
      cb.request(2, "{\"op\":\"join\",\"room\":\"" + first + "\"}");
      ca.request(2, "{\"op\":\"join\",\"room\":\"" + first + "\"}");
      JsonNode joined = ca.request(3, "{\"op\":\"join\",\"room\":\"" + second + "\"}");
      assertThat(joined.path("room").asText()).isEqualTo(second);
      assertThat(joined.path("players"))
          .extracting(p -> p.path("name").asText())
          .containsExactly(a);
      JsonNode exit =
          cb.awaitSeen("a's exit", e -> "exit".equals(e.path("ev").asText()), LineClient.TIMEOUT);
      assertThat(exit.path("name").asText()).isEqualTo(a);
      assertThat(exit.path("room").asText()).isEqualTo(first);
      // a now gets only the second room's events
      ca.request(4, "{\"op\":\"move\",\"dir\":\"n\"}");
      cb.send("{\"op\":\"say\",\"text\":\"anyone?\"}");
      cb.awaitEv("said");
      assertThat(ca.request(5, "{\"op\":\"ping\"}").path("ev").asText()).isEqualTo("pong");
      assertThat(ca.history())
          .filteredOn(
              e ->
                  e.has("room")
                      && !"joined".equals(e.path("ev").asText())
                      && !"enter".equals(e.path("ev").asText())
                      && first.equals(e.path("room").asText())
                      && ca.history().indexOf(e) > ca.history().indexOf(joined))
          .isEmpty();
    }
  }

  @Test
  void coinsScoreAndTheLeaderboard() {
    String name = unique("collector");
    try (LineClient c = cluster.login(name)) {
      JsonNode joined = c.request(2, "{\"op\":\"join\",\"room\":\"" + unique("gold") + "\"}");
      List<String> moves = Play.walkToNearestCoin(c, joined, name, 100);
      JsonNode state =
          c.awaitSeen(
              "the score",
              e ->
                  "state".equals(e.path("ev").asText())
                      && Play.me(e, name).path("score").asLong() == 1,
              LineClient.TIMEOUT);
      assertThat(Play.me(state, name).path("steps").asLong()).isEqualTo(moves.size());
      assertThat(state.path("coins")).hasSize(8);

      JsonNode top = c.request(3, "{\"op\":\"top\",\"n\":100}");
      assertThat(top.path("ev").asText()).isEqualTo("top");
      List<JsonNode> entries = new ArrayList<>();
      top.path("players").forEach(entries::add);
      assertThat(entries)
          .anySatisfy(
              p -> {
                assertThat(p.path("name").asText()).isEqualTo(name);
                assertThat(p.path("score").asLong()).isEqualTo(1);
              });
      for (int i = 1; i < entries.size(); i++) {
        JsonNode prev = entries.get(i - 1);
        JsonNode next = entries.get(i);
        assertThat(
                prev.path("score").asLong() > next.path("score").asLong()
                    || prev.path("score").asLong() == next.path("score").asLong()
                        && prev.path("name").asText().compareTo(next.path("name").asText()) < 0)
            .as("order at " + i)
            .isTrue();
      }
      // the score stays with the player after it leaves the room
      c.request(4, "{\"op\":\"leave\"}");
      JsonNode after = c.request(5, "{\"op\":\"top\",\"n\":100}");
      assertThat(after.path("players").findValuesAsText("name")).contains(name);
      assertThat(c.request(6, "{\"op\":\"top\"}").path("players").size()).isLessThanOrEqualTo(10);
    }
  }

  @Test
  void pingPongEchoesTheId() {
    try (LineClient c = cluster.login(unique("pinger"))) {
      assertThat(c.request(42, "{\"op\":\"ping\"}").toString())
          .isEqualTo("{\"ev\":\"pong\",\"id\":42}");
      c.send("{\"op\":\"ping\",\"id\":\"abc\"}");
      assertThat(c.next().toString()).isEqualTo("{\"ev\":\"pong\",\"id\":\"abc\"}");
      c.send("{\"op\":\"ping\"}");
      assertThat(c.next().toString()).isEqualTo("{\"ev\":\"pong\"}");
    }
  }

  @Test
  void badLinesGetTheirErrorCodeAndTheConnectionStaysOpen() {
    try (LineClient c = cluster.connect()) {
      c.send("not json");
      assertThat(c.next().path("code").asText()).isEqualTo("bad_json");
      c.send("[1,2]");
      assertThat(c.next().path("code").asText()).isEqualTo("bad_json");
      c.send("{\"id\":5}");
      JsonNode missing = c.next();
      assertThat(missing.path("code").asText()).isEqualTo("bad_request");
      assertThat(missing.path("id").asInt()).isEqualTo(5);
      c.send("{\"op\":\"dance\",\"id\":6}");
      JsonNode unknown = c.next();
      assertThat(unknown.path("code").asText()).isEqualTo("unknown_op");
      assertThat(unknown.path("id").asInt()).isEqualTo(6);
      assertThat(unknown.path("msg").asText()).isNotBlank();
      c.send("{\"op\":\"login\",\"name\":\"has space\",\"id\":7}");
      assertThat(c.next().path("code").asText()).isEqualTo("bad_request");
      c.send("{\"op\":\"login\",\"name\":\"" + "x".repeat(33) + "\"}");
      assertThat(c.next().path("code").asText()).isEqualTo("bad_request");

      // over-long line: too_long, the rest of the line is skipped, the next line works
      c.sendRaw(
          ("{\"op\":\"ping\",\"pad\":\"" + "x".repeat(9000) + "\"}\n")
              .getBytes(StandardCharsets.UTF_8));
      assertThat(c.next().path("code").asText()).isEqualTo("too_long");
      // \r\n endings and unknown fields are fine
      c.sendRaw(
          "{\"op\":\"login\",\"name\":\"crlf-ok\",\"extra\":{\"a\":[1]},\"id\":8}\r\n"
              .getBytes(StandardCharsets.UTF_8));
      JsonNode answer = c.awaitId(8);
      assertThat(answer.path("ev").asText()).isIn("welcome", "error");
      if ("error".equals(answer.path("ev").asText())) {
        assertThat(answer.path("code").asText()).isEqualTo("name_taken");
      }
      assertThat(c.isClosedByServer()).isFalse();
    }
  }

  @Test
  void fieldsAreChecked() {
    try (LineClient c = cluster.login(unique("checker"))) {
      for (String bad :
          List.of(
              "{\"op\":\"join\"}",
              "{\"op\":\"join\",\"room\":\"\"}",
              "{\"op\":\"join\",\"room\":7}",
              "{\"op\":\"move\",\"dir\":\"up\"}",
              "{\"op\":\"say\",\"text\":\"\"}",
              "{\"op\":\"say\",\"text\":\"" + "y".repeat(257) + "\"}",
              "{\"op\":\"top\",\"n\":0}",
              "{\"op\":\"top\",\"n\":101}",
              "{\"op\":\"top\",\"n\":\"5\"}")) {
        c.send(bad);
        assertThat(c.next().path("code").asText()).as(bad).isEqualTo("bad_request");
      }
    }
  }

  @Test
  void pipelinedOperationsRunInOrder() {
    String name = unique("pipeliner");
    try (LineClient c = cluster.connect()) {
      c.send(
          "{\"op\":\"login\",\"name\":\""
              + name
              + "\",\"id\":1}\n"
              + "{\"op\":\"join\",\"room\":\""
              + unique("pipe")
              + "\",\"id\":2}\n"
              + "{\"op\":\"move\",\"dir\":\"n\",\"id\":3}\n"
              + "{\"op\":\"leave\",\"id\":4}\n"
              + "{\"op\":\"ping\",\"id\":5}");
      assertThat(c.awaitId(1).path("ev").asText()).isEqualTo("welcome");
      assertThat(c.awaitId(2).path("ev").asText()).isEqualTo("joined");
      assertThat(c.awaitId(3).path("ev").asText()).isEqualTo("ack");
      assertThat(c.awaitId(4).path("ev").asText()).isEqualTo("left");
      assertThat(c.awaitId(5).path("ev").asText()).isEqualTo("pong");
    }
  }

  @Test
  void atMostSixteenWaitingMoves() {
    try (LineClient c = cluster.login(unique("hasty"))) {
      c.request(2, "{\"op\":\"join\",\"room\":\"" + unique("queue") + "\"}");
      StringBuilder burst = new StringBuilder();
      for (int i = 0; i < 40; i++) {
        burst
            .append("{\"op\":\"move\",\"dir\":\"")
            .append(i % 2 == 0 ? "e" : "w")
            .append("\",\"id\":")
            .append(100 + i)
            .append("}\n");
      }
      c.sendRaw(burst.toString().getBytes(StandardCharsets.UTF_8));
      int acked = 0;
      int refused = 0;
      for (int i = 0; i < 40; i++) {
        JsonNode answer = c.awaitSeenId(100 + i);
        if ("ack".equals(answer.path("ev").asText())) {
          acked++;
        } else {
          assertThat(answer.path("code").asText()).isEqualTo("rate_limited");
          refused++;
        }
      }
      assertThat(refused).isPositive();
      assertThat(acked).isGreaterThanOrEqualTo(16);
    }
  }

  @Test
  void tooManyMessagesAreRateLimited() {
    try (LineClient c = cluster.login(unique("flooder"))) {
      StringBuilder burst = new StringBuilder();
      for (int i = 0; i < 150; i++) {
        burst.append("{\"op\":\"ping\",\"id\":").append(1000 + i).append("}\n");
      }
      c.sendRaw(burst.toString().getBytes(StandardCharsets.UTF_8));
      JsonNode limited =
          c.await(
              "rate_limited",
              e -> "rate_limited".equals(e.path("code").asText()),
              LineClient.TIMEOUT);
      assertThat(limited.path("ev").asText()).isEqualTo("error");
      assertThat(c.isClosedByServer()).isFalse();
    }
  }

  @Test
  void garbageInARowIsAbuse() {
    try (LineClient c = cluster.connect()) {
      StringBuilder garbage = new StringBuilder();
      for (int i = 0; i < 100; i++) {
        garbage.append("garbage ").append(i).append('\n');
      }
      c.sendRaw(garbage.toString().getBytes(StandardCharsets.UTF_8));
      JsonNode bye = c.awaitEv("bye");
      assertThat(bye.path("reason").asText()).isEqualTo("abuse");
      assertThat(c.awaitClosed(LineClient.TIMEOUT)).isTrue();
      assertThat(c.history())
          .filteredOn(e -> "bad_json".equals(e.path("code").asText()))
          .hasSize(100);
    }
  }

  @Test
  void aClosedConnectionLeavesItsRoom() {
    String a = unique("leaver");
    String b = unique("watcher");
    String room = unique("door");
    try (LineClient cb = cluster.login(b)) {
      cb.request(2, "{\"op\":\"join\",\"room\":\"" + room + "\"}");
      try (LineClient ca = cluster.login(a)) {
        ca.request(2, "{\"op\":\"join\",\"room\":\"" + room + "\"}");
        cb.awaitEv("enter");
      }
      JsonNode exit =
          cb.await(
              "exit of " + a, e -> "exit".equals(e.path("ev").asText()), Duration.ofSeconds(10));
      assertThat(exit.path("name").asText()).isEqualTo(a);
    }
  }

  @Test
  void aPlayerThatLogsInAgainIsBackInItsRoomWithItsScoreAndSteps() {
    String a = unique("returner");
    String b = unique("host");
    String room = unique("home");
    try (LineClient cb = cluster.login(b)) {
      cb.request(2, "{\"op\":\"join\",\"room\":\"" + room + "\"}");
      String token;
      long score;
      try (LineClient ca = cluster.connect()) {
        token = ca.request(1, "{\"op\":\"login\",\"name\":\"" + a + "\"}").path("token").asText();
        JsonNode joined = ca.request(2, "{\"op\":\"join\",\"room\":\"" + room + "\"}");
        cb.await("enter of " + a, e -> isEnterOf(e, a), LineClient.TIMEOUT);
        String dir = Play.me(joined, a).path("x").asInt() > 0 ? "w" : "e";
        assertThat(ca.request(3, "{\"op\":\"move\",\"dir\":\"" + dir + "\"}").path("ev").asText())
            .isEqualTo("ack");
        JsonNode state =
            ca.awaitSeen("the step", e -> Play.stateWithSteps(e, a, 1), LineClient.TIMEOUT);
        score = Play.me(state, a).path("score").asLong();
      }
      cb.await(
          "exit of " + a,
          e -> "exit".equals(e.path("ev").asText()) && a.equals(e.path("name").asText()),
          Duration.ofSeconds(10));

      try (LineClient again = cluster.connect()) {
        again.send(
            "{\"op\":\"login\",\"name\":\"" + a + "\",\"token\":\"" + token + "\",\"id\":4}");
        JsonNode welcome = again.next();
        assertThat(welcome.path("ev").asText()).as(welcome.toString()).isEqualTo("welcome");
        assertThat(welcome.path("room").asText()).isEqualTo(room);
        assertThat(welcome.path("id").asInt()).isEqualTo(4);
        JsonNode joined = again.next();
        assertThat(joined.path("ev").asText())
            .as("right after welcome: " + joined)
            .isEqualTo("joined");
        assertThat(joined.path("room").asText()).isEqualTo(room);
        assertThat(joined.has("id")).isFalse();
        assertThat(Play.me(joined, a).path("score").asLong()).isEqualTo(score);
        assertThat(Play.me(joined, a).path("steps").asLong()).isEqualTo(1);
        cb.await("enter of " + a + " again", e -> isEnterOf(e, a), LineClient.TIMEOUT);

        String dir = Play.me(joined, a).path("x").asInt() > 0 ? "w" : "e";
        assertThat(
                again.request(5, "{\"op\":\"move\",\"dir\":\"" + dir + "\"}").path("ev").asText())
            .isEqualTo("ack");
        again.awaitSeen("the second step", e -> Play.stateWithSteps(e, a, 2), LineClient.TIMEOUT);
        // an explicit leave forgets the room
        assertThat(again.request(6, "{\"op\":\"leave\"}").path("ev").asText()).isEqualTo("left");
      }
      try (LineClient third = cluster.connect()) {
        JsonNode welcome =
            third.request(
                7, "{\"op\":\"login\",\"name\":\"" + a + "\",\"token\":\"" + token + "\"}");
        assertThat(welcome.path("ev").asText()).isEqualTo("welcome");
        assertThat(welcome.has("room")).as(welcome.toString()).isFalse();
        assertThat(third.request(8, "{\"op\":\"move\",\"dir\":\"n\"}").path("code").asText())
            .isEqualTo("not_in_room");
      }
    }
  }

  @Test
  void aLoginThatReplacesAConnectionInARoomKeepsThePlayerInIt() {
    String name = unique("twin");
    String room = unique("den");
    try (LineClient first = cluster.connect();
        LineClient second = cluster.connect()) {
      String token =
          first.request(1, "{\"op\":\"login\",\"name\":\"" + name + "\"}").path("token").asText();
      JsonNode joined = first.request(2, "{\"op\":\"join\",\"room\":\"" + room + "\"}");
      String dir = Play.me(joined, name).path("x").asInt() > 0 ? "w" : "e";
      assertThat(first.request(3, "{\"op\":\"move\",\"dir\":\"" + dir + "\"}").path("ev").asText())
          .isEqualTo("ack");
      JsonNode live =
          first.awaitSeen("the step", e -> Play.stateWithSteps(e, name, 1), LineClient.TIMEOUT);

      second.send(
          "{\"op\":\"login\",\"name\":\"" + name + "\",\"token\":\"" + token + "\",\"id\":1}");
      JsonNode welcome = second.next();
      assertThat(welcome.path("ev").asText()).as(welcome.toString()).isEqualTo("welcome");
      assertThat(welcome.path("room").asText()).isEqualTo(room);
      JsonNode rejoined = second.next();
      assertThat(rejoined.path("ev").asText()).as(rejoined.toString()).isEqualTo("joined");
      JsonNode me = Play.me(rejoined, name);
      assertThat(me.path("steps").asLong()).isEqualTo(1);
      assertThat(me.path("score").asLong()).isEqualTo(Play.me(live, name).path("score").asLong());
      if (routing() != RoutingMode.PER_CONNECTION) {
        // the room rebinds the player to the new connection: it stays on its cell
        assertThat(me.path("x").asInt()).isEqualTo(Play.me(live, name).path("x").asInt());
        assertThat(me.path("y").asInt()).isEqualTo(Play.me(live, name).path("y").asInt());
      }
      assertThat(first.awaitEv("bye").path("reason").asText()).isEqualTo("replaced");
      assertThat(second.request(2, "{\"op\":\"move\",\"dir\":\"" + dir + "\"}").path("ev").asText())
          .isEqualTo("ack");
      second.awaitSeen("the second step", e -> Play.stateWithSteps(e, name, 2), LineClient.TIMEOUT);
    }
  }

  private static boolean isEnterOf(JsonNode event, String name) {
    return "enter".equals(event.path("ev").asText())
        && name.equals(event.path("player").path("name").asText());
  }
}
