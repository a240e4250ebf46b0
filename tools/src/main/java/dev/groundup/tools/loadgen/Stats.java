package dev.groundup.tools.loadgen;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import java.util.TreeMap;
import org.HdrHistogram.Histogram;

/**
 * What one event loop, one process or the whole run counted. Counts of requests cover the
 * measurement window only (a request belongs to it by its id, see {@link Timeline}); {@code
 * unexpected} and {@code disconnects} cover the whole run, since any of them is worth a look. The
 * histograms are never modified once in a {@code Stats}; {@link #merge} makes new ones.
 *
 * @param connected connections that completed setup
 * @param setupNanos time from the first connect to the last connection ready
 * @param sent requests sent in the window
 * @param answered requests answered successfully (pong, ack)
 * @param unsent requests not sent because the socket's write queue was full
 * @param lost requests of the window still unanswered at the end of the drain, or whose connection
 *     closed
 * @param disconnects connections closed by the server (or the network) after setup
 * @param errors error answers by code
 * @param events room broadcasts received in the window, by event
 * @param unexpected anything that does not fit the protocol or the run, by kind
 * @param latency answer latency in microseconds
 * @param sendLag how late the generator sent, in microseconds (open loop: actual minus intended
 *     send time)
 * @param login setup: login to welcome, in microseconds
 * @param join setup: join to joined, in microseconds
 */
public record Stats(
    long connected,
    long setupNanos,
    long sent,
    long answered,
    long unsent,
    long lost,
    long disconnects,
    Map<String, Long> errors,
    Map<String, Long> events,
    Map<String, Long> unexpected,
    Histogram latency,
    Histogram sendLag,
    Histogram login,
    Histogram join) {

  public Stats {
    errors = Map.copyOf(errors);
    events = Map.copyOf(events);
    unexpected = Map.copyOf(unexpected);
  }

  public static Stats empty() {
    return new Stats(
        0,
        0,
        0,
        0,
        0,
        0,
        0,
        Map.of(),
        Map.of(),
        Map.of(),
        Histograms.create(),
        Histograms.create(),
        Histograms.create(),
        Histograms.create());
  }

  public long errorsTotal() {
    return errors.values().stream().mapToLong(Long::longValue).sum();
  }

  public long unexpectedTotal() {
    return unexpected.values().stream().mapToLong(Long::longValue).sum();
  }

  /** Both together: counts added, setup time the longer one (processes set up in parallel). */
  public Stats merge(Stats o) {
    return new Stats(
        connected + o.connected,
        Math.max(setupNanos, o.setupNanos),
        sent + o.sent,
        answered + o.answered,
        unsent + o.unsent,
        lost + o.lost,
        disconnects + o.disconnects,
        add(errors, o.errors),
        add(events, o.events),
        add(unexpected, o.unexpected),
        Histograms.sum(latency, o.latency),
        Histograms.sum(sendLag, o.sendLag),
        Histograms.sum(login, o.login),
        Histograms.sum(join, o.join));
  }

  private static Map<String, Long> add(Map<String, Long> a, Map<String, Long> b) {
    Map<String, Long> sum = new TreeMap<>(a);
    b.forEach((k, v) -> sum.merge(k, v, Long::sum));
    return sum;
  }

  /** The form a child sends to its parent. */
  public ObjectNode toJson(ObjectMapper json) {
    ObjectNode n = json.createObjectNode();
    n.put("connected", connected);
    n.put("setup_nanos", setupNanos);
    n.put("sent", sent);
    n.put("answered", answered);
    n.put("unsent", unsent);
    n.put("lost", lost);
    n.put("disconnects", disconnects);
    n.set("errors", json.valueToTree(new TreeMap<>(errors)));
    n.set("events", json.valueToTree(new TreeMap<>(events)));
    n.set("unexpected", json.valueToTree(new TreeMap<>(unexpected)));
    n.put("latency", Histograms.encode(latency));
    n.put("send_lag", Histograms.encode(sendLag));
    n.put("login", Histograms.encode(login));
    n.put("join", Histograms.encode(join));
    return n;
  }

  public static Stats fromJson(JsonNode n) {
    if (!n.isObject()
        || !n.path("latency").isTextual()
        || !n.path("send_lag").isTextual()
        || !n.path("login").isTextual()
        || !n.path("join").isTextual()) {
      throw new IllegalArgumentException("not a stats object: " + abbreviate(n.toString()));
    }
    return new Stats(
        n.path("connected").asLong(),
        n.path("setup_nanos").asLong(),
        n.path("sent").asLong(),
        n.path("answered").asLong(),
        n.path("unsent").asLong(),
        n.path("lost").asLong(),
        n.path("disconnects").asLong(),
        counts(n.path("errors")),
        counts(n.path("events")),
        counts(n.path("unexpected")),
        Histograms.decode(n.path("latency").asText()),
        Histograms.decode(n.path("send_lag").asText()),
        Histograms.decode(n.path("login").asText()),
        Histograms.decode(n.path("join").asText()));
  }

  private static Map<String, Long> counts(JsonNode n) {
    Map<String, Long> m = new TreeMap<>();
    n.properties().forEach(e -> m.put(e.getKey(), e.getValue().asLong()));
    return m;
  }

  private static String abbreviate(String s) {
    return s.length() > 200 ? s.substring(0, 200) + "..." : s;
  }
}
