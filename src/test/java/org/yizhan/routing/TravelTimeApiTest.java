package org.yizhan.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.yizhan.support.ErrorAssertions.assertJsonError;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import net.sf.geographiclib.Geodesic;
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
 * A hand-made town where every answer is worked out here by hand (Dijkstra on a few edges, geodesic
 * lengths, the speeds of docs/routing.md):
 *
 * <pre>
 *   N-W ------ B --------- N-bridge -------- N-E        north bank road, residential, y = 31.206
 *                           |  (bridge, secondary)
 *        T ==towpath (footway, y = 31.203)==|======     passes under the bridge: not joined to it
 *                           |
 *   V1 ------ S ---------- S-bridge -------- E ==motorway== X     south bank road, residential, y = 31.200
 *   |  one-way south (residential)
 *   P
 * </pre>
 */
@DisplayName("Travel-time isochrones and coverage on a hand-made road network")
class TravelTimeApiTest {

    static final double SOUTH = 31.200;
    static final double NORTH = 31.206;
    static final double TOW = 31.203;
    static final double BRIDGE_X = 121.46;

    /** km/h from docs/routing.md, as m/s. */
    static final double EBIKE_RESIDENTIAL = 18 / 3.6;

    static final double EBIKE_SECONDARY = 20 / 3.6;
    static final double WALK = 5 / 3.6;
    static final double CAR_MOTORWAY = 80 / 3.6;
    /** Reached roads count this far either side (RoutingRepository.ROAD_BUFFER_M). */
    static final double BUFFER_M = 100;

    private Api api;

    @BeforeEach
    void town() {
        api = freshTown();
    }

    /** Empties stations, demand and networks and imports {@link #town} with its bridge as "town". */
    static Api freshTown() {
        TestApp.reset();
        TestApp.await(TestApp.sql().query("TRUNCATE road_network CASCADE").execute());
        Api api = TestApp.api();
        Resp r = api.post("/api/v1/networks/import?name=town", town(true));
        assertEquals(200, r.status(), r.toString());
        return api;
    }

    static JsonObject road(String highway, JsonObject extra, double... lonLat) {
        JsonArray cs = new JsonArray();
        for (int i = 0; i < lonLat.length; i += 2) {
            cs.add(Fixtures.pos(lonLat[i], lonLat[i + 1]));
        }
        return new JsonObject()
                .put("type", "Feature")
                .put("geometry", new JsonObject().put("type", "LineString").put("coordinates", cs))
                .put("properties", new JsonObject().put("highway", highway).mergeIn(extra));
    }

    static JsonObject town(boolean withBridge) {
        JsonObject none = new JsonObject();
        JsonArray f = new JsonArray()
                // The south road as two features meeting at S; the north road as two meeting at B (across
                // from S), and the bridge nodes the east one in its middle.
                .add(road("residential", none, 121.44, SOUTH, 121.45, SOUTH))
                .add(road("residential", none, 121.45, SOUTH, 121.47, SOUTH))
                .add(road("residential", none, 121.44, NORTH, 121.45, NORTH))
                .add(road("residential", none, 121.45, NORTH, 121.47, NORTH))
                .add(road("footway", none, 121.455, TOW, 121.465, TOW))
                .add(road("residential", new JsonObject().put("oneway", "yes"), 121.44, SOUTH, 121.44, 31.196))
                .add(road("motorway", none, 121.47, SOUTH, 121.50, SOUTH));
        if (withBridge) {
            f.add(road("secondary", new JsonObject().put("bridge", "yes"), BRIDGE_X, SOUTH, BRIDGE_X, NORTH));
        }
        return Fixtures.collection(f);
    }

    private Resp importNetwork(String name, JsonObject fc) {
        return api.post("/api/v1/networks/import?name=" + name, fc);
    }

    private long station(String name, double lon, double lat) {
        Resp r = api.post("/api/v1/stations", Fixtures.restStation(name, lon, lat));
        assertEquals(201, r.status(), r.toString());
        return r.json().getLong("id");
    }

    private Geometry isochrone(long id, String mode, int minutes) {
        Resp r = api.get("/api/v1/stations/" + id + "/isochrone?mode=" + mode + "&minutes=" + minutes);
        assertEquals(200, r.status(), r.toString());
        JsonObject geometry = r.json().getJsonObject("geometry");
        assertEquals("Polygon", geometry.getString("type"), r.toString());
        return polygon(geometry.getJsonArray("coordinates"));
    }

    static Geometry polygon(JsonArray rings) {
        GeometryFactory gf = new GeometryFactory();
        org.locationtech.jts.geom.LinearRing[] rs = new org.locationtech.jts.geom.LinearRing[rings.size()];
        for (int i = 0; i < rings.size(); i++) {
            JsonArray ring = rings.getJsonArray(i);
            Coordinate[] cs = new Coordinate[ring.size()];
            for (int k = 0; k < ring.size(); k++) {
                cs[k] = new Coordinate(
                        ring.getJsonArray(k).getDouble(0), ring.getJsonArray(k).getDouble(1));
            }
            rs[i] = gf.createLinearRing(cs);
        }
        return gf.createPolygon(rs[0], java.util.Arrays.copyOfRange(rs, 1, rs.length));
    }

    /** Whole minutes surely short of {@code seconds}: the end of the reach stays two buffer widths away. */
    static int minutesShortOf(double seconds, double speed) {
        return (int) Math.floor((seconds - 2 * BUFFER_M / speed) / 60);
    }

    private static boolean covers(Geometry g, double lon, double lat) {
        return g.covers(new GeometryFactory().createPoint(new Coordinate(lon, lat)));
    }

    static double m(double lon1, double lat1, double lon2, double lat2) {
        return Geodesic.WGS84.Inverse(lat1, lon1, lat2, lon2).s12;
    }

    /** By hand: S east to the bridge, over it, west along the north bank to B (straight across from S). */
    static double ebikeSecondsSToB() {
        return m(121.45, SOUTH, BRIDGE_X, SOUTH) / EBIKE_RESIDENTIAL
                + m(BRIDGE_X, SOUTH, BRIDGE_X, NORTH) / EBIKE_SECONDARY
                + m(BRIDGE_X, NORTH, 121.45, NORTH) / EBIKE_RESIDENTIAL;
    }

    @Test
    @DisplayName(
            "across the river only the bridge counts: B, 665 m north of S, is reached exactly when the detour fits the time")
    void riverCrossedAtTheBridge() {
        long s = station("S", 121.45, SOUTH);
        double t = ebikeSecondsSToB();
        int under = minutesShortOf(t, EBIKE_RESIDENTIAL);
        int over = (int) Math.ceil(t / 60);
        assertTrue(under >= 1 && over <= 60 && over - under >= 2, "the hand-made town must separate the cases: " + t);
        assertFalse(covers(isochrone(s, "ebike", under), 121.45, NORTH), under + " min < " + t + " s");
        assertTrue(covers(isochrone(s, "ebike", over), 121.45, NORTH), over + " min >= " + t + " s");
        // Along the south bank the same minutes go far: V1, 952 m west of S, takes 190 s.
        assertTrue(covers(isochrone(s, "ebike", under), 121.44, SOUTH));
    }

    @Test
    @DisplayName("straight-line coverage exceeds travel-time coverage by exactly the demand across the river")
    void coverageByTimeAgainstRadius() {
        station("S", 121.45, SOUTH);
        StringBuilder csv = new StringBuilder("lon,lat,weight\n")
                .append("121.445,")
                .append(SOUTH)
                .append(",3\n") // A: 476 m west of S, 95 s by e-bike
                .append("121.45,")
                .append(NORTH)
                .append(",7\n") // B: across the river, 665 m straight
                .append("121.468,31.215,11\n"); // C: out of reach of both
        assertEquals(
                200,
                api.send(
                                HttpMethod.POST,
                                "/api/v1/demand/import?source=t",
                                "text/csv",
                                Buffer.buffer(csv.toString()),
                                Map.of("Authorization", "Bearer " + TestApp.ADMIN_TOKEN))
                        .status());
        String bbox = "bbox=121.44,31.19,121.47,31.22";
        JsonObject radius =
                api.get("/api/v1/coverage?" + bbox + "&radius_m=1000").json();
        int under = minutesShortOf(ebikeSecondsSToB(), EBIKE_RESIDENTIAL);
        Resp r = api.get("/api/v1/coverage?" + bbox + "&mode=ebike&minutes=" + under);
        assertEquals(200, r.status(), r.toString());
        JsonObject time = r.json();
        assertEquals(10.0, radius.getDouble("demand_covered"), radius.toString());
        assertEquals(3.0, time.getDouble("demand_covered"), time.toString());
        assertEquals("ebike", time.getString("mode"));
        assertEquals(under, time.getInteger("minutes"));
        assertEquals(1, time.getLong("stations_considered"));
        // The reached roads 100 m either side: at most their length times 200 m plus round ends. By hand for
        // these minutes: the south road V1..E (2 x 952 m), the one-way (444 m), the bridge (665 m) and the
        // north road as far as the time left after the bridge goes, each way.
        double t = under * 60.0;
        double atBridgeTop = m(121.45, SOUTH, BRIDGE_X, SOUTH) / EBIKE_RESIDENTIAL
                + m(BRIDGE_X, SOUTH, BRIDGE_X, NORTH) / EBIKE_SECONDARY;
        double roadsM = 2 * m(121.44, SOUTH, 121.45, SOUTH)
                + m(121.44, SOUTH, 121.44, 31.196)
                + m(BRIDGE_X, SOUTH, BRIDGE_X, NORTH)
                + 2 * (t - atBridgeTop) * EBIKE_RESIDENTIAL;
        double most = (roadsM * 2 * BUFFER_M + 6 * Math.PI * BUFFER_M * BUFFER_M) / 1e6;
        double covered = time.getDouble("covered_km2");
        assertTrue(covered < radius.getDouble("covered_km2"), time + " vs " + radius);
        assertTrue(covered > 0.75 * most && covered <= most, covered + " km2 vs at most " + most);
    }

    @Test
    @DisplayName("a one-way street is ridden only its way; walkers use it both ways")
    void oneWay() {
        long p = station("P", 121.44, 31.196);
        double toV1 = m(121.44, 31.196, 121.44, SOUTH);
        assertTrue(toV1 / WALK < 10 * 60 && toV1 / EBIKE_RESIDENTIAL > 0);
        Geometry ebike = isochrone(p, "ebike", 5);
        assertFalse(covers(ebike, 121.44, 31.1985), "the one-way leads away from P only southwards; P is its end");
        assertFalse(covers(ebike, 121.44, SOUTH));
        Geometry walk = isochrone(p, "walk", 10);
        assertTrue(covers(walk, 121.44, 31.1985));
        assertTrue(covers(walk, 121.44, SOUTH), "walking " + toV1 + " m takes " + toV1 / WALK + " s");
    }

    @Test
    @DisplayName("e-bikes may not use the motorway; cars cover its length in minutes")
    void modeMayNotUseRoad() {
        long e = station("E", 121.47, SOUTH);
        double d = m(121.47, SOUTH, 121.49, SOUTH);
        assertTrue(d / CAR_MOTORWAY < 5 * 60);
        assertTrue(covers(isochrone(e, "car", 5), 121.49, SOUTH));
        assertFalse(covers(isochrone(e, "ebike", 15), 121.49, SOUTH));
    }

    @Test
    @DisplayName("a road passing under a bridge is not joined to it")
    void bridgeNotNodedWithTheRoadBelow() {
        long t = station("T", 121.455, TOW);
        // If the towpath met the bridge, the north end would be 476 + 333 m away: 583 s on foot.
        double wrong = (m(121.455, TOW, BRIDGE_X, TOW) + m(BRIDGE_X, TOW, BRIDGE_X, NORTH)) / WALK;
        assertTrue(wrong < 10 * 60, "the town must make the mistake visible: " + wrong);
        Geometry walk = isochrone(t, "walk", 10);
        assertFalse(covers(walk, BRIDGE_X, NORTH));
        assertTrue(covers(walk, BRIDGE_X, TOW), "the towpath itself is walked");
    }

    @Test
    @DisplayName(
            "a station far from every network answers 422 no_network; an unknown station 404; bad mode or minutes 400")
    void errors() {
        long u = station("U", 121.60, 31.30);
        assertJsonError(
                api.get("/api/v1/stations/" + u + "/isochrone?mode=ebike&minutes=15"),
                "unconnected",
                422,
                "no_network",
                "id");
        assertJsonError(
                api.get("/api/v1/stations/999999/isochrone?mode=ebike&minutes=15"), "unknown", 404, "not_found", null);
        long s = station("S", 121.45, SOUTH);
        assertJsonError(
                api.get("/api/v1/stations/" + s + "/isochrone?mode=plane&minutes=15"),
                "mode",
                400,
                "invalid_parameter",
                "mode");
        assertJsonError(
                api.get("/api/v1/stations/" + s + "/isochrone?mode=ebike&minutes=61"),
                "minutes",
                400,
                "invalid_parameter",
                "minutes");
        assertJsonError(
                api.get("/api/v1/stations/" + s + "/isochrone?mode=ebike&minutes=0"),
                "minutes",
                400,
                "invalid_parameter",
                "minutes");
        assertJsonError(
                api.get("/api/v1/stations/" + s + "/isochrone?mode=ebike"),
                "no minutes",
                400,
                "invalid_parameter",
                "minutes");
        assertJsonError(
                api.get("/api/v1/coverage?bbox=121.44,31.19,121.47,31.22&mode=ebike&minutes=15&radius_m=900"),
                "both",
                400,
                "invalid_parameter",
                "radius_m");
        assertJsonError(
                api.get("/api/v1/coverage?bbox=121.44,31.19,121.47,31.22&mode=boat&minutes=15"),
                "coverage mode",
                400,
                "invalid_parameter",
                "mode");
    }

    @Test
    @DisplayName("an import with a bad row answers 422 listing it and leaves the network as it was")
    void badImportWritesNothing() {
        long s = station("S", 121.45, SOUTH);
        JsonObject fc = town(false);
        fc.getJsonArray("features")
                .add(road("runway", new JsonObject(), 121.0, 31.0, 121.1, 31.0))
                .add(road("primary", new JsonObject().put("oneway", "sometimes"), 121.0, 31.0, 121.1, 31.0));
        Resp r = importNetwork("town", fc);
        assertEquals(422, r.status(), r.toString());
        assertEquals("invalid_rows", r.json().getJsonObject("error").getString("code"));
        assertEquals("highway", r.json().getJsonObject("error").getString("field"));
        assertEquals(2, r.json().getJsonArray("rejected").size(), r.toString());
        assertEquals(
                "oneway", r.json().getJsonArray("rejected").getJsonObject(1).getString("field"));
        assertTrue(covers(isochrone(s, "ebike", 9), 121.45, NORTH), "the bridge is still there");
        assertJsonError(importNetwork("bad%21name", town(true)), "name", 400, "invalid_parameter", "name");
        assertJsonError(
                api.send(
                        HttpMethod.POST,
                        "/api/v1/networks/import?name=x",
                        "application/json",
                        Buffer.buffer("{}"),
                        Map.of()),
                "no token",
                401,
                "unauthorized",
                "Authorization");
    }

    @Test
    @DisplayName("a network replaced while answers are cached: isochrone and coverage follow the new graph at once")
    void replacedWhileCached() {
        long s = station("S", 121.45, SOUTH);
        String cov = "/api/v1/coverage?bbox=121.44,31.19,121.47,31.22&mode=ebike&minutes=9";
        assertTrue(covers(isochrone(s, "ebike", 9), 121.45, NORTH));
        double before = api.get(cov).json().getDouble("covered_km2");
        assertTrue(api.get(cov).json().getBoolean("cached"), "the second ask is served from the cache");
        Resp r = importNetwork("town", town(false));
        assertEquals(200, r.status(), r.toString());
        assertFalse(covers(isochrone(s, "ebike", 9), 121.45, NORTH), "the bridge is gone");
        double after = api.get(cov).json().getDouble("covered_km2");
        assertTrue(after < before, after + " < " + before);
    }

    @Test
    @DisplayName(
            "coverage by time is the union of the stations' isochrones (one multi-source search gives the same area)")
    void coverageIsTheUnionOfIsochrones() {
        long[] ids = {station("S", 121.45, SOUTH), station("E", 121.47, SOUTH), station("N", 121.45, NORTH)};
        String bbox = "121.44,31.195,121.47,31.21";
        for (String mode : new String[] {"ebike", "walk"}) {
            int minutes = "walk".equals(mode) ? 8 : 2;
            JsonArray isochrones = new JsonArray();
            for (long id : ids) {
                Resp r = api.get("/api/v1/stations/" + id + "/isochrone?mode=" + mode + "&minutes=" + minutes);
                assertEquals(200, r.status(), r.toString());
                isochrones.add(r.json().getJsonObject("geometry").encode());
            }
            double union = TestApp.await(
                            TestApp.sql().preparedQuery("""
                    SELECT ST_Area(ST_Transform(ST_Intersection(ST_Union(ST_GeomFromGeoJSON(g)),
                                   ST_MakeEnvelope(121.44, 31.195, 121.47, 31.21, 4326)), 32651)) / 1e6
                    FROM jsonb_array_elements_text($1::jsonb) AS g""").execute(io.vertx.sqlclient.Tuple.of(isochrones)))
                    .iterator()
                    .next()
                    .getDouble(0);
            JsonObject cov = api.get("/api/v1/coverage?bbox=" + bbox + "&mode=" + mode + "&minutes=" + minutes)
                    .json();
            assertEquals(3, cov.getLong("stations_considered"), cov.encode());
            double covered = cov.getDouble("covered_km2");
            assertTrue(union > 0.1, mode + ": a real area " + union);
            assertEquals(
                    union,
                    covered,
                    union * 0.002,
                    mode + ": coverage " + covered + " km² vs union of isochrones " + union + " km²");
        }
    }

    @Test
    @DisplayName("a station's reach is recomputed when that station is written, not when another one is")
    void perStationCache() {
        long s = station("S", 121.45, SOUTH);
        long e = station("E", 121.47, SOUTH);
        String uri = "/api/v1/stations/" + s + "/isochrone?mode=ebike&minutes=5";
        assertFalse(api.get(uri).json().getJsonObject("properties").getBoolean("cached"));
        assertTrue(api.get(uri).json().getJsonObject("properties").getBoolean("cached"));
        assertEquals(200, patchName(e, "E2").status());
        assertTrue(api.get(uri).json().getJsonObject("properties").getBoolean("cached"), "another station was written");
        assertEquals(200, patchName(s, "S2").status());
        assertFalse(api.get(uri).json().getJsonObject("properties").getBoolean("cached"), "S itself was written");
        assertEquals(200, importNetwork("town", town(true)).status());
        assertFalse(api.get(uri).json().getJsonObject("properties").getBoolean("cached"), "the network was replaced");
    }

    private Resp patchName(long id, String name) {
        return api.admin(
                HttpMethod.PATCH,
                "/api/v1/stations/" + id,
                new JsonObject().put("properties", new JsonObject().put("name", name)),
                Map.of("If-Match", "\"1\""));
    }

    @Test
    @DisplayName(
            "nearest by=time ranks by the ride, not the crow's flight: the station across the river comes after those along the bank")
    void nearestByTime() {
        long across = station("across", 121.45, NORTH);
        long along = station("along", 121.44, SOUTH);
        long oneWayEnd = station("P", 121.44, 31.196);
        long motorwayEnd = station("X", 121.50, SOUTH);
        String q = "/api/v1/stations/nearest?lon=121.45&lat=" + SOUTH + "&limit=4";
        JsonArray byDistance = api.get(q).json().getJsonArray("features");
        assertEquals(across, byDistance.getJsonObject(0).getLong("id"), "665 m straight is the nearest");
        Resp r = api.get(q + "&by=time&mode=ebike");
        assertEquals(200, r.status(), r.toString());
        JsonArray f = r.json().getJsonArray("features");
        assertEquals(4, f.size(), r.toString());
        double toV1 = m(121.45, SOUTH, 121.44, SOUTH) / EBIKE_RESIDENTIAL;
        double toP = toV1 + m(121.44, SOUTH, 121.44, 31.196) / EBIKE_RESIDENTIAL;
        long[] order = {along, oneWayEnd, across, motorwayEnd};
        Double[] seconds = {toV1, toP, ebikeSecondsSToB(), null};
        for (int i = 0; i < order.length; i++) {
            JsonObject props = f.getJsonObject(i).getJsonObject("properties");
            assertEquals(order[i], f.getJsonObject(i).getLong("id"), "rank " + i + ": " + r);
            if (seconds[i] == null) {
                assertTrue(
                        props.containsKey("travel_s") && props.getValue("travel_s") == null,
                        "e-bikes cannot reach the motorway's end: " + props);
            } else {
                assertTrue(props.getValue("travel_s") instanceof Number, "rank " + i + " is reachable: " + r);
                assertEquals(seconds[i], props.getDouble("travel_s"), 1.0, "rank " + i);
            }
        }
        assertJsonError(api.get(q + "&by=time"), "no mode", 400, "invalid_parameter", "mode");
        assertJsonError(api.get(q + "&mode=ebike"), "mode without by=time", 400, "invalid_parameter", "mode");
        assertJsonError(
                api.get("/api/v1/stations/nearest?lon=121.60&lat=31.30&by=time&mode=ebike"),
                "far from roads",
                422,
                "no_network",
                "lon");
    }

    @Test
    @DisplayName("districts by travel time: each district's demand reached within the minutes")
    void districtsByTime() {
        JsonArray regions = new JsonArray()
                .add(Fixtures.rectangleRegion("R", "河城", "city", null, 121.44, 31.19, 121.47, 31.22))
                .add(Fixtures.rectangleRegion("R-S", "南岸", "district", "R", 121.44, 31.19, 121.47, 31.203))
                .add(Fixtures.rectangleRegion("R-N", "北岸", "district", "R", 121.44, 31.203, 121.47, 31.22));
        assertEquals(
                200,
                api.post("/api/v1/regions/import", Fixtures.collection(regions)).status());
        station("S", 121.45, SOUTH);
        String csv = "lon,lat,weight\n121.445," + SOUTH + ",3\n121.45," + NORTH + ",7\n";
        assertEquals(
                200,
                api.send(
                                HttpMethod.POST,
                                "/api/v1/demand/import?source=t",
                                "text/csv",
                                Buffer.buffer(csv),
                                Map.of("Authorization", "Bearer " + TestApp.ADMIN_TOKEN))
                        .status());
        Resp r = api.get("/api/v1/coverage/districts?parent=R&mode=ebike&minutes=5");
        assertEquals(200, r.status(), r.toString());
        JsonArray rows = r.json().getJsonArray("districts");
        assertEquals("R-N", rows.getJsonObject(0).getString("code"));
        assertEquals(0.0, rows.getJsonObject(0).getDouble("demand_covered"));
        assertEquals(3.0, rows.getJsonObject(1).getDouble("demand_covered"));
        JsonArray byRadius = api.get("/api/v1/coverage/districts?parent=R&radius_m=1000")
                .json()
                .getJsonArray("districts");
        assertEquals(7.0, byRadius.getJsonObject(0).getDouble("demand_covered"));
    }
}
