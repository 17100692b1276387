package org.yizhan.coverage;

import io.vertx.core.Future;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * A small LRU cache of futures. Concurrent requests for the same key share one computation (no
 * stampede); a failed computation is dropped so the next request tries again. Keys carry the database's
 * data version, so entries never go stale — they only stop being asked for. Thread-safe.
 */
public final class FutureCache<V> {
    static final long TIMEOUT_S = 60;
    private final Map<String, Future<V>> map;

    public FutureCache(int capacity) {
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

    /** Whether a completed value is cached for key (for the {@code cached} flag of answers). */
    public boolean hasCompleted(String key) {
        synchronized (map) {
            Future<V> f = map.get(key);
            return f != null && f.succeeded();
        }
    }
}
