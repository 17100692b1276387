package org.yizhan.support;

import io.vertx.core.Future;
import io.vertx.sqlclient.SqlClient;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.yizhan.AppConfig;
import org.yizhan.Application;
import io.vertx.pgclient.PgBuilder;

/**
 * One real server on one private PostGIS cluster for the whole test run (started on first use, stopped
 * by a JVM shutdown hook). Test classes call {@link #reset()} to start from empty tables.
 */
public final class TestApp {

    public static final String ADMIN_TOKEN = "test-admin-token-0123456789";

    private static final TestClock CLOCK = new TestClock();
    private static Application app;
    private static SqlClient sql;

    private TestApp() {
    }

    public static synchronized Application get() {
        if (app == null) {
            Path dir = TestDirs.base().resolve("shared");
            AppConfig config = AppConfig.load(Map.of(
                    "PORT", "0",
                    "YIZHAN_DATA_DIR", dir.toString(),
                    "YIZHAN_DEMO", "false",
                    "YIZHAN_ADMIN_TOKEN", ADMIN_TOKEN,
                    "YIZHAN_HOST", "127.0.0.1",
                    // Tests stand in for many riders by naming them in X-Forwarded-For.
                    "YIZHAN_TRUSTED_PROXIES", "127.0.0.1"));
            app = Application.start(config, CLOCK);
            sql = PgBuilder.client().connectingTo(app.database().connectOptions(60_000)).using(app.vertx()).build();
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
        await(sql().query("TRUNCATE audit_event, station, demand_point, region RESTART IDENTITY CASCADE").execute());
    }

    public static <T> T await(Future<T> f) {
        try {
            return f.toCompletionStage().toCompletableFuture().get(120, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("operation failed: " + e.getMessage(), e);
        }
    }

    public static long count(String sqlText) {
        return await(sql().query(sqlText).execute()).iterator().next().getLong(0);
    }

}
