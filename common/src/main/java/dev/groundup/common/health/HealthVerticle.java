package dev.groundup.common.health;

import dev.groundup.common.metrics.NodeMetrics;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.healthchecks.HealthCheckHandler;
import io.vertx.micrometer.PrometheusScrapingHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's HTTP server ({@code GROUNDUP_HTTP_PORT}, {@code GROUNDUP_HTTP_HOST}): {@code GET
 * /health/live} and {@code GET /health/ready} (Vert.x's {@link HealthCheckHandler}: 200 when every
 * check is up, 503 when one is down, with the checks as JSON) and {@code GET /metrics} (the node's
 * Prometheus registry in the text format). One instance per node.
 */
public final class HealthVerticle extends VerticleBase {

  private static final Logger log = LoggerFactory.getLogger(HealthVerticle.class);

  private final HttpConfig config;
  private final NodeHealth health;
  private final NodeMetrics metrics;
  private HttpServer server;

  public HealthVerticle(HttpConfig config, NodeHealth health, NodeMetrics metrics) {
    this.config = config;
    this.health = health;
    this.metrics = metrics;
  }

  @Override
  public Future<?> start() {
    Router router = Router.router(vertx);
    router
        .get("/health/live")
        .handler(HealthCheckHandler.createWithHealthChecks(health.liveness()));
    router
        .get("/health/ready")
        .handler(HealthCheckHandler.createWithHealthChecks(health.readiness()));
    router.get("/metrics").handler(PrometheusScrapingHandler.create(metrics.registry()));
    server = vertx.createHttpServer().requestHandler(router);
    return server
        .listen(config.port(), config.host())
        .onSuccess(
            s ->
                log.info(
                    "Health and metrics on http://{}:{}/ (health/live, health/ready, metrics)",
                    config.host(),
                    s.actualPort()));
  }
}
