package org.yizhan.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.yizhan.support.HandClock;

@DisplayName("TokenBuckets: bursts, refills and a bounded memory")
class TokenBucketsTest {
    private static final TokenBuckets.Rate TEN_A_MINUTE = TokenBuckets.Rate.perMinute(10, 3);

    @Test
    @DisplayName("a burst of the capacity, then a wait of the refill period, rounded up to whole seconds")
    void burstThenWait() {
        HandClock clock = new HandClock("2025-06-02T08:00:00Z");
        TokenBuckets b = new TokenBuckets(clock, 100);
        for (int i = 0; i < 3; i++) {
            assertEquals(0, b.admit("k", TEN_A_MINUTE));
        }
        assertEquals(6, b.admit("k", TEN_A_MINUTE));
        clock.now = clock.now.plusMillis(5_500);
        assertEquals(1, b.admit("k", TEN_A_MINUTE));
        clock.now = clock.now.plusMillis(500);
        assertEquals(0, b.admit("k", TEN_A_MINUTE));
    }

    @Test
    @DisplayName("two buckets are taken from together or not at all")
    void both() {
        HandClock clock = new HandClock("2025-06-02T08:00:00Z");
        TokenBuckets b = new TokenBuckets(clock, 100);
        TokenBuckets.Rate one = new TokenBuckets.Rate(1, Duration.ofMinutes(1));
        assertEquals(0, b.admit("a", one));
        assertEquals(60, b.admit("a", one, "b", one));
        assertEquals(1.0, b.level("b", one), 1e-9, "b kept its token when a was short");
    }

    @Test
    @DisplayName("idle keys (full again) are dropped, and never more than maxKeys are held, however many clients come")
    void bounded() {
        HandClock clock = new HandClock("2025-06-02T08:00:00Z");
        TokenBuckets b = new TokenBuckets(clock, 1_000);
        for (int i = 0; i < 5_000; i++) {
            b.admit("client-" + i, TEN_A_MINUTE);
        }
        assertEquals(1_000, b.size());
        // After 6 s each of those buckets (one token spent) is full again: new clients sweep them out.
        clock.now = clock.now.plusSeconds(6);
        for (int i = 0; i < 600; i++) {
            b.admit("later-" + i, TEN_A_MINUTE);
        }
        assertEquals(600, b.size(), "the 1,000 idle keys swept, two per admission; the 600 busy ones kept");
    }
}
