package dev.groundup.tools.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.LocalTime;
import org.junit.jupiter.api.Test;

class FormatsTest {

  static final ObjectMapper JSON = new ObjectMapper();

  static final String STATUS =
      """
      {"nodes":[
        {"id":"r1","name":"registry-1","role":"registry","host":"127.0.0.1","uptimeMs":3723000,"lite":false,"players":0,"rooms":0},
        {"id":"s1","name":"shard-1","role":"shard","host":"127.0.0.1","uptimeMs":65000,"lite":false,"players":2,"rooms":1},
        {"id":"s2","name":"shard-2","role":"shard","host":"127.0.0.1","uptimeMs":9000,"lite":false,"players":0,"rooms":0},
        {"id":"g1","name":"gateway-1","role":"gateway","host":"10.0.0.7","uptimeMs":90061000,"lite":true,"error":"no answer"}],
       "shards":[
        {"shard":0,"owner":"s1","epoch":1},{"shard":1,"owner":"s1","epoch":1},{"shard":2,"owner":"s1","epoch":3},
        {"shard":3,"owner":"s2","epoch":2},{"shard":5,"owner":"s1","epoch":1},{"shard":4,"owner":null,"epoch":0}],
       "rooms":[{"room":"lobby","shard":2,"node":"s1","players":["ada","bob"],"tickLagMs":3}],
       "handoffs":[{"shard":3,"node":"s2","phase":"loading"}]}
      """;

  @Test
  void statusTables() throws Exception {
    String text = Formats.status(JSON.readTree(STATUS));
    String expected =
        """
        Nodes (4)
          NAME        ROLE      HOST       UPTIME  MEMBER  PLAYERS  ROOMS  ERROR
          registry-1  registry  127.0.0.1  1h 02m  member        0      0
          shard-1     shard     127.0.0.1  1m 05s  member        2      1
          shard-2     shard     127.0.0.1  9s      member        0      0
          gateway-1   gateway   10.0.0.7   1d 01h  lite          -      -  no answer

        Shards (6)
          (no owner): 1 shard [4], epoch 0
          shard-1:    4 shards [0-2, 5], epochs 1-3
          shard-2:    1 shard [3], epoch 2

        Rooms (1)
          ROOM   SHARD  NODE     TICK LAG  PLAYERS
          lobby      2  shard-1      3 ms  2: ada, bob

        Handoffs in progress
          SHARD  NODE     PHASE
              3  shard-2  loading
        """;
    assertEquals(expected, text);
  }

  @Test
  void emptyStatus() throws Exception {
    String text =
        Formats.status(JSON.readTree("{\"nodes\":[],\"shards\":[],\"rooms\":[],\"handoffs\":[]}"));
    assertEquals(
        """
        Nodes (0)
          NAME  ROLE  HOST  UPTIME  MEMBER  PLAYERS  ROOMS

        Shards (0)
          none

        Rooms (0)
          none

        Handoffs in progress
          none
        """,
        text);
  }

  @Test
  void ownerNotAmongTheNodesIsShownById() throws Exception {
    String text =
        Formats.status(
            JSON.readTree(
                "{\"nodes\":[],\"shards\":[{\"shard\":7,\"owner\":\"abc-123\",\"epoch\":4}],\"rooms\":[],\"handoffs\":[]}"));
    assertTrue(text.contains("abc-123: 1 shard [7], epoch 4"), text);
  }

  @Test
  void ranges() {
    assertEquals("[]", Formats.ranges(new int[0]));
    assertEquals("[3]", Formats.ranges(new int[] {3}));
    assertEquals("[0-3, 5, 7-8, 63]", Formats.ranges(new int[] {0, 1, 2, 3, 5, 7, 8, 63}));
  }

  @Test
  void uptime() {
    assertEquals("0s", Formats.uptime(0));
    assertEquals("59s", Formats.uptime(59_999));
    assertEquals("1m 00s", Formats.uptime(60_000));
    assertEquals("2h 05m", Formats.uptime((2 * 3600 + 5 * 60 + 7) * 1000L));
    assertEquals("3d 04h", Formats.uptime((3 * 86400 + 4 * 3600) * 1000L));
  }

  @Test
  void events() throws Exception {
    LocalTime at = LocalTime.of(12, 0, 1, 234_000_000);
    assertEquals(
        "12:00:01.234 state tick 123: ada (3,4) score 2 steps 11; bob (0,31) score 0 steps 1 | 2 coins",
        Formats.event(
            JSON.readTree(
                "{\"ev\":\"state\",\"room\":\"lobby\",\"tick\":123,\"players\":["
                    + "{\"name\":\"ada\",\"x\":3,\"y\":4,\"score\":2,\"steps\":11},"
                    + "{\"name\":\"bob\",\"x\":0,\"y\":31,\"score\":0,\"steps\":1}],\"coins\":[[1,2],[5,6]]}"),
            at));
    assertEquals(
        "state tick 9: nobody",
        Formats.event(
            JSON.readTree("{\"ev\":\"state\",\"room\":\"lobby\",\"tick\":9,\"players\":[]}")));
    assertEquals(
        "enter ada at (22,6)",
        Formats.event(
            JSON.readTree(
                "{\"ev\":\"enter\",\"room\":\"lobby\",\"player\":{\"name\":\"ada\",\"x\":22,\"y\":6,\"score\":0,\"steps\":0}}")));
    assertEquals(
        "exit ada",
        Formats.event(JSON.readTree("{\"ev\":\"exit\",\"room\":\"lobby\",\"name\":\"ada\"}")));
    assertEquals(
        "said ada: hello there",
        Formats.event(
            JSON.readTree(
                "{\"ev\":\"said\",\"room\":\"lobby\",\"from\":\"ada\",\"text\":\"hello there\"}")));
    assertEquals(
        "top {\"ev\":\"top\",\"players\":[]}",
        Formats.event(JSON.readTree("{\"ev\":\"top\",\"players\":[]}")));
    assertEquals("just text", Formats.event(JSON.readTree("\"just text\"")));
  }
}
