package org.yizhan.db;

import io.vertx.pgclient.PgException;

/** What a failed statement says about the database itself, for the pool's routing and the error answers. */
public final class DbFailures {

    private DbFailures() {}

    /**
     * The database is down, restarting or unreachable: a refused or lost connection, no pooled connection
     * within the pool's wait or a full wait queue, or PostgreSQL saying it is shutting down or starting up
     * (SQLSTATE class 08, 57P01-57P03). A statement may succeed a moment later.
     */
    public static boolean unavailable(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof java.net.ConnectException
                    || t instanceof io.vertx.sqlclient.ClosedConnectionException
                    || t instanceof io.vertx.core.http.ConnectionPoolTooBusyException) {
                return true;
            }
            if (t instanceof PgException pg
                    && pg.getSqlState() != null
                    && (pg.getSqlState().startsWith("08") || pg.getSqlState().matches("57P0[123]"))) {
                return true;
            }
            String message = t.getMessage();
            if (t.getClass().getSimpleName().contains("Timeout") && message != null && message.contains("connection")) {
                return true; // the pool's wait for a connection ran out
            }
        }
        return false;
    }
}
