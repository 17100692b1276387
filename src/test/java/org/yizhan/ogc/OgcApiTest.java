package org.yizhan.ogc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.yizhan.support.ErrorAssertions.assertJsonError;

import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.yizhan.support.Api;
import org.yizhan.support.Api.Resp;
import org.yizhan.support.Fixtures;
import org.yizhan.support.TestApp;

/**
 * OGC API – Features through HTTP, mirroring the checks of the OGC test suite for Part 1 Core (landing
 * page, conformance, collections, items with bbox / limit / datetime, paging, single features) and the
 * Part 3 filters, against the real server and PostGIS.
 */
@DisplayName("OGC API – Features at /ogc")
class OgcApiTest {

    /** 25 stations on a line west → east at latitude 31.2; lon = 121.40 + i * 0.01 for i = 0..24. */
    private static final int STATIONS = 25;

    private static final Api API = TestApp.api();
    private static final List<Long> IDS = new ArrayList<>();
    private static long deletedId;

    @BeforeAll
    static void fixtures() {
        TestApp.reset();
        JsonArray features = new JsonArray();
        for (int i = 0; i < STATIONS; i++) {
            JsonObject f = i % 5 == 0
                    ? Fixtures.feature(
                            121.40 + i * 0.01,
                            31.2,
                            new JsonObject()
                                    .put("kind", "parking")
                                    .put("name", "停车点 " + i)
                                    .put("capacity", i * 10)
                                    .put("status", "closed"))
                    : Fixtures.restStation(
                            i == 3 ? "<script>alert(1)</script> 驿站" : "驿站 " + i, 121.40 + i * 0.01, 31.2);
            features.add(f);
        }
        Resp r = API.post("/api/v1/stations/import", Fixtures.collection(features));
        assertEquals(200, r.status(), r::toString);
        TestApp.await(TestApp.sql().query("SELECT id FROM station ORDER BY id").execute())
                .forEach(row -> IDS.add(row.getLong("id")));
        // Two stations last changed in 2020, for datetime; one deleted station, which the OGC API never shows.
        TestApp.await(TestApp.sql()
                .query("UPDATE station SET updated_at = '2020-01-01T00:00:00Z' WHERE id IN (" + IDS.get(1) + ", "
                        + IDS.get(2) + ")")
                .execute());
        Resp extra = API.post("/api/v1/stations", Fixtures.restStation("已删除", 121.45, 31.2));
        assertEquals(201, extra.status(), extra::toString);
        deletedId = extra.json().getLong("id");
        Resp del = API.admin(HttpMethod.DELETE, "/api/v1/stations/" + deletedId, null, Map.of("If-Match", "*"));
        assertEquals(204, del.status(), del::toString);
        JsonArray regions = new JsonArray()
                .add(Fixtures.rectangleRegion("ogc-city", "测试市", "city", null, 121.3, 31.0, 121.8, 31.5))
                .add(Fixtures.rectangleRegion("ogc-west", "西区", "district", "ogc-city", 121.3, 31.0, 121.5, 31.5));
        assertEquals(
                200,
                API.post("/api/v1/regions/import", Fixtures.collection(regions)).status());
    }

    // ------------------------------------------------------------------------------------ Part 1 Core

    @Test
    @DisplayName(
            "the landing page links self, service-desc (OpenAPI 3.0 type), service-doc, conformance and data, each with a type")
    void landingPage() {
        Resp r = ok("/ogc", "application/json");
        JsonArray links = r.json().getJsonArray("links");
        for (Object o : links) {
            assertNotNull(((JsonObject) o).getString("type"), "every link has a type: " + o);
        }
        assertNotNull(rel(links, "self", "application/json"));
        assertNotNull(rel(links, "service-doc", "text/html"));
        assertNotNull(rel(links, "conformance", "application/json"));
        assertNotNull(rel(links, "data", "application/json"));
        JsonObject desc = rel(links, "service-desc", "application/vnd.oai.openapi+json;version=3.0");
        assertNotNull(desc, "service-desc with the exact OpenAPI 3.0 type: " + links);

        Resp doc = API.send(
                HttpMethod.GET,
                path(desc),
                null,
                null,
                Map.of("Accept", "application/vnd.oai.openapi+json;version=3.0"));
        assertEquals(200, doc.status());
        assertEquals("application/vnd.oai.openapi+json;version=3.0", doc.header("Content-Type"));
        assertTrue(doc.json().getString("openapi").startsWith("3.0."));
        assertTrue(doc.json().getJsonObject("paths").containsKey("/collections/{collectionId}/items"));
        assertEquals(
                base() + "/ogc",
                doc.json().getJsonArray("servers").getJsonObject(0).getString("url"));
        for (String key : List.of("service-doc", "conformance", "data")) {
            JsonObject l = links.stream()
                    .map(JsonObject.class::cast)
                    .filter(x -> x.getString("rel").equals(key))
                    .findFirst()
                    .orElseThrow();
            assertEquals(
                    200,
                    API.send(HttpMethod.GET, path(l), null, null, Map.of("Accept", l.getString("type")))
                            .status(),
                    key);
        }
    }

    @Test
    @DisplayName("conformance lists core, geojson, html, oas30 and the filter and CQL2 classes")
    void conformance() {
        JsonArray classes = API.get("/ogc/conformance").json().getJsonArray("conformsTo");
        for (String c : List.of(
                "ogcapi-features-1/1.0/conf/core",
                "ogcapi-features-1/1.0/conf/geojson",
                "ogcapi-features-1/1.0/conf/html",
                "ogcapi-features-1/1.0/conf/oas30",
                "ogcapi-features-3/1.0/conf/filter",
                "ogcapi-features-3/1.0/conf/features-filter",
                "ogcapi-features-3/1.0/conf/queryables",
                "cql2/1.0/conf/cql2-text",
                "cql2/1.0/conf/cql2-json",
                "cql2/1.0/conf/basic-cql2",
                "cql2/1.0/conf/basic-spatial-functions")) {
            assertTrue(classes.contains("http://www.opengis.net/spec/" + c), c + " in " + classes);
        }
    }

    @Test
    @DisplayName(
            "each collection in /collections equals /collections/{id}, with extent, CRS84 and one items link per format")
    void collections() {
        Resp r = API.get("/ogc/collections");
        assertEquals(200, r.status());
        JsonArray list = r.json().getJsonArray("collections");
        assertEquals(
                List.of("stations", "regions"),
                list.stream().map(o -> ((JsonObject) o).getString("id")).toList());
        for (Object o : list) {
            JsonObject c = (JsonObject) o;
            Resp one = API.get("/ogc/collections/" + c.getString("id"));
            assertEquals(200, one.status());
            assertEquals(c, one.json(), "the collection is the same in both places");
            assertEquals(List.of(OgcRoutes.CRS84), c.getJsonArray("crs").getList());
            JsonArray links = c.getJsonArray("links");
            links.forEach(l -> assertNotNull(((JsonObject) l).getString("type"), "type on " + l));
            long items = links.stream()
                    .map(JsonObject.class::cast)
                    .filter(l -> l.getString("rel").equals("items"))
                    .count();
            assertEquals(2, items, "one items link per format");
            assertNotNull(rel(links, "items", "application/geo+json"));
            assertNotNull(rel(links, "items", "text/html"));
            assertEquals(
                    2,
                    c.getJsonObject("extent")
                            .getJsonObject("temporal")
                            .getJsonArray("interval")
                            .getJsonArray(0)
                            .size());
        }
        JsonArray bbox = list.getJsonObject(0)
                .getJsonObject("extent")
                .getJsonObject("spatial")
                .getJsonArray("bbox")
                .getJsonArray(0);
        assertEquals(
                List.of(121.40, 31.2, 121.64, 31.2), bbox.getList(), "the stations' extent, deleted station excluded");
        assertJsonError(API.get("/ogc/collections/nope"), "unknown collection", 404, "not_found", null);
    }

    @Test
    @DisplayName("the stations' extent follows writes: a station further east widens it, its deletion narrows it back")
    void extentFollowsWrites() {
        JsonArray before = stationsBbox();
        assertEquals(before, stationsBbox(), "asked again, unchanged");
        Resp created = API.post("/api/v1/stations", Fixtures.restStation("东边站", 121.70, 31.25));
        assertEquals(201, created.status(), created.toString());
        long id = created.json().getLong("id");
        try {
            JsonArray wider = stationsBbox();
            assertEquals(121.70, wider.getDouble(2), 1e-9, wider.encode());
            assertEquals(31.25, wider.getDouble(3), 1e-9, wider.encode());
        } finally {
            Resp del = API.admin(HttpMethod.DELETE, "/api/v1/stations/" + id, null, Map.of("If-Match", "*"));
            assertEquals(204, del.status(), del.toString());
        }
        assertEquals(before, stationsBbox(), "back to the extent before");
    }

    private static JsonArray stationsBbox() {
        Resp r = API.get("/ogc/collections/stations");
        assertEquals(200, r.status(), r.toString());
        return r.json()
                .getJsonObject("extent")
                .getJsonObject("spatial")
                .getJsonArray("bbox")
                .getJsonArray(0);
    }

    @Test
    @DisplayName("items: bbox (4 or 6 numbers) returns exactly the stations inside it, and numberMatched counts them")
    void itemsBbox() {
        // lon 121.435 .. 121.475 holds i = 4, 5, 6, 7 (121.44 .. 121.47); the deleted station at 121.45 is not a
        // feature.
        for (String bbox : List.of("121.435,31.1,121.475,31.3", "121.435,31.1,-5,121.475,31.3,5000")) {
            JsonObject fc =
                    API.get("/ogc/collections/stations/items?bbox=" + bbox).json();
            assertEquals(4, fc.getInteger("numberMatched"), bbox);
            assertEquals(4, fc.getInteger("numberReturned"));
            assertEquals(Set.of(IDS.get(4), IDS.get(5), IDS.get(6), IDS.get(7)), ids(fc));
        }
        assertEquals(
                0,
                API.get("/ogc/collections/stations/items?bbox=100,10,101,11")
                        .json()
                        .getInteger("numberMatched"));
        for (String bad : List.of("1,2,3", "a,b,c,d", "121,31,120,32", "0,80,1,91", "1,2,3,4,5")) {
            assertJsonError(
                    API.get("/ogc/collections/stations/items?bbox=" + bad), bad, 400, "invalid_parameter", "bbox");
        }
        assertJsonError(
                API.get("/ogc/collections/stations/items?bbox-crs=EPSG:3857&bbox=1,2,3,4"),
                "bbox-crs",
                400,
                "invalid_parameter",
                "bbox-crs");
    }

    @Test
    @DisplayName("items: limit defaults to 10, is clamped above 10,000, and limit=unlimited or 0 is a 400")
    void itemsLimit() {
        JsonObject first = API.get("/ogc/collections/stations/items").json();
        assertEquals(10, first.getInteger("numberReturned"));
        assertEquals(STATIONS, first.getInteger("numberMatched"));
        assertNotNull(first.getString("timeStamp"));
        assertEquals(
                3,
                API.get("/ogc/collections/stations/items?limit=3")
                        .json()
                        .getJsonArray("features")
                        .size());
        Resp clamped = API.get("/ogc/collections/stations/items?limit=1000000");
        assertEquals(200, clamped.status());
        assertEquals(STATIONS, clamped.json().getInteger("numberReturned"));
        for (String bad : List.of("unlimited", "0", "-1", "2.5")) {
            assertJsonError(
                    API.get("/ogc/collections/stations/items?limit=" + bad), bad, 400, "invalid_parameter", "limit");
        }
    }

    @Test
    @DisplayName("items: datetime as an instant, a closed or an open interval selects on updated_at")
    void itemsDatetime() {
        assertEquals(Set.of(IDS.get(1), IDS.get(2)), ids(items("datetime=2020-01-01T00:00:00Z")));
        assertEquals(Set.of(IDS.get(1), IDS.get(2)), ids(items("datetime=2020-01-01")));
        assertEquals(2, items("datetime=../2020-06-01T00:00:00Z").getInteger("numberMatched"));
        assertEquals(
                2, items("datetime=2019-12-31T00:00:00Z/2020-01-02T00:00:00Z").getInteger("numberMatched"));
        assertEquals(STATIONS - 2, items("datetime=2021-01-01T00:00:00Z/..").getInteger("numberMatched"));
        assertEquals(STATIONS, items("datetime=../..").getInteger("numberMatched"));
        for (String bad : List.of("yesterday", "2021-01-01T00:00:00Z/2020-01-01T00:00:00Z", "a/b/c")) {
            assertJsonError(
                    API.get("/ogc/collections/stations/items?datetime=" + enc(bad)),
                    bad,
                    400,
                    "invalid_parameter",
                    "datetime");
        }
    }

    @Test
    @DisplayName("items: an unknown parameter is a 400 naming it; a queryable is a property filter")
    void unknownParameter() {
        assertJsonError(
                API.get("/ogc/collections/stations/items?zz_unknown=1"),
                "unknown",
                400,
                "invalid_parameter",
                "zz_unknown");
        assertJsonError(
                API.get("/ogc/collections/stations/items?code=x"),
                "a region queryable on stations",
                400,
                "invalid_parameter",
                "code");
        assertEquals(5, items("kind=parking").getInteger("numberMatched"));
        assertEquals(Set.of(IDS.get(5)), ids(items("kind=parking&capacity=50")));
        assertJsonError(
                API.get("/ogc/collections/stations/items?capacity=many"),
                "capacity",
                400,
                "invalid_parameter",
                "capacity");
    }

    @Test
    @DisplayName("paging through next visits every matched feature once, in id order, and prev leads back")
    void paging() {
        Set<Long> seen = new HashSet<>();
        List<Long> order = new ArrayList<>();
        String next = "/ogc/collections/stations/items?limit=7&kind=rest_station";
        int matched = -1;
        int pages = 0;
        JsonObject second = null;
        while (next != null) {
            Resp r = API.get(next);
            assertEquals(200, r.status(), next);
            JsonObject fc = r.json();
            if (matched < 0) {
                matched = fc.getInteger("numberMatched");
            }
            assertEquals(matched, fc.getInteger("numberMatched"), "numberMatched is the same on every page");
            assertEquals(fc.getJsonArray("features").size(), fc.getInteger("numberReturned"));
            for (Object f : fc.getJsonArray("features")) {
                long id = ((JsonObject) f).getLong("id");
                assertTrue(seen.add(id), "each feature once");
                order.add(id);
            }
            pages++;
            if (pages == 2) {
                second = fc;
            }
            fc.getJsonArray("links").forEach(l -> assertNotNull(((JsonObject) l).getString("type")));
            JsonObject n = rel(fc.getJsonArray("links"), "next", "application/geo+json");
            next = n == null ? null : path(n);
        }
        assertEquals(20, matched);
        assertEquals(matched, seen.size(), "numberMatched equals the count when paging through next");
        assertEquals(3, pages);
        assertEquals(order.stream().sorted().toList(), order);
        JsonObject prev = rel(second.getJsonArray("links"), "prev", "application/geo+json");
        assertNotNull(prev);
        JsonObject back = API.get(path(prev)).json();
        assertEquals(
                order.subList(0, 7),
                back.getJsonArray("features").stream()
                        .map(f -> ((JsonObject) f).getLong("id"))
                        .toList());
        assertNull(rel(back.getJsonArray("links"), "prev", "application/geo+json"), "no page before the first");
    }

    @Test
    @DisplayName("a feature by id has self, alternate and collection links; unknown and deleted ids are 404")
    void featureById() {
        long id = IDS.get(6);
        Resp r = ok("/ogc/collections/stations/items/" + id, "application/geo+json");
        JsonObject f = r.json();
        assertEquals(id, f.getLong("id"));
        assertEquals("Point", f.getJsonObject("geometry").getString("type"));
        JsonArray links = f.getJsonArray("links");
        assertNotNull(rel(links, "self", "application/geo+json"));
        assertNotNull(rel(links, "alternate", "text/html"));
        assertNotNull(rel(links, "collection", "application/json"));
        assertJsonError(API.get("/ogc/collections/stations/items/999999"), "unknown", 404, "not_found", null);
        assertJsonError(API.get("/ogc/collections/stations/items/abc"), "not a number", 404, "not_found", null);
        assertJsonError(API.get("/ogc/collections/stations/items/" + deletedId), "deleted", 404, "not_found", null);
        Resp region = API.get("/ogc/collections/regions/items?bbox=121.6,31.1,121.7,31.2");
        assertEquals(
                List.of("ogc-city"),
                region.json().getJsonArray("features").stream()
                        .map(o -> ((JsonObject) o).getJsonObject("properties").getString("code"))
                        .toList());
        assertEquals(
                "MultiPolygon",
                region.json()
                        .getJsonArray("features")
                        .getJsonObject(0)
                        .getJsonObject("geometry")
                        .getString("type"));
    }

    // ------------------------------------------------------------------------------------ Part 3 Filtering

    @Test
    @DisplayName("queryables are a JSON Schema of the filterable properties")
    void queryables() {
        Resp r = ok("/ogc/collections/stations/queryables", "application/schema+json");
        JsonObject props = r.json().getJsonObject("properties");
        assertEquals("string", props.getJsonObject("status").getString("type"));
        assertEquals(
                List.of("open", "temporarily_closed", "closed"),
                props.getJsonObject("status").getJsonArray("enum").getList());
        assertEquals("integer", props.getJsonObject("capacity").getString("type"));
        assertEquals("geometry-point", props.getJsonObject("geometry").getString("format"));
        assertTrue(r.json().getString("$id").endsWith("/ogc/collections/stations/queryables"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "status='open'                                                  | 20",
                "status = 'closed' AND capacity >= 100                          | 3",
                "kind IN ('parking','meal')                                     | 5",
                "kind NOT IN ('parking')                                        | 20",
                "name LIKE '停车点%'                                             | 5",
                "NOT (name LIKE '停车点%') OR capacity BETWEEN 0 AND 50          | 22",
                "capacity IS NULL                                               | 20",
                "category IS NOT NULL                                           | 20",
                "S_INTERSECTS(geometry, BBOX(121.435, 31.1, 121.475, 31.3))     | 4",
                "S_INTERSECTS(geometry, POLYGON((121.435 31.1, 121.475 31.1, 121.475 31.3, 121.435 31.3, 121.435 31.1))) | 4",
                "S_INTERSECTS(geometry, POINT(121.4 31.2))                       | 1",
                "updated_at < TIMESTAMP('2021-01-01T00:00:00Z')                 | 2",
                "updated_at = DATE('2020-01-01')                                | 2",
                "demo = false AND id > 0                                        | 25",
                "TRUE                                                           | 25",
                "S_DWITHIN(geometry, POINT(121.40 31.2), 2000)                  | 3",
                "S_DWITHIN(POINT(121.40 31.2), geometry, 2000, 'meters') AND kind = 'rest_station' | 2",
            })
    @DisplayName("a CQL2 text filter selects what it says")
    void cql2Text(String filter, int expected) {
        assertEquals(expected, items("filter=" + enc(filter)).getInteger("numberMatched"), filter);
    }

    @Test
    @DisplayName("a CQL2 JSON filter gives the same answer as its text form")
    void cql2Json() {
        String json = new JsonObject()
                .put("op", "and")
                .put(
                        "args",
                        new JsonArray()
                                .add(new JsonObject()
                                        .put("op", "=")
                                        .put(
                                                "args",
                                                new JsonArray()
                                                        .add(new JsonObject().put("property", "status"))
                                                        .add("open")))
                                .add(new JsonObject()
                                        .put("op", "s_intersects")
                                        .put(
                                                "args",
                                                new JsonArray()
                                                        .add(new JsonObject().put("property", "geometry"))
                                                        .add(new JsonObject()
                                                                .put(
                                                                        "bbox",
                                                                        new JsonArray()
                                                                                .add(121.40)
                                                                                .add(31.1)
                                                                                .add(121.50)
                                                                                .add(31.3))))))
                .encode();
        JsonObject fromJson = items("filter-lang=cql2-json&filter=" + enc(json));
        JsonObject fromText =
                items("filter=" + enc("status='open' AND S_INTERSECTS(geometry,BBOX(121.40,31.1,121.50,31.3))"));
        assertEquals(8, fromJson.getInteger("numberMatched"));
        assertEquals(ids(fromText), ids(fromJson));
        String near = new JsonObject()
                .put("op", "s_dwithin")
                .put(
                        "args",
                        new JsonArray()
                                .add(new JsonObject().put("property", "geometry"))
                                .add(new JsonObject()
                                        .put("type", "Point")
                                        .put(
                                                "coordinates",
                                                new JsonArray().add(121.40).add(31.2)))
                                .add(2000)
                                .add("meters"))
                .encode();
        assertEquals(
                Set.of(IDS.get(0), IDS.get(1), IDS.get(2)), ids(items("filter-lang=cql2-json&filter=" + enc(near))));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "status = 'open' AND                          | the filter ends too early",
                "status == 'open'                             | at character 9",
                "nope = 1                                     | unknown property 'nope'",
                "capacity = 'ten'                             | capacity is compared with a number",
                "S_WITHIN(geometry, BBOX(0,0,1,1))            | S_WITHIN is not supported",
                "S_INTERSECTS(geometry, POINT(200 10))        | CRS84",
                "S_INTERSECTS(geometry, POLYGON((0 0, 1 1, 1 0, 0 1, 0 0))) | not valid",
                "name LIKE 5                                  | quoted pattern",
                "S_DWITHIN(geometry, POINT(121 31), 100000)   | from 0 to 50000",
                "S_DWITHIN(geometry, POINT(121 31), 10, 'km') | unit must be 'meters'",
            })
    @DisplayName("an invalid filter is a 400 on filter that says what and where")
    void invalidFilter(String filter, String says) {
        Resp r = API.get("/ogc/collections/stations/items?filter=" + enc(filter));
        assertJsonError(r, filter, 400, "invalid_parameter", "filter");
        assertTrue(r.json().getJsonObject("error").getString("message").contains(says), r.toString());
    }

    @Test
    @DisplayName("filter limits: length, nesting depth and polygon vertices are bounded with a 400")
    void filterLimits() {
        String deep = "(".repeat(30) + "status='open'" + ")".repeat(30);
        assertTrue(message(API.get("/ogc/collections/stations/items?filter=" + enc(deep)))
                .contains("nested more than 20"));
        StringBuilder ring = new StringBuilder("S_INTERSECTS(geometry, POLYGON((0 0");
        for (int i = 1; i <= 500; i++) {
            ring.append(", 1 1");
        }
        ring.append(", 0 0)))");
        assertTrue(message(API.get("/ogc/collections/stations/items?filter=" + enc(ring.toString())))
                .contains("500 positions"));
        String longFilter = "name = '" + "x".repeat(4100) + "'";
        assertTrue(message(API.get("/ogc/collections/stations/items?filter=" + enc(longFilter)))
                .contains("longer than 4000"));
        assertJsonError(
                API.get("/ogc/collections/stations/items?filter-lang=cql2-json&filter=" + enc("{\"op\":")),
                "bad JSON",
                400,
                "invalid_parameter",
                "filter");
        assertJsonError(
                API.get("/ogc/collections/stations/items?filter-lang=ecql&filter=x"),
                "filter-lang",
                400,
                "invalid_parameter",
                "filter-lang");
    }

    // ------------------------------------------------------------------------------------ formats

    @Test
    @DisplayName("Accept and f choose JSON or HTML; nothing acceptable is a 406; an unknown f is a 400")
    void negotiation() {
        Resp html = API.send(
                HttpMethod.GET,
                "/ogc/collections/stations/items",
                null,
                null,
                Map.of("Accept", "text/html,application/xhtml+xml,*/*;q=0.8", "Accept-Language", "zh-CN,zh;q=0.9"));
        assertEquals(200, html.status());
        assertTrue(html.header("Content-Type").startsWith("text/html"));
        String page = html.body().toString(StandardCharsets.UTF_8);
        assertTrue(page.contains("<html lang=\"zh-CN\">"), page);
        assertTrue(page.contains("下一页"), "a Chinese next link");
        Resp en = API.get("/ogc/collections/stations/items?f=html&lang=en&limit=5");
        String enPage = en.body().toString(StandardCharsets.UTF_8);
        assertTrue(enPage.contains("<html lang=\"en\">") && enPage.contains("Next →"), enPage);
        assertTrue(enPage.contains("&amp;lang=en"), "links keep the chosen language");
        Resp json = API.send(HttpMethod.GET, "/ogc/collections", null, null, Map.of("Accept", "application/json"));
        assertTrue(json.header("Content-Type").startsWith("application/json"));
        assertJsonError(
                API.send(HttpMethod.GET, "/ogc/collections", null, null, Map.of("Accept", "application/xml")),
                "406",
                406,
                "not_acceptable",
                "Accept");
        assertJsonError(API.get("/ogc/collections?f=xml"), "f=xml", 400, "invalid_parameter", "f");
        for (String p : List.of(
                "/ogc",
                "/ogc/api",
                "/ogc/conformance",
                "/ogc/collections",
                "/ogc/collections/regions",
                "/ogc/collections/regions/queryables",
                "/ogc/collections/regions/items",
                "/ogc/collections/stations/items/" + IDS.get(0))) {
            Resp r = API.get(p + "?f=html");
            assertEquals(200, r.status(), p);
            assertTrue(r.body().toString(StandardCharsets.UTF_8).startsWith("<!DOCTYPE html>"), p);
        }
    }

    @Test
    @DisplayName("HTML pages escape every value")
    void htmlEscapes() {
        String item = API.get("/ogc/collections/stations/items/" + IDS.get(3) + "?f=html")
                .body()
                .toString(StandardCharsets.UTF_8);
        assertFalse(item.contains("<script>"), "no raw markup from data");
        assertTrue(item.contains("&lt;script&gt;alert(1)&lt;/script&gt; 驿站"));
        String list =
                API.get("/ogc/collections/stations/items?f=html&limit=5").body().toString(StandardCharsets.UTF_8);
        assertFalse(list.contains("<script>"));
        assertTrue(list.contains("&lt;script&gt;"));
    }

    // ------------------------------------------------------------------------------------ helpers

    /** A 200 answer of this media type. */
    private static Resp ok(String uri, String type) {
        Resp r = API.get(uri);
        assertEquals(200, r.status(), uri + ": " + r);
        assertTrue(r.header("Content-Type").startsWith(type), uri + ": " + r.header("Content-Type"));
        return r;
    }

    private static JsonObject items(String query) {
        Resp r = API.get("/ogc/collections/stations/items?limit=10000&" + query);
        assertEquals(200, r.status(), query + ": " + r);
        return r.json();
    }

    private static Set<Long> ids(JsonObject fc) {
        Set<Long> out = new HashSet<>();
        fc.getJsonArray("features").forEach(f -> out.add(((JsonObject) f).getLong("id")));
        return out;
    }

    private static JsonObject rel(JsonArray links, String rel, String type) {
        return links.stream()
                .map(JsonObject.class::cast)
                .filter(l -> rel.equals(l.getString("rel")) && type.equals(l.getString("type")))
                .findFirst()
                .orElse(null);
    }

    /** The path and query of an absolute link, which must point at this server. */
    private static String path(JsonObject link) {
        URI u = URI.create(link.getString("href"));
        assertEquals(base(), u.getScheme() + "://" + u.getRawAuthority(), "absolute link to this server");
        return u.getRawPath() + (u.getRawQuery() == null ? "" : "?" + u.getRawQuery());
    }

    private static String base() {
        return "http://127.0.0.1:" + TestApp.get().port();
    }

    private static String message(Resp r) {
        assertJsonError(r, "limit", 400, "invalid_parameter", "filter");
        return r.json().getJsonObject("error").getString("message");
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
