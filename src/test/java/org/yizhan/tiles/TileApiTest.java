package org.yizhan.tiles;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.yizhan.support.ErrorAssertions.assertJsonError;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.yizhan.support.Api;
import org.yizhan.support.Api.Resp;
import org.yizhan.support.Fixtures;
import org.yizhan.support.TestApp;

@DisplayName("Vector tiles: stations and clusters as MVT, filters, ETags from the data version, never stale")
class TileApiTest {

    private static final double WORLD = 40075016.68557849;
    /** A z16 tile in Shanghai (People's Square). */
    private static final int Z = 16;

    private static final int TX = tileX(121.4737, Z);
    private static final int TY = tileY(31.2304, Z);
    /** A station tile's ETag: data version, stale cutoff (hours since 1970), filter tag, format. */
    private static final String STATION_ETAG = "W/\"[0-9]+\\.[0-9]+\\.[0-9a-f]{12}\\.[0-9]+\"";
    /** How long a verification holds on the test server (the default YIZHAN_STALE_DAYS: TestApp sets none). */
    private static final Duration STALE_AFTER = Duration.ofDays(180);

    private final Api api = TestApp.api();
    /** What was imported: external id → lon, lat, kind, category, status, name, stale now ("true" / "false"). */
    private final Map<String, String[]> stations = new TreeMap<>();

    @BeforeEach
    void fixtures() {
        TestApp.reset();
        Random r = new Random(3);
        StringBuilder csv = new StringBuilder("external_id,lon,lat,kind,category,name,status,last_verified_at\n");
        String[] kinds = {"rest_station", "parking", "meal"};
        String[] statuses = {"open", "open", "temporarily_closed", "closed"};
        int n = 0;
        // Inside the z16 tile, away from its edges (at least 100 of 4096 units), so rounding cannot move them out.
        double[] b = bounds(TX, TY, Z);
        for (int i = 0; i < 40; i++) {
            double lon = b[0] + (b[2] - b[0]) * (0.03 + 0.94 * r.nextDouble());
            double lat = lat(b, 0.03 + 0.94 * r.nextDouble());
            // never verified, verified long ago (both stale), verified just now (fresh)
            add(
                    csv,
                    "in-" + n++,
                    lon,
                    lat,
                    kinds[i % 3],
                    statuses[i % 4],
                    i % 5 == 0 ? "" : i % 5 == 1 ? LONG_AGO : now(),
                    r);
        }
        // Just outside the tile's east edge (within its 64-unit margin) and well outside it.
        add(csv, "margin-0", b[2] + (b[2] - b[0]) * 0.005, lat(b, 0.5), "meal", "open", r);
        add(csv, "far-0", b[2] + (b[2] - b[0]) * 0.5, lat(b, 0.5), "meal", "open", r);
        // A city's worth around Shanghai, Beijing, Guangzhou and Ürümqi for the clusters.
        double[][] centres = {{121.47, 31.23}, {116.40, 39.90}, {113.26, 23.13}, {87.62, 43.83}};
        for (int i = 0; i < 1200; i++) {
            double[] c = centres[i % centres.length];
            add(
                    csv,
                    "city-" + i,
                    c[0] + r.nextGaussian() * 0.3,
                    c[1] + r.nextGaussian() * 0.25,
                    kinds[r.nextInt(3)],
                    statuses[r.nextInt(4)],
                    r);
        }
        Resp imported = api.send(
                HttpMethod.POST,
                "/api/v1/stations/import",
                "text/csv",
                Buffer.buffer(csv.toString()),
                Map.of("Authorization", "Bearer " + TestApp.ADMIN_TOKEN));
        assertEquals(200, imported.status(), imported.toString());
    }

    @AfterEach
    void realTime() {
        TestApp.clock().reset();
    }

    private void add(StringBuilder csv, String id, double lon, double lat, String kind, String status, Random r) {
        add(csv, id, lon, lat, kind, status, "", r);
    }

    private void add(
            StringBuilder csv,
            String id,
            double lon,
            double lat,
            String kind,
            String status,
            String verified,
            Random r) {
        String category = kind.equals("rest_station") ? (r.nextBoolean() ? "union_station" : "driver_home") : "";
        String name = "驿站 " + id;
        csv.append(String.format(
                Locale.ROOT, "%s,%.7f,%.7f,%s,%s,%s,%s,%s%n", id, lon, lat, kind, category, name, status, verified));
        boolean stale = verified.isEmpty() || verified.equals(LONG_AGO);
        stations.put(id, new String[] {
            Double.toString(lon), Double.toString(lat), kind, category, status, name, Boolean.toString(stale)
        });
    }

    private static final String LONG_AGO = "2020-01-01T00:00:00Z";

    private static String now() {
        return Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
    }

    // ------------------------------------------------------------------------------------ features

    @Test
    @DisplayName(
            "at z16 the tile holds exactly the stations in it (closed ones left out by default), with id, kind, category, status, stale and name")
    void pointsAtHighZoom() {
        Resp r = api.get(tileUri(Z, TX, TY, ""));
        assertEquals(200, r.status(), r.toString());
        assertEquals("application/vnd.mapbox-vector-tile", r.header("Content-Type"));
        Mvt.Layer layer = Mvt.decode(r.body().getBytes()).get("stations");
        assertNotNull(layer, "a stations layer");
        assertEquals(2, layer.version());
        assertEquals(4096, layer.extent());

        Map<Long, Map<String, Object>> inside = new HashMap<>();
        List<Mvt.Feature> outside = new ArrayList<>();
        for (Mvt.Feature f : layer.features()) {
            assertEquals(1, f.type(), "points");
            assertEquals(f.id(), ((Number) f.props().get("id")).longValue(), "feature id = station id");
            if (f.inside(4096)) {
                inside.put(f.id(), f.props());
            } else {
                outside.add(f);
            }
        }
        Map<Long, String[]> expected = new HashMap<>();
        Map<String, Long> ids = idsByExternalId();
        stations.forEach((ext, s) -> {
            if (ext.startsWith("in-") && !s[4].equals("closed")) {
                expected.put(ids.get(ext), s);
            }
        });
        assertEquals(expected.keySet(), inside.keySet(), "stations in the tile");
        expected.forEach((id, s) -> {
            Map<String, Object> p = inside.get(id);
            assertEquals(s[2], p.get("kind"), "kind of " + id);
            assertEquals(s[3].isEmpty() ? null : s[3], p.get("category"), "category of " + id);
            assertEquals(s[4], p.get("status"), "status of " + id);
            assertEquals(s[5], p.get("name"), "name of " + id);
            assertEquals(Boolean.parseBoolean(s[6]), p.get("stale"), "stale of " + id);
        });
        assertTrue(
                inside.values().stream().anyMatch(p -> Boolean.TRUE.equals(p.get("stale")))
                        && inside.values().stream().anyMatch(p -> Boolean.FALSE.equals(p.get("stale"))),
                "fixture: stale and fresh");
        // The station just east of the tile is drawn in its margin; the one further away is not.
        assertEquals(
                List.of(ids.get("margin-0")),
                outside.stream().map(Mvt.Feature::id).toList());
        int[] p = outside.get(0).point();
        assertTrue(p[0] >= 4096 && p[0] <= 4096 + 64, "margin point at " + p[0]);
    }

    @Test
    @DisplayName("filters apply to tiles: kind, status, and a filter that matches nothing gives an empty tile (204)")
    void filters() {
        Mvt.Layer meals = Mvt.decode(
                        api.get(tileUri(Z, TX, TY, "?kind=meal")).body().getBytes())
                .get("stations");
        assertFalse(meals.features().isEmpty());
        assertTrue(
                meals.features().stream().allMatch(f -> "meal".equals(f.props().get("kind"))), "only meal points");

        Mvt.Layer closed = Mvt.decode(
                        api.get(tileUri(Z, TX, TY, "?status=closed")).body().getBytes())
                .get("stations");
        long expectedClosed = stations.entrySet().stream()
                .filter(e -> e.getKey().startsWith("in-") && e.getValue()[4].equals("closed"))
                .count();
        assertEquals(
                expectedClosed,
                closed.features().stream().filter(f -> f.inside(4096)).count());
        assertTrue(closed.features().stream()
                .allMatch(f -> "closed".equals(f.props().get("status"))));

        Resp none = api.get(tileUri(Z, TX, TY, "?kind=parking&category=union_station"));
        assertEquals(204, none.status(), none.toString());
        assertNotNull(none.header("ETag"));
    }

    @Test
    @DisplayName("names appear from zoom 15; below that station points carry no name")
    void namesAtHighZoomOnly() {
        Mvt.Layer z14 = Mvt.decode(
                        api.get(tileUri(14, TX >> 2, TY >> 2, "")).body().getBytes())
                .get("stations");
        assertFalse(z14.features().isEmpty());
        assertTrue(z14.features().stream().noneMatch(f -> f.props().containsKey("name")));
        assertTrue(z14.features().stream().allMatch(f -> f.props().containsKey("id")), "z14 is one point per station");
    }

    @Test
    @DisplayName(
            "at z4 stations come as clusters whose counts sum to the stations in the tile, far fewer features than stations")
    void clustersAtLowZoom() {
        int z = 4;
        int x = tileX(121.47, z);
        int y = tileY(31.23, z);
        Resp r = api.get(tileUri(z, x, y, ""));
        assertEquals(200, r.status(), r.toString());
        Mvt.Layer layer = Mvt.decode(r.body().getBytes()).get("stations");
        long sum = 0;
        int features = 0;
        for (Mvt.Feature f : layer.features()) {
            long count = ((Number) f.props().get("count")).longValue();
            assertTrue(count >= 1);
            assertEquals(count > 1, f.props().get("cluster"), "cluster flag of " + f.props());
            assertEquals(count > 1, f.id() == null && !f.props().containsKey("id"), "only single stations carry an id");
            assertTrue(
                    Set.of("rest_station", "parking", "meal").contains(f.props().get("kind")));
            if (f.inside(4096)) {
                sum += count;
                features++;
            }
        }
        long expected = stations.values().stream()
                .filter(s -> !s[4].equals("closed")
                        && tileX(Double.parseDouble(s[0]), z) == x
                        && tileY(Double.parseDouble(s[1]), z) == y)
                .count();
        assertTrue(expected > 500, "fixture: " + expected + " stations in the z4 tile");
        assertEquals(expected, sum, "cluster counts in the tile");
        assertTrue(
                features < expected / 5 && features <= 16 * 16, features + " clusters for " + expected + " stations");
    }

    @Test
    @DisplayName(
            "bench/tiles.sh's pgbench statement (TileSql) is the server's: run on the database it gives the very bytes of the served tile, at z16 and z4")
    void benchStatementIsTheServers() {
        TestApp.clock().reset();
        for (int[] t : List.of(new int[] {Z, TX, TY}, new int[] {4, tileX(121.47, 4), tileY(31.23, 4)})) {
            Resp r = api.get(tileUri(t[0], t[1], t[2], ""));
            assertEquals(200, r.status(), r.toString());
            String sql = TileSql.forZoom(t[0], TestApp.clock().instant());
            assertFalse(sql.contains("$"), "every parameter replaced: " + sql);
            Row row = TestApp.await(TestApp.sql()
                            .query(sql.replace(":z", Integer.toString(t[0]))
                                    .replace(":x", Integer.toString(t[1]))
                                    .replace(":y", Integer.toString(t[2])))
                            .execute())
                    .iterator()
                    .next();
            assertArrayEquals(r.body().getBytes(), row.getBuffer(0).getBytes(), "tile z" + t[0]);
        }
    }

    // ------------------------------------------------------------------------------------ freshness

    @Test
    @DisplayName("a station create, patch and delete each change the very next tile and its ETag")
    void writesChangeTheNextTile() {
        String uri = tileUri(Z, TX, TY, "");
        Resp before = api.get(uri);
        double[] b = bounds(TX, TY, Z);
        double lon = (b[0] + b[2]) / 2;
        double lat = lat(b, 0.5);

        Resp created = api.post("/api/v1/stations", Fixtures.restStation("新驿站", lon, lat));
        assertEquals(201, created.status(), created.toString());
        long id = created.json().getLong("id");
        Resp afterCreate = api.get(uri);
        assertNotEquals(before.header("ETag"), afterCreate.header("ETag"));
        assertEquals("新驿站", byId(afterCreate).get(id).get("name"));

        Resp patched = api.admin(
                HttpMethod.PATCH,
                "/api/v1/stations/" + id,
                new JsonObject().put("properties", new JsonObject().put("name", "改名驿站")),
                Map.of("If-Match", created.header("ETag")));
        assertEquals(200, patched.status(), patched.toString());
        Resp afterPatch = api.get(uri);
        assertNotEquals(afterCreate.header("ETag"), afterPatch.header("ETag"));
        assertEquals("改名驿站", byId(afterPatch).get(id).get("name"));

        Resp deleted = api.admin(HttpMethod.DELETE, "/api/v1/stations/" + id, null, Map.of("If-Match", "*"));
        assertEquals(204, deleted.status(), deleted.toString());
        Resp afterDelete = api.get(uri);
        assertNotEquals(afterPatch.header("ETag"), afterDelete.header("ETag"));
        assertFalse(byId(afterDelete).containsKey(id), "the deleted station is gone");
    }

    @Test
    @DisplayName(
            "If-None-Match with the current ETag answers 304 without a body; after a write by another instance (straight SQL) it answers 200 with the change")
    void revalidation() {
        String uri = tileUri(Z, TX, TY, "");
        midHour();
        Resp first = api.get(uri);
        String etag = first.header("ETag");
        assertNotNull(etag);
        assertTrue(etag.matches(STATION_ETAG), etag);
        String cache = first.header("Cache-Control");
        assertTrue("no-cache".equals(cache), "tiles are cached only with revalidation: " + cache);

        Resp again = send(uri, etag);
        assertEquals(304, again.status(), again.toString());
        assertTrue(again.body() == null || again.body().length() == 0);
        assertEquals(etag, again.header("ETag"));
        assertEquals(304, send(uri, "W/\"1.0\", " + etag).status(), "a list of tags");
        assertEquals(200, send(uri, "W/\"1.0\"").status(), "an old tag");

        long id = idsByExternalId().get("in-0");
        TestApp.await(TestApp.sql()
                .query("UPDATE station SET name = '另一实例' WHERE id = " + id)
                .execute());
        Resp changed = send(uri, etag);
        assertEquals(200, changed.status(), changed.toString());
        assertNotEquals(etag, changed.header("ETag"));
        assertEquals("另一实例", byId(changed).get(id).get("name"));
    }

    @Test
    @DisplayName(
            "a station turns stale in the very next tile when the server's clock passes its stale date: a new ETag, never a 304 with the old copy")
    void staleWhenTheClockMoves() {
        Duration offset = midHour();
        // Lhasa: far from the fixture's cities, so that at z4 its cell holds it alone (a cluster of one).
        double lon = 91.13;
        double lat = 29.65;
        String verified = TestApp.clock()
                .instant()
                .minus(STALE_AFTER)
                .plus(Duration.ofHours(3))
                .truncatedTo(ChronoUnit.SECONDS)
                .toString();
        JsonObject feature = Fixtures.restStation("拉萨驿站", lon, lat);
        feature.getJsonObject("properties").put("last_verified_at", verified);
        Resp created = api.post("/api/v1/stations", feature);
        assertEquals(201, created.status(), created.toString());
        long id = created.json().getLong("id");
        String points = tileUri(Z, tileX(lon, Z), tileY(lat, Z), "");
        String clusters = tileUri(4, tileX(lon, 4), tileY(lat, 4), "");

        Resp fresh = api.get(points);
        assertEquals(false, byId(fresh).get(id).get("stale"), "fresh: verified less than the stale age ago");
        assertEquals(false, station(api.get(clusters), id).get("stale"), "a cluster of one carries stale");
        assertEquals(304, send(points, fresh.header("ETag")).status(), "unchanged within the hour");

        TestApp.clock().setOffset(offset.plus(Duration.ofHours(4)));
        assertTrue(
                api.get("/api/v1/stations/" + id)
                        .json()
                        .getJsonObject("properties")
                        .getBoolean("stale"),
                "the JSON read agrees");
        Resp stale = send(points, fresh.header("ETag"));
        assertEquals(200, stale.status(), "the old copy is not revalidated: " + stale);
        assertNotEquals(fresh.header("ETag"), stale.header("ETag"));
        assertEquals(true, byId(stale).get(id).get("stale"));
        assertEquals(true, station(api.get(clusters), id).get("stale"));
        assertEquals(304, send(points, stale.header("ETag")).status(), "and the new copy revalidates");
    }

    @Test
    @DisplayName(
            "a tile's ETag names its filter: another filter's copy is not revalidated, the order of the values does not matter")
    void etagNamesTheFilter() {
        midHour();
        String all = api.get(tileUri(Z, TX, TY, "")).header("ETag");
        Resp meal = api.get(tileUri(Z, TX, TY, "?kind=meal"));
        assertTrue(meal.header("ETag").matches(STATION_ETAG), meal.header("ETag"));
        assertNotEquals(all, meal.header("ETag"));
        assertEquals(
                200,
                send(tileUri(Z, TX, TY, "?kind=meal"), all).status(),
                "the unfiltered copy is not the meal points'");
        assertEquals(
                304, send(tileUri(Z, TX, TY, "?kind=meal"), meal.header("ETag")).status());
        assertEquals(
                api.get(tileUri(Z, TX, TY, "?kind=meal,parking")).header("ETag"),
                api.get(tileUri(Z, TX, TY, "?kind=parking,meal")).header("ETag"));
        String none = api.get(tileUri(Z, TX, TY, "?kind=parking&category=union_station"))
                .header("ETag");
        assertTrue(none.matches(STATION_ETAG), none);
        assertNotEquals(all, none, "an empty answer for a filter that matches nothing has its own tag too");
    }

    /**
     * Moves the server's clock to the middle of an hour, so that the tiles' stale cutoff (whole hours)
     * cannot move between two requests of a test.
     */
    private static Duration midHour() {
        Duration offset = Duration.ofSeconds(1800 - Instant.now().getEpochSecond() % 3600);
        TestApp.clock().setOffset(offset);
        return offset;
    }

    // ------------------------------------------------------------------------------------ bad input

    @Test
    @DisplayName("bad z, x, y and query parameters are 400s naming the field")
    void badAddresses() {
        assertJsonError(api.get("/api/v1/tiles/stations/23/0/0.mvt"), "z too deep", 400, "invalid_parameter", "z");
        assertJsonError(api.get("/api/v1/tiles/stations/-1/0/0.mvt"), "negative z", 400, "invalid_parameter", "z");
        assertJsonError(api.get("/api/v1/tiles/stations/a/0/0.mvt"), "z not a number", 400, "invalid_parameter", "z");
        assertJsonError(api.get("/api/v1/tiles/stations/4/16/0.mvt"), "x past 2^z - 1", 400, "invalid_parameter", "x");
        assertJsonError(api.get("/api/v1/tiles/stations/4/0/16.mvt"), "y past 2^z - 1", 400, "invalid_parameter", "y");
        assertJsonError(api.get("/api/v1/tiles/stations/0/0/1.mvt"), "y past 0 at z0", 400, "invalid_parameter", "y");
        assertJsonError(api.get("/api/v1/tiles/stations/4/1.5/0.mvt"), "x a fraction", 400, "invalid_parameter", "x");
        assertJsonError(api.get("/api/v1/tiles/stations/4/0/99999999999.mvt"), "huge y", 400, "invalid_parameter", "y");
        assertJsonError(api.get("/api/v1/tiles/regions/4/0/16.mvt"), "region y", 400, "invalid_parameter", "y");
        assertJsonError(api.get(tileUri(Z, TX, TY, "?kind=boat")), "kind", 400, "invalid_parameter", "kind");
        assertJsonError(api.get(tileUri(Z, TX, TY, "?zoom=3")), "unknown", 400, "invalid_parameter", "zoom");
        assertJsonError(
                api.get("/api/v1/tiles/stations.json?kind=boat"), "TileJSON kind", 400, "invalid_parameter", "kind");
        int deepest = api.get("/api/v1/tiles/stations/22/4194303/4194303.mvt").status();
        assertTrue(deepest == 204, "an empty corner tile: " + deepest);
    }

    // ------------------------------------------------------------------------------------ TileJSON, regions

    @Test
    @DisplayName("TileJSON names the tile URL with the same filters, the layer, its fields and the zoom range")
    void tileJson() {
        Resp r = api.get("/api/v1/tiles/stations.json?kind=meal");
        assertEquals(200, r.status(), r.toString());
        JsonObject doc = r.json();
        assertEquals("3.0.0", doc.getString("tilejson"));
        String url = doc.getJsonArray("tiles").getString(0);
        assertTrue(
                url.matches("http://127\\.0\\.0\\.1:[0-9]+/api/v1/tiles/stations/\\{z}/\\{x}/\\{y}\\.mvt\\?kind=meal"),
                url);
        JsonObject layer = doc.getJsonArray("vector_layers").getJsonObject(0);
        assertEquals("stations", layer.getString("id"));
        assertEquals(
                Set.of("id", "kind", "category", "status", "stale", "name", "count", "cluster"),
                layer.getJsonObject("fields").fieldNames());
        assertEquals(0, doc.getInteger("minzoom"));
        assertEquals(16, doc.getInteger("maxzoom"));
        assertEquals(
                "regions",
                api.get("/api/v1/tiles/regions.json")
                        .json()
                        .getJsonArray("vector_layers")
                        .getJsonObject(0)
                        .getString("id"));
    }

    @Test
    @DisplayName(
            "region tiles hold the regions that meet the tile with id, code, name and level, and change with a region import")
    void regionTiles() {
        String uri = "/api/v1/tiles/regions/10/" + tileX(121.47, 10) + "/" + tileY(31.23, 10) + ".mvt";
        Resp empty = api.get(uri);
        assertEquals(204, empty.status(), empty.toString());
        JsonArray regions =
                new JsonArray().add(Fixtures.rectangleRegion("t-city", "瓦片市", "city", null, 121.3, 31.1, 121.6, 31.35));
        assertEquals(
                200,
                api.post("/api/v1/regions/import", Fixtures.collection(regions)).status());
        Resp r = api.get(uri);
        assertEquals(200, r.status(), r.toString());
        assertNotEquals(empty.header("ETag"), r.header("ETag"));
        Mvt.Layer layer = Mvt.decode(r.body().getBytes()).get("regions");
        assertEquals(1, layer.features().size());
        Mvt.Feature f = layer.features().get(0);
        assertEquals(3, f.type(), "a polygon");
        assertEquals("t-city", f.props().get("code"));
        assertEquals("瓦片市", f.props().get("name"));
        assertEquals("city", f.props().get("level"));
        assertEquals(f.id(), ((Number) f.props().get("id")).longValue());
        assertNull(
                Mvt.decode(api.get(tileUri(Z, TX, TY, "")).body().getBytes()).get("regions"),
                "stations tiles have no regions");
    }

    // ------------------------------------------------------------------------------------ helpers

    private Resp send(String uri, String ifNoneMatch) {
        return api.send(HttpMethod.GET, uri, null, null, Map.of("If-None-Match", ifNoneMatch));
    }

    private static Map<Long, Map<String, Object>> byId(Resp r) {
        assertEquals(200, r.status(), r.toString());
        return Mvt.decode(r.body().getBytes()).get("stations").features().stream()
                .collect(Collectors.toMap(Mvt.Feature::id, Mvt.Feature::props));
    }

    /** The properties of the station with this id (attribute {@code id}: a cluster of one has no feature id). */
    private static Map<String, Object> station(Resp r, long id) {
        assertEquals(200, r.status(), r.toString());
        return Mvt.decode(r.body().getBytes()).get("stations").features().stream()
                .filter(f -> f.props().get("id") instanceof Number n && n.longValue() == id)
                .findFirst()
                .orElseThrow(() -> new AssertionError("station " + id + " not in the tile"))
                .props();
    }

    private static Map<String, Long> idsByExternalId() {
        Map<String, Long> ids = new HashMap<>();
        TestApp.await(TestApp.sql().query("SELECT external_id, id FROM station").execute())
                .forEach(row -> ids.put(row.getString(0), row.getLong(1)));
        return ids;
    }

    private static String tileUri(int z, int x, int y, String query) {
        return "/api/v1/tiles/stations/" + z + "/" + x + "/" + y + ".mvt" + query;
    }

    static int tileX(double lon, int z) {
        return (int) Math.floor((lon + 180) / 360 * (1 << z));
    }

    static int tileY(double lat, int z) {
        double phi = Math.toRadians(lat);
        return (int) Math.floor((1 - Math.log(Math.tan(phi) + 1 / Math.cos(phi)) / Math.PI) / 2 * (1 << z));
    }

    /** The tile's west, south, east, north in degrees. */
    static double[] bounds(int x, int y, int z) {
        double n = 1 << z;
        return new double[] {x / n * 360 - 180, latOf(y + 1, n), (x + 1) / n * 360 - 180, latOf(y, n)};
    }

    private static double latOf(double y, double n) {
        return Math.toDegrees(Math.atan(Math.sinh(Math.PI * (1 - 2 * y / n))));
    }

    /** The latitude a fraction {@code f} of the way from the tile's south to its north edge, in Mercator. */
    private static double lat(double[] b, double f) {
        double s = mercY(b[1]);
        double n = mercY(b[3]);
        return Math.toDegrees(Math.atan(Math.sinh((s + (n - s) * f) / (WORLD / 2) * Math.PI)));
    }

    private static double mercY(double lat) {
        return Math.log(Math.tan(Math.PI / 4 + Math.toRadians(lat) / 2)) * WORLD / 2 / Math.PI;
    }
}
