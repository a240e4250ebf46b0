package dev.groundup.tools.loadgen;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetSocket;
import io.vertx.core.parsetools.RecordParser;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One connection, one player: connects, waits for {@code hello}, logs in, joins its room, then
 * sends what its {@link LoadVerticle} tells it to and files every answer in the loop's {@link
 * Tally}. Lives on one event loop. Memory per connection is bounded: requests are not remembered
 * (their id is their send time), only counted.
 */
final class Player {

  private static final Logger log = LoggerFactory.getLogger(Player.class);

  /** The longest line we accept from the server (a full room's state is a few KiB). */
  static final int MAX_LINE = 1 << 20;

  /**
   * Unsent output we allow per socket before counting sends as unsent (the server is not reading).
   */
  static final int MAX_PENDING_OUTPUT = 256 * 1024;

  private static final String[] DIRS = {"e", "s", "w", "n"};

  enum State {
    CONNECTING,
    HELLO,
    LOGIN,
    JOIN,
    READY,
    CLOSED
  }

  private final LoadVerticle loop;
  private final Tally tally;
  final int slot;
  final String name;
  private final String room;
  private final Promise<Void> setup = Promise.promise();
  private NetSocket socket;
  private State state = State.CONNECTING;
  private long lastId = -1;
  private int outstandingWarmup;
  private int outstandingMeasured;
  private int direction;
  private long stepStarted;
  Schedule schedule;
  long sends;

  Player(LoadVerticle loop, Tally tally, int slot, String name, String room) {
    this.loop = loop;
    this.tally = tally;
    this.slot = slot;
    this.name = name;
    this.room = room;
  }

  State state() {
    return state;
  }

  /**
   * Connects and logs in; completes when the player is in its room (or logged in, without rooms).
   */
  Future<Void> setUp(NetClient client, String host, int port, String source) {
    client
        .connect(port, host)
        .onComplete(
            this::connected, failure -> fail(Refusals.connect(host, port, source, failure)));
    return setup.future();
  }

  private void connected(NetSocket s) {
    if (state == State.CLOSED) {
      s.close();
      return;
    }
    socket = s;
    state = State.HELLO;
    RecordParser lines = RecordParser.newDelimited("\n", this::onLine).maxRecordSize(MAX_LINE);
    lines.exceptionHandler(
        e -> {
          tally.unexpected("line_too_long");
          s.close();
        });
    s.setWriteQueueMaxSize(MAX_PENDING_OUTPUT);
    s.handler(lines);
    s.exceptionHandler(e -> log.debug("{}: {}", name, e.toString()));
    s.closeHandler(v -> onClose());
    if (loop.echo()) {
      ready(); // an echo server says nothing first and knows no login
    }
  }

  private void onLine(Buffer line) {
    byte[] bytes = line.getBytes();
    int length =
        bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
    if (length == 0) {
      return;
    }
    Inbound in = Inbound.parse(bytes, 0, length);
    if (state == State.READY) {
      onRunning(in, System.nanoTime());
    } else if (state != State.CLOSED) {
      onSetup(
          in, new String(bytes, 0, Math.min(length, 200), java.nio.charset.StandardCharsets.UTF_8));
    }
  }

  private void onSetup(Inbound in, String text) {
    String ev = in.ev() != null ? in.ev() : "";
    if (ev.equals("bye")) {
      fail(Refusals.bye(name, in.reason()));
      return;
    }
    switch (state) {
      case HELLO -> {
        if (!ev.equals("hello")) {
          fail(
              "the server did not begin with hello but with "
                  + text
                  + ": is it a groundup gateway?");
          return;
        }
        state = State.LOGIN;
        stepStarted = System.nanoTime();
        write("{\"op\":\"login\",\"name\":\"" + name + "\",\"id\":\"login\"}\n");
      }
      case LOGIN -> {
        if (ev.equals("error") && "login".equals(in.textId())) {
          fail(Refusals.error("login of " + name, in.code(), in.msg()));
        } else if (ev.equals("welcome") && "login".equals(in.textId())) {
          tally.login(System.nanoTime() - stepStarted);
          if (room == null) {
            ready();
          } else {
            state = State.JOIN;
            stepStarted = System.nanoTime();
            write("{\"op\":\"join\",\"room\":\"" + room + "\",\"id\":\"join\"}\n");
          }
        } else {
          tally.unexpected("setup_" + (ev.isEmpty() ? "invalid_line" : ev));
        }
      }
      case JOIN -> {
        if (ev.equals("error") && "join".equals(in.textId())) {
          fail(Refusals.error("join of room " + room + " by " + name, in.code(), in.msg()));
        } else if (ev.equals("joined") && "join".equals(in.textId())) {
          tally.join(System.nanoTime() - stepStarted);
          ready();
        } else if (!ev.equals("enter") && !ev.equals("state")) {
          tally.unexpected("setup_" + (ev.isEmpty() ? "invalid_line" : ev));
        }
      }
      default -> tally.unexpected("setup_" + (ev.isEmpty() ? "invalid_line" : ev));
    }
  }

  private void ready() {
    state = State.READY;
    setup.tryComplete();
  }

  /** Fails setup (once) and closes. */
  void fail(String why) {
    if (setup.tryFail(new LoadgenException(why))) {
      close();
    }
  }

  private void onRunning(Inbound in, long now) {
    if (!tally.running()) {
      return;
    }
    if (!in.valid()) {
      tally.unexpected("invalid_line");
      return;
    }
    String ev = loop.echo() ? (in.op() == null ? "echo_without_op" : "echo") : in.ev();
    if (ev == null) {
      tally.unexpected("request_line"); // a gateway never sends op lines
    } else if (ev.equals(loop.echo() ? "echo" : loop.mode().answerEvent())) {
      if (in.id() == Inbound.NO_ID) {
        tally.unexpected(ev + "_without_numeric_id");
      } else if (settle(in.id())) {
        tally.answered(in.id(), now);
        loop.answered(this, now);
      } else {
        tally.unexpected(ev + "_unmatched");
      }
    } else if (ev.equals("error")) {
      // an error without id answers one of our requests all the same (the gateway refuses lines
      // over its rate
      // limit without reading them, so without their id): settle the oldest kind, and keep a closed
      // loop going
      boolean settled = in.id() == Inbound.NO_ID ? settleAny() : settle(in.id());
      if (!settled) {
        tally.unexpected("error_unmatched");
      }
      tally.error(in.code(), in.id(), now);
      if (settled) {
        loop.answered(this, now);
      }
    } else if (ev.equals("state") || ev.equals("enter") || ev.equals("exit") || ev.equals("said")) {
      tally.event(ev, now);
    } else if (ev.equals("bye")) {
      tally.unexpected("bye_" + in.reason());
    } else {
      tally.unexpected(ev);
    }
  }

  /**
   * Marks one request with this id answered; false when none was outstanding (a duplicate or stray
   * answer).
   */
  private boolean settle(long id) {
    if (tally.timeline().measured(id)) {
      if (outstandingMeasured == 0) {
        return false;
      }
      outstandingMeasured--;
    } else {
      if (outstandingWarmup == 0) {
        return false;
      }
      outstandingWarmup--;
    }
    loop.outstanding(-1);
    return true;
  }

  /** Marks one request answered whose id the answer did not say: a warm-up one if any is left. */
  private boolean settleAny() {
    if (outstandingWarmup > 0) {
      outstandingWarmup--;
    } else if (outstandingMeasured > 0) {
      outstandingMeasured--;
    } else {
      return false;
    }
    loop.outstanding(-1);
    return true;
  }

  /**
   * Sends one request meant for {@code intendedNanos} (the actual time in closed mode); counts it
   * sent, or unsent when the server has stopped reading.
   */
  void send(long intendedNanos, long now) {
    Timeline t = tally.timeline();
    long id = Math.max(t.micros(intendedNanos), lastId + 1);
    if (state != State.READY || socket.writeQueueFull()) {
      tally.unsent(id);
      return;
    }
    lastId = id;
    String line =
        loop.mode() == Mode.MOVE
            ? "{\"op\":\"move\",\"dir\":\"" + DIRS[direction++ & 3] + "\",\"id\":" + id + "}\n"
            : "{\"op\":\"ping\",\"id\":" + id + "}\n";
    socket.write(Buffer.buffer(line));
    if (t.measured(id)) {
      outstandingMeasured++;
    } else {
      outstandingWarmup++;
    }
    loop.outstanding(1);
    tally.sent(id, now - intendedNanos);
  }

  /** Requests of the measurement still without an answer. */
  int outstandingMeasured() {
    return outstandingMeasured;
  }

  private void write(String line) {
    socket.write(Buffer.buffer(line));
  }

  void close() {
    if (socket != null) {
      socket.close();
    } else {
      state = State.CLOSED;
    }
  }

  private void onClose() {
    State was = state;
    state = State.CLOSED;
    if (was != State.READY) {
      fail(
          "the server closed the connection of "
              + name
              + " during setup (state "
              + was.name().toLowerCase()
              + ")");
      return;
    }
    if (!loop.closing()) {
      tally.disconnected();
      tally.lost(outstandingMeasured);
    }
    loop.outstanding(-(outstandingMeasured + outstandingWarmup));
    outstandingMeasured = 0;
    outstandingWarmup = 0;
  }
}
