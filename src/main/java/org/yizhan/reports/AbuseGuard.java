package org.yizhan.reports;

import java.text.Normalizer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.yizhan.http.ClientKeys;
import org.yizhan.http.TokenBuckets;
import org.yizhan.http.TokenBuckets.Rate;

/**
 * Abuse control for riders' anonymous writes (reports and check-ins), entirely in this process's memory:
 * nothing here is ever written to the database or the log.
 *
 * <p>A client is known only by a key ({@link ClientKeys}: an HMAC of its address under a salt replaced
 * every UTC day). Token buckets ({@link TokenBuckets}) per key and per station bound how fast one client, and all
 * clients together on one station, may write; a refused write learns when to try again. Reports are
 * flagged for moderators when their text repeats one seen in the last day, when one station gets a
 * burst of reports, or when their text is very short. Three {@code still_here} from different keys within
 * 30 days verify a station ({@link #confirm}); keys rotate daily, so that count is "different clients
 * or days", and it starts again when the process restarts.
 *
 * <p>Thread-safe (one lock; every operation is a few map look-ups); shared by all event loops. Memory is
 * bounded: each map is swept of entries that no longer matter when it grows past {@link #MAX_ENTRIES}
 * (the buckets as {@link TokenBuckets} bounds them).
 */
public final class AbuseGuard {

    /** The four buckets: per client and per station, for reports and for check-ins. */
    public record Limits(
            Rate reportsPerClient, Rate reportsPerStation, Rate checkinsPerClient, Rate checkinsPerStation) {
        /** Five reports per client then one per ten minutes; a station takes twenty, then one per three minutes. */
        public static final Limits DEFAULT = new Limits(
                new Rate(5, Duration.ofMinutes(10)),
                new Rate(20, Duration.ofMinutes(3)),
                new Rate(10, Duration.ofMinutes(5)),
                new Rate(600, Duration.ofSeconds(6)));
    }

    /** A write refused (retry after whole seconds, at least 1) or allowed ({@code retryAfterS} 0). */
    public record Verdict(long retryAfterS) {
        public boolean allowed() {
            return retryAfterS == 0;
        }
    }

    static final int MAX_ENTRIES = 100_000;
    /** Below this many characters a comment is flagged {@code short_text}. */
    static final int SHORT_TEXT = 6;
    /** A station whose report bucket is below this fraction of its capacity is having a burst. */
    private static final double BURST_LEVEL = 0.5;

    private static final Duration REPEAT_WINDOW = Duration.ofDays(1);
    static final Duration CONFIRM_WINDOW = Duration.ofDays(30);
    static final int CONFIRMATIONS = 3;

    private final Clock clock;
    private final Limits limits;
    private final ClientKeys keys;
    private final TokenBuckets buckets;
    private final Map<String, Instant> texts = new HashMap<>();
    private final Map<Long, Map<String, Instant>> confirmations = new HashMap<>();

    public AbuseGuard(Clock clock, Limits limits) {
        this.clock = clock;
        this.limits = limits;
        this.keys = new ClientKeys(clock);
        this.buckets = new TokenBuckets(clock, MAX_ENTRIES);
    }

    /**
     * The key of a client address (IPv4 or IPv6 text) for today. The address itself goes no further than
     * this method.
     */
    public String key(String address) {
        return keys.key(address);
    }

    /** Takes a token from the client's and the station's report buckets, or neither. */
    public synchronized Verdict admitReport(String key, long stationId) {
        return admit("r:k:" + key, limits.reportsPerClient, "r:s:" + stationId, limits.reportsPerStation);
    }

    /** Takes a token from the client's and the station's check-in buckets, or neither. */
    public synchronized Verdict admitCheckin(String key, long stationId) {
        return admit("c:k:" + key, limits.checkinsPerClient, "c:s:" + stationId, limits.checkinsPerStation);
    }

    /**
     * What moderators should know about a report just admitted: {@code repeated_text}, {@code station_burst},
     * {@code short_text}. Remembers the text (as a hash) for a day.
     */
    public synchronized List<String> flags(long stationId, String comment) {
        Instant now = clock.instant();
        List<String> out = new ArrayList<>();
        if (comment != null) {
            String norm = Normalizer.normalize(comment, Normalizer.Form.NFKC)
                    .toLowerCase()
                    .replaceAll("\\s+", " ")
                    .strip();
            String h = Integer.toHexString(norm.hashCode()) + ":" + norm.length();
            Instant seen = texts.put(h, now);
            if (seen != null && seen.isAfter(now.minus(REPEAT_WINDOW))) {
                out.add("repeated_text");
            }
            sweep(texts, e -> e.isBefore(now.minus(REPEAT_WINDOW)));
        }
        if (buckets.level("r:s:" + stationId, limits.reportsPerStation)
                < BURST_LEVEL * limits.reportsPerStation.capacity()) {
            out.add("station_burst");
        }
        if (comment != null && comment.codePointCount(0, comment.length()) < SHORT_TEXT) {
            out.add("short_text");
        }
        return out;
    }

    /**
     * Counts a {@code still_here} from this key; true when it makes {@value #CONFIRMATIONS} different keys
     * within 30 days, and then the count starts again for the station.
     */
    public synchronized boolean confirm(long stationId, String key) {
        Instant now = clock.instant();
        Map<String, Instant> keys = confirmations.computeIfAbsent(stationId, id -> new HashMap<>());
        keys.values().removeIf(t -> t.isBefore(now.minus(CONFIRM_WINDOW)));
        keys.put(key, now);
        if (keys.size() >= CONFIRMATIONS) {
            confirmations.remove(stationId);
            return true;
        }
        if (confirmations.size() > MAX_ENTRIES) {
            confirmations
                    .values()
                    .removeIf(m -> m.values().stream().allMatch(t -> t.isBefore(now.minus(CONFIRM_WINDOW))));
        }
        return false;
    }

    private Verdict admit(String clientId, Rate clientRate, String stationId, Rate stationRate) {
        return new Verdict(buckets.admit(clientId, clientRate, stationId, stationRate));
    }

    private static <K> void sweep(Map<K, Instant> map, java.util.function.Predicate<Instant> old) {
        if (map.size() > MAX_ENTRIES) {
            map.values().removeIf(old);
        }
    }

    /** The set of flags a report may carry, as sql/V6 constrains them. */
    public static final Set<String> FLAGS = Set.of("repeated_text", "station_burst", "short_text");
}
