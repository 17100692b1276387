package org.yizhan.coverage;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.micrometer.backends.BackendRegistries;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * A small LRU cache of futures. Concurrent requests for the same key share one computation (no
 * stampede); a failed computation is dropped so the next request tries again. Keys carry the database's
 * data version, so entries never go stale — they only stop being asked for. Thread-safe.
 *
 * <p>Each look-up counts in {@code yizhan_cache_requests_total{cache=NAME, result=hit|miss}} (a hit is a
 * look-up that starts no computation: a cached value or one in flight).
 */
public final class FutureCache<V> {
    static final long TIMEOUT_S = 60;
    private final Map<String, Future<V>> map;
    private final String name;
    private volatile Counter hits;
    private volatile Counter misses;

    /** @param name the cache's label in the metrics, e.g. {@code coverage_answers} */
    public FutureCache(int capacity, String name) {
        this.name = name;
        this.map = new LinkedHashMap<>(16, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Future<V>> eldest) {
                return size() > capacity;
            }
        };
    }

    /** The cached or in-flight future for key, else the one {@code compute} starts. */
    public Future<V> get(String key, Supplier<Future<V>> compute) {
        Future<V> f;
        synchronized (map) {
            f = map.get(key);
            count(f != null);
            if (f != null) {
                return f;
            }
            // Bounded: a computation that hangs must not hold every later request for the key.
            f = compute.get().timeout(TIMEOUT_S, TimeUnit.SECONDS);
            map.put(key, f);
        }
        Future<V> started = f;
        f.onFailure(e -> {
            synchronized (map) {
                map.remove(key, started);
            }
        });
        return f;
    }

    private void count(boolean hit) {
        Counter c = hit ? hits : misses;
        if (c == null) {
            MeterRegistry registry = BackendRegistries.getDefaultNow();
            if (registry == null) {
                return; // metrics off (a tool, a unit test)
            }
            c = Counter.builder("yizhan_cache_requests")
                    .description("Look-ups of a computed-answer cache")
                    .tag("cache", name)
                    .tag("result", hit ? "hit" : "miss")
                    .register(registry);
            if (hit) {
                hits = c;
            } else {
                misses = c;
            }
        }
        c.increment();
    }

    /** The succeeded future cached for key, or null when there is none (absent, running or failed); not counted. */
    public Future<V> ifCompleted(String key) {
        synchronized (map) {
            Future<V> f = map.get(key);
            return f != null && f.succeeded() ? f : null;
        }
    }

    /** Whether a completed value is cached for key (for the {@code cached} flag of answers). */
    public boolean hasCompleted(String key) {
        return ifCompleted(key) != null;
    }
}
