package org.yizhan.coverage;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.yizhan.support.Api;
import org.yizhan.support.Api.Resp;
import org.yizhan.support.ErrorAssertions;
import org.yizhan.support.Fixtures;
import org.yizhan.support.TestApp;

/**
 * One table of mistakes a planner's client can make against {@code /api/v1/coverage/*}, each sent through
 * HTTP to the real server. Every answer must be a 4xx with the one JSON error shape, naming the code and
 * the parameter or body member at fault. Region {@code T} exists (small, in Shanghai), and so does
 * {@code WIDE} (8° of longitude), so that region lookups reach the checks behind them.
 */
@DisplayName(
        "Coverage bad input: every mistake answers a 4xx with the JSON error shape, its code and the field at fault")
class CoverageBadInputApiTest {

    private static final String JSON = "application/json";
    private static final String INVALID = "invalid_parameter";
    private static final String COVERAGE = "/api/v1/coverage?";
    private static final String DISTRICTS = "/api/v1/coverage/districts?";
    private static final String GRID = "/api/v1/coverage/grid?";
    private static final String SUGGESTIONS = "/api/v1/coverage/suggestions";
    private static final String WHAT_IF = "/api/v1/coverage/what-if";
    private static final String BBOX = "bbox=121.40,31.15,121.50,31.24";

    private static Api api;

    @BeforeAll
    static void twoRegions() {
        TestApp.reset();
        api = TestApp.api();
        JsonArray features = new JsonArray()
                .add(Fixtures.rectangleRegion("T", "测试市", "city", null, 121.40, 31.15, 121.50, 31.24))
                .add(Fixtures.rectangleRegion("WIDE", "宽区", "custom", null, 110.0, 30.0, 118.0, 31.0));
        Resp r = api.post("/api/v1/regions/import", Fixtures.collection(features));
        assertEquals(200, r.status(), r.toString());
        assertEquals(2, r.json().getInteger("inserted"));
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
            int status,
            String code,
            String field) {
        Buffer buffer = body == null ? null : Buffer.buffer(body);
        // Suggestions, what-if and CSV exports are a planner's (or admin's); public reads do not mind a token.
        Resp r = api.send(method, uri, contentType, buffer, Map.of("Authorization", "Bearer " + TestApp.ADMIN_TOKEN));
        ErrorAssertions.assertJsonError(r, description, status, code, field);
    }

    static Stream<Arguments> cases() {
        List<Arguments> c = new ArrayList<>();

        // --- GET /coverage ---
        c.add(get("coverage with neither region nor bbox", COVERAGE + "radius_m=1000", "region"));
        c.add(get("coverage with both region and bbox", COVERAGE + "region=T&" + BBOX, "bbox"));
        c.add(of(
                "coverage of an unknown region",
                HttpMethod.GET,
                COVERAGE + "region=NOPE",
                null,
                null,
                404,
                "not_found",
                null));
        c.add(of(
                "coverage of an unknown region id",
                HttpMethod.GET,
                COVERAGE + "region=999999",
                null,
                null,
                404,
                "not_found",
                null));
        c.add(get("coverage with radius_m 49", COVERAGE + "region=T&radius_m=49", "radius_m"));
        c.add(get("coverage with radius_m 20001", COVERAGE + "region=T&radius_m=20001", "radius_m"));
        c.add(get("coverage with radius_m \"x\"", COVERAGE + "region=T&radius_m=x", "radius_m"));
        c.add(get("coverage with radius_m NaN", COVERAGE + "region=T&radius_m=NaN", "radius_m"));
        c.add(get("coverage with radius_m given twice", COVERAGE + "region=T&radius_m=500&radius_m=600", "radius_m"));
        c.add(get("coverage with max_gaps 1001", COVERAGE + "region=T&max_gaps=1001", "max_gaps"));
        c.add(get("coverage with max_gaps -1", COVERAGE + "region=T&max_gaps=-1", "max_gaps"));
        c.add(get("coverage with an unknown kind", COVERAGE + "region=T&kind=bus_stop", "kind"));
        c.add(get("coverage with an unknown status", COVERAGE + "region=T&status=gone", "status"));
        c.add(get("coverage with an unknown parameter (typo)", COVERAGE + "region=T&radius=1000", "radius"));
        c.add(get("coverage with a bbox 7° wide", COVERAGE + "bbox=115,30,122,31", "bbox"));
        c.add(get("coverage with a bbox 6.5° tall", COVERAGE + "bbox=121,25,122,31.5", "bbox"));
        c.add(get("coverage with a bbox of three numbers", COVERAGE + "bbox=121.4,31.15,121.5", "bbox"));
        c.add(get("coverage with a bbox whose min exceeds its max", COVERAGE + "bbox=121.5,31.15,121.4,31.24", "bbox"));
        c.add(get("coverage with a bbox beyond 180°", COVERAGE + "bbox=179,0,181,1", "bbox"));
        c.add(get("coverage of a region 8° wide", COVERAGE + "region=WIDE", "region"));
        c.add(get("coverage with format=xml", COVERAGE + "region=T&format=xml", "format"));
        c.add(get("coverage with format=CSV (case matters)", COVERAGE + "region=T&format=CSV", "format"));
        c.add(get("coverage with format given twice", COVERAGE + "region=T&format=csv&format=json", "format"));

        // --- GET /coverage/districts ---
        c.add(get("districts without parent", DISTRICTS + "radius_m=1000", "parent"));
        c.add(get("districts with format=xml", DISTRICTS + "parent=T&format=xml", "format"));
        c.add(get("districts with radius_m 0", DISTRICTS + "parent=T&radius_m=0", "radius_m"));
        c.add(get("districts with max_gaps, which it does not take", DISTRICTS + "parent=T&max_gaps=5", "max_gaps"));
        c.add(get("districts with an unknown amenity", DISTRICTS + "parent=T&amenity=jacuzzi", "amenity"));
        c.add(of(
                "districts of an unknown parent",
                HttpMethod.GET,
                DISTRICTS + "parent=NOPE",
                null,
                null,
                404,
                "not_found",
                null));

        // --- GET /coverage/grid ---
        c.add(get("grid with neither region nor bbox", GRID + "cell_m=500", "region"));
        c.add(get("grid with both region and bbox", GRID + BBOX + "&region=T", "bbox"));
        c.add(get("grid with a bbox without area", GRID + "bbox=121.40,31.15,121.40,31.24", "bbox"));
        c.add(get("grid of a region 8° wide", GRID + "region=WIDE&cell_m=10000", "region"));
        c.add(of(
                "grid of an unknown region", HttpMethod.GET, GRID + "region=NOPE", null, null, 404, "not_found", null));
        c.add(get("grid with cell_m 10", GRID + BBOX + "&cell_m=10", "cell_m"));
        c.add(get("grid with cell_m \"abc\"", GRID + BBOX + "&cell_m=abc", "cell_m"));
        c.add(get("grid with max_m 60000", GRID + BBOX + "&max_m=60000", "max_m"));
        c.add(get("grid with max_m 99", GRID + BBOX + "&max_m=99", "max_m"));
        c.add(get("grid of more than 50,000 cells", GRID + "bbox=121.0,31.0,122.0,32.0&cell_m=100", "cell_m"));

        // --- POST /coverage/suggestions ---
        c.add(post("suggestions with count 0", SUGGESTIONS, body().put("count", 0), "count"));
        c.add(post("suggestions with count 51", SUGGESTIONS, body().put("count", 51), "count"));
        c.add(post("suggestions with count 2.5", SUGGESTIONS, body().put("count", 2.5), "count"));
        c.add(post(
                "suggestions whose candidates is a string",
                SUGGESTIONS,
                body().put("candidates", "121.4,31.2"),
                "candidates"));
        c.add(post(
                "suggestions whose candidates is an object",
                SUGGESTIONS,
                body().put("candidates", new JsonObject()),
                "candidates"));
        c.add(post(
                "suggestions with a candidate [999, 0]",
                SUGGESTIONS,
                body().put(
                                "candidates",
                                new JsonArray().add(Fixtures.pos(121.45, 31.2)).add(Fixtures.pos(999, 0))),
                "candidates"));
        c.add(post(
                "suggestions with a candidate of strings",
                SUGGESTIONS,
                body().put(
                                "candidates",
                                new JsonArray().add(new JsonArray().add("121.4").add("31.2"))),
                "candidates"));
        c.add(post(
                "suggestions with more than 5,000 candidates",
                SUGGESTIONS,
                body().put("candidates", manyPoints(5_001)),
                "candidates"));
        c.add(post("suggestions with an unknown member", SUGGESTIONS, body().put("radius", 800), "radius"));
        c.add(post("suggestions with add, a what-if member", SUGGESTIONS, body().put("add", new JsonArray()), "add"));
        c.add(post("suggestions with format xml", SUGGESTIONS, body().put("format", "xml"), "format"));
        c.add(post(
                "suggestions with format geojson (json is the GeoJSON answer)",
                SUGGESTIONS,
                body().put("format", "geojson"),
                "format"));
        c.add(post(
                "suggestions with neither region nor bbox", SUGGESTIONS, new JsonObject().put("count", 3), "region"));
        c.add(post("suggestions with radius_m 20001", SUGGESTIONS, body().put("radius_m", 20_001), "radius_m"));
        c.add(post(
                "suggestions with a region that is an object",
                SUGGESTIONS,
                new JsonObject().put("region", new JsonObject().put("code", "T")),
                "region"));
        c.add(post("suggestions with an unknown crs", SUGGESTIONS, body().put("crs", "utm"), "crs"));
        c.add(of(
                "suggestions for an unknown region",
                HttpMethod.POST,
                SUGGESTIONS,
                JSON,
                new JsonObject().put("region", "NOPE").encode(),
                404,
                "not_found",
                null));
        c.add(of(
                "suggestions with invalid JSON",
                HttpMethod.POST,
                SUGGESTIONS,
                JSON,
                "{\"region\":",
                400,
                "invalid_json",
                "body"));
        c.add(of("suggestions with a JSON array body", HttpMethod.POST, SUGGESTIONS, JSON, "[]", 400, INVALID, "body"));
        c.add(of("suggestions with an empty body", HttpMethod.POST, SUGGESTIONS, JSON, "", 400, INVALID, "body"));
        c.add(of(
                "suggestions sent as text/plain",
                HttpMethod.POST,
                SUGGESTIONS,
                "text/plain",
                body().encode(),
                415,
                "unsupported_media_type",
                "Content-Type"));
        c.add(of(
                "suggestions sent without a Content-Type",
                HttpMethod.POST,
                SUGGESTIONS,
                null,
                body().encode(),
                415,
                "unsupported_media_type",
                "Content-Type"));
        c.add(of("GET on suggestions", HttpMethod.GET, SUGGESTIONS, null, null, 405, "method_not_allowed", null));

        // --- POST /coverage/what-if ---
        c.add(post("what-if adding 501 points", WHAT_IF, body().put("add", manyPoints(501)), "add"));
        c.add(post("what-if whose add is not an array", WHAT_IF, body().put("add", 5), "add"));
        c.add(post(
                "what-if whose add is a FeatureCollection of LineStrings",
                WHAT_IF,
                body().put(
                                "add",
                                Fixtures.collection(new JsonArray()
                                        .add(new JsonObject()
                                                .put("type", "Feature")
                                                .put(
                                                        "geometry",
                                                        new JsonObject()
                                                                .put("type", "LineString")
                                                                .put(
                                                                        "coordinates",
                                                                        new JsonArray()
                                                                                .add(Fixtures.pos(121.4, 31.2))
                                                                                .add(Fixtures.pos(121.5, 31.2))))))),
                "add"));
        c.add(post(
                "what-if adding a point with one coordinate",
                WHAT_IF,
                body().put("add", new JsonArray().add(new JsonArray().add(121.4))),
                "add"));
        c.add(post(
                "what-if adding a point at latitude 91",
                WHAT_IF,
                body().put("add", new JsonArray().add(Fixtures.pos(121.4, 91))),
                "add"));
        c.add(post("what-if removing [\"a\"]", WHAT_IF, body().put("remove", new JsonArray().add("a")), "remove"));
        c.add(post("what-if removing [-1]", WHAT_IF, body().put("remove", new JsonArray().add(-1)), "remove"));
        c.add(post("what-if removing -1, not an array", WHAT_IF, body().put("remove", -1), "remove"));
        c.add(post("what-if removing [1.5]", WHAT_IF, body().put("remove", new JsonArray().add(1.5)), "remove"));
        c.add(post(
                "what-if with candidates, a suggestions member",
                WHAT_IF,
                body().put("candidates", new JsonArray()),
                "candidates"));
        c.add(post("what-if with max_gaps 1001", WHAT_IF, body().put("max_gaps", 1001), "max_gaps"));
        c.add(post("what-if with format, which it does not take", WHAT_IF, body().put("format", "csv"), "format"));
        c.add(post(
                "what-if with an unknown kind", WHAT_IF, body().put("kind", new JsonArray().add("bus_stop")), "kind"));
        c.add(post("what-if over a bbox 7° wide", WHAT_IF, new JsonObject().put("bbox", "115,30,122,31"), "bbox"));
        c.add(of(
                "what-if sent as text/csv",
                HttpMethod.POST,
                WHAT_IF,
                "text/csv",
                body().encode(),
                415,
                "unsupported_media_type",
                "Content-Type"));
        c.add(of(
                "what-if with invalid JSON",
                HttpMethod.POST,
                WHAT_IF,
                JSON,
                "{\"add\": [",
                400,
                "invalid_json",
                "body"));
        return c.stream();
    }

    // ---- table builders ----

    private static Arguments of(
            String description,
            HttpMethod method,
            String uri,
            String contentType,
            String body,
            int status,
            String code,
            String field) {
        return Arguments.of(description, method, uri, contentType, body, status, code, field);
    }

    private static Arguments get(String description, String uri, String field) {
        return of(description, HttpMethod.GET, uri, null, null, 400, INVALID, field);
    }

    private static Arguments post(String description, String uri, JsonObject body, String field) {
        return of(description, HttpMethod.POST, uri, JSON, body.encode(), 400, INVALID, field);
    }

    /** A valid body naming region T; each case adds or changes one member. */
    private static JsonObject body() {
        return new JsonObject().put("region", "T").put("radius_m", 800);
    }

    /** n valid points inside region T. */
    private static JsonArray manyPoints(int n) {
        JsonArray a = new JsonArray();
        for (int i = 0; i < n; i++) {
            a.add(Fixtures.pos(121.41 + (i % 80) * 0.001, 31.16 + (i / 80) * 0.001));
        }
        return a;
    }
}
