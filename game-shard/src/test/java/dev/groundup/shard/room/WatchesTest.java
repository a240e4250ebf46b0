package dev.groundup.shard.room;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class WatchesTest {

  private static final long EXPIRY = 30_000;

  @Test
  void aRoomIsWatchedUntilItsLastWatcherStops() {
    Watches w = new Watches(EXPIRY);
    assertThat(w.watched("lobby")).isFalse();
    assertThat(w.set("lobby", "a", true, 0)).isTrue();
    assertThat(w.set("lobby", "b", true, 0)).isTrue();
    assertThat(w.set("lobby", "a", false, 1)).isTrue();
    assertThat(w.watched("lobby")).isTrue();
    assertThat(w.set("lobby", "b", false, 1)).isFalse();
    assertThat(w.watched("lobby")).isFalse();
    assertThat(w.size()).isZero();
  }

  @Test
  void stoppingAWatchNobodyStartedIsHarmless() {
    Watches w = new Watches(EXPIRY);
    assertThat(w.set("lobby", "a", false, 0)).isFalse();
    assertThat(w.watched("lobby")).isFalse();
  }

  @Test
  void aWatchThatIsNotRenewedExpires() {
    Watches w = new Watches(EXPIRY);
    w.set("lobby", "a", true, 0);
    w.set("arena", "a", true, 0);
    List<String> unwatched = new ArrayList<>();
    w.expire(EXPIRY - 1, unwatched::add);
    assertThat(unwatched).isEmpty();
    w.set("arena", "a", true, 20_000); // renewed: now until 50,000
    w.expire(EXPIRY, unwatched::add);
    assertThat(unwatched).containsExactly("lobby");
    assertThat(w.watched("lobby")).isFalse();
    assertThat(w.watched("arena")).isTrue();
    w.expire(50_000, unwatched::add);
    assertThat(unwatched).containsExactly("lobby", "arena");
    assertThat(w.size()).isZero();
  }

  @Test
  void oneWatcherExpiringLeavesTheOthers() {
    Watches w = new Watches(EXPIRY);
    w.set("lobby", "dead", true, 0);
    w.set("lobby", "alive", true, 10_000);
    List<String> unwatched = new ArrayList<>();
    w.expire(35_000, unwatched::add);
    assertThat(unwatched).isEmpty();
    assertThat(w.watched("lobby")).isTrue();
  }
}
