package dev.groundup.common.health;

import dev.groundup.common.config.Env;

/**
 * The node's HTTP endpoints ({@link HealthVerticle}): {@code /health/live}, {@code /health/ready}
 * and {@code /metrics}.
 *
 * @param host the address the HTTP server binds to ({@code GROUNDUP_HTTP_HOST}; {@code 0.0.0.0} on
 *     Kubernetes)
 * @param port its port, 0 for no HTTP server ({@code GROUNDUP_HTTP_PORT})
 */
public record HttpConfig(String host, int port) {

  public static final HttpConfig OFF = new HttpConfig("127.0.0.1", 0);

  public HttpConfig {
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("HTTP port " + port + " is out of range");
    }
  }

  public static HttpConfig fromEnv(Env env) {
    return new HttpConfig(
        env.string("GROUNDUP_HTTP_HOST", "127.0.0.1"),
        env.integer("GROUNDUP_HTTP_PORT", 0, 0, 65535));
  }

  /** Whether the node serves HTTP at all. */
  public boolean enabled() {
    return port > 0;
  }
}
