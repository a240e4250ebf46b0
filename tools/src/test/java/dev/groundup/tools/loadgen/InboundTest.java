package dev.groundup.tools.loadgen;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class InboundTest {

  private static Inbound parse(String line) {
    return Inbound.parse(line.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void answersWithNumericIds() {
    Inbound pong = parse("{\"ev\":\"pong\",\"id\":1234567}");
    assertThat(pong.ev()).isEqualTo("pong");
    assertThat(pong.id()).isEqualTo(1234567);
    assertThat(pong.textId()).isNull();
    Inbound ack = parse("{\"ev\":\"ack\",\"tick\":4,\"id\":3}");
    assertThat(ack.ev()).isEqualTo("ack");
    assertThat(ack.id()).isEqualTo(3);
    Inbound idFirst = parse("{\"id\":9,\"ev\":\"pong\",\"extra\":{\"a\":[1,2,{}]}}");
    assertThat(idFirst.id()).isEqualTo(9);
    assertThat(idFirst.ev()).isEqualTo("pong");
  }

  @Test
  void errorsAndByes() {
    Inbound e =
        parse("{\"ev\":\"error\",\"code\":\"rate_limited\",\"msg\":\"too many\",\"id\":77}");
    assertThat(e.code()).isEqualTo("rate_limited");
    assertThat(e.msg()).isEqualTo("too many");
    assertThat(e.id()).isEqualTo(77);
    Inbound noId = parse("{\"ev\":\"error\",\"code\":\"bad_json\",\"msg\":\"x\"}");
    assertThat(noId.id()).isEqualTo(Inbound.NO_ID);
    assertThat(parse("{\"ev\":\"bye\",\"reason\":\"abuse\"}").reason()).isEqualTo("abuse");
  }

  @Test
  void setupAnswersCarryStringIds() {
    Inbound w =
        parse("{\"ev\":\"welcome\",\"name\":\"a-1\",\"token\":\"t\",\"shard\":3,\"id\":\"login\"}");
    assertThat(w.ev()).isEqualTo("welcome");
    assertThat(w.textId()).isEqualTo("login");
    assertThat(w.id()).isEqualTo(Inbound.NO_ID);
  }

  @Test
  void broadcastsStopAtTheirEvent() {
    Inbound state =
        parse(
            "{\"ev\":\"state\",\"room\":\"r\",\"tick\":5,\"players\":[{\"name\":\"a\"}],\"coins\":[[1,2]]"
                + ",\"id\":5}");
    assertThat(state.ev()).isEqualTo("state");
    assertThat(state.id()).as("not read: broadcasts carry no id").isEqualTo(Inbound.NO_ID);
    // the rest of a broadcast is not even looked at
    assertThat(parse("{\"ev\":\"state\",\"players\":[[[").ev()).isEqualTo("state");
  }

  @Test
  void oddIdsAndGarbage() {
    assertThat(parse("{\"ev\":\"pong\",\"id\":12345678901234567890}").id())
        .isEqualTo(Inbound.NO_ID);
    assertThat(parse("{\"ev\":\"pong\",\"id\":1.5}").id()).isEqualTo(Inbound.NO_ID);
    assertThat(parse("{\"ev\":\"pong\",\"id\":-4}").id()).isEqualTo(Inbound.NO_ID);
    assertThat(parse("{\"ev\":\"pong\",\"id\":[1]}").id()).isEqualTo(Inbound.NO_ID);
    assertThat(parse("not json").valid()).isFalse();
    assertThat(parse("[1,2]").valid()).isFalse();
    assertThat(parse("{\"ev\":5}").valid()).isFalse();
    // one of our requests come back (from an echo server): valid, with its op and no ev
    Inbound echoed = parse("{\"op\":\"ping\",\"id\":7}");
    assertThat(echoed.valid()).isTrue();
    assertThat(echoed.ev()).isNull();
    assertThat(echoed.op()).isEqualTo("ping");
    assertThat(echoed.id()).isEqualTo(7);
    assertThat(parse("{\"ev\":\"pong\",\"id\":1").valid()).isFalse();
    byte[] padded = "xx{\"ev\":\"pong\",\"id\":2}yy".getBytes(StandardCharsets.UTF_8);
    assertThat(Inbound.parse(padded, 2, padded.length - 4).id()).isEqualTo(2);
  }
}
