package dev.groundup.tools.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The CLI's readable output: the tables of {@code status}, the lines of {@code watch}. */
public final class Formats {

  private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss.SSS");
  private static final String UNOWNED = "(no owner)";

  private Formats() {}

  // ---------------------------------------------------------------------------------------- status

  /**
   * The status reply of {@code groundup.cluster.status} as tables: nodes, shards, rooms, handoffs.
   */
  public static String status(JsonNode reply) {
    Map<String, String> names = new HashMap<>();
    for (JsonNode node : reply.path("nodes")) {
      String id = node.path("id").asText("");
      names.put(id, node.path("name").asText(id));
    }
    StringBuilder sb = new StringBuilder();

    JsonNode nodes = reply.path("nodes");
    sb.append("Nodes (").append(nodes.size()).append(")\n");
    boolean errors = false;
    for (JsonNode node : nodes) {
      errors |= node.hasNonNull("error");
    }
    Table t =
        errors
            ? new Table("NAME", "ROLE", "HOST", "UPTIME", "MEMBER", "PLAYERS", "ROOMS", "ERROR")
            : new Table("NAME", "ROLE", "HOST", "UPTIME", "MEMBER", "PLAYERS", "ROOMS");
    t.rightAligned(5, 6);
    for (JsonNode node : nodes) {
      String name = node.path("name").asText(node.path("id").asText("?"));
      String role = node.path("role").asText("?");
      String host = node.path("host").asText("?");
      String uptime = node.has("uptimeMs") ? uptime(node.path("uptimeMs").asLong()) : "?";
      String member = node.has("lite") ? (node.path("lite").asBoolean() ? "lite" : "member") : "?";
      if (errors) {
        t.row(
            name,
            role,
            host,
            uptime,
            member,
            count(node, "players"),
            count(node, "rooms"),
            node.path("error").asText(""));
      } else {
        t.row(name, role, host, uptime, member, count(node, "players"), count(node, "rooms"));
      }
    }
    t.appendTo(sb);

    JsonNode shards = reply.path("shards");
    sb.append("\nShards (").append(shards.size()).append(")\n");
    Map<String, List<int[]>> byOwner = new TreeMap<>(); // owner name -> [shard, epoch]
    for (JsonNode shard : shards) {
      JsonNode owner = shard.path("owner");
      String who =
          owner.isNull() || owner.isMissingNode()
              ? UNOWNED
              : names.getOrDefault(owner.asText(), owner.asText());
      byOwner
          .computeIfAbsent(who, k -> new ArrayList<>())
          .add(new int[] {shard.path("shard").asInt(), shard.path("epoch").asInt()});
    }
    if (byOwner.isEmpty()) {
      sb.append("  none\n");
    }
    int width = byOwner.keySet().stream().mapToInt(String::length).max().orElse(0);
    for (Map.Entry<String, List<int[]>> e : byOwner.entrySet()) {
      List<int[]> list = e.getValue();
      list.sort((a, b) -> Integer.compare(a[0], b[0]));
      int minEpoch = list.stream().mapToInt(a -> a[1]).min().orElse(0);
      int maxEpoch = list.stream().mapToInt(a -> a[1]).max().orElse(0);
      sb.append("  ")
          .append(pad(e.getKey() + ":", width + 1))
          .append(' ')
          .append(list.size())
          .append(list.size() == 1 ? " shard " : " shards ")
          .append(ranges(list.stream().mapToInt(a -> a[0]).toArray()))
          .append(", ")
          .append(
              minEpoch == maxEpoch ? "epoch " + minEpoch : "epochs " + minEpoch + "-" + maxEpoch)
          .append('\n');
    }

    JsonNode rooms = reply.path("rooms");
    sb.append("\nRooms (").append(rooms.size()).append(")\n");
    if (rooms.isEmpty()) {
      sb.append("  none\n");
    } else {
      Table r = new Table("ROOM", "SHARD", "NODE", "TICK LAG", "PLAYERS");
      r.rightAligned(1, 3);
      for (JsonNode room : rooms) {
        List<String> players = new ArrayList<>();
        room.path("players").forEach(p -> players.add(p.asText()));
        String node = room.path("node").asText("?");
        r.row(
            room.path("room").asText("?"),
            room.path("shard").asText("?"),
            names.getOrDefault(node, node),
            room.has("tickLagMs") ? room.path("tickLagMs").asText() + " ms" : "?",
            players.size() + (players.isEmpty() ? "" : ": " + String.join(", ", players)));
      }
      r.appendTo(sb);
    }

    JsonNode handoffs = reply.path("handoffs");
    sb.append("\nHandoffs in progress\n");
    if (handoffs.isEmpty()) {
      sb.append("  none\n");
    } else {
      Table h = new Table("SHARD", "NODE", "PHASE");
      h.rightAligned(0);
      for (JsonNode handoff : handoffs) {
        String node = handoff.path("node").asText("?");
        h.row(
            handoff.path("shard").asText("?"),
            names.getOrDefault(node, node),
            handoff.path("phase").asText("?"));
      }
      h.appendTo(sb);
    }
    return sb.toString();
  }

  private static String count(JsonNode node, String field) {
    return node.has(field) ? node.path(field).asText() : "-";
  }

  /** 3d 04h, 2h 05m, 5m 03s, 12s. */
  public static String uptime(long millis) {
    Duration d = Duration.ofMillis(Math.max(0, millis));
    long days = d.toDays();
    if (days > 0) {
      return String.format("%dd %02dh", days, d.toHoursPart());
    }
    if (d.toHours() > 0) {
      return String.format("%dh %02dm", d.toHours(), d.toMinutesPart());
    }
    if (d.toMinutes() > 0) {
      return String.format("%dm %02ds", d.toMinutes(), d.toSecondsPart());
    }
    return d.toSeconds() + "s";
  }

  /** Sorted shard numbers compactly: [0-3, 5, 9-10]. */
  public static String ranges(int[] sorted) {
    StringBuilder sb = new StringBuilder("[");
    int i = 0;
    while (i < sorted.length) {
      int j = i;
      while (j + 1 < sorted.length && sorted[j + 1] == sorted[j] + 1) {
        j++;
      }
      if (sb.length() > 1) {
        sb.append(", ");
      }
      sb.append(sorted[i]);
      if (j > i) {
        sb.append('-').append(sorted[j]);
      }
      i = j + 1;
    }
    return sb.append(']').toString();
  }

  // ----------------------------------------------------------------------------------------- watch

  /** One room event as one line, prefixed with the time it arrived. */
  public static String event(JsonNode event, LocalTime at) {
    return CLOCK.format(at) + " " + event(event);
  }

  /** One room event as words: {@code state tick 123: ada (3,4) score 2 steps 11; bob ...}. */
  public static String event(JsonNode event) {
    if (!event.isObject()) {
      return event.isTextual() ? event.asText() : event.toString();
    }
    String ev = event.path("ev").asText("");
    switch (ev) {
      case "state":
        {
          StringBuilder sb =
              new StringBuilder("state tick ").append(event.path("tick").asText("?")).append(':');
          JsonNode players = event.path("players");
          if (players.isEmpty()) {
            sb.append(" nobody");
          }
          boolean first = true;
          for (JsonNode p : players) {
            sb.append(first ? " " : "; ").append(player(p));
            first = false;
          }
          if (event.has("coins")) {
            sb.append(" | ").append(event.path("coins").size()).append(" coins");
          }
          return sb.toString();
        }
      case "enter":
        {
          JsonNode p = event.path("player");
          if (p.isObject()) {
            return "enter "
                + p.path("name").asText("?")
                + " at ("
                + p.path("x").asText("?")
                + ","
                + p.path("y").asText("?")
                + ")";
          }
          return "enter " + (p.isMissingNode() ? event.path("name").asText("?") : p.asText());
        }
      case "exit":
        return "exit " + event.path("name").asText(event.path("player").path("name").asText("?"));
      case "said":
        return "said " + event.path("from").asText("?") + ": " + event.path("text").asText("");
      default:
        return ev.isEmpty() ? event.toString() : ev + " " + event;
    }
  }

  private static String player(JsonNode p) {
    return p.path("name").asText("?")
        + " ("
        + p.path("x").asText("?")
        + ","
        + p.path("y").asText("?")
        + ") score "
        + p.path("score").asText("?")
        + " steps "
        + p.path("steps").asText("?");
  }

  private static String pad(String s, int width) {
    return s.length() >= width ? s : s + " ".repeat(width - s.length());
  }

  /** A plain text table: a header, columns padded to their widest cell, two spaces apart. */
  static final class Table {
    private final List<String[]> rows = new ArrayList<>();
    private final boolean[] right;

    Table(String... header) {
      rows.add(header);
      right = new boolean[header.length];
    }

    void rightAligned(int... columns) {
      for (int c : columns) {
        right[c] = true;
      }
    }

    void row(String... cells) {
      rows.add(cells);
    }

    void appendTo(StringBuilder sb) {
      int[] widths = new int[right.length];
      for (String[] row : rows) {
        for (int c = 0; c < row.length; c++) {
          widths[c] = Math.max(widths[c], row[c].length());
        }
      }
      for (String[] row : rows) {
        StringBuilder line = new StringBuilder("  ");
        for (int c = 0; c < row.length; c++) {
          if (c > 0) {
            line.append("  ");
          }
          String cell = row[c];
          String fill = " ".repeat(widths[c] - cell.length());
          line.append(right[c] ? fill + cell : c == row.length - 1 ? cell : cell + fill);
        }
        sb.append(line.toString().stripTrailing()).append('\n');
      }
    }
  }
}
