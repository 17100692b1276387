package org.yizhan.nearest;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import java.time.LocalDateTime;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.sf.geographiclib.Geodesic;
import net.sf.geographiclib.GeodesicData;
import net.sf.geographiclib.GeodesicMask;
import org.yizhan.geo.Crs;
import org.yizhan.geo.Features;
import org.yizhan.hours.OpenNow;
import org.yizhan.nearest.NearestRepository.Candidate;
import org.yizhan.nearest.NearestRepository.MatchGroup;
import org.yizhan.stations.Freshness;
import org.yizhan.stations.StationFilter;
import org.yizhan.stations.StationRows;

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
 *
 * <p>Ellipsoid distances and bearings are Karney's geodesics (GeographicLib, the algorithm PostGIS's
 * {@code ST_Distance(geography, geography, true)} uses), computed here for the k candidates: in
 * Java they cost about a microsecond each, in the database they were a third of the search's time.
 */
public final class NearestService {

    static final double SPHERE_ERROR = 0.01;
    /**
     * Upper bound on one round's candidates; beyond it the answer is the best of what was fetched. It
     * bounds the work of a rare filter such as open_now at 3 a.m.: the search looks at most this many of
     * the nearest matching stations.
     */
    static final int MAX_CANDIDATES = NearestRepository.rung(Integer.MAX_VALUE);

    private static final int DISTANCE_AND_AZIMUTH = GeodesicMask.DISTANCE | GeodesicMask.AZIMUTH;

    private final NearestRepository repo;
    private final Freshness freshness;

    /** @param freshness adds {@code stale} and riders' reports to the winners */
    public NearestService(NearestRepository repo, Freshness freshness) {
        this.repo = repo;
        this.freshness = freshness;
    }

    /** What makes a station stale, for the {@code stale} filter. */
    public Freshness freshness() {
        return freshness;
    }

    /**
     * Candidates fetched in the first round: enough that the limit-th ellipsoid distance is almost
     * always within the bound set by the farthest candidate (in evenly spread stations the 10th distance
     * is on average 0.8 of the 16th, and the bound is 0.99 or tighter), twice as many for open-now,
     * which drops the stations closed at that hour (most are open by day; at night the search grows k);
     * rounded up to a rung (see {@link NearestRepository#rung(int)}).
     */
    public static int firstK(int limit, boolean openNowOnly) {
        return NearestRepository.rung(openNowOnly ? limit * 2 + 6 : limit + 6);
    }

    /** Mean radius of the WGS 84 ellipsoid, (2a + b) / 3: the sphere of the geography index's {@code <->}. */
    static final double SPHERE_RADIUS_M = (2 * 6_378_137.0 + 6_356_752.314245179) / 3;

    /** Beyond this sphere distance the local bound is not worth its cost and the global one serves. */
    private static final double LOCAL_BOUND_MAX_M = 3_000_000;

    /**
     * A lower bound on the ellipsoid distance from (lon, lat) to any station whose sphere distance is at
     * least {@code sphereM}. The global factor 1 − {@link #SPHERE_ERROR} holds everywhere but is loose:
     * for a rider 300 km from the nearest town every candidate lies within it, and the search would
     * fetch thousands. Locally the ratio ellipsoid/sphere distance depends on direction (it follows the
     * meridional and prime-vertical radii of curvature, 0.3 % apart in China), so its least value over
     * 36 directions at that distance, less 3e-4 for the sampling and the ratio's drift across the 1 %
     * shell that matters, is a bound as safe and three times tighter.
     */
    static double ellipsoidLowerBound(double lon, double lat, double sphereM) {
        double global = (1 - SPHERE_ERROR) * sphereM;
        if (sphereM < 1 || sphereM > LOCAL_BOUND_MAX_M) {
            return global;
        }
        double least = Double.MAX_VALUE;
        for (int az = 0; az < 360; az += 10) {
            GeodesicData d =
                    Geodesic.WGS84.Direct(lat, lon, az, sphereM, GeodesicMask.LATITUDE | GeodesicMask.LONGITUDE);
            least = Math.min(least, sphereM / sphereM(lon, lat, d.lon2, d.lat2));
        }
        return Math.max(global, (least - 3e-4) * sphereM);
    }

    /** Great-circle distance on the index's sphere, metres (haversine). */
    static double sphereM(double lon1, double lat1, double lon2, double lat2) {
        double p1 = Math.toRadians(lat1);
        double p2 = Math.toRadians(lat2);
        double dp = p2 - p1;
        double dl = Math.toRadians(lon2 - lon1);
        double h =
                Math.sin(dp / 2) * Math.sin(dp / 2) + Math.cos(p1) * Math.cos(p2) * Math.sin(dl / 2) * Math.sin(dl / 2);
        return 2 * SPHERE_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(h)));
    }

    /**
     * @param lon          query longitude, WGS 84 degrees
     * @param lat          query latitude, WGS 84 degrees
     * @param maxDistanceM radius in metres, or null for none
     * @param openNowOnly  keep only stations open at {@code localTime}
     * @param now          the time in the city zone, for open_now and opens_at
     * @param crs          the CRS of the returned geometries
     */
    public Future<JsonObject> nearest(
            double lon,
            double lat,
            StationFilter filter,
            int limit,
            Double maxDistanceM,
            boolean openNowOnly,
            ZonedDateTime now,
            Crs crs) {
        LocalDateTime localTime = now.toLocalDateTime();
        // Only a station whose status is open can be open now: say so in SQL, so that the walk skips the
        // others, and answer at once when the statuses asked for exclude open.
        boolean noneOpen = openNowOnly
                && !filter.statuses().isEmpty()
                && !filter.statuses().contains("open");
        if (openNowOnly) {
            filter = filter.withStatuses(List.of("open"));
        }
        if (noneOpen || filter.matchesNothing()) {
            JsonObject none = Features.collection(new JsonArray()).put("numberReturned", 0);
            return Future.succeededFuture(maxDistanceM == null ? none : none.put("numberMatched", 0));
        }
        Future<List<Kept>> top =
                search(lon, lat, filter, limit, maxDistanceM, openNowOnly, localTime, firstK(limit, openNowOnly));
        Future<Long> matched = maxDistanceM == null
                ? Future.succeededFuture(null)
                : repo.matched(lon, lat, filter, maxDistanceM).map(groups -> count(groups, openNowOnly, localTime));
        // Winners that came without their row (large rungs) are read now.
        Future<Map<Long, Row>> rows = top.compose(kept -> {
            Map<Long, Row> have = new HashMap<>();
            List<Long> missing = new ArrayList<>();
            for (Kept x : kept) {
                if (x.c.row() != null) {
                    have.put(x.c.id(), x.c.row());
                } else {
                    missing.add(x.c.id());
                }
            }
            return missing.isEmpty()
                    ? Future.succeededFuture(have)
                    : repo.rows(missing).map(more -> {
                        have.putAll(more);
                        return have;
                    });
        });
        return Future.all(rows, matched)
                .compose(done -> {
                    List<JsonObject> features = new ArrayList<>();
                    for (Kept kept : top.result()) {
                        Row row = rows.result().get(kept.c.id());
                        if (row == null) {
                            continue; // deleted between the two queries
                        }
                        JsonObject f = Features.toCrs(StationRows.feature(row), crs);
                        JsonObject props = f.getJsonObject("properties");
                        props.put("distance_m", Math.round(kept.distanceM * 10) / 10.0);
                        props.put("bearing_deg", Math.round(kept.bearingDeg * 10) / 10.0);
                        props.put("open_now", kept.openNow);
                        props.put(
                                "opens_at",
                                OpenNow.opensAtIso(props.getString("status"), props.getString("opening_hours"), now));
                        features.add(f);
                    }
                    return freshness.finish(features, now.toInstant());
                })
                .map(features -> {
                    JsonObject fc = Features.collection(new JsonArray(new ArrayList<>(features)))
                            .put("numberReturned", features.size());
                    if (matched.result() != null) {
                        fc.put("numberMatched", matched.result());
                    }
                    return fc;
                });
    }

    /** A candidate kept for the answer, with its ellipsoid distance (m) and initial bearing (0–360°). */
    private record Kept(Candidate c, Boolean openNow, double distanceM, double bearingDeg) {}

    private Future<List<Kept>> search(
            double lon,
            double lat,
            StationFilter filter,
            int limit,
            Double maxDistanceM,
            boolean openNowOnly,
            LocalDateTime localTime,
            int k) {
        return repo.candidates(lon, lat, filter, maxDistanceM, k).compose(cands -> {
            List<Kept> kept = new ArrayList<>();
            for (Candidate c : cands) {
                Boolean open = OpenNow.at(c.status(), c.openingHours(), localTime);
                if (!openNowOnly || Boolean.TRUE.equals(open)) {
                    GeodesicData g = Geodesic.WGS84.Inverse(lat, lon, c.lat(), c.lon(), DISTANCE_AND_AZIMUTH);
                    // A station at the query point itself has no direction; 0 keeps the field numeric.
                    double bearing = g.s12 == 0 ? 0 : (g.azi1 + 360) % 360;
                    kept.add(new Kept(c, open, g.s12, bearing));
                }
            }
            kept.sort(Comparator.comparingDouble(Kept::distanceM).thenComparingLong(x -> x.c.id()));
            boolean exhausted = cands.size() < k;
            if (!exhausted && k < MAX_CANDIDATES) {
                double farthest =
                        cands.stream().mapToDouble(Candidate::sphereM).max().orElse(0);
                boolean exact = kept.size() >= limit
                        && (kept.get(limit - 1).distanceM <= (1 - SPHERE_ERROR) * farthest
                                || kept.get(limit - 1).distanceM <= ellipsoidLowerBound(lon, lat, farthest));
                if (!exact) {
                    return search(
                            lon,
                            lat,
                            filter,
                            limit,
                            maxDistanceM,
                            openNowOnly,
                            localTime,
                            NearestRepository.rung(k * 4));
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
