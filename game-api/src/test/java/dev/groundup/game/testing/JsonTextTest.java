package dev.groundup.game.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.groundup.game.JsonOut;
import org.junit.jupiter.api.Test;

/** {@link JsonText}: what a room's fields look like on the wire. */
class JsonTextTest {

  @Test
  void noFieldsIsAnEmptyObject() {
    assertThat(JsonText.fields(out -> {})).isEqualTo("{}");
  }

  @Test
  void fieldsAreSeparatedByCommasAndNamesByColons() {
    String json =
        JsonText.fields(
            out ->
                out.field("a", 1)
                    .field("b", "two")
                    .field("c", true)
                    .field("d", false)
                    .field("e", (String) null)
                    .name("f")
                    .nullValue()
                    .field("g", -7L)
                    .field("h", Long.MIN_VALUE));
    assertThat(json)
        .isEqualTo(
            "{\"a\":1,\"b\":\"two\",\"c\":true,\"d\":false,\"e\":null,\"f\":null,\"g\":-7,"
                + "\"h\":-9223372036854775808}");
  }

  @Test
  void valueOfANullStringIsNull() {
    assertThat(JsonText.fields(out -> out.name("s").value((String) null)))
        .isEqualTo("{\"s\":null}");
  }

  @Test
  void arraysAndObjectsNest() {
    String json =
        JsonText.fields(
            out -> {
              out.name("empty").startArray().endArray();
              out.name("none").startObject().endObject();
              out.name("grid").startArray();
              for (int i = 0; i < 3; i++) {
                out.startArray().value(i).value(i * 10).endArray();
              }
              out.endArray();
              out.name("objects").startArray();
              out.startObject().field("n", 1).name("in").startObject().field("k", "v").endObject();
              out.endObject();
              out.startObject().endObject();
              out.startArray().startArray().endArray().nullValue().endArray();
              out.endArray();
              out.field("last", "x");
            });
    assertThat(json)
        .isEqualTo(
            "{\"empty\":[],\"none\":{},\"grid\":[[0,0],[1,10],[2,20]],"
                + "\"objects\":[{\"n\":1,\"in\":{\"k\":\"v\"}},{},[[],null]],\"last\":\"x\"}");
  }

  @Test
  void arrayOfMixedValues() {
    String json =
        JsonText.fields(
            out ->
                out.name("xs")
                    .startArray()
                    .value("a")
                    .value(2)
                    .value(true)
                    .nullValue()
                    .value((String) null)
                    .endArray());
    assertThat(json).isEqualTo("{\"xs\":[\"a\",2,true,null,null]}");
  }

  @Test
  void stringsAreEscaped() {
    String json =
        JsonText.fields(
            out ->
                out.field("q", "say \"hi\"")
                    .field("b", "back\\slash")
                    .field("ws", "a\nb\rc\td")
                    .field("ctl", "\u0000\u0001\u001f\b\f")
                    .field("fine", "/é€ 😀\u007f"));
    assertThat(json)
        .isEqualTo(
            "{\"q\":\"say \\\"hi\\\"\",\"b\":\"back\\\\slash\",\"ws\":\"a\\nb\\rc\\td\","
                + "\"ctl\":\"\\u0000\\u0001\\u001f\\u0008\\u000c\",\"fine\":\"/é€ 😀\u007f\"}");
  }

  @Test
  void namesAreEscapedToo() {
    assertThat(JsonText.fields(out -> out.field("a\"b\n", 1))).isEqualTo("{\"a\\\"b\\n\":1}");
  }

  @Test
  void aJsonTextUsedDirectlyWritesWhatItIsGiven() {
    JsonText text = new JsonText();
    JsonOut out = text.startArray().value(1).startObject().field("a", 2).endObject().endArray();
    assertThat(out).isSameAs(text);
    assertThat(text).hasToString("[1,{\"a\":2}]");
  }
}
