package org.yizhan.auth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * Bounds password guessing, in this process's memory only (nothing is stored or logged): per client
 * address, every login attempt counts; per account name, failed attempts count. A limit holds for a
 * fixed window from the first counted attempt; a refused attempt does no password work and learns when
 * the window ends. The per-name limit applies to names that exist and names that do not alike, so a 429
 * says nothing about whether an account exists. A successful login clears its name's failures.
 *
 * <p>Thread-safe (one lock; a few map look-ups per call); shared by all event loops. Memory is bounded:
 * past {@link #MAX_ENTRIES} entries, windows that have ended are swept.
 */
public final class LoginThrottle {

    /** {@code attempts} per {@code window}. */
    public record Limit(int attempts, Duration window) {}

    /** Per client: 20 attempts per 10 minutes; per name: 5 failures per 15 minutes. */
    public static final Limit PER_CLIENT = new Limit(20, Duration.ofMinutes(10));

    public static final Limit PER_NAME = new Limit(5, Duration.ofMinutes(15));

    static final int MAX_ENTRIES = 100_000;

    private final Clock clock;
    private final Map<String, Window> windows = new HashMap<>();
    /** Password computations running or waiting, across all event loops. */
    private final java.util.concurrent.atomic.AtomicInteger work = new java.util.concurrent.atomic.AtomicInteger();

    public LoginThrottle(Clock clock) {
        this.clock = clock;
    }

    /**
     * Counts an attempt from {@code client} for {@code name}: 0 when it may go on, else the seconds until
     * it may (the attempt is then not counted).
     */
    public synchronized long admit(String client, String name) {
        Instant now = clock.instant();
        long wait = Math.max(waitS("c:" + client, PER_CLIENT, now), waitS("n:" + name, PER_NAME, now));
        if (wait > 0) {
            return wait;
        }
        count("c:" + client, PER_CLIENT, now);
        return 0;
    }

    /** A wrong password (or unknown name, or disabled account) for {@code name}. */
    public synchronized void failed(String name) {
        count("n:" + name, PER_NAME, clock.instant());
    }

    /** A successful login: the name's failures are forgotten. */
    public synchronized void succeeded(String name) {
        windows.remove("n:" + name);
    }

    /** Claims a place for one password computation; false when {@code max} are already running or waiting. */
    public boolean startWork(int max) {
        if (work.incrementAndGet() > max) {
            work.decrementAndGet();
            return false;
        }
        return true;
    }

    public void endWork() {
        work.decrementAndGet();
    }

    private long waitS(String key, Limit limit, Instant now) {
        Window w = windows.get(key);
        if (w == null || !now.isBefore(w.start.plus(limit.window())) || w.count < limit.attempts()) {
            return 0;
        }
        return Math.max(1, (long)
                Math.ceil(Duration.between(now, w.start.plus(limit.window())).toMillis() / 1000.0));
    }

    private void count(String key, Limit limit, Instant now) {
        Window w = windows.get(key);
        // A clock that goes back starts a new window too, never a longer one.
        if (w == null || !now.isBefore(w.start.plus(limit.window())) || now.isBefore(w.start)) {
            w = new Window(now);
            windows.put(key, w);
        }
        w.count++;
        if (windows.size() > MAX_ENTRIES) {
            windows.entrySet()
                    .removeIf(e -> !now.isBefore(e.getValue()
                            .start
                            .plus(e.getKey().startsWith("c:") ? PER_CLIENT.window() : PER_NAME.window())));
        }
    }

    private static final class Window {
        final Instant start;
        int count;

        Window(Instant start) {
            this.start = start;
        }
    }
}
