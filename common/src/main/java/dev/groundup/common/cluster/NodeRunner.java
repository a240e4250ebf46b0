package dev.groundup.common.cluster;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.groundup.common.config.ConfigException;
import io.vertx.core.Future;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code main} of every role: read the configuration (exit 1 on a bad value), start the node,
 * report readiness, and close Vert.x on SIGTERM so the node leaves the cluster gracefully
 * (vertx-hazelcast turns Hazelcast's own shutdown hook off, so without this a SIGTERM looks like a
 * crash to the others).
 */
public final class NodeRunner {

  private static final Logger log = LoggerFactory.getLogger(NodeRunner.class);

  /**
   * A started node, the ports of its own services (the gateway's player port, ...), and what it
   * does on SIGTERM before it leaves the cluster: {@code drain} hands its work to the others and
   * completes when it is done (it bounds its own time).
   */
  public record Started(ClusterNode node, Map<String, Integer> ports, Supplier<Future<?>> drain) {
    public Started {
      ports = Map.copyOf(ports);
    }

    /** A node with nothing to hand over before it leaves. */
    public Started(ClusterNode node, Map<String, Integer> ports) {
      this(node, ports, Future::succeededFuture);
    }
  }

  /**
   * The longest a drain may take before the node leaves anyway; each role bounds its drain well
   * below.
   */
  private static final long DRAIN_LIMIT_SECONDS = 600;

  private NodeRunner() {}

  public static <C> void run(Supplier<C> config, Function<C, Future<Started>> start) {
    System.setProperty(
        "vertx.logger-delegate-factory-class-name",
        "io.vertx.core.logging.SLF4JLogDelegateFactory");
    System.setProperty("hazelcast.logging.type", "slf4j");
    C cfg;
    try {
      cfg = config.get();
    } catch (ConfigException e) {
      log.error("Bad configuration: {}", e.getMessage());
      System.exit(1);
      return;
    }
    log.info("Starting with {}", cfg);
    Started started;
    try {
      started = start.apply(cfg).await();
    } catch (Throwable e) {
      log.error("Node failed to start", e);
      System.exit(1);
      return;
    }
    ClusterNode node = started.node();
    Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(started), "groundup-shutdown"));
    Map<String, Object> ready = readiness(started);
    log.info("Ready: {}", ready);
    writeReadyFile(node.config().readyFile(), ready);
  }

  private static void stop(Started started) {
    ClusterNode node = started.node();
    node.health().drain();
    try {
      log.info("Shutting down: draining");
      started.drain().get().await(DRAIN_LIMIT_SECONDS, TimeUnit.SECONDS);
      log.info("Drained");
    } catch (Exception e) {
      log.warn("Drain did not finish; leaving anyway", e);
    }
    log.info("Shutting down: leaving the cluster");
    try {
      node.close().await(30, TimeUnit.SECONDS);
      log.info("Left the cluster");
    } catch (Exception e) {
      log.warn("Shutdown did not finish cleanly", e);
    }
  }

  static Map<String, Object> readiness(Started started) {
    ClusterNode node = started.node();
    Map<String, Integer> ports = new LinkedHashMap<>(started.ports());
    ports.put("hazelcast", node.hazelcastPort());
    ports.put("eventbus", node.eventBusPort());
    if (node.config().http().enabled()) {
      ports.put("http", node.config().http().port());
    }
    Map<String, Object> ready = new LinkedHashMap<>();
    ready.put("role", node.config().role().wire());
    ready.put("name", node.config().nodeName());
    ready.put("nodeId", node.nodeId());
    ready.put("pid", ManagementFactory.getRuntimeMXBean().getPid());
    ready.put("host", node.config().publicHost());
    ready.put("ports", ports);
    return ready;
  }

  private static void writeReadyFile(String file, Map<String, Object> ready) {
    if (file == null) {
      return;
    }
    try {
      Path target = Path.of(file);
      if (file.endsWith("/")
          || Files.isDirectory(target)) { // a directory: <name>.json in it (groundup local's run/)
        target = target.resolve(ready.get("name") + ".json");
      }
      Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
      Files.writeString(
          tmp, new ObjectMapper().writeValueAsString(ready) + "\n", StandardCharsets.UTF_8);
      Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      log.error("Cannot write the ready file {}", file, e);
    }
  }
}
