package dev.groundup.tools.loadgen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;
import java.util.SplittableRandom;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

class StatsTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private static Histogram histogram(long seed, int n, long bound) {
    Histogram h = Histograms.create();
    SplittableRandom r = new SplittableRandom(seed);
    for (int i = 0; i < n; i++) {
      Histograms.record(h, r.nextLong(bound));
    }
    return h;
  }

  @Test
  void histogramsSurviveTheCompressedBase64Encoding() {
    Histogram h = histogram(1, 100_000, 50_000);
    Histograms.record(h, 3_000_000);
    Histogram back = Histograms.decode(Histograms.encode(h));
    assertThat(back).isEqualTo(h);
    assertThat(back.getTotalCount()).isEqualTo(100_001);
    assertThat(back.getValueAtPercentile(99)).isEqualTo(h.getValueAtPercentile(99));
    assertThat(back.getMaxValue()).isEqualTo(h.getMaxValue());
    assertThat(Histograms.encode(h).length()).as("compressed").isLessThan(20_000);
    assertThat(Histograms.decode(Histograms.encode(Histograms.create())).getTotalCount()).isZero();
  }

  @Test
  void badEncodingsAreRefused() {
    assertThatThrownBy(() -> Histograms.decode("not base64!"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Histograms.decode("AAAA"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void valuesOutsideTheRangeAreClamped() {
    Histogram h = Histograms.create();
    Histograms.record(h, -5);
    Histograms.record(h, Long.MAX_VALUE);
    assertThat(h.getTotalCount()).isEqualTo(2);
    assertThat(h.getMinValue()).isZero();
    assertThat(h.getMaxValue()).isEqualTo(h.highestEquivalentValue(Histograms.HIGHEST_MICROS));
  }

  @Test
  void mergeAddsCountsAndHistograms() {
    Histogram fast = histogram(2, 1000, 1000);
    Histogram slow = histogram(3, 1000, 100_000);
    Stats a =
        new Stats(
            10,
            2_000_000,
            100,
            90,
            1,
            2,
            0,
            Map.of("rate_limited", 3L),
            Map.of("state", 50L),
            Map.of(),
            fast,
            Histograms.create(),
            Histograms.create(),
            Histograms.create());
    Stats b =
        new Stats(
            5,
            3_000_000,
            50,
            45,
            0,
            1,
            1,
            Map.of("rate_limited", 1L, "unavailable", 2L),
            Map.of("state", 5L, "enter", 1L),
            Map.of("bye_abuse", 1L),
            slow,
            Histograms.create(),
            histogram(8, 10, 900_000),
            Histograms.create());
    Stats m = a.merge(b);
    assertThat(m.connected()).isEqualTo(15);
    assertThat(m.setupNanos())
        .as("processes set up in parallel: the slowest counts")
        .isEqualTo(3_000_000);
    assertThat(m.sent()).isEqualTo(150);
    assertThat(m.answered()).isEqualTo(135);
    assertThat(m.unsent()).isEqualTo(1);
    assertThat(m.lost()).isEqualTo(3);
    assertThat(m.disconnects()).isEqualTo(1);
    assertThat(m.errors())
        .containsExactlyInAnyOrderEntriesOf(Map.of("rate_limited", 4L, "unavailable", 2L));
    assertThat(m.errorsTotal()).isEqualTo(6);
    assertThat(m.events()).containsExactlyInAnyOrderEntriesOf(Map.of("state", 55L, "enter", 1L));
    assertThat(m.unexpectedTotal()).isEqualTo(1);
    assertThat(m.latency().getTotalCount()).isEqualTo(2000);
    assertThat(m.latency().getMaxValue()).isEqualTo(slow.getMaxValue());
    assertThat(m.latency().getMinValue())
        .isEqualTo(Math.min(fast.getMinValue(), slow.getMinValue()));
    assertThat(m.login().getTotalCount()).isEqualTo(10);
    assertThat(fast.getTotalCount()).as("inputs untouched").isEqualTo(1000);
    assertThat(Stats.empty().merge(a))
        .usingRecursiveComparison()
        .withEqualsForType(Histogram::equals, Histogram.class)
        .isEqualTo(a);
  }

  @Test
  void jsonRoundTripAsAChildSendsIt() throws Exception {
    Stats s =
        new Stats(
            7,
            123_456_789,
            1000,
            990,
            0,
            10,
            2,
            Map.of("unavailable", 4L),
            Map.of("state", 9L),
            Map.of("pong_unmatched", 1L),
            histogram(4, 990, 20_000),
            histogram(5, 1000, 500),
            histogram(6, 7, 300_000),
            histogram(7, 7, 100_000));
    String line = s.toJson(JSON).toString();
    assertThat(line).doesNotContain("\n");
    JsonNode parsed = JSON.readTree(line);
    Stats back = Stats.fromJson(parsed);
    assertThat(back)
        .usingRecursiveComparison()
        .withEqualsForType(Histogram::equals, Histogram.class)
        .isEqualTo(s);
    assertThatThrownBy(() -> Stats.fromJson(JSON.readTree("{\"sent\":1}")))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aServerCannotGrowTheCountersWithoutBound() {
    Tally tally = new Tally();
    tally.start(new Timeline(0, 0, Long.MAX_VALUE / 4));
    for (int i = 0; i < 10_000; i++) {
      tally.unexpected("ev" + i);
      tally.error("code" + i, Inbound.NO_ID, 1);
    }
    tally.unexpected("x".repeat(1000));
    Stats s = tally.snapshot(0, 0, 0);
    assertThat(s.unexpected())
        .hasSize(Tally.MAX_KEYS + 1)
        .containsEntry(Tally.OTHER, 10_001L - Tally.MAX_KEYS);
    assertThat(s.errors()).hasSize(Tally.MAX_KEYS + 1);
    assertThat(s.unexpectedTotal()).isEqualTo(10_001);
  }

  @Test
  void theVerdictFailsRunsThatMeasuredNothing() {
    java.io.StringWriter text = new java.io.StringWriter();
    java.io.PrintWriter err = new java.io.PrintWriter(text, true);
    Histogram none = Histograms.create();
    Stats fine =
        new Stats(10, 1, 100, 100, 0, 0, 2, Map.of(), Map.of(), Map.of(), none, none, none, none);
    Stats allGone =
        new Stats(
            10,
            1,
            100,
            50,
            0,
            50,
            10,
            Map.of(),
            Map.of(),
            Map.of("bye_shutdown", 10L),
            none,
            none,
            none,
            none);
    Stats silent =
        new Stats(10, 1, 100, 0, 0, 100, 0, Map.of(), Map.of(), Map.of(), none, none, none, none);
    Stats idle =
        new Stats(10, 1, 0, 0, 0, 0, 0, Map.of(), Map.of(), Map.of(), none, none, none, none);
    assertThat(Loadgen.verdict(fine, err)).isZero();
    assertThat(Loadgen.verdict(idle, err)).isZero();
    assertThat(Loadgen.verdict(allGone, err)).isEqualTo(1);
    assertThat(Loadgen.verdict(silent, err)).isEqualTo(1);
    assertThat(text.toString())
        .contains("closed every connection", "bye_shutdown", "answered none of the 100");
  }

  @Test
  void tallyKeepsOnlyTheMeasurement() {
    Timeline t = new Timeline(0, 1_000_000_000L, 2_000_000_000L);
    Tally tally = new Tally();
    tally.start(t);
    long warm = 500_000;
    long measured = 1_500_000;
    tally.sent(warm, 0);
    tally.sent(measured, 2_000_000);
    tally.answered(warm, 600_000_000L);
    tally.answered(measured, 1_502_000_000L);
    tally.error("rate_limited", warm, 700_000_000L);
    tally.error("rate_limited", measured, 1_600_000_000L);
    tally.error("bad_json", Inbound.NO_ID, 1_600_000_000L);
    tally.event("state", 100L);
    tally.event("state", 1_100_000_000L);
    tally.unexpected("bye_idle");
    tally.login(3_000_000);
    tally.join(5_000_000);
    Stats s = tally.snapshot(3, 42, 5);
    assertThat(s.login().getMaxValue()).isBetween(2990L, 3010L);
    assertThat(s.join().getMaxValue()).isBetween(4990L, 5010L);
    assertThat(s.sent()).isEqualTo(1);
    assertThat(s.answered()).isEqualTo(1);
    assertThat(s.latency().getTotalCount()).isEqualTo(1);
    assertThat(s.latency().getMaxValue()).isBetween(1990L, 2010L);
    assertThat(s.sendLag().getMaxValue()).isBetween(1990L, 2010L);
    assertThat(s.errors()).isEqualTo(Map.of("rate_limited", 1L, "bad_json", 1L));
    assertThat(s.events()).isEqualTo(Map.of("state", 1L));
    assertThat(s.unexpected()).isEqualTo(Map.of("bye_idle", 1L));
    assertThat(s.lost()).isEqualTo(5);
    assertThat(s.connected()).isEqualTo(3);
  }
}
