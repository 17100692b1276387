package org.yizhan.coverage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import net.sf.geographiclib.Geodesic;
import net.sf.geographiclib.GeodesicData;
import net.sf.geographiclib.PolygonArea;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.LinearRing;
import org.locationtech.jts.geom.Point;
import org.locationtech.jts.geom.Polygon;
import org.locationtech.jts.geom.util.PolygonExtracter;
import org.locationtech.jts.operation.union.UnaryUnionOp;
import org.yizhan.http.Csv;
import org.yizhan.support.Api;
import org.yizhan.support.Api.Resp;
import org.yizhan.support.Fixtures;
import org.yizhan.support.TestApp;

@DisplayName("Coverage for planners: gaps, shares, districts, grid, suggestions, what-if")
class CoverageApiTest {
    /** Suggestions, what-if and CSV exports need a planner or admin token (docs/accounts.md). */
    private static final Map<String, String> PLANNING = Map.of("Authorization", "Bearer " + TestApp.ADMIN_TOKEN);

    /** A 10 km x 10 km-ish square in Shanghai, split into a west and an east half. */
    static final double W = 121.40;

    static final double S = 31.15;
    static final double E = 121.505;
    static final double N = 31.24;
    static final double MID = (W + E) / 2;

    private Api api;

    @BeforeEach
    void regions() {
        TestApp.reset();
        api = TestApp.api();
        JsonArray features = new JsonArray()
                .add(Fixtures.rectangleRegion("T", "测试市", "city", null, W, S, E, N))
                .add(Fixtures.rectangleRegion("T-W", "西区", "district", "T", W, S, MID, N))
                .add(Fixtures.rectangleRegion("T-E", "东区", "district", "T", MID, S, E, N));
        Resp r = api.post("/api/v1/regions/import", Fixtures.collection(features));
        assertEquals(200, r.status(), r.toString());
        assertEquals(3, r.json().getInteger("inserted"));
    }

    private void station(String name, double lon, double lat) {
        assertEquals(
                201,
                api.post("/api/v1/stations", Fixtures.restStation(name, lon, lat))
                        .status());
    }

    private void demand(double[][] points) {
        StringBuilder csv = new StringBuilder("lon,lat,weight\n");
        for (double[] p : points) {
            csv.append(p[0]).append(',').append(p[1]).append(',').append(p[2]).append('\n');
        }
        Resp r = api.send(
                HttpMethod.POST,
                "/api/v1/demand/import?source=test",
                "text/csv",
                Buffer.buffer(csv.toString()),
                Map.of("Authorization", "Bearer " + TestApp.ADMIN_TOKEN));
        assertEquals(200, r.status(), r.toString());
    }

    private JsonObject coverage(String query) {
        Resp r = api.get("/api/v1/coverage?" + query);
        assertEquals(200, r.status(), r.toString());
        return r.json();
    }

    /** A point at a geodesic distance and azimuth from another: {lon, lat}. */
    static double[] offset(double lon, double lat, double azimuth, double metres) {
        GeodesicData d = Geodesic.WGS84.Direct(lat, lon, azimuth, metres);
        return new double[] {d.lon2, d.lat2};
    }

    // ---- The independent computation: true geodesic circles, JTS overlay, ellipsoidal areas. ----

    private static final GeometryFactory GF = new GeometryFactory();
    private static final double KX = 111_320 * Math.cos(Math.toRadians((S + N) / 2));
    private static final double KY = 110_574;

    private static Coordinate plane(double lon, double lat) {
        return new Coordinate((lon - W) * KX, (lat - S) * KY);
    }

    private static Polygon geodesicCircle(double lon, double lat, double r) {
        Coordinate[] cs = new Coordinate[361];
        for (int a = 0; a < 360; a++) {
            GeodesicData d = Geodesic.WGS84.Direct(lat, lon, a, r);
            cs[a] = plane(d.lon2, d.lat2);
        }
        cs[360] = cs[0];
        return GF.createPolygon(cs);
    }

    private static double ringAreaM2(LinearRing ring) {
        PolygonArea pa = new PolygonArea(Geodesic.WGS84, false);
        Coordinate[] cs = ring.getCoordinates();
        for (int i = 0; i < cs.length - 1; i++) {
            pa.AddPoint(S + cs[i].y / KY, W + cs[i].x / KX);
        }
        return Math.abs(pa.Compute(false, true).area);
    }

    private static double ellipsoidalKm2(Geometry g) {
        double m2 = 0;
        @SuppressWarnings("unchecked")
        List<Polygon> parts = PolygonExtracter.getPolygons(g);
        for (Polygon p : parts) {
            m2 += ringAreaM2(p.getExteriorRing());
            for (int h = 0; h < p.getNumInteriorRing(); h++) {
                m2 -= ringAreaM2(p.getInteriorRingN(h));
            }
        }
        return m2 / 1e6;
    }

    private static Polygon square(double w, double s, double e, double n) {
        // Densified edges so that the plane's slight curvature of parallels does not matter.
        List<Coordinate> cs = new ArrayList<>();
        int steps = 50;
        for (int i = 0; i < steps; i++) {
            cs.add(plane(w + (e - w) * i / steps, s));
        }
        for (int i = 0; i < steps; i++) {
            cs.add(plane(e, s + (n - s) * i / steps));
        }
        for (int i = 0; i < steps; i++) {
            cs.add(plane(e - (e - w) * i / steps, n));
        }
        for (int i = 0; i < steps; i++) {
            cs.add(plane(w, n - (n - s) * i / steps));
        }
        cs.add(cs.get(0));
        return GF.createPolygon(cs.toArray(Coordinate[]::new));
    }

    @Test
    @DisplayName(
            "uncovered and covered areas agree within 0.5 % with an independent computation (geodesic circles, ellipsoidal areas)")
    void areasAgreeWithIndependentComputation() {
        Random rnd = new Random(5);
        List<Polygon> circles = new ArrayList<>();
        double r = 1_000;
        for (int i = 0; i < 30; i++) {
            // Some outside the square, within the radius of it: they must count too.
            double lon = W - 0.008 + rnd.nextDouble() * (E - W + 0.016);
            double lat = S - 0.008 + rnd.nextDouble() * (N - S + 0.016);
            station("随机" + i, lon, lat);
            circles.add(geodesicCircle(lon, lat, r));
        }
        Polygon area = square(W, S, E, N);
        Geometry union = UnaryUnionOp.union(circles);
        double expectedArea = ellipsoidalKm2(area);
        double expectedUncovered = ellipsoidalKm2(area.difference(union));
        double expectedCovered = expectedArea - expectedUncovered;
        assertTrue(
                expectedUncovered > 0.3 * expectedArea && expectedCovered > 0.2 * expectedArea,
                "the case has real gaps and real coverage");

        JsonObject c = coverage("region=T&kind=rest_station&radius_m=1000&max_gaps=1000");
        double uncovered = c.getDouble("area_km2") - c.getDouble("covered_km2");
        assertEquals(expectedArea, c.getDouble("area_km2"), expectedArea * 0.005, "area");
        assertEquals(expectedUncovered, uncovered, expectedUncovered * 0.005, "uncovered area");
        assertEquals(expectedCovered, c.getDouble("covered_km2"), expectedCovered * 0.005, "covered area");
        double gapSum = c.getJsonObject("gaps").getJsonArray("features").stream()
                .mapToDouble(f -> ((JsonObject) f).getJsonObject("properties").getDouble("area_km2"))
                .sum();
        assertEquals(uncovered, gapSum, 0.001, "the gaps add up to the uncovered area");
        assertEquals(
                c.getInteger("gaps_total"),
                c.getJsonObject("gaps").getJsonArray("features").size());
        assertEquals(30, c.getLong("stations_considered"));
    }

    @Test
    @DisplayName("demand shares are exact on a hand-made case, and each gap carries the demand inside it")
    void demandSharesExact() {
        double[] st = {121.45, 31.20};
        station("中心", st[0], st[1]);
        double[] near1 = offset(st[0], st[1], 10, 300);
        double[] near2 = offset(st[0], st[1], 200, 900);
        double[] far1 = offset(st[0], st[1], 90, 2_500);
        double[] far2 = offset(st[0], st[1], 270, 3_000);
        double[] outside = {121.60, 31.20};
        demand(new double[][] {
            {near1[0], near1[1], 5},
            {near2[0], near2[1], 7},
            {far1[0], far1[1], 11},
            {far2[0], far2[1], 13},
            {outside[0], outside[1], 1000}
        });
        JsonObject c = coverage("region=T&radius_m=1000&max_gaps=1000");
        assertEquals(36.0, c.getDouble("demand_total"), 1e-9, "the point outside the region does not count");
        assertEquals(12.0, c.getDouble("demand_covered"), 1e-9);
        assertEquals(12.0 / 36.0, c.getDouble("demand_share"), 1e-6);
        double gapDemand = c.getJsonObject("gaps").getJsonArray("features").stream()
                .mapToDouble(f -> ((JsonObject) f).getJsonObject("properties").getDouble("demand"))
                .sum();
        assertEquals(24.0, gapDemand, 1e-9);
        // At 3.5 km every demand point is covered.
        JsonObject wide = coverage("region=T&radius_m=3500");
        assertEquals(36.0, wide.getDouble("demand_covered"), 1e-9);
    }

    @Test
    @DisplayName("a region without stations is one gap of its whole area; without demand the demand share is null")
    void emptyRegion() {
        JsonObject c = coverage("region=T&radius_m=1000");
        assertEquals(0.0, c.getDouble("covered_km2"), 1e-9);
        assertEquals(0.0, c.getDouble("covered_share"), 1e-9);
        assertEquals(1, c.getInteger("gaps_total"));
        JsonObject gap = c.getJsonObject("gaps").getJsonArray("features").getJsonObject(0);
        assertEquals(c.getDouble("area_km2"), gap.getJsonObject("properties").getDouble("area_km2"), 1e-3);
        assertEquals("Polygon", gap.getJsonObject("geometry").getString("type"));
        assertEquals(0L, c.getLong("stations_considered"));
        assertNull(c.getValue("demand_share"));
    }

    @Test
    @DisplayName("a fully covered region has share 1 and no gaps")
    void fullyCovered() {
        JsonArray small = new JsonArray()
                .add(Fixtures.rectangleRegion("TINY", "小区", "custom", null, 121.450, 31.200, 121.452, 31.2015));
        assertEquals(
                200,
                api.post("/api/v1/regions/import", Fixtures.collection(small)).status());
        station("覆盖", 121.451, 31.2008);
        JsonObject c = coverage("region=TINY&radius_m=1000");
        assertEquals(1.0, c.getDouble("covered_share"), 1e-6);
        assertEquals(0, c.getInteger("gaps_total"));
    }

    @Test
    @DisplayName(
            "a station outside the region but within the radius covers part of it (coverage crosses district lines)")
    void radiusCrossesDistrictLine() {
        double[] outside = offset(W, (S + N) / 2, 270, 400);
        station("界外", outside[0], outside[1]);
        JsonObject c = coverage("region=T-W&radius_m=1000");
        assertEquals(1L, c.getLong("stations_considered"));
        assertTrue(c.getDouble("covered_km2") > 0.5, "a 1 km circle 400 m outside still covers > 0.5 km² inside");
        JsonObject east = coverage("region=T-E&radius_m=1000");
        assertEquals(0L, east.getLong("stations_considered"), "too far from the east half");
    }

    @Test
    @DisplayName(
            "districts: one row per child with area and demand shares, station counts and the largest gap; CSV too")
    void districts() {
        station("西一", 121.42, 31.19);
        station("西二", 121.43, 31.21);
        demand(new double[][] {{121.421, 31.191, 4}, {121.49, 31.22, 6}});
        Resp r = api.get("/api/v1/coverage/districts?parent=T&radius_m=1000");
        assertEquals(200, r.status(), r.toString());
        JsonArray rows = r.json().getJsonArray("districts");
        assertEquals(2, rows.size());
        assertEquals(
                List.of("T-E", "T-W"),
                rows.stream().map(o -> ((JsonObject) o).getString("code")).toList(),
                "rows ordered by code");
        JsonObject east = rows.getJsonObject(0);
        JsonObject west = rows.getJsonObject(1);
        assertEquals(2, west.getInteger("stations"), rows.encodePrettily());
        assertEquals(0, east.getInteger("stations"));
        assertEquals(4.0, west.getDouble("demand_covered"), 1e-9);
        assertEquals(1.0, west.getDouble("demand_share"), 1e-9);
        assertEquals(0.0, east.getDouble("demand_share"), 1e-9);
        assertEquals(
                east.getDouble("area_km2"), east.getDouble("largest_gap_km2"), 1e-3, "nothing covers the east half");
        assertTrue(west.getDouble("covered_share") > 0.05 && west.getDouble("covered_share") < 0.5);
        JsonObject whole = coverage("region=T&radius_m=1000");
        assertEquals(
                whole.getDouble("covered_km2"),
                west.getDouble("covered_km2") + east.getDouble("covered_km2"),
                whole.getDouble("covered_km2") * 0.001,
                "the halves add up to the whole");

        Resp csv = api.send(
                HttpMethod.GET, "/api/v1/coverage/districts?parent=T&radius_m=1000&format=csv", null, null, PLANNING);
        assertEquals(200, csv.status());
        assertTrue(csv.header("Content-Type").startsWith("text/csv"));
        String[] lines = csv.body().toString().replace("\uFEFF", "").split("\r\n");
        assertEquals(3, lines.length);
        assertTrue(lines[0].startsWith("code,name,area_km2,covered_km2,covered_share"));
    }

    @Test
    @DisplayName(
            "grid cells carry the geodesic distance to the nearest station, capped at max_m; too many cells is a 400")
    void grid() {
        double[][] st = {{121.42, 31.19}, {121.47, 31.22}};
        for (double[] s : st) {
            station("格" + s[0], s[0], s[1]);
        }
        Resp r = api.get("/api/v1/coverage/grid?bbox=121.40,31.15,121.50,31.24&cell_m=1000&max_m=3000");
        assertEquals(200, r.status(), r.toString());
        JsonArray cells = r.json().getJsonArray("features");
        assertTrue(cells.size() > 80 && cells.size() < 130, "about 10 x 10 cells of 1 km, got " + cells.size());
        int capped = 0;
        for (Object o : cells) {
            JsonObject f = (JsonObject) o;
            JsonArray ring =
                    f.getJsonObject("geometry").getJsonArray("coordinates").getJsonArray(0);
            double clon =
                    (ring.getJsonArray(0).getDouble(0) + ring.getJsonArray(2).getDouble(0)) / 2;
            double clat =
                    (ring.getJsonArray(0).getDouble(1) + ring.getJsonArray(2).getDouble(1)) / 2;
            double truth = Double.MAX_VALUE;
            for (double[] s : st) {
                truth = Math.min(truth, Geodesic.WGS84.Inverse(clat, clon, s[1], s[0]).s12);
            }
            double got = f.getJsonObject("properties").getDouble("nearest_m");
            if (truth >= 3000) {
                assertEquals(3000.0, got, 1e-6);
                capped++;
            } else {
                assertEquals(truth, got, 1.0, "cell at " + clon + "," + clat);
            }
        }
        assertTrue(capped > 0, "some cells are beyond max_m");
        Resp tooMany = api.get("/api/v1/coverage/grid?bbox=120.0,30.0,122.5,32.0&cell_m=100");
        assertEquals(400, tooMany.status());
        assertEquals("invalid_parameter/cell_m", tooMany.error());
    }

    @Test
    @DisplayName(
            "grid for a region: the region's bounding box, and only the cells that touch the region, as the bbox grid has them")
    void gridForRegion() {
        JsonArray ring = new JsonArray()
                .add(Fixtures.pos(W, S))
                .add(Fixtures.pos(E, S))
                .add(Fixtures.pos(W, N))
                .add(Fixtures.pos(W, S));
        JsonObject triangle = new JsonObject()
                .put("type", "Feature")
                .put("geometry", new JsonObject().put("type", "Polygon").put("coordinates", new JsonArray().add(ring)))
                .put(
                        "properties",
                        new JsonObject().put("code", "TRI").put("name", "三角区").put("level", "custom"));
        assertEquals(
                200,
                api.post("/api/v1/regions/import", Fixtures.collection(new JsonArray().add(triangle)))
                        .status());
        station("格一", 121.42, 31.17);
        station("格二", 121.47, 31.22);

        Resp byRegion = api.get("/api/v1/coverage/grid?region=TRI&cell_m=1000&max_m=3000");
        assertEquals(200, byRegion.status(), byRegion.toString());
        Resp byBox =
                api.get("/api/v1/coverage/grid?bbox=" + W + "," + S + "," + E + "," + N + "&cell_m=1000&max_m=3000");
        assertEquals(200, byBox.status(), byBox.toString());
        assertEquals(
                new JsonArray().add(W).add(S).add(E).add(N), byRegion.json().getJsonArray("bbox"));
        assertEquals("TRI", byRegion.json().getJsonObject("region").getString("code"));

        Polygon region = GF.createPolygon(
                new Coordinate[] {new Coordinate(W, S), new Coordinate(E, S), new Coordinate(W, N), new Coordinate(W, S)
                });
        JsonArray expected = new JsonArray();
        for (Object o : byBox.json().getJsonArray("features")) {
            JsonArray cell = ((JsonObject) o)
                    .getJsonObject("geometry")
                    .getJsonArray("coordinates")
                    .getJsonArray(0);
            Coordinate[] cs = new Coordinate[cell.size()];
            for (int i = 0; i < cs.length; i++) {
                cs[i] = new Coordinate(
                        cell.getJsonArray(i).getDouble(0), cell.getJsonArray(i).getDouble(1));
            }
            if (GF.createPolygon(cs).intersects(region)) {
                expected.add(o);
            }
        }
        int all = byBox.json().getJsonArray("features").size();
        assertTrue(expected.size() > all / 2 && expected.size() < all * 0.7, expected.size() + " of " + all);
        assertEquals(
                expected,
                byRegion.json().getJsonArray("features"),
                "the cells that touch the triangle, with the bbox grid's rows, columns and distances");
        assertEquals(expected.size(), byRegion.json().getInteger("numberReturned"));
    }

    @Test
    @DisplayName(
            "format=csv lists the gaps of the same request: rank, centroid (WGS 84), area in km² and demand, as a download")
    void gapsAsCsv() {
        // A north-south wall of overlapping circles cuts the region into a west and an east gap.
        for (int k = 0; k <= 8; k++) {
            station("墙" + k, MID, S + k * 0.012);
        }
        demand(new double[][] {{121.41, 31.16, 4}, {121.49, 31.23, 6}, {121.48, 31.2, 2.5}, {MID, 31.19, 9}});
        String q = "region=T&radius_m=1000&max_gaps=20";
        JsonArray gaps = coverage(q).getJsonObject("gaps").getJsonArray("features");
        assertTrue(gaps.size() >= 2, "several gaps: " + gaps.size());

        Resp r = api.send(HttpMethod.GET, "/api/v1/coverage?" + q + "&format=csv", null, null, PLANNING);
        assertEquals(200, r.status(), r.toString());
        assertEquals("text/csv; charset=utf-8", r.header("Content-Type"));
        assertEquals("attachment; filename=\"coverage-gaps.csv\"", r.header("Content-Disposition"));
        List<List<String>> rows = Csv.parse(r.body().toString(StandardCharsets.UTF_8));
        List<String> columns = List.of("rank", "centroid_lon", "centroid_lat", "area_km2", "demand");
        assertEquals(columns, rows.get(0));
        assertEquals(gaps.size() + 1, rows.size());
        for (int i = 0; i < gaps.size(); i++) {
            JsonObject gap = gaps.getJsonObject(i);
            for (int c = 0; c < columns.size(); c++) {
                assertEquals(
                        gap.getJsonObject("properties").getDouble(columns.get(c)),
                        Double.parseDouble(rows.get(i + 1).get(c)),
                        "gap " + (i + 1) + " " + columns.get(c));
            }
            // The centroid is the gap polygon's (the GeoJSON one is simplified by 5 m for display).
            JsonArray rings = gap.getJsonObject("geometry").getJsonArray("coordinates");
            Point centroid = GF.createPolygon(
                            lonLatRing(rings.getJsonArray(0)),
                            java.util.stream.IntStream.range(1, rings.size())
                                    .mapToObj(h -> lonLatRing(rings.getJsonArray(h)))
                                    .toArray(LinearRing[]::new))
                    .getCentroid();
            assertEquals(centroid.getX(), Double.parseDouble(rows.get(i + 1).get(1)), 2e-4, "gap " + (i + 1));
            assertEquals(centroid.getY(), Double.parseDouble(rows.get(i + 1).get(2)), 2e-4, "gap " + (i + 1));
        }
    }

    private static LinearRing lonLatRing(JsonArray ring) {
        Coordinate[] cs = new Coordinate[ring.size()];
        for (int i = 0; i < cs.length; i++) {
            cs[i] = new Coordinate(
                    ring.getJsonArray(i).getDouble(0), ring.getJsonArray(i).getDouble(1));
        }
        return GF.createLinearRing(cs);
    }

    @Test
    @DisplayName(
            "suggestions with format csv: the sites and figures of the GeoJSON answer, in the request's crs, as a download")
    void suggestionsAsCsv() {
        demand(new double[][] {{121.42, 31.17, 50}, {121.4205, 31.1705, 40}, {121.48, 31.22, 30}, {121.45, 31.2, 7.5}});
        List<String> columns = List.of(
                "rank",
                "lon",
                "lat",
                "demand_added",
                "area_added_km2",
                "demand_covered_cumulative",
                "demand_share_cumulative",
                "covered_km2_cumulative");
        for (String crs : List.of("wgs84", "gcj02")) {
            JsonObject ask = new JsonObject()
                    .put("region", "T")
                    .put("radius_m", 500)
                    .put("count", 3)
                    .put("crs", crs);
            Resp geo = api.send(
                    HttpMethod.POST, "/api/v1/coverage/suggestions", "application/json", ask.toBuffer(), PLANNING);
            assertEquals(200, geo.status(), geo.toString());
            Resp r = api.send(
                    HttpMethod.POST,
                    "/api/v1/coverage/suggestions",
                    "application/json",
                    ask.copy().put("format", "csv").toBuffer(),
                    PLANNING);
            assertEquals(200, r.status(), r.toString());
            assertEquals("text/csv; charset=utf-8", r.header("Content-Type"));
            assertEquals("attachment; filename=\"coverage-suggestions.csv\"", r.header("Content-Disposition"));
            List<List<String>> rows = Csv.parse(r.body().toString(StandardCharsets.UTF_8));
            assertEquals(columns, rows.get(0));
            JsonArray sites = geo.json().getJsonArray("features");
            assertEquals(3, sites.size());
            assertEquals(sites.size() + 1, rows.size());
            for (int i = 0; i < sites.size(); i++) {
                JsonObject site = sites.getJsonObject(i);
                JsonObject values = site.getJsonObject("properties")
                        .copy()
                        .put(
                                "lon",
                                site.getJsonObject("geometry")
                                        .getJsonArray("coordinates")
                                        .getDouble(0))
                        .put(
                                "lat",
                                site.getJsonObject("geometry")
                                        .getJsonArray("coordinates")
                                        .getDouble(1));
                assertEquals(columns.size(), values.size(), "every property is a column: " + values);
                for (int c = 0; c < columns.size(); c++) {
                    assertEquals(
                            values.getDouble(columns.get(c)),
                            Double.parseDouble(rows.get(i + 1).get(c)),
                            crs + " site " + (i + 1) + " " + columns.get(c));
                }
            }
        }
    }

    @Test
    @DisplayName("what-if: an added site raises coverage, a removed station lowers it, and nothing is written")
    void whatIfWritesNothing() {
        station("甲", 121.42, 31.19);
        station("乙", 121.48, 31.22);
        demand(new double[][] {{121.42, 31.19, 3}, {121.48, 31.22, 5}, {121.45, 31.165, 7}});
        long stations = TestApp.count("SELECT count(*) FROM station");
        long version = TestApp.count("SELECT current_data_version()");
        JsonObject body = new JsonObject()
                .put("region", "T")
                .put("radius_m", 1000)
                .put("add", new JsonArray().add(Fixtures.pos(121.45, 31.165)))
                .put("remove", new JsonArray().add(2));
        Resp r = api.send(HttpMethod.POST, "/api/v1/coverage/what-if", "application/json", body.toBuffer(), PLANNING);
        assertEquals(200, r.status(), r.toString());
        JsonObject before = r.json().getJsonObject("before");
        JsonObject after = r.json().getJsonObject("after");
        assertEquals(8.0, before.getDouble("demand_covered"), 1e-9);
        assertEquals(10.0, after.getDouble("demand_covered"), 1e-9, "adds 7, loses 5");
        assertEquals(2L, before.getLong("stations_considered"));
        assertEquals(2L, after.getLong("stations_considered"));
        assertTrue(
                Math.abs(after.getDouble("covered_km2") - before.getDouble("covered_km2")) < 0.1,
                "one circle in, one circle out (both fully inside)");
        assertEquals(stations, TestApp.count("SELECT count(*) FROM station"));
        assertEquals(version, TestApp.count("SELECT current_data_version()"), "no table was written");
    }

    @Test
    @DisplayName("after a station write the next coverage answer reflects it (the cache never serves stale data)")
    void freshAfterWrites() {
        JsonObject first = coverage("region=T&radius_m=1000");
        JsonObject again = coverage("region=T&radius_m=1000");
        assertTrue(again.getBoolean("cached"));
        station("新站", 121.45, 31.20);
        JsonObject after = coverage("region=T&radius_m=1000");
        assertFalse(after.getBoolean("cached"));
        assertTrue(after.getDouble("covered_km2") > first.getDouble("covered_km2") + 3, "a whole 1 km circle more");
    }

    @Test
    @DisplayName("the data version moves when a write commits, not before (so no answer on old data is cached as new)")
    void dataVersionIsTransactional() {
        io.vertx.sqlclient.Pool pool = io.vertx.pgclient.PgBuilder.pool()
                .connectingTo(TestApp.get().database().connectOptions(60_000))
                .using(TestApp.get().vertx())
                .build();
        try {
            long before = TestApp.count("SELECT current_data_version()");
            io.vertx.sqlclient.SqlConnection writer = TestApp.await(pool.getConnection());
            TestApp.await(writer.query("BEGIN").execute());
            TestApp.await(writer.query("INSERT INTO station (kind, category, name, geom) VALUES "
                            + "('rest_station', 'other', '事务中', ST_SetSRID(ST_MakePoint(121.45, 31.2), 4326))")
                    .execute());
            assertEquals(before, TestApp.count("SELECT current_data_version()"), "not visible before commit");
            TestApp.await(writer.query("COMMIT").execute());
            assertTrue(TestApp.count("SELECT current_data_version()") > before, "visible with the data");
            TestApp.await(writer.close());
        } finally {
            TestApp.await(pool.close());
        }
    }

    @Test
    @DisplayName("suggestions match a brute-force search over the given candidates on a small case")
    void suggestionsMatchBruteForce() {
        Random rnd = new Random(11);
        // Demand clusters of different weights; candidates at and between them.
        double[][] clusters = {{121.41, 31.16}, {121.44, 31.18}, {121.47, 31.21}, {121.49, 31.23}, {121.43, 31.23}};
        double[] weights = {10, 25, 18, 7, 30};
        List<double[]> points = new ArrayList<>();
        for (int c = 0; c < clusters.length; c++) {
            for (int i = 0; i < 4; i++) {
                double[] p =
                        offset(clusters[c][0], clusters[c][1], rnd.nextDouble() * 360, 100 + rnd.nextDouble() * 300);
                points.add(new double[] {p[0], p[1], weights[c] / 4 + i});
            }
        }
        demand(points.toArray(double[][]::new));
        List<double[]> candidates = new ArrayList<>(List.of(clusters));
        candidates.add(new double[] {(clusters[1][0] + clusters[2][0]) / 2, (clusters[1][1] + clusters[2][1]) / 2});
        candidates.add(new double[] {121.50, 31.16});
        JsonArray cand = new JsonArray();
        candidates.forEach(c -> cand.add(Fixtures.pos(c[0], c[1])));

        for (int count = 1; count <= 3; count++) {
            JsonObject body = new JsonObject()
                    .put("region", "T")
                    .put("radius_m", 800)
                    .put("count", count)
                    .put("candidates", cand);
            Resp r = api.send(
                    HttpMethod.POST, "/api/v1/coverage/suggestions", "application/json", body.toBuffer(), PLANNING);
            assertEquals(200, r.status(), r.toString());
            JsonArray sites = r.json().getJsonArray("features");
            assertEquals(count, sites.size());
            double got = sites.stream()
                    .mapToDouble(
                            f -> ((JsonObject) f).getJsonObject("properties").getDouble("demand_added"))
                    .sum();
            double best = bruteForce(points, candidates, count, 800);
            assertEquals(best, got, 1e-9, "count " + count);
            double previous = Double.MAX_VALUE;
            for (Object o : sites) {
                double added = ((JsonObject) o).getJsonObject("properties").getDouble("demand_added");
                assertTrue(added <= previous, "ranked by demand added");
                previous = added;
            }
        }
    }

    /** The best total weight any {@code count} candidates cover within r metres (geodesic). */
    private static double bruteForce(List<double[]> points, List<double[]> cands, int count, double r) {
        int n = cands.size();
        double best = 0;
        for (int mask = 0; mask < (1 << n); mask++) {
            if (Integer.bitCount(mask) != count) {
                continue;
            }
            double total = 0;
            for (double[] p : points) {
                for (int c = 0; c < n; c++) {
                    if ((mask & (1 << c)) != 0
                            && Geodesic.WGS84.Inverse(p[1], p[0], cands.get(c)[1], cands.get(c)[0]).s12 <= r) {
                        total += p[2];
                        break;
                    }
                }
            }
            best = Math.max(best, total);
        }
        return best;
    }

    @Test
    @DisplayName("default suggestions (no candidates) put the first site on the heaviest uncovered demand")
    void defaultCandidates() {
        demand(new double[][] {{121.42, 31.17, 50}, {121.4205, 31.1705, 40}, {121.48, 31.22, 30}});
        JsonObject body =
                new JsonObject().put("region", "T").put("radius_m", 500).put("count", 2);
        Resp r = api.send(
                HttpMethod.POST, "/api/v1/coverage/suggestions", "application/json", body.toBuffer(), PLANNING);
        assertEquals(200, r.status(), r.toString());
        JsonArray sites = r.json().getJsonArray("features");
        JsonObject first = sites.getJsonObject(0);
        assertEquals(90.0, first.getJsonObject("properties").getDouble("demand_added"), 1e-9);
        JsonArray c = first.getJsonObject("geometry").getJsonArray("coordinates");
        assertTrue(Geodesic.WGS84.Inverse(c.getDouble(1), c.getDouble(0), 31.17, 121.42).s12 < 500);
        assertEquals(
                1.0, sites.getJsonObject(1).getJsonObject("properties").getDouble("demand_share_cumulative"), 1e-9);
    }

    @Test
    @DisplayName(
            "what-if takes the suggestions' sites back as they are: Point Features, Points, a FeatureCollection or [lon, lat]")
    void whatIfTakesSuggestedSites() {
        demand(new double[][] {{121.42, 31.17, 50}, {121.4205, 31.1705, 40}, {121.48, 31.22, 30}});
        JsonObject ask =
                new JsonObject().put("region", "T").put("radius_m", 500).put("count", 1);
        JsonObject suggested = api.send(
                        HttpMethod.POST, "/api/v1/coverage/suggestions", "application/json", ask.toBuffer(), PLANNING)
                .json();
        JsonObject site = suggested.getJsonArray("features").getJsonObject(0);
        double added = site.getJsonObject("properties").getDouble("demand_added");
        List<Object> forms = List.of(
                new JsonArray().add(site),
                new JsonArray().add(site.getJsonObject("geometry")),
                suggested,
                new JsonArray().add(site.getJsonObject("geometry").getJsonArray("coordinates")));
        for (Object add : forms) {
            JsonObject body =
                    new JsonObject().put("region", "T").put("radius_m", 500).put("add", add);
            Resp r = api.send(
                    HttpMethod.POST, "/api/v1/coverage/what-if", "application/json", body.toBuffer(), PLANNING);
            assertEquals(200, r.status(), add + " -> " + r);
            double gain = r.json().getJsonObject("after").getDouble("demand_covered")
                    - r.json().getJsonObject("before").getDouble("demand_covered");
            assertEquals(added, gain, 1e-9, "the suggested site adds what the suggestion said, posted as " + add);
        }
        JsonObject line = new JsonObject()
                .put("type", "LineString")
                .put(
                        "coordinates",
                        new JsonArray().add(Fixtures.pos(121.4, 31.1)).add(Fixtures.pos(121.5, 31.2)));
        Resp bad = api.send(
                HttpMethod.POST,
                "/api/v1/coverage/what-if",
                "application/json",
                new JsonObject()
                        .put("region", "T")
                        .put("add", new JsonArray().add(line))
                        .toBuffer(),
                PLANNING);
        assertEquals(400, bad.status(), bad.toString());
        assertEquals("invalid_parameter/add", bad.error());
        assertTrue(bad.json().getJsonObject("error").getString("message").contains("add[0] must be a Point"));
    }
}
