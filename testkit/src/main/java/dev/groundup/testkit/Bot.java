package dev.groundup.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A player for fault tests and the takeover benchmark: logs in, joins a room, and keeps sending
 * numbered moves (at most {@code window} unanswered), recording every answer, every state it sees
 * of itself and of its room, and whether the server closed the connection. {@link #check} is the
 * checker of the durability promise.
 */
public final class Bot implements AutoCloseable {

  /**
   * What a {@code state} showed: the room's tick and this bot's steps and score, and when it came.
   */
  public record Seen(long tick, long steps, long score, long atNanos) {}

  public final String name;
  public final String room;
  private final LineClient client;
  private final int window;
  private final Thread driver;
  private volatile boolean running = true;
  private final AtomicInteger sent = new AtomicInteger();
  private final AtomicInteger acked = new AtomicInteger();
  private final List<Long> ackTimes = Collections.synchronizedList(new ArrayList<>());
  private final List<Long> errorTimes = Collections.synchronizedList(new ArrayList<>());
  private final Map<String, Integer> errors = new ConcurrentHashMap<>();
  private final Map<String, Integer> messages = new ConcurrentHashMap<>();
  private final List<Seen> states = Collections.synchronizedList(new ArrayList<>());
  private final List<String> problems = Collections.synchronizedList(new ArrayList<>());
  private volatile int outstanding;

  /** After an error the bot waits a little before it sends again, as a client would. */
  private volatile long pauseUntil;

  public Bot(int port, String name, String room, int window) {
    this("127.0.0.1", port, name, room, window);
  }

  public Bot(String host, int port, String name, String room, int window) {
    this.name = name;
    this.room = room;
    this.window = window;
    this.client = LineClient.connect(host, port);
    client.awaitEv("hello");
    JsonNode welcome = client.request(1, "{\"op\":\"login\",\"name\":\"" + name + "\"}");
    if (!"welcome".equals(welcome.path("ev").asText())) {
      throw new AssertionError(name + " could not log in: " + welcome);
    }
    JsonNode joined = client.request(2, "{\"op\":\"join\",\"room\":\"" + room + "\"}");
    if (!"joined".equals(joined.path("ev").asText())) {
      throw new AssertionError(name + " could not join " + room + ": " + joined);
    }
    driver = new Thread(this::drive, "bot-" + name);
    driver.setDaemon(true);
    driver.start();
  }

  private void drive() {
    int id = 100;
    while (running) {
      while (running && outstanding < window && System.nanoTime() >= pauseUntil) {
        client.send(
            "{\"op\":\"move\",\"dir\":\"" + (id % 2 == 0 ? "e" : "w") + "\",\"id\":" + id++ + "}");
        sent.incrementAndGet();
        outstanding++;
      }
      JsonNode line = client.poll(Duration.ofMillis(50));
      if (line == null) {
        if (client.isClosedByServer()) {
          problems.add("the server closed the connection");
          return;
        }
        continue;
      }
      handle(line);
    }
  }

  private void handle(JsonNode line) {
    String ev = line.path("ev").asText();
    switch (ev) {
      case "ack" -> {
        outstanding--;
        acked.incrementAndGet();
        ackTimes.add(System.nanoTime());
      }
      case "error" -> {
        if (line.has("id")) {
          outstanding--;
          pauseUntil = System.nanoTime() + 100_000_000L;
        }
        errorTimes.add(System.nanoTime());
        errors.merge(line.path("code").asText(), 1, Integer::sum);
        if (messages.size() < 10) {
          messages.merge(line.path("msg").asText(), 1, Integer::sum);
        }
      }
      case "state" -> {
        for (JsonNode p : line.path("players")) {
          if (p.path("name").asText().equals(name)) {
            states.add(
                new Seen(
                    line.path("tick").asLong(),
                    p.path("steps").asLong(),
                    p.path("score").asLong(),
                    System.nanoTime()));
          }
        }
      }
      case "bye" -> problems.add("bye " + line.path("reason").asText());
      default -> {}
    }
  }

  public int acked() {
    return acked.get();
  }

  public int sent() {
    return sent.get();
  }

  public Map<String, Integer> errors() {
    return Map.copyOf(errors);
  }

  /** Acks that arrived after {@code nanos}. */
  public long acksAfter(long nanos) {
    synchronized (ackTimes) {
      return ackTimes.stream().filter(t -> t > nanos).count();
    }
  }

  /** When the latest ack arrived (System.nanoTime), or 0. */
  public long lastAck() {
    synchronized (ackTimes) {
      return ackTimes.isEmpty() ? 0 : ackTimes.getLast();
    }
  }

  /** The first ack after {@code nanos}, or -1. */
  public long firstAckAfter(long nanos) {
    synchronized (ackTimes) {
      return ackTimes.stream().filter(t -> t > nanos).findFirst().orElse(-1L);
    }
  }

  /** How many errors came in ({@code fromNanos}, {@code toNanos}]. */
  public long errorsBetween(long fromNanos, long toNanos) {
    synchronized (errorTimes) {
      return errorTimes.stream().filter(t -> t > fromNanos && t <= toNanos).count();
    }
  }

  /** The first error after {@code nanos}, or -1. */
  public long firstErrorAfter(long nanos) {
    synchronized (errorTimes) {
      return errorTimes.stream().filter(t -> t > nanos).findFirst().orElse(-1L);
    }
  }

  /**
   * When this bot was served again after a fault at {@code faultNanos}: its first ack after the
   * first error that followed the fault (acks of moves the failed node applied just before it died
   * can still arrive after the fault; the error marks the break), or its first ack after the fault
   * if it saw no error. -1 if it has not been served again yet.
   */
  public long servedAgainAfter(long faultNanos) {
    long error = firstErrorAfter(faultNanos);
    return firstAckAfter(error < 0 ? faultNanos : error);
  }

  /** Stops sending and waits until every move sent has been answered (or the deadline passes). */
  public void stop(Duration deadline) throws InterruptedException {
    running = false;
    driver.join(5000);
    long end = System.nanoTime() + deadline.toNanos();
    while (outstanding > 0 && System.nanoTime() < end) {
      JsonNode line = client.poll(Duration.ofMillis(100));
      if (line != null) {
        handle(line);
      }
    }
  }

  /**
   * The durability promise for this bot: the connection stayed open; no error but {@code
   * unavailable}; ticks never went back; steps never went back; every state after {@code killNanos}
   * shows at least the moves acknowledged before it; and no state shows more steps than moves sent
   * (a move applied twice would).
   */
  public List<String> check(long killNanos, int ackedAtKill) {
    List<String> found = new ArrayList<>(problems);
    errors.forEach(
        (code, count) -> {
          if (!code.equals("unavailable")) {
            found.add(count + " errors " + code);
          }
        });
    List<Seen> seen;
    synchronized (states) {
      seen = List.copyOf(states);
    }
    Seen previous = null;
    for (Seen s : seen) {
      if (previous != null && s.tick() < previous.tick()) {
        found.add("tick went back from " + previous.tick() + " to " + s.tick());
      }
      if (previous != null && s.steps() < previous.steps()) {
        found.add(
            String.format(
                "steps went back from %d to %d at tick %d (previous tick %d), %.2f s after the fault",
                previous.steps(),
                s.steps(),
                s.tick(),
                previous.tick(),
                (s.atNanos() - killNanos) / 1e9));
      }
      if (s.atNanos() > killNanos && s.steps() < ackedAtKill) {
        found.add(
            "after the kill, tick "
                + s.tick()
                + " shows "
                + s.steps()
                + " steps but "
                + ackedAtKill
                + " moves were acknowledged before it");
      }
      if (s.steps() > sent.get()) {
        found.add(
            "tick "
                + s.tick()
                + " shows "
                + s.steps()
                + " steps but only "
                + sent.get()
                + " moves were sent");
      }
      previous = s;
    }
    return found;
  }

  /**
   * The promise of a planned move (a handoff, a drain, a rolling restart): {@link #check} and also
   * no error at all, not even {@code unavailable}, and every move sent was answered.
   */
  public List<String> checkNoErrors(long sinceNanos, int ackedSince) {
    List<String> found = check(sinceNanos, ackedSince);
    if (errors.containsKey("unavailable")) {
      found.add(errors.get("unavailable") + " errors unavailable " + messages);
    }
    if (outstanding > 0) {
      found.add(outstanding + " moves never answered");
    }
    return found;
  }

  /**
   * The longest time between two consecutive acks of which the later came after {@code sinceNanos},
   * in nanoseconds: the longest pause this bot saw since then.
   */
  public long longestPauseNanos(long sinceNanos) {
    synchronized (ackTimes) {
      long longest = 0;
      for (int i = 1; i < ackTimes.size(); i++) {
        if (ackTimes.get(i) > sinceNanos) {
          longest = Math.max(longest, ackTimes.get(i) - ackTimes.get(i - 1));
        }
      }
      return longest;
    }
  }

  /**
   * The longest time between two consecutive acks of which the later came in ({@code fromNanos},
   * {@code toNanos}], in nanoseconds: the longest pause this bot saw then.
   */
  public long longestPauseNanos(long fromNanos, long toNanos) {
    synchronized (ackTimes) {
      long longest = 0;
      for (int i = 1; i < ackTimes.size(); i++) {
        long t = ackTimes.get(i);
        if (t > fromNanos && t <= toNanos) {
          longest = Math.max(longest, t - ackTimes.get(i - 1));
        }
      }
      return longest;
    }
  }

  /** What this bot did and saw, for a failure message. */
  public String summary() {
    return name
        + " in "
        + room
        + ": sent "
        + sent.get()
        + ", acked "
        + acked.get()
        + ", errors "
        + errors
        + " "
        + messages
        + ", problems "
        + problems
        + ", states "
        + states.size();
  }

  @Override
  public void close() {
    running = false;
    client.close();
  }
}
