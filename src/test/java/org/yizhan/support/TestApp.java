package org.yizhan.support;

import io.vertx.core.Future;
import io.vertx.pgclient.PgBuilder;
import io.vertx.sqlclient.SqlClient;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.yizhan.AppConfig;
import org.yizhan.Application;

/**
 * One real server on one private PostGIS cluster for the whole test run (started on first use, stopped
 * by a JVM shutdown hook). Test classes call {@link #reset()} to start from empty tables.
 */
public final class TestApp {

    public static final String ADMIN_TOKEN = "test-admin-token-0123456789";

    private static final TestClock CLOCK = new TestClock();
    private static Application app;
    private static SqlClient sql;

    private TestApp() {}

    public static synchronized Application get() {
        if (app == null) {
            Path dir = TestDirs.base().resolve("shared");
            AppConfig config = AppConfig.load(Map.of(
                    "PORT",
                    "0",
                    "YIZHAN_DATA_DIR",
                    dir.toString(),
                    "YIZHAN_DEMO",
                    "false",
                    "YIZHAN_ADMIN_TOKEN",
                    ADMIN_TOKEN,
                    "YIZHAN_HOST",
                    "127.0.0.1",
                    // Tests stand in for many riders by naming them in X-Forwarded-For.
                    "YIZHAN_TRUSTED_PROXIES",
                    "127.0.0.1",
                    // Most tests fire many requests from one address: limits far above them (the limiter still
                    // runs). RateLimitApiTest checks the real defaults on a server of its own.
                    "YIZHAN_RATE_LIMIT",
                    "1000000",
                    "YIZHAN_RATE_BURST",
                    "1000000",
                    "YIZHAN_HEAVY_RATE_LIMIT",
                    "1000000",
                    "YIZHAN_HEAVY_RATE_BURST",
                    "1000000"));
            app = Application.start(config, CLOCK);
            sql = PgBuilder.client()
                    .connectingTo(app.database().connectOptions(60_000))
                    .using(app.vertx())
                    .build();
            Runtime.getRuntime().addShutdownHook(new Thread(app::close));
        }
        return app;
    }

    /** The server's clock; a test that moves it resets it when done. */
    public static TestClock clock() {
        return CLOCK;
    }

    public static Api api() {
        return new Api(get().vertx(), get().port());
    }

    /** A client of another server on this host (a second instance started by a test). */
    public static Api api(int port) {
        return new Api(get().vertx(), port);
    }

    /** Direct SQL, for checks the API cannot show (audit rows, row counts) and for resets. */
    public static SqlClient sql() {
        get();
        return sql;
    }

    /** Empties stations, the audit trail, regions and demand; tokens are kept. */
    public static void reset() {
        await(sql().query("TRUNCATE audit_event, station, demand_point, region RESTART IDENTITY CASCADE")
                .execute());
    }

    public static <T> T await(Future<T> f) {
        try {
            return f.toCompletionStage().toCompletableFuture().get(120, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("operation failed: " + e.getMessage(), e);
        }
    }

    /**
     * A second HTTP server on the shared database and Vert.x, wired like the shared one but with its own
     * configuration ({@code env} over the defaults, as {@code AppConfig.load} reads it) and clock: for the
     * limits and headers that the shared server sets for the whole suite. Close it when done.
     */
    public static Server server(Map<String, String> env, java.time.Clock clock) {
        Application shared = get();
        io.vertx.core.Vertx vertx = shared.vertx();
        AppConfig config = AppConfig.load(env);
        io.vertx.sqlclient.Pool pool = PgBuilder.pool()
                .connectingTo(shared.database().connectOptions(10_000))
                .using(vertx)
                .build();
        io.vertx.ext.web.Router router = org.yizhan.Wiring.build(vertx, pool, pool, shared.database(), config, clock)
                .router(vertx);
        io.vertx.core.http.HttpServer http =
                await(vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1"));
        return new Server(http, pool, Api.at(vertx, http.actualPort()));
    }

    /** A server from {@link #server}: its client and, on close, its port and pool closed. */
    public record Server(io.vertx.core.http.HttpServer http, io.vertx.sqlclient.Pool pool, Api api)
            implements AutoCloseable {
        @Override
        public void close() {
            await(http.close());
            await(pool.close());
        }
    }

    public static long count(String sqlText) {
        return await(sql().query(sqlText).execute()).iterator().next().getLong(0);
    }
}
