package org.yizhan.stations;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
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
 *
 * <p>This record is the parsed filter (read from query parameters by {@link #from}); its SQL predicate,
 * parameter numbering and binds are {@link StationFilterSql}'s.
 */
public record StationFilter(
        List<String> kinds,
        List<String> categories,
        List<String> amenities,
        List<String> statuses,
        List<String> vehicleTypes,
        Boolean hasDiscount,
        Boolean stale,
        Instant staleCutoff) {

    /** Query parameter names this filter reads. */
    public static final Set<String> PARAMS =
            Set.of("kind", "category", "amenity", "status", "vehicle_type", "has_discount");

    /** What riders get without a {@code status} parameter: everything but stations closed for good. */
    public static final List<String> NOT_CLOSED = List.of("open", "temporarily_closed");

    /** No filter at all (every status). */
    public static final StationFilter NONE =
            new StationFilter(List.of(), List.of(), List.of(), List.of(), List.of(), null, null, null);

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
                optionalBool(p, "has_discount"),
                null,
                null);
    }

    /**
     * The same filter with the {@code stale=true|false} parameter read (absent: either), stale meaning not
     * verified since {@code cutoff}. Only the listing and the nearest search take it.
     */
    public StationFilter withStaleParam(Params p, Instant cutoff) {
        Boolean s = optionalBool(p, STALE_PARAM);
        return new StationFilter(
                kinds, categories, amenities, statuses, vehicleTypes, hasDiscount, s, s == null ? null : cutoff);
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

    /** The list filters in the one order that {@link StationFilterSql} numbers them. */
    List<List<String>> lists() {
        return List.of(kinds, categories, amenities, statuses, vehicleTypes);
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
