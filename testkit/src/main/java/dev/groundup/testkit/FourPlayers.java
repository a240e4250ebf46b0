package dev.groundup.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Two players of connect four on their own connections to a gateway, for fault tests: they log in,
 * sit down in a room of the game {@code four} (the first to join gets {@code x} and starts), and
 * drop discs in turn, one at a time, each drop waited for until it is answered. Every acknowledged
 * drop goes into a {@link FourLedger} with its tick, and every view of the room the server sent
 * either player stays in the connections' history; {@link #check} holds those views to the ledger.
 *
 * <p>A drop answered {@code unavailable} (its room's shard node died, or is being taken over) has
 * an unknown outcome; the same drop is sent again until it is answered: an {@code ack} means it is
 * applied now, and {@code not_your_turn} or {@code game_over} means the first attempt was applied —
 * the turn passed — so the game's own turn rule makes the retry safe. Any other refusal is a
 * failure of the test.
 */
public final class FourPlayers implements AutoCloseable {

  public static final String GAME = "four";
  public static final Duration WAIT = Duration.ofSeconds(60);

  /** The refusals of a drop sent again that mean its first attempt was applied. */
  private static final Set<String> TURN_PASSED = Set.of("not_your_turn", "game_over");

  public final String room;
  private final Map<String, LineClient> clients;
  private final Map<String, JsonNode> joined;
  private final FourLedger ledger;
  private final Map<String, Integer> unavailable = new HashMap<>();
  private int nextId = 100;

  /** {@code start}: the join that started the round. */
  private FourPlayers(
      String room, Map<String, LineClient> clients, Map<String, JsonNode> joined, JsonNode start) {
    this.room = room;
    this.clients = clients;
    this.joined = joined;
    Map<String, Character> discs = new HashMap<>();
    for (JsonNode p : start.path("players")) {
      discs.put(p.path("name").asText(), p.path("disc").asText().charAt(0));
    }
    this.ledger =
        new FourLedger(
            discs,
            start.path("turn").asText(),
            start.path("round").asInt(),
            start.path("tick").asLong());
  }

  /**
   * Connects {@code first} and then {@code second} to {@code host:port}, logs them in (new names)
   * and sits them down in {@code room}; returns once the round has started, {@code first} to move.
   */
  public static FourPlayers start(String host, int port, String room, String first, String second) {
    Map<String, LineClient> clients = new LinkedHashMap<>();
    Map<String, JsonNode> joined = new LinkedHashMap<>();
    try {
      for (String name : List.of(first, second)) {
        LineClient c = LineClient.connect(host, port);
        clients.put(name, c);
        c.awaitEv("hello");
        JsonNode welcome = c.request(1, "{\"op\":\"login\",\"name\":\"" + name + "\"}");
        if (!"welcome".equals(welcome.path("ev").asText())) {
          throw new AssertionError(name + " could not log in: " + welcome);
        }
        JsonNode answer = c.request(2, join(room));
        if (!"joined".equals(answer.path("ev").asText())
            || !GAME.equals(answer.path("game").asText())) {
          throw new AssertionError(name + " could not sit down in " + room + ": " + answer);
        }
        joined.put(name, answer);
      }
      JsonNode start = joined.get(second);
      if (!first.equals(start.path("turn").asText()) || start.path("round").asInt() < 1) {
        throw new AssertionError("the round did not start with " + first + " to move: " + start);
      }
      return new FourPlayers(room, clients, joined, start);
    } catch (RuntimeException | AssertionError e) {
      clients.values().forEach(LineClient::close);
      throw e;
    }
  }

  private static String join(String room) {
    return "{\"op\":\"join\",\"room\":\"" + room + "\",\"game\":\"" + GAME + "\"}";
  }

  /** The players, in the order they sat down. */
  public List<String> names() {
    return List.copyOf(clients.keySet());
  }

  /**
   * {@code name}'s connection, to look at what it got or to send lines of a test's own (requests
   * through {@link #request}, whose ids do not clash with the players' own).
   */
  public LineClient client(String name) {
    LineClient c = clients.get(name);
    if (c == null) {
      throw new IllegalArgumentException("no player " + name);
    }
    return c;
  }

  /**
   * A request of a test's own on {@code name}'s connection ({@code json} without an id: it gets the
   * next one) and its answer, sent again while it is answered {@code unavailable}. Not recorded in
   * the ledger: a test that drops a disc this way must expect it refused.
   */
  public JsonNode request(String name, String json) {
    LineClient c = client(name);
    AtomicReference<JsonNode> answer = new AtomicReference<>();
    Await.until(
        "an answer to " + name + "'s " + json,
        WAIT,
        () -> {
          answer.set(c.request(nextId++, json));
          if (!"unavailable".equals(answer.get().path("code").asText())) {
            return true;
          }
          unavailable.merge(name, 1, Integer::sum);
          return false;
        });
    return answer.get();
  }

  /** The answer to {@code name}'s join when it sat down. */
  public JsonNode joined(String name) {
    return joined.get(name);
  }

  public FourLedger ledger() {
    return ledger;
  }

  /**
   * The player to move drops a disc into {@code col}, sent again while it is answered {@code
   * unavailable}. Gives the view the server showed once the drop was in: the {@code state} of its
   * ack's tick, or, for a drop applied without an ack, the room as a {@code join} shows it.
   */
  public FourLedger.View drop(int col) {
    String player = ledger.toMove();
    if (player == null) {
      throw new IllegalStateException("the round is over: " + ledger.drops());
    }
    LineClient c = client(player);
    AtomicReference<JsonNode> ack = new AtomicReference<>();
    int[] attempts = {0};
    Await.until(
        player + "'s drop into column " + col + " answered",
        WAIT,
        () -> {
          JsonNode answer = c.request(nextId++, "{\"op\":\"drop\",\"col\":" + col + "}");
          attempts[0]++;
          String code = answer.path("code").asText();
          if ("ack".equals(answer.path("ev").asText())) {
            ack.set(answer);
            return true;
          }
          if ("unavailable".equals(code)) {
            unavailable.merge(player, 1, Integer::sum);
            return false;
          }
          if (attempts[0] > 1 && TURN_PASSED.contains(code)) {
            return true;
          }
          throw new AssertionError(
              player + "'s drop into column " + col + " was refused: " + answer + "; " + summary());
        });
    if (ack.get() == null) {
      ledger.applied(player, col);
      return view(player, rejoin(player));
    }
    long tick = ack.get().path("tick").asLong();
    ledger.acked(player, col, tick);
    JsonNode state =
        c.awaitSeen(
            "the state of tick " + tick + " in " + room,
            e -> isView(e, "state") && e.path("tick").asLong() == tick,
            LineClient.TIMEOUT);
    return view(player, state);
  }

  /**
   * {@code name} joins the room it is in again, which answers with the room as it is now (sent
   * again while it is answered {@code unavailable}).
   */
  public JsonNode rejoin(String name) {
    LineClient c = client(name);
    AtomicReference<JsonNode> served = new AtomicReference<>();
    Await.until(
        name + "'s join of " + room + " served",
        WAIT,
        () -> {
          JsonNode answer = c.request(nextId++, join(room));
          if ("joined".equals(answer.path("ev").asText())) {
            served.set(answer);
            return true;
          }
          if ("unavailable".equals(answer.path("code").asText())) {
            unavailable.merge(name, 1, Integer::sum);
            return false;
          }
          throw new AssertionError(name + "'s join of " + room + " was refused: " + answer);
        });
    return served.get();
  }

  /** The view in a {@code state} or {@code joined} event of the room. */
  public FourLedger.View view(String viewer, JsonNode event) {
    List<String> board = new ArrayList<>();
    event.path("board").forEach(row -> board.add(row.asText()));
    JsonNode turn = event.path("turn");
    JsonNode winner = event.path("result").path("winner");
    return new FourLedger.View(
        viewer,
        event.path("tick").asLong(),
        event.path("round").asInt(),
        board,
        turn.isTextual() ? turn.asText() : null,
        winner.isTextual() ? winner.asText() : null);
  }

  /** Every view of the room each player got so far, each player's in the order they came. */
  public List<FourLedger.View> views() {
    List<FourLedger.View> views = new ArrayList<>();
    clients.forEach(
        (name, c) -> {
          for (JsonNode e : c.history()) {
            if (isView(e, "state") || isView(e, "joined")) {
              views.add(view(name, e));
            }
          }
        });
    return views;
  }

  private boolean isView(JsonNode e, String ev) {
    return ev.equals(e.path("ev").asText()) && room.equals(e.path("room").asText());
  }

  /**
   * Every break of the promise so far: each connection stayed open without a {@code bye}, and every
   * view of the room either player got holds to the ledger ({@link FourLedger#check}).
   */
  public List<String> check() {
    List<String> found = new ArrayList<>();
    clients.forEach(
        (name, c) -> {
          for (JsonNode e : c.history()) {
            if ("bye".equals(e.path("ev").asText())) {
              found.add(name + " got " + e);
            }
          }
          if (c.isClosedByServer()) {
            found.add(name + "'s connection was closed by the server");
          }
        });
    found.addAll(ledger.check(views()));
    return found;
  }

  /**
   * {@link #check}, and the room as it is now (a join of the first player shows it) holds every
   * drop made, with the right turn. For when no drop is in flight: after a disturbance, and at the
   * end.
   */
  public List<String> checkSettled() {
    String first = names().getFirst();
    FourLedger.View now = view(first, rejoin(first));
    List<String> found = check();
    found.addAll(ledger.checkShows(now));
    return found;
  }

  /** How many requests each player had answered {@code unavailable}. */
  public Map<String, Integer> unavailable() {
    return Map.copyOf(unavailable);
  }

  /** What the players did and saw, for a failure message. */
  public String summary() {
    return "room "
        + room
        + ": drops "
        + ledger.drops()
        + ", to move "
        + ledger.toMove()
        + ", unavailable "
        + unavailable
        + ", views "
        + views().size();
  }

  @Override
  public void close() {
    clients.values().forEach(LineClient::close);
  }
}
