package dev.groundup.tools.loadgen;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * What each connection does once it is logged in.
 *
 * <ul>
 *   <li>{@code ping}: open loop, pings at scheduled times; latency from the intended send time.
 *   <li>{@code move}: open loop, moves in a room at scheduled times; latency from the intended send
 *       time to the ack.
 *   <li>{@code closed}: closed loop, a fixed number of pings outstanding; latency from the actual
 *       send time.
 *   <li>{@code idle}: nothing but an occasional keep-alive ping; measures the server's memory per
 *       connection.
 * </ul>
 */
public enum Mode {
  PING,
  MOVE,
  CLOSED,
  IDLE;

  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Whether sends follow a schedule of intended times (and {@code --rate} applies). */
  public boolean openLoop() {
    return this == PING || this == MOVE;
  }

  /** The answer that completes one request in this mode. */
  public String answerEvent() {
    return this == MOVE ? "ack" : "pong";
  }

  public static Mode parse(String s) {
    String wanted = s.trim().toLowerCase(Locale.ROOT);
    return Arrays.stream(values())
        .filter(m -> m.wire().equals(wanted))
        .findFirst()
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "unknown mode '"
                        + s
                        + "' ("
                        + Arrays.stream(values()).map(Mode::wire).collect(Collectors.joining(", "))
                        + ")"));
  }
}
