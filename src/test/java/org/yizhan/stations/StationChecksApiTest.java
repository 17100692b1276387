package org.yizhan.stations;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.yizhan.support.ErrorAssertions.assertJsonError;

import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.yizhan.support.Api;
import org.yizhan.support.Api.Resp;
import org.yizhan.support.Fixtures;
import org.yizhan.support.TestApp;

@DisplayName("Checks before a station is written: duplicates (warnings or on_duplicate=reject) and district codes")
class StationChecksApiTest {
    static final double LON = 121.47;
    static final double LAT = 31.23;
    /** Metres to degrees of latitude near 31° N (the meridian degree there is ~110,860 m). */
    static final double M = 1 / 110_860.0;

    final Api api = TestApp.api();

    @BeforeEach
    void empty() {
        TestApp.reset();
    }

    static JsonObject station(String name, String kind, double northM) {
        JsonObject p = new JsonObject().put("kind", kind).put("name", name);
        if (kind.equals("rest_station")) {
            p.put("category", "union_station");
        }
        return Fixtures.feature(LON, LAT + northM * M, p);
    }

    long create(JsonObject feature) {
        Resp r = api.post("/api/v1/stations", feature);
        assertEquals(201, r.status(), r.toString());
        return r.json().getLong("id");
    }

    Resp importRows(String query, JsonObject... features) {
        JsonArray fs = new JsonArray();
        for (JsonObject f : features) {
            fs.add(f);
        }
        return api.post("/api/v1/stations/import" + query, Fixtures.collection(fs));
    }

    @Nested
    @DisplayName("POST /api/v1/stations")
    class Create {
        @Test
        @DisplayName("a station of the same kind 20 m from another is created with a warning naming the other's id")
        void sameKindWarns() {
            long first = create(station("静安寺工会驿站", "rest_station", 0));
            Resp r = api.post("/api/v1/stations", station("另一个驿站", "rest_station", 20));
            assertEquals(201, r.status(), r.toString());
            JsonArray warnings = r.json().getJsonArray("warnings");
            assertEquals(1, warnings.size(), warnings.encode());
            JsonObject w = warnings.getJsonObject(0);
            assertEquals("duplicate_same_kind_nearby", w.getString("code"));
            assertEquals("geometry", w.getString("field"));
            assertEquals(first, w.getLong("station_id"));
            assertEquals(20, w.getDouble("distance_m"), 0.5);
            assertEquals(2, TestApp.count("SELECT count(*) FROM station"));
        }

        @Test
        @DisplayName(
                "the same name 150 m away warns even for another kind; 250 m away, or another name 40 m away, does not")
        void sameNameWarns() {
            long first = create(station("南京西路驿站", "rest_station", 0));
            JsonArray near = api.post("/api/v1/stations", station("南京西路驿站", "meal", 150))
                    .json()
                    .getJsonArray("warnings");
            assertEquals(1, near.size(), near.encode());
            assertEquals("duplicate_same_name_nearby", near.getJsonObject(0).getString("code"));
            assertEquals("name", near.getJsonObject(0).getString("field"));
            assertEquals(first, near.getJsonObject(0).getLong("station_id"));
            assertEquals(
                    List.of(),
                    api.post("/api/v1/stations", station("南京西路驿站", "parking", -250))
                            .json()
                            .getJsonArray("warnings")
                            .getList());
            assertEquals(
                    List.of(),
                    api.post("/api/v1/stations", station("别的名字", "rest_station", -40))
                            .json()
                            .getJsonArray("warnings")
                            .getList());
        }

        @Test
        @DisplayName("names compare after NFKC, without white space and ASCII case: 'ＡＢＣ　驿站' is 'abc驿站'")
        void nameKey() {
            long first = create(station("ABC 驿站", "rest_station", 0));
            JsonArray w = api.post("/api/v1/stations", station("ＡＢＣ　驿站", "meal", 100))
                    .json()
                    .getJsonArray("warnings");
            assertEquals(1, w.size(), w.encode());
            assertEquals(first, w.getJsonObject(0).getLong("station_id"));
        }

        @Test
        @DisplayName("on_duplicate=reject refuses with 409 naming the field and the other station, and writes nothing")
        void rejects() {
            long first = create(station("静安寺工会驿站", "rest_station", 0));
            Resp r = api.admin(
                    HttpMethod.POST,
                    "/api/v1/stations?on_duplicate=reject",
                    station("x", "rest_station", 10),
                    Map.of());
            assertJsonError(r, "same kind 10 m away", 409, "duplicate", "geometry");
            assertTrue(r.json().getJsonObject("error").getString("message").contains("station " + first), r.toString());
            assertEquals(1, TestApp.count("SELECT count(*) FROM station"));
            assertEquals(1, TestApp.count("SELECT count(*) FROM audit_event"));
            assertEquals(
                    201,
                    api.admin(
                                    HttpMethod.POST,
                                    "/api/v1/stations?on_duplicate=reject",
                                    station("x", "rest_station", 100),
                                    Map.of())
                            .status(),
                    "100 m away is no duplicate");
            assertJsonError(
                    api.admin(
                            HttpMethod.POST,
                            "/api/v1/stations?on_duplicate=maybe",
                            station("y", "meal", 500),
                            Map.of()),
                    "a bad on_duplicate",
                    400,
                    "invalid_parameter",
                    "on_duplicate");
        }

        @Test
        @DisplayName("a deleted station is no duplicate")
        void deletedIsNoDuplicate() {
            long first = create(station("旧驿站", "rest_station", 0));
            assertEquals(
                    204,
                    api.admin(HttpMethod.DELETE, "/api/v1/stations/" + first, null, Map.of("If-Match", "*"))
                            .status());
            assertEquals(
                    201,
                    api.admin(
                                    HttpMethod.POST,
                                    "/api/v1/stations?on_duplicate=reject",
                                    station("旧驿站", "rest_station", 0),
                                    Map.of())
                            .status());
        }
    }

    @Nested
    @DisplayName("POST /api/v1/stations/import")
    class Import {
        @Test
        @DisplayName("rows like a stored station or an earlier row of the file are written with warnings by index")
        void warns() {
            long stored = create(station("老驿站", "rest_station", 0));
            Resp r = importRows(
                    "",
                    station("新驿站", "rest_station", 15),
                    station("远处", "meal", 1000),
                    station("远处", "parking", 1100));
            assertEquals(200, r.status(), r.toString());
            assertEquals(3, r.json().getInteger("inserted"));
            JsonArray w = r.json().getJsonArray("warnings");
            assertEquals(2, w.size(), w.encode());
            assertEquals(0, w.getJsonObject(0).getInteger("index"));
            assertEquals(stored, w.getJsonObject(0).getLong("station_id"));
            assertEquals(2, w.getJsonObject(1).getInteger("index"));
            assertEquals(1, w.getJsonObject(1).getInteger("other_index"));
            assertEquals("duplicate_same_name_nearby", w.getJsonObject(1).getString("code"));
            assertEquals(100, w.getJsonObject(1).getDouble("distance_m"), 0.5);
        }

        @Test
        @DisplayName("re-importing the same file warns about nothing: its rows update the stations they wrote")
        void reimportIsQuiet() {
            JsonObject a = station("甲", "rest_station", 0);
            a.getJsonObject("properties").put("external_id", "a");
            JsonObject b = station("乙", "rest_station", 10);
            b.getJsonObject("properties").put("external_id", "b");
            assertEquals(1, importRows("", a, b).json().getJsonArray("warnings").size());
            Resp again = importRows("?on_duplicate=reject", a, b);
            assertEquals(200, again.status(), again.toString());
            assertEquals(2, again.json().getInteger("unchanged"));
            assertEquals(List.of(), again.json().getJsonArray("warnings").getList());
        }

        @Test
        @DisplayName(
                "on_duplicate=reject: all_or_nothing answers 422 and writes nothing; best_effort writes the others")
        void rejects() {
            create(station("老驿站", "rest_station", 0));
            JsonObject[] rows = {
                station("新驿站", "rest_station", 15), station("远处", "meal", 1000), station("远处", "meal", 1010)
            };
            Resp all = importRows("?on_duplicate=reject", rows);
            assertEquals(422, all.status(), all.toString());
            assertEquals("invalid_rows/geometry", all.error());
            JsonArray rejected = all.json().getJsonArray("rejected");
            assertEquals(2, rejected.size(), rejected.encode());
            assertEquals(0, rejected.getJsonObject(0).getInteger("index"));
            assertEquals(2, rejected.getJsonObject(1).getInteger("index"));
            assertEquals(1, TestApp.count("SELECT count(*) FROM station"));

            Resp some = importRows("?on_duplicate=reject&mode=best_effort", rows);
            assertEquals(200, some.status(), some.toString());
            assertEquals(1, some.json().getInteger("inserted"), "only row 1 is no duplicate");
            assertEquals(2, some.json().getJsonArray("rejected").size());
            assertEquals(2, TestApp.count("SELECT count(*) FROM station"));
        }
    }

    @Nested
    @DisplayName("district_code against the loaded regions")
    class Districts {
        @BeforeEach
        void shanghaiWithTwoDistricts() {
            JsonArray regions = new JsonArray()
                    .add(Fixtures.rectangleRegion("310000", "上海市", "city", null, 121.0, 30.7, 122.0, 31.9))
                    .add(Fixtures.rectangleRegion("310101", "黄浦区", "district", "310000", 121.46, 31.20, 121.51, 31.25))
                    .add(Fixtures.rectangleRegion("310104", "徐汇区", "district", "310000", 121.40, 31.12, 121.46, 31.20));
            Resp r = api.post("/api/v1/regions/import", Fixtures.collection(regions));
            assertEquals(200, r.status(), r.toString());
        }

        JsonObject withDistrict(String code, double northM) {
            JsonObject f = station("驿站" + code, "rest_station", northM);
            f.getJsonObject("properties").put("district_code", code);
            return f;
        }

        @Test
        @DisplayName("a code of a city whose districts are loaded must be one of them; other cities' codes pass")
        void createChecked() {
            assertJsonError(
                    api.post("/api/v1/stations", withDistrict("310105", 0)),
                    "310105 not loaded",
                    400,
                    "invalid_parameter",
                    "district_code");
            assertEquals(
                    201, api.post("/api/v1/stations", withDistrict("310104", 0)).status());
            assertEquals(
                    201,
                    api.post("/api/v1/stations", withDistrict("310000", 500)).status(),
                    "the city's own code");
            assertEquals(
                    201,
                    api.post("/api/v1/stations", withDistrict("320102", 1000)).status(),
                    "Nanjing's districts are not loaded: the province prefix is all that is checked");
            assertJsonError(
                    api.post("/api/v1/stations", withDistrict("999999", 1500)),
                    "no province 99",
                    400,
                    "invalid_parameter",
                    "district_code");
            assertEquals(3, TestApp.count("SELECT count(*) FROM station"));
        }

        @Test
        @DisplayName("PUT and PATCH are held to the same rule")
        void replace() {
            long id = create(withDistrict("310101", 0));
            Resp put = api.admin(
                    HttpMethod.PUT, "/api/v1/stations/" + id, withDistrict("310199", 0), Map.of("If-Match", "*"));
            assertJsonError(put, "PUT 310199", 400, "invalid_parameter", "district_code");
            Resp patch = api.admin(
                    HttpMethod.PATCH,
                    "/api/v1/stations/" + id,
                    new JsonObject().put("properties", new JsonObject().put("district_code", "310188")),
                    Map.of("If-Match", "*"));
            assertJsonError(patch, "PATCH 310188", 400, "invalid_parameter", "district_code");
            assertEquals(
                    "310101",
                    api.get("/api/v1/stations/" + id)
                            .json()
                            .getJsonObject("properties")
                            .getString("district_code"));
        }

        @Test
        @DisplayName("a code stored before the districts were loaded blocks no other edit; changing it is checked")
        void storedCodeDoesNotBlockEdits() {
            long id = create(withDistrict("310101", 0));
            TestApp.await(TestApp.sql()
                    .preparedQuery("UPDATE station SET district_code = '310199' WHERE id = $1")
                    .execute(Tuple.of(id)));
            Resp rename = api.admin(
                    HttpMethod.PATCH,
                    "/api/v1/stations/" + id,
                    new JsonObject().put("properties", new JsonObject().put("name", "改名")),
                    Map.of("If-Match", "*"));
            assertEquals(200, rename.status(), rename.toString());
            Resp recode = api.admin(
                    HttpMethod.PATCH,
                    "/api/v1/stations/" + id,
                    new JsonObject().put("properties", new JsonObject().put("district_code", "310188")),
                    Map.of("If-Match", "*"));
            assertJsonError(recode, "PATCH to another unknown code", 400, "invalid_parameter", "district_code");
        }

        @Test
        @DisplayName("a row refused for its district code is rejected once, and is nobody's duplicate")
        void refusedRowOnce() {
            create(station("老驿站", "rest_station", 0));
            Resp r = importRows(
                    "?on_duplicate=reject&mode=best_effort",
                    withDistrict("310177", 10),
                    station("另一个", "meal", 3000),
                    station("另一个", "meal", 3010));
            JsonArray rejected = r.json().getJsonArray("rejected");
            assertEquals(2, rejected.size(), rejected.encode());
            assertEquals("district_code", rejected.getJsonObject(0).getString("field"));
            assertEquals(2, rejected.getJsonObject(1).getInteger("index"), "row 2 duplicates row 1, which is written");
            assertEquals(1, r.json().getInteger("inserted"));
        }

        @Test
        @DisplayName("an import row with such a code is rejected by index")
        void importRow() {
            Resp r = importRows("?mode=best_effort", withDistrict("310101", 0), withDistrict("310177", 500));
            assertEquals(200, r.status(), r.toString());
            assertEquals(1, r.json().getInteger("inserted"));
            JsonArray rejected = r.json().getJsonArray("rejected");
            assertEquals(1, rejected.size(), rejected.encode());
            assertEquals(1, rejected.getJsonObject(0).getInteger("index"));
            assertEquals("district_code", rejected.getJsonObject(0).getString("field"));
        }
    }

    @Test
    @DisplayName("the name key is the same in Java and in SQL")
    void nameKeyAgrees() {
        for (String name : List.of("静安寺 工会驿站", "ＡＢＣ　驿站", "Driver\tHome", "ÄÖÜ Café", "①号驿站", "ﾃｽﾄ")) {
            Row row = TestApp.await(TestApp.sql()
                            .preparedQuery("SELECT " + StationRepository.NAME_KEY_SQL.formatted("$1::text") + " AS k")
                            .execute(Tuple.of(name)))
                    .iterator()
                    .next();
            assertEquals(StationChecks.nameKey(name), row.getString("k"), name);
        }
    }
}
