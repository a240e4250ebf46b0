package dev.groundup.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TokenBucketTest {

  private static final long MS = 1_000_000L;
  private static final long SECOND = 1_000_000_000L;

  /** Takes as many tokens as there are at {@code now}; returns how many. */
  private static int drain(TokenBucket bucket, long now) {
    int n = 0;
    while (bucket.tryTake(now)) {
      n++;
      if (n > 1_000_000) {
        throw new AssertionError("bucket never runs dry");
      }
    }
    return n;
  }

  @ParameterizedTest
  @ValueSource(longs = {0L, 123_456_789L, -5 * SECOND, Long.MAX_VALUE / 2, Long.MIN_VALUE / 2})
  void startsWithTheBurst(long t0) {
    TokenBucket bucket = new TokenBucket(50, 100, t0);
    for (int i = 0; i < 100; i++) {
      assertThat(bucket.tryTake(t0)).as("take %d", i).isTrue();
    }
    assertThat(bucket.tryTake(t0)).isFalse();
    assertThat(bucket.tryTake(t0)).isFalse();
  }

  @Test
  void burstIsAvailableRightAwayNotAfterTheFirstSecond() {
    TokenBucket bucket = new TokenBucket(50, 100, 0);
    assertThat(drain(bucket, 1)).isEqualTo(100);
  }

  @Test
  void oneTokenEvery20MillisAtFiftyASecond() {
    long t0 = 7 * SECOND;
    TokenBucket bucket = new TokenBucket(50, 100, t0);
    assertThat(drain(bucket, t0)).isEqualTo(100);
    assertThat(bucket.tryTake(t0 + 19 * MS)).isFalse();
    assertThat(bucket.tryTake(t0 + 20 * MS)).isTrue();
    assertThat(bucket.tryTake(t0 + 20 * MS)).isFalse();
    assertThat(bucket.tryTake(t0 + 39 * MS)).isFalse();
    assertThat(bucket.tryTake(t0 + 40 * MS)).isTrue();
    assertThat(bucket.tryTake(t0 + 40 * MS)).isFalse();
  }

  @Test
  void earlyAttemptsDoNotDelayTheNextTokenNoticeably() {
    // the refill is added up in doubles at every attempt; rounding may cost a nanosecond, no more
    TokenBucket bucket = new TokenBucket(50, 100, 0);
    drain(bucket, 0);
    assertThat(bucket.tryTake(19 * MS)).isFalse();
    assertThat(bucket.tryTake(20 * MS - 1_000)).isFalse();
    assertThat(bucket.tryTake(20 * MS - 1)).isFalse();
    assertThat(bucket.tryTake(20 * MS + 1_000)).isTrue();
    assertThat(bucket.tryTake(20 * MS + 1_000)).isFalse();
    // probing every microsecond for a second still yields 50 tokens
    int granted = 0;
    for (long t = 20 * MS + 2_000; t <= 1_020 * MS + 1_000; t += 1_000) {
      if (bucket.tryTake(t)) {
        granted++;
      }
    }
    assertThat(granted).isBetween(49, 50);
  }

  @Test
  void refillIsComputedFromThePassedTime() {
    long t0 = 0;
    TokenBucket bucket = new TokenBucket(50, 100, t0);
    drain(bucket, t0);
    assertThat(drain(bucket, t0 + SECOND)).isEqualTo(50);
    assertThat(drain(bucket, t0 + SECOND + 100 * MS)).isEqualTo(5);
    assertThat(drain(bucket, t0 + 2 * SECOND + 100 * MS)).isEqualTo(50);
  }

  @Test
  void fractionsOfATokenAccumulate() {
    TokenBucket bucket = new TokenBucket(50, 100, 0);
    drain(bucket, 0);
    assertThat(bucket.tryTake(10 * MS)).isFalse(); // half a token
    assertThat(bucket.tryTake(15 * MS)).isFalse(); // three quarters
    assertThat(bucket.tryTake(20 * MS)).isTrue(); // one
    for (long t = 21 * MS; t < 40 * MS; t += MS) {
      assertThat(bucket.tryTake(t)).as("at %d ms", t / MS).isFalse();
    }
    assertThat(bucket.tryTake(40 * MS)).isTrue();
  }

  @Test
  void refusedAttemptsCostNothing() {
    TokenBucket bucket = new TokenBucket(50, 100, 0);
    drain(bucket, 0);
    for (int i = 0; i < 10_000; i++) {
      assertThat(bucket.tryTake(10 * MS)).isFalse();
    }
    assertThat(bucket.tryTake(20 * MS)).isTrue();
  }

  @Test
  void sustainedRateIsFiftyASecond() {
    TokenBucket bucket = new TokenBucket(50, 100, 0);
    drain(bucket, 0);
    // a client hammering every millisecond for 10 seconds gets 50 a second
    int granted = 0;
    for (long t = MS; t <= 10 * SECOND; t += MS) {
      if (bucket.tryTake(t)) {
        granted++;
      }
    }
    assertThat(granted).isBetween(499, 500);
  }

  @Test
  void clientSendingExactlyFiftyASecondIsNeverRefused() {
    long t0 = 3 * SECOND;
    TokenBucket bucket = new TokenBucket(50, 100, t0);
    drain(bucket, t0); // even with nothing saved up
    for (int i = 1; i <= 5000; i++) {
      assertThat(bucket.tryTake(t0 + i * 20 * MS)).as("message %d", i).isTrue();
    }
  }

  @Test
  void clientSendingSixtyASecondIsRefusedAboutTenASecondAfterTheBurst() {
    TokenBucket bucket = new TokenBucket(50, 100, 0);
    int granted = 0;
    int refused = 0;
    // 60 a second for 20 s: 1200 messages, 100 burst + 1000 refill available
    for (int i = 0; i < 1200; i++) {
      long t = i * SECOND / 60;
      if (bucket.tryTake(t)) {
        granted++;
      } else {
        refused++;
      }
    }
    assertThat(granted).isBetween(1098, 1100);
    assertThat(refused).isEqualTo(1200 - granted);
  }

  @Test
  void neverMoreThanTheBurstSavedUp() {
    TokenBucket bucket = new TokenBucket(50, 100, 0);
    assertThat(drain(bucket, SECOND * 3600)).isEqualTo(100);
    drain(bucket, SECOND * 3600);
    assertThat(drain(bucket, SECOND * 3602)).isEqualTo(100);
    // the cap applies while the bucket is partly full, too
    bucket.tryTake(SECOND * 3610);
    assertThat(drain(bucket, SECOND * 3620)).isEqualTo(100);
  }

  @Test
  void idleTimeDoesNotAddBeyondTheBurstEvenAfterAVeryLongPause() {
    TokenBucket bucket = new TokenBucket(50, 100, 0);
    drain(bucket, 0);
    assertThat(drain(bucket, Long.MAX_VALUE / 2)).isEqualTo(100);
  }

  @Test
  void timeGoingBackwardsDoesNotAddTokens() {
    long t0 = 100 * SECOND;
    TokenBucket bucket = new TokenBucket(50, 100, t0);
    drain(bucket, t0);
    assertThat(bucket.tryTake(t0 - 10 * SECOND)).isFalse();
    assertThat(bucket.tryTake(t0 - 50 * SECOND)).isFalse();
    assertThat(bucket.tryTake(Long.MIN_VALUE)).isFalse();
    // back at the original time: still nothing, the backwards jump earned no credit
    assertThat(bucket.tryTake(t0)).isFalse();
    assertThat(bucket.tryTake(t0 + 19 * MS)).isFalse();
    assertThat(bucket.tryTake(t0 + 20 * MS)).isTrue();
    assertThat(bucket.tryTake(t0 + 20 * MS)).isFalse();
  }

  @Test
  void timeGoingBackwardsThenForwardOnlyCountsTimeAfterTheLatestSeenInstant() {
    long t0 = 0;
    TokenBucket bucket = new TokenBucket(50, 100, t0);
    drain(bucket, t0);
    assertThat(bucket.tryTake(t0 + 10 * MS)).isFalse(); // half a token, latest seen = 10 ms
    assertThat(bucket.tryTake(t0 - SECOND)).isFalse();
    assertThat(bucket.tryTake(t0 + 15 * MS)).isFalse(); // three quarters
    assertThat(bucket.tryTake(t0 + 20 * MS)).isTrue();
  }

  @Test
  void timeBeforeConstructionDoesNotAddTokens() {
    long t0 = 10 * SECOND;
    TokenBucket bucket = new TokenBucket(50, 100, t0);
    assertThat(drain(bucket, t0 - 5 * SECOND)).isEqualTo(100);
    assertThat(bucket.tryTake(t0)).isFalse();
  }

  @Test
  void worksAcrossNegativeNanoTimes() {
    // System.nanoTime may be negative
    long t0 = -SECOND / 2;
    TokenBucket bucket = new TokenBucket(50, 100, t0);
    drain(bucket, t0);
    assertThat(drain(bucket, t0 + SECOND)).isEqualTo(50);
  }

  @Test
  void otherRatesAndBursts() {
    TokenBucket slow = new TokenBucket(1, 1, 0);
    assertThat(slow.tryTake(0)).isTrue();
    assertThat(slow.tryTake(SECOND - 1)).isFalse();
    assertThat(slow.tryTake(SECOND)).isTrue();
    assertThat(drain(slow, 100 * SECOND)).isEqualTo(1);

    TokenBucket fast = new TokenBucket(1000, 5, 0);
    assertThat(drain(fast, 0)).isEqualTo(5);
    assertThat(drain(fast, 3 * MS)).isEqualTo(3);
    assertThat(drain(fast, SECOND)).isEqualTo(5);
  }
}
