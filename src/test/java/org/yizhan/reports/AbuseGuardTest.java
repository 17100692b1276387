package org.yizhan.reports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.yizhan.support.HandClock;

@DisplayName("Abuse control: daily keys, token buckets, riders' confirmations")
class AbuseGuardTest {

    @Test
    @DisplayName(
            "a key is stable within a day, differs between addresses and changes with the day; it never holds the address")
    void keys() {
        HandClock clock = new HandClock("2026-03-01T08:00:00Z");
        AbuseGuard g = new AbuseGuard(clock, AbuseGuard.Limits.DEFAULT);
        String k = g.key("203.0.113.7");
        assertEquals(k, g.key("203.0.113.7"));
        assertNotEquals(k, g.key("203.0.113.8"));
        assertFalse(k.contains("203"));
        clock.now = clock.now.plus(Duration.ofDays(1));
        assertNotEquals(k, g.key("203.0.113.7"));
    }

    @Test
    @DisplayName("a client's burst is its bucket's capacity; then it waits, told how long; time refills it")
    void buckets() {
        HandClock clock = new HandClock("2026-03-01T08:00:00Z");
        AbuseGuard g = new AbuseGuard(clock, AbuseGuard.Limits.DEFAULT);
        for (int i = 0; i < 5; i++) {
            assertTrue(g.admitReport("a", 1).allowed());
        }
        AbuseGuard.Verdict v = g.admitReport("a", 1);
        assertFalse(v.allowed());
        assertEquals(600, v.retryAfterS());
        clock.now = clock.now.plus(Duration.ofMinutes(5));
        assertEquals(300, g.admitReport("a", 1).retryAfterS());
        clock.now = clock.now.plus(Duration.ofMinutes(5));
        assertTrue(g.admitReport("a", 1).allowed());
        // A clock that goes back neither refills nor breaks a bucket.
        clock.now = clock.now.minus(Duration.ofHours(1));
        assertFalse(g.admitReport("a", 1).allowed());
    }

    @Test
    @DisplayName("three different keys within 30 days confirm a station; one key three times does not")
    void confirmations() {
        HandClock clock = new HandClock("2026-03-01T08:00:00Z");
        AbuseGuard g = new AbuseGuard(clock, AbuseGuard.Limits.DEFAULT);
        assertFalse(g.confirm(7, "a"));
        assertFalse(g.confirm(7, "a"));
        assertFalse(g.confirm(7, "b"));
        clock.now = clock.now.plus(Duration.ofDays(31));
        assertFalse(g.confirm(7, "c"), "a and b are too old");
        assertFalse(g.confirm(7, "d"));
        assertTrue(g.confirm(7, "e"));
        assertFalse(g.confirm(7, "f"), "the count starts again");
    }
}
