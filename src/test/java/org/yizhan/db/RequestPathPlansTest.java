package org.yizhan.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgBuilder;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.io.WKBWriter;
import org.yizhan.coverage.CoverageRepository;
import org.yizhan.nearest.NearestRepository;
import org.yizhan.nearest.NearestService;
import org.yizhan.ogc.Cql2;
import org.yizhan.ogc.Cql2Text;
import org.yizhan.ogc.OgcCollection;
import org.yizhan.ogc.OgcRepository;
import org.yizhan.stations.StationFilter;
import org.yizhan.stations.StationFilterSql;
import org.yizhan.stations.StationRepository;
import org.yizhan.support.Api.Resp;
import org.yizhan.support.Fixtures;
import org.yizhan.support.PreparedPlans;
import org.yizhan.support.SyntheticStations;
import org.yizhan.support.TestApp;

/**
 * The plans PostgreSQL runs for every statement on a request path, checked without timing anything:
 * 200,000 stations are imported through the API (as a new user would, with no manual ANALYZE), each
 * statement is prepared on a connection made with the server's own options and executed six times,
 * past the point where PostgreSQL may switch to the generic plan, and then {@code EXPLAIN (FORMAT JSON)
 * EXECUTE} shows the plan every further request gets. Every filter combination is checked.
 */
@DisplayName("Request-path statements keep index-driven plans at 200,000 stations, for every filter combination")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RequestPathPlansTest {

    private static final int STATIONS = 200_000;
    private static final int PER_IMPORT = 100_000;
    private static final int EXECUTIONS = 6;

    private Pool pool;
    private SqlConnection conn;
    private OffsetDateTime analysedBefore;
    private long parentRegionId;

    @BeforeAll
    void importNationalNetwork() {
        TestApp.reset();
        analysedBefore = lastAnalyze();
        for (int off = 0; off < STATIONS; off += PER_IMPORT) {
            Resp r = TestApp.api()
                    .send(
                            HttpMethod.POST,
                            "/api/v1/stations/import",
                            "text/csv",
                            Buffer.buffer(SyntheticStations.csv(7, off, PER_IMPORT)),
                            Map.of("Authorization", "Bearer " + TestApp.ADMIN_TOKEN));
            assertEquals(
                    200,
                    r.status(),
                    () -> r.toString().substring(0, Math.min(500, r.toString().length())));
            assertEquals(PER_IMPORT, r.json().getInteger("inserted"));
        }
        JsonArray regions = new JsonArray()
                .add(Fixtures.rectangleRegion("plan-city", "Plan city", "city", null, 121.2, 31.0, 121.8, 31.5))
                .add(Fixtures.rectangleRegion("plan-west", "West", "district", "plan-city", 121.2, 31.0, 121.5, 31.5))
                .add(Fixtures.rectangleRegion("plan-east", "East", "district", "plan-city", 121.5, 31.0, 121.8, 31.5));
        assertEquals(
                200,
                TestApp.api()
                        .post("/api/v1/regions/import", Fixtures.collection(regions))
                        .status());
        parentRegionId = TestApp.count("SELECT id FROM region WHERE code = 'plan-city'");
        pool = PgBuilder.pool()
                .connectingTo(TestApp.get().database().connectOptions(60_000))
                .with(new PoolOptions().setMaxSize(1))
                .using(TestApp.get().vertx())
                .build();
        conn = TestApp.await(pool.getConnection());
    }

    @AfterAll
    void close() {
        if (conn != null) {
            TestApp.await(conn.close());
        }
        if (pool != null) {
            TestApp.await(pool.close());
        }
        TestApp.reset();
    }

    @Test
    @DisplayName("a large import analyses the station table before it answers")
    void importAnalyses() {
        OffsetDateTime after = lastAnalyze();
        assertTrue(
                after != null && (analysedBefore == null || after.isAfter(analysedBefore)),
                "last_analyze before the import " + analysedBefore + ", after " + after);
        long estimate = TestApp.count("SELECT reltuples::bigint FROM pg_class WHERE relname = 'station'");
        assertTrue(Math.abs(estimate - STATIONS) < STATIONS / 10, "planner's row estimate " + estimate);
    }

    @Test
    @DisplayName("the server's connections run every statement on its generic plan")
    void genericPlans() {
        Row mode = TestApp.await(conn.query("SHOW plan_cache_mode").execute())
                .iterator()
                .next();
        assertEquals("force_generic_plan", mode.getString(0), "the setting DatabaseTarget.connectOptions gives");
        String sql = NearestRepository.candidatesSql(StationFilter.NONE, false, NearestService.firstK(10, false));
        prepareAndRun(sql, nearestArgs(false, StationFilter.NONE), EXECUTIONS);
        Row r = TestApp.await(conn.preparedQuery(
                                "SELECT generic_plans, custom_plans FROM pg_prepared_statements WHERE statement = $1")
                        .execute(Tuple.of(sql)))
                .iterator()
                .next();
        assertEquals(0, r.getLong("custom_plans"));
        assertTrue(r.getLong("generic_plans") >= EXECUTIONS, "generic plans: " + r.getLong("generic_plans"));
    }

    @Test
    @DisplayName("nearest candidates walk the geography index in distance order (no sort, no scan of the table)")
    void nearestCandidates() {
        // Every rung a search may ask for, the whole-row ones and the light ones up to 20,000 (a tenth of
        // this table, where a scan and a sort would look cheaper to the planner).
        for (int k : NearestRepository.kRungs()) {
            // Past the first rounds a statement reads up to 20,000 rows per execution; the server plans
            // generically from the first execution on (genericPlans), so one execution shows its plan.
            int executions = k <= NearestService.firstK(100, true) ? EXECUTIONS : 1;
            for (boolean radius : new boolean[] {false, true}) {
                checkEveryShape(
                        "nearest k=" + k + (radius ? " within a radius" : ""),
                        f -> NearestRepository.candidatesSql(f, radius, k),
                        f -> nearestArgs(radius, f),
                        RequestPathPlansTest::knnWalk,
                        executions);
            }
        }
    }

    @Test
    @DisplayName("the matched count reads only the stations within the radius, through the geography index")
    void matchedCount() {
        checkEveryShape(
                "matched",
                NearestRepository::matchedSql,
                f -> StationFilterSql.bind(f, Tuple.of(121.47, 31.23, 2_000.0)),
                plan -> usesOnly(plan, "station_geog_idx"));
    }

    @Test
    @DisplayName("one station and the winners' features are read by primary key")
    void byId() {
        String find = StationRepository.findSql();
        assertPlan("find", find, Tuple.of(12_345L), plan -> usesOnly(plan, "station_pkey"));
        String features = NearestRepository.featuresSql();
        assertPlan(
                "features",
                features,
                Tuple.tuple().addArrayOfLong(new Long[] {1L, 2L, 3L}),
                plan -> usesOnly(plan, "station_pkey"));
    }

    @Test
    @DisplayName("the listing finds a bbox through the geometry index, and walks the primary key without one")
    void listing() {
        checkEveryShape(
                "listing in a bbox",
                f -> StationRepository.listSql(f, true),
                f -> StationFilterSql.bind(f, Tuple.of(0L, 51, 121.46, 31.22, 121.48, 31.24)),
                plan -> usesOnly(plan, "station_geom_idx"));
        checkEveryShape(
                "listing",
                f -> StationRepository.listSql(f, false),
                f -> StationFilterSql.bind(f, Tuple.of(0L, 51)),
                plan -> usesOnly(plan, "station_pkey") && count(plan, "Sort") == 0);
    }

    @Test
    @DisplayName(
            "the duplicate check before a write finds neighbours through the geography index, and import rows by external_id")
    void duplicateChecks() {
        Tuple args = Tuple.tuple()
                .addArrayOfInteger(new Integer[] {0, 1})
                .addArrayOfDouble(new Double[] {121.47, 116.4})
                .addArrayOfDouble(new Double[] {31.23, 39.9})
                .addArrayOfString(new String[] {"rest_station", "meal"})
                .addArrayOfString(new String[] {"驿站", "x"})
                .addArrayOfString(new String[] {null, "e-1"})
                .addDouble(30.0)
                .addDouble(200.0);
        assertPlan("duplicates", StationRepository.duplicatesSql(), args, plan -> usesOnly(plan, "station_geog_idx"));
        assertPlan(
                "live external ids",
                StationRepository.liveExternalIdsSql(),
                Tuple.tuple().addArrayOfString(new String[] {"e-1", "e-2"}),
                plan -> usesOnly(plan, "station_external_id_key"));
    }

    @Test
    @DisplayName("coverage and the grid select stations through the geometry index")
    void coverage() {
        Buffer area = Buffer.buffer(new WKBWriter(2)
                .write(new GeometryFactory()
                        .toGeometry(new org.locationtech.jts.geom.Envelope(121.46, 121.48, 31.22, 31.24))));
        checkEveryShape(
                "coverage union",
                CoverageRepository::unionSql,
                f -> StationFilterSql.bind(f, Tuple.of(area, 32651, 500.0).addArrayOfLong(new Long[0])),
                plan -> usesOnly(plan, "station_geom_idx"));
        checkEveryShape(
                "district counts",
                CoverageRepository::childrenSql,
                f -> StationFilterSql.bind(f, Tuple.of(parentRegionId, 32651)),
                plan -> usesOnly(plan, "station_geom_idx"));
        checkEveryShape(
                "grid stations",
                CoverageRepository::stationsInSql,
                f -> StationFilterSql.bind(f, Tuple.of(121.46, 31.22, 121.48, 31.24, 500_001)),
                plan -> usesOnly(plan, "station_geom_idx"));
    }

    @Test
    @DisplayName(
            "OGC items: a bbox page and its numberMatched count go through the geometry index; pages without one walk the primary key")
    void ogcItems() {
        double[] box = {121.46, 31.22, 121.48, 31.24};
        Cql2.Expr spatial =
                Cql2Text.parse("status = 'open' AND S_INTERSECTS(geometry, BBOX(121.46, 31.22, 121.48, 31.24))");
        for (OgcRepository.ItemQuery q : List.of(
                ogc(box, null, null, null),
                ogc(box, null, 50_000L, null),
                ogc(box, null, null, 150_000L),
                ogc(null, spatial, null, null))) {
            OgcRepository.Statement page = OgcRepository.pageStatement(OgcCollection.STATIONS, q);
            assertPlan("OGC page " + page.sql(), page.sql(), page.args(), plan -> usesOnly(plan, "station_geom_idx"));
            OgcRepository.Statement count = OgcRepository.countStatement(OgcCollection.STATIONS, q);
            assertPlan(
                    "OGC count " + count.sql(), count.sql(), count.args(), plan -> usesOnly(plan, "station_geom_idx"));
        }
        Cql2.Expr open = Cql2Text.parse("status = 'open'");
        for (OgcRepository.ItemQuery q : List.of(
                ogc(null, null, null, null),
                ogc(null, null, 100_000L, null),
                ogc(null, null, null, 100_000L),
                ogc(null, open, 100_000L, null))) {
            OgcRepository.Statement page = OgcRepository.pageStatement(OgcCollection.STATIONS, q);
            assertPlan(
                    "OGC page " + page.sql(),
                    page.sql(),
                    page.args(),
                    plan -> usesOnly(plan, "station_pkey") && count(plan, "Sort") == 0);
        }
        OgcRepository.ItemQuery near =
                ogc(null, Cql2Text.parse("S_DWITHIN(geometry, POINT(121.47 31.23), 1000)"), null, null);
        for (OgcRepository.Statement st : List.of(
                OgcRepository.pageStatement(OgcCollection.STATIONS, near),
                OgcRepository.countStatement(OgcCollection.STATIONS, near))) {
            assertPlan("OGC S_DWITHIN " + st.sql(), st.sql(), st.args(), plan -> usesOnly(plan, "station_geog_idx"));
        }
    }

    private static OgcRepository.ItemQuery ogc(double[] bbox, Cql2.Expr filter, Long after, Long before) {
        return new OgcRepository.ItemQuery(bbox, null, null, Map.of(), filter, after, before, 10);
    }

    // --- shapes and arguments ---------------------------------------------------------------------

    /** Every filter shape the server sends to the database (see {@link PreparedPlans#everyFilterShape}). */
    private static List<StationFilter> everyShape() {
        return PreparedPlans.everyFilterShape();
    }

    private static Tuple nearestArgs(boolean radius, StationFilter f) {
        Tuple t = Tuple.of(121.47, 31.23);
        if (radius) {
            t.addDouble(2_000.0);
        }
        return StationFilterSql.bind(f, t);
    }

    private void checkEveryShape(
            String what,
            Function<StationFilter, String> sql,
            Function<StationFilter, Tuple> args,
            Predicate<JsonObject> good) {
        checkEveryShape(what, sql, args, good, EXECUTIONS);
    }

    private void checkEveryShape(
            String what,
            Function<StationFilter, String> sql,
            Function<StationFilter, Tuple> args,
            Predicate<JsonObject> good,
            int executions) {
        List<String> bad = new ArrayList<>();
        for (StationFilter f : everyShape()) {
            String text = sql.apply(f);
            JsonObject plan = explain(text, args.apply(f), executions);
            if (!good.test(plan)) {
                bad.add(f.toJson().encode() + "\n      " + summary(plan));
            }
        }
        assertTrue(
                bad.isEmpty(),
                what + ": " + bad.size() + " of " + everyShape().size()
                        + " filter shapes have a plan that leaves the index:\n  " + String.join("\n  ", bad));
    }

    private void assertPlan(String what, String sql, Tuple args, Predicate<JsonObject> good) {
        JsonObject plan = explain(sql, args, EXECUTIONS);
        assertTrue(good.test(plan), what + ": " + summary(plan));
    }

    // --- running and explaining -------------------------------------------------------------------

    /** Runs the statement as the server does (extended protocol, cached) n times; returns its name. */
    private String prepareAndRun(String sql, Tuple args, int executions) {
        for (int i = 0; i < executions; i++) {
            TestApp.await(conn.preparedQuery(sql).execute(args));
        }
        RowSet<Row> rows =
                TestApp.await(conn.preparedQuery("SELECT name FROM pg_prepared_statements WHERE statement = $1")
                        .execute(Tuple.of(sql)));
        assertEquals(1, rows.size(), "the client did not keep the statement prepared: " + sql);
        return rows.iterator().next().getString("name");
    }

    /** The plan the next execution of the prepared statement gets, after {@code executions} of them. */
    private JsonObject explain(String sql, Tuple args, int executions) {
        String name = prepareAndRun(sql, args, executions);
        List<String> literals = new ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            literals.add(PreparedPlans.literal(args.getValue(i)));
        }
        String explain = "EXPLAIN (FORMAT JSON) EXECUTE \"" + name + "\"(" + String.join(", ", literals) + ")";
        Row r = TestApp.await(conn.query(explain).execute()).iterator().next();
        Object v = r.getValue(0);
        JsonArray json = v instanceof JsonArray a ? a : new JsonArray(v.toString());
        return json.getJsonObject(0).getJsonObject("Plan");
    }

    private static OffsetDateTime lastAnalyze() {
        Row r = TestApp.await(TestApp.sql()
                        .query("SELECT last_analyze FROM pg_stat_user_tables WHERE relname = 'station'")
                        .execute())
                .iterator()
                .next();
        return r.getOffsetDateTime("last_analyze");
    }

    // --- plan shapes ------------------------------------------------------------------------------

    /** The nodes of a plan, depth first, each with the path of node types above it. */
    private record Node(JsonObject json, List<String> above) {
        String type() {
            return json.getString("Node Type");
        }
    }

    private static List<Node> nodes(JsonObject plan) {
        List<Node> out = new ArrayList<>();
        walk(plan, new ArrayList<>(), out);
        return out;
    }

    private static void walk(JsonObject n, List<String> above, List<Node> out) {
        out.add(new Node(n, List.copyOf(above)));
        JsonArray children = n.getJsonArray("Plans");
        if (children != null) {
            above.add(n.getString("Node Type"));
            for (int i = 0; i < children.size(); i++) {
                walk(children.getJsonObject(i), above, out);
            }
            above.remove(above.size() - 1);
        }
    }

    private static List<Node> stationScans(JsonObject plan) {
        return nodes(plan).stream()
                .filter(n -> "station".equals(n.json.getString("Relation Name")))
                .toList();
    }

    private static long count(JsonObject plan, String type) {
        return nodes(plan).stream().filter(n -> n.type().equals(type)).count();
    }

    /**
     * Every read of the station table goes through the named index: an index scan on it, or a bitmap
     * heap scan whose bitmap comes from it alone. No sequential scan.
     */
    private static boolean usesOnly(JsonObject plan, String index) {
        List<Node> scans = stationScans(plan);
        if (scans.isEmpty()) {
            return false;
        }
        for (Node n : scans) {
            switch (n.type()) {
                case "Index Scan", "Index Only Scan" -> {
                    if (!index.equals(n.json.getString("Index Name"))) {
                        return false;
                    }
                }
                case "Bitmap Heap Scan" -> {
                    List<Node> bitmaps = nodes(n.json).stream()
                            .filter(b -> b.type().equals("Bitmap Index Scan"))
                            .toList();
                    if (bitmaps.isEmpty()
                            || !bitmaps.stream()
                                    .allMatch(b -> index.equals(b.json.getString("Index Name"))
                                            && b.json.getString("Index Cond") != null)) {
                        return false;
                    }
                }
                default -> {
                    return false;
                }
            }
        }
        return true;
    }

    /** One index scan of the geography index ordered by the distance operator, and no sort below its limit. */
    private static boolean knnWalk(JsonObject plan) {
        List<Node> scans = stationScans(plan);
        if (scans.size() != 1) {
            return false;
        }
        Node scan = scans.get(0);
        Object order = scan.json.getValue("Order By");
        if (!scan.type().equals("Index Scan")
                || !"station_geog_idx".equals(scan.json.getString("Index Name"))
                || order == null
                || !order.toString().contains("<->")) {
            return false;
        }
        int limit = scan.above.lastIndexOf("Limit");
        return limit >= 0 && !scan.above.subList(limit, scan.above.size()).contains("Sort");
    }

    /** "Limit > Index Scan on station_geog_idx (Order By ...)" — enough to see what went wrong. */
    private static String summary(JsonObject plan) {
        StringBuilder sb = new StringBuilder();
        for (Node n : nodes(plan)) {
            if (sb.length() > 0) {
                sb.append(" > ");
            }
            sb.append(n.type());
            if (n.json.getString("Index Name") != null) {
                sb.append(" using ").append(n.json.getString("Index Name"));
            }
            if (n.json.getString("Relation Name") != null) {
                sb.append(" on ").append(n.json.getString("Relation Name"));
            }
        }
        return sb.toString();
    }
}
