package org.yizhan.regions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Stream;
import net.sf.geographiclib.Geodesic;
import net.sf.geographiclib.PolygonArea;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.yizhan.geo.ChinaCoordinates;
import org.yizhan.support.Api;
import org.yizhan.support.Api.Resp;
import org.yizhan.support.Fixtures;
import org.yizhan.support.TestApp;

/**
 * Regions (import, list, read) and aggregated demand (import, sources, clear) through HTTP against the
 * real server and PostGIS. Every refusal is checked twice: the answer names the index or field at
 * fault, and the tables hold exactly what they held before.
 */
@DisplayName("Regions and demand: imports, listings, and refusals that leave the database untouched")
class RegionDemandApiTest {

    private static final String JSON = "application/json";
    private static final String CSV = "text/csv";
    private static final Map<String, String> ADMIN = Map.of("Authorization", "Bearer " + TestApp.ADMIN_TOKEN);

    /** A square of 0.1° x 0.1° in Shanghai (about 105 km²). */
    static final double W = 121.40;

    static final double S = 31.15;
    static final double E = 121.50;
    static final double N = 31.25;

    private Api api;

    @BeforeEach
    void empty() {
        TestApp.reset();
        api = TestApp.api();
    }

    // ---- GeoJSON builders ----

    /** A ring from lon, lat pairs, taken as given (not closed automatically). */
    static JsonArray ring(double... lonLat) {
        JsonArray r = new JsonArray();
        for (int i = 0; i < lonLat.length; i += 2) {
            r.add(Fixtures.pos(lonLat[i], lonLat[i + 1]));
        }
        return r;
    }

    static JsonArray squareRing(double w, double s, double e, double n) {
        return ring(w, s, e, s, e, n, w, n, w, s);
    }

    static JsonObject polygon(JsonArray... rings) {
        JsonArray coords = new JsonArray();
        for (JsonArray r : rings) {
            coords.add(r);
        }
        return new JsonObject().put("type", "Polygon").put("coordinates", coords);
    }

    static JsonObject feature(String code, String name, String level, String parent, JsonObject geometry) {
        JsonObject props = new JsonObject();
        if (code != null) {
            props.put("code", code);
        }
        if (name != null) {
            props.put("name", name);
        }
        if (level != null) {
            props.put("level", level);
        }
        if (parent != null) {
            props.put("parent", parent);
        }
        return new JsonObject().put("type", "Feature").put("geometry", geometry).put("properties", props);
    }

    static JsonObject square(String code, String level, String parent, double w, double s, double e, double n) {
        return feature(code, "区域 " + code, level, parent, polygon(squareRing(w, s, e, n)));
    }

    private Resp importRegions(String query, JsonObject... features) {
        return api.post(
                "/api/v1/regions/import" + query, Fixtures.collection(new JsonArray(List.of((Object[]) features))));
    }

    private static long regionCount() {
        return TestApp.count("SELECT count(*) FROM region");
    }

    private static long demandCount() {
        return TestApp.count("SELECT count(*) FROM demand_point");
    }

    private static Row regionRow(String sql, String code) {
        return TestApp.await(TestApp.sql().preparedQuery(sql).execute(Tuple.of(code)))
                .iterator()
                .next();
    }

    /** Geodesic area of a lon/lat ring on WGS 84 (GeographicLib), in km². */
    static double geodesicKm2(double[][] lonLat) {
        PolygonArea pa = new PolygonArea(Geodesic.WGS84, false);
        for (double[] p : lonLat) {
            pa.AddPoint(p[1], p[0]);
        }
        return Math.abs(pa.Compute(false, true).area) / 1e6;
    }

    private static void assertJsonError(Resp r, int status, String code, String field) {
        assertEquals(status, r.status(), r.toString());
        assertTrue(r.header("Content-Type").startsWith("application/json"), "JSON error: " + r.header("Content-Type"));
        JsonObject error = r.json().getJsonObject("error");
        assertNotNull(error, "an error object: " + r);
        assertEquals(code, error.getString("code"), r.toString());
        assertEquals(field, error.getString("field"), r.toString());
        assertFalse(error.getString("message", "").isBlank(), "a message: " + r);
        String text = r.body().toString(StandardCharsets.UTF_8);
        assertFalse(text.contains("Exception") || text.contains("at org."), "no stack trace: " + text);
    }

    // =====================================================================================================

    @Nested
    @DisplayName("POST /api/v1/regions/import")
    class RegionImport {

        @Test
        @DisplayName("accepts a Polygon and a MultiPolygon and stores both as valid MultiPolygons in SRID 4326")
        void polygonAndMultiPolygon() {
            JsonObject multi = feature(
                    "M",
                    "两块",
                    "custom",
                    null,
                    new JsonObject()
                            .put("type", "MultiPolygon")
                            .put(
                                    "coordinates",
                                    new JsonArray()
                                            .add(new JsonArray().add(squareRing(121.40, 31.20, 121.41, 31.21)))
                                            .add(new JsonArray().add(squareRing(121.43, 31.20, 121.44, 31.21)))));
            Resp r = importRegions("", square("P", "city", null, W, S, E, N), multi);
            assertEquals(200, r.status(), r.toString());
            assertEquals(2, r.json().getInteger("inserted"));
            assertEquals(0, r.json().getInteger("updated"));
            assertEquals(new JsonArray(), r.json().getJsonArray("repaired"));
            assertEquals(new JsonArray(), r.json().getJsonArray("rejected"));
            assertEquals(2, TestApp.count("""
                    SELECT count(*) FROM region WHERE GeometryType(geom) = 'MULTIPOLYGON' AND ST_SRID(geom) = 4326
                      AND ST_IsValid(geom)"""));
            assertEquals(
                    2,
                    regionRow("SELECT ST_NumGeometries(geom) AS n FROM region WHERE code = $1", "M")
                            .getInteger("n"));
            JsonObject m = api.get("/api/v1/regions/M").json();
            assertEquals("MultiPolygon", m.getJsonObject("geometry").getString("type"));
            assertEquals(
                    2, m.getJsonObject("geometry").getJsonArray("coordinates").size());
        }

        @Test
        @DisplayName(
                "repairs a self-intersecting bow-tie ring, lists its index in repaired, and stores a valid geometry keeping both lobes")
        void bowTieRepaired() {
            double mx = 121.45;
            double my = 31.20;
            // (W,S) → (E,N) → (E,S) → (W,N) → (W,S): two triangles touching at the centre.
            JsonObject bowTie = feature(
                    "BOW",
                    "蝴蝶结",
                    "custom",
                    null,
                    polygon(ring(
                            mx - 0.01, my - 0.01, mx + 0.01, my + 0.01, mx + 0.01, my - 0.01, mx - 0.01, my + 0.01,
                            mx - 0.01, my - 0.01)));
            Resp r = importRegions("", square("OK", "custom", null, W, S, E, N), bowTie);
            assertEquals(200, r.status(), r.toString());
            assertEquals(new JsonArray().add(1), r.json().getJsonArray("repaired"));
            assertEquals(2, r.json().getInteger("inserted"));
            Row row = regionRow("""
                    SELECT ST_IsValid(geom) AS valid, ST_Area(geom::geography) / 1e6 AS km2, area_km2
                    FROM region WHERE code = $1""", "BOW");
            assertTrue(row.getBoolean("valid"), "stored geometry is valid");
            // Each lobe is a quarter of the 0.02° square: the repair keeps half of the square's area.
            double half = geodesicKm2(new double[][] {
                        {mx - 0.01, my - 0.01}, {mx + 0.01, my - 0.01}, {mx + 0.01, my + 0.01}, {mx - 0.01, my + 0.01}
                    })
                    / 2;
            assertEquals(half, row.getDouble("km2"), half * 0.01, "both triangles kept");
            assertEquals(row.getDouble("km2"), row.getDouble("area_km2"), 1e-9);
        }

        @Test
        @DisplayName(
                "area_km2 is the ellipsoidal geodesic area: within 0.01 % of GeographicLib and of ST_Area(geography)")
        void geodesicArea() {
            Resp r = importRegions("", square("SQ", "custom", null, W, S, E, N));
            assertEquals(200, r.status(), r.toString());
            double expected = geodesicKm2(new double[][] {{W, S}, {E, S}, {E, N}, {W, N}});
            assertTrue(expected > 100 && expected < 110, "about 105 km², got " + expected);
            double got = api.get("/api/v1/regions/SQ")
                    .json()
                    .getJsonObject("properties")
                    .getDouble("area_km2");
            // 0.01 %, not 0.1 %: a spherical area (ST_Area(geography, false)) is 0.09 % off here and must fail.
            assertEquals(expected, got, expected * 1e-4, "area_km2 vs GeographicLib");
            double postgis = regionRow("SELECT ST_Area(geom::geography) / 1e6 AS km2 FROM region WHERE code = $1", "SQ")
                    .getDouble("km2");
            assertEquals(postgis, got, postgis * 1e-4, "area_km2 vs ST_Area(geography)");
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("org.yizhan.regions.RegionDemandApiTest#rejectedRegions")
        @DisplayName("rejects a bad feature with 422, names its index and field, and writes nothing at all")
        void rejected(String description, JsonObject bad, String field) {
            assertEquals(
                    200,
                    importRegions("", square("OLD", "city", null, W, S, E, N)).status());
            long before = regionCount();
            String oldName =
                    regionRow("SELECT name FROM region WHERE code = $1", "OLD").getString("name");

            // Index 0 is valid (and would update OLD); index 1 is the bad one.
            JsonObject good = feature("OLD", "改过的名字", "city", null, polygon(squareRing(W, S, E, N)));
            Resp r = importRegions("", good, bad);

            assertEquals(422, r.status(), description + ": " + r);
            assertEquals("invalid_rows/" + field, r.error(), description);
            assertEquals(0, r.json().getInteger("inserted"));
            assertEquals(0, r.json().getInteger("updated"));
            JsonArray rejected = r.json().getJsonArray("rejected");
            assertEquals(1, rejected.size(), rejected.encode());
            JsonObject rej = rejected.getJsonObject(0);
            assertEquals(Set.of("index", "field", "message"), rej.fieldNames());
            assertEquals(1, rej.getInteger("index"));
            assertEquals(field, rej.getString("field"), rej.encode());
            assertFalse(rej.getString("message").isBlank());
            assertEquals(before, regionCount(), "no region inserted");
            assertEquals(
                    oldName,
                    regionRow("SELECT name FROM region WHERE code = $1", "OLD").getString("name"),
                    "the valid feature before it was not applied either");
        }

        @Test
        @DisplayName("accepts a parent defined earlier in the same file and links the child to it")
        void parentEarlierInFile() {
            Resp r = importRegions(
                    "", square("CITY", "city", null, W, S, E, N), square("D1", "district", "CITY", W, S, 121.45, N));
            assertEquals(200, r.status(), r.toString());
            assertEquals(2, r.json().getInteger("inserted"));
            JsonObject d1 = api.get("/api/v1/regions/D1").json().getJsonObject("properties");
            JsonObject city = api.get("/api/v1/regions/CITY").json().getJsonObject("properties");
            assertEquals("CITY", d1.getString("parent_code"));
            assertEquals(city.getLong("id"), d1.getLong("parent_id"));
        }

        @Test
        @DisplayName("accepts a parent that already exists in the database")
        void parentInDatabase() {
            assertEquals(
                    200,
                    importRegions("", square("CITY", "city", null, W, S, E, N)).status());
            Resp r = importRegions("", square("D1", "district", "CITY", W, S, 121.45, N));
            assertEquals(200, r.status(), r.toString());
            assertEquals(
                    "CITY",
                    api.get("/api/v1/regions/D1")
                            .json()
                            .getJsonObject("properties")
                            .getString("parent_code"));
        }

        @Test
        @DisplayName("re-importing a code updates that region in place (inserted 0, updated 1)")
        void reimportUpdates() {
            assertEquals(
                    200,
                    importRegions("", square("R", "district", null, W, S, E, N)).status());
            long id = api.get("/api/v1/regions/R").json().getLong("id");
            JsonObject changed = feature("R", "新名字", "street", null, polygon(squareRing(W, S, 121.45, N)));
            Resp r = importRegions("", changed);
            assertEquals(200, r.status(), r.toString());
            assertEquals(0, r.json().getInteger("inserted"));
            assertEquals(1, r.json().getInteger("updated"));
            assertEquals(1, regionCount());
            JsonObject after = api.get("/api/v1/regions/R").json();
            assertEquals(id, after.getLong("id"), "same row");
            assertEquals("新名字", after.getJsonObject("properties").getString("name"));
            assertEquals("street", after.getJsonObject("properties").getString("level"));
            double half = geodesicKm2(new double[][] {{W, S}, {121.45, S}, {121.45, N}, {W, N}});
            assertEquals(
                    half,
                    after.getJsonObject("properties").getDouble("area_km2"),
                    half * 0.001,
                    "area recomputed for the new geometry");
        }

        @Test
        @DisplayName("crs=gcj02 converts every vertex to WGS 84 before storing")
        void gcj02Stored() {
            double[][] gcj = {{121.47, 31.23}, {121.49, 31.23}, {121.49, 31.25}, {121.47, 31.25}, {121.47, 31.23}};
            JsonArray r0 = new JsonArray();
            for (double[] p : gcj) {
                r0.add(Fixtures.pos(p[0], p[1]));
            }
            Resp r = importRegions("?crs=gcj02", feature("G", "火星", "custom", null, polygon(r0)));
            assertEquals(200, r.status(), r.toString());
            JsonArray stored = api.get("/api/v1/regions/G")
                    .json()
                    .getJsonObject("geometry")
                    .getJsonArray("coordinates")
                    .getJsonArray(0)
                    .getJsonArray(0);
            for (int i = 0; i < 4; i++) {
                double[] want = ChinaCoordinates.gcj02ToWgs84(gcj[i][0], gcj[i][1]);
                assertTrue(Math.hypot(want[0] - gcj[i][0], want[1] - gcj[i][1]) > 1e-3, "the offset is real here");
                boolean found = false;
                for (Object o : stored) {
                    JsonArray p = (JsonArray) o;
                    found |= Math.abs(p.getDouble(0) - want[0]) < 2e-6 && Math.abs(p.getDouble(1) - want[1]) < 2e-6;
                }
                assertTrue(found, "vertex " + i + " stored as WGS 84 " + want[0] + "," + want[1] + " in " + stored);
            }
            // Exactly, in the database: each converted vertex is one of the stored vertices.
            for (int i = 0; i < 4; i++) {
                double[] want = ChinaCoordinates.gcj02ToWgs84(gcj[i][0], gcj[i][1]);
                long hits = TestApp.await(TestApp.sql().preparedQuery("""
                        SELECT count(*) FROM region r, ST_DumpPoints(r.geom) d
                        WHERE r.code = 'G' AND abs(ST_X(d.geom) - $1) < 1e-9 AND abs(ST_Y(d.geom) - $2) < 1e-9""").execute(Tuple.of(want[0], want[1])))
                        .iterator()
                        .next()
                        .getLong(0);
                assertTrue(hits >= 1, "vertex " + i + " stored exactly as its WGS 84 conversion");
            }
        }

        @Test
        @DisplayName("answers 401 without a token and 403 to a viewer, writing nothing")
        void needsEditorOrAdmin() {
            JsonObject fc = Fixtures.collection(new JsonArray().add(square("X", "custom", null, W, S, E, N)));
            Resp none = api.send(HttpMethod.POST, "/api/v1/regions/import", JSON, fc.toBuffer(), Map.of());
            assertJsonError(none, 401, "unauthorized", "Authorization");
            Resp token = api.post(
                    "/api/v1/tokens", new JsonObject().put("role", "viewer").put("label", "t"));
            assertEquals(201, token.status(), token.toString());
            Resp viewer = api.send(
                    HttpMethod.POST,
                    "/api/v1/regions/import",
                    JSON,
                    fc.toBuffer(),
                    Map.of("Authorization", "Bearer " + token.json().getString("token")));
            assertJsonError(viewer, 403, "forbidden", "Authorization");
            assertEquals(0, regionCount());
        }
    }

    static Stream<Arguments> rejectedRegions() {
        List<Arguments> c = new ArrayList<>();
        c.add(Arguments.of(
                "a ring that is not closed",
                feature("B", "坏", "custom", null, polygon(ring(W, S, E, S, E, N, W, N, W, S + 0.01))),
                "geometry"));
        c.add(Arguments.of(
                "a ring of 3 positions",
                feature("B", "坏", "custom", null, polygon(ring(W, S, E, S, W, S))),
                "geometry"));
        c.add(Arguments.of(
                "a longitude of 181",
                feature("B", "坏", "custom", null, polygon(squareRing(179.5, 31, 181, 32))),
                "geometry"));
        c.add(Arguments.of(
                "a latitude of -91",
                feature("B", "坏", "custom", null, polygon(squareRing(121, -91, 122, -89))),
                "geometry"));
        c.add(Arguments.of(
                "a LineString geometry",
                feature(
                        "B",
                        "坏",
                        "custom",
                        null,
                        new JsonObject().put("type", "LineString").put("coordinates", ring(W, S, E, N))),
                "geometry"));
        c.add(Arguments.of("no geometry", feature("B", "坏", "custom", null, null), "geometry"));
        c.add(Arguments.of(
                "a polygon with no area (all positions on a line)",
                feature("B", "坏", "custom", null, polygon(ring(W, S, E, S, 121.45, S, W, S))),
                "geometry"));
        c.add(Arguments.of("no code", feature(null, "坏", "custom", null, polygon(squareRing(W, S, E, N))), "code"));
        c.add(Arguments.of(
                "a code with a space", feature("B C", "坏", "custom", null, polygon(squareRing(W, S, E, N))), "code"));
        c.add(Arguments.of("no name", feature("B", null, "custom", null, polygon(squareRing(W, S, E, N))), "name"));
        c.add(Arguments.of("no level", feature("B", "坏", null, null, polygon(squareRing(W, S, E, N))), "level"));
        c.add(Arguments.of(
                "an unknown level", feature("B", "坏", "province", null, polygon(squareRing(W, S, E, N))), "level"));
        c.add(Arguments.of(
                "the same code as index 0 of the file",
                feature("OLD", "坏", "city", null, polygon(squareRing(W, S, E, N))),
                "code"));
        c.add(Arguments.of(
                "a parent that does not exist",
                feature("B", "坏", "district", "NOWHERE", polygon(squareRing(W, S, E, N))),
                "parent"));
        c.add(Arguments.of(
                "itself as parent", feature("B", "坏", "district", "B", polygon(squareRing(W, S, E, N))), "parent"));
        return c.stream();
    }

    // =====================================================================================================

    @Nested
    @DisplayName("GET /api/v1/regions and /api/v1/regions/{code|id}")
    class RegionRead {

        @BeforeEach
        void twoCities() {
            Resp r = importRegions(
                    "",
                    square("C1", "city", null, W, S, E, N),
                    square("C1-A", "district", "C1", W, S, 121.45, N),
                    square("C1-B", "district", "C1", 121.45, S, E, N),
                    square("C1-A-1", "street", "C1-A", W, S, 121.42, 31.17),
                    square("C2", "city", null, 120.0, 30.0, 120.1, 30.1),
                    square("C2-A", "district", "C2", 120.0, 30.0, 120.05, 30.1));
            assertEquals(200, r.status(), r.toString());
            assertEquals(6, r.json().getInteger("inserted"));
        }

        private List<String> codes(Resp r) {
            assertEquals(200, r.status(), r.toString());
            List<String> out = new ArrayList<>();
            r.json()
                    .getJsonArray("features")
                    .forEach(f ->
                            out.add(((JsonObject) f).getJsonObject("properties").getString("code")));
            return out;
        }

        @Test
        @DisplayName("level=district&parent=<code> lists that city's districts only")
        void childrenOnly() {
            assertEquals(List.of("C1-A", "C1-B"), codes(api.get("/api/v1/regions?level=district&parent=C1")));
            assertEquals(List.of("C2-A"), codes(api.get("/api/v1/regions?level=district&parent=C2")));
            assertEquals(List.of("C1-A-1"), codes(api.get("/api/v1/regions?parent=C1-A")));
            assertEquals(List.of("C1", "C2"), codes(api.get("/api/v1/regions?level=city")));
            assertEquals(6, codes(api.get("/api/v1/regions")).size());
        }

        @Test
        @DisplayName(
                "parent=<digits> means the region with that code, as GET /regions/<digits> does, not also the one with that id")
        void numericParentCodeWins() {
            String c1Id = Long.toString(api.get("/api/v1/regions/C1").json().getLong("id"));
            // A region whose code happens to be C1's id (admin codes such as 310000 are digits too).
            Resp r = importRegions(
                    "",
                    square(c1Id, "city", null, 120.5, 30.5, 120.6, 30.6),
                    square("NUM-A", "district", c1Id, 120.5, 30.5, 120.55, 30.6));
            assertEquals(200, r.status(), r.toString());
            assertEquals(
                    c1Id,
                    api.get("/api/v1/regions/" + c1Id)
                            .json()
                            .getJsonObject("properties")
                            .getString("code"),
                    "GET by digits resolves the code first");
            assertEquals(
                    List.of("NUM-A"),
                    codes(api.get("/api/v1/regions?level=district&parent=" + c1Id)),
                    "the same key must name the same parent in the listing");
        }

        @Test
        @DisplayName("geometry=false answers every feature with a null geometry and its properties")
        void withoutGeometry() {
            Resp r = api.get("/api/v1/regions?level=district&geometry=false");
            assertEquals(200, r.status(), r.toString());
            JsonArray fs = r.json().getJsonArray("features");
            assertEquals(3, fs.size());
            for (Object o : fs) {
                JsonObject f = (JsonObject) o;
                assertTrue(f.containsKey("geometry"), "a Feature keeps its geometry member");
                assertNull(f.getValue("geometry"));
                assertTrue(f.getJsonObject("properties").getDouble("area_km2") > 0);
            }
            assertNull(api.get("/api/v1/regions/C1?geometry=false").json().getValue("geometry"));
            assertNotNull(api.get("/api/v1/regions/C1").json().getJsonObject("geometry"));
        }

        @Test
        @DisplayName("a region reads the same by code and by id")
        void byCodeAndById() {
            Resp byCode = api.get("/api/v1/regions/C1-B");
            assertEquals(200, byCode.status(), byCode.toString());
            long id = byCode.json().getLong("id");
            Resp byId = api.get("/api/v1/regions/" + id);
            assertEquals(200, byId.status(), byId.toString());
            assertEquals(byCode.json(), byId.json());
            assertEquals("C1-B", byId.json().getJsonObject("properties").getString("code"));
            assertEquals("C1", byId.json().getJsonObject("properties").getString("parent_code"));
        }

        @Test
        @DisplayName("an unknown code or id answers 404 with the JSON error")
        void unknown() {
            assertJsonError(api.get("/api/v1/regions/NOPE"), 404, "not_found", null);
            assertJsonError(api.get("/api/v1/regions/999999"), 404, "not_found", null);
        }

        @Test
        @DisplayName("an unknown level or parameter answers 400 naming it")
        void badListParameters() {
            assertJsonError(api.get("/api/v1/regions?level=province"), 400, "invalid_parameter", "level");
            assertJsonError(api.get("/api/v1/regions?levle=city"), 400, "invalid_parameter", "levle");
            assertJsonError(api.get("/api/v1/regions?geometry=maybe"), 400, "invalid_parameter", "geometry");
        }
    }

    // =====================================================================================================

    private Resp demand(String query, String contentType, String body) {
        return api.send(
                HttpMethod.POST,
                "/api/v1/demand/import" + query,
                contentType,
                body == null ? null : Buffer.buffer(body),
                ADMIN);
    }

    static JsonObject point(double lon, double lat, Object weight, String period) {
        JsonObject props = new JsonObject().put("weight", weight);
        if (period != null) {
            props.put("period", period);
        }
        return Fixtures.feature(lon, lat, props);
    }

    static String points(JsonObject... features) {
        return Fixtures.collection(new JsonArray(List.of((Object[]) features))).encode();
    }

    private Map<String, JsonObject> sources() {
        Resp r = api.get("/api/v1/demand/sources");
        assertEquals(200, r.status(), r.toString());
        Map<String, JsonObject> out = new HashMap<>();
        r.json().getJsonArray("sources").forEach(o -> out.put(((JsonObject) o).getString("source"), (JsonObject) o));
        return out;
    }

    private static Set<String> periods(JsonObject source) {
        Set<String> out = new HashSet<>();
        source.getJsonArray("periods").forEach(p -> out.add((String) p));
        return out;
    }

    @Nested
    @DisplayName("POST /api/v1/demand/import, GET /api/v1/demand/sources, DELETE /api/v1/demand")
    class Demand {

        @Test
        @DisplayName("imports GeoJSON Points with weights; a point's period wins over the query's")
        void geoJson() {
            Resp r = demand(
                    "?source=orders&period=peak",
                    JSON,
                    points(
                            point(121.41, 31.2, 1, null),
                            point(121.42, 31.2, 2.5, "night"),
                            point(121.43, 31.2, 0, null)));
            assertEquals(200, r.status(), r.toString());
            assertEquals(3, r.json().getInteger("inserted"));
            JsonObject s = sources().get("orders");
            assertEquals(3L, s.getLong("points"));
            assertEquals(3.5, s.getDouble("total_weight"), 1e-9);
            assertEquals(Set.of("peak", "night"), periods(s));
            assertEquals(1, TestApp.count("""
                    SELECT count(*) FROM demand_point WHERE period = 'night' AND weight = 2.5
                      AND abs(ST_X(geom) - 121.42) < 1e-9 AND abs(ST_Y(geom) - 31.2) < 1e-9"""));
        }

        @Test
        @DisplayName("imports CSV lon,lat,weight[,period], blank periods falling back to the query's")
        void csv() {
            Resp r = demand(
                    "?source=grid200&period=all",
                    CSV + "; charset=utf-8",
                    "lon,lat,weight,period\n121.41,31.2,4,am\n121.42,31.21,6,pm\n121.43,31.22,1.5,\n");
            assertEquals(200, r.status(), r.toString());
            assertEquals(3, r.json().getInteger("inserted"));
            JsonObject s = sources().get("grid200");
            assertEquals(3L, s.getLong("points"));
            assertEquals(11.5, s.getDouble("total_weight"), 1e-9);
            assertEquals(Set.of("am", "pm", "all"), periods(s));
            Resp plain = demand("?source=nop", CSV, "lat,weight,lon\n31.2,2,121.4\n");
            assertEquals(200, plain.status(), plain.toString());
            assertEquals(1, TestApp.count("""
                    SELECT count(*) FROM demand_point WHERE source = 'nop' AND period IS NULL
                      AND abs(ST_X(geom) - 121.4) < 1e-9 AND abs(ST_Y(geom) - 31.2) < 1e-9"""), "columns found by name, not by position");
            assertEquals(new JsonArray(), sources().get("nop").getJsonArray("periods"));
        }

        @Test
        @DisplayName("replace=true replaces that source only; without it points are appended")
        void replaceOneSource() {
            assertEquals(
                    200,
                    demand("?source=a", CSV, "lon,lat,weight\n121.4,31.2,1\n121.41,31.2,1\n")
                            .status());
            assertEquals(
                    200,
                    demand("?source=b", CSV, "lon,lat,weight\n121.4,31.2,5\n121.41,31.2,5\n121.42,31.2,5\n")
                            .status());
            assertEquals(
                    200,
                    demand("?source=a", CSV, "lon,lat,weight\n121.43,31.2,1\n").status());
            assertEquals(3L, sources().get("a").getLong("points"), "appended");
            Resp r = demand("?source=a&replace=true", CSV, "lon,lat,weight\n121.44,31.2,7\n");
            assertEquals(200, r.status(), r.toString());
            assertEquals(true, r.json().getBoolean("replaced"));
            Map<String, JsonObject> s = sources();
            assertEquals(1L, s.get("a").getLong("points"));
            assertEquals(7.0, s.get("a").getDouble("total_weight"), 1e-9);
            assertEquals(3L, s.get("b").getLong("points"), "the other source is untouched");
            assertEquals(15.0, s.get("b").getDouble("total_weight"), 1e-9);
        }

        @Test
        @DisplayName("DELETE ?source=x clears x only and says how many points went")
        void clearOneSource() {
            assertEquals(
                    200,
                    demand("?source=x", CSV, "lon,lat,weight\n121.4,31.2,1\n121.41,31.2,1\n")
                            .status());
            assertEquals(
                    200,
                    demand("?source=y", CSV, "lon,lat,weight\n121.4,31.2,1\n").status());
            Resp r = api.send(HttpMethod.DELETE, "/api/v1/demand?source=x", null, null, ADMIN);
            assertEquals(200, r.status(), r.toString());
            assertEquals(2, r.json().getInteger("deleted"));
            assertEquals(Set.of("y"), sources().keySet());
            assertEquals(1, demandCount());
            assertJsonError(
                    api.send(HttpMethod.DELETE, "/api/v1/demand", null, null, ADMIN),
                    400,
                    "invalid_parameter",
                    "source");
            assertJsonError(
                    api.send(HttpMethod.DELETE, "/api/v1/demand?source=y", null, null, Map.of()),
                    401,
                    "unauthorized",
                    "Authorization");
            assertEquals(1, demandCount());
        }

        @Test
        @DisplayName("crs=gcj02 stores demand points in WGS 84")
        void gcj02() {
            assertEquals(
                    200,
                    demand("?source=amap&crs=gcj02", CSV, "lon,lat,weight\n121.47,31.23,1\n")
                            .status());
            double[] want = ChinaCoordinates.gcj02ToWgs84(121.47, 31.23);
            Row row = TestApp.await(TestApp.sql()
                            .query("SELECT ST_X(geom) AS x, ST_Y(geom) AS y FROM demand_point")
                            .execute())
                    .iterator()
                    .next();
            assertEquals(want[0], row.getDouble("x"), 1e-9);
            assertEquals(want[1], row.getDouble("y"), 1e-9);
        }

        @Test
        @DisplayName("imports need an editor or admin token: 401 without, 403 for a viewer")
        void needsEditorOrAdmin() {
            String body = "lon,lat,weight\n121.4,31.2,1\n";
            assertJsonError(
                    api.send(HttpMethod.POST, "/api/v1/demand/import?source=s", CSV, Buffer.buffer(body), Map.of()),
                    401,
                    "unauthorized",
                    "Authorization");
            Resp token = api.post(
                    "/api/v1/tokens", new JsonObject().put("role", "viewer").put("label", "t"));
            assertEquals(201, token.status(), token.toString());
            assertJsonError(
                    api.send(
                            HttpMethod.POST,
                            "/api/v1/demand/import?source=s",
                            CSV,
                            Buffer.buffer(body),
                            Map.of("Authorization", "Bearer " + token.json().getString("token"))),
                    403,
                    "forbidden",
                    "Authorization");
            assertEquals(0, demandCount());
        }

        @Test
        @DisplayName(
                "invalid rows answer 422 like a station or region import: every rejected row listed, nothing written")
        void invalidRowsListed() {
            Resp r = demand(
                    "?source=rows", CSV, "lon,lat,weight\n121.4,31.2,1\n121.41,91,1\n121.42,31.2,x\n121.43,31.2,2\n");
            assertJsonError(r, 422, "invalid_rows", "lat");
            JsonArray rejected = r.json().getJsonArray("rejected");
            assertEquals(2, rejected.size(), r.toString());
            assertEquals(1, rejected.getJsonObject(0).getInteger("index"));
            assertEquals("lat", rejected.getJsonObject(0).getString("field"));
            assertEquals(2, rejected.getJsonObject(1).getInteger("index"));
            assertEquals("weight", rejected.getJsonObject(1).getString("field"));
            assertEquals(0, r.json().getInteger("inserted"));
            assertEquals(0, demandCount());
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("org.yizhan.regions.RegionDemandApiTest#badDemand")
        @DisplayName("a bad import answers the JSON error naming the field and writes nothing, even with replace=true")
        void badImport(
                String description,
                String query,
                String contentType,
                Supplier<String> body,
                int status,
                String code,
                String field) {
            assertEquals(
                    200,
                    demand("?source=keep", CSV, "lon,lat,weight\n121.4,31.2,2\n121.41,31.2,3\n")
                            .status());
            Resp r = demand(query, contentType, body.get());
            assertJsonError(r, status, code, field);
            assertEquals(2, demandCount(), description + ": nothing written, nothing replaced");
            assertEquals(5.0, sources().get("keep").getDouble("total_weight"), 1e-9);
        }
    }

    /** Bodies whose bad point is the second one, so that a partial write would show. */
    static Stream<Arguments> badDemand() {
        List<Arguments> c = new ArrayList<>();
        String keep = "?source=keep&replace=true";
        String invalid = "invalid_parameter";
        String rows = "invalid_rows";
        c.add(Arguments.of(
                "no source", "?replace=true", CSV, text("lon,lat,weight\n121.4,31.2,1\n"), 400, invalid, "source"));
        c.add(Arguments.of(
                "a source with a space",
                "?source=a%20b",
                CSV,
                text("lon,lat,weight\n121.4,31.2,1\n"),
                400,
                invalid,
                "source"));
        c.add(Arguments.of(
                "a negative weight (GeoJSON)",
                keep,
                JSON,
                text(points(point(121.4, 31.2, 1, null), point(121.41, 31.2, -1, null))),
                422,
                rows,
                "weight"));
        c.add(Arguments.of(
                "a negative weight (CSV)",
                keep,
                CSV,
                text("lon,lat,weight\n121.4,31.2,1\n121.41,31.2,-0.5\n"),
                422,
                rows,
                "weight"));
        c.add(Arguments.of(
                "a weight that is a string (GeoJSON)",
                keep,
                JSON,
                text(points(point(121.4, 31.2, 1, null), point(121.41, 31.2, "5", null))),
                422,
                rows,
                "weight"));
        c.add(Arguments.of(
                "a missing weight (GeoJSON)",
                keep,
                JSON,
                text(points(point(121.4, 31.2, 1, null), point(121.41, 31.2, null, null))),
                422,
                rows,
                "weight"));
        c.add(Arguments.of(
                "a weight that is not a number (CSV)",
                keep,
                CSV,
                text("lon,lat,weight\n121.4,31.2,1\n121.41,31.2,many\n"),
                422,
                rows,
                "weight"));
        c.add(Arguments.of(
                "a weight of 1e12 (CSV)",
                keep,
                CSV,
                text("lon,lat,weight\n121.4,31.2,1\n121.41,31.2,1e12\n"),
                422,
                rows,
                "weight"));
        c.add(Arguments.of(
                "a LineString feature",
                keep,
                JSON,
                text(points(
                        point(121.4, 31.2, 1, null),
                        new JsonObject()
                                .put("type", "Feature")
                                .put("properties", new JsonObject().put("weight", 1))
                                .put(
                                        "geometry",
                                        new JsonObject()
                                                .put("type", "LineString")
                                                .put(
                                                        "coordinates",
                                                        new JsonArray()
                                                                .add(Fixtures.pos(121.4, 31.2))
                                                                .add(Fixtures.pos(121.5, 31.3)))))),
                422,
                rows,
                "geometry"));
        c.add(Arguments.of(
                "a latitude of 91 (CSV)",
                keep,
                CSV,
                text("lon,lat,weight\n121.4,31.2,1\n121.41,91,1\n"),
                422,
                rows,
                "lat"));
        c.add(Arguments.of("an empty FeatureCollection", keep, JSON, text(points()), 400, invalid, "features"));
        c.add(Arguments.of(
                "a CSV with only its header", keep, CSV, text("lon,lat,weight\n"), 400, invalid, "features"));
        c.add(Arguments.of("an empty body", keep, CSV, text(""), 400, invalid, "body"));
        c.add(Arguments.of(
                "a CSV without a weight column", keep, CSV, text("lon,lat\n121.4,31.2\n"), 400, invalid, "body"));
        c.add(Arguments.of("invalid JSON", keep, JSON, text("{\"type\":"), 400, "invalid_json", "body"));
        c.add(Arguments.of(
                "200,001 points as CSV",
                keep,
                CSV,
                (Supplier<String>) () -> manyCsv(200_001),
                413,
                "payload_too_large",
                "features"));
        c.add(Arguments.of(
                "200,001 points as GeoJSON",
                keep,
                JSON,
                (Supplier<String>) () -> manyGeoJson(200_001),
                413,
                "payload_too_large",
                "features"));
        c.add(Arguments.of(
                "text/plain",
                keep,
                "text/plain",
                text("lon,lat,weight\n121.4,31.2,1\n"),
                415,
                "unsupported_media_type",
                "Content-Type"));
        c.add(Arguments.of(
                "no Content-Type",
                keep,
                null,
                text("lon,lat,weight\n121.4,31.2,1\n"),
                415,
                "unsupported_media_type",
                "Content-Type"));
        c.add(Arguments.of(
                "an unknown parameter",
                keep + "&mode=x",
                CSV,
                text("lon,lat,weight\n121.4,31.2,1\n"),
                400,
                invalid,
                "mode"));
        return c.stream();
    }

    private static Supplier<String> text(String s) {
        return () -> s;
    }

    /** n valid points in a 0.5° square: only their number is wrong. */
    static String manyCsv(int n) {
        StringBuilder sb = new StringBuilder(n * 24).append("lon,lat,weight\n");
        for (int i = 0; i < n; i++) {
            sb.append(121.2 + (i % 500) * 0.001)
                    .append(',')
                    .append(31.0 + (i / 500) * 0.001)
                    .append(",1\n");
        }
        return sb.toString();
    }

    static String manyGeoJson(int n) {
        StringBuilder sb = new StringBuilder(n * 100).append("{\"type\":\"FeatureCollection\",\"features\":[");
        for (int i = 0; i < n; i++) {
            sb.append(i == 0 ? "" : ",")
                    .append("{\"type\":\"Feature\",\"geometry\":{\"type\":\"Point\",\"coordinates\":[")
                    .append(121.2 + (i % 500) * 0.001)
                    .append(',')
                    .append(31.0 + (i / 500) * 0.001)
                    .append("]},\"properties\":{\"weight\":1}}");
        }
        return sb.append("]}").toString();
    }
}
