package org.yizhan.stations;

import io.vertx.sqlclient.Tuple;
import java.util.List;
import java.util.Set;
import org.yizhan.http.Params;

/**
 * The attribute filters shared by the nearest search and the listing. Each list is "any of" except
 * {@code amenities}, which must all be present. Empty lists mean "no filter".
 */
public record StationFilter(List<String> kinds, List<String> categories, List<String> amenities, List<String> statuses) {

    /** Query parameter names this filter reads. */
    public static final Set<String> PARAMS = Set.of("kind", "category", "amenity", "status");

    /**
     * SQL predicate over alias {@code s}; binds four parameters starting at {@code $first}. Kept as text
     * here so that both repositories use the very same predicate.
     */
    public static String predicate(int first) {
        return """
                s.deleted_at IS NULL
                  AND ($%1$d::text[] IS NULL OR s.kind = ANY($%1$d))
                  AND ($%2$d::text[] IS NULL OR s.category = ANY($%2$d))
                  AND s.amenities @> $%3$d::text[]
                  AND ($%4$d::text[] IS NULL OR s.status = ANY($%4$d))
                """.formatted(first, first + 1, first + 2, first + 3);
    }

    public static StationFilter from(Params p) {
        return new StationFilter(
                p.listOf("kind", Vocabulary.KINDS),
                p.listOf("category", Vocabulary.CATEGORIES),
                p.listOf("amenity", Vocabulary.AMENITIES),
                p.listOf("status", Vocabulary.STATUSES));
    }

    /** Appends the four values {@link #predicate(int)} binds, in order. */
    public Tuple bind(Tuple t) {
        return t.addArrayOfString(orNull(kinds))
                .addArrayOfString(orNull(categories))
                .addArrayOfString(amenities.toArray(String[]::new))
                .addArrayOfString(orNull(statuses));
    }

    private static String[] orNull(List<String> values) {
        return values.isEmpty() ? null : values.toArray(String[]::new);
    }
}
