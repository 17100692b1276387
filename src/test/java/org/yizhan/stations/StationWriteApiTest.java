package org.yizhan.stations;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.yizhan.support.Api;
import org.yizhan.support.Api.Resp;
import org.yizhan.support.Fixtures;
import org.yizhan.support.TestApp;

@DisplayName("Station writes: create, replace, patch, delete, concurrency and audit")
class StationWriteApiTest {

    private Api api;

    @BeforeEach
    void empty() {
        TestApp.reset();
        api = TestApp.api();
    }

    private Resp create(JsonObject feature) {
        Resp r = api.post("/api/v1/stations", feature);
        assertEquals(201, r.status(), r.toString());
        return r;
    }

    @Test
    @DisplayName("a created station is readable at its Location with ETag \"1\" and every property as written")
    void createThenRead() {
        JsonObject f = Fixtures.restStation("徐汇区漕河泾街道工会驿站", 121.40, 31.17);
        f.getJsonObject("properties")
                .put("amenities", new JsonArray().add("microwave").add("wifi"))
                .put("opening_hours", "Mo-Fr 08:00-20:00")
                .put("capacity", 12)
                .put("phone", "021-64870000")
                .put("district_code", "310104")
                .put("scene", "industrial_park")
                .put("access", "staffed")
                .put("last_verified_at", "2026-10-01T09:00:00+08:00");
        Resp created = create(f);
        String location = created.header("Location");
        assertTrue(location.matches("/api/v1/stations/\\d+"), location);
        assertEquals("\"1\"", created.header("ETag"));

        Resp read = api.get(location);
        assertEquals(200, read.status());
        assertEquals("\"1\"", read.header("ETag"));
        JsonObject p = read.json().getJsonObject("properties");
        assertEquals("徐汇区漕河泾街道工会驿站", p.getString("name"));
        assertEquals(List.of("microwave", "wifi"), p.getJsonArray("amenities").getList());
        assertEquals(12, p.getInteger("capacity"));
        assertEquals("310104", p.getString("district_code"));
        assertEquals("2026-10-01T01:00:00Z", p.getString("last_verified_at"));
        assertEquals("open", p.getString("status"), "status defaults to open");
        JsonArray c = read.json().getJsonObject("geometry").getJsonArray("coordinates");
        assertEquals(121.40, c.getDouble(0), 1e-9);
        assertEquals(31.17, c.getDouble(1), 1e-9);
    }

    @Test
    @DisplayName("reads carry open_now as of now: true for 24/7, false when not open, null without hours")
    void readsCarryOpenNow() {
        JsonObject always = Fixtures.restStation("全天", 121.5, 31.2);
        always.getJsonObject("properties").put("opening_hours", "24/7");
        JsonObject shut = Fixtures.restStation("暂停", 121.51, 31.2);
        shut.getJsonObject("properties").put("opening_hours", "24/7").put("status", "temporarily_closed");
        JsonObject unknown = Fixtures.restStation("未知", 121.52, 31.2);
        String a = create(always).header("Location");
        String b = create(shut).header("Location");
        String c = create(unknown).header("Location");
        assertEquals(true, api.get(a).json().getJsonObject("properties").getValue("open_now"));
        assertEquals(false, api.get(b).json().getJsonObject("properties").getValue("open_now"));
        JsonObject p = api.get(c).json().getJsonObject("properties");
        assertTrue(p.containsKey("open_now") && p.getValue("open_now") == null);
        JsonArray listed = api.get("/api/v1/stations?bbox=121.49,31.19,121.53,31.21")
                .json()
                .getJsonArray("features");
        assertEquals(
                List.of(true, false),
                listed.stream()
                        .limit(2)
                        .map(f -> ((JsonObject) f).getJsonObject("properties").getValue("open_now"))
                        .toList());
    }

    @Test
    @DisplayName("PUT with the current ETag replaces the station and bumps the version; fields left out become empty")
    void replaceUnderIfMatch() {
        JsonObject f = Fixtures.restStation("旧名", 121.5, 31.2);
        f.getJsonObject("properties").put("capacity", 5);
        String loc = create(f).header("Location");
        JsonObject g = Fixtures.restStation("新名", 121.51, 31.21);
        Resp put = api.admin(HttpMethod.PUT, loc, g, Map.of("If-Match", "\"1\""));
        assertEquals(200, put.status(), put.toString());
        assertEquals("\"2\"", put.header("ETag"));
        JsonObject p = api.get(loc).json().getJsonObject("properties");
        assertEquals("新名", p.getString("name"));
        assertNull(p.getValue("capacity"));
        assertEquals(2, p.getInteger("version"));
    }

    @Test
    @DisplayName("PATCH merges (null removes a property), keeps the rest, and can move the station")
    void mergePatch() {
        JsonObject f = Fixtures.restStation("站", 121.5, 31.2);
        f.getJsonObject("properties").put("capacity", 5).put("phone", "021-1234567");
        String loc = create(f).header("Location");
        JsonObject patch = new JsonObject()
                .put("properties", new JsonObject().put("capacity", 9).put("phone", (Object) null))
                .put(
                        "geometry",
                        new JsonObject()
                                .put("type", "Point")
                                .put("coordinates", new JsonArray().add(121.6).add(31.3)));
        Resp r = api.admin(HttpMethod.PATCH, loc, patch, Map.of("If-Match", "\"1\""));
        assertEquals(200, r.status(), r.toString());
        JsonObject after = api.get(loc).json();
        assertEquals(9, after.getJsonObject("properties").getInteger("capacity"));
        assertNull(after.getJsonObject("properties").getValue("phone"));
        assertEquals("站", after.getJsonObject("properties").getString("name"));
        assertEquals(
                121.6,
                after.getJsonObject("geometry").getJsonArray("coordinates").getDouble(0),
                1e-9);
    }

    @Test
    @DisplayName("of two writers holding the same ETag, exactly one succeeds and the other gets 412")
    void concurrentWritersCannotOverwriteEachOther() {
        for (int round = 0; round < 5; round++) {
            String loc = create(Fixtures.restStation("争用" + round, 121.5, 31.2)).header("Location");
            List<CompletableFuture<Resp>> writers = new ArrayList<>();
            for (int w = 0; w < 2; w++) {
                JsonObject body = Fixtures.restStation("writer " + w, 121.5, 31.2);
                writers.add(CompletableFuture.supplyAsync(
                        () -> api.admin(HttpMethod.PUT, loc, body, Map.of("If-Match", "\"1\""))));
            }
            List<Integer> statuses = writers.stream()
                    .map(CompletableFuture::join)
                    .map(Resp::status)
                    .sorted()
                    .toList();
            assertEquals(List.of(200, 412), statuses, "round " + round);
            Resp stale = writers.stream()
                    .map(CompletableFuture::join)
                    .filter(x -> x.status() == 412)
                    .findFirst()
                    .orElseThrow();
            assertEquals("precondition_failed/If-Match", stale.error());
            assertEquals(2, api.get(loc).json().getJsonObject("properties").getInteger("version"));
        }
    }

    @Test
    @DisplayName("a write without If-Match is refused with 428 and changes nothing")
    void ifMatchIsRequired() {
        String loc = create(Fixtures.restStation("站", 121.5, 31.2)).header("Location");
        Resp r = api.admin(HttpMethod.PUT, loc, Fixtures.restStation("改", 121.5, 31.2), Map.of());
        assertEquals(428, r.status());
        assertEquals("站", api.get(loc).json().getJsonObject("properties").getString("name"));
        assertEquals(428, api.admin(HttpMethod.DELETE, loc, null, Map.of()).status());
    }

    @Test
    @DisplayName(
            "DELETE soft-deletes: the station answers 404, disappears from search, and its row stays for the audit")
    void softDelete() {
        String loc = create(Fixtures.restStation("将删", 121.5, 31.2)).header("Location");
        assertEquals(
                204,
                api.admin(HttpMethod.DELETE, loc, null, Map.of("If-Match", "\"1\""))
                        .status());
        assertEquals(404, api.get(loc).status());
        assertEquals(
                0, api.get("/api/v1/stations/nearest?lon=121.5&lat=31.2").json().getInteger("numberReturned"));
        assertEquals(1, TestApp.count("SELECT count(*) FROM station WHERE deleted_at IS NOT NULL"));
        assertEquals(
                404,
                api.admin(HttpMethod.DELETE, loc, null, Map.of("If-Match", "\"2\""))
                        .status());
    }

    @Test
    @DisplayName("every write leaves an audit row with actor, action and before/after, in the same transaction")
    void auditTrail() {
        String loc = create(Fixtures.restStation("审计", 121.5, 31.2)).header("Location");
        long id = Long.parseLong(loc.substring(loc.lastIndexOf('/') + 1));
        api.admin(
                HttpMethod.PATCH,
                loc,
                new JsonObject().put("properties", new JsonObject().put("name", "审计2")),
                Map.of("If-Match", "\"1\""));
        api.admin(HttpMethod.DELETE, loc, null, Map.of("If-Match", "\"2\""));
        List<Row> rows = new ArrayList<>();
        TestApp.await(TestApp.sql()
                        .preparedQuery(
                                "SELECT actor, action, before, after FROM audit_event WHERE station_id = $1 ORDER BY id")
                        .execute(io.vertx.sqlclient.Tuple.of(id)))
                .forEach(rows::add);
        assertEquals(
                List.of("create", "patch", "delete"),
                rows.stream().map(r -> r.getString("action")).toList());
        for (Row r : rows) {
            assertTrue(r.getString("actor").startsWith("token:"), r.getString("actor"));
        }
        assertNull(rows.get(0).getValue("before"));
        assertEquals(
                "审计",
                ((JsonObject) rows.get(1).getValue("before"))
                        .getJsonObject("properties")
                        .getString("name"));
        assertEquals(
                "审计2",
                ((JsonObject) rows.get(1).getValue("after"))
                        .getJsonObject("properties")
                        .getString("name"));

        Resp history = api.admin(HttpMethod.GET, loc + "/audit", null, Map.of());
        assertEquals(200, history.status(), "a deleted station keeps its history: " + history);
        assertEquals(
                404,
                api.admin(HttpMethod.GET, "/api/v1/stations/999999/audit", null, Map.of())
                        .status());
        assertEquals(3, history.json().getJsonArray("events").size());
        assertEquals(
                "delete", history.json().getJsonArray("events").getJsonObject(0).getString("action"));
    }

    @Test
    @DisplayName("a failed write leaves neither a station nor an audit row")
    void failedWriteWritesNothing() {
        JsonObject f = Fixtures.restStation("甲", 121.5, 31.2);
        f.getJsonObject("properties").put("external_id", "dup-1");
        create(f);
        JsonObject g = Fixtures.restStation("乙", 121.5, 31.2);
        g.getJsonObject("properties").put("external_id", "dup-1");
        Resp conflict = api.post("/api/v1/stations", g);
        assertEquals(409, conflict.status());
        assertEquals("conflict/external_id", conflict.error());
        assertEquals(1, TestApp.count("SELECT count(*) FROM station"));
        assertEquals(1, TestApp.count("SELECT count(*) FROM audit_event"));
    }

    @Test
    @DisplayName("tokens: none or unknown → 401, viewer → 403 on writes, editor may write")
    void roles() {
        JsonObject f = Fixtures.restStation("权限", 121.5, 31.2);
        Resp none = api.send(
                HttpMethod.POST,
                "/api/v1/stations",
                "application/json",
                io.vertx.core.buffer.Buffer.buffer(f.encode()),
                Map.of());
        assertEquals(401, none.status());
        assertNotNull(none.header("WWW-Authenticate"));
        Resp wrong = api.send(
                HttpMethod.POST,
                "/api/v1/stations",
                "application/json",
                io.vertx.core.buffer.Buffer.buffer(f.encode()),
                Map.of("Authorization", "Bearer nope-nope-nope"));
        assertEquals(401, wrong.status());

        String viewer = api.post(
                        "/api/v1/tokens", new JsonObject().put("role", "viewer").put("label", "看板"))
                .json()
                .getString("token");
        String editor = api.post(
                        "/api/v1/tokens", new JsonObject().put("role", "editor").put("label", "编辑"))
                .json()
                .getString("token");
        Resp asViewer = api.send(
                HttpMethod.POST,
                "/api/v1/stations",
                "application/json",
                io.vertx.core.buffer.Buffer.buffer(f.encode()),
                Map.of("Authorization", "Bearer " + viewer));
        assertEquals(403, asViewer.status());
        Resp asEditor = api.send(
                HttpMethod.POST,
                "/api/v1/stations",
                "application/json",
                io.vertx.core.buffer.Buffer.buffer(f.encode()),
                Map.of("Authorization", "Bearer " + editor));
        assertEquals(201, asEditor.status());
        Resp editorIssuing = api.send(
                HttpMethod.POST,
                "/api/v1/tokens",
                "application/json",
                io.vertx.core.buffer.Buffer.buffer("{\"role\":\"admin\",\"label\":\"x\"}"),
                Map.of("Authorization", "Bearer " + editor));
        assertEquals(403, editorIssuing.status(), "only admins issue tokens");
        assertEquals(1, TestApp.count("SELECT count(*) FROM station"));
        // Only hashes are stored.
        assertEquals(
                0,
                TestApp.count("SELECT count(*) FROM api_token WHERE position('" + editor
                        + "' in encode(token_hash, 'escape')) > 0"));
    }

    @Test
    @DisplayName("a station written in GCJ-02 is stored in WGS 84 and read back in GCJ-02 unchanged")
    void writeInGcj02() {
        double[] gcj = org.yizhan.geo.ChinaCoordinates.wgs84ToGcj02(121.47, 31.23);
        Resp r = api.post("/api/v1/stations?crs=gcj02", Fixtures.restStation("高德坐标", gcj[0], gcj[1]));
        assertEquals(201, r.status(), r.toString());
        String loc = r.header("Location");
        JsonArray wgs = api.get(loc).json().getJsonObject("geometry").getJsonArray("coordinates");
        assertEquals(121.47, wgs.getDouble(0), 1e-6);
        assertEquals(31.23, wgs.getDouble(1), 1e-6);
        JsonArray back =
                api.get(loc + "?crs=gcj02").json().getJsonObject("geometry").getJsonArray("coordinates");
        assertEquals(gcj[0], back.getDouble(0), 1e-6);
        assertEquals(gcj[1], back.getDouble(1), 1e-6);
    }

    static <T> T await(Future<T> f) {
        return TestApp.await(f);
    }
}
