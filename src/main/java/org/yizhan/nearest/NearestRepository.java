package org.yizhan.nearest;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.yizhan.db.JsonColumns;
import org.yizhan.stations.StationFilter;

/**
 * SQL for the nearest-station search. Candidates come in order of the geography index's
 * nearest-neighbour operator ({@code <->}: great-circle metres on a sphere); each carries its exact
 * geodesic distance on the WGS 84 ellipsoid ({@code ST_Distance(geography, geography, true)}) and the
 * initial bearing. {@link NearestService} turns the sphere order into the exact ellipsoid order.
 */
public final class NearestRepository {

    /** The query point, inlined so that the index can drive the ORDER BY (a join column cannot). */
    private static final String POINT = "ST_SetSRID(ST_MakePoint($1, $2), 4326)::geography";

    /**
     * k candidates in index order. The Feature JSON and bearing are built only for the {@code $8}
     * nearest by ellipsoid distance, the likely winners, so that the usual answer takes one round trip;
     * the rest come back light, and {@link #FEATURES} fills any gap. There is one text with a radius
     * ({@code $9}) and one without: a single text with "$9 IS NULL OR ST_DWithin(...)" lets PostgreSQL
     * settle on a generic plan for a prepared statement that is slow for the other case (seen in
     * bench/nearest.sh: p99 200 ms after one radius query).
     */
    private static final String CANDIDATES_ANYWHERE = candidates("");
    private static final String CANDIDATES_WITHIN = candidates("AND ST_DWithin(s.geog, " + POINT + ", $9, true)");

    private static String candidates(String radiusPredicate) {
        return """
            WITH c AS (
                SELECT s AS srow, s.id, s.status, s.opening_hours,
                       ST_Distance(s.geog, %1$s, true) AS distance_m,
                       s.geog <-> %1$s AS sphere_m
                FROM station s
                WHERE %2$s
                  %3$s
                ORDER BY s.geog <-> %1$s
                LIMIT $7
            ), ranked AS (
                SELECT c.*, row_number() OVER (ORDER BY c.distance_m, c.id) AS rn FROM c
            )
            SELECT id, status, opening_hours, distance_m, sphere_m,
                   CASE WHEN rn <= $8 THEN station_feature(srow) END AS feature,
                   CASE WHEN rn <= $8 THEN degrees(ST_Azimuth(%1$s, (srow).geog)) END AS bearing_deg
            FROM ranked""".formatted(POINT, StationFilter.predicate(3), radiusPredicate);
    }

    private static final String FEATURES = """
            SELECT s.id, station_feature(s) AS feature, degrees(ST_Azimuth(%1$s, s.geog)) AS bearing_deg
            FROM station s WHERE s.id = ANY($3)""".formatted(POINT);

    /** How many match within the radius, grouped so that open-now is evaluated once per distinct text. */
    private static final String MATCHED = """
            SELECT s.status, s.opening_hours, count(*) AS n
            FROM station s
            WHERE %2$s
              AND ST_DWithin(s.geog, %1$s, $7, true)
            GROUP BY s.status, s.opening_hours""".formatted(POINT, StationFilter.predicate(3));

    /** One candidate row. */
    public record Candidate(long id, String status, String openingHours, double distanceM, double sphereM,
            Located located) {
    }

    /** A station's Feature (WGS 84) and the initial bearing to it from the query point, degrees from north. */
    public record Located(JsonObject feature, Double bearingDeg) {
    }

    /** A group of matching stations sharing status and opening hours. */
    public record MatchGroup(String status, String openingHours, long count) {
    }

    private final Pool pool;

    public NearestRepository(Pool pool) {
        this.pool = pool;
    }

    /**
     * Up to {@code k} candidates (any order), within {@code maxDistanceM} when not null; the
     * {@code withFeatures} nearest carry their Feature and bearing.
     */
    public Future<List<Candidate>> candidates(double lon, double lat, StationFilter filter, Double maxDistanceM, int k,
            int withFeatures) {
        Tuple t = filter.bind(Tuple.of(lon, lat)).addInteger(k).addInteger(withFeatures);
        String sql = maxDistanceM == null ? CANDIDATES_ANYWHERE : CANDIDATES_WITHIN;
        if (maxDistanceM != null) {
            t.addDouble(maxDistanceM);
        }
        return pool.preparedQuery(sql).execute(t).map(rows -> {
            List<Candidate> out = new ArrayList<>(rows.size());
            for (Row r : rows) {
                Object feature = r.getValue("feature");
                Located located = feature == null ? null
                        : new Located(JsonColumns.object(feature), r.getDouble("bearing_deg"));
                out.add(new Candidate(r.getLong("id"), r.getString("status"), r.getString("opening_hours"),
                        r.getDouble("distance_m"), r.getDouble("sphere_m"), located));
            }
            return out;
        });
    }

    /** Features and bearings of the given stations, by id. */
    public Future<Map<Long, Located>> features(double lon, double lat, List<Long> ids) {
        Tuple t = Tuple.of(lon, lat).addArrayOfLong(ids.toArray(Long[]::new));
        return pool.preparedQuery(FEATURES).execute(t).map(rows -> {
            Map<Long, Located> out = new HashMap<>();
            for (Row r : rows) {
                out.put(r.getLong("id"), new Located(JsonColumns.object(r.getValue("feature")), r.getDouble("bearing_deg")));
            }
            return out;
        });
    }

    public Future<List<MatchGroup>> matched(double lon, double lat, StationFilter filter, double maxDistanceM) {
        Tuple t = filter.bind(Tuple.of(lon, lat)).addDouble(maxDistanceM);
        return pool.preparedQuery(MATCHED).execute(t).map(rows -> {
            List<MatchGroup> out = new ArrayList<>(rows.size());
            for (Row r : rows) {
                out.add(new MatchGroup(r.getString("status"), r.getString("opening_hours"), r.getLong("n")));
            }
            return out;
        });
    }
}
