package org.yizhan.stations;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.yizhan.geo.ChinaCoordinates;
import org.yizhan.support.Api;
import org.yizhan.support.Api.Resp;
import org.yizhan.support.Fixtures;
import org.yizhan.support.TestApp;

@DisplayName("GET /api/v1/stations: paging, filters and crs")
class StationListApiTest {

    private static final int STATIONS = 1_050;
    private static final String[] KINDS = {"rest_station", "parking", "meal"};
    /** Coordinates come back rounded to 1e-7° (Features.toCrs); allow that plus float noise. */
    private static final double COORD_TOLERANCE_DEG = 2e-7;
    /** A safety stop, so that a server whose next link never ends fails instead of hanging. */
    private static final int MAX_PAGES = 200;

    /** What the test knows about each imported station, to compute expected answers independently. */
    record Known(String externalId, double lon, double lat, String kind) {}

    /** One walk through the pages: every feature in order, and each page's body. */
    record Walk(List<JsonObject> features, List<JsonObject> pages) {
        List<Long> ids() {
            return features.stream().map(f -> f.getLong("id")).toList();
        }

        List<String> externalIds() {
            return features.stream()
                    .map(f -> f.getJsonObject("properties").getString("external_id"))
                    .toList();
        }
    }

    private static final List<Known> KNOWN = generate();

    private Api api;

    private static List<Known> generate() {
        Random rnd = new Random(20_261_122);
        List<Known> out = new ArrayList<>();
        for (int i = 0; i < STATIONS; i++) {
            // Around Shanghai, denser in the middle, so that bounding boxes cut through the data.
            double lon = 121.47 + rnd.nextGaussian() * 0.12;
            double lat = 31.23 + rnd.nextGaussian() * 0.10;
            out.add(new Known("list-" + i, lon, lat, KINDS[rnd.nextInt(KINDS.length)]));
        }
        return List.copyOf(out);
    }

    @BeforeEach
    void importStations() {
        TestApp.reset();
        api = TestApp.api();
        JsonArray features = new JsonArray();
        for (Known k : KNOWN) {
            JsonObject props = new JsonObject()
                    .put("external_id", k.externalId)
                    .put("kind", k.kind)
                    .put("name", "列表站点 " + k.externalId);
            if (k.kind.equals("rest_station")) {
                props.put("category", "union_station");
            }
            features.add(Fixtures.feature(k.lon, k.lat, props));
        }
        Resp r = api.post("/api/v1/stations/import", Fixtures.collection(features));
        assertEquals(200, r.status(), r.toString());
        assertEquals(STATIONS, r.json().getInteger("inserted"));
    }

    /**
     * Follows {@code rel=next} from {@code firstUri} until there is none, checking each page on the way:
     * 200, GeoJSON, {@code numberReturned} = the features on the page, at most {@code limit} of them,
     * and a full page whenever another one follows.
     */
    private Walk walk(String firstUri, int limit) {
        List<JsonObject> features = new ArrayList<>();
        List<JsonObject> pages = new ArrayList<>();
        String uri = firstUri;
        while (uri != null) {
            assertTrue(pages.size() < MAX_PAGES, "more than " + MAX_PAGES + " pages: the next links never end");
            Resp r = api.get(uri);
            JsonObject body = checkPage(r, uri, limit);
            pages.add(body);
            body.getJsonArray("features").forEach(f -> features.add((JsonObject) f));
            uri = next(body);
        }
        return new Walk(features, pages);
    }

    private static JsonObject checkPage(Resp r, String uri, int limit) {
        assertEquals(200, r.status(), uri + " → " + r);
        assertTrue(r.header("Content-Type").startsWith("application/geo+json"), r.header("Content-Type"));
        JsonObject body = r.json();
        assertEquals("FeatureCollection", body.getString("type"));
        JsonArray features = body.getJsonArray("features");
        assertEquals(features.size(), body.getInteger("numberReturned"), "numberReturned of " + uri);
        assertTrue(features.size() <= limit, features.size() + " features on a page of limit " + limit);
        assertEquals(uri, link(body, "self"), "self link of " + uri);
        if (next(body) != null) {
            assertEquals(limit, features.size(), "a page followed by another is full: " + uri);
        }
        return body;
    }

    private static String next(JsonObject page) {
        return link(page, "next");
    }

    private static String link(JsonObject page, String rel) {
        JsonArray links = page.getJsonArray("links");
        assertNotNull(links, "links");
        String href = null;
        for (Object o : links) {
            JsonObject l = (JsonObject) o;
            if (rel.equals(l.getString("rel"))) {
                assertNull(href, "one " + rel + " link");
                assertEquals("application/geo+json", l.getString("type"), rel + " link type");
                href = l.getString("href");
            }
        }
        return href;
    }

    /** The decoded query parameters of a link, in order; a repeated name fails the test. */
    private static Map<String, String> query(String href) {
        Map<String, String> out = new LinkedHashMap<>();
        int q = href.indexOf('?');
        if (q < 0) {
            return out;
        }
        for (String pair : href.substring(q + 1).split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            assertNull(out.put(name, value), "parameter " + name + " appears twice in " + href);
        }
        return out;
    }

    private static void assertStrictlyAscending(List<Long> ids) {
        for (int i = 1; i < ids.size(); i++) {
            assertTrue(ids.get(i) > ids.get(i - 1), "id " + ids.get(i) + " follows " + ids.get(i - 1) + " at " + i);
        }
    }

    private static void assertEachOnce(Set<String> expected, List<String> got) {
        Set<String> seen = new HashSet<>();
        for (String id : got) {
            assertTrue(seen.add(id), "station " + id + " returned twice");
        }
        Set<String> missing = new TreeSet<>(expected);
        missing.removeAll(seen);
        Set<String> extra = new TreeSet<>(seen);
        extra.removeAll(expected);
        assertTrue(missing.isEmpty(), missing.size() + " stations never returned, e.g. " + first(missing));
        assertTrue(extra.isEmpty(), extra.size() + " stations returned that should not be, e.g. " + first(extra));
    }

    private static String first(Set<String> s) {
        return s.stream().limit(5).collect(Collectors.joining(", "));
    }

    private static Set<String> expected(Predicate<Known> filter) {
        return KNOWN.stream().filter(filter).map(Known::externalId).collect(Collectors.toSet());
    }

    private static boolean inside(Known k, double[] box) {
        return k.lon >= box[0] && k.lon <= box[2] && k.lat >= box[1] && k.lat <= box[3];
    }

    @Test
    @DisplayName(
            "paging with limit=100 along the next links returns every station exactly once, ids ascending, 11 pages")
    void pagesCoverEveryStationOnce() {
        Walk w = walk("/api/v1/stations?limit=100", 100);
        assertEquals(11, w.pages.size(), "1,050 stations in pages of 100");
        assertEquals(50, w.pages.get(10).getInteger("numberReturned"), "the last page holds the remainder");
        assertEachOnce(expected(k -> true), w.externalIds());
        assertStrictlyAscending(w.ids());
        for (JsonObject f : w.features) {
            assertEquals(f.getLong("id"), f.getJsonObject("properties").getLong("id"), "Feature id = properties.id");
        }
    }

    @Test
    @DisplayName(
            "when the total is a multiple of the limit the last full page has no next link, not an empty page after it")
    void noEmptyTrailingPage() {
        Walk w = walk("/api/v1/stations?limit=50", 50);
        assertEquals(21, w.pages.size());
        assertEquals(50, w.pages.get(20).getJsonArray("features").size());
        assertEachOnce(expected(k -> true), w.externalIds());

        Walk all = walk("/api/v1/stations?limit=1000", 1000);
        assertEquals(
                List.of(1000, 50),
                all.pages.stream().map(p -> p.getInteger("numberReturned")).toList());
        assertStrictlyAscending(all.ids());
    }

    @Test
    @DisplayName("without limit a page holds 100 stations; an empty result has numberReturned 0 and no next link")
    void defaultLimitAndEmptyPage() {
        Resp r = api.get("/api/v1/stations");
        JsonObject page = checkPage(r, "/api/v1/stations", 100);
        assertEquals(100, page.getInteger("numberReturned"));
        assertNotNull(next(page));

        // Beijing: no station there.
        String uri = "/api/v1/stations?bbox=116.2,39.8,116.5,40.0";
        JsonObject empty = checkPage(api.get(uri), uri, 100);
        assertEquals(0, empty.getInteger("numberReturned"));
        assertTrue(empty.getJsonArray("features").isEmpty());
        assertNull(next(empty));
    }

    @Test
    @DisplayName(
            "with bbox and kind, paging returns exactly the stations of that kind inside the box, and next keeps the filters")
    void bboxAndKindFilterAcrossPages() {
        record Case(String bbox, double[] box, String kinds, int limit) {}
        List<Case> cases = List.of(
                new Case("121.40,31.15,121.55,31.30", new double[] {121.40, 31.15, 121.55, 31.30}, "parking", 17),
                new Case(
                        "121.30,31.10,121.50,31.28",
                        new double[] {121.30, 31.10, 121.50, 31.28},
                        "meal,rest_station",
                        40));
        for (Case c : cases) {
            Set<String> kinds = Set.of(c.kinds.split(","));
            Set<String> expected = expected(k -> kinds.contains(k.kind) && inside(k, c.box));
            // The check is only meaningful if the answer spans several pages and leaves stations out.
            assertTrue(expected.size() > 3 * c.limit, "the fixture puts enough stations in " + c.bbox);
            assertTrue(expected.size() < STATIONS / 2, "the filter excludes many stations");

            String first = "/api/v1/stations?bbox=" + c.bbox + "&kind=" + c.kinds + "&limit=" + c.limit;
            Walk w = walk(first, c.limit);
            assertEachOnce(expected, w.externalIds());
            assertStrictlyAscending(w.ids());
            int pages = (expected.size() + c.limit - 1) / c.limit;
            assertEquals(pages, w.pages.size(), "pages for " + expected.size() + " stations");
            for (JsonObject f : w.features) {
                assertTrue(kinds.contains(f.getJsonObject("properties").getString("kind")), f.encode());
            }

            for (JsonObject page : w.pages) {
                String next = next(page);
                if (next == null) {
                    continue;
                }
                assertTrue(next.startsWith("/api/v1/stations?"), next);
                Map<String, String> q = query(next);
                assertEquals(c.bbox, q.get("bbox"), "bbox kept in " + next);
                assertEquals(c.kinds, q.get("kind"), "kind kept in " + next);
                assertEquals(Integer.toString(c.limit), q.get("limit"), "limit kept in " + next);
                assertNotNull(q.get("cursor"), "cursor in " + next);
                assertEquals(Set.of("bbox", "kind", "limit", "cursor"), q.keySet(), "parameters of " + next);
            }
        }
    }

    @Test
    @DisplayName("stations deleted between two pages are not returned on later pages, and no other station is skipped")
    void deletionsBetweenPages() {
        // Learn which id each station got.
        Map<Long, String> externalById = new HashMap<>();
        walk("/api/v1/stations?limit=1000", 1000)
                .features
                .forEach(f -> externalById.put(
                        f.getLong("id"), f.getJsonObject("properties").getString("external_id")));
        assertEquals(STATIONS, externalById.size());

        Resp firstResp = api.get("/api/v1/stations?limit=100");
        JsonObject firstPage = checkPage(firstResp, "/api/v1/stations?limit=100", 100);
        List<JsonObject> seen = new ArrayList<>();
        firstPage.getJsonArray("features").forEach(f -> seen.add((JsonObject) f));
        long lastSeen = seen.get(seen.size() - 1).getLong("id");

        // Delete every 7th station not yet seen, and one already seen (which must not disturb the rest).
        Set<Long> deletedAhead = new HashSet<>();
        List<Long> ahead = externalById.keySet().stream()
                .filter(id -> id > lastSeen)
                .sorted()
                .toList();
        for (int i = 0; i < ahead.size(); i += 7) {
            deletedAhead.add(ahead.get(i));
        }
        deletedAhead.add(ahead.get(ahead.size() - 1));
        long deletedBehind = seen.get(3).getLong("id");
        List<Long> toDelete = new ArrayList<>(deletedAhead);
        toDelete.add(deletedBehind);
        for (long id : toDelete) {
            Resp d = api.admin(HttpMethod.DELETE, "/api/v1/stations/" + id, null, Map.of("If-Match", "\"1\""));
            assertEquals(204, d.status(), "delete " + id + ": " + d);
        }

        Walk rest = walk(next(firstPage), 100);
        for (Long id : rest.ids()) {
            assertTrue(id > lastSeen, "a later page starts after the cursor: " + id);
            assertFalse(deletedAhead.contains(id), "deleted station " + id + " was returned");
        }
        Set<String> expectedRest = externalById.entrySet().stream()
                .filter(e -> e.getKey() > lastSeen && !deletedAhead.contains(e.getKey()))
                .map(Map.Entry::getValue)
                .collect(Collectors.toSet());
        assertEachOnce(expectedRest, rest.externalIds());
        assertStrictlyAscending(rest.ids());
        int remaining = ahead.size() - deletedAhead.size();
        assertEquals(
                remaining,
                rest.pages.stream()
                        .mapToInt(p -> p.getInteger("numberReturned"))
                        .sum());

        // A fresh walk sees neither deleted set.
        Walk fresh = walk("/api/v1/stations?limit=100", 100);
        assertEquals(STATIONS - toDelete.size(), fresh.features.size());
        assertFalse(fresh.ids().contains(deletedBehind));
    }

    @Test
    @DisplayName("crs=gcj02 (and bd09) return every station moved by the ChinaCoordinates transform, on every page")
    void chinaCrsGeometries() {
        Map<String, Known> byExternal = KNOWN.stream().collect(Collectors.toMap(Known::externalId, k -> k));
        Map<Long, double[]> wgs = new HashMap<>();
        for (JsonObject f : walk("/api/v1/stations?limit=300", 300).features) {
            double[] c = coordinates(f);
            Known k = byExternal.get(f.getJsonObject("properties").getString("external_id"));
            assertEquals(k.lon, c[0], COORD_TOLERANCE_DEG, "stored longitude");
            assertEquals(k.lat, c[1], COORD_TOLERANCE_DEG, "stored latitude");
            wgs.put(f.getLong("id"), c);
        }
        assertEquals(STATIONS, wgs.size());

        for (String crs : List.of("gcj02", "bd09")) {
            Walk w = walk("/api/v1/stations?limit=300&crs=" + crs, 300);
            assertEquals(4, w.pages.size(), "1,050 stations in pages of 300");
            assertEquals(STATIONS, w.features.size());
            for (JsonObject page : w.pages) {
                String next = next(page);
                if (next != null) {
                    assertEquals(crs, query(next).get("crs"), "crs kept in " + next);
                }
            }
            for (JsonObject f : w.features) {
                double[] w84 = wgs.get(f.getLong("id"));
                double[] want = crs.equals("gcj02")
                        ? ChinaCoordinates.wgs84ToGcj02(w84[0], w84[1])
                        : ChinaCoordinates.wgs84ToBd09(w84[0], w84[1]);
                double[] got = coordinates(f);
                assertEquals(want[0], got[0], COORD_TOLERANCE_DEG, crs + " longitude of " + f.getLong("id"));
                assertEquals(want[1], got[1], COORD_TOLERANCE_DEG, crs + " latitude of " + f.getLong("id"));
                // In Shanghai the offset is hundreds of metres: a server ignoring crs cannot pass.
                assertTrue(
                        Math.abs(got[0] - w84[0]) + Math.abs(got[1] - w84[1]) > 1e-3,
                        crs + " moved station " + f.getLong("id"));
            }
        }
    }

    @Test
    @DisplayName("with crs=gcj02 the bbox is read in GCJ-02 too: exactly the stations whose GCJ-02 position is inside")
    void bboxInTheRequestCrs() {
        double[] box = {121.45, 31.21, 121.50, 31.25};
        Set<String> expected = KNOWN.stream()
                .filter(k -> {
                    double[] g = ChinaCoordinates.wgs84ToGcj02(k.lon, k.lat);
                    return g[0] >= box[0] && g[0] <= box[2] && g[1] >= box[1] && g[1] <= box[3];
                })
                .map(Known::externalId)
                .collect(Collectors.toSet());
        Set<String> inWgs = expected(k -> inside(k, box));
        assertTrue(!expected.equals(inWgs), "the ~500 m GCJ-02 offset changes which stations are inside");
        Resp r = api.get(
                "/api/v1/stations?limit=1000&crs=gcj02&bbox=" + box[0] + "," + box[1] + "," + box[2] + "," + box[3]);
        assertEquals(200, r.status(), r.toString());
        List<String> got = new ArrayList<>();
        for (Object o : r.json().getJsonArray("features")) {
            got.add(((JsonObject) o).getJsonObject("properties").getString("external_id"));
        }
        assertEachOnce(expected, got);
        assertEquals(expected.size(), r.json().getInteger("numberReturned"));
    }

    private static double[] coordinates(JsonObject feature) {
        JsonObject g = feature.getJsonObject("geometry");
        assertEquals("Point", g.getString("type"));
        JsonArray c = g.getJsonArray("coordinates");
        return new double[] {c.getDouble(0), c.getDouble(1)};
    }

    @Test
    @DisplayName("stations closed for good are left out unless status asks for them; vehicle_type filters parking")
    void closedAndVehicleFilters() {
        JsonObject closed = Fixtures.restStation("已关闭", 121.47, 31.23);
        closed.getJsonObject("properties").put("status", "closed");
        JsonObject trucks = Fixtures.feature(
                121.471,
                31.231,
                new JsonObject()
                        .put("kind", "parking")
                        .put("name", "货车停车场")
                        .put("vehicle_types", new JsonArray().add("car").add("truck")));
        long closedId = api.post("/api/v1/stations", closed).json().getLong("id");
        long truckId = api.post("/api/v1/stations", trucks).json().getLong("id");
        String box = "bbox=121.469,31.229,121.472,31.232&limit=1000";
        Set<Long> byDefault =
                new HashSet<>(walk("/api/v1/stations?" + box, 1000).ids());
        assertFalse(byDefault.contains(closedId), "closed is left out by default");
        assertTrue(byDefault.contains(truckId));
        assertTrue(
                walk("/api/v1/stations?" + box + "&status=closed", 1000).ids().equals(List.of(closedId)));
        assertTrue(new HashSet<>(walk("/api/v1/stations?" + box + "&status=open,temporarily_closed,closed", 1000)
                        .ids())
                .contains(closedId));
        assertEquals(
                List.of(truckId),
                walk("/api/v1/stations?" + box + "&vehicle_type=truck", 1000).ids());
        assertEquals(
                List.of(),
                walk("/api/v1/stations?" + box + "&vehicle_type=truck&category=union_station", 1000)
                        .ids());
    }
}
