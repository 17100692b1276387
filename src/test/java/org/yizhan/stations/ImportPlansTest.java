package org.yizhan.stations;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgBuilder;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.yizhan.support.TestApp;

/**
 * The plan of an import batch when autovacuum analyses the table while the import is open: ANALYZE sees
 * none of the import's uncommitted rows and records the table as empty although it has thousands of pages.
 * Found by CI, where such an ANALYZE made a 100,000-row import four times slower and time out: the lookup
 * of the existing rows read the whole external_id index into a hash for every batch.
 */
@DisplayName("An import batch looks stations up by external_id through the index even when ANALYZE ran mid-import")
class ImportPlansTest {

    private static final int OPEN_ROWS = 20_000;

    @Test
    @DisplayName("every read of station in the batch statement is an index probe on external_id, never a whole scan")
    void batchProbesTheIndex() {
        TestApp.reset();
        Pool pool = PgBuilder.pool()
                .connectingTo(TestApp.get().database().connectOptions(60_000))
                .with(new PoolOptions().setMaxSize(1))
                .using(TestApp.get().vertx())
                .build();
        try {
            SqlConnection conn = TestApp.await(pool.getConnection());
            TestApp.await(conn.query("BEGIN").execute());
            TestApp.await(conn.query("""
                    INSERT INTO station (external_id, kind, category, name, geom)
                    SELECT 'open-' || g, 'rest_station', 'other', '导入中' || g,
                           ST_SetSRID(ST_MakePoint(121.0 + g * 1e-5, 31.2), 4326)
                    FROM generate_series(1, %d) g""".formatted(OPEN_ROWS)).execute());
            // The ANALYZE autovacuum would run, from another session: the open rows are not there for it.
            TestApp.await(TestApp.sql().query("ANALYZE station").execute());
            Row stats = TestApp.await(TestApp.sql()
                            .query("SELECT reltuples, relpages FROM pg_class WHERE relname = 'station'")
                            .execute())
                    .iterator()
                    .next();
            assertEquals(0.0, stats.getDouble("reltuples"), "the statistics say empty");
            assertTrue(stats.getInteger("relpages") > 100, "on thousands of rows' pages");

            TestApp.await(
                    conn.query("SET LOCAL plan_cache_mode = force_custom_plan").execute());
            TestApp.await(conn.query("PREPARE import_batch AS " + StationRepository.importBatchSql())
                    .execute());
            JsonArray batch = new JsonArray();
            for (int i = 1; i <= 2000; i++) {
                batch.add(new JsonObject()
                        .put("ord", i)
                        .put("external_id", "open-" + (i * 7))
                        .put("kind", "rest_station")
                        .put("category", "other")
                        .put("name", "新" + i)
                        .put("lon", 121.3)
                        .put("lat", 31.2));
            }
            String literal = "'" + batch.encode().replace("'", "''") + "'";
            Row r = TestApp.await(conn.query("EXPLAIN (FORMAT JSON) EXECUTE import_batch(" + literal + ", 'admin')")
                            .execute())
                    .iterator()
                    .next();
            Object v = r.getValue(0);
            JsonObject plan = (v instanceof JsonArray a ? a : new JsonArray(v.toString()))
                    .getJsonObject(0)
                    .getJsonObject("Plan");
            List<JsonObject> reads = new ArrayList<>();
            collectReads(plan, reads);
            assertFalse(reads.isEmpty(), () -> "the existing rows are read: " + plan.encodePrettily());
            for (JsonObject read : reads) {
                // An index scan with its condition, or a bitmap heap scan over one (its recheck condition):
                // a sequential scan has neither, and a whole-index read has no condition.
                String cond = read.getString("Index Cond", read.getString("Recheck Cond", ""));
                assertTrue(
                        cond.contains("external_id"),
                        () -> "a probe by external_id, not a whole-table or whole-index read: "
                                + plan.encodePrettily());
            }
            TestApp.await(conn.query("ROLLBACK").execute());
            TestApp.await(conn.close());
        } finally {
            TestApp.await(pool.close());
            TestApp.await(TestApp.sql().query("ANALYZE station").execute());
        }
    }

    /** Scans of station (the upsert's own ModifyTable node excepted). */
    private static void collectReads(JsonObject node, List<JsonObject> out) {
        if ("station".equals(node.getString("Relation Name"))
                && node.getString("Node Type").contains("Scan")) {
            out.add(node);
        }
        JsonArray children = node.getJsonArray("Plans");
        if (children != null) {
            for (Object c : children) {
                collectReads((JsonObject) c, out);
            }
        }
    }
}
