package org.yizhan.nearest;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;
import org.yizhan.stations.FilteredSql;
import org.yizhan.stations.StationFilter;
import org.yizhan.stations.StationFilterSql;
import org.yizhan.stations.StationRows;

/**
 * SQL for the nearest-station search: candidates in the order of the geography index's
 * nearest-neighbour operator ({@code <->}: great-circle metres on a sphere), with their positions.
 * {@link NearestService} measures each on the WGS 84 ellipsoid in Java and turns the sphere order into
 * the exact ellipsoid order.
 *
 * <p>Every statement here keeps an index-driven generic plan for every filter combination
 * (RequestPathPlansTest): the index walk in distance order stops after k rows.
 */
public final class NearestRepository {

    /** The query point, inlined so that the index can drive the ORDER BY (a join column cannot). */
    private static final String POINT = "ST_SetSRID(ST_MakePoint($1, $2), 4326)::geography";

    /**
     * The candidate counts k a search may ask for, smallest first. k is written into the statement text,
     * not bound: for a generic plan PostgreSQL takes an unknown LIMIT to mean a tenth of the table, and
     * for a tenth of the table a sequential scan and a sort beat the index walk (RequestPathPlansTest).
     * So a request rounds k up to a rung, and each rung is its own statement.
     */
    static final int[] K_RUNGS = {16, 32, 64, 128, 256, 512, 2_048, 8_192, 20_000};

    /**
     * Rungs up to this one bring the whole row of every candidate, so that the usual answer takes one
     * round trip; larger ones (open-now at night, rare filters) bring only what ranking needs, and the
     * winners' rows are read by id ({@link #FEATURES}).
     */
    static final int WHOLE_ROWS_UP_TO = 256;

    private static final String LIGHT_COLUMNS =
            "s.id, s.status, s.opening_hours, ST_X(s.geom) AS lon, ST_Y(s.geom) AS lat";

    /**
     * k candidates in index order. One text with a radius ({@code $3}) and one without, one per filter
     * shape ({@link StationFilter}, the attribute tests as one CASE: {@link StationFilterSql#walkPredicate})
     * and one per rung: a single text with "$n IS NULL OR ..." let PostgreSQL settle on generic plans
     * that were slow for the other cases (bench/nearest.sh: p99 200 ms after one radius query; a sort of
     * the whole table with an empty amenity list).
     */
    private static final FilteredSql[] CANDIDATES_ANYWHERE =
            rungs(k -> new FilteredSql(f -> candidates(StationFilterSql.walkPredicate(f, 3), "", k)));

    private static final FilteredSql[] CANDIDATES_WITHIN = rungs(k -> new FilteredSql(f ->
            candidates(StationFilterSql.walkPredicate(f, 4), "AND ST_DWithin(s.geog, " + POINT + ", $3, true)", k)));

    private static FilteredSql[] rungs(IntFunction<FilteredSql> make) {
        FilteredSql[] out = new FilteredSql[K_RUNGS.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = make.apply(K_RUNGS[i]);
        }
        return out;
    }

    private static String candidates(String filterPredicate, String radiusPredicate, int k) {
        return """
            SELECT %1$s
            FROM station s
            WHERE %3$s
              %4$s
            ORDER BY s.geog <-> %2$s
            LIMIT %5$d""".formatted(
                        k <= WHOLE_ROWS_UP_TO ? StationRows.COLUMNS : LIGHT_COLUMNS,
                        POINT,
                        filterPredicate,
                        radiusPredicate,
                        k);
    }

    private static final String FEATURES =
            "SELECT " + StationRows.COLUMNS + " FROM station s WHERE s.id = ANY($1) AND s.deleted_at IS NULL";

    /** How many match within the radius ({@code $3}), grouped so that open-now is evaluated once per distinct text. */
    private static final FilteredSql MATCHED =
            new FilteredSql(f -> """
            SELECT s.status, s.opening_hours, count(*) AS n
            FROM station s
            WHERE %2$s
              AND ST_DWithin(s.geog, %1$s, $3, true)
            GROUP BY s.status, s.opening_hours""".formatted(POINT, StationFilterSql.predicate(f, 4)));

    /** One candidate: its position (WGS 84), sphere distance, and its whole row when the rung brings rows. */
    public record Candidate(
            long id, String status, String openingHours, double lon, double lat, double sphereM, Row row) {}

    /** A group of matching stations sharing status and opening hours. */
    public record MatchGroup(String status, String openingHours, long count) {}

    private final Pool pool;

    public NearestRepository(Pool pool) {
        this.pool = pool;
    }

    /** The rungs, smallest first (a copy). */
    public static int[] kRungs() {
        return K_RUNGS.clone();
    }

    /** The smallest rung of {@link #K_RUNGS} at or above k, or the largest. */
    public static int rung(int k) {
        for (int r : K_RUNGS) {
            if (r >= k) {
                return r;
            }
        }
        return K_RUNGS[K_RUNGS.length - 1];
    }

    private static int rungIndex(int k) {
        for (int i = 0; i < K_RUNGS.length; i++) {
            if (K_RUNGS[i] == k) {
                return i;
            }
        }
        throw new IllegalArgumentException("k = " + k + " is not a rung; use rung(k)");
    }

    /** The candidates statement a request with this filter and k (a rung) runs (plan-shape tests read it). */
    public static String candidatesSql(StationFilter filter, boolean withRadius, int k) {
        return (withRadius ? CANDIDATES_WITHIN : CANDIDATES_ANYWHERE)[rungIndex(k)].text(filter);
    }

    /** The matched-count statement a request with this filter runs. */
    public static String matchedSql(StationFilter filter) {
        return MATCHED.text(filter);
    }

    /** The row fetch for winners that came without their row. */
    public static String featuresSql() {
        return FEATURES;
    }

    /**
     * Up to {@code k} candidates in sphere-distance order (k a rung, see {@link #rung(int)}), within
     * {@code maxDistanceM} when not null.
     */
    public Future<List<Candidate>> candidates(
            double lon, double lat, StationFilter filter, Double maxDistanceM, int k) {
        Tuple t = Tuple.of(lon, lat);
        if (maxDistanceM != null) {
            t.addDouble(maxDistanceM);
        }
        StationFilterSql.bind(filter, t);
        boolean whole = k <= WHOLE_ROWS_UP_TO;
        return pool.preparedQuery(candidatesSql(filter, maxDistanceM != null, k))
                .execute(t)
                .map(rows -> {
                    List<Candidate> out = new ArrayList<>(rows.size());
                    for (Row r : rows) {
                        double sLon = r.getDouble("lon");
                        double sLat = r.getDouble("lat");
                        // The index's sphere distance, computed here rather than a second time per row in SQL.
                        out.add(new Candidate(
                                r.getLong("id"),
                                r.getString("status"),
                                r.getString("opening_hours"),
                                sLon,
                                sLat,
                                NearestService.sphereM(lon, lat, sLon, sLat),
                                whole ? r : null));
                    }
                    return out;
                });
    }

    /** Rows of the given live stations, by id. */
    public Future<Map<Long, Row>> rows(List<Long> ids) {
        return pool.preparedQuery(FEATURES)
                .execute(Tuple.tuple().addArrayOfLong(ids.toArray(Long[]::new)))
                .map(rows -> {
                    Map<Long, Row> out = new HashMap<>();
                    for (Row r : rows) {
                        out.put(r.getLong("id"), r);
                    }
                    return out;
                });
    }

    public Future<List<MatchGroup>> matched(double lon, double lat, StationFilter filter, double maxDistanceM) {
        Tuple t = StationFilterSql.bind(filter, Tuple.of(lon, lat, maxDistanceM));
        return pool.preparedQuery(MATCHED.text(filter)).execute(t).map(rows -> {
            List<MatchGroup> out = new ArrayList<>(rows.size());
            for (Row r : rows) {
                out.add(new MatchGroup(r.getString("status"), r.getString("opening_hours"), r.getLong("n")));
            }
            return out;
        });
    }
}
