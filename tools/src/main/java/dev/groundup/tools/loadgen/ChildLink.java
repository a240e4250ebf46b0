package dev.groundup.tools.loadgen;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;

/**
 * A child process's line to its parent. Upstream (stdout) it writes one JSON object per line:
 * {@code {"type":"ready",...}} once its connections are set up, {@code {"type":"result",...}} with
 * its {@link Stats} after the run, or {@code {"type":"failed","error":...}}. Downstream (stdin) the
 * parent writes {@code start} (begin the load now) and {@code stop} (close the connections and
 * exit). When stdin ends, the parent is gone and the child must not outlive it: {@code parentGone}
 * runs.
 */
final class ChildLink {

  static final String READY = "ready";
  static final String RESULT = "result";
  static final String FAILED = "failed";
  static final String START = "start";
  static final String STOP = "stop";

  private final ObjectMapper json = new ObjectMapper();
  private final PrintWriter out;
  private final int child;
  private final CountDownLatch start = new CountDownLatch(1);
  private final CountDownLatch stop = new CountDownLatch(1);

  private ChildLink(PrintWriter out, int child) {
    this.out = out;
    this.child = child;
  }

  /** Starts listening to the parent on {@code in}. */
  static ChildLink attach(InputStream in, PrintWriter out, int child, Runnable parentGone) {
    ChildLink link = new ChildLink(out, child);
    Thread reader = new Thread(() -> link.listen(in, parentGone), "loadgen-parent-link");
    reader.setDaemon(true);
    reader.start();
    return link;
  }

  private void listen(InputStream in, Runnable parentGone) {
    try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      String line;
      while ((line = r.readLine()) != null) {
        switch (line.trim()) {
          case START -> start.countDown();
          case STOP -> stop.countDown();
          default -> {}
        }
      }
    } catch (IOException e) {
      // the parent is gone either way
    }
    if (stop.getCount() > 0) {
      parentGone.run();
    }
  }

  void ready(long connected, long setupNanos) {
    ObjectNode n = message(READY);
    n.put("connected", connected);
    n.put("setup_nanos", setupNanos);
    send(n);
  }

  void result(Stats stats) {
    ObjectNode n = message(RESULT);
    n.set("stats", stats.toJson(json));
    send(n);
  }

  void failed(String error) {
    ObjectNode n = message(FAILED);
    n.put("error", error);
    send(n);
  }

  void awaitStart() throws InterruptedException {
    start.await();
  }

  void awaitStop() throws InterruptedException {
    stop.await();
  }

  private ObjectNode message(String type) {
    ObjectNode n = json.createObjectNode();
    n.put("type", type);
    n.put("child", child);
    return n;
  }

  private void send(ObjectNode n) {
    synchronized (out) {
      out.println(n.toString());
      out.flush();
    }
  }
}
