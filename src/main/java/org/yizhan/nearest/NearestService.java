package org.yizhan.nearest;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.yizhan.geo.Crs;
import org.yizhan.geo.Features;
import org.yizhan.hours.OpenNow;
import org.yizhan.nearest.NearestRepository.Candidate;
import org.yizhan.nearest.NearestRepository.Located;
import org.yizhan.nearest.NearestRepository.MatchGroup;
import org.yizhan.stations.StationFilter;

/**
 * The nearest stations by geodesic distance on the WGS 84 ellipsoid, exactly.
 *
 * <p>The index orders candidates by sphere distance, which differs from the ellipsoid distance by less
 * than {@link #SPHERE_ERROR} (about 0.5 % at most; 1 % is used for safety). After fetching k candidates
 * in sphere order, every station not fetched is at least {@code (1 - SPHERE_ERROR) * sphere_k} away on
 * the ellipsoid. So the ellipsoid-sorted top {@code limit} of the candidates is exact when its last
 * distance is within that bound, or when the candidates ran out; otherwise k grows fourfold and the
 * search repeats. Stations filtered out by {@code open_now} (evaluated here, not in SQL) count as
 * fetched but not kept, which is why k starts larger for open-now queries.
 */
public final class NearestService {

    static final double SPHERE_ERROR = 0.01;
    /**
     * Upper bound on one round's candidates; beyond it the answer is the best of what was fetched. It
     * bounds the work of a rare filter such as open_now at 3 a.m.: the search looks at most this many of
     * the nearest matching stations.
     */
    static final int MAX_CANDIDATES = 20_000;

    private final NearestRepository repo;

    public NearestService(NearestRepository repo) {
        this.repo = repo;
    }

    /**
     * @param lon          query longitude, WGS 84 degrees
     * @param lat          query latitude, WGS 84 degrees
     * @param maxDistanceM radius in metres, or null for none
     * @param openNowOnly  keep only stations open at {@code localTime}
     * @param localTime    wall-clock time in the city zone, for open-now
     * @param crs          the CRS of the returned geometries
     */
    public Future<JsonObject> nearest(double lon, double lat, StationFilter filter, int limit, Double maxDistanceM,
            boolean openNowOnly, LocalDateTime localTime, Crs crs) {
        int k = openNowOnly ? limit * 4 + 50 : limit * 2 + 20;
        Future<List<Kept>> top = search(lon, lat, filter, limit, maxDistanceM, openNowOnly, localTime, k);
        Future<Long> matched = maxDistanceM == null
                ? Future.succeededFuture(null)
                : repo.matched(lon, lat, filter, maxDistanceM).map(groups -> count(groups, openNowOnly, localTime));
        // Winners whose Feature did not come with the candidates (open-now filtering) are fetched now.
        Future<Map<Long, Located>> located = top.compose(kept -> {
            Map<Long, Located> have = new HashMap<>();
            List<Long> missing = new ArrayList<>();
            for (Kept x : kept) {
                if (x.c.located() != null) {
                    have.put(x.c.id(), x.c.located());
                } else {
                    missing.add(x.c.id());
                }
            }
            return missing.isEmpty() ? Future.succeededFuture(have) : repo.features(lon, lat, missing).map(more -> {
                have.putAll(more);
                return have;
            });
        });
        return Future.all(located, matched).map(done -> {
            JsonArray features = new JsonArray();
            for (Kept kept : top.result()) {
                Located at = located.result().get(kept.c.id());
                if (at == null) {
                    continue; // deleted between the two queries
                }
                JsonObject f = Features.toCrs(at.feature(), crs);
                JsonObject props = f.getJsonObject("properties");
                props.put("distance_m", Math.round(kept.c.distanceM() * 10) / 10.0);
                // A station at the query point itself has no direction; 0 keeps the field numeric.
                props.put("bearing_deg", at.bearingDeg() == null ? 0.0 : Math.round(at.bearingDeg() * 10) / 10.0);
                props.put("open_now", kept.openNow);
                features.add(f);
            }
            JsonObject fc = Features.collection(features).put("numberReturned", features.size());
            if (matched.result() != null) {
                fc.put("numberMatched", matched.result());
            }
            return fc;
        });
    }

    private record Kept(Candidate c, Boolean openNow) {
    }

    private Future<List<Kept>> search(double lon, double lat, StationFilter filter, int limit, Double maxDistanceM,
            boolean openNowOnly, LocalDateTime localTime, int k) {
        int withFeatures = openNowOnly ? 0 : limit;
        return repo.candidates(lon, lat, filter, maxDistanceM, k, withFeatures).compose(cands -> {
            List<Kept> kept = new ArrayList<>();
            for (Candidate c : cands) {
                Boolean open = OpenNow.at(c.status(), c.openingHours(), localTime);
                if (!openNowOnly || Boolean.TRUE.equals(open)) {
                    kept.add(new Kept(c, open));
                }
            }
            kept.sort(Comparator.comparingDouble((Kept x) -> x.c.distanceM()));
            boolean exhausted = cands.size() < k;
            if (!exhausted && k < MAX_CANDIDATES) {
                double farthest = cands.stream().mapToDouble(Candidate::sphereM).max().orElse(0);
                double bound = (1 - SPHERE_ERROR) * farthest;
                boolean exact = kept.size() >= limit && kept.get(limit - 1).c.distanceM() <= bound;
                if (!exact) {
                    return search(lon, lat, filter, limit, maxDistanceM, openNowOnly, localTime,
                            Math.min(MAX_CANDIDATES, k * 4));
                }
            }
            return Future.succeededFuture(kept.subList(0, Math.min(limit, kept.size())));
        });
    }

    private static long count(List<MatchGroup> groups, boolean openNowOnly, LocalDateTime localTime) {
        long n = 0;
        for (MatchGroup g : groups) {
            if (!openNowOnly || Boolean.TRUE.equals(OpenNow.at(g.status(), g.openingHours(), localTime))) {
                n += g.count();
            }
        }
        return n;
    }
}
