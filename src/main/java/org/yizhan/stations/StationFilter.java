package org.yizhan.stations;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.yizhan.http.Params;

/**
 * The attribute filters shared by the nearest search, the listing and coverage. Each list is "any of"
 * except {@code amenities}, which must all be present; an empty list means "no filter".
 * {@code hasDiscount} is null for "either"; so is {@code stale}: when set, a station is stale when it was
 * never verified or last verified before {@code staleCutoff} ({@link Freshness}).
 *
 * <p>The SQL predicate names only the filters that are present. A prepared statement's generic plan
 * is made without the values, so "{@code $n IS NULL OR ...}" or "{@code amenities @> '{}'}" forms would
 * make the planner guess at predicates that filter nothing and, with the guess, leave the spatial index
 * (bench/nearest.sh: a sort of the whole table per rider request). Each combination of present filters
 * is its own statement text instead: at most {@link #SHAPES}, cached per {@link #shape()}.
 */
public record StationFilter(List<String> kinds, List<String> categories, List<String> amenities,
        List<String> statuses, List<String> vehicleTypes, Boolean hasDiscount, Boolean stale, Instant staleCutoff) {

    /** Query parameter names this filter reads. */
    public static final Set<String> PARAMS = Set.of("kind", "category", "amenity", "status", "vehicle_type",
            "has_discount");

    /** What riders get without a {@code status} parameter: everything but stations closed for good. */
    public static final List<String> NOT_CLOSED = List.of("open", "temporarily_closed");

    /** Number of distinct {@link #shape()} values. */
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

    /** No filter at all (every status). */
    public static final StationFilter NONE = new StationFilter(List.of(), List.of(), List.of(), List.of(), List.of(),
            null, null, null);

    public StationFilter {
        if ((stale == null) != (staleCutoff == null)) {
            throw new IllegalArgumentException("stale and staleCutoff go together");
        }
        kinds = List.copyOf(kinds);
        categories = List.copyOf(categories);
        amenities = List.copyOf(amenities);
        statuses = List.copyOf(statuses);
        vehicleTypes = List.copyOf(vehicleTypes);
    }

    /**
     * Reads the filter parameters; without {@code status}, {@code defaultStatuses} apply (an empty list:
     * every status).
     */
    public static StationFilter from(Params p, List<String> defaultStatuses) {
        List<String> statuses = p.listOf("status", Vocabulary.STATUSES);
        return new StationFilter(
                p.listOf("kind", Vocabulary.KINDS),
                p.listOf("category", Vocabulary.CATEGORIES),
                p.listOf("amenity", Vocabulary.AMENITIES),
                statuses.isEmpty() ? defaultStatuses : statuses,
                p.listOf("vehicle_type", Vocabulary.VEHICLE_TYPES),
                optionalBool(p, "has_discount"), null, null);
    }

    /**
     * The same filter with the {@code stale=true|false} parameter read (absent: either), stale meaning not
     * verified since {@code cutoff}. Only the listing and the nearest search take it.
     */
    public StationFilter withStaleParam(Params p, Instant cutoff) {
        Boolean s = optionalBool(p, STALE_PARAM);
        return new StationFilter(kinds, categories, amenities, statuses, vehicleTypes, hasDiscount, s,
                s == null ? null : cutoff);
    }

    /** The query parameter {@link #withStaleParam} reads. */
    public static final String STALE_PARAM = "stale";

    private static Boolean optionalBool(Params p, String name) {
        if (p.raw(name) == null) {
            return null;
        }
        return p.bool(name, false);
    }

    /** The same filter with other statuses. */
    public StationFilter withStatuses(List<String> s) {
        return new StationFilter(kinds, categories, amenities, s, vehicleTypes, hasDiscount, stale, staleCutoff);
    }

    /**
     * The list filters in the one order that {@link #predicate(int)}, {@link #bind(Tuple)} and
     * {@link #shape()} share, with each one's test ({@code %d}: its parameter number).
     */
    private static final String[] LIST_TESTS = {
        "s.kind = ANY($%d::text[])",
        "s.category = ANY($%d::text[])",
        "s.amenities @> $%d::text[]",
        "s.status = ANY($%d::text[])",
        "s.vehicle_types && $%d::text[]",
    };

    private List<List<String>> lists() {
        return List.of(kinds, categories, amenities, statuses, vehicleTypes);
    }

    /** Which filters are present, as bits: equal shapes give equal SQL text for {@link #predicate(int)}. */
    public int shape() {
        int s = 0;
        List<List<String>> lists = lists();
        for (int i = 0; i < lists.size(); i++) {
            s |= lists.get(i).isEmpty() ? 0 : 1 << i;
        }
        return s | (hasDiscount == null ? 0 : hasDiscount ? 32 : 64) | (stale == null ? 0 : STALE_BIT);
    }

    /** A filter of the given shape with placeholder values, for tests that walk every shape. */
    public static StationFilter ofShape(int shape, List<String> kinds, List<String> categories, List<String> amenities,
            List<String> statuses, List<String> vehicleTypes) {
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
     * numbered from {@code $first} in the order {@link #bind(Tuple)} appends them.
     */
    public String predicate(int first) {
        StringBuilder sql = new StringBuilder("s.deleted_at IS NULL");
        int n = first;
        List<List<String>> lists = lists();
        for (int i = 0; i < lists.size(); i++) {
            if (!lists.get(i).isEmpty()) {
                sql.append(" AND ").append(LIST_TESTS[i].formatted(n++));
            }
        }
        if (hasDiscount != null) {
            sql.append(hasDiscount ? " AND s.rider_discount IS NOT NULL" : " AND s.rider_discount IS NULL");
        }
        if (stale != null) {
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
     * matches and costs O(n) only when the filter really is that rare. Binds as {@link #bind(Tuple)}.
     */
    public String walkPredicate(int first) {
        String all = predicate(first);
        String base = "s.deleted_at IS NULL";
        if (all.equals(base)) {
            return all;
        }
        // The partial indexes' own predicate stays outside, where the planner can match it.
        return base + " AND CASE WHEN " + all.substring(base.length() + " AND ".length()) + " THEN true ELSE false END";
    }

    /**
     * True when no station can match: a category belongs to rest stations only, vehicle types to
     * parking, a rider discount to meal points, so some combinations contradict each other or the
     * kinds asked for. Such a request is answered without a query (a walk that finds nothing reads
     * the whole index).
     */
    public boolean matchesNothing() {
        Set<String> possible = new java.util.HashSet<>(kinds.isEmpty() ? Vocabulary.KINDS : kinds);
        if (!categories.isEmpty()) {
            possible.retainAll(Set.of("rest_station"));
        }
        if (!vehicleTypes.isEmpty()) {
            possible.retainAll(Set.of("parking"));
        }
        if (Boolean.TRUE.equals(hasDiscount)) {
            possible.retainAll(Set.of("meal"));
        }
        return possible.isEmpty();
    }

    /** Appends the values {@link #predicate(int)} binds, in order. */
    public Tuple bind(Tuple t) {
        for (List<String> values : lists()) {
            if (!values.isEmpty()) {
                t.addArrayOfString(values.toArray(String[]::new));
            }
        }
        if (stale != null) {
            t.addOffsetDateTime(staleCutoff.atOffset(ZoneOffset.UTC)).addBoolean(stale);
        }
        return t;
    }

    /** Number of parameters {@link #bind(Tuple)} appends. */
    public int parameterCount() {
        return (int) lists().stream().filter(values -> !values.isEmpty()).count() + (stale == null ? 0 : 2);
    }

    /** The filter as query-style JSON (echoed by coverage answers); vehicle_type and has_discount only when set. */
    public JsonObject toJson() {
        JsonObject o = new JsonObject()
                .put("kind", new JsonArray(new ArrayList<>(kinds)))
                .put("category", new JsonArray(new ArrayList<>(categories)))
                .put("amenity", new JsonArray(new ArrayList<>(amenities)))
                .put("status", new JsonArray(new ArrayList<>(statuses)));
        if (!vehicleTypes.isEmpty()) {
            o.put("vehicle_type", new JsonArray(new ArrayList<>(vehicleTypes)));
        }
        if (hasDiscount != null) {
            o.put("has_discount", hasDiscount);
        }
        if (stale != null) {
            o.put("stale", stale);
        }
        return o;
    }
}
