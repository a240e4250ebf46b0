package dev.groundup.gateway;

import dev.groundup.common.cluster.Role;
import dev.groundup.common.config.Env;
import dev.groundup.common.config.NodeConfig;
import java.time.Duration;
import java.util.Map;

/**
 * A gateway node's configuration.
 *
 * @param node the cluster settings
 * @param host the address players connect to ({@code GROUNDUP_GATEWAY_HOST}, default 127.0.0.1)
 * @param port the player port ({@code GROUNDUP_PORT}, default 7000)
 * @param instances gateway verticles sharing the port, one per core by default ({@code
 *     GROUNDUP_GATEWAY_INSTANCES})
 * @param limits what one connection may do
 * @param shutdownTimeout how long a stopping gateway waits for its players to be told ({@code
 *     GROUNDUP_SHUTDOWN_SECONDS})
 * @param shardWait how long a starting gateway waits for every shard to answer before it takes
 *     players anyway ({@code GROUNDUP_SHARD_WAIT_SECONDS})
 * @param bridge the debugging bridge (off by default)
 * @param caps how many connections the node takes at once
 */
public record GatewayConfig(
    NodeConfig node,
    String host,
    int port,
    int instances,
    Limits limits,
    Duration shutdownTimeout,
    Duration shardWait,
    Bridge bridge,
    Caps caps) {

  /** The same settings on another node (e.g. one of role {@code all}). */
  public GatewayConfig withNode(NodeConfig other) {
    return new GatewayConfig(
        other, host, port, instances, limits, shutdownTimeout, shardWait, bridge, caps);
  }

  /**
   * Connections a gateway node takes at once, over all its verticles; a connection over a cap gets
   * {@code bye busy} and is closed before {@code hello}.
   *
   * @param maxConnections all connections ({@code GROUNDUP_MAX_CONNECTIONS}, default 18000: under
   *     the process's limit of open files)
   * @param maxConnectionsPerSource connections from one source address ({@code
   *     GROUNDUP_MAX_CONNECTIONS_PER_SOURCE}, default 50)
   */
  public record Caps(int maxConnections, int maxConnectionsPerSource) {

    public static final Caps DEFAULT = new Caps(18_000, 50);

    static Caps fromEnv(Env env) {
      return new Caps(
          env.integer("GROUNDUP_MAX_CONNECTIONS", DEFAULT.maxConnections(), 1, 10_000_000),
          env.integer(
              "GROUNDUP_MAX_CONNECTIONS_PER_SOURCE",
              DEFAULT.maxConnectionsPerSource(),
              1,
              10_000_000));
    }
  }

  /**
   * The debugging bridge (the Vert.x TCP event-bus bridge, docs/protocol.md "Debugging bridge").
   *
   * @param port its port; 0 is off ({@code GROUNDUP_BRIDGE_PORT}, default 0: off)
   * @param host the one address it binds ({@code GROUNDUP_BRIDGE_HOST}, default 127.0.0.1)
   * @param maxFrameBytes the longest frame a client may send; a longer announced length closes the
   *     connection ({@code GROUNDUP_BRIDGE_MAX_FRAME_BYTES}, default 65536)
   * @param maxConnectionsPerClient connections at once from one source address ({@code
   *     GROUNDUP_BRIDGE_MAX_CONNECTIONS_PER_CLIENT}, default 8)
   * @param idle silence both ways before a connection is closed ({@code
   *     GROUNDUP_BRIDGE_IDLE_SECONDS}, default 300)
   */
  public record Bridge(
      int port, String host, int maxFrameBytes, int maxConnectionsPerClient, Duration idle) {

    public static final Bridge OFF = new Bridge(0, "127.0.0.1", 65536, 8, Duration.ofSeconds(300));

    public boolean enabled() {
      return port > 0;
    }

    static Bridge fromEnv(Env env) {
      return new Bridge(
          env.integer("GROUNDUP_BRIDGE_PORT", 0, 0, 65535),
          env.string("GROUNDUP_BRIDGE_HOST", OFF.host()),
          env.integer("GROUNDUP_BRIDGE_MAX_FRAME_BYTES", OFF.maxFrameBytes(), 256, 64 << 20),
          env.integer(
              "GROUNDUP_BRIDGE_MAX_CONNECTIONS_PER_CLIENT",
              OFF.maxConnectionsPerClient(),
              1,
              100_000),
          Duration.ofSeconds(
              env.integer(
                  "GROUNDUP_BRIDGE_IDLE_SECONDS", (int) OFF.idle().toSeconds(), 1, 86_400)));
    }
  }

  /**
   * Per-connection limits.
   *
   * @param maxLineBytes longest line ({@code GROUNDUP_MAX_LINE_BYTES}, default 8192)
   * @param ratePerSecond sustained messages a second ({@code GROUNDUP_RATE_PER_SECOND}, default 50)
   * @param rateBurst burst of messages ({@code GROUNDUP_RATE_BURST}, default 100)
   * @param abuseErrors errors in a row before {@code bye abuse} ({@code GROUNDUP_ABUSE_ERRORS},
   *     default 100)
   * @param idle silence before {@code bye idle} ({@code GROUNDUP_IDLE_SECONDS}, default 120)
   * @param loginTimeout time from connecting to a login before {@code bye idle} ({@code
   *     GROUNDUP_LOGIN_TIMEOUT_SECONDS}, default 10)
   * @param lineTimeout how long a line may stay unterminated before {@code bye abuse} ({@code
   *     GROUNDUP_LINE_TIMEOUT_SECONDS}, default 10)
   * @param maxPendingOutput bytes queued for a client that does not read before it is cut off
   *     ({@code GROUNDUP_MAX_OUTPUT_BYTES}, default 1 MiB)
   * @param maxInFlight requests of all the connections of one gateway verticle waiting for the
   *     cluster; more are refused with {@code unavailable} ({@code GROUNDUP_MAX_IN_FLIGHT}, default
   *     20000)
   */
  public record Limits(
      int maxLineBytes,
      int ratePerSecond,
      int rateBurst,
      int abuseErrors,
      Duration idle,
      Duration loginTimeout,
      Duration lineTimeout,
      int maxPendingOutput,
      int maxInFlight) {

    public static final Limits DEFAULT =
        new Limits(
            8192,
            50,
            100,
            100,
            Duration.ofSeconds(120),
            Duration.ofSeconds(10),
            Duration.ofSeconds(10),
            1 << 20,
            20_000);
  }

  public static GatewayConfig fromEnv(Map<String, String> vars) {
    Env env = new Env(vars);
    Limits d = Limits.DEFAULT;
    Limits limits =
        new Limits(
            env.integer("GROUNDUP_MAX_LINE_BYTES", d.maxLineBytes(), 64, 1 << 20),
            env.integer("GROUNDUP_RATE_PER_SECOND", d.ratePerSecond(), 1, 1_000_000),
            env.integer("GROUNDUP_RATE_BURST", d.rateBurst(), 1, 1_000_000),
            env.integer("GROUNDUP_ABUSE_ERRORS", d.abuseErrors(), 1, 1_000_000),
            Duration.ofSeconds(
                env.integer("GROUNDUP_IDLE_SECONDS", (int) d.idle().toSeconds(), 1, 86_400)),
            Duration.ofSeconds(
                env.integer(
                    "GROUNDUP_LOGIN_TIMEOUT_SECONDS",
                    (int) d.loginTimeout().toSeconds(),
                    1,
                    86_400)),
            Duration.ofSeconds(
                env.integer(
                    "GROUNDUP_LINE_TIMEOUT_SECONDS", (int) d.lineTimeout().toSeconds(), 1, 3600)),
            env.integer("GROUNDUP_MAX_OUTPUT_BYTES", d.maxPendingOutput(), 4096, 1 << 30),
            env.integer("GROUNDUP_MAX_IN_FLIGHT", d.maxInFlight(), 1, 10_000_000));
    return new GatewayConfig(
        NodeConfig.fromEnv(Role.GATEWAY, vars),
        env.string("GROUNDUP_GATEWAY_HOST", "127.0.0.1"),
        env.integer("GROUNDUP_PORT", 7000, 0, 65535),
        env.integer(
            "GROUNDUP_GATEWAY_INSTANCES", Runtime.getRuntime().availableProcessors(), 1, 256),
        limits,
        Duration.ofSeconds(env.integer("GROUNDUP_SHUTDOWN_SECONDS", 5, 1, 600)),
        Duration.ofSeconds(env.integer("GROUNDUP_SHARD_WAIT_SECONDS", 60, 0, 3600)),
        Bridge.fromEnv(env),
        Caps.fromEnv(env));
  }
}
