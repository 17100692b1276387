package org.yizhan.db;

import io.vertx.core.Future;
import io.vertx.sqlclient.SqlConnection;

/**
 * The classes of SQL statement and how long each may run ({@code statement_timeout}); a statement past
 * its bound is cancelled by PostgreSQL (SQLSTATE 57014) and its request answers 503 {@code timeout}.
 * See docs/limits.md.
 *
 * <ul>
 * <li><b>request</b>, {@value #REQUEST_MS} ms: every statement on the pool's connections (a connection
 *     setting): reads, single writes, coverage, tiles, OGC items. A cold coverage by travel time is many
 *     such statements and is bounded as a whole at 60 s (coverage/FutureCache).</li>
 * <li><b>import</b>, {@value #IMPORT_S} s: the statements of an admin's bulk import transaction (stations,
 *     regions, demand, road networks), set for that transaction only ({@link #forImport}).</li>
 * </ul>
 */
public final class StatementTimeouts {
    /** Request-path statements. */
    public static final int REQUEST_MS = 10_000;
    /** Import statements: a batch on a loaded machine (autovacuum, two shared cores) may pass 10 s. */
    public static final int IMPORT_S = 60;

    private static final String IMPORT = "SET LOCAL statement_timeout = '" + IMPORT_S + "s'";

    private StatementTimeouts() {}

    /** Gives the rest of {@code conn}'s open transaction the import class's bound. */
    public static Future<Void> forImport(SqlConnection conn) {
        return conn.query(IMPORT).execute().mapEmpty();
    }
}
