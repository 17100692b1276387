package org.yizhan.stations;

import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

/**
 * The SQL side of a {@link StationFilter}: its predicate over alias {@code s}, the numbering of its
 * parameters and their binds, for the statements of the stations, nearest, coverage, routing and tiles
 * repositories.
 *
 * <p>The SQL predicate names only the filters that are present. A prepared statement's generic plan
 * is made without the values, so "{@code $n IS NULL OR ...}" or "{@code amenities @> '{}'}" forms would
 * make the planner guess at predicates that filter nothing and, with the guess, leave the spatial index
 * (bench/nearest.sh: a sort of the whole table per rider request). Each combination of present filters
 * is its own statement text instead: at most {@link #SHAPES}, cached per {@link #shape} ({@link FilteredSql}).
 */
public final class StationFilterSql {

    /** Number of distinct {@link #shape} values. */
    public static final int SHAPES = 1 << 8;

    /** The shape bit of a stale filter (true and false share it: the wanted value is bound). */
    private static final int STALE_BIT = 128;

    /**
     * Stale or fresh as one test with two values bound (the cutoff, the wanted answer), so that a stale
     * filter adds one shape, not two. A station never verified counts as verified at -infinity.
     */
    private static final String STALE_TEST = "%s = $%d::boolean";

    /**
     * SQL over alias {@code s}: true when the station was never verified or last verified before the
     * cutoff bound as {@code $n} (a timestamptz); the one definition of stale in SQL ({@link Freshness}).
     */
    public static String staleExpression(int n) {
        return "(coalesce(s.last_verified_at, '-infinity'::timestamptz) < $" + n + "::timestamptz)";
    }

    /**
     * The list filters in the one order that {@link #predicate}, {@link #bind} and
     * {@link #shape} share, with each one's test ({@code %d}: its parameter number).
     */
    private static final String[] LIST_TESTS = {
        "s.kind = ANY($%d::text[])",
        "s.category = ANY($%d::text[])",
        "s.amenities @> $%d::text[]",
        "s.status = ANY($%d::text[])",
        "s.vehicle_types && $%d::text[]",
    };

    /** Which filters are present, as bits: equal shapes give equal SQL text for {@link #predicate}. */
    public static int shape(StationFilter f) {
        int s = 0;
        List<List<String>> lists = f.lists();
        for (int i = 0; i < lists.size(); i++) {
            s |= lists.get(i).isEmpty() ? 0 : 1 << i;
        }
        return s | (f.hasDiscount() == null ? 0 : f.hasDiscount() ? 32 : 64) | (f.stale() == null ? 0 : STALE_BIT);
    }

    /** A filter of the given shape with placeholder values, for tests that walk every shape. */
    public static StationFilter ofShape(
            int shape,
            List<String> kinds,
            List<String> categories,
            List<String> amenities,
            List<String> statuses,
            List<String> vehicleTypes) {
        if (shape < 0 || shape >= SHAPES || (shape & 96) == 96) {
            throw new IllegalArgumentException("no filter has shape " + shape);
        }
        return new StationFilter(
                (shape & 1) != 0 ? kinds : List.of(),
                (shape & 2) != 0 ? categories : List.of(),
                (shape & 4) != 0 ? amenities : List.of(),
                (shape & 8) != 0 ? statuses : List.of(),
                (shape & 16) != 0 ? vehicleTypes : List.of(),
                (shape & 32) != 0 ? Boolean.TRUE : (shape & 64) != 0 ? Boolean.FALSE : null,
                (shape & STALE_BIT) != 0 ? Boolean.TRUE : null,
                (shape & STALE_BIT) != 0 ? Instant.parse("2026-01-01T00:00:00Z") : null);
    }

    /**
     * SQL predicate over alias {@code s} for the filters present, binding their values as parameters
     * numbered from {@code $first} in the order {@link #bind} appends them.
     */
    public static String predicate(StationFilter f, int first) {
        StringBuilder sql = new StringBuilder("s.deleted_at IS NULL");
        int n = first;
        List<List<String>> lists = f.lists();
        for (int i = 0; i < lists.size(); i++) {
            if (!lists.get(i).isEmpty()) {
                sql.append(" AND ").append(LIST_TESTS[i].formatted(n++));
            }
        }
        if (f.hasDiscount() != null) {
            sql.append(f.hasDiscount() ? " AND s.rider_discount IS NOT NULL" : " AND s.rider_discount IS NULL");
        }
        if (f.stale() != null) {
            sql.append(" AND ").append(STALE_TEST.formatted(staleExpression(n), n + 1));
        }
        return sql.toString();
    }

    /**
     * The same filter for a statement driven by a walk of the geography index in distance order (the
     * nearest search): the attribute tests are one CASE expression, which the planner does not try to
     * estimate (it takes half the rows to pass). A generic plan cannot know how rare a rider's filter
     * is; when it guesses that fewer than k stations match, it prefers reading the whole table and
     * sorting it by distance, which costs O(n) for every request, over the walk, which stops after k
     * matches and costs O(n) only when the filter really is that rare. Binds as {@link #bind}.
     */
    public static String walkPredicate(StationFilter f, int first) {
        String all = predicate(f, first);
        String base = "s.deleted_at IS NULL";
        if (all.equals(base)) {
            return all;
        }
        // The partial indexes' own predicate stays outside, where the planner can match it.
        return base + " AND CASE WHEN " + all.substring(base.length() + " AND ".length()) + " THEN true ELSE false END";
    }

    /** Appends the values {@link #predicate} binds, in order. */
    public static Tuple bind(StationFilter f, Tuple t) {
        for (List<String> values : f.lists()) {
            if (!values.isEmpty()) {
                t.addArrayOfString(values.toArray(String[]::new));
            }
        }
        if (f.stale() != null) {
            t.addOffsetDateTime(f.staleCutoff().atOffset(ZoneOffset.UTC)).addBoolean(f.stale());
        }
        return t;
    }

    /** Number of parameters {@link #bind} appends. */
    public static int parameterCount(StationFilter f) {
        return (int) f.lists().stream().filter(values -> !values.isEmpty()).count() + (f.stale() == null ? 0 : 2);
    }

    private StationFilterSql() {}
}
