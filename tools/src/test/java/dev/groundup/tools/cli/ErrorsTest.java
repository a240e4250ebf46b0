package dev.groundup.tools.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ErrorsTest {

  static final ObjectMapper JSON = new ObjectMapper();

  static String describe(String err) throws Exception {
    return Errors.describe(JSON.readTree(err), "groundup.x", Duration.ofSeconds(2));
  }

  @Test
  void theBridgesShortErrors() throws Exception {
    assertEquals(
        "the bridge does not allow groundup.x",
        describe("{\"type\":\"err\",\"message\":\"access_denied\"}"));
    assertEquals(
        "the bridge knows no address groundup.x",
        describe("{\"type\":\"err\",\"message\":\"unknown_address\"}"));
    assertEquals(
        "the bridge refuses more connections from this address (too_many_connections): close other cli "
            + "sessions or bridge clients",
        describe("{\"type\":\"err\",\"message\":\"too_many_connections\"}"));
    assertEquals(
        "the bridge did not understand a frame (invalid_json)",
        describe("{\"type\":\"err\",\"message\":\"invalid_json\"}"));
    assertEquals(
        "the bridge answered with an error: blocked by bridgeEvent handler",
        describe("{\"type\":\"err\",\"message\":\"blocked by bridgeEvent handler\"}"));
    assertEquals(
        "the bridge answered with an error: {\"type\":\"err\"}", describe("{\"type\":\"err\"}"));
  }

  @Test
  void replyFailures() throws Exception {
    assertEquals(
        "no reply from groundup.x within 2000 ms (timeout)",
        describe(
            "{\"type\":\"err\",\"failureCode\":-1,\"failureType\":\"TIMEOUT\",\"message\":\"Timed out\"}"));
    assertEquals(
        "groundup.x failed: no message (code 7)", describe("{\"type\":\"err\",\"failureCode\":7}"));
  }
}
