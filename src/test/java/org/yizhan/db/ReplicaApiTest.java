package org.yizhan.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgBuilder;
import io.vertx.sqlclient.SqlClient;
import java.time.Duration;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.yizhan.support.Api;
import org.yizhan.support.Api.Resp;
import org.yizhan.support.ErrorAssertions;
import org.yizhan.support.Fixtures;
import org.yizhan.support.ServerProcess;
import org.yizhan.support.StreamingReplica;
import org.yizhan.support.TestApp;
import org.yizhan.support.TestDirs;

/**
 * A real streaming replica of the test cluster and a second server (its own JVM, as a second instance
 * behind a load balancer would be) on the primary with {@code YIZHAN_REPLICA_URLS} naming the replica.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@DisplayName("Read replicas: public reads on a streaming replica, read-your-writes, failover to the primary")
class ReplicaApiTest {

    private static final String ONE = "/api/v1/stations/";
    private static final String COVERAGE = "/api/v1/coverage?bbox=121.40,31.15,121.60,31.30&radius_m=1000";

    private StreamingReplica replica;
    private SqlClient replicaSql;
    private ServerProcess server;
    private Api api;

    @BeforeAll
    void start() throws Exception {
        TestApp.reset();
        DatabaseTarget primary = TestApp.get().database();
        replica = StreamingReplica.of(primary, TestDirs.base().resolve("replica-" + System.nanoTime()));
        replicaSql = PgBuilder.client()
                .connectingTo(replica.target().connectOptions(60_000))
                .using(TestApp.get().vertx())
                .build();
        ServerProcess first = instance(primary, replica.url(), 300);
        server = first;
        api = TestApp.api(first.port());
    }

    @AfterAll
    void stop() throws Exception {
        if (server != null) {
            server.stop();
        }
        if (replicaSql != null) {
            TestApp.await(replicaSql.close());
        }
        if (replica != null) {
            replica.close();
        }
    }

    /** A second server (its own JVM) on the primary, reading from {@code replicaUrl} while it lags at most {@code maxLagS}. */
    private static ServerProcess instance(DatabaseTarget primary, String replicaUrl, int maxLagS) throws Exception {
        return ServerProcess.start(Map.of(
                "YIZHAN_DEMO",
                "false",
                "YIZHAN_ADMIN_TOKEN",
                TestApp.ADMIN_TOKEN,
                "DATABASE_URL",
                "postgresql://" + primary.user() + ":" + primary.password() + "@" + primary.host() + ":"
                        + primary.port() + "/" + primary.database(),
                "YIZHAN_REPLICA_URLS",
                replicaUrl,
                "YIZHAN_REPLICA_MAX_LAG_S",
                Integer.toString(maxLagS)));
    }

    /** Asks {@code uri} (with {@code headers}) until {@code until} holds, for at most 20 s; the last answer. */
    private Resp await(String uri, Map<String, String> headers, Predicate<Resp> until) throws InterruptedException {
        return await(api, uri, headers, until);
    }

    /** As {@link #await(String, Map, Predicate)}, asking the server behind {@code via}. */
    private static Resp await(Api via, String uri, Map<String, String> headers, Predicate<Resp> until)
            throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        Resp r = via.send(HttpMethod.GET, uri, null, null, headers);
        while (!until.test(r) && System.nanoTime() < deadline) {
            Thread.sleep(200);
            r = via.send(HttpMethod.GET, uri, null, null, headers);
        }
        assertTrue(until.test(r), uri + " never answered as expected; last: " + r + " " + r.headers());
        return r;
    }

    private static Predicate<Resp> from(String pool) {
        return r -> pool.equals(r.header("Yizhan-Read-From"));
    }

    private long replicaCommits() {
        return TestApp.await(replicaSql
                        .query("SELECT xact_commit FROM pg_stat_database WHERE datname = current_database()")
                        .execute())
                .iterator()
                .next()
                .getLong(0);
    }

    private long version(SqlClient sql) {
        return TestApp.await(sql.query("SELECT current_data_version()").execute())
                .iterator()
                .next()
                .getLong(0);
    }

    @Test
    @Order(1)
    @DisplayName("public reads of the second instance are served by the replica, whose transaction count rises")
    void readsGoToTheReplica() throws Exception {
        await("/api/v1/stations/nearest?lon=121.5&lat=31.2", Map.of(), from("replica-1"));
        long before = replicaCommits();
        for (int i = 0; i < 30; i++) {
            Resp r = api.get("/api/v1/stations?bbox=121.4,31.1,121.6,31.3");
            assertEquals(200, r.status(), r.toString());
            assertEquals("replica-1", r.header("Yizhan-Read-From"));
        }
        // Statistics reach pg_stat_database when the backends flush them (within about a second of idling).
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (replicaCommits() < before + 30 && System.nanoTime() < deadline) {
            Thread.sleep(250);
        }
        assertTrue(replicaCommits() >= before + 30, "the replica ran fewer than 30 more transactions");
        // An admin read is no public read: the primary answers it, and says nothing of pools.
        Resp me = api.admin(HttpMethod.GET, "/api/v1/me", null, Map.of());
        assertEquals(200, me.status(), me.toString());
        assertEquals(null, me.header("Yizhan-Read-From"));
    }

    @Test
    @Order(2)
    @DisplayName(
            "with replay paused, a client's read after its own write is fresh from the primary; a client without the marker reads the replica")
    void readYourWrites() throws Exception {
        await(COVERAGE, Map.of(), from("replica-1"));
        TestApp.await(replicaSql.query("SELECT pg_wal_replay_pause()").execute());
        try {
            long replicaVersion = version(replicaSql);
            Resp created = api.post("/api/v1/stations", Fixtures.restStation("复制站", 121.5, 31.2));
            assertEquals(201, created.status(), created.toString());
            String lsn = created.header("Yizhan-Write-Lsn");
            assertNotNull(lsn, "a write names its WAL position");
            assertTrue(
                    created.header("set-cookie").startsWith("yizhan_write_lsn=" + lsn + ";"),
                    created.header("set-cookie"));
            String uri = created.header("Location");
            long primaryVersion = version(TestApp.sql());
            assertTrue(primaryVersion > replicaVersion);

            // The writer (header, as an API client sends it; or the cookie, as a browser does): fresh, from the
            // primary.
            Resp mine = api.send(HttpMethod.GET, uri, null, null, Map.of("Yizhan-Write-Lsn", lsn));
            assertEquals(200, mine.status(), mine.toString());
            assertEquals("primary", mine.header("Yizhan-Read-From"));
            Resp browser = api.send(HttpMethod.GET, uri, null, null, Map.of("Cookie", "yizhan_write_lsn=" + lsn));
            assertEquals(200, browser.status(), browser.toString());
            assertEquals("primary", browser.header("Yizhan-Read-From"));

            // Another client: the paused replica, which has not seen the station yet.
            Resp other = api.get(uri);
            assertEquals(404, other.status(), other.toString());
            assertEquals("replica-1", other.header("Yizhan-Read-From"));

            // Coverage computed on the lagging replica carries (and is cached under) the replica's version,
            // the writer's under the primary's: neither answer stands for the other's data.
            Resp lagging = api.get(COVERAGE);
            assertEquals("replica-1", lagging.header("Yizhan-Read-From"));
            assertEquals(replicaVersion, lagging.json().getLong("data_version"), lagging.toString());
            assertEquals(0L, lagging.json().getLong("stations_considered"), lagging.toString());
            Resp fresh = api.send(HttpMethod.GET, COVERAGE, null, null, Map.of("Yizhan-Write-Lsn", lsn));
            assertEquals("primary", fresh.header("Yizhan-Read-From"));
            assertEquals(primaryVersion, fresh.json().getLong("data_version"), fresh.toString());
            assertEquals(1L, fresh.json().getLong("stations_considered"), fresh.toString());
            assertEquals(replicaVersion, api.get(COVERAGE).json().getLong("data_version"));
        } finally {
            TestApp.await(replicaSql.query("SELECT pg_wal_replay_resume()").execute());
        }
        // Replayed: everyone reads the station from the replica again, the writer too.
        Resp replayed = await(ONE + "1", Map.of(), r -> r.status() == 200);
        assertEquals("replica-1", replayed.header("Yizhan-Read-From"));
        Resp caughtUp = await(COVERAGE, Map.of(), r -> r.json().getLong("stations_considered") == 1L);
        assertEquals(version(TestApp.sql()), caughtUp.json().getLong("data_version"));
    }

    @Test
    @Order(3)
    @DisplayName("a malformed write marker is a 400 naming it")
    void malformedMarker() {
        ErrorAssertions.assertJsonError(
                api.send(
                        HttpMethod.GET,
                        "/api/v1/stations/nearest?lon=121.5&lat=31.2",
                        null,
                        null,
                        Map.of("Yizhan-Write-Lsn", "soon")),
                "a word for a WAL position",
                400,
                "invalid_parameter",
                "Yizhan-Write-Lsn");
        ErrorAssertions.assertJsonError(
                api.send(
                        HttpMethod.GET,
                        "/api/v1/stations/nearest?lon=121.5&lat=31.2",
                        null,
                        null,
                        Map.of("Cookie", "yizhan_write_lsn=1/-2")),
                "a signed half",
                400,
                "invalid_parameter",
                "yizhan_write_lsn");
    }

    @Test
    @Order(4)
    @DisplayName(
            "a write through one instance is in the other instance's next coverage answer (caches key on the database's version)")
    void cachesAcrossInstances() {
        Api first = TestApp.api();
        JsonObject before = first.get(COVERAGE).json();
        assertEquals(
                before.getLong("stations_considered"),
                first.get(COVERAGE).json().getLong("stations_considered"));
        Resp created = api.post("/api/v1/stations", Fixtures.restStation("另一站", 121.45, 31.25));
        assertEquals(201, created.status(), created.toString());
        JsonObject after = first.get(COVERAGE).json();
        assertEquals(before.getLong("stations_considered") + 1, after.getLong("stations_considered"), after.toString());
        assertEquals(false, after.getBoolean("cached"));
    }

    @Test
    @Order(5)
    @DisplayName(
            "with the replica stopped reads fall back to the primary with no 5xx, and use the replica again once it is back")
    void replicaFailure() throws Exception {
        await(ONE + "1", Map.of(), from("replica-1"));
        replica.stop();
        for (int i = 0; i < 20; i++) {
            Resp r = api.get(ONE + "1");
            assertEquals(200, r.status(), r.toString());
            assertEquals("primary", r.header("Yizhan-Read-From"));
            Resp list = api.get("/api/v1/stations?bbox=121.4,31.1,121.6,31.3");
            assertEquals(200, list.status(), list.toString());
            Thread.sleep(100);
        }
        replica.start();
        Resp back = await(ONE + "1", Map.of(), from("replica-1"));
        assertEquals(200, back.status(), back.toString());
    }

    @Test
    @Order(6)
    @DisplayName(
            "a replica lagging beyond YIZHAN_REPLICA_MAX_LAG_S (replay paused, writes going on) is skipped for reads, and used again once it catches up")
    void laggingReplicaIsSkipped() throws Exception {
        ServerProcess strict = instance(TestApp.get().database(), replica.url(), 2);
        Api bounded = TestApp.api(strict.port());
        String near = "/api/v1/stations/nearest?lon=121.5&lat=31.2";
        try {
            await(bounded, near, Map.of(), from("replica-1"));
            TestApp.await(replicaSql.query("SELECT pg_wal_replay_pause()").execute());
            try {
                Resp created = bounded.post("/api/v1/stations", Fixtures.restStation("滞后站", 121.52, 31.21));
                assertEquals(201, created.status(), created.toString());
                // The primary's WAL moved past what the replica replayed; after 2 s (and a check) it lags too far.
                Resp skipped = await(bounded, near, Map.of(), from("primary"));
                assertEquals(200, skipped.status(), skipped.toString());
                for (int i = 0; i < 10; i++) {
                    Resp r = bounded.get(near);
                    assertEquals(200, r.status(), r.toString());
                    assertEquals("primary", r.header("Yizhan-Read-From"), "still lagging: read from the primary");
                    Thread.sleep(100);
                }
                // The lenient instance (300 s) keeps reading the paused replica: the bound is the instance's own.
                assertEquals("replica-1", api.get(near).header("Yizhan-Read-From"));
                String lines = strict.output();
                assertTrue(lines.contains("replica-1 is skipped for reads: lagging"), lines);
            } finally {
                TestApp.await(replicaSql.query("SELECT pg_wal_replay_resume()").execute());
            }
            Resp back = await(bounded, near, Map.of(), from("replica-1"));
            assertEquals(200, back.status(), back.toString());
        } finally {
            strict.stop();
        }
    }
}
