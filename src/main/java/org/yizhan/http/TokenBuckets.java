package org.yizhan.http;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Token buckets by key, in this process's memory: a key may spend a burst of {@code capacity} tokens,
 * refilled at one per {@code every}. Used for the API's per-client rate limits ({@link RateLimits}) and
 * riders' reports (reports/AbuseGuard).
 *
 * <p>Memory is bounded: keys are kept in least-recently-used order; each admission drops the oldest keys
 * whose bucket has refilled (a full bucket is the same as no bucket), and past {@code maxKeys} the oldest
 * key is dropped even if not full (that client starts again with a full bucket: the limit fails open for
 * the least active client, never for the busy one). Thread-safe (one lock, a few map operations per call).
 */
public final class TokenBuckets {

    /** How fast a key may spend: a burst of {@code capacity}, then one per {@code every}. */
    public record Rate(int capacity, Duration every) {
        public Rate {
            if (capacity < 1 || every.isNegative() || every.isZero()) {
                throw new IllegalArgumentException("a rate needs a capacity of at least 1 and a positive period");
            }
        }

        /** {@code perMinute} tokens a minute (evenly), a burst of {@code burst}. */
        public static Rate perMinute(int perMinute, int burst) {
            return new Rate(burst, Duration.ofNanos(60_000_000_000L / perMinute));
        }
    }

    /** Idle keys looked at per admission: enough to keep up with new keys, cheap on every call. */
    private static final int SWEEP_PER_CALL = 2;

    private final Clock clock;
    private final int maxKeys;
    private final LinkedHashMap<String, Bucket> buckets = new LinkedHashMap<>(16, 0.75f, true);

    public TokenBuckets(Clock clock, int maxKeys) {
        this.clock = clock;
        this.maxKeys = maxKeys;
    }

    /**
     * Takes one token from the bucket of each key, or none when any is short; returns the whole seconds
     * until all have one (at least 1), or 0 when taken. Keys and rates come in pairs:
     * {@code key1, rate1, key2, rate2, ...}; a key keeps the rate it was first seen with.
     */
    public synchronized long admit(Object... keysAndRates) {
        Instant now = clock.instant();
        Bucket[] taken = new Bucket[keysAndRates.length / 2];
        long wait = 0;
        for (int i = 0; i < taken.length; i++) {
            Rate rate = (Rate) keysAndRates[2 * i + 1];
            taken[i] = buckets.computeIfAbsent((String) keysAndRates[2 * i], k -> new Bucket(rate, now));
            wait = Math.max(wait, taken[i].waitS(now));
        }
        if (wait == 0) {
            for (Bucket b : taken) {
                b.take();
            }
        }
        evict(now);
        return wait;
    }

    /** The tokens in a key's bucket now ({@code rate}'s capacity when it has none). */
    public synchronized double level(String key, Rate rate) {
        Bucket b = buckets.get(key);
        return b == null ? rate.capacity() : b.level(clock.instant());
    }

    /** Keys held now (for tests of the memory bound). */
    public synchronized int size() {
        return buckets.size();
    }

    private void evict(Instant now) {
        Iterator<Map.Entry<String, Bucket>> it = buckets.entrySet().iterator();
        for (int i = 0; i < SWEEP_PER_CALL && it.hasNext(); i++) {
            Bucket b = it.next().getValue();
            if (b.level(now) >= b.rate.capacity()) {
                it.remove();
            } else {
                break;
            }
        }
        while (buckets.size() > maxKeys) {
            Iterator<String> eldest = buckets.keySet().iterator();
            eldest.next();
            eldest.remove();
        }
    }

    /** Tokens (fractional) as of {@code at}; a clock that goes back re-anchors, never refills. */
    private static final class Bucket {
        /** Refills summed in steps must not fall short of a whole token by rounding. */
        private static final double EPSILON = 1e-9;

        private final Rate rate;
        private double tokens;
        private Instant at;

        Bucket(Rate rate, Instant now) {
            this.rate = rate;
            this.tokens = rate.capacity();
            this.at = now;
        }

        double level(Instant now) {
            if (now.isAfter(at)) {
                tokens = Math.min(
                        rate.capacity(),
                        tokens
                                + Duration.between(at, now).toNanos()
                                        / (double) rate.every().toNanos());
            }
            at = now;
            return tokens;
        }

        /** Seconds until a token is there (0: now). */
        long waitS(Instant now) {
            double have = level(now);
            if (have >= 1 - EPSILON) {
                return 0;
            }
            return Math.max(1, (long) Math.ceil((1 - have) * rate.every().toNanos() / 1e9));
        }

        void take() {
            tokens -= 1;
        }
    }
}
