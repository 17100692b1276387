package org.yizhan.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.yizhan.routing.TravelTimeApiTest.BRIDGE_X;
import static org.yizhan.routing.TravelTimeApiTest.BUFFER_M;
import static org.yizhan.routing.TravelTimeApiTest.EBIKE_RESIDENTIAL;
import static org.yizhan.routing.TravelTimeApiTest.NORTH;
import static org.yizhan.routing.TravelTimeApiTest.SOUTH;
import static org.yizhan.routing.TravelTimeApiTest.m;
import static org.yizhan.routing.TravelTimeApiTest.polygon;
import static org.yizhan.support.ErrorAssertions.assertJsonError;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.yizhan.support.Api;
import org.yizhan.support.Api.Resp;
import org.yizhan.support.Fixtures;
import org.yizhan.support.TestApp;

/**
 * The grid, what-if and suggestions by travel time on the hand-made town of {@link TravelTimeApiTest}
 * (a river crossed by one bridge at 121.46° E; S on the south bank, B straight across on the north bank).
 */
@DisplayName("Grid, what-if and suggestions by travel time on the hand-made road network")
class TravelTimePlanningApiTest {

    private static final Map<String, String> PLANNING = Map.of("Authorization", "Bearer " + TestApp.ADMIN_TOKEN);
    private static final String BBOX = "121.44,31.19,121.47,31.22";
    private static final GeometryFactory GF = new GeometryFactory();

    private Api api;

    @BeforeEach
    void town() {
        api = TravelTimeApiTest.freshTown();
    }

    private long station(String name, double lon, double lat) {
        Resp r = api.post("/api/v1/stations", Fixtures.restStation(name, lon, lat));
        assertEquals(201, r.status(), r.toString());
        return r.json().getLong("id");
    }

    private void demand(String csv) {
        assertEquals(
                200,
                api.send(
                                HttpMethod.POST,
                                "/api/v1/demand/import?source=t",
                                "text/csv",
                                Buffer.buffer("lon,lat,weight\n" + csv),
                                PLANNING)
                        .status());
    }

    private JsonObject post(String path, JsonObject body) {
        Resp r = api.send(HttpMethod.POST, path, "application/json", body.toBuffer(), PLANNING);
        assertEquals(200, r.status(), r.toString());
        return r.json();
    }

    private static JsonObject byTime(int minutes) {
        return new JsonObject()
                .put("bbox", new JsonArray().add(121.44).add(31.19).add(121.47).add(31.22))
                .put("mode", "ebike")
                .put("minutes", minutes);
    }

    /** The minutes by which S does not reach B (TravelTimeApiTest's hand computation of the detour). */
    private static int under() {
        return TravelTimeApiTest.minutesShortOf(TravelTimeApiTest.ebikeSecondsSToB(), EBIKE_RESIDENTIAL);
    }

    /** The grid cell (a Feature) whose rectangle holds the point. */
    private static JsonObject cellAt(JsonObject grid, double lon, double lat) {
        for (Object o : grid.getJsonArray("features")) {
            JsonObject f = (JsonObject) o;
            if (polygon(f.getJsonObject("geometry").getJsonArray("coordinates"))
                    .covers(GF.createPoint(new Coordinate(lon, lat)))) {
                return f.getJsonObject("properties");
            }
        }
        throw new AssertionError("no cell holds " + lon + ", " + lat);
    }

    @Test
    @DisplayName(
            "grid by time across the river: B's cell is within 1 km by radius but not reached in time; every cell follows the isochrone")
    void gridByTimeAgainstRadius() {
        long s = station("S", 121.45, SOUTH);
        int under = under();
        Resp radius = api.get("/api/v1/coverage/grid?bbox=" + BBOX + "&cell_m=100&max_m=3000");
        assertEquals(200, radius.status(), radius.toString());
        assertTrue(cellAt(radius.json(), 121.45, NORTH).getDouble("nearest_m") < 1000, "B is 665 m from S");
        Resp r = api.get("/api/v1/coverage/grid?bbox=" + BBOX + "&cell_m=100&mode=ebike&minutes=" + under);
        assertEquals(200, r.status(), r.toString());
        JsonObject grid = r.json();
        assertEquals("ebike", grid.getString("mode"));
        assertEquals(under, grid.getInteger("minutes"));
        assertEquals(
                radius.json().getJsonArray("features").size(),
                grid.getJsonArray("features").size());
        assertFalse(cellAt(grid, 121.45, NORTH).getBoolean("covered"), "B is reached only by the bridge");
        assertTrue(cellAt(grid, 121.445, SOUTH).getBoolean("covered"), "A, 476 m along the bank, is");
        // With one station the covered area is its isochrone: each cell centre agrees (but within 1 m of its edge).
        Resp iso = api.get("/api/v1/stations/" + s + "/isochrone?mode=ebike&minutes=" + under);
        Geometry reach = polygon(iso.json().getJsonObject("geometry").getJsonArray("coordinates"));
        int covered = 0;
        for (Object o : grid.getJsonArray("features")) {
            JsonObject f = (JsonObject) o;
            Geometry cell = polygon(f.getJsonObject("geometry").getJsonArray("coordinates"));
            org.locationtech.jts.geom.Point c = cell.getEnvelope().getCentroid();
            if (reach.getBoundary().distance(c) < 1e-5) {
                continue;
            }
            boolean want = reach.covers(c);
            assertEquals(want, f.getJsonObject("properties").getBoolean("covered"), f.encode());
            covered += want ? 1 : 0;
        }
        assertTrue(covered > 20, "a real reach: " + covered + " cells");
    }

    @Test
    @DisplayName(
            "what-if adding a site on the far bank covers exactly that bank's demand reachable in time, as a station there would")
    void whatIfSiteOnTheFarBank() {
        station("S", 121.45, SOUTH);
        // A (3) on the south bank, B (7) on the north bank; C (11) 1 km from every road.
        demand("121.445," + SOUTH + ",3\n121.45," + NORTH + ",7\n121.468,31.215,11\n");
        int under = under();
        JsonObject w = post(
                "/api/v1/coverage/what-if", byTime(under).put("add", new JsonArray().add(Fixtures.pos(121.45, NORTH))));
        assertEquals(3.0, w.getJsonObject("before").getDouble("demand_covered"), w.encode());
        assertEquals(10.0, w.getJsonObject("after").getDouble("demand_covered"), "B, not C: " + w.encode());
        assertEquals(2, w.getJsonObject("after").getLong("stations_considered"));
        assertTrue(w.getJsonObject("after").getDouble("covered_km2")
                > w.getJsonObject("before").getDouble("covered_km2"));
        station("N", 121.45, NORTH);
        Resp r = api.get("/api/v1/coverage?bbox=" + BBOX + "&mode=ebike&minutes=" + under);
        assertEquals(200, r.status(), r.toString());
        assertEquals(
                r.json().getDouble("demand_covered"), w.getJsonObject("after").getDouble("demand_covered"));
        assertEquals(
                r.json().getDouble("covered_km2"),
                w.getJsonObject("after").getDouble("covered_km2"),
                0.002 * r.json().getDouble("covered_km2"),
                "the site reaches what a station there reaches");
    }

    @Test
    @DisplayName(
            "suggestions by time pick the north-bank vertex with the most demand first, and what-if with them agrees to the last digit")
    void suggestionsByTime() {
        station("S", 121.45, SOUTH);
        // B (7) at vertex B, W (5) at the north-west end: 952 m apart, each beyond 2 minutes' ride (600 m) and
        // the buffer from the other; S reaches neither (the bridge is 952 m east of it).
        assertTrue(m(121.44, NORTH, 121.45, NORTH) > 2 * 60 * EBIKE_RESIDENTIAL + 2 * BUFFER_M);
        assertTrue(m(121.45, SOUTH, BRIDGE_X, SOUTH) > 2 * 60 * EBIKE_RESIDENTIAL + BUFFER_M);
        demand("121.45," + NORTH + ",7\n121.44," + NORTH + ",5\n");
        JsonObject one = post("/api/v1/coverage/suggestions", byTime(2).put("count", 1));
        assertEquals(1, one.getJsonArray("features").size(), one.encode());
        assertEquals(
                new JsonArray().add(121.45).add(NORTH),
                one.getJsonArray("features")
                        .getJsonObject(0)
                        .getJsonObject("geometry")
                        .getJsonArray("coordinates"),
                "vertex B");
        assertEquals(
                7.0,
                one.getJsonArray("features")
                        .getJsonObject(0)
                        .getJsonObject("properties")
                        .getDouble("demand_added"));
        assertEquals("ebike", one.getString("mode"));
        JsonObject two = post("/api/v1/coverage/suggestions", byTime(2).put("count", 5));
        assertEquals(2, two.getJsonArray("features").size(), "no third site adds demand: " + two.encode());
        assertEquals(
                5.0,
                two.getJsonArray("features")
                        .getJsonObject(1)
                        .getJsonObject("properties")
                        .getDouble("demand_added"));
        for (JsonObject s : new JsonObject[] {one, two}) {
            JsonArray features = s.getJsonArray("features");
            for (int i = 0; i < features.size(); i++) {
                JsonObject firstI = s.copy()
                        .put("features", new JsonArray(features.getList().subList(0, i + 1)));
                JsonObject w = post("/api/v1/coverage/what-if", byTime(2).put("add", firstI));
                JsonObject p = features.getJsonObject(i).getJsonObject("properties");
                assertEquals(
                        s.getDouble("demand_covered_before"),
                        w.getJsonObject("before").getDouble("demand_covered"));
                assertEquals(
                        s.getDouble("covered_km2_before"),
                        w.getJsonObject("before").getDouble("covered_km2"));
                assertEquals(
                        p.getDouble("demand_covered_cumulative"),
                        w.getJsonObject("after").getDouble("demand_covered"));
                assertEquals(
                        p.getDouble("covered_km2_cumulative"),
                        w.getJsonObject("after").getDouble("covered_km2"));
                assertEquals(
                        p.getDouble("demand_share_cumulative"),
                        w.getJsonObject("after").getDouble("demand_share"));
            }
        }
    }

    @Test
    @DisplayName(
            "suggestions by time look past heavier demand far from every road: 1,250 cells of it, then B on the north bank")
    void suggestionsPastDemandOffTheNetwork() {
        station("S", 121.45, SOUTH);
        // 1,250 points of weight 9, each alone in its 500 m cell and 3.5 km or more from the town's roads:
        // more cells than the 400 heaviest the candidates were once drawn from. B (7) is on a road.
        StringBuilder csv = new StringBuilder("121.45," + NORTH + ",7\n");
        for (int i = 0; i < 50; i++) {
            for (int j = 0; j < 25; j++) {
                csv.append(
                        String.format(java.util.Locale.ROOT, "%.3f,%.3f,9%n", 121.10 + 0.006 * i, 31.02 + 0.006 * j));
            }
        }
        demand(csv.toString());
        JsonObject body = new JsonObject()
                .put("bbox", new JsonArray().add(121.09).add(31.01).add(121.47).add(31.22))
                .put("mode", "ebike")
                .put("minutes", 2)
                .put("count", 3);
        JsonObject s = post("/api/v1/coverage/suggestions", body);
        assertEquals(11257.0, s.getDouble("demand_total"), s.encode());
        assertEquals(1, s.getJsonArray("features").size(), "only B can be reached from a road: " + s.encode());
        JsonObject site = s.getJsonArray("features").getJsonObject(0);
        assertEquals(
                new JsonArray().add(121.45).add(NORTH),
                site.getJsonObject("geometry").getJsonArray("coordinates"));
        assertEquals(7.0, site.getJsonObject("properties").getDouble("demand_added"));
    }

    @Test
    @DisplayName(
            "suggestions by time pass over vertices the stations already reach: the heavy demand inside reached blocks cannot be covered, the far end of a long road can")
    void suggestionsPastReachedVertices() {
        // A 24 × 24 grid of 0.0025° blocks (238 m × 277 m) and one 12 km road east from its middle row.
        JsonObject none = new JsonObject();
        JsonArray roads = new JsonArray();
        double step = 0.0025;
        double west = 121.40;
        double south = 31.10;
        int n = 24;
        for (int k = 0; k <= n; k++) {
            roads.add(TravelTimeApiTest.road(
                    "residential", none, west, south + k * step, west + n * step, south + k * step));
            roads.add(TravelTimeApiTest.road(
                    "residential", none, west + k * step, south, west + k * step, south + n * step));
        }
        double mid = Math.round((south + n / 2 * step) * 1e6) / 1e6;
        double end = 121.59;
        roads.add(TravelTimeApiTest.road("residential", none, west + n * step, mid, end, mid));
        assertEquals(
                200,
                api.post("/api/v1/networks/import?name=grid", Fixtures.collection(roads))
                        .status());
        // From the centre, 30 minutes at 18 km/h (9 km) reach every road of the grid but not the road's end.
        station("C", west + n / 2 * step, mid);
        assertTrue(m(west + n / 2 * step, mid, end, mid) > 30 * 60 * EBIKE_RESIDENTIAL + 2 * BUFFER_M);
        // Weight 9 in every block's middle (more than 119 m from its roads: not covered, and no site can
        // cover it), 1 at the road's end.
        StringBuilder csv = new StringBuilder(end + "," + mid + ",1\n");
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                csv.append(String.format(
                        java.util.Locale.ROOT, "%.5f,%.5f,9%n", west + (i + 0.5) * step, south + (j + 0.5) * step));
            }
        }
        demand(csv.toString());
        JsonObject body = new JsonObject()
                .put("bbox", new JsonArray().add(121.39).add(31.09).add(121.60).add(31.17))
                .put("mode", "ebike")
                .put("minutes", 30)
                .put("count", 3);
        JsonObject s = post("/api/v1/coverage/suggestions", body);
        assertEquals(n * n * 9.0 + 1, s.getDouble("demand_total"), s.encode());
        assertEquals(0.0, s.getDouble("demand_covered_before"), "the blocks' middles are off the reach");
        assertEquals(1, s.getJsonArray("features").size(), "only the road's end can gain: " + s.encode());
        JsonObject site = s.getJsonArray("features").getJsonObject(0);
        assertEquals(
                new JsonArray().add(end).add(mid),
                site.getJsonObject("geometry").getJsonArray("coordinates"));
        assertEquals(1.0, site.getJsonObject("properties").getDouble("demand_added"));
    }

    private double unionLookups(String result) {
        Resp r = api.send(HttpMethod.GET, "/metrics", null, null, PLANNING);
        assertEquals(200, r.status(), r.toString());
        double v = org.yizhan.support.MetricsText.sample(
                r.body().toString(),
                "yizhan_cache_requests_total",
                "cache=\"routing_union\"",
                "result=\"" + result + "\"");
        return Double.isNaN(v) ? 0 : v;
    }

    private JsonObject coverageByTime(int minutes) {
        Resp r = api.get("/api/v1/coverage?bbox=" + BBOX + "&mode=ebike&minutes=" + minutes);
        assertEquals(200, r.status(), r.toString());
        return r.json();
    }

    @Test
    @DisplayName(
            "the stations' united reach is kept by where they start: a rename or a second station at a used vertex searches nothing, a new vertex searches again")
    void unionKeptByStarts() {
        long s = station("S", 121.45, SOUTH);
        int under = under();
        JsonObject first = coverageByTime(under);
        double hits = unionLookups("hit");
        double misses = unionLookups("miss");
        Resp renamed = api.admin(
                HttpMethod.PATCH,
                "/api/v1/stations/" + s,
                new JsonObject().put("properties", new JsonObject().put("name", "S2")),
                Map.of("If-Match", "\"1\""));
        assertEquals(200, renamed.status(), renamed.toString());
        JsonObject again = coverageByTime(under);
        assertFalse(again.getBoolean("cached"), "the data version moved: the answer is computed again");
        assertEquals(first.getDouble("covered_km2"), again.getDouble("covered_km2"));
        assertEquals(hits + 1, unionLookups("hit"), "the same start: the reach is reused");
        assertEquals(misses, unionLookups("miss"));
        // 20 m west of S: its nearest vertex is S's.
        station("S′", 121.4498, SOUTH);
        JsonObject twice = coverageByTime(under);
        assertEquals(2, twice.getLong("stations_considered"));
        assertEquals(first.getDouble("covered_km2"), twice.getDouble("covered_km2"));
        assertEquals(hits + 2, unionLookups("hit"));
        station("N", 121.45, NORTH);
        JsonObject more = coverageByTime(under);
        assertEquals(misses + 1, unionLookups("miss"), "a new start vertex: searched again");
        assertTrue(more.getDouble("covered_km2") > first.getDouble("covered_km2"), more.encode());
        assertEquals(3, more.getLong("stations_considered"));
    }

    @Test
    @DisplayName(
            "bad input by time: mode without minutes, minutes without mode, radius or max_m beside them 400 naming the field; a site far from roads 422")
    void badInput() {
        String grid = "/api/v1/coverage/grid?bbox=" + BBOX;
        assertJsonError(api.get(grid + "&mode=ebike"), "grid mode alone", 400, "invalid_parameter", "minutes");
        assertJsonError(api.get(grid + "&minutes=5"), "grid minutes alone", 400, "invalid_parameter", "mode");
        assertJsonError(
                api.get(grid + "&mode=ebike&minutes=5&max_m=900"), "grid max_m", 400, "invalid_parameter", "max_m");
        assertJsonError(api.get(grid + "&mode=ebike&minutes=61"), "grid minutes", 400, "invalid_parameter", "minutes");
        JsonObject noMinutes = byTime(5);
        noMinutes.remove("minutes");
        assertJsonError(
                api.send(
                        HttpMethod.POST,
                        "/api/v1/coverage/what-if",
                        "application/json",
                        noMinutes.toBuffer(),
                        PLANNING),
                "what-if mode alone",
                400,
                "invalid_parameter",
                "minutes");
        assertJsonError(
                api.send(
                        HttpMethod.POST,
                        "/api/v1/coverage/suggestions",
                        "application/json",
                        byTime(5).put("mode", "boat").toBuffer(),
                        PLANNING),
                "suggestions mode",
                400,
                "invalid_parameter",
                "mode");
        assertJsonError(
                api.send(
                        HttpMethod.POST,
                        "/api/v1/coverage/suggestions",
                        "application/json",
                        byTime(5).put("radius_m", 800).toBuffer(),
                        PLANNING),
                "suggestions radius",
                400,
                "invalid_parameter",
                "radius_m");
        assertJsonError(
                api.send(
                        HttpMethod.POST,
                        "/api/v1/coverage/what-if",
                        "application/json",
                        byTime(5)
                                .put(
                                        "add",
                                        new JsonArray()
                                                .add(Fixtures.pos(121.45, SOUTH))
                                                .add(Fixtures.pos(121.60, 31.30)))
                                .toBuffer(),
                        PLANNING),
                "far site",
                422,
                "no_network",
                "add");
    }
}
