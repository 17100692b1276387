package org.yizhan.support;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** A clock that stands still until a test moves it ({@link #now} or {@link #move}); UTC. Thread-safe. */
public final class HandClock extends Clock {
    /** The time it tells. */
    public volatile Instant now;

    public HandClock(String isoInstant) {
        this.now = Instant.parse(isoInstant);
    }

    public void move(Duration d) {
        now = now.plus(d);
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }

    @Override
    public Instant instant() {
        return now;
    }
}
