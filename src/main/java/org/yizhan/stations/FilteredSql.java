package org.yizhan.stations;

import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Function;

/**
 * One statement text per {@link StationFilterSql#shape}, built on first use from a template and kept.
 * The pool prepares each text once per connection, so every combination of filters has its own
 * generic plan. Thread-safe: a text may be built twice by a race, never differently.
 */
public final class FilteredSql {

    private final Function<StationFilter, String> build;
    private final AtomicReferenceArray<String> texts = new AtomicReferenceArray<>(StationFilterSql.SHAPES);

    /** @param build the statement text for a filter; it must depend on the filter's shape only */
    public FilteredSql(Function<StationFilter, String> build) {
        this.build = build;
    }

    /** The statement text for this filter's shape. */
    public String text(StationFilter filter) {
        int shape = StationFilterSql.shape(filter);
        String t = texts.get(shape);
        if (t == null) {
            t = build.apply(filter);
            texts.set(shape, t);
        }
        return t;
    }
}
