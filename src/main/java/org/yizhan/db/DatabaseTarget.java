package org.yizhan.db;

import io.vertx.pgclient.PgConnectOptions;

/**
 * Where the database is: the embedded cluster or the server named by {@code DATABASE_URL}. Gives the
 * same target to Flyway (JDBC, start-up only) and to the reactive pool (request paths).
 */
public record DatabaseTarget(String host, int port, String database, String user, String password) {

    /** Parses {@code postgresql://user:password@host:port/database} (the libpq URI form). */
    public static DatabaseTarget fromUrl(String url) {
        PgConnectOptions o;
        try {
            o = PgConnectOptions.fromUri(url);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("DATABASE_URL is not a postgresql:// URL: " + e.getMessage());
        }
        return new DatabaseTarget(o.getHost(), o.getPort(), o.getDatabase(), o.getUser(), o.getPassword());
    }

    /** JDBC URL without credentials (they go separately, so they are never logged with the URL). */
    public String jdbcUrl() {
        return "jdbc:postgresql://" + host + ":" + port + "/" + database;
    }

    /**
     * Connect options for the reactive client; {@code statementTimeoutMs} bounds every statement.
     *
     * <p>Statements are prepared once per connection and always run on their generic plan
     * ({@code plan_cache_mode=force_generic_plan}): request-path statements are written so that the
     * plan made without the values is the index-driven one (one text per filter shape, no
     * "$n IS NULL OR" predicates), which makes the plan the same for every rider and every value, lets a
     * test check exactly the plan the server runs (RequestPathPlansTest), and saves re-planning
     * on every request. Left to its default, PostgreSQL re-plans with each request's values for as long
     * as it guesses that pays, and with a radius it then sorts every station within the radius. The client
     * caches only statements up to {@link #CACHED_SQL_CHARS} characters (its default of 2,048 would leave
     * the longer tile statements unprepared: parsed and planned on every request).
     */
    /** Longest statement text the client prepares and keeps per connection (the longest today: about 2,200). */
    static final int CACHED_SQL_CHARS = 8_192;

    public PgConnectOptions connectOptions(int statementTimeoutMs) {
        return new PgConnectOptions()
                .setHost(host)
                .setPort(port)
                .setDatabase(database)
                .setUser(user)
                .setPassword(password)
                .setCachePreparedStatements(true)
                .setPreparedStatementCacheSqlLimit(CACHED_SQL_CHARS)
                .addProperty("statement_timeout", Integer.toString(statementTimeoutMs))
                .addProperty("plan_cache_mode", "force_generic_plan")
                .addProperty("application_name", "yizhan");
    }
}
