package org.yizhan.db;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fresh planner statistics after a bulk write. Without them PostgreSQL plans the next requests on the
 * statistics of a much smaller table (or none at all, right after the first load) and picks a sort of
 * the whole table over the spatial index; autovacuum would catch up only a minute or more later.
 */
public final class Statistics {

    /** A write of at least this many rows analyses its table before the request answers. */
    public static final int ANALYZE_AFTER_ROWS = 1_000;

    private static final Logger LOG = LoggerFactory.getLogger(Statistics.class);

    private Statistics() {}

    /**
     * Analyses {@code table} (a constant of the caller's, never request input) when {@code rowsWritten}
     * reaches {@link #ANALYZE_AFTER_ROWS}, then resolves to {@code result}. The write is committed by
     * then, so a failed ANALYZE is logged and the request still answers.
     */
    public static <T> Future<T> refreshAfter(Pool pool, String table, int rowsWritten, T result) {
        if (rowsWritten < ANALYZE_AFTER_ROWS) {
            return Future.succeededFuture(result);
        }
        return pool.query("ANALYZE " + table).execute().map(result).recover(e -> {
            LOG.warn("ANALYZE {} after writing {} rows failed: {}", table, rowsWritten, e.getMessage());
            return Future.succeededFuture(result);
        });
    }
}
