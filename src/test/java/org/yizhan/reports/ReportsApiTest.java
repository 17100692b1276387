package org.yizhan.reports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.yizhan.support.Api;
import org.yizhan.support.Api.Resp;
import org.yizhan.support.Fixtures;
import org.yizhan.support.TestApp;

@DisplayName("Riders' reports, moderation, freshness, check-ins and utilisation, through HTTP on the real database")
class ReportsApiTest {

    private static final String JSON = "application/json";
    /** Each test's riders get addresses no other test uses, so that their rate limits are their own. */
    private static final AtomicInteger RIDER = new AtomicInteger(1);

    private static double nextLon = 121.30;

    private final Api api = TestApp.api();

    @BeforeAll
    static void reset() {
        TestApp.reset();
    }

    @AfterEach
    void realTime() {
        TestApp.clock().reset();
    }

    // --- helpers -----------------------------------------------------------------------------------

    /** A fresh rider address, as a proxy would forward it. */
    private static String rider() {
        int n = RIDER.getAndIncrement();
        return "10." + (n >> 16 & 255) + "." + (n >> 8 & 255) + "." + (n & 255);
    }

    /** A new station far from the others (2 km apart), verified now unless told otherwise. */
    private long station(JsonObject extra) {
        nextLon += 0.02;
        JsonObject f = Fixtures.restStation("驿站 " + nextLon, nextLon, 31.20);
        f.getJsonObject("properties")
                .put("amenities", new JsonArray().add("drinking_water"))
                .put("opening_hours", "Mo-Fr 09:00-18:00")
                .mergeIn(extra);
        Resp r = api.post("/api/v1/stations", f);
        assertEquals(201, r.status(), r.toString());
        return r.json().getLong("id");
    }

    private Resp report(long stationId, String rider, JsonObject body) {
        return api.send(
                HttpMethod.POST,
                "/api/v1/stations/" + stationId + "/reports",
                JSON,
                Buffer.buffer(body.encode()),
                Map.of("X-Forwarded-For", rider));
    }

    private static JsonObject kind(String kind) {
        return new JsonObject().put("kind", kind);
    }

    private JsonObject read(long stationId) {
        Resp r = api.get("/api/v1/stations/" + stationId);
        assertEquals(200, r.status(), r.toString());
        return r.json().getJsonObject("properties");
    }

    private JsonArray queue(String query) {
        Resp r = api.admin(HttpMethod.GET, "/api/v1/reports" + query, null, Map.of());
        assertEquals(200, r.status(), r.toString());
        return r.json().getJsonArray("reports");
    }

    private Resp decide(long reportId, String decision, JsonObject body) {
        return api.admin(HttpMethod.POST, "/api/v1/reports/" + reportId + "/" + decision, body, Map.of());
    }

    private static long auditCount(String action, long stationId) {
        return TestApp.count(
                "SELECT count(*) FROM audit_event WHERE action = '" + action + "' AND station_id = " + stationId);
    }

    // --- reports -----------------------------------------------------------------------------------

    @Test
    @DisplayName(
            "every kind of report is stored with its proposal and answered 201; problems queue, still_here does not")
    void everyKind() {
        long s = station(new JsonObject());
        Map<String, JsonObject> bodies = new HashMap<>();
        bodies.put("still_here", kind("still_here"));
        bodies.put("closed_now", kind("closed_now").put("comment", "门锁着，今天没人"));
        bodies.put("closed_permanently", kind("closed_permanently"));
        bodies.put(
                "moved",
                kind("moved")
                        .put(
                                "geometry",
                                new JsonObject()
                                        .put("type", "Point")
                                        .put("coordinates", Fixtures.pos(nextLon + 0.001, 31.2005))));
        bodies.put("wrong_hours", kind("wrong_hours").put("opening_hours", "Mo-Su 08:00-20:00"));
        bodies.put("missing_amenity", kind("missing_amenity").put("amenities", new JsonArray().add("microwave")));
        bodies.put("extra_amenity", kind("extra_amenity").put("amenities", new JsonArray().add("drinking_water")));
        bodies.put("other", kind("other").put("comment", "the entrance moved to the north side of the building"));
        Map<String, Long> ids = new HashMap<>();
        for (Map.Entry<String, JsonObject> e : bodies.entrySet()) {
            Resp r = report(s, rider(), e.getValue());
            assertEquals(201, r.status(), e.getKey() + ": " + r);
            assertEquals(e.getKey(), r.json().getString("kind"));
            assertEquals(
                    e.getKey().equals("still_here") ? "noted" : "open", r.json().getString("status"));
            ids.put(e.getKey(), r.json().getLong("id"));
        }
        JsonArray open = queue("?station=" + s);
        assertEquals(7, open.size(), open.encodePrettily());
        List<String> kinds = new ArrayList<>();
        for (Object o : open) {
            JsonObject item = (JsonObject) o;
            kinds.add(item.getString("kind"));
            assertEquals(s, item.getJsonObject("station").getLong("id"));
        }
        assertFalse(kinds.contains("still_here"));
        JsonObject moved = find(open, ids.get("moved"));
        assertEquals(
                nextLon + 0.001,
                moved.getJsonObject("geometry").getJsonArray("coordinates").getDouble(0),
                1e-9);
        JsonObject change = moved.getJsonArray("changes").getJsonObject(0);
        assertEquals("geometry", change.getString("field"));
        assertEquals(nextLon, change.getJsonArray("from").getDouble(0), 1e-9);
        JsonObject hours =
                find(open, ids.get("wrong_hours")).getJsonArray("changes").getJsonObject(0);
        assertEquals("Mo-Fr 09:00-18:00", hours.getString("from"));
        assertEquals("Mo-Su 08:00-20:00", hours.getString("to"));
        assertEquals(
                new JsonArray().add("drinking_water").add("microwave"),
                find(open, ids.get("missing_amenity"))
                        .getJsonArray("changes")
                        .getJsonObject(0)
                        .getJsonArray("to"));
        assertEquals(
                new JsonArray(),
                find(open, ids.get("extra_amenity"))
                        .getJsonArray("changes")
                        .getJsonObject(0)
                        .getJsonArray("to"));
        // Newest first.
        assertEquals(
                open.getJsonObject(0).getLong("id"),
                open.stream()
                        .mapToLong(o -> ((JsonObject) o).getLong("id"))
                        .max()
                        .orElseThrow());

        JsonObject props = read(s);
        assertEquals(1, props.getInteger("confirmations_7d"));
        assertNotNull(props.getString("last_confirmed_at"));
        JsonObject problems = props.getJsonObject("open_reports");
        assertEquals(7, problems.size(), problems.encode());
        assertEquals(1, problems.getInteger("closed_now"));
        assertEquals(1, problems.getInteger("other"));
    }

    private static JsonObject find(JsonArray items, long id) {
        for (Object o : items) {
            if (((JsonObject) o).getLong("id") == id) {
                return (JsonObject) o;
            }
        }
        throw new AssertionError("report " + id + " not in " + items.encode());
    }

    @Test
    @DisplayName("bad reports get a 400 naming the field; an unknown station a 404; nothing is stored")
    void badReports() {
        long s = station(new JsonObject());
        long before = TestApp.count("SELECT count(*) FROM station_report");
        assertJsonError(report(s, rider(), kind("teleported")), "unknown kind", 400, "invalid_parameter", "kind");
        assertJsonError(
                report(s, rider(), kind("wrong_hours").put("opening_hours", "sometimes")),
                "bad hours",
                400,
                "invalid_parameter",
                "opening_hours");
        assertJsonError(report(s, rider(), kind("wrong_hours")), "no hours", 400, "invalid_parameter", "opening_hours");
        assertJsonError(report(s, rider(), kind("moved")), "no point", 400, "invalid_parameter", "geometry");
        assertJsonError(
                report(
                        s,
                        rider(),
                        kind("moved")
                                .put(
                                        "geometry",
                                        new JsonObject()
                                                .put("type", "Point")
                                                .put("coordinates", Fixtures.pos(nextLon + 0.2, 31.2)))),
                "moved 19 km",
                400,
                "invalid_parameter",
                "geometry");
        assertJsonError(
                report(s, rider(), kind("missing_amenity").put("amenities", new JsonArray().add("sauna"))),
                "unknown amenity",
                400,
                "invalid_parameter",
                "amenities");
        assertJsonError(
                report(s, rider(), kind("closed_now").put("comment", "x".repeat(501))),
                "long comment",
                400,
                "invalid_parameter",
                "comment");
        assertJsonError(
                report(s, rider(), kind("other")), "other without comment", 400, "invalid_parameter", "comment");
        assertJsonError(
                report(s, rider(), kind("closed_now").put("opening_hours", "24/7")),
                "hours on closed_now",
                400,
                "invalid_parameter",
                "opening_hours");
        assertJsonError(
                report(s, rider(), kind("closed_now").put("lon", 121.4)),
                "unknown field",
                400,
                "invalid_parameter",
                "lon");
        assertJsonError(report(999_999, rider(), kind("closed_now")), "unknown station", 404, "not_found", null);
        assertEquals(before, TestApp.count("SELECT count(*) FROM station_report"));
    }

    // --- moderation --------------------------------------------------------------------------------

    @Test
    @DisplayName("accepting a move applies it through the versioned, audited write and closes the matching reports")
    void acceptMove() {
        long s = station(new JsonObject());
        JsonObject body = kind("moved")
                .put(
                        "geometry",
                        new JsonObject()
                                .put("type", "Point")
                                .put("coordinates", Fixtures.pos(nextLon + 0.002, 31.201)));
        long first = report(s, rider(), body).json().getLong("id");
        long second = report(s, rider(), body).json().getLong("id");
        long otherKind = report(s, rider(), kind("closed_now")).json().getLong("id");
        int version = read(s).getInteger("version");

        Resp r = decide(first, "accept", null);
        assertEquals(200, r.status(), r.toString());
        assertEquals(
                List.of(first, second).stream().sorted().toList(),
                r.json().getJsonArray("closed_reports").stream()
                        .map(o -> ((Number) o).longValue())
                        .sorted()
                        .toList());
        Resp after = api.get("/api/v1/stations/" + s);
        JsonArray at = after.json().getJsonObject("geometry").getJsonArray("coordinates");
        assertEquals(nextLon + 0.002, at.getDouble(0), 1e-9);
        assertEquals(31.201, at.getDouble(1), 1e-9);
        JsonObject props = after.json().getJsonObject("properties");
        assertEquals(version + 1, props.getInteger("version"));
        assertEquals("editor", props.getString("verified_by"));
        assertFalse(props.getBoolean("stale"));
        Row audit = TestApp.await(TestApp.sql()
                        .query("SELECT actor, subject, before, after FROM audit_event "
                                + "WHERE action = 'report_accept' AND station_id = " + s)
                        .execute())
                .iterator()
                .next();
        assertEquals("report:" + first, audit.getString("subject"));
        assertEquals(
                nextLon,
                new JsonObject(audit.getValue("before").toString())
                        .getJsonObject("geometry")
                        .getJsonArray("coordinates")
                        .getDouble(0),
                1e-9);
        assertEquals(0, queue("?station=" + s + "&kind=moved").size());
        assertEquals(2, queue("?status=accepted&station=" + s).size());
        assertEquals(otherKind, queue("?station=" + s).getJsonObject(0).getLong("id"));

        assertJsonError(decide(first, "accept", null), "decided twice", 409, "conflict", null);
        assertJsonError(decide(987_654, "accept", null), "unknown report", 404, "not_found", null);
    }

    @Test
    @DisplayName("accepting hours, amenities and closures changes exactly those fields; a closure's reason is public")
    void acceptEachChange() {
        long s = station(new JsonObject());
        long hours = report(s, rider(), kind("wrong_hours").put("opening_hours", "Mo-Su 07:00-22:00"))
                .json()
                .getLong("id");
        assertEquals(200, decide(hours, "accept", null).status());
        assertEquals("Mo-Su 07:00-22:00", read(s).getString("opening_hours"));

        long add = report(s, rider(), kind("missing_amenity").put("amenities", new JsonArray().add("toilet")))
                .json()
                .getLong("id");
        assertEquals(200, decide(add, "accept", null).status());
        long drop = report(s, rider(), kind("extra_amenity").put("amenities", new JsonArray().add("drinking_water")))
                .json()
                .getLong("id");
        assertEquals(200, decide(drop, "accept", null).status());
        assertEquals(new JsonArray().add("toilet"), read(s).getJsonArray("amenities"));

        long closed = report(s, rider(), kind("closed_permanently")).json().getLong("id");
        Resp r = decide(closed, "accept", new JsonObject().put("reason", "街道改造，驿站已拆除"));
        assertEquals(200, r.status(), r.toString());
        JsonObject props = read(s);
        assertEquals("closed", props.getString("status"));
        assertEquals("街道改造，驿站已拆除", props.getString("status_reason"));
        assertEquals(4, auditCount("report_accept", s));
        // A closed station is gone from riders' default listing but still readable with its reason.
        assertEquals(1 + 4, props.getInteger("version"));
    }

    @Test
    @DisplayName("rejecting keeps the station as it was, needs a reason, and is audited")
    void reject() {
        long s = station(new JsonObject());
        JsonObject before = read(s);
        long id = report(s, rider(), kind("closed_now").put("comment", "looked closed at night"))
                .json()
                .getLong("id");
        assertJsonError(decide(id, "reject", new JsonObject()), "no reason", 400, "invalid_parameter", "reason");
        Resp r = decide(id, "reject", new JsonObject().put("reason", "open 24/7 by phone check"));
        assertEquals(200, r.status(), r.toString());
        JsonObject after = read(s);
        assertEquals(before.getInteger("version"), after.getInteger("version"));
        assertEquals("open", after.getString("status"));
        assertEquals(new JsonObject(), after.getJsonObject("open_reports"));
        Row audit = TestApp.await(TestApp.sql()
                        .query("SELECT subject, details FROM audit_event WHERE action = 'report_reject' "
                                + "AND subject = 'report:" + id + "'")
                        .execute())
                .iterator()
                .next();
        assertEquals(
                "open 24/7 by phone check",
                new JsonObject(audit.getValue("details").toString()).getString("reason"));
        assertEquals(
                "rejected",
                queue("?status=rejected&station=" + s).getJsonObject(0).getString("status"));
        assertJsonError(decide(id, "reject", new JsonObject().put("reason", "again")), "twice", 409, "conflict", null);
    }

    @Test
    @DisplayName("moderation needs an editor or admin token; riders get 401")
    void moderationNeedsToken() {
        assertJsonError(api.get("/api/v1/reports"), "queue", 401, "unauthorized", "Authorization");
        assertJsonError(
                api.send(HttpMethod.POST, "/api/v1/reports/1/accept", null, null, Map.of()),
                "accept",
                401,
                "unauthorized",
                "Authorization");
        assertJsonError(
                api.admin(HttpMethod.GET, "/api/v1/reports?status=lost", null, Map.of()),
                "status",
                400,
                "invalid_parameter",
                "status");
        assertJsonError(
                api.admin(HttpMethod.GET, "/api/v1/reports?district=31", null, Map.of()),
                "district",
                400,
                "invalid_parameter",
                "district");
    }

    @Test
    @DisplayName("the queue pages newest first with a next link and filters by district")
    void queuePaging() {
        long s = station(new JsonObject().put("district_code", "310104"));
        for (int i = 0; i < 3; i++) {
            assertEquals(
                    201,
                    report(s, rider(), kind("other").put("comment", "note number " + i + " about the door"))
                            .status());
        }
        Resp page1 = api.admin(HttpMethod.GET, "/api/v1/reports?district=310104&limit=2", null, Map.of());
        assertEquals(2, page1.json().getJsonArray("reports").size());
        String next = page1.json().getJsonArray("links").getJsonObject(1).getString("href");
        Resp page2 = api.admin(HttpMethod.GET, next, null, Map.of());
        assertEquals(1, page2.json().getJsonArray("reports").size(), page2.toString());
        assertEquals(
                "note number 0 about the door",
                page2.json().getJsonArray("reports").getJsonObject(0).getString("comment"));
        assertEquals(0, queue("?district=310101").size());
    }

    // --- abuse control and privacy ------------------------------------------------------------------

    @Test
    @DisplayName("one client gets five reports, then 429 with Retry-After; another client is not affected")
    void rateLimit() {
        long s = station(new JsonObject());
        String one = rider();
        for (int i = 0; i < 5; i++) {
            assertEquals(
                    201,
                    report(s, one, kind("closed_now").put("comment", "closed again " + i))
                            .status());
        }
        Resp r = report(s, one, kind("closed_now"));
        assertJsonError(r, "sixth", 429, "rate_limited", null);
        long retry = Long.parseLong(r.header("Retry-After"));
        assertTrue(retry >= 1 && retry <= 600, "Retry-After " + retry);
        assertEquals(201, report(s, rider(), kind("closed_now")).status());
        // Time refills the bucket.
        TestApp.clock().setOffset(Duration.ofMinutes(11));
        assertEquals(201, report(s, one, kind("closed_now")).status());
    }

    @Test
    @DisplayName("1,000 reports from one client: almost all 429, the queue grows by a handful")
    void flood() {
        long s = station(new JsonObject());
        String one = rider();
        long before = TestApp.count("SELECT count(*) FROM station_report");
        int refused = 0;
        for (int i = 0; i < 1_000; i++) {
            if (report(s, one, kind("other").put("comment", "spam spam spam " + i))
                            .status()
                    == 429) {
                refused++;
            }
        }
        long grown = TestApp.count("SELECT count(*) FROM station_report") - before;
        assertTrue(refused >= 990, "refused " + refused);
        assertTrue(grown <= 6, "queue grew by " + grown);
    }

    @Test
    @DisplayName("repeated text, bursts on one station and very short text are flagged for moderators")
    void flags() {
        long s = station(new JsonObject());
        report(s, rider(), kind("closed_now").put("comment", "Closed,  the door is LOCKED"));
        long repeated = report(s, rider(), kind("closed_now").put("comment", "closed, the door is locked"))
                .json()
                .getLong("id");
        long shortText = report(s, rider(), kind("closed_now").put("comment", "关"))
                .json()
                .getLong("id");
        long last = 0;
        for (int i = 0; i < 12; i++) {
            last = report(s, rider(), kind("other").put("comment", "burst comment number " + i))
                    .json()
                    .getLong("id");
        }
        JsonArray open = queue("?station=" + s + "&limit=200");
        assertTrue(find(open, repeated).getJsonArray("flags").contains("repeated_text"));
        assertTrue(find(open, shortText).getJsonArray("flags").contains("short_text"));
        assertTrue(find(open, last).getJsonArray("flags").contains("station_burst"));
        assertFalse(find(open, repeated).getJsonArray("flags").contains("station_burst"));
    }

    @Test
    @DisplayName("the database holds no reporter's address or position: no such column, no such value")
    void privacy() {
        long s = station(new JsonObject());
        String address = "10.99.88.77";
        report(s, address, kind("closed_now").put("comment", "closed today"));
        report(s, address, kind("still_here"));
        assertEquals(
                204,
                api.send(
                                HttpMethod.POST,
                                "/api/v1/stations/" + s + "/checkins",
                                null,
                                null,
                                Map.of("X-Forwarded-For", address))
                        .status());
        List<String> columns = new ArrayList<>();
        TestApp.await(TestApp.sql()
                        .query("SELECT column_name FROM information_schema.columns WHERE table_name IN "
                                + "('station_report', 'station_checkin')")
                        .execute())
                .forEach(r -> columns.add(r.getString(0)));
        assertEquals(
                List.of(),
                columns.stream()
                        .filter(c -> c.matches(".*(ip|addr|device|client|key|lon|lat|user).*"))
                        .toList(),
                "columns " + columns);
        assertEquals(
                List.of("station_id", "hour", "n"),
                TestApp.await(TestApp.sql()
                                .query(
                                        "SELECT column_name FROM information_schema.columns WHERE table_name = 'station_checkin' ORDER BY ordinal_position")
                                .execute())
                        .stream()
                        .map(r -> r.getString(0))
                        .toList());
        assertEquals(0, TestApp.count("SELECT count(*) FROM station_report r WHERE r::text LIKE '%10.99.88.77%'"));
        assertEquals(0, TestApp.count("SELECT count(*) FROM audit_event a WHERE a::text LIKE '%10.99.88.77%'"));
        // The only point in a report is a suggested station position, and only on moved reports.
        assertEquals(
                0,
                TestApp.count(
                        "SELECT count(*) FROM station_report WHERE proposed_geom IS NOT NULL AND kind <> 'moved'"));
    }

    // --- freshness ---------------------------------------------------------------------------------

    @Test
    @DisplayName("stale is computed at the server's clock: fresh now, stale 181 days on; the stale filter agrees")
    void staleAtClock() {
        long s = station(new JsonObject()
                .put(
                        "last_verified_at",
                        Instant.now().minus(Duration.ofDays(10)).toString()));
        long never = station(new JsonObject());
        assertFalse(read(s).getBoolean("stale"));
        assertTrue(read(never).getBoolean("stale"));
        String box = "&bbox=" + (nextLon - 0.03) + ",31.1," + (nextLon + 0.01) + ",31.3";
        assertEquals(List.of(s), ids(api.get("/api/v1/stations?stale=false" + box)));
        assertEquals(List.of(never), ids(api.get("/api/v1/stations?stale=true" + box)));
        String near = "/api/v1/stations/nearest?lon=" + nextLon + "&lat=31.2&max_distance_m=2500&stale=";
        assertEquals(List.of(s), ids(api.get(near + "false")));

        TestApp.clock().setOffset(Duration.ofDays(171));
        assertTrue(read(s).getBoolean("stale"));
        assertEquals(
                List.of(s, never),
                ids(api.get("/api/v1/stations?stale=true" + box)).stream()
                        .sorted()
                        .toList());
        assertEquals(List.of(), ids(api.get(near + "false")));
        Resp list = api.admin(HttpMethod.GET, "/api/v1/stations/stale", null, Map.of());
        assertEquals(200, list.status(), list.toString());
        assertTrue(ids(list.json().getJsonArray("stations")).containsAll(List.of(s, never)));
        Resp csv = api.admin(HttpMethod.GET, "/api/v1/stations/stale?format=csv", null, Map.of());
        assertTrue(csv.body()
                .toString()
                .startsWith("\uFEFFid,name,kind,status,district_code,last_verified_at,verified_by"));
        assertTrue(csv.body().toString().contains("\r\n" + s + ","), csv.body().toString());
        assertJsonError(api.get("/api/v1/stations?stale=maybe"), "stale value", 400, "invalid_parameter", "stale");
    }

    private static List<Long> ids(Resp r) {
        assertEquals(200, r.status(), r.toString());
        return ids(r.json().getJsonArray("features"));
    }

    private static List<Long> ids(JsonArray items) {
        List<Long> out = new ArrayList<>();
        items.forEach(o -> out.add(((JsonObject) o).getLong("id")));
        return out;
    }

    @Test
    @DisplayName("an editor's confirmation and three riders' still_here move last_verified_at; riders' is marked so")
    void verification() {
        long s = station(new JsonObject());
        assertNull(read(s).getString("last_verified_at"));
        Resp confirmed = api.admin(HttpMethod.POST, "/api/v1/stations/" + s + "/verify", null, Map.of());
        assertEquals(200, confirmed.status(), confirmed.toString());
        assertEquals("editor", read(s).getString("verified_by"));
        assertEquals(1, auditCount("verify", s));

        long t = station(new JsonObject());
        String one = rider();
        report(t, one, kind("still_here"));
        report(t, one, kind("still_here"));
        report(t, rider(), kind("still_here"));
        assertNull(read(t).getString("last_verified_at"), "two different clients are not enough");
        assertEquals(201, report(t, rider(), kind("still_here")).status());
        JsonObject props = waitForVerification(t);
        assertEquals("riders", props.getString("verified_by"));
        assertFalse(props.getBoolean("stale"));
        assertEquals(4, props.getInteger("confirmations_7d"));
        assertEquals(1, auditCount("rider_verify", t));
    }

    /** Riders' verification is written just after the answer to the third report. */
    private JsonObject waitForVerification(long id) {
        for (int i = 0; i < 50; i++) {
            JsonObject p = read(id);
            if (p.getString("last_verified_at") != null) {
                return p;
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        throw new AssertionError("station " + id + " was not verified by riders");
    }

    // --- check-ins and utilisation -----------------------------------------------------------------

    @Test
    @DisplayName("check-ins count per hour, are rate-limited per client, and label stations against the region")
    void utilisation() {
        double west = nextLon + 0.01;
        long a = station(new JsonObject());
        long b = station(new JsonObject());
        long c = station(new JsonObject());
        long d = station(new JsonObject());
        long e = station(new JsonObject());
        double east = nextLon + 0.01;
        JsonArray regions = new JsonArray()
                .add(Fixtures.rectangleRegion("util-area", "Util", "custom", null, west, 31.1, east, 31.3));
        assertEquals(
                200,
                api.post("/api/v1/regions/import", Fixtures.collection(regions)).status());
        // 1,000 units of demand at each of a..d, none near e.
        StringBuilder csv = new StringBuilder("lon,lat,weight\n");
        for (long id : List.of(a, b, c, d)) {
            JsonArray at = api.get("/api/v1/stations/" + id)
                    .json()
                    .getJsonObject("geometry")
                    .getJsonArray("coordinates");
            csv.append(at.getDouble(0)).append(',').append(at.getDouble(1)).append(",1000\n");
        }
        Resp imported = api.send(
                HttpMethod.POST,
                "/api/v1/demand/import?source=util",
                "text/csv",
                Buffer.buffer(csv.toString()),
                Map.of("Authorization", "Bearer " + TestApp.ADMIN_TOKEN));
        assertEquals(200, imported.status(), imported.toString());
        Map<Long, Integer> visits = Map.of(a, 10, b, 10, c, 2, d, 40, e, 3);
        visits.forEach((id, n) -> {
            for (int i = 0; i < n; i++) {
                assertEquals(
                        204,
                        api.send(
                                        HttpMethod.POST,
                                        "/api/v1/stations/" + id + "/checkins",
                                        null,
                                        null,
                                        Map.of("X-Forwarded-For", rider()))
                                .status());
            }
        });
        assertEquals(65, TestApp.count("SELECT sum(n) FROM station_checkin"));
        assertTrue(TestApp.count("SELECT count(*) FROM station_checkin") <= 10, "one row per station and hour");

        Resp r = api.get("/api/v1/coverage/utilisation?region=util-area&radius_m=300");
        assertEquals(200, r.status(), r.toString());
        Map<Long, JsonObject> byId = new HashMap<>();
        r.json().getJsonArray("stations").forEach(o -> byId.put(((JsonObject) o).getLong("id"), (JsonObject) o));
        assertEquals(5, byId.size());
        assertEquals(10.0, r.json().getDouble("median_visits_per_1000_demand"));
        assertEquals("normal", byId.get(a).getString("label"));
        assertEquals("normal", byId.get(b).getString("label"));
        assertEquals("under_used", byId.get(c).getString("label"));
        assertEquals("crowded", byId.get(d).getString("label"));
        assertNull(byId.get(e).getString("label"));
        assertEquals(40.0, byId.get(d).getDouble("visits_per_1000_demand"));
        assertEquals(1000.0, byId.get(d).getDouble("demand"));
        Resp asCsv = api.admin(
                HttpMethod.GET,
                "/api/v1/coverage/utilisation?region=util-area&radius_m=300&format=csv",
                null,
                Map.of());
        assertTrue(asCsv.body().toString().contains(d + ","), asCsv.toString());
        assertTrue(
                asCsv.body().toString().contains(",40,1000,40,crowded"),
                asCsv.body().toString());
        // Outside the window: no visits.
        Resp past = api.get(
                "/api/v1/coverage/utilisation?region=util-area&from=2020-01-01T00:00:00Z&to=2020-02-01T00:00:00Z");
        past.json().getJsonArray("stations").forEach(o -> assertEquals(0L, ((JsonObject) o).getLong("visits")));

        String one = rider();
        int ok = 0;
        for (int i = 0; i < 15; i++) {
            if (api.send(
                                    HttpMethod.POST,
                                    "/api/v1/stations/" + a + "/checkins",
                                    null,
                                    null,
                                    Map.of("X-Forwarded-For", one))
                            .status()
                    == 204) {
                ok++;
            }
        }
        assertEquals(10, ok, "a client's burst of check-ins");
        assertJsonError(
                api.send(
                        HttpMethod.POST,
                        "/api/v1/stations/999999/checkins",
                        null,
                        null,
                        Map.of("X-Forwarded-For", rider())),
                "unknown station",
                404,
                "not_found",
                null);
        assertJsonError(api.get("/api/v1/coverage/utilisation"), "no region", 400, "invalid_parameter", "region");
        assertJsonError(
                api.get("/api/v1/coverage/utilisation?region=nowhere"), "unknown region", 404, "not_found", null);
        assertJsonError(
                api.get("/api/v1/coverage/utilisation?region=util-area&radius_m=10"),
                "radius",
                400,
                "invalid_parameter",
                "radius_m");
    }
}
