package org.yizhan.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
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
 * One table of mistakes a client can make, each sent through HTTP to the real server. Every answer
 * must be a 4xx with the one JSON error shape, naming the code and the parameter or property at fault.
 *
 * <p>The table is built before the server state it refers to exists, so it uses placeholders that
 * {@link #resolve} fills in: {@code {id}} is a live station at version 1, {@code {admin}} and
 * {@code {viewer}} are bearer tokens.
 */
@DisplayName("Bad input: every mistake answers a 4xx with the JSON error shape, its code and the field at fault")
class BadInputApiTest {

    private static final String NEAREST = "/api/v1/stations/nearest?";
    private static final String NEAR_OK = NEAREST + "lon=121.47&lat=31.23";
    private static final String LIST = "/api/v1/stations?";
    private static final String STATION = "/api/v1/stations/{id}";
    private static final String JSON = "application/json";
    private static final String MERGE = "application/merge-patch+json";

    private static final Map<String, String> NONE = Map.of();
    private static final Map<String, String> ADMIN = Map.of("Authorization", "Bearer {admin}");
    private static final Map<String, String> VIEWER = Map.of("Authorization", "Bearer {viewer}");

    private static final String INVALID = "invalid_parameter";

    private static Api api;
    private static long stationId;
    private static String viewerToken;

    @BeforeAll
    static void oneStationAndAViewer() {
        TestApp.reset();
        api = TestApp.api();
        Resp created = api.post("/api/v1/stations", Fixtures.restStation("静安寺工会驿站", 121.445, 31.223));
        assertEquals(201, created.status(), created.toString());
        stationId = created.json().getLong("id");
        Resp token = api.post(
                "/api/v1/tokens", new JsonObject().put("role", "viewer").put("label", "t"));
        assertEquals(201, token.status(), token.toString());
        viewerToken = token.json().getString("token");
        assertNotNull(viewerToken);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    @DisplayName("answers a 4xx JSON error naming the code and field, with a message and no stack trace")
    void answersTheJsonError(
            String description,
            HttpMethod method,
            String uri,
            String contentType,
            String body,
            Map<String, String> headers,
            int status,
            String code,
            String field) {
        Map<String, String> h = new HashMap<>();
        headers.forEach((k, v) -> h.put(k, resolve(v)));
        Buffer buffer = body == null ? null : Buffer.buffer(resolve(body));
        Resp r = api.send(method, resolve(uri), contentType, buffer, h);
        ErrorAssertions.assertJsonError(r, description, status, code, field);
    }

    @Test
    @DisplayName("max_distance_m too small and too large get one message stating the one allowed range")
    void oneRangeMessage() {
        String low = api.get("/api/v1/stations/nearest?lon=121.47&lat=31.23&max_distance_m=0")
                .json()
                .getJsonObject("error")
                .getString("message");
        String high = api.get("/api/v1/stations/nearest?lon=121.47&lat=31.23&max_distance_m=60000")
                .json()
                .getJsonObject("error")
                .getString("message");
        assertEquals(low, high);
        assertEquals("max_distance_m must be greater than 0 and at most 50000", low);
    }

    private static String resolve(String s) {
        return s.replace("{id}", Long.toString(stationId))
                .replace("{admin}", TestApp.ADMIN_TOKEN)
                .replace("{viewer}", viewerToken);
    }

    static Stream<Arguments> cases() {
        List<Arguments> c = new ArrayList<>();

        // --- GET /stations/nearest ---
        c.add(nearest("nearest without lon", "lat=31.23", "lon"));
        c.add(nearest("nearest without lat", "lon=121.47", "lat"));
        c.add(nearest("nearest with an empty lon", "lon=&lat=31.23", "lon"));
        c.add(nearest("nearest with lat 91", "lon=121.47&lat=91", "lat"));
        c.add(nearest("nearest with lon -180.5", "lon=-180.5&lat=31.23", "lon"));
        c.add(nearest("nearest with lon \"abc\"", "lon=abc&lat=31.23", "lon"));
        c.add(nearest("nearest with lon NaN", "lon=NaN&lat=31.23", "lon"));
        c.add(nearest("nearest with lat Infinity", "lon=121.47&lat=Infinity", "lat"));
        c.add(nearest("nearest with limit 0", "lon=121.47&lat=31.23&limit=0", "limit"));
        c.add(nearest("nearest with limit 101", "lon=121.47&lat=31.23&limit=101", "limit"));
        c.add(nearest("nearest with limit \"x\"", "lon=121.47&lat=31.23&limit=x", "limit"));
        c.add(nearest("nearest with limit 2.5", "lon=121.47&lat=31.23&limit=2.5", "limit"));
        c.add(nearest("nearest with max_distance_m 0", "lon=121.47&lat=31.23&max_distance_m=0", "max_distance_m"));
        c.add(nearest("nearest with max_distance_m -1", "lon=121.47&lat=31.23&max_distance_m=-1", "max_distance_m"));
        c.add(nearest(
                "nearest with max_distance_m 50001", "lon=121.47&lat=31.23&max_distance_m=50001", "max_distance_m"));
        c.add(nearest("nearest with an unknown kind", "lon=121.47&lat=31.23&kind=bus_stop", "kind"));
        c.add(nearest("nearest with an unknown category", "lon=121.47&lat=31.23&category=castle", "category"));
        c.add(nearest(
                "nearest with one unknown amenity in a list", "lon=121.47&lat=31.23&amenity=wifi,jacuzzi", "amenity"));
        c.add(nearest("nearest with an unknown status", "lon=121.47&lat=31.23&status=gone", "status"));
        c.add(nearest("nearest with an unknown parameter (typo)", "lon=121.47&lat=31.23&amenties=wifi", "amenties"));
        c.add(nearest("nearest with limit given twice", "lon=121.47&lat=31.23&limit=5&limit=6", "limit"));
        c.add(nearest("nearest with lon given twice", "lon=121.47&lon=121.48&lat=31.23", "lon"));
        c.add(nearest("nearest with open_now=maybe", "lon=121.47&lat=31.23&open_now=maybe", "open_now"));
        c.add(nearest("nearest with at not ISO-8601", "lon=121.47&lat=31.23&at=tomorrow", "at"));
        c.add(nearest("nearest with at lacking an offset", "lon=121.47&lat=31.23&at=2026-11-23T01:30:00", "at"));
        c.add(nearest("nearest with crs=utm", "lon=121.47&lat=31.23&crs=utm", "crs"));
        c.add(of(
                "nearest with a broken percent-escape in the query",
                HttpMethod.GET,
                NEAREST + "lon=%zz&lat=31.23",
                null,
                null,
                NONE,
                400,
                "bad_request",
                null));

        // --- GET /stations (list) ---
        c.add(list("list with a bbox of three numbers", "bbox=121,31,122", "bbox"));
        c.add(list("list with a bbox of five numbers", "bbox=121,31,122,32,1", "bbox"));
        c.add(list("list with a bbox of words", "bbox=a,b,c,d", "bbox"));
        c.add(list("list with a bbox holding NaN", "bbox=121,NaN,122,32", "bbox"));
        c.add(list("list with a bbox whose minLon > maxLon", "bbox=122,31,121,32", "bbox"));
        c.add(list("list with a bbox whose minLat > maxLat", "bbox=121,32,122,31", "bbox"));
        c.add(list("list with a bbox beyond lat 90", "bbox=121,31,122,91", "bbox"));
        c.add(list("list with a bbox beyond lon -180", "bbox=-181,31,122,32", "bbox"));
        c.add(list("list with limit 1001", "limit=1001", "limit"));
        c.add(list("list with limit 0", "limit=0", "limit"));
        c.add(list("list with a garbage cursor", "cursor=!!not-a-cursor!!", "cursor"));
        c.add(list(
                "list with a base64 cursor the server never issued",
                "cursor="
                        + Base64.getUrlEncoder()
                                .withoutPadding()
                                .encodeToString("id:abc".getBytes(StandardCharsets.UTF_8)),
                "cursor"));
        c.add(list(
                "list with a negative-id cursor",
                "cursor="
                        + Base64.getUrlEncoder()
                                .withoutPadding()
                                .encodeToString("id:-5".getBytes(StandardCharsets.UTF_8)),
                "cursor"));
        c.add(list("list with an unknown kind", "kind=bus_stop", "kind"));
        c.add(list("list with an unknown parameter", "sort=name", "sort"));
        c.add(list("list with crs=utm", "crs=utm", "crs"));

        // --- GET /stations/{id} ---
        c.add(of("GET /stations/abc", HttpMethod.GET, "/api/v1/stations/abc", null, null, NONE, 400, INVALID, "id"));
        c.add(of("GET /stations/0", HttpMethod.GET, "/api/v1/stations/0", null, null, NONE, 400, INVALID, "id"));
        c.add(of("GET /stations/-3", HttpMethod.GET, "/api/v1/stations/-3", null, null, NONE, 400, INVALID, "id"));
        c.add(of(
                "GET /stations/ with an id beyond 64 bits",
                HttpMethod.GET,
                "/api/v1/stations/99999999999999999999",
                null,
                null,
                NONE,
                400,
                INVALID,
                "id"));
        c.add(of(
                "GET /stations/999999 that does not exist",
                HttpMethod.GET,
                "/api/v1/stations/999999",
                null,
                null,
                NONE,
                404,
                "not_found",
                null));
        c.add(of(
                "GET a station with crs=utm",
                HttpMethod.GET,
                STATION + "?crs=utm",
                null,
                null,
                NONE,
                400,
                INVALID,
                "crs"));
        c.add(of(
                "GET a station with an unknown parameter",
                HttpMethod.GET,
                STATION + "?fields=name",
                null,
                null,
                NONE,
                400,
                INVALID,
                "fields"));

        // --- tokens ---
        String valid = Fixtures.restStation("新驿站", 121.45, 31.22).encode();
        c.add(of(
                "POST /stations without a token",
                HttpMethod.POST,
                "/api/v1/stations",
                JSON,
                valid,
                NONE,
                401,
                "unauthorized",
                "Authorization"));
        c.add(of(
                "POST /stations with an unknown token",
                HttpMethod.POST,
                "/api/v1/stations",
                JSON,
                valid,
                Map.of("Authorization", "Bearer not-a-real-token"),
                401,
                "unauthorized",
                "Authorization"));
        c.add(of(
                "POST /stations with Basic instead of Bearer",
                HttpMethod.POST,
                "/api/v1/stations",
                JSON,
                valid,
                Map.of("Authorization", "Basic YWRtaW46YWRtaW4="),
                401,
                "unauthorized",
                "Authorization"));
        c.add(of(
                "POST /stations with an empty Bearer",
                HttpMethod.POST,
                "/api/v1/stations",
                JSON,
                valid,
                Map.of("Authorization", "Bearer "),
                401,
                "unauthorized",
                "Authorization"));
        c.add(of(
                "POST /stations with a viewer token",
                HttpMethod.POST,
                "/api/v1/stations",
                JSON,
                valid,
                VIEWER,
                403,
                "forbidden",
                "Authorization"));
        c.add(of(
                "DELETE a station with a viewer token",
                HttpMethod.DELETE,
                STATION,
                null,
                null,
                with(VIEWER, "If-Match", "\"1\""),
                403,
                "forbidden",
                "Authorization"));
        c.add(of(
                "GET a station's audit without a token",
                HttpMethod.GET,
                STATION + "/audit",
                null,
                null,
                NONE,
                401,
                "unauthorized",
                "Authorization"));
        c.add(of(
                "POST /tokens with a viewer token",
                HttpMethod.POST,
                "/api/v1/tokens",
                JSON,
                "{\"role\":\"admin\",\"label\":\"escalate\"}",
                VIEWER,
                403,
                "forbidden",
                "Authorization"));
        c.add(of(
                "POST /tokens with an unknown role",
                HttpMethod.POST,
                "/api/v1/tokens",
                JSON,
                "{\"role\":\"root\",\"label\":\"t\"}",
                ADMIN,
                400,
                INVALID,
                "role"));
        c.add(of(
                "POST /tokens without a label",
                HttpMethod.POST,
                "/api/v1/tokens",
                JSON,
                "{\"role\":\"viewer\"}",
                ADMIN,
                400,
                INVALID,
                "label"));
        c.add(of(
                "GET /me without a token",
                HttpMethod.GET,
                "/api/v1/me",
                null,
                null,
                NONE,
                401,
                "unauthorized",
                "Authorization"));

        // --- POST /stations: media type and body ---
        c.add(create(
                "POST /stations as text/plain", "text/plain", valid, 415, "unsupported_media_type", "Content-Type"));
        c.add(create(
                "POST /stations without a Content-Type", null, valid, 415, "unsupported_media_type", "Content-Type"));
        c.add(create("POST /stations with invalid JSON", JSON, "{\"type\": \"Feature\",", 400, "invalid_json", "body"));
        c.add(create("POST /stations with an empty body", JSON, "", 400, INVALID, "body"));
        c.add(create("POST /stations with a JSON array body", JSON, "[" + valid + "]", 400, INVALID, "body"));
        c.add(create("POST /stations with a JSON string body", JSON, "\"station\"", 400, INVALID, "body"));
        c.add(create("POST /stations with crs=utm", "/api/v1/stations?crs=utm", JSON, valid, 400, INVALID, "crs"));
        c.add(bad("a Feature whose type is not \"Feature\"", f -> f.put("type", "FeatureCollection"), "type"));
        c.add(bad("a Feature without properties", f -> f.remove("properties"), "properties"));
        c.add(bad("a Feature whose properties are an array", f -> f.put("properties", new JsonArray()), "properties"));
        c.add(bad("a Feature without geometry", f -> f.remove("geometry"), "geometry"));
        c.add(bad(
                "a geometry that is a LineString",
                f -> f.put(
                        "geometry",
                        new JsonObject()
                                .put("type", "LineString")
                                .put(
                                        "coordinates",
                                        new JsonArray()
                                                .add(new JsonArray().add(121.4).add(31.2))
                                                .add(new JsonArray().add(121.5).add(31.3)))),
                "geometry"));
        c.add(bad(
                "a Point with one coordinate", f -> f.put("geometry", point(new JsonArray().add(121.4))), "geometry"));
        c.add(bad(
                "a Point with string coordinates",
                f -> f.put("geometry", point(new JsonArray().add("121.4").add("31.2"))),
                "geometry"));
        c.add(bad(
                "a Point at longitude 200",
                f -> f.put("geometry", point(new JsonArray().add(200).add(31.2))),
                "geometry"));
        c.add(bad(
                "a Point at latitude -95",
                f -> f.put("geometry", point(new JsonArray().add(121.4).add(-95))),
                "geometry"));

        // --- POST /stations: each property wrong ---
        c.add(prop("kind missing", p -> p.remove("kind"), "kind"));
        c.add(prop("kind unknown", p -> p.put("kind", "hotel"), "kind"));
        c.add(prop("category missing on a rest_station", p -> p.remove("category"), "category"));
        c.add(prop("category unknown", p -> p.put("category", "castle"), "category"));
        c.add(prop("category on a parking", p -> p.put("kind", "parking"), "category"));
        c.add(prop("name missing", p -> p.remove("name"), "name"));
        c.add(prop("name empty", p -> p.put("name", ""), "name"));
        c.add(prop("name only blanks", p -> p.put("name", "   "), "name"));
        c.add(prop("name of 121 characters", p -> p.put("name", "驿".repeat(121)), "name"));
        c.add(prop("name a number", p -> p.put("name", 42), "name"));
        c.add(prop("name with a control character", p -> p.put("name", "驿站\u0007"), "name"));
        c.add(prop("district_code \"12345\"", p -> p.put("district_code", "12345"), "district_code"));
        c.add(prop("district_code \"012345\"", p -> p.put("district_code", "012345"), "district_code"));
        c.add(prop(
                "district_code \"999999\" (no province 99)", p -> p.put("district_code", "999999"), "district_code"));
        c.add(prop(
                "district_code \"190101\" (no province 19)", p -> p.put("district_code", "190101"), "district_code"));
        c.add(prop("amenities not an array", p -> p.put("amenities", "wifi"), "amenities"));
        c.add(prop(
                "amenities with an unknown value",
                p -> p.put("amenities", new JsonArray().add("wifi").add("sauna")),
                "amenities"));
        c.add(prop("amenities with a number", p -> p.put("amenities", new JsonArray().add(7)), "amenities"));
        c.add(prop("opening_hours \"lol\"", p -> p.put("opening_hours", "lol"), "opening_hours"));
        c.add(prop("opening_hours \"Mo-Fr 9\"", p -> p.put("opening_hours", "Mo-Fr 9"), "opening_hours"));
        c.add(prop(
                "opening_hours of 256 characters",
                p -> p.put("opening_hours", "Mo 09:00-10:00".repeat(19).substring(0, 256)),
                "opening_hours"));
        c.add(prop("capacity -1", p -> p.put("capacity", -1), "capacity"));
        c.add(prop("capacity 1.5", p -> p.put("capacity", 1.5), "capacity"));
        c.add(prop("capacity \"ten\"", p -> p.put("capacity", "ten"), "capacity"));
        c.add(prop("capacity 100001", p -> p.put("capacity", 100_001), "capacity"));
        c.add(prop(
                "vehicle_types on a meal point",
                p -> p.put("kind", "meal").remove("category"),
                p -> p.put("vehicle_types", new JsonArray().add("ebike")),
                "vehicle_types"));
        c.add(prop(
                "vehicle_types with an unknown value",
                p -> p.put("kind", "parking").remove("category"),
                p -> p.put("vehicle_types", new JsonArray().add("tank")),
                "vehicle_types"));
        c.add(prop(
                "rider_discount on a parking",
                p -> p.put("kind", "parking").remove("category"),
                p -> p.put("rider_discount", "九折"),
                "rider_discount"));
        c.add(prop("status unknown", p -> p.put("status", "demolished"), "status"));
        c.add(prop("scene unknown", p -> p.put("scene", "moon"), "scene"));
        c.add(prop("access unknown", p -> p.put("access", "knock"), "access"));
        c.add(prop("phone with letters", p -> p.put("phone", "021-CALL-NOW"), "phone"));
        c.add(prop("demo as a string", p -> p.put("demo", "yes"), "demo"));
        c.add(prop(
                "last_verified_at in the future",
                p -> p.put(
                        "last_verified_at",
                        Instant.now().plus(2, ChronoUnit.DAYS).toString()),
                "last_verified_at"));
        c.add(prop("last_verified_at not a date", p -> p.put("last_verified_at", "last tuesday"), "last_verified_at"));
        c.add(prop("last_verified_at a number", p -> p.put("last_verified_at", 1_700_000_000), "last_verified_at"));
        c.add(prop("an unknown property", p -> p.put("colour", "red"), "colour"));

        // --- PUT / PATCH / DELETE and If-Match ---
        String patch = "{\"properties\":{\"name\":\"改名\"}}";
        c.add(of(
                "PUT without If-Match",
                HttpMethod.PUT,
                STATION,
                JSON,
                valid,
                ADMIN,
                428,
                "precondition_required",
                "If-Match"));
        c.add(of(
                "PATCH without If-Match",
                HttpMethod.PATCH,
                STATION,
                MERGE,
                patch,
                ADMIN,
                428,
                "precondition_required",
                "If-Match"));
        c.add(of(
                "DELETE without If-Match",
                HttpMethod.DELETE,
                STATION,
                null,
                null,
                ADMIN,
                428,
                "precondition_required",
                "If-Match"));
        c.add(of(
                "PUT with If-Match \"abc\"",
                HttpMethod.PUT,
                STATION,
                JSON,
                valid,
                with(ADMIN, "If-Match", "\"abc\""),
                400,
                INVALID,
                "If-Match"));
        c.add(of(
                "PATCH with If-Match abc",
                HttpMethod.PATCH,
                STATION,
                MERGE,
                patch,
                with(ADMIN, "If-Match", "abc"),
                400,
                INVALID,
                "If-Match"));
        c.add(of(
                "DELETE with If-Match abc",
                HttpMethod.DELETE,
                STATION,
                null,
                null,
                with(ADMIN, "If-Match", "abc"),
                400,
                INVALID,
                "If-Match"));
        c.add(of(
                "DELETE with a weak ETag",
                HttpMethod.DELETE,
                STATION,
                null,
                null,
                with(ADMIN, "If-Match", "W/\"1\""),
                400,
                INVALID,
                "If-Match"));
        c.add(of(
                "DELETE with If-Match \"0\"",
                HttpMethod.DELETE,
                STATION,
                null,
                null,
                with(ADMIN, "If-Match", "\"0\""),
                400,
                INVALID,
                "If-Match"));
        c.add(of(
                "PUT with a stale If-Match",
                HttpMethod.PUT,
                STATION,
                JSON,
                valid,
                with(ADMIN, "If-Match", "\"7\""),
                412,
                "precondition_failed",
                "If-Match"));
        c.add(of(
                "PATCH with a stale If-Match",
                HttpMethod.PATCH,
                STATION,
                MERGE,
                patch,
                with(ADMIN, "If-Match", "\"7\""),
                412,
                "precondition_failed",
                "If-Match"));
        c.add(of(
                "DELETE with a stale If-Match",
                HttpMethod.DELETE,
                STATION,
                null,
                null,
                with(ADMIN, "If-Match", "\"7\""),
                412,
                "precondition_failed",
                "If-Match"));
        c.add(of(
                "PATCH sent as application/json",
                HttpMethod.PATCH,
                STATION,
                JSON,
                patch,
                with(ADMIN, "If-Match", "\"1\""),
                415,
                "unsupported_media_type",
                "Content-Type"));
        c.add(of(
                "PATCH whose merge leaves a parking with a category",
                HttpMethod.PATCH,
                STATION,
                MERGE,
                "{\"properties\":{\"kind\":\"parking\"}}",
                with(ADMIN, "If-Match", "\"1\""),
                400,
                INVALID,
                "category"));
        c.add(of(
                "PATCH that removes the name",
                HttpMethod.PATCH,
                STATION,
                MERGE,
                "{\"properties\":{\"name\":null}}",
                with(ADMIN, "If-Match", "\"1\""),
                400,
                INVALID,
                "name"));
        c.add(of(
                "PUT with an invalid property",
                HttpMethod.PUT,
                STATION,
                JSON,
                withProp(p -> p.put("capacity", -5)),
                with(ADMIN, "If-Match", "\"1\""),
                400,
                INVALID,
                "capacity"));
        c.add(of(
                "PUT to a station that does not exist",
                HttpMethod.PUT,
                "/api/v1/stations/999999",
                JSON,
                valid,
                with(ADMIN, "If-Match", "\"1\""),
                404,
                "not_found",
                null));
        c.add(of(
                "DELETE a station that does not exist",
                HttpMethod.DELETE,
                "/api/v1/stations/999999",
                null,
                null,
                with(ADMIN, "If-Match", "\"1\""),
                404,
                "not_found",
                null));
        c.add(of(
                "DELETE /stations/abc",
                HttpMethod.DELETE,
                "/api/v1/stations/abc",
                null,
                null,
                with(ADMIN, "If-Match", "\"1\""),
                400,
                INVALID,
                "id"));

        // --- POST /stations/import ---
        String fc = Fixtures.collection(new JsonArray().add(Fixtures.restStation("导入", 121.4, 31.2)))
                .encode();
        c.add(of(
                "import with an unknown mode",
                HttpMethod.POST,
                "/api/v1/stations/import?mode=sometimes",
                JSON,
                fc,
                ADMIN,
                400,
                INVALID,
                "mode"));
        c.add(of(
                "import with an unknown parameter",
                HttpMethod.POST,
                "/api/v1/stations/import?dry_run=true",
                JSON,
                fc,
                ADMIN,
                400,
                INVALID,
                "dry_run"));
        c.add(of(
                "import of a single Feature, not a FeatureCollection",
                HttpMethod.POST,
                "/api/v1/stations/import",
                JSON,
                valid,
                ADMIN,
                400,
                INVALID,
                "type"));
        c.add(of(
                "import of a JSON array",
                HttpMethod.POST,
                "/api/v1/stations/import",
                JSON,
                "[" + valid + "]",
                ADMIN,
                400,
                INVALID,
                "type"));
        c.add(of(
                "import whose features is not an array",
                HttpMethod.POST,
                "/api/v1/stations/import",
                JSON,
                "{\"type\":\"FeatureCollection\",\"features\":{}}",
                ADMIN,
                400,
                INVALID,
                "features"));
        c.add(of(
                "import with invalid JSON",
                HttpMethod.POST,
                "/api/v1/stations/import",
                JSON,
                "{\"type\":",
                ADMIN,
                400,
                "invalid_json",
                "body"));
        c.add(of(
                "import with an empty body",
                HttpMethod.POST,
                "/api/v1/stations/import",
                JSON,
                "",
                ADMIN,
                400,
                INVALID,
                "body"));
        c.add(of(
                "import as text/plain",
                HttpMethod.POST,
                "/api/v1/stations/import",
                "text/plain",
                fc,
                ADMIN,
                415,
                "unsupported_media_type",
                "Content-Type"));
        c.add(of(
                "import without a token",
                HttpMethod.POST,
                "/api/v1/stations/import",
                JSON,
                fc,
                NONE,
                401,
                "unauthorized",
                "Authorization"));
        c.add(of(
                "CSV import without lon/lat columns",
                HttpMethod.POST,
                "/api/v1/stations/import",
                "text/csv",
                "x,y,kind,category,name\n121.4,31.2,rest_station,union_station,驿站\n",
                ADMIN,
                400,
                INVALID,
                "lon"));
        c.add(of(
                "CSV import with an unknown column",
                HttpMethod.POST,
                "/api/v1/stations/import",
                "text/csv",
                "lon,lat,kind,category,name,colour\n121.4,31.2,rest_station,union_station,驿站,red\n",
                ADMIN,
                400,
                INVALID,
                "colour"));
        c.add(of(
                "CSV import ending inside a quoted field",
                HttpMethod.POST,
                "/api/v1/stations/import",
                "text/csv",
                "lon,lat,kind,category,name\n121.4,31.2,rest_station,union_station,\"驿站\n",
                ADMIN,
                400,
                INVALID,
                "body"));

        // --- sizes ---
        c.add(create(
                "POST /stations with a body of about 300 KiB", JSON, oversized(), 413, "payload_too_large", "body"));

        // --- routing ---
        c.add(of(
                "an unknown path under /api/v1",
                HttpMethod.GET,
                "/api/v1/nope",
                null,
                null,
                NONE,
                404,
                "not_found",
                null));
        c.add(of(
                "an unknown path at the root",
                HttpMethod.GET,
                "/no/such/page.html",
                null,
                null,
                NONE,
                404,
                "not_found",
                null));
        c.add(of(
                "PUT on the station collection",
                HttpMethod.PUT,
                "/api/v1/stations",
                JSON,
                valid,
                ADMIN,
                405,
                "method_not_allowed",
                null));
        c.add(of(
                "DELETE on the station collection",
                HttpMethod.DELETE,
                "/api/v1/stations",
                null,
                null,
                ADMIN,
                405,
                "method_not_allowed",
                null));
        c.add(of("POST to nearest", HttpMethod.POST, NEAR_OK, JSON, "{}", ADMIN, 405, "method_not_allowed", null));
        return c.stream();
    }

    // ---- table builders ----

    private static Arguments of(
            String description,
            HttpMethod method,
            String uri,
            String contentType,
            String body,
            Map<String, String> headers,
            int status,
            String code,
            String field) {
        return Arguments.of(description, method, uri, contentType, body, headers, status, code, field);
    }

    private static Arguments nearest(String description, String query, String field) {
        return of(description, HttpMethod.GET, NEAREST + query, null, null, NONE, 400, INVALID, field);
    }

    private static Arguments list(String description, String query, String field) {
        return of(description, HttpMethod.GET, LIST + query, null, null, NONE, 400, INVALID, field);
    }

    private static Arguments create(
            String description, String contentType, String body, int status, String code, String field) {
        return create(description, "/api/v1/stations", contentType, body, status, code, field);
    }

    private static Arguments create(
            String description, String uri, String contentType, String body, int status, String code, String field) {
        return of(description, HttpMethod.POST, uri, contentType, body, ADMIN, status, code, field);
    }

    /** POST of a valid rest station, changed by {@code change}, expecting 400 naming {@code field}. */
    private static Arguments bad(String description, Consumer<JsonObject> change, String field) {
        JsonObject f = Fixtures.restStation("坏驿站", 121.45, 31.22);
        change.accept(f);
        return create("POST /stations with " + description, JSON, f.encode(), 400, INVALID, field);
    }

    private static Arguments prop(String description, Consumer<JsonObject> change, String field) {
        return bad(description, f -> change.accept(f.getJsonObject("properties")), field);
    }

    private static Arguments prop(
            String description, Consumer<JsonObject> first, Consumer<JsonObject> then, String field) {
        return prop(description, first.andThen(then), field);
    }

    private static String withProp(Consumer<JsonObject> change) {
        JsonObject f = Fixtures.restStation("驿站", 121.45, 31.22);
        change.accept(f.getJsonObject("properties"));
        return f.encode();
    }

    private static JsonObject point(JsonArray coordinates) {
        return new JsonObject().put("type", "Point").put("coordinates", coordinates);
    }

    private static Map<String, String> with(Map<String, String> base, String name, String value) {
        Map<String, String> m = new HashMap<>(base);
        m.put(name, value);
        return Map.copyOf(m);
    }

    /** A syntactically valid Feature of about 300 KiB, above the 256 KiB write limit. */
    private static String oversized() {
        JsonObject f = Fixtures.restStation("大", 121.45, 31.22);
        f.getJsonObject("properties").put("address", "x".repeat(300 * 1024));
        return f.encode();
    }
}
