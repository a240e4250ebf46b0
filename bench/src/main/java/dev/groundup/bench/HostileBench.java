package dev.groundup.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.groundup.common.shard.RoutingMode;
import dev.groundup.node.LocalCluster;
import dev.groundup.node.NodeProcess;
import dev.groundup.testkit.Await;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.NetSocket;
import io.vertx.core.parsetools.RecordParser;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * {@code groundup bench hostile}: hostile load beside well-behaved players. It starts a local
 * cluster of separate processes (one registry, one shard node, one gateway whose connection cap is
 * {@code --cap}), connects {@code --bots} bots from 127.0.1.x (50 a source, rooms of 10) that each
 * send a ping and a move every second, and measures their ping→pong and move→ack latency
 * (HdrHistogram, from the send) and every error or close they see, for {@code --phase} seconds each
 * of:
 *
 * <ol>
 *   <li><b>quiet</b>: nothing else;
 *   <li><b>connection flood</b>: connections from 127.0.2.x, 60 a source, up to the cap and past
 *       it, opened again as the gateway closes them (the per-source and node caps answer {@code bye
 *       busy});
 *   <li><b>slow clients</b>: {@code --slow} clients from 127.0.3.x that log in, join the bots'
 *       rooms and never read;
 *   <li><b>garbage flood</b>: one client writing 10,000 garbage lines a second, connecting again 10
 *       ms after it is cut off ({@code bye abuse});
 *   <li><b>ping flood</b>: one logged-in client sending 10,000 pings a second, connecting (and
 *       logging in) again 10 ms after it is cut off.
 * </ol>
 *
 * <p>Before and after each attack (the attackers closed, 5 s later) it reads the gateway's live
 * heap ({@code jcmd GC.class_histogram}, after a full collection). Not a test: it prints a table.
 */
public final class HostileBench {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern TOTAL = Pattern.compile("(?m)^Total\\s+(\\d+)\\s+(\\d+)\\s*$");
  private static final int PER_SOURCE = 50;
  private static final int ROOM_SIZE = 10;

  /** The options of {@code groundup bench hostile}. */
  public record Options(int bots, int cap, int phaseSeconds, int slow) {

    static Options parse(List<String> args) {
      int bots = 1000;
      int cap = 3000;
      int phase = 30;
      int slow = 1000;
      for (int i = 0; i < args.size(); i += 2) {
        String arg = args.get(i);
        String value = i + 1 < args.size() ? args.get(i + 1) : null;
        switch (arg) {
          case "--bots" -> bots = BenchOptions.positive(arg, value);
          case "--cap" -> cap = BenchOptions.positive(arg, value);
          case "--phase" -> phase = BenchOptions.positive(arg, value);
          case "--slow" -> slow = BenchOptions.positive(arg, value);
          default -> throw new IllegalArgumentException("unknown option " + arg);
        }
      }
      if (cap < bots + slow + 10) {
        throw new IllegalArgumentException(
            "--cap must leave room for the bots and the slow clients");
      }
      return new Options(bots, cap, phase, slow);
    }
  }

  /** One phase's outcome for the well-behaved bots, and the gateway's live heap around it. */
  record Phase(
      String name,
      Histogram ping,
      Histogram ack,
      long errors,
      long heapBefore,
      long heapAfter,
      String attack) {}

  private final Options options;
  private final Vertx vertx;

  /**
   * A client per source address (Vert.x binds the local address per client); slow ones read little.
   */
  private final Map<String, NetClient> clients = new java.util.concurrent.ConcurrentHashMap<>();

  private final int port;
  private final Recorder pings = new Recorder(3);
  private final Recorder acks = new Recorder(3);
  private final AtomicLong botErrors = new AtomicLong();
  private final String prefix = "x" + UUID.randomUUID().toString().substring(0, 5);

  private HostileBench(Options options, Vertx vertx, int port) {
    this.options = options;
    this.vertx = vertx;
    this.port = port;
  }

  private NetClient from(String source, boolean slow) {
    return clients.computeIfAbsent(
        source + (slow ? "/slow" : ""),
        k -> {
          NetClientOptions o =
              new NetClientOptions()
                  .setTcpNoDelay(true)
                  .setConnectTimeout(10_000)
                  .setLocalAddress(source);
          return vertx.createNetClient(slow ? o.setReceiveBufferSize(4096) : o);
        });
  }

  /** {@code groundup bench hostile}: runs it on a cluster of its own; returns the exit status. */
  static int run(Options options) throws Exception {
    Path dir = Files.createDirectories(Path.of(".groundup", "bench-hostile"));
    int port = freePort();
    LocalCluster.Options clusterOptions =
        new LocalCluster.Options(
            1,
            1,
            1,
            RoutingMode.SHARDED,
            port,
            freePort(),
            dir,
            "groundup-hostile-" + UUID.randomUUID().toString().substring(0, 8),
            false);
    LocalCluster cluster =
        new LocalCluster(
            clusterOptions,
            NodeProcess.Launcher.current().withClassDataSharing(),
            Map.of(
                "GROUNDUP_MAX_CONNECTIONS",
                Integer.toString(options.cap()),
                // the product's default, which ./groundup local raises for its loopback clients
                "GROUNDUP_MAX_CONNECTIONS_PER_SOURCE",
                Integer.toString(PER_SOURCE)));
    Thread stop = new Thread(cluster::stopAll, "hostile-bench-stop");
    Runtime.getRuntime().addShutdownHook(stop);
    Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(2));
    try {
      cluster.start();
      long gatewayPid =
          cluster.nodes().stream()
              .filter(n -> n.role().wire().equals("gateway"))
              .findFirst()
              .orElseThrow()
              .pid();
      List<Phase> phases = new HostileBench(options, vertx, port).phases(gatewayPid);
      print(options, phases);
      return 0;
    } finally {
      vertx.close().await(30, TimeUnit.SECONDS);
      cluster.stopAll();
      Runtime.getRuntime().removeShutdownHook(stop);
    }
  }

  private List<Phase> phases(long gatewayPid) throws Exception {
    System.out.printf(
        "hostile: %d bots (ping + move each a second), cap %d connections, %d s a phase%n",
        options.bots(), options.cap(), options.phaseSeconds());
    List<BotConn> bots = new ArrayList<>();
    for (int i = 0; i < options.bots(); i++) {
      bots.add(new BotConn(i));
    }
    Await.until(
        "every bot plays", Duration.ofSeconds(120), () -> bots.stream().allMatch(b -> b.playing));
    bots.forEach(BotConn::play);
    // warm-up: the cluster's code runs cold at first
    measure(Duration.ofSeconds(Math.min(20, options.phaseSeconds())));
    botErrors.set(0);
    List<Phase> phases = new ArrayList<>();
    phases.add(phase("quiet", gatewayPid, () -> () -> "-"));
    phases.add(phase("connection flood", gatewayPid, this::connectionFlood));
    phases.add(phase("slow clients", gatewayPid, this::slowClients));
    phases.add(phase("garbage flood", gatewayPid, () -> flood(false)));
    phases.add(phase("ping flood", gatewayPid, () -> flood(true)));
    bots.forEach(BotConn::close);
    return phases;
  }

  /** An attack: started when called; the supplier it returns stops it and describes what it did. */
  private interface Attack {
    java.util.function.Supplier<String> start() throws Exception;
  }

  private Phase phase(String name, long gatewayPid, Attack attack) throws Exception {
    long heapBefore = liveHeap(gatewayPid);
    botErrors.set(0);
    java.util.function.Supplier<String> stop = attack.start();
    Histogram[] h = measure(Duration.ofSeconds(options.phaseSeconds()));
    long errors = botErrors.get();
    String what = stop.get();
    // play time after the attack, not a wait for a condition: the gateway lets go of what it held
    Thread.sleep(5000);
    long heapAfter = liveHeap(gatewayPid);
    Phase p = new Phase(name, h[0], h[1], errors, heapBefore, heapAfter, what);
    System.out.printf(
        "  %-17s ping p50 %6.1f p99 %6.1f ms | move→ack p50 %6.1f p99 %6.1f ms | errors %d | "
            + "heap %5.1f → %5.1f MiB | %s%n",
        name,
        ms(p.ping(), 50),
        ms(p.ping(), 99),
        ms(p.ack(), 50),
        ms(p.ack(), 99),
        errors,
        heapBefore / 1048576.0,
        heapAfter / 1048576.0,
        what);
    return p;
  }

  private Histogram[] measure(Duration d) throws InterruptedException {
    pings.reset();
    acks.reset();
    Thread.sleep(d.toMillis());
    return new Histogram[] {pings.getIntervalHistogram(), acks.getIntervalHistogram()};
  }

  // ---- the well-behaved bots

  /** A bot: logs in, joins its room, then (once told to play) a ping and a move every second. */
  private final class BotConn {
    final int index;
    final Map<Long, Long> sent = new HashMap<>();
    NetSocket socket;
    io.vertx.core.Context context;
    volatile boolean playing;
    long timer = -1;
    long nextId = 10;
    boolean closing;

    BotConn(int index) {
      this.index = index;
      String source = "127.0.1." + (1 + index / PER_SOURCE);
      from(source, false)
          .connect(port, "127.0.0.1")
          .onComplete(
              s -> {
                socket = s;
                context = vertx.getOrCreateContext();
                s.handler(RecordParser.newDelimited("\n", this::line));
                s.closeHandler(
                    v -> {
                      if (!closing) {
                        botErrors.incrementAndGet();
                      }
                    });
                s.write("{\"op\":\"login\",\"name\":\"" + prefix + "b" + index + "\",\"id\":1}\n");
              },
              e -> botErrors.incrementAndGet());
    }

    void line(Buffer line) {
      if (line.length() > 12 && line.getByte(7) == 's' && line.getByte(8) == 't') {
        return; // {"ev":"state"...: the room's events, not measured
      }
      JsonNode event;
      try {
        event = JSON.readTree(line.getBytes());
      } catch (IOException e) {
        botErrors.incrementAndGet();
        return;
      }
      String ev = event.path("ev").asText();
      long id = event.path("id").asLong(-1);
      switch (ev) {
        case "welcome" ->
            socket.write(
                "{\"op\":\"join\",\"room\":\""
                    + prefix
                    + "r"
                    + (index / ROOM_SIZE)
                    + "\",\"id\":2}\n");
        case "joined" -> playing = true;
        case "pong", "ack" -> {
          Long at = sent.remove(id);
          if (at != null) {
            (ev.equals("pong") ? pings : acks)
                .recordValue(Math.max(1, (System.nanoTime() - at) / 1000));
          }
        }
        case "error", "bye" -> botErrors.incrementAndGet();
        default -> {}
      }
    }

    void play() {
      context.runOnContext(
          v ->
              timer =
                  vertx.setPeriodic(
                      index % 1000,
                      1000,
                      t -> {
                        long now = System.nanoTime();
                        long ping = nextId++;
                        long move = nextId++;
                        sent.put(ping, now);
                        sent.put(move, now);
                        socket.write(
                            "{\"op\":\"ping\",\"id\":"
                                + ping
                                + "}\n{\"op\":\"move\",\"dir\":\""
                                + "nesw".charAt((int) (move / 2 % 4))
                                + "\",\"id\":"
                                + move
                                + "}\n");
                      }));
    }

    void close() {
      context.runOnContext(
          v -> {
            closing = true;
            vertx.cancelTimer(timer);
            socket.close();
          });
    }
  }

  // ---- the attacks

  /**
   * Connections from 127.0.2.x, 60 a source, until the cap refuses; closed ones are opened again.
   */
  private java.util.function.Supplier<String> connectionFlood() {
    AtomicBoolean on = new AtomicBoolean(true);
    AtomicLong busy = new AtomicLong();
    AtomicLong admitted = new AtomicLong();
    List<NetSocket> open = java.util.Collections.synchronizedList(new ArrayList<>());
    int sources = (options.cap() - options.bots()) / PER_SOURCE + 10;
    for (int s = 0; s < sources; s++) {
      String source = "127.0.2." + (1 + s);
      for (int c = 0; c < 60; c++) {
        floodOne(source, on, busy, admitted, open);
      }
    }
    return () -> {
      on.set(false);
      synchronized (open) {
        open.forEach(NetSocket::close);
      }
      return String.format(
          "%d sources x 60: %d admitted, %d bye busy", sources, admitted.get(), busy.get());
    };
  }

  private void floodOne(
      String source, AtomicBoolean on, AtomicLong busy, AtomicLong admitted, List<NetSocket> open) {
    if (!on.get()) {
      return;
    }
    from(source, false)
        .connect(port, "127.0.0.1")
        .onComplete(
            s -> {
              open.add(s);
              s.handler(
                  RecordParser.newDelimited(
                      "\n",
                      line -> {
                        if (line.toString().contains("\"busy\"")) {
                          busy.incrementAndGet();
                        } else if (line.toString().contains("hello")) {
                          admitted.incrementAndGet();
                        }
                      }));
              // again when the gateway closes it (busy at once, or idle after the login time limit)
              s.closeHandler(
                  v -> {
                    open.remove(s);
                    vertx.setTimer(200, t -> floodOne(source, on, busy, admitted, open));
                  });
              if (!on.get()) {
                s.close();
              }
            },
            e -> vertx.setTimer(200, t -> floodOne(source, on, busy, admitted, open)));
  }

  /** Clients from 127.0.3.x that log in, join the bots' rooms and never read a byte. */
  private java.util.function.Supplier<String> slowClients() {
    List<NetSocket> open = java.util.Collections.synchronizedList(new ArrayList<>());
    AtomicLong cut = new AtomicLong();
    AtomicBoolean on = new AtomicBoolean(true);
    int rooms = Math.max(1, options.bots() / ROOM_SIZE);
    for (int i = 0; i < options.slow(); i++) {
      String source = "127.0.3." + (1 + i / PER_SOURCE);
      String login =
          "{\"op\":\"login\",\"name\":\""
              + prefix
              + "s"
              + i
              + "\"}\n{\"op\":\"join\",\"room\":\""
              + prefix
              + "r"
              + (i % rooms)
              + "\"}\n";
      from(source, true)
          .connect(port, "127.0.0.1")
          .onSuccess(
              s -> {
                s.pause();
                open.add(s);
                s.closeHandler(
                    v -> {
                      if (on.get()) {
                        cut.incrementAndGet();
                      }
                    });
                s.write(login);
              });
    }
    return () -> {
      on.set(false);
      synchronized (open) {
        open.forEach(NetSocket::close);
      }
      return String.format(
          "%d slow clients in the bots' rooms, %d cut off by the gateway", open.size(), cut.get());
    };
  }

  /**
   * One client writing 10,000 lines a second: garbage, or pings once logged in; connects again when
   * cut off.
   */
  private java.util.function.Supplier<String> flood(boolean pings) {
    AtomicBoolean on = new AtomicBoolean(true);
    AtomicLong lines = new AtomicLong();
    AtomicLong connections = new AtomicLong();
    NetSocket[] current = new NetSocket[1];
    Runnable[] connect = new Runnable[1];
    String line = pings ? "{\"op\":\"ping\",\"id\":1}\n" : "garbage, not JSON {{{\n";
    Buffer batch = Buffer.buffer(line.repeat(100));
    connect[0] =
        () ->
            from("127.0.4.1", false)
                .connect(port, "127.0.0.1")
                .onComplete(
                    s -> {
                      connections.incrementAndGet();
                      current[0] = s;
                      s.handler(b -> {});
                      if (pings) {
                        s.write(
                            "{\"op\":\"login\",\"name\":\""
                                + prefix
                                + "f"
                                + connections.get()
                                + "\"}\n");
                      }
                      long timer =
                          vertx.setPeriodic(
                              10,
                              t -> {
                                if (!s.writeQueueFull()) {
                                  s.write(batch);
                                  lines.addAndGet(100);
                                }
                              });
                      s.closeHandler(
                          v -> {
                            vertx.cancelTimer(timer);
                            if (on.get()) {
                              vertx.setTimer(10, t -> connect[0].run());
                            }
                          });
                    },
                    e -> {
                      if (on.get()) {
                        vertx.setTimer(100, t -> connect[0].run());
                      }
                    });
    vertx.runOnContext(v -> connect[0].run());
    return () -> {
      on.set(false);
      if (current[0] != null) {
        current[0].close();
      }
      return String.format(
          "%d lines sent (%.0f a second; 10,000 a second while connected) over %d connections",
          lines.get(), lines.get() / (double) options.phaseSeconds(), connections.get());
    };
  }

  // ---- measuring and printing

  /** The live heap of {@code pid} after a full collection, from {@code jcmd GC.class_histogram}. */
  private static long liveHeap(long pid) throws IOException, InterruptedException {
    Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
    Process p =
        new ProcessBuilder(jcmd.toString(), Long.toString(pid), "GC.class_histogram")
            .redirectErrorStream(true)
            .start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    p.waitFor(120, TimeUnit.SECONDS);
    Matcher m = TOTAL.matcher(out);
    return m.find() ? Long.parseLong(m.group(2)) : -1;
  }

  private static double ms(Histogram h, double percentile) {
    return h.getTotalCount() == 0 ? Double.NaN : h.getValueAtPercentile(percentile) / 1000.0;
  }

  private static void print(Options options, List<Phase> phases) {
    Phase quiet = phases.getFirst();
    System.out.printf(
        "%nhostile: %d bots, %d s a phase; p99 against the quiet run%n",
        options.bots(), options.phaseSeconds());
    System.out.println(
        "| phase | ping p50 / p99 (ms) | move→ack p50 / p99 (ms) | p99 vs quiet (ping, ack) | bots' errors "
            + "| gateway live heap before → after (MiB) | attack |");
    System.out.println("| --- | --- | --- | --- | --- | --- | --- |");
    for (Phase p : phases) {
      System.out.printf(
          "| %s | %.1f / %.1f | %.1f / %.1f | %.2f×, %.2f× | %d | %.1f → %.1f | %s |%n",
          p.name(),
          ms(p.ping(), 50),
          ms(p.ping(), 99),
          ms(p.ack(), 50),
          ms(p.ack(), 99),
          ms(p.ping(), 99) / ms(quiet.ping(), 99),
          ms(p.ack(), 99) / ms(quiet.ack(), 99),
          p.errors(),
          p.heapBefore() / 1048576.0,
          p.heapAfter() / 1048576.0,
          p.attack());
    }
  }

  private static int freePort() throws IOException {
    java.util.random.RandomGenerator random = java.util.random.RandomGenerator.getDefault();
    for (int attempt = 0; attempt < 200; attempt++) {
      int port = 20_000 + random.nextInt(12_000);
      try (ServerSocket socket = new ServerSocket()) {
        socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        return port;
      } catch (IOException taken) {
        // try another
      }
    }
    throw new IOException("no free port found");
  }
}
