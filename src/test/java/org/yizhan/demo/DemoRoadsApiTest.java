package org.yizhan.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.yizhan.routing.RoadGraph;
import org.yizhan.support.Api;
import org.yizhan.support.Api.Resp;
import org.yizhan.support.Fixtures;
import org.yizhan.support.TestApp;

@DisplayName("The demo's synthetic road network: a grid, a river crossed only at bridges")
class DemoRoadsApiTest {

    private static Api api;
    private static JsonObject imported;

    @BeforeAll
    static void importDemoRoads() {
        TestApp.reset();
        TestApp.await(TestApp.sql().query("TRUNCATE road_network CASCADE").execute());
        api = TestApp.api();
        Resp r = api.post("/api/v1/networks/import?name=" + DemoRoads.NAME + "&synthetic=true", DemoRoads.collection());
        assertEquals(200, r.status(), r.toString());
        imported = r.json();
    }

    @Test
    @DisplayName("every feature is accepted, and the only edges over the river are bridges")
    void riverCrossedOnlyByBridges() {
        RoadGraph.Result g = RoadGraph.fromGeoJson(DemoRoads.collection().toBuffer());
        assertEquals(0, g.rejected().size());
        int crossings = 0;
        for (RoadGraph.Edge e : g.edges()) {
            Coordinate[] c = e.coords();
            boolean crosses = Math.min(c[0].x, c[c.length - 1].x) < DemoRoads.RIVER_LON
                    && Math.max(c[0].x, c[c.length - 1].x) > DemoRoads.RIVER_LON;
            if (crosses) {
                assertTrue(e.layered(), "an edge over the river must be a bridge: " + e.highway() + " at " + c[0]);
                crossings++;
            }
        }
        // The centre's bridged rows, its east-west expressway and the suburbs' bridged rows on land.
        assertEquals(50 / DemoRoads.BRIDGE_EVERY + 1 + 1 + suburbanBridges(), crossings);
        assertEquals(g.edges().size(), imported.getInteger("edges"));
        assertTrue(imported.getBoolean("synthetic"));
    }

    /** Suburban rows (outside the centre's latitudes) on every 4th line whose crossing point is on the mainland. */
    private static int suburbanBridges() {
        org.locationtech.jts.geom.MultiPolygon land = ShanghaiDistricts.landOutline();
        Geometry mainland = land.getGeometryN(0);
        for (int i = 1; i < land.getNumGeometries(); i++) {
            if (land.getGeometryN(i).getArea() > mainland.getArea()) {
                mainland = land.getGeometryN(i);
            }
        }
        GeometryFactory gf = new GeometryFactory();
        int n = 0;
        for (int k = -100; k <= 100; k++) {
            double lat = DemoRoads.SOUTH + k * DemoRoads.SUBURB_STEP_DEG;
            if (Math.floorMod(k, DemoRoads.SUBURB_BRIDGE_EVERY) == 0
                    && (lat < DemoRoads.SOUTH - 1e-9 || lat > DemoRoads.NORTH + 1e-9)
                    && mainland.covers(gf.createPoint(new Coordinate(DemoRoads.RIVER_LON, lat)))) {
                n++;
            }
        }
        return n;
    }

    @Test
    @DisplayName("the suburbs meet the centre at its vertices: the mainland's roads are one connected network")
    void oneNetwork() {
        RoadGraph.Result g = RoadGraph.fromGeoJson(DemoRoads.collection().toBuffer());
        java.util.Map<Long, Long> parent = new java.util.HashMap<>();
        for (RoadGraph.Edge e : g.edges()) {
            long a = root(parent, e.source());
            long b = root(parent, e.target());
            if (a != b) {
                parent.put(a, b);
            }
        }
        java.util.Set<Long> roots = new java.util.HashSet<>();
        for (RoadGraph.Edge e : g.edges()) {
            roots.add(root(parent, e.source()));
        }
        assertEquals(1, roots.size(), "connected parts");
        // The suburbs more than double the centre's 0.36° × 0.30°.
        org.locationtech.jts.geom.Envelope all = new org.locationtech.jts.geom.Envelope();
        g.vertices().forEach(all::expandToInclude);
        assertTrue(all.getWidth() > 0.9 && all.getHeight() > 0.7, all.toString());
    }

    /** The root of {@code v}'s part (union–find; every path walked is pointed at the root). */
    private static long root(java.util.Map<Long, Long> parent, long v) {
        long r = v;
        while (parent.containsKey(r)) {
            r = parent.get(r);
        }
        for (long x = v; x != r; ) {
            long next = parent.get(x);
            parent.put(x, r);
            x = next;
        }
        return r;
    }

    @Test
    @DisplayName(
            "from Lujiazui's bank, the vertex 570 m across the water is out of a 10-minute e-bike reach: the bridges are 2.7 km away")
    void acrossTheRiver() {
        Resp c = api.post("/api/v1/stations", Fixtures.restStation("浦东滨江驿站", 121.492, 31.228));
        assertEquals(201, c.status(), c.toString());
        long id = c.json().getLong("id");
        long t0 = System.nanoTime();
        Resp r = api.get("/api/v1/stations/" + id + "/isochrone?mode=ebike&minutes=10");
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertEquals(200, r.status(), r.toString());
        Geometry g = polygon(r.json().getJsonObject("geometry").getJsonArray("coordinates"));
        GeometryFactory gf = new GeometryFactory();
        assertFalse(g.covers(gf.createPoint(new Coordinate(121.486, 31.228))), "across the river");
        // Along the east bank, 10 min at 20 km/h on the arterial is 3.3 km: 2.7 km north is reached.
        assertTrue(
                g.covers(gf.createPoint(new Coordinate(121.492, 31.252))),
                "up the bank to the bridge: " + r.json().getJsonObject("properties") + " " + g.getEnvelopeInternal());
        assertEquals(0.0, r.json().getJsonObject("properties").getDouble("snap_m"));
        assertTrue(ms < 5_000, "an isochrone on the demo network took " + ms + " ms");
    }

    @Test
    @DisplayName("coverage by a 15-minute e-bike ride over 25 stations answers, and less than the 1.5 km circles")
    void coverageByTime() {
        for (int i = 0; i < 5; i++) {
            for (int j = 0; j < 5; j++) {
                assertEquals(
                        201,
                        api.post(
                                        "/api/v1/stations",
                                        Fixtures.restStation("驿站" + i + "-" + j, 121.45 + 0.012 * i, 31.20 + 0.012 * j))
                                .status());
            }
        }
        String box = "/api/v1/coverage?bbox=121.44,31.19,121.52,31.27";
        long t0 = System.nanoTime();
        Resp time = api.get(box + "&mode=ebike&minutes=15");
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertEquals(200, time.status(), time.toString());
        Resp radius = api.get(box + "&radius_m=1500");
        assertTrue(time.json().getLong("stations_considered") >= 25, time.toString());
        assertTrue(time.json().getDouble("covered_km2") < radius.json().getDouble("covered_km2") + 1e-9);
        assertTrue(ms < 15_000, "coverage by time over 25+ stations took " + ms + " ms");
    }

    private static Geometry polygon(JsonArray rings) {
        GeometryFactory gf = new GeometryFactory();
        JsonArray ring = rings.getJsonArray(0);
        Coordinate[] cs = new Coordinate[ring.size()];
        for (int k = 0; k < ring.size(); k++) {
            cs[k] = new Coordinate(
                    ring.getJsonArray(k).getDouble(0), ring.getJsonArray(k).getDouble(1));
        }
        return gf.createPolygon(cs);
    }
}
