package org.yizhan.stations;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.yizhan.support.ErrorAssertions.assertJsonError;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.yizhan.http.Csv;
import org.yizhan.support.Api;
import org.yizhan.support.Api.Resp;
import org.yizhan.support.Fixtures;
import org.yizhan.support.SyntheticStations;
import org.yizhan.support.TestApp;

@DisplayName("GET /api/v1/stations/export: every matching station, streamed, CSV that round-trips through the import")
class StationExportApiTest {
    static Api api;
    static final Map<String, String> ADMIN = Map.of("Authorization", "Bearer " + TestApp.ADMIN_TOKEN);

    @BeforeAll
    static void stations() {
        TestApp.reset();
        api = TestApp.api();
        JsonArray features = new JsonArray();
        features.add(feature(
                "e-rich",
                121.4712345678901,
                31.2298765432109,
                new JsonObject()
                        .put("kind", "rest_station")
                        .put("category", "union_station")
                        .put("name", "静安寺工会驿站, \"总店\"")
                        .put("address", "南京西路 1 号, 二楼")
                        .put("district_code", "310106")
                        .put("scene", "business_district")
                        .put(
                                "amenities",
                                new JsonArray()
                                        .add("drinking_water")
                                        .add("microwave")
                                        .add("wifi"))
                        .put("opening_hours", "Mo-Fr 09:00-18:00; Sa 10:00-12:00")
                        .put("access", "staffed")
                        .put("capacity", 12)
                        .put("operator", "总工会")
                        .put("phone", "021-64870000")
                        .put("last_verified_at", "2025-03-01T09:00:00.250Z")));
        features.add(feature(
                "e-park",
                121.48,
                31.24,
                new JsonObject()
                        .put("kind", "parking")
                        .put("name", "货车停车场")
                        .put("vehicle_types", new JsonArray().add("car").add("truck"))
                        .put("status", "temporarily_closed")));
        features.add(feature(
                "e-empty",
                121.50,
                31.26,
                new JsonObject().put("kind", "parking").put("name", "空车型停车点").put("vehicle_types", new JsonArray())));
        features.add(feature(
                "e-meal",
                121.49,
                31.25,
                new JsonObject()
                        .put("kind", "meal")
                        .put("name", "用餐点")
                        .put("rider_discount", "九折; 免费加饭")
                        .put("status", "closed")
                        .put("demo", true)));
        Resp r = api.post("/api/v1/stations/import", Fixtures.collection(features));
        assertEquals(200, r.status(), r.toString());
        // 2,600 more, so that the export crosses several pages of 1,000
        Resp more = api.send(
                HttpMethod.POST,
                "/api/v1/stations/import",
                "text/csv",
                Buffer.buffer(SyntheticStations.csv(7, 0, 2_600)),
                ADMIN);
        assertEquals(200, more.status(), more.toString());
    }

    static JsonObject feature(String externalId, double lon, double lat, JsonObject properties) {
        return Fixtures.feature(lon, lat, properties.put("external_id", externalId));
    }

    static List<List<String>> csv(Resp r) {
        return Csv.parse(r.body().toString(StandardCharsets.UTF_8));
    }

    @Test
    @DisplayName("the CSV export re-imported changes nothing: every row unchanged, no version or audit bump")
    void csvRoundTrip() {
        Resp export = api.get("/api/v1/stations/export?format=csv");
        assertEquals(200, export.status(), export.toString());
        assertEquals("text/csv; charset=utf-8", export.header("Content-Type"));
        assertTrue(export.header("Content-Disposition").contains("stations.csv"));
        List<List<String>> lines = csv(export);
        assertEquals(StationExport.CSV_COLUMNS, lines.get(0));
        assertEquals(2_604, lines.size() - 1, "every status, every station, once");
        long audit = TestApp.count("SELECT count(*) FROM audit_event");
        Resp again = api.send(HttpMethod.POST, "/api/v1/stations/import", "text/csv", export.body(), ADMIN);
        assertEquals(200, again.status(), again.toString());
        assertEquals(0, again.json().getInteger("inserted"), again.toString());
        assertEquals(
                0,
                again.json().getInteger("updated"),
                () -> again + " "
                        + TestApp.await(TestApp.sql()
                                        .query(
                                                "SELECT before::text || ' -> ' || after::text FROM audit_event WHERE action = 'import_update'")
                                        .execute())
                                .iterator()
                                .next()
                                .getString(0));
        assertEquals(2_604, again.json().getInteger("unchanged"));
        assertEquals(audit, TestApp.count("SELECT count(*) FROM audit_event"));
    }

    @Test
    @DisplayName("the GeoJSON export is the listing's features, in id order across pages, with the listing's filters")
    void geoJsonIsTheListing() {
        Resp export = api.get("/api/v1/stations/export?format=geojson&kind=meal,parking&bbox=73,18,136,54");
        assertEquals(200, export.status(), export.toString());
        assertEquals("application/geo+json; charset=utf-8", export.header("Content-Type"));
        JsonArray features = export.json().getJsonArray("features");
        List<Long> ids = new ArrayList<>();
        features.forEach(f -> {
            JsonObject p = ((JsonObject) f).getJsonObject("properties");
            assertTrue(List.of("meal", "parking").contains(p.getString("kind")), p.encode());
            ids.add(p.getLong("id"));
        });
        for (int i = 1; i < ids.size(); i++) {
            assertTrue(ids.get(i) > ids.get(i - 1), "ascending ids");
        }
        long expected =
                TestApp.count("SELECT count(*) FROM station WHERE deleted_at IS NULL AND kind IN ('meal', 'parking')"
                        + " AND geom && ST_MakeEnvelope(73, 18, 136, 54, 4326)");
        assertEquals(expected, features.size());
        assertTrue(expected > 1_000, "the filtered export still spans pages: " + expected);
        JsonObject rich = api.get(
                        "/api/v1/stations/export?format=geojson&kind=rest_station&bbox=121.47,31.22,121.48,31.23")
                .json()
                .getJsonArray("features")
                .getJsonObject(0);
        long richId = rich.getLong("id");
        JsonObject read = api.get("/api/v1/stations/" + richId).json();
        read.getJsonObject("properties").remove("open_now");
        read.getJsonObject("properties").remove("opens_at");
        // What riders said and staleness belong to reads, not to the round-trip form.
        for (String readOnly : List.of("stale", "confirmations_7d", "last_confirmed_at", "open_reports")) {
            read.getJsonObject("properties").remove(readOnly);
        }
        assertEquals(read, rich, "an exported feature is the station as read");
    }

    @Test
    @DisplayName("status narrows the export (all statuses by default); crs converts coordinates")
    void statusAndCrs() {
        List<List<String>> open = csv(api.get("/api/v1/stations/export?status=closed"));
        assertTrue(
                open.size() - 1 >= 1
                        && open.stream().skip(1).allMatch(l -> l.get(14).equals("closed")),
                open.toString());
        List<List<String>> gcj =
                csv(api.get("/api/v1/stations/export?kind=parking&status=temporarily_closed&crs=gcj02"));
        List<String> park =
                gcj.stream().filter(l -> l.get(1).equals("e-park")).findFirst().orElseThrow();
        double[] want = org.yizhan.geo.ChinaCoordinates.wgs84ToGcj02(121.48, 31.24);
        // answers in another CRS are rounded to 7 decimals (1 cm), as everywhere in the API
        assertEquals(want[0], Double.parseDouble(park.get(19)), 0.6e-7);
        assertEquals(want[1], Double.parseDouble(park.get(20)), 0.6e-7);
    }

    @Test
    @DisplayName("HEAD answers the headers only; bad parameters answer 400 naming them")
    void headAndBadInput() {
        Resp head = api.send(HttpMethod.HEAD, "/api/v1/stations/export?format=geojson", null, null, Map.of());
        assertEquals(200, head.status());
        assertEquals("application/geo+json; charset=utf-8", head.header("Content-Type"));
        assertJsonError(api.get("/api/v1/stations/export?format=xlsx"), "format", 400, "invalid_parameter", "format");
        assertJsonError(api.get("/api/v1/stations/export?kind=boat"), "kind", 400, "invalid_parameter", "kind");
        assertJsonError(api.get("/api/v1/stations/export?limit=5"), "limit", 400, "invalid_parameter", "limit");
    }
}
