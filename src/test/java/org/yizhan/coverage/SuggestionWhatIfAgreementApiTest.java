package org.yizhan.coverage;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.yizhan.support.Api;
import org.yizhan.support.Api.Resp;
import org.yizhan.support.Fixtures;
import org.yizhan.support.TestApp;

/**
 * A city of three districts that straddles the 120° E line between UTM zones 50 and 51 (so its west lies
 * far from the projection's central meridian, 123° E), with demand placed on the edge of a 1 km site in
 * the projection: at the middle of an edge of the 32-gon just inside 1 km, and towards a vertex just
 * beyond it — the points where a true circle and the coverage polygon disagree.
 */
@DisplayName("Suggestions and what-if are one computation: posted back, suggested sites add exactly what was said")
class SuggestionWhatIfAgreementApiTest {
    /** Suggestions, what-if and CSV exports need a planner or admin token (docs/accounts.md). */
    private static final Map<String, String> PLANNING = Map.of("Authorization", "Bearer " + TestApp.ADMIN_TOKEN);

    private static final String CITY = "330100";
    private static final double RADIUS = 1_000;
    /** Default candidates are centres of grid cells of side radius / 4 (Suggester.defaultCandidates). */
    private static final double CELL = RADIUS / 4;
    /** Cluster centres (lon, lat), west to east across the zone line, and their heavy weights. */
    private static final double[][] CLUSTERS = {
        {119.70, 30.30}, {120.10, 30.40}, {120.50, 30.20}, {119.85, 30.10}, {120.60, 30.50}
    };

    private static final double[] HEAVY = {100, 90, 80, 70, 60};
    /** Two points per cluster 999.5 m away at the middle of an edge (inside a circle, outside the polygon). */
    private static final double EDGE_WEIGHT = 2;
    /** Two points per cluster 1,001.5 m away towards a vertex (outside a circle, inside the polygon). */
    private static final double VERTEX_WEIGHT = 3;

    private Api api;
    private int srid;
    /** The cluster centres as the suggester's cell centres, projected. */
    private final List<double[]> centres = new ArrayList<>();

    @BeforeEach
    void city() {
        TestApp.reset();
        api = TestApp.api();
        JsonArray regions = new JsonArray()
                .add(Fixtures.rectangleRegion(CITY, "杭州市（测试）", "city", null, 119.50, 30.00, 120.70, 30.60))
                .add(Fixtures.rectangleRegion("330101", "西区", "district", CITY, 119.50, 30.00, 119.95, 30.60))
                .add(Fixtures.rectangleRegion("330102", "中区", "district", CITY, 119.95, 30.00, 120.30, 30.60))
                .add(Fixtures.rectangleRegion("330103", "东区", "district", CITY, 120.30, 30.00, 120.70, 30.60));
        Resp r = api.post("/api/v1/regions/import", Fixtures.collection(regions));
        assertEquals(200, r.status(), r.toString());
        srid = (int) TestApp.count("SELECT utm_srid(geom) FROM region WHERE code = '" + CITY + "'");
        assertEquals(32651, srid, "the city's centroid lies in zone 51; its west in zone 50");

        // One station with demand of its own, so that there is coverage before.
        assertEquals(
                201,
                api.post("/api/v1/stations", Fixtures.restStation("已有", 120.20, 30.30))
                        .status());
        StringBuilder csv = new StringBuilder("lon,lat,weight\n120.2001,30.3001,5\n");
        for (int c = 0; c < CLUSTERS.length; c++) {
            double[] p = utm(CLUSTERS[c][0], CLUSTERS[c][1]);
            double[] centre = {(Math.floor(p[0] / CELL) + 0.5) * CELL, (Math.floor(p[1] / CELL) + 0.5) * CELL};
            centres.add(centre);
            csv.append(demandLine(centre[0], centre[1], HEAVY[c]));
            for (double vertex : new double[] {90, 270}) {
                double a = Math.toRadians(vertex);
                csv.append(demandLine(
                        centre[0] + 1_001.5 * Math.cos(a), centre[1] + 1_001.5 * Math.sin(a), VERTEX_WEIGHT));
            }
            for (double edgeMiddle : new double[] {5.625, 185.625}) {
                double a = Math.toRadians(edgeMiddle);
                csv.append(demandLine(centre[0] + 999.5 * Math.cos(a), centre[1] + 999.5 * Math.sin(a), EDGE_WEIGHT));
            }
        }
        Resp d = api.send(
                HttpMethod.POST,
                "/api/v1/demand/import?source=test",
                "text/csv",
                Buffer.buffer(csv.toString()),
                Map.of("Authorization", "Bearer " + TestApp.ADMIN_TOKEN));
        assertEquals(200, d.status(), d.toString());
    }

    @Test
    @DisplayName(
            "count 1 and count 5: what-if with the first i sites posted back reports each site's cumulative demand and area exactly")
    void whatIfReportsWhatSuggestionsSaid() {
        JsonObject one = suggest(1);
        assertEquals(1, one.getJsonArray("features").size());
        // The site covers its heavy point and the two points towards vertices, not those at edge middles.
        assertEquals(HEAVY[0] + 2 * VERTEX_WEIGHT, properties(one, 0).getDouble("demand_added"), one.encodePrettily());
        checkAgainstWhatIf(one);

        JsonObject five = suggest(5);
        assertEquals(5, five.getJsonArray("features").size());
        assertEquals(
                one.getJsonArray("features").getJsonObject(0).getJsonObject("geometry"),
                five.getJsonArray("features").getJsonObject(0).getJsonObject("geometry"),
                "the same first site");
        checkAgainstWhatIf(five);

        JsonObject all = whatIf(five);
        double added = five.getJsonArray("features").stream()
                .mapToDouble(f -> ((JsonObject) f).getJsonObject("properties").getDouble("demand_added"))
                .sum();
        assertEquals(
                added,
                all.getJsonObject("after").getDouble("demand_covered")
                        - all.getJsonObject("before").getDouble("demand_covered"),
                "the five sites together");
        double expected = 0;
        for (double h : HEAVY) {
            expected += h + 2 * VERTEX_WEIGHT;
        }
        assertEquals(expected, added, "each site covers its cluster's heavy and vertex-side points");
    }

    @Test
    @DisplayName("a what-if site covers exactly the demand a station at the same place covers, and the same area")
    void siteCoversWhatAStationCovers() {
        double[] c = wgs84(centres.get(0)[0], centres.get(0)[1]);
        JsonObject withSite =
                whatIf(new JsonArray().add(Fixtures.pos(c[0], c[1]))).getJsonObject("after");
        assertEquals(
                201,
                api.post("/api/v1/stations", Fixtures.restStation("新站", c[0], c[1]))
                        .status());
        Resp r = api.get("/api/v1/coverage?region=" + CITY + "&radius_m=" + RADIUS);
        assertEquals(200, r.status(), r.toString());
        JsonObject withStation = r.json();
        assertEquals(withStation.getDouble("demand_covered"), withSite.getDouble("demand_covered"));
        assertEquals(5 + HEAVY[0] + 2 * VERTEX_WEIGHT, withSite.getDouble("demand_covered"));
        assertEquals(
                withStation.getDouble("covered_km2"),
                withSite.getDouble("covered_km2"),
                2e-4,
                "PostGIS's polygon and the site's polygon are one shape");
        assertEquals(withStation.getLong("stations_considered"), withSite.getLong("stations_considered"));
    }

    /** For each rank i, what-if with sites 1..i posted as they came back gives the i-th cumulative figures. */
    private void checkAgainstWhatIf(JsonObject suggestions) {
        JsonArray features = suggestions.getJsonArray("features");
        double demandBefore = suggestions.getDouble("demand_covered_before");
        double areaBefore = suggestions.getDouble("covered_km2_before");
        for (int i = 0; i < features.size(); i++) {
            JsonObject firstI = suggestions
                    .copy()
                    .put("features", new JsonArray(features.getList().subList(0, i + 1)));
            JsonObject w = whatIf(firstI);
            JsonObject before = w.getJsonObject("before");
            JsonObject after = w.getJsonObject("after");
            JsonObject p = properties(suggestions, i);
            String where = "rank " + (i + 1) + " of " + features.size();
            assertEquals(suggestions.getDouble("demand_covered_before"), before.getDouble("demand_covered"), where);
            assertEquals(suggestions.getDouble("covered_km2_before"), before.getDouble("covered_km2"), where);
            assertEquals(p.getDouble("demand_covered_cumulative"), after.getDouble("demand_covered"), where);
            assertEquals(p.getDouble("covered_km2_cumulative"), after.getDouble("covered_km2"), where);
            assertEquals(p.getDouble("demand_added"), after.getDouble("demand_covered") - demandBefore, where);
            assertEquals(p.getDouble("area_added_km2"), round4(after.getDouble("covered_km2") - areaBefore), where);
            assertEquals(p.getDouble("demand_share_cumulative"), after.getDouble("demand_share"), where);
            demandBefore = after.getDouble("demand_covered");
            areaBefore = after.getDouble("covered_km2");
        }
    }

    private JsonObject suggest(int count) {
        JsonObject body =
                new JsonObject().put("region", CITY).put("radius_m", RADIUS).put("count", count);
        Resp r = api.send(
                HttpMethod.POST, "/api/v1/coverage/suggestions", "application/json", body.toBuffer(), PLANNING);
        assertEquals(200, r.status(), r.toString());
        return r.json();
    }

    private JsonObject whatIf(Object add) {
        JsonObject body =
                new JsonObject().put("region", CITY).put("radius_m", RADIUS).put("add", add);
        Resp r = api.send(HttpMethod.POST, "/api/v1/coverage/what-if", "application/json", body.toBuffer(), PLANNING);
        assertEquals(200, r.status(), r.toString());
        return r.json();
    }

    private static JsonObject properties(JsonObject fc, int i) {
        return fc.getJsonArray("features").getJsonObject(i).getJsonObject("properties");
    }

    private static double round4(double v) {
        return Math.round(v * 1e4) / 1e4;
    }

    private String demandLine(double x, double y, double weight) {
        double[] p = wgs84(x, y);
        return p[0] + "," + p[1] + "," + weight + "\n";
    }

    /** Projects with PostGIS into the city's zone, as the server does. */
    private double[] utm(double lon, double lat) {
        return transform(
                "SELECT ST_X(p), ST_Y(p) FROM (SELECT ST_Transform(ST_SetSRID(ST_MakePoint($1, $2), 4326), $3::int) AS p) q",
                lon,
                lat);
    }

    private double[] wgs84(double x, double y) {
        return transform(
                "SELECT ST_X(p), ST_Y(p) FROM (SELECT ST_Transform(ST_SetSRID(ST_MakePoint($1, $2), $3::int), 4326) AS p) q",
                x,
                y);
    }

    private double[] transform(String sql, double a, double b) {
        Row row = TestApp.await(TestApp.sql().preparedQuery(sql).execute(Tuple.of(a, b, srid)))
                .iterator()
                .next();
        return new double[] {row.getDouble(0), row.getDouble(1)};
    }
}
