package dev.groundup.tools.loadgen;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ConnectException;
import org.junit.jupiter.api.Test;

class RefusalsTest {

  @Test
  void aRefusedConnectionAsksWhetherTheServerRuns() {
    String m =
        Refusals.connect(
            "127.0.0.1", 7000, null, new ConnectException("Connection refused: /127.0.0.1:7000"));
    assertThat(m)
        .isEqualTo(
            "cannot connect to 127.0.0.1:7000: Connection refused: /127.0.0.1:7000 (is the server "
                + "running and listening there?)");
    assertThat(
            Refusals.connect(
                "10.0.0.1", 7100, "127.0.0.3", new IOException("Cannot assign requested address")))
        .isEqualTo(
            "cannot connect to 10.0.0.1:7100 from 127.0.0.3: Cannot assign requested address");
  }

  @Test
  void refusalsSayWhyAndWhatToDo() {
    assertThat(Refusals.error("login of ab-1", "name_taken", "taken"))
        .startsWith("login of ab-1 refused: name_taken " + "(taken); player names persist")
        .contains("--prefix");
    assertThat(Refusals.error("join of room r by ab-1", "room_full", "full")).contains("--rooms");
    assertThat(Refusals.error("login of ab-1", "whatever", "m"))
        .isEqualTo("login of ab-1 refused: whatever (m)");
    assertThat(Refusals.bye("ab-1", "abuse")).contains("bye (abuse)", "too many errors");
    assertThat(Refusals.bye("ab-1", "busy")).contains("refuses more connections");
    assertThat(Refusals.bye("ab-1", null))
        .isEqualTo("the server said bye (null) to ab-1 during setup");
  }
}
