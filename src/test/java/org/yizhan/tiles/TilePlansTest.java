package org.yizhan.tiles;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.yizhan.stations.StationFilter;
import org.yizhan.stations.StationFilterSql;
import org.yizhan.support.Api.Resp;
import org.yizhan.support.Fixtures;
import org.yizhan.support.PreparedPlans;
import org.yizhan.support.SyntheticStations;
import org.yizhan.support.TestApp;

/**
 * The plans of the tile statements, checked without timing anything (the house way of
 * {@code db/RequestPathPlansTest}, on a smaller fixture): 50,000 stations imported through the API with
 * no manual ANALYZE, each statement prepared on a connection with the server's own options and run six
 * times, then {@code EXPLAIN (FORMAT JSON) EXECUTE} shows the plan every further request gets.
 */
@DisplayName("Tile statements read stations through the geometry index at z14 and z4, for every filter combination")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TilePlansTest {

    private static final int STATIONS = 50_000;
    private static final int EXECUTIONS = 6;
    /** A stale cutoff as the routes bind it (whole hours, 180 days back). */
    private static final Instant CUTOFF =
            Instant.now().minus(Duration.ofDays(180)).truncatedTo(ChronoUnit.HOURS);

    private PreparedPlans plans;

    @BeforeAll
    void importStations() {
        TestApp.reset();
        Resp r = TestApp.api()
                .send(
                        HttpMethod.POST,
                        "/api/v1/stations/import",
                        "text/csv",
                        Buffer.buffer(SyntheticStations.csv(11, 0, STATIONS)),
                        Map.of("Authorization", "Bearer " + TestApp.ADMIN_TOKEN));
        assertEquals(
                200,
                r.status(),
                () -> r.toString().substring(0, Math.min(500, r.toString().length())));
        JsonArray regions = new JsonArray();
        for (int i = 0; i < 40; i++) {
            regions.add(Fixtures.rectangleRegion(
                    "r-" + i, "R" + i, "district", null, 121.0 + i * 0.02, 31.0, 121.02 + i * 0.02, 31.4));
        }
        assertEquals(
                200,
                TestApp.api()
                        .post("/api/v1/regions/import", Fixtures.collection(regions))
                        .status());
        plans = new PreparedPlans();
    }

    @AfterAll
    void close() {
        if (plans != null) {
            plans.close();
        }
        TestApp.reset();
    }

    @Test
    @DisplayName("station points at z14 use station_geom_idx for every filter shape")
    void pointsAtZ14() {
        checkEveryShape(14);
    }

    @Test
    @DisplayName("station clusters at z4 use station_geom_idx for every filter shape")
    void clustersAtZ4() {
        checkEveryShape(4);
    }

    @Test
    @DisplayName(
            "clusters at z6 aggregate the stations by hashing, never by sorting them (no mode(): it forces a sort, spilled at 400,000)")
    void clustersHashNotSort() {
        int z = 6;
        for (StationFilter f :
                List.of(StationFilter.NONE, PreparedPlans.everyFilterShape().get(1))) {
            JsonObject plan = plans.explain(
                    TileRepository.stationSql(f, z),
                    TileRepository.stationArgs(f, z, tileX(121.47, z), tileY(31.23, z), CUTOFF),
                    EXECUTIONS);
            List<JsonObject> nodes = PreparedPlans.nodes(plan);
            // A Sort is allowed above the aggregation (the window's, over a few hundred cells), never over the
            // stations.
            for (JsonObject sort : nodes.stream()
                    .filter(n -> "Sort".equals(n.getString("Node Type")))
                    .toList()) {
                assertTrue(!sortsStations(sort), "stations sorted: " + PreparedPlans.summary(plan));
            }
            assertTrue(
                    nodes.stream()
                            .anyMatch(n -> "Aggregate".equals(n.getString("Node Type"))
                                    && "Hashed".equals(n.getString("Strategy"))),
                    "no hashed aggregation: " + PreparedPlans.summary(plan));
            assertTrue(
                    PreparedPlans.readsOnlyThrough(plan, "station", "station_geom_idx"), PreparedPlans.summary(plan));
            assertTrue(!TileRepository.stationSql(f, z).contains("mode()"), "no ordered-set aggregate");
        }
    }

    @Test
    @DisplayName(
            "the z4 and z14 statements are different texts: clusters below zoom 13, points from it on; both bind the stale cutoff")
    void clusterAndPointStatements() {
        String z4 = TileRepository.stationSql(StationFilter.NONE, 4);
        String z14 = TileRepository.stationSql(StationFilter.NONE, 14);
        assertTrue(z4.contains("GROUP BY") && !z14.contains("GROUP BY"), "clusters group, points do not");
        String stale = StationFilterSql.staleExpression(4) + " AS stale";
        assertTrue(
                z4.contains(stale) && z14.contains(stale), "stale from the bound cutoff $4, not a value in the text");
        assertEquals(z4, TileRepository.stationSql(StationFilter.NONE, TileRepository.POINT_ZOOM - 1));
        assertEquals(z14, TileRepository.stationSql(StationFilter.NONE, TileRepository.POINT_ZOOM));
    }

    @Test
    @DisplayName("region tiles use region_geom_idx")
    void regions() {
        JsonObject plan =
                plans.explain(TileRepository.regionSql(), Tuple.of(12, tileX(121.4, 12), tileY(31.2, 12)), EXECUTIONS);
        assertTrue(PreparedPlans.readsOnlyThrough(plan, "region", "region_geom_idx"), PreparedPlans.summary(plan));
    }

    /** The node's rows come from the station table with no aggregation in between. */
    private static boolean sortsStations(JsonObject node) {
        JsonArray children = node.getJsonArray("Plans");
        for (int i = 0; children != null && i < children.size(); i++) {
            JsonObject c = children.getJsonObject(i);
            if ("station".equals(c.getString("Relation Name"))
                    || !"Aggregate".equals(c.getString("Node Type")) && sortsStations(c)) {
                return true;
            }
        }
        return false;
    }

    private void checkEveryShape(int z) {
        int x = tileX(121.47, z);
        int y = tileY(31.23, z);
        List<String> bad = new ArrayList<>();
        List<StationFilter> shapes = PreparedPlans.everyFilterShape();
        for (StationFilter f : shapes) {
            JsonObject plan = plans.explain(
                    TileRepository.stationSql(f, z), TileRepository.stationArgs(f, z, x, y, CUTOFF), EXECUTIONS);
            if (!PreparedPlans.readsOnlyThrough(plan, "station", "station_geom_idx")) {
                bad.add(f.toJson().encode() + "\n      " + PreparedPlans.summary(plan));
            }
        }
        assertTrue(
                bad.isEmpty(),
                "z" + z + ": " + bad.size() + " of " + shapes.size() + " filter shapes leave the index:\n  "
                        + String.join("\n  ", bad));
    }

    private static int tileX(double lon, int z) {
        return TileApiTest.tileX(lon, z);
    }

    private static int tileY(double lat, int z) {
        return TileApiTest.tileY(lat, z);
    }
}
