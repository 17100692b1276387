package org.yizhan.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Tuple;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.yizhan.support.Api;
import org.yizhan.support.Api.Resp;
import org.yizhan.support.ErrorAssertions;
import org.yizhan.support.Fixtures;
import org.yizhan.support.TestApp;

/**
 * {@code GET /api/v1/audit} and the writes that feed it, through HTTP against the real server and PostGIS:
 * each kind of write leaves exactly one event (one per station for station writes) by the token that
 * wrote, in the same transaction as the write; the listing filters, pages and refuses bad parameters.
 */
@DisplayName("Global audit log: every write leaves its event, listed newest first, filtered and paged")
class AuditApiTest {

    private static final String JSON = "application/json";
    private static final String CSV = "text/csv";

    private Api api;

    @BeforeEach
    void empty() {
        TestApp.reset();
        api = TestApp.api();
    }

    // ---- helpers ----

    private static Map<String, String> bearer(String token) {
        return Map.of("Authorization", "Bearer " + token);
    }

    private String issue(String role, String label) {
        Resp r = api.post("/api/v1/tokens", new JsonObject().put("role", role).put("label", label));
        assertEquals(201, r.status(), r.toString());
        return r.json().getString("token");
    }

    /** The actor the audit trail names for a token: 'token:<id> (<label>)', from GET /me. */
    private String actorOf(String token) {
        JsonObject me = api.send(HttpMethod.GET, "/api/v1/me", null, null, bearer(token))
                .json();
        return "token:" + me.getLong("token_id") + " (" + me.getString("label") + ")";
    }

    private Resp send(HttpMethod method, String uri, String type, Object body, String token) {
        return api.send(method, uri, type, body == null ? null : Buffer.buffer(body.toString()), bearer(token));
    }

    private Resp importRegions(String token, JsonObject... features) {
        return send(
                HttpMethod.POST,
                "/api/v1/regions/import",
                JSON,
                Fixtures.collection(new JsonArray(List.of(features))),
                token);
    }

    private static JsonObject square(String code, String parent) {
        return Fixtures.rectangleRegion(
                code, "区 " + code, parent == null ? "city" : "district", parent, 121.40, 31.15, 121.45, 31.20);
    }

    private Resp importDemand(String token, String query, String csv) {
        return send(HttpMethod.POST, "/api/v1/demand/import?" + query, CSV, csv, token);
    }

    /** One page of the listing, as the admin. */
    private Resp audit(String query) {
        return send(
                HttpMethod.GET,
                "/api/v1/audit" + (query.isEmpty() ? "" : "?" + query),
                null,
                null,
                TestApp.ADMIN_TOKEN);
    }

    private List<JsonObject> events(String query) {
        Resp r = audit(query);
        assertEquals(200, r.status(), r.toString());
        List<JsonObject> out = new ArrayList<>();
        r.json().getJsonArray("events").forEach(e -> out.add((JsonObject) e));
        assertEquals(out.size(), r.json().getInteger("numberReturned"));
        return out;
    }

    private static List<Long> ids(List<JsonObject> events) {
        return events.stream().map(e -> e.getLong("id")).toList();
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    /** An event's time to the microsecond, as the database holds it (the API shows seconds). */
    private static String exactAt(long id) {
        return TestApp.await(TestApp.sql()
                        .preparedQuery(
                                "SELECT to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"') AS t FROM audit_event WHERE id = $1")
                        .execute(Tuple.of(id)))
                .iterator()
                .next()
                .getString("t");
    }

    private static void pause() {
        try {
            Thread.sleep(30);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    // ---- one list of actions ----

    @Test
    @DisplayName(
            "the audit actions are one list: the table's CHECK constraint and every action enum of the OpenAPI document equal AuditActions.ALL")
    void actionsAreOneList() throws Exception {
        String def = TestApp.await(TestApp.sql().query("""
                SELECT pg_get_constraintdef(oid) AS def FROM pg_constraint
                WHERE conrelid = 'audit_event'::regclass AND conname = 'audit_event_action'""").execute())
                .iterator()
                .next()
                .getString("def");
        Set<String> inTable = new HashSet<>();
        // CHECK ((action = ANY ('{create,replace,...}'::text[]))), the form V10 and V12 write
        java.util.regex.Matcher m =
                java.util.regex.Pattern.compile("'\\{([a-z_,]+)}'").matcher(def);
        assertTrue(m.find(), def);
        inTable.addAll(List.of(m.group(1).split(",")));
        assertEquals(AuditActions.ALL, inTable, "sql CHECK: " + def);

        JsonObject doc;
        try (java.io.InputStream in = getClass().getClassLoader().getResourceAsStream("openapi/openapi.json")) {
            doc = new JsonObject(Buffer.buffer(in.readAllBytes()));
        }
        List<JsonArray> enums = new ArrayList<>();
        collectEnums(doc, "create", enums);
        assertEquals(2, enums.size(), "the AuditEvent action and the audit listing's action filter");
        for (JsonArray e : enums) {
            assertEquals(List.copyOf(AuditActions.ALL), e.getList(), "an OpenAPI action enum");
        }
    }

    /** Every enum in the document that lists {@code member}, depth first. */
    private static void collectEnums(Object node, String member, List<JsonArray> out) {
        if (node instanceof JsonObject o) {
            if (o.getValue("enum") instanceof JsonArray e && e.contains(member) && e.contains("token_issue")) {
                out.add(e);
            }
            o.forEach(entry -> collectEnums(entry.getValue(), member, out));
        } else if (node instanceof JsonArray a) {
            a.forEach(v -> collectEnums(v, member, out));
        }
    }

    // ---- each kind of write ----

    @Test
    @DisplayName(
            "a region import leaves one region_import event by the importing token, with counts and codes; re-importing leaves a second")
    void regionImport() {
        String editor = issue("planner", "区划 编辑");
        String actor = actorOf(editor);
        Resp r = importRegions(editor, square("T", null), square("T-W", "T"));
        assertEquals(200, r.status(), r.toString());

        List<JsonObject> events = events("action=region_import");
        assertEquals(1, events.size(), events.toString());
        JsonObject e = events.get(0);
        assertEquals(actor, e.getString("actor"));
        assertEquals("region_import", e.getString("action"));
        assertNull(e.getValue("station_id"));
        assertEquals("T, T-W", e.getString("subject"));
        assertEquals(
                new JsonObject()
                        .put("inserted", 2)
                        .put("updated", 0)
                        .put("codes", new JsonArray().add("T").add("T-W")),
                e.getJsonObject("details"));
        assertNull(e.getValue("before"));
        assertNull(e.getValue("after"));
        assertTrue(e.getString("at").matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}Z"), e.getString("at"));

        Resp again = importRegions(TestApp.ADMIN_TOKEN, square("T-W", "T"));
        assertEquals(200, again.status(), again.toString());
        List<JsonObject> both = events("action=region_import");
        assertEquals(2, both.size());
        assertEquals(actorOf(TestApp.ADMIN_TOKEN), both.get(0).getString("actor"), "newest first");
        assertEquals(
                new JsonObject().put("inserted", 0).put("updated", 1).put("codes", new JsonArray().add("T-W")),
                both.get(0).getJsonObject("details"));
    }

    @Test
    @DisplayName(
            "a region import of many codes keeps its subject within 200 characters and lists every code in details")
    void regionImportSubjectIsShort() {
        JsonObject[] many = new JsonObject[60];
        for (int i = 0; i < many.length; i++) {
            many[i] = square("district-code-" + i, null);
        }
        assertEquals(200, importRegions(TestApp.ADMIN_TOKEN, many).status());
        JsonObject e = events("action=region_import").get(0);
        String subject = e.getString("subject");
        assertTrue(subject.length() <= 200, subject);
        assertTrue(subject.startsWith("district-code-0, district-code-1, "), subject);
        int shown = subject.split(", ").length;
        assertTrue(subject.endsWith(" and " + (60 - shown) + " more"), subject);
        assertEquals(60, e.getJsonObject("details").getJsonArray("codes").size());
    }

    @Test
    @DisplayName(
            "a demand import leaves one demand_import event with source and counts, not the points; replace=true counts what it deleted")
    void demandImport() {
        String editor = issue("planner", "需求 编辑");
        Resp first = importDemand(
                editor,
                "source=orders&period=lunch",
                "lon,lat,weight\n121.41,31.20,5\n121.42,31.21,7\n121.43,31.22,1\n");
        assertEquals(200, first.status(), first.toString());
        Resp second =
                importDemand(TestApp.ADMIN_TOKEN, "source=orders&replace=true", "lon,lat,weight\n121.44,31.20,2\n");
        assertEquals(200, second.status(), second.toString());

        List<JsonObject> events = events("action=demand_import");
        assertEquals(2, events.size(), events.toString());
        assertEquals(actorOf(TestApp.ADMIN_TOKEN), events.get(0).getString("actor"));
        assertEquals("orders", events.get(0).getString("subject"));
        assertEquals(
                new JsonObject()
                        .put("source", "orders")
                        .put("inserted", 1)
                        .put("replace", true)
                        .put("deleted", 3),
                events.get(0).getJsonObject("details"));
        assertEquals(actorOf(editor), events.get(1).getString("actor"));
        assertEquals(
                new JsonObject()
                        .put("source", "orders")
                        .put("inserted", 3)
                        .put("replace", false)
                        .put("deleted", 0),
                events.get(1).getJsonObject("details"));
        assertFalse(events.toString().contains("121.4"), "no demand point in the audit trail: " + events);
    }

    @Test
    @DisplayName(
            "clearing a demand source leaves one demand_clear event with the count; clearing a source with no points leaves none")
    void demandClear() {
        assertEquals(
                200,
                importDemand(TestApp.ADMIN_TOKEN, "source=a", "lon,lat,weight\n121.41,31.20,5\n121.42,31.21,7\n")
                        .status());
        String editor = issue("planner", "清理");
        Resp cleared = send(HttpMethod.DELETE, "/api/v1/demand?source=a", null, null, editor);
        assertEquals(200, cleared.status(), cleared.toString());
        Resp nothing = send(HttpMethod.DELETE, "/api/v1/demand?source=never-imported", null, null, editor);
        assertEquals(200, nothing.status(), nothing.toString());
        assertEquals(0, nothing.json().getInteger("deleted"));

        List<JsonObject> events = events("action=demand_clear");
        assertEquals(1, events.size(), events.toString());
        assertEquals(actorOf(editor), events.get(0).getString("actor"));
        assertEquals("a", events.get(0).getString("subject"));
        assertEquals(
                new JsonObject().put("source", "a").put("deleted", 2),
                events.get(0).getJsonObject("details"));
    }

    @Test
    @DisplayName(
            "issuing a token leaves one token_issue event by the issuing admin naming the new token, never the token or its hash")
    void tokenIssue() throws Exception {
        Resp issued = api.post(
                "/api/v1/tokens", new JsonObject().put("role", "editor").put("label", "王 编辑"));
        assertEquals(201, issued.status(), issued.toString());
        String token = issued.json().getString("token");
        long id = issued.json().getLong("id");

        List<JsonObject> events = events("action=token_issue");
        assertEquals(1, events.size(), events.toString());
        JsonObject e = events.get(0);
        assertEquals(actorOf(TestApp.ADMIN_TOKEN), e.getString("actor"));
        assertEquals("token:" + id + " (王 编辑)", e.getString("subject"));
        assertEquals(actorOf(token), e.getString("subject"), "the subject is the actor the new token writes as");
        assertEquals(
                new JsonObject().put("token_id", id).put("role", "editor").put("label", "王 编辑"),
                e.getJsonObject("details"));

        String hashHex = HexFormat.of()
                .formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
        String stored = TestApp.await(TestApp.sql()
                        .query("SELECT string_agg(a::text, ' ') AS t FROM audit_event a")
                        .execute())
                .iterator()
                .next()
                .getString("t");
        assertFalse(stored.contains(token), "the token is not stored in the audit trail");
        assertFalse(stored.contains(hashHex), "the token's hash is not stored in the audit trail");
        assertFalse(audit("").body().toString().contains(token));
    }

    @Test
    @DisplayName(
            "station writes and imports appear in the global log too: one event per station written, with station_id and before/after")
    void stationWrites() {
        String editor = issue("editor", "站点 编辑");
        Resp created =
                send(HttpMethod.POST, "/api/v1/stations", JSON, Fixtures.restStation("甲站", 121.41, 31.20), editor);
        assertEquals(201, created.status(), created.toString());
        long id = created.json().getLong("id");
        Resp patched = api.admin(
                HttpMethod.PATCH,
                "/api/v1/stations/" + id,
                new JsonObject().put("properties", new JsonObject().put("capacity", 9)),
                Map.of("If-Match", "\"1\""));
        assertEquals(200, patched.status(), patched.toString());
        JsonArray rows = new JsonArray()
                .add(Fixtures.restStation("乙站", 121.42, 31.21))
                .add(Fixtures.restStation("丙站", 121.43, 31.22));
        assertEquals(
                200,
                api.post("/api/v1/stations/import", Fixtures.collection(rows)).status());

        List<JsonObject> events = events("action=create,patch,import_insert");
        assertEquals(
                List.of("import_insert", "import_insert", "patch", "create"),
                events.stream().map(e -> e.getString("action")).toList());
        JsonObject create = events.get(3);
        assertEquals(actorOf(editor), create.getString("actor"));
        assertEquals(id, create.getLong("station_id"));
        assertNull(create.getValue("before"));
        assertEquals(
                "甲站", create.getJsonObject("after").getJsonObject("properties").getString("name"));
        assertNull(create.getValue("subject"));
        assertNull(create.getValue("details"));
        assertEquals(
                9,
                events.get(2).getJsonObject("after").getJsonObject("properties").getInteger("capacity"));

        Resp own = api.admin(HttpMethod.GET, "/api/v1/stations/" + id + "/audit", null, Map.of());
        assertEquals(200, own.status(), own.toString());
        assertEquals(
                new JsonArray(List.of(events.get(2), events.get(3))),
                own.json().getJsonArray("events"),
                "the station's own history shows the same events");
    }

    @Test
    @DisplayName(
            "a failed import leaves no event: a bad region (422), a bad demand point, an empty body, a bad token request")
    void failedWritesLeaveNoEvent() {
        Resp badRegion = importRegions(
                TestApp.ADMIN_TOKEN,
                square("OK", null),
                Fixtures.rectangleRegion("X", "x", "planet", null, 121.4, 31.1, 121.5, 31.2));
        assertEquals(422, badRegion.status(), badRegion.toString());
        Resp unknownParent = importRegions(TestApp.ADMIN_TOKEN, square("C", "NOPE"));
        assertEquals(422, unknownParent.status(), unknownParent.toString());
        Resp notJson = send(HttpMethod.POST, "/api/v1/regions/import", JSON, "{not json", TestApp.ADMIN_TOKEN);
        assertEquals(400, notJson.status(), notJson.toString());
        Resp badPoint = importDemand(TestApp.ADMIN_TOKEN, "source=s", "lon,lat,weight\n121.41,31.20,5\n121.42,91,7\n");
        assertEquals(422, badPoint.status(), badPoint.toString());
        Resp badReplace = importDemand(TestApp.ADMIN_TOKEN, "source=s&replace=true", "lon,lat\n121.41,31.20\n");
        assertEquals(400, badReplace.status(), badReplace.toString());
        Resp empty = importDemand(TestApp.ADMIN_TOKEN, "source=s", "");
        assertEquals(400, empty.status(), empty.toString());
        Resp badToken =
                api.post("/api/v1/tokens", new JsonObject().put("role", "root").put("label", "x"));
        assertEquals(400, badToken.status(), badToken.toString());

        assertEquals(0, TestApp.count("SELECT count(*) FROM audit_event"));
        assertEquals(List.of(), events(""));
        assertEquals(0, TestApp.count("SELECT count(*) FROM region"));
        assertEquals(0, TestApp.count("SELECT count(*) FROM demand_point"));
    }

    @Test
    @DisplayName(
            "an event that cannot be written fails its write: no region, demand point, clear or token is left behind")
    void auditFailureUndoesTheWrite() {
        assertEquals(
                200,
                importDemand(TestApp.ADMIN_TOKEN, "source=kept", "lon,lat,weight\n121.41,31.20,5\n")
                        .status());
        long tokens = TestApp.count("SELECT count(*) FROM api_token");
        // A real constraint on the real table, for the length of this test: events naming no station fail.
        TestApp.await(TestApp.sql()
                .query("ALTER TABLE audit_event ADD CONSTRAINT test_only_station_events "
                        + "CHECK (station_id IS NOT NULL) NOT VALID")
                .execute());
        try {
            assertEquals(
                    500, importRegions(TestApp.ADMIN_TOKEN, square("T", null)).status());
            assertEquals(
                    500,
                    importDemand(TestApp.ADMIN_TOKEN, "source=new", "lon,lat,weight\n121.42,31.21,7\n")
                            .status());
            assertEquals(
                    500,
                    importDemand(TestApp.ADMIN_TOKEN, "source=kept&replace=true", "lon,lat,weight\n121.42,31.21,7\n")
                            .status());
            assertEquals(
                    500,
                    send(HttpMethod.DELETE, "/api/v1/demand?source=kept", null, null, TestApp.ADMIN_TOKEN)
                            .status());
            assertEquals(
                    500,
                    api.post(
                                    "/api/v1/tokens",
                                    new JsonObject().put("role", "viewer").put("label", "never"))
                            .status());
        } finally {
            TestApp.await(TestApp.sql()
                    .query("ALTER TABLE audit_event DROP CONSTRAINT test_only_station_events")
                    .execute());
        }
        assertEquals(0, TestApp.count("SELECT count(*) FROM region"));
        assertEquals(1, TestApp.count("SELECT count(*) FROM demand_point"));
        assertEquals(1, TestApp.count("SELECT count(*) FROM demand_point WHERE source = 'kept' AND weight = 5"));
        assertEquals(tokens, TestApp.count("SELECT count(*) FROM api_token"));
        assertEquals(1, TestApp.count("SELECT count(*) FROM audit_event"), "only the first import's event");
    }

    // ---- filters ----

    @Test
    @DisplayName("actor= keeps that actor's events only, exactly; action= keeps any of the listed actions")
    void actorAndActionFilters() {
        String editor = issue("planner", "甲");
        String other = issue("planner", "甲 乙");
        assertEquals(
                200,
                importDemand(editor, "source=e", "lon,lat,weight\n121.41,31.20,5\n")
                        .status());
        assertEquals(
                200,
                importDemand(other, "source=o", "lon,lat,weight\n121.41,31.20,5\n")
                        .status());
        assertEquals(200, importRegions(editor, square("R", null)).status());
        assertEquals(
                200,
                send(HttpMethod.DELETE, "/api/v1/demand?source=o", null, null, other)
                        .status());

        List<JsonObject> byEditor = events("actor=" + enc(actorOf(editor)));
        assertEquals(
                List.of("region_import", "demand_import"),
                byEditor.stream().map(e -> e.getString("action")).toList());
        byEditor.forEach(e -> assertEquals(actorOf(editor), e.getString("actor")));
        assertEquals(List.of(), events("actor=" + enc("token:999999 (甲)")));
        assertEquals(List.of(), events("actor=" + enc("甲")), "no partial match");

        List<JsonObject> admin = events("actor=" + enc(actorOf(TestApp.ADMIN_TOKEN)));
        assertEquals(
                List.of("token_issue", "token_issue"),
                admin.stream().map(e -> e.getString("action")).toList());

        List<JsonObject> anyOf = events("action=demand_clear,%20region_import,demand_clear");
        assertEquals(
                List.of("demand_clear", "region_import"),
                anyOf.stream().map(e -> e.getString("action")).toList());
        List<JsonObject> both = events("action=demand_import&actor=" + enc(actorOf(other)));
        assertEquals(1, both.size());
        assertEquals("o", both.get(0).getString("subject"));
        assertEquals(List.of(), events("action=delete"));
    }

    @Test
    @DisplayName(
            "from= keeps events at or after it, to= those before it (exclusive), in any offset; both together make a window")
    void timeFilters() {
        assertEquals(
                200,
                importDemand(TestApp.ADMIN_TOKEN, "source=early", "lon,lat,weight\n121.41,31.20,5\n")
                        .status());
        pause();
        Instant between = Instant.now();
        pause();
        assertEquals(
                200,
                importDemand(TestApp.ADMIN_TOKEN, "source=late", "lon,lat,weight\n121.41,31.20,5\n")
                        .status());
        List<JsonObject> all = events("");
        assertEquals(2, all.size());
        long late = all.get(0).getLong("id");
        long early = all.get(1).getLong("id");

        assertEquals(List.of(late), ids(events("from=" + enc(between.toString()))));
        assertEquals(List.of(early), ids(events("to=" + enc(between.toString()))));
        // The same instant written in UTC+8, with a '+' sent unescaped (it arrives as a space).
        String shanghai = between.atOffset(java.time.ZoneOffset.ofHours(8)).toString();
        assertEquals(List.of(late), ids(events("from=" + enc(shanghai))));
        assertEquals(List.of(early), ids(events("to=" + shanghai)));

        String lateAt = exactAt(late);
        assertEquals(List.of(late), ids(events("from=" + lateAt)), "from is inclusive");
        assertEquals(List.of(early), ids(events("to=" + lateAt)), "to is exclusive");
        assertEquals(List.of(), ids(events("from=" + lateAt + "&to=" + lateAt)), "an empty window, not an error");
        assertEquals(
                List.of(late, early),
                ids(events("from=" + exactAt(early) + "&to="
                        + enc(Instant.now().plusSeconds(60).toString()))));
    }

    // ---- paging ----

    @Test
    @DisplayName(
            "paging with limit=2 walks every event exactly once, newest first, through next links that keep the filters")
    void paging() {
        JsonArray rows = new JsonArray();
        for (int i = 0; i < 5; i++) {
            rows.add(Fixtures.restStation("站 " + i, 121.40 + i * 0.01, 31.20));
        }
        // Five events of one transaction: they share their time and are ordered by id.
        assertEquals(
                200,
                api.post("/api/v1/stations/import", Fixtures.collection(rows)).status());
        assertEquals(200, importRegions(TestApp.ADMIN_TOKEN, square("P", null)).status());
        assertEquals(
                200,
                importDemand(TestApp.ADMIN_TOKEN, "source=p", "lon,lat,weight\n121.41,31.20,5\n")
                        .status());
        issue("viewer", "分页");
        assertEquals(200, importRegions(TestApp.ADMIN_TOKEN, square("P", null)).status());

        List<JsonObject> whole = events("limit=500");
        assertEquals(9, whole.size());
        assertEquals(
                List.of("region_import", "token_issue", "demand_import", "region_import", "import_insert"),
                whole.subList(0, 5).stream().map(e -> e.getString("action")).toList());
        List<Long> wholeIds = ids(whole);
        for (int i = 1; i < wholeIds.size(); i++) {
            assertTrue(wholeIds.get(i - 1) > wholeIds.get(i), "newest first: " + wholeIds);
        }
        assertEquals(
                1,
                new HashSet<>(whole.subList(4, 9).stream()
                                .map(e -> e.getString("at"))
                                .toList())
                        .size(),
                "the import's events share one time");

        assertEquals(wholeIds, walk("limit=2", 5));
        assertEquals(ids(events("action=import_insert")), walk("action=import_insert&limit=2", 3));
        assertEquals(wholeIds.subList(4, 9), walk("action=import_insert&limit=2", 3));
        assertEquals(wholeIds, walk("limit=9", 1));
        assertEquals(List.of(), walk("actor=nobody&limit=2", 1));
    }

    /** Follows next links from the first page; checks the page count, page sizes and that filters persist. */
    private List<Long> walk(String query, int expectedPages) {
        int limit = Integer.parseInt(query.replaceAll(".*limit=(\\d+).*", "$1"));
        List<Long> seen = new ArrayList<>();
        String uri = "/api/v1/audit?" + query;
        int pages = 0;
        while (uri != null) {
            Resp r = send(HttpMethod.GET, uri, null, null, TestApp.ADMIN_TOKEN);
            assertEquals(200, r.status(), r.toString());
            pages++;
            JsonArray events = r.json().getJsonArray("events");
            events.forEach(e -> seen.add(((JsonObject) e).getLong("id")));
            JsonArray links = r.json().getJsonArray("links");
            assertEquals("self", links.getJsonObject(0).getString("rel"));
            assertEquals(uri, links.getJsonObject(0).getString("href"));
            uri = null;
            if (links.size() > 1) {
                JsonObject next = links.getJsonObject(1);
                assertEquals("next", next.getString("rel"));
                assertEquals("application/json", next.getString("type"));
                uri = next.getString("href");
                for (String kept : query.split("&")) {
                    assertTrue(uri.contains(kept.replace(",", "%2C")), uri + " keeps " + kept);
                }
                assertEquals(limit, events.size(), "a page followed by another is full");
            }
            assertTrue(pages <= expectedPages, "more pages than expected for " + query);
        }
        assertEquals(expectedPages, pages, query);
        assertEquals(seen.size(), new HashSet<>(seen).size(), "no event twice: " + seen);
        return seen;
    }

    // ---- access and bad input ----

    @Test
    @DisplayName("without a token 401, with an unknown token 401, with a viewer token 403; an editor may read the log")
    void access() {
        ErrorAssertions.assertJsonError(api.get("/api/v1/audit"), "no token", 401, "unauthorized", "Authorization");
        ErrorAssertions.assertJsonError(
                api.send(HttpMethod.GET, "/api/v1/audit", null, null, bearer("not-a-token")),
                "unknown token",
                401,
                "unauthorized",
                "Authorization");
        String viewer = issue("viewer", "只读");
        ErrorAssertions.assertJsonError(
                api.send(HttpMethod.GET, "/api/v1/audit", null, null, bearer(viewer)),
                "viewer",
                403,
                "forbidden",
                "Authorization");
        Resp asEditor = api.send(HttpMethod.GET, "/api/v1/audit", null, null, bearer(issue("editor", "读日志")));
        assertEquals(200, asEditor.status(), asEditor.toString());
        assertEquals(2, asEditor.json().getJsonArray("events").size(), "the two tokens issued");
    }

    static Stream<Arguments> badParameters() {
        String stationsCursor =
                Base64.getUrlEncoder().withoutPadding().encodeToString("id:5".getBytes(StandardCharsets.UTF_8));
        String zeroId =
                Base64.getUrlEncoder().withoutPadding().encodeToString("at:0:0".getBytes(StandardCharsets.UTF_8));
        String farFuture = Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString("at:9000000000000000000:5".getBytes(StandardCharsets.UTF_8));
        return Stream.of(
                Arguments.of("an unknown action", "action=erase", "action"),
                Arguments.of("one unknown action in a list", "action=create,erase", "action"),
                Arguments.of("an empty action in a list", "action=create,,patch", "action"),
                Arguments.of("action given twice", "action=create&action=patch", "action"),
                Arguments.of("from that is not a date-time", "from=yesterday", "from"),
                Arguments.of("from without an offset", "from=2026-11-23T01:30:00", "from"),
                Arguments.of("from beyond the year 9999", "from=%2B10000-01-01T00:00:00Z", "from"),
                Arguments.of("to that is a date only", "to=2026-11-23", "to"),
                Arguments.of("to in the year 0", "to=0000-06-01T00:00:00Z", "to"),
                Arguments.of("from after to", "from=2026-11-24T00:00:00Z&to=2026-11-23T00:00:00Z", "from"),
                Arguments.of("limit 0", "limit=0", "limit"),
                Arguments.of("limit 501", "limit=501", "limit"),
                Arguments.of("limit 2.5", "limit=2.5", "limit"),
                Arguments.of("a garbage cursor", "cursor=!!nope!!", "cursor"),
                Arguments.of("a stations cursor", "cursor=" + stationsCursor, "cursor"),
                Arguments.of("a cursor with id 0", "cursor=" + zeroId, "cursor"),
                Arguments.of("a cursor beyond the year 9999", "cursor=" + farFuture, "cursor"),
                Arguments.of("an actor of 201 characters", "actor=" + "a".repeat(201), "actor"),
                Arguments.of("actor given twice", "actor=a&actor=b", "actor"),
                Arguments.of("an unknown parameter", "station_id=3", "station_id"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badParameters")
    @DisplayName("a bad parameter answers 400 naming it")
    void badParameter(String description, String query, String field) {
        ErrorAssertions.assertJsonError(audit(query), description, 400, "invalid_parameter", field);
    }

    @Test
    @DisplayName("reset empties the audit trail of every kind of event, and the listing of a fresh trail is empty")
    void resetEmptiesEveryKind() {
        issue("viewer", "重置");
        assertEquals(200, importRegions(TestApp.ADMIN_TOKEN, square("Z", null)).status());
        assertEquals(
                201,
                api.post("/api/v1/stations", Fixtures.restStation("站", 121.41, 31.20))
                        .status());
        assertTrue(TestApp.count("SELECT count(*) FROM audit_event") >= 3);
        TestApp.reset();
        assertEquals(0, TestApp.count("SELECT count(*) FROM audit_event"));
        Resp r = audit("");
        assertEquals(200, r.status());
        assertEquals(0, r.json().getJsonArray("events").size());
        assertEquals(1, r.json().getJsonArray("links").size(), "no next link");
        assertNotNull(r.json().getJsonArray("links").getJsonObject(0).getString("href"));
        assertEquals(
                Set.of("self"),
                Set.of(r.json().getJsonArray("links").getJsonObject(0).getString("rel")));
    }
}
