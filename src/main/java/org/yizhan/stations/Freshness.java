package org.yizhan.stations;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;

/**
 * How fresh station data is, and what riders said about it, on every read answer.
 *
 * <p>A station is stale when it was never verified or last verified more than {@code staleAfter} before
 * now (the injected clock's now: tests fix it). {@link #finish} adds {@code stale} to each Feature and
 * lets {@code riders} (the reports domain, wired at the root) add its counts. Immutable, thread-safe.
 *
 * @param staleAfter how long a verification holds (default 180 days, {@code YIZHAN_STALE_DAYS})
 * @param riders     adds riders' recent reports to the Features of one answer; {@link #NO_RIDERS} adds nothing
 */
public record Freshness(Duration staleAfter, RiderSummaries riders) {

    /** What riders said about some stations, added to their Features' properties in one round trip. */
    @FunctionalInterface
    public interface RiderSummaries {
        /** Adds members to each Feature's properties; the Features are at most one answer's (≤ 1,000). */
        Future<Void> addTo(List<JsonObject> features, Instant now);
    }

    public static final RiderSummaries NO_RIDERS = (features, now) -> Future.succeededFuture();

    /** Verifications before this instant are stale at {@code now}. */
    public Instant cutoff(Instant now) {
        return now.minus(staleAfter);
    }

    /** Stale at {@code now} for a {@code last_verified_at} as the API writes it (null: never verified). */
    public boolean stale(String lastVerifiedAt, Instant now) {
        return lastVerifiedAt == null
                || OffsetDateTime.parse(lastVerifiedAt).toInstant().isBefore(cutoff(now));
    }

    /** Adds {@code stale} and the riders' summaries to read answers' Features (WGS 84 or not: geometry untouched). */
    public Future<List<JsonObject>> finish(List<JsonObject> features, Instant now) {
        for (JsonObject f : features) {
            JsonObject p = f.getJsonObject("properties");
            p.put("stale", stale(p.getString("last_verified_at"), now));
        }
        return features.isEmpty()
                ? Future.succeededFuture(features)
                : riders.addTo(features, now).map(features);
    }
}
