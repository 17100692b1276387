package org.yizhan.stations;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.yizhan.db.JsonColumns;
import org.yizhan.geo.Crs;
import org.yizhan.geo.Features;
import org.yizhan.support.Api;
import org.yizhan.support.Fixtures;
import org.yizhan.support.TestApp;

@DisplayName("Station Features built in Java are the SQL function station_feature(), byte for byte")
class StationRowsTest {

    @BeforeAll
    static void stations() {
        TestApp.reset();
        Api api = TestApp.api();
        JsonArray features = new JsonArray()
                .add(Fixtures.feature(
                        121.4737,
                        31.2304,
                        new JsonObject()
                                .put("kind", "rest_station")
                                .put("category", "union_station")
                                .put("name", "全字段 驿站")
                                .put("external_id", "full-1")
                                .put("address", "南京东路 1 号")
                                .put("district_code", "310101")
                                .put("scene", "business_district")
                                .put("amenities", new JsonArray().add("wifi").add("microwave"))
                                .put("opening_hours", "Mo-Fr 09:00-18:00")
                                .put("access", "staffed")
                                .put("capacity", 12)
                                .put("status", "temporarily_closed")
                                .put("operator", "区总工会")
                                .put("phone", "+86 21 1234 5678")
                                .put("demo", true)
                                .put("last_verified_at", "2026-11-22T19:05:00.987Z")))
                .add(Fixtures.feature(
                        -0.000001,
                        -89.999999,
                        new JsonObject()
                                .put("kind", "parking")
                                .put("name", "P")
                                .put("vehicle_types", new JsonArray().add("car").add("truck"))))
                .add(Fixtures.feature(
                        179.9999999,
                        0.1,
                        new JsonObject()
                                .put("kind", "meal")
                                .put("name", "饭")
                                .put("rider_discount", "骑手九折")
                                .put("amenities", new JsonArray())))
                .add(Fixtures.feature(
                        121.1,
                        31.0,
                        new JsonObject()
                                .put("kind", "parking")
                                .put("name", "空的")
                                .put("vehicle_types", new JsonArray())));
        assertEquals(
                200,
                api.post("/api/v1/stations/import", Fixtures.collection(features))
                        .status());
    }

    @Test
    @DisplayName("every property, null or not, in the same order and the same number and time formats")
    void sameAsSql() {
        RowSet<Row> rows = TestApp.await(TestApp.sql()
                .query("SELECT station_feature(s) AS sql_feature, " + StationRows.COLUMNS
                        + " FROM station s ORDER BY s.id")
                .execute());
        assertEquals(4, rows.size());
        for (Row r : rows) {
            // Every read passes its Features through toCrs, which writes coordinates as doubles.
            String fromSql = Features.toCrs(JsonColumns.object(r.getValue("sql_feature")), Crs.WGS84)
                    .encode();
            String fromJava = Features.toCrs(StationRows.feature(r), Crs.WGS84).encode();
            assertEquals(fromSql, fromJava);
        }
        Row first = rows.iterator().next();
        assertTrue(StationRows.feature(first).encode().contains("\"last_verified_at\":\"2026-11-22T19:05:00Z\""));
    }
}
