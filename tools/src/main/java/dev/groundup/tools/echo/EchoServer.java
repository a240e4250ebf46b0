package dev.groundup.tools.echo;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.NetSocket;
import io.vertx.core.parsetools.RecordParser;

/**
 * The benchmark's ceiling: a plain Vert.x NetServer that frames lines exactly as the gateway does
 * (a {@link RecordParser} on {@code \n}, the same longest line) and writes each line straight back.
 * No JSON, no routing, no event bus: what every groundup figure is divided by. Deploy one instance
 * per event loop; Vert.x spreads the connections of one port over them.
 */
public final class EchoServer extends VerticleBase {

  /** The gateway's default longest line. */
  static final int MAX_LINE = 8192;

  private final String host;
  private final int port;

  public EchoServer(String host, int port) {
    this.host = host;
    this.port = port;
  }

  @Override
  public Future<?> start() {
    NetServer server =
        vertx.createNetServer(
            new NetServerOptions().setHost(host).setPort(port).setTcpNoDelay(true));
    return server.connectHandler(this::echo).listen();
  }

  private void echo(NetSocket socket) {
    RecordParser lines =
        RecordParser.newDelimited(
                "\n",
                line ->
                    socket.write(
                        Buffer.buffer(line.length() + 1)
                            .appendBuffer(line)
                            .appendByte((byte) '\n')))
            .maxRecordSize(MAX_LINE);
    lines.exceptionHandler(e -> socket.close());
    socket.handler(lines);
  }
}
