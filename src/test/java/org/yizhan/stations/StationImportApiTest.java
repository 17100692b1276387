package org.yizhan.stations;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.yizhan.support.Api;
import org.yizhan.support.Api.Resp;
import org.yizhan.support.Fixtures;
import org.yizhan.support.TestApp;

@DisplayName("POST /api/v1/stations/import")
class StationImportApiTest {

    private Api api;

    @BeforeEach
    void empty() {
        TestApp.reset();
        api = TestApp.api();
    }

    private static JsonObject station(String externalId, String name, double lon, double lat) {
        JsonObject f = Fixtures.restStation(name, lon, lat);
        f.getJsonObject("properties").put("external_id", externalId);
        return f;
    }

    private Resp csv(String query, String text) {
        return api.send(
                HttpMethod.POST,
                "/api/v1/stations/import" + query,
                "text/csv; charset=utf-8",
                Buffer.buffer(text),
                Map.of("Authorization", "Bearer " + TestApp.ADMIN_TOKEN));
    }

    @Test
    @DisplayName("all_or_nothing (the default) writes nothing when one feature is bad, and names its index and field")
    void allOrNothingRollsBack() {
        JsonArray features = new JsonArray();
        for (int i = 0; i < 50; i++) {
            features.add(station("e-" + i, "站 " + i, 121.4 + i * 0.001, 31.2));
        }
        features.getJsonObject(37).getJsonObject("properties").put("capacity", -3);
        Resp r = api.post("/api/v1/stations/import", Fixtures.collection(features));
        assertEquals(422, r.status(), r.toString());
        assertEquals("invalid_rows/capacity", r.error(), "the one 422 shape of every import");
        assertEquals(0, r.json().getInteger("inserted"));
        JsonArray rejected = r.json().getJsonArray("rejected");
        assertEquals(1, rejected.size());
        assertEquals(37, rejected.getJsonObject(0).getInteger("index"));
        assertEquals("capacity", rejected.getJsonObject(0).getString("field"));
        assertEquals(0, TestApp.count("SELECT count(*) FROM station"));
        assertEquals(0, TestApp.count("SELECT count(*) FROM audit_event"));
    }

    @Test
    @DisplayName("best_effort writes the valid features and reports the others")
    void bestEffort() {
        JsonArray features = new JsonArray()
                .add(station("a", "甲", 121.4, 31.2))
                .add(station("b", "", 121.4, 31.2))
                .add(station("c", "丙", 181, 31.2))
                .add(station("d", "丁", 121.41, 31.21));
        Resp r = api.post("/api/v1/stations/import?mode=best_effort", Fixtures.collection(features));
        assertEquals(200, r.status(), r.toString());
        assertEquals(2, r.json().getInteger("inserted"));
        JsonArray rejected = r.json().getJsonArray("rejected");
        assertEquals(2, rejected.size());
        assertEquals("name", rejected.getJsonObject(0).getString("field"));
        assertEquals(1, rejected.getJsonObject(0).getInteger("index"));
        assertEquals("geometry", rejected.getJsonObject(1).getString("field"));
        assertEquals(2, TestApp.count("SELECT count(*) FROM station"));
    }

    @Test
    @DisplayName(
            "importing again upserts by external_id: changed rows update (version 2), new rows insert, each audited")
    void upsertByExternalId() {
        api.post(
                "/api/v1/stations/import",
                Fixtures.collection(
                        new JsonArray().add(station("x1", "一", 121.4, 31.2)).add(station("x2", "二", 121.5, 31.2))));
        Resp again = api.post(
                "/api/v1/stations/import",
                Fixtures.collection(
                        new JsonArray().add(station("x2", "二（新）", 121.5, 31.2)).add(station("x3", "三", 121.6, 31.2))));
        assertEquals(200, again.status(), again.toString());
        assertEquals(1, again.json().getInteger("inserted"));
        assertEquals(1, again.json().getInteger("updated"));
        assertEquals(3, TestApp.count("SELECT count(*) FROM station"));
        assertEquals(
                1,
                TestApp.count(
                        "SELECT count(*) FROM station WHERE external_id = 'x2' AND name = '二（新）' AND version = 2"));
        assertEquals(3, TestApp.count("SELECT count(*) FROM audit_event WHERE action = 'import_insert'"));
        assertEquals(
                1,
                TestApp.count(
                        "SELECT count(*) FROM audit_event WHERE action = 'import_update' AND before->'properties'->>'name' = '二'"));
    }

    @Test
    @DisplayName(
            "re-importing identical rows changes nothing: same version and updated_at, no audit row, counted unchanged")
    void reimportIsIdempotent() {
        String file = Fixtures.collection(new JsonArray()
                        .add(station("same-1", "一", 121.4, 31.2))
                        .add(station("same-2", "二", 121.5, 31.2)))
                .encode();
        Resp first = api.post("/api/v1/stations/import", new JsonObject(file));
        assertEquals(2, first.json().getInteger("inserted"));
        String updatedAt =
                api.get("/api/v1/stations/1").json().getJsonObject("properties").getString("updated_at");
        long auditBefore = TestApp.count("SELECT count(*) FROM audit_event");
        long dataVersion = TestApp.count("SELECT current_data_version()");

        Resp again = api.post("/api/v1/stations/import", new JsonObject(file));
        assertEquals(200, again.status(), again.toString());
        assertEquals(0, again.json().getInteger("inserted"));
        assertEquals(0, again.json().getInteger("updated"));
        assertEquals(2, again.json().getInteger("unchanged"));
        assertEquals(2, TestApp.count("SELECT count(*) FROM station WHERE version = 1"));
        assertEquals(auditBefore, TestApp.count("SELECT count(*) FROM audit_event"));
        assertEquals(
                updatedAt,
                api.get("/api/v1/stations/1").json().getJsonObject("properties").getString("updated_at"));
        assertEquals(
                dataVersion,
                TestApp.count("SELECT current_data_version()"),
                "the data version (what coverage and tile caches key on) stays: their answers stay valid");

        // One changed row among identical ones: only it moves.
        JsonObject changed = new JsonObject(file);
        changed.getJsonArray("features")
                .getJsonObject(1)
                .getJsonObject("properties")
                .put("name", "二（新）");
        Resp third = api.post("/api/v1/stations/import", changed);
        assertEquals(1, third.json().getInteger("updated"));
        assertEquals(1, third.json().getInteger("unchanged"));
        assertEquals(1, TestApp.count("SELECT count(*) FROM station WHERE external_id = 'same-2' AND version = 2"));
        assertEquals(1, TestApp.count("SELECT count(*) FROM station WHERE external_id = 'same-1' AND version = 1"));
        assertEquals(auditBefore + 1, TestApp.count("SELECT count(*) FROM audit_event"));
        assertTrue(
                TestApp.count("SELECT current_data_version()") > dataVersion, "a changed row moves the data version");
    }

    @Test
    @DisplayName("re-importing a deleted station's identical row revives it")
    void reimportRevivesDeleted() {
        String file = Fixtures.collection(new JsonArray().add(station("gone-1", "一", 121.4, 31.2)))
                .encode();
        api.post("/api/v1/stations/import", new JsonObject(file));
        Resp del = api.admin(HttpMethod.DELETE, "/api/v1/stations/1", null, Map.of("If-Match", "\"1\""));
        assertEquals(204, del.status(), del.toString());
        Resp again = api.post("/api/v1/stations/import", new JsonObject(file));
        assertEquals(1, again.json().getInteger("updated"), again.toString());
        assertEquals(200, api.get("/api/v1/stations/1").status());
    }

    @Test
    @DisplayName("the same external_id twice in one file is rejected at its second index")
    void duplicateInFile() {
        Resp r = api.post(
                "/api/v1/stations/import",
                Fixtures.collection(
                        new JsonArray().add(station("d1", "一", 121.4, 31.2)).add(station("d1", "二", 121.5, 31.2))));
        assertEquals(422, r.status());
        JsonObject rej = r.json().getJsonArray("rejected").getJsonObject(0);
        assertEquals(1, rej.getInteger("index"));
        assertEquals("external_id", rej.getString("field"));
        assertEquals(0, TestApp.count("SELECT count(*) FROM station"));
    }

    @Test
    @DisplayName("CSV with lon,lat columns imports, with quoted commas, lists split by ';' and opening hours with ';'")
    void csvImport() {
        String text = """
                external_id,name,kind,category,lon,lat,amenities,opening_hours,capacity,address
                c1,静安寺驿站,rest_station,union_station,121.445,31.223,microwave;wifi,"Mo-Fr 08:00-20:00; Sa 09:00-12:00",8,"上海市静安区南京西路1号, 近地铁口"
                c2,停车点,parking,,121.45,31.22,ebike_charging,24/7,50,
                """;
        Resp r = csv("", text);
        assertEquals(200, r.status(), r.toString());
        assertEquals(2, r.json().getInteger("inserted"));
        Resp near = api.get("/api/v1/stations/nearest?lon=121.445&lat=31.223&limit=1");
        JsonObject p = near.json().getJsonArray("features").getJsonObject(0).getJsonObject("properties");
        assertEquals("静安寺驿站", p.getString("name"));
        assertEquals("上海市静安区南京西路1号, 近地铁口", p.getString("address"));
        assertEquals("Mo-Fr 08:00-20:00; Sa 09:00-12:00", p.getString("opening_hours"));
        assertEquals(2, p.getJsonArray("amenities").size());
        assertEquals(8, p.getInteger("capacity"));
    }

    @Test
    @DisplayName("CSV rows with bad cells are reported by data-row index and column")
    void csvRejections() {
        String text = "name,kind,category,lon,lat,capacity\n"
                + "好,rest_station,union_station,121.4,31.2,3\n"
                + "坏,rest_station,union_station,abc,31.2,3\n"
                + "也坏,rest_station,union_station,121.4,31.2,many\n";
        Resp r = csv("?mode=best_effort", text);
        assertEquals(200, r.status(), r.toString());
        assertEquals(1, r.json().getInteger("inserted"));
        JsonArray rej = r.json().getJsonArray("rejected");
        assertEquals(1, rej.getJsonObject(0).getInteger("index"));
        assertEquals("lon", rej.getJsonObject(0).getString("field"));
        assertEquals(2, rej.getJsonObject(1).getInteger("index"));
        assertEquals("capacity", rej.getJsonObject(1).getString("field"));
    }

    @Test
    @DisplayName("20,000 features import in one request, in batches inside one transaction")
    void largeImport() {
        JsonArray features = new JsonArray();
        for (int i = 0; i < 20_000; i++) {
            features.add(station("big-" + i, "站" + i, 121.0 + (i % 200) * 0.005, 30.9 + (i / 200) * 0.005));
        }
        Resp r = api.post("/api/v1/stations/import", Fixtures.collection(features));
        assertEquals(200, r.status(), r.toString());
        assertEquals(20_000, r.json().getInteger("inserted"));
        assertEquals(20_000, TestApp.count("SELECT count(*) FROM station"));
        assertEquals(20_000, TestApp.count("SELECT count(*) FROM audit_event"));
        assertTrue(r.json().getJsonArray("rejected").isEmpty());
    }
}
