package dev.groundup.gateway.bridge;

import dev.groundup.gateway.GatewayConfig;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.NetSocket;
import io.vertx.ext.bridge.BridgeEventType;
import io.vertx.ext.eventbus.bridge.tcp.BridgeEvent;
import io.vertx.ext.eventbus.bridge.tcp.TcpEventBusBridge;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The debugging bridge: Vert.x's TCP event-bus bridge ({@code vertx-tcp-eventbus-bridge}, standard
 * framing) on {@code GROUNDUP_BRIDGE_HOST:GROUNDUP_BRIDGE_PORT}, with {@link BridgePolicy}'s
 * permissions, a {@link FrameGuard} in front of every connection, connections per source address
 * and idle time bounded, and the rooms its clients watch reported to a {@link RoomWatch}. One
 * instance per gateway node.
 *
 * <p>How the guard gets in front: in 5.0.7 {@code TcpEventBusBridge} creates and owns its {@code
 * NetServer} and takes no sockets from outside (its connection handler is private). The one seam is
 * the {@code Vertx} it is created with, of which it calls only {@code eventBus()} and {@code
 * createNetServer(options)}. So it gets a view of our {@code Vertx} whose {@code createNetServer}
 * returns the real server with its connect handler wrapped: each accepted socket is counted and
 * handed to the bridge as a view whose {@code handler(...)} installs the {@link FrameGuard} in
 * front of the bridge's parser. The bridge still binds the one server, on the configured host only
 * (nothing listens anywhere else: no proxy, no internal port), and clients see the standard
 * framing. Vert.x 5.0.7 also never emits {@code SOCKET_CLOSED}, so closed sockets are seen here
 * through the socket's close handler.
 */
public final class BridgeVerticle extends VerticleBase {

  private static final Logger log = LoggerFactory.getLogger(BridgeVerticle.class);

  /** Bytes queued for a client that does not read (a busy room's watcher) before it is cut off. */
  static final int MAX_PENDING_OUTPUT = 1 << 20;

  private final GatewayConfig.Bridge config;
  private final Function<Vertx, RoomWatch> roomWatch;
  private RoomWatch rooms = RoomWatch.NONE;
  private final Map<String, Integer> perClient = new HashMap<>();
  private final Map<String, Integer> watchers = new HashMap<>();
  private final Map<NetSocket, Set<String>> watching = new IdentityHashMap<>();
  private TcpEventBusBridge bridge;

  /**
   * @param config where it listens and its limits
   * @param roomWatch makes the {@link RoomWatch} to tell of watched rooms; called in {@link
   *     #start()}, on this verticle's context
   */
  public BridgeVerticle(GatewayConfig.Bridge config, Function<Vertx, RoomWatch> roomWatch) {
    this.config = config;
    this.roomWatch = roomWatch;
  }

  @Override
  public Future<?> start() {
    rooms = roomWatch.apply(vertx);
    NetServerOptions options =
        new NetServerOptions()
            .setHost(config.host())
            .setPort(config.port())
            .setIdleTimeout((int) config.idle().toSeconds())
            .setIdleTimeoutUnit(TimeUnit.SECONDS);
    bridge =
        TcpEventBusBridge.create(
            guardedVertx(vertx), BridgePolicy.options(), options, this::onEvent);
    return bridge
        .listen()
        .onSuccess(
            b ->
                log.info(
                    "Debugging bridge on {}:{} (max frame {} bytes, {} connections per client, idle {} s)",
                    config.host(),
                    config.port(),
                    config.maxFrameBytes(),
                    config.maxConnectionsPerClient(),
                    config.idle().toSeconds()));
  }

  @Override
  public Future<?> stop() {
    return bridge == null ? Future.succeededFuture() : bridge.close();
  }

  /** Rooms watched by this bridge's clients, with how many connections watch each (for tests). */
  Map<String, Integer> watchers() {
    return Map.copyOf(watchers);
  }

  private void onEvent(BridgeEvent event) {
    BridgeEventType type = event.type();
    if (type == BridgeEventType.REGISTERED || type == BridgeEventType.UNREGISTER) {
      Set<String> mine = watching.get(event.socket());
      String room =
          event.getRawMessage() == null
              ? null
              : BridgePolicy.room(event.getRawMessage().getString("address"));
      if (mine != null && room != null) {
        if (type == BridgeEventType.REGISTERED) {
          if (mine.add(room)) {
            watched(room, +1);
          }
        } else if (mine.remove(room)) {
          watched(room, -1);
        }
      }
    }
    event.complete(true);
  }

  private void watched(String room, int delta) {
    int now = watchers.getOrDefault(room, 0) + delta;
    if (now <= 0) {
      watchers.remove(room);
    } else {
      watchers.put(room, now);
    }
    try {
      if (delta > 0 && now == 1) {
        rooms.watch(room);
      } else if (delta < 0 && now == 0) {
        rooms.unwatch(room);
      }
    } catch (RuntimeException e) {
      log.warn("Room watch of {} failed", room, e);
    }
  }

  /** A new client socket: counted per source address, then handed to the bridge behind a guard. */
  private void accept(NetSocket socket, Handler<NetSocket> bridgeHandler) {
    String client = socket.remoteAddress().host();
    int count = perClient.merge(client, 1, Integer::sum);
    if (count > config.maxConnectionsPerClient()) {
      release(client);
      log.debug("Bridge client {} refused: {} connections already", client, count - 1);
      FrameGuard.err(socket, "too_many_connections");
      socket.close();
      return;
    }
    socket.setWriteQueueMaxSize(MAX_PENDING_OUTPUT);
    Set<String> mine = new HashSet<>();
    NetSocket view = guardedSocket(socket, mine);
    watching.put(view, mine);
    socket.closeHandler(
        v -> {
          release(client);
          watching.remove(view);
          for (String room : List.copyOf(mine)) {
            watched(room, -1);
          }
          mine.clear();
        });
    bridgeHandler.handle(view);
  }

  private void release(String client) {
    perClient.computeIfPresent(client, (k, n) -> n <= 1 ? null : n - 1);
  }

  /** The bridge's view of a client socket: its data handler goes behind a {@link FrameGuard}. */
  private NetSocket guardedSocket(NetSocket socket, Set<String> mine) {
    return view(
        NetSocket.class,
        socket,
        (proxy, method, args) ->
            switch (method.getName()) {
              case "handler" -> {
                @SuppressWarnings("unchecked")
                Handler<Buffer> parser = (Handler<Buffer>) args[0];
                socket.handler(
                    parser == null
                        ? null
                        : new FrameGuard(
                            socket, parser, config.maxFrameBytes(), mine::contains, mine::size));
                yield proxy;
              }
              case "write" -> {
                if (socket.writeQueueFull()) {
                  log.info("Bridge client {} does not read: closing it", socket.remoteAddress());
                  socket.close();
                  yield Future.failedFuture("bridge client does not read");
                }
                yield call(socket, method, args);
              }
              default -> call(socket, method, args);
            });
  }

  /**
   * A view of {@code vertx} for the bridge: its {@code createNetServer} accepts sockets through
   * {@link #accept}.
   */
  private Vertx guardedVertx(Vertx vertx) {
    return view(
        Vertx.class,
        vertx,
        (proxy, method, args) -> {
          Object result = call(vertx, method, args);
          if (method.getName().equals("createNetServer") && result instanceof NetServer server) {
            return view(
                NetServer.class,
                server,
                (p, m, a) -> {
                  if (m.getName().equals("connectHandler") && a != null && a.length == 1) {
                    @SuppressWarnings("unchecked")
                    Handler<NetSocket> bridgeHandler = (Handler<NetSocket>) a[0];
                    server.connectHandler(
                        bridgeHandler == null ? null : socket -> accept(socket, bridgeHandler));
                    return p;
                  }
                  return call(server, m, a);
                });
          }
          return result;
        });
  }

  /**
   * A proxy of interface {@code type} over {@code target}; identity equality, calls as {@code
   * handler} says.
   */
  private static <T> T view(Class<T> type, T target, InvocationHandler handler) {
    return type.cast(
        Proxy.newProxyInstance(
            type.getClassLoader(),
            new Class<?>[] {type},
            (proxy, method, args) ->
                switch (method.getName()) {
                  case "equals" ->
                      method.getParameterCount() == 1
                          ? proxy == args[0]
                          : handler.invoke(proxy, method, args);
                  case "hashCode" ->
                      method.getParameterCount() == 0
                          ? System.identityHashCode(proxy)
                          : handler.invoke(proxy, method, args);
                  case "toString" ->
                      method.getParameterCount() == 0
                          ? "guarded " + target
                          : handler.invoke(proxy, method, args);
                  default -> handler.invoke(proxy, method, args);
                }));
  }

  private static Object call(Object target, Method method, Object[] args) throws Throwable {
    try {
      return method.invoke(target, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }
}
