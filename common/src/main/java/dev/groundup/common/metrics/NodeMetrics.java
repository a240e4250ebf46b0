package dev.groundup.common.metrics;

import dev.groundup.common.protocol.ErrorCode;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * groundup's own meters of one node, in the node's Prometheus registry (which also holds Vert.x's
 * own metrics when the node serves HTTP; see {@code docs/metrics.md}). Every meter is registered up
 * front — the node-wide ones here, a shard's when the shard starts on this node ({@link #shard}) —
 * so the hot paths only increment. Tags are bounded: a shard id, a direction, an error code; never
 * a player's or a room's name. Every node registers every meter; those of work a role does not do
 * stay 0.
 */
public final class NodeMetrics {

  public static final String PLAYERS_CONNECTED = "groundup.players.connected";
  public static final String ROOMS_RUNNING = "groundup.rooms.running";
  public static final String ERRORS_SENT = "groundup.errors.sent";
  public static final String HANDOFFS = "groundup.shard.handoffs";
  public static final String TAKEOVERS = "groundup.shard.takeovers";

  private final PrometheusMeterRegistry registry;
  private final AtomicInteger playersConnected = new AtomicInteger();
  private final AtomicInteger roomsRunning = new AtomicInteger();

  /** By wire code: the protocol's, registered up front, and games' own as they are first sent. */
  private final Map<String, Counter> errors = new ConcurrentHashMap<>();

  /**
   * Games' own error codes get a counter each, up to this many; the rest count as {@code other}.
   */
  static final int MAX_GAME_CODES = 64;

  private final Counter handedOff;
  private final Counter handedIn;
  private final Counter takeovers;
  private final Map<Integer, ShardMeters> shards = new ConcurrentHashMap<>();

  public NodeMetrics() {
    this(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
  }

  public NodeMetrics(PrometheusMeterRegistry registry) {
    this.registry = registry;
    Gauge.builder(PLAYERS_CONNECTED, playersConnected, AtomicInteger::get)
        .description("Players logged in on this gateway node")
        .register(registry);
    Gauge.builder(ROOMS_RUNNING, roomsRunning, AtomicInteger::get)
        .description("Rooms whose tick loop runs on this shard node")
        .register(registry);
    for (ErrorCode code : ErrorCode.values()) {
      if (code != ErrorCode.REFUSED) {
        errors.put(code.wire(), errorCounter(code.wire()));
      }
    }
    handedOff =
        Counter.builder(HANDOFFS)
            .tag("direction", "out")
            .description(
                "Shards this node handed to another (out) or took after their owner released them (in)")
            .register(registry);
    handedIn =
        Counter.builder(HANDOFFS)
            .tag("direction", "in")
            .description(
                "Shards this node handed to another (out) or took after their owner released them (in)")
            .register(registry);
    takeovers =
        Counter.builder(TAKEOVERS)
            .description(
                "Shards this node loaded after their owner left (or stopped answering) without releasing them")
            .register(registry);
  }

  public PrometheusMeterRegistry registry() {
    return registry;
  }

  /**
   * The meters of virtual shard {@code shard}, registered on first use (when the shard starts
   * here).
   */
  public ShardMeters shard(int shard) {
    return shards.computeIfAbsent(shard, s -> new ShardMeters(registry, s, roomsRunning));
  }

  /** The players logged in on this node: the gateway adds and removes them. */
  public AtomicInteger playersConnected() {
    return playersConnected;
  }

  public void errorSent(ErrorCode code) {
    errorSent(code.wire());
  }

  /** An error event with {@code code} as the client got it (the protocol's or a game's own). */
  public void errorSent(String code) {
    Counter counter = errors.get(code);
    if (counter == null) {
      String tag = errors.size() < ErrorCode.values().length + MAX_GAME_CODES ? code : "other";
      counter = errors.computeIfAbsent(tag, this::errorCounter);
    }
    counter.increment();
  }

  private Counter errorCounter(String code) {
    return Counter.builder(ERRORS_SENT)
        .tag("code", code)
        .description("Error events this gateway node sent to players, by error code")
        .register(registry);
  }

  public void handedOff() {
    handedOff.increment();
  }

  public void handedIn() {
    handedIn.increment();
  }

  public void tookOver() {
    takeovers.increment();
  }

  /** The registry's current value of a counter or gauge, for tests and logs (0 if absent). */
  public static double value(MeterRegistry registry, String name, String... tags) {
    var search = registry.find(name).tags(tags);
    Counter c = search.counter();
    if (c != null) {
      return c.count();
    }
    Gauge g = search.gauge();
    return g == null ? 0 : g.value();
  }
}
