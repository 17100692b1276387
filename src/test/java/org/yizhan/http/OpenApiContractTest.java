package org.yizhan.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.yizhan.AppConfig;
import org.yizhan.Wiring;
import org.yizhan.auth.Role;
import org.yizhan.db.DatabaseTarget;
import org.yizhan.stations.Vocabulary;
import org.yizhan.support.Api;
import org.yizhan.support.Api.Resp;
import org.yizhan.support.Fixtures;
import org.yizhan.support.TestApp;

/**
 * The OpenAPI document ({@code src/main/resources/openapi/openapi.json}) against the code: it is well-formed
 * OpenAPI 3.1, it lists exactly the routes {@link org.yizhan.ApiRouter} registers, and what it says about parameters,
 * roles, statuses, headers and bodies is what the running server does.
 *
 * <p>vertx-openapi is not a dependency, so validity is checked structurally here. (vertx-openapi 5.0.10 would
 * also refuse the media types application/geo+json, application/merge-patch+json and text/csv, which the API
 * really uses.)
 */
@DisplayName("OpenAPI document: well-formed, complete, and true to the running server")
class OpenApiContractTest {

    private static final String DOCUMENT = "openapi/openapi.json";
    private static final List<String> OPERATION_KEYS =
            List.of("get", "put", "post", "delete", "options", "head", "patch", "trace");
    private static final Set<String> PATH_ITEM_KEYS = Set.of(
            "get",
            "put",
            "post",
            "delete",
            "options",
            "head",
            "patch",
            "trace",
            "parameters",
            "summary",
            "description",
            "servers");
    private static final List<HttpMethod> PROBED_METHODS =
            List.of(HttpMethod.GET, HttpMethod.POST, HttpMethod.PUT, HttpMethod.PATCH, HttpMethod.DELETE);
    private static final Set<String> ROLES =
            Arrays.stream(Role.values()).map(Role::code).collect(Collectors.toSet());
    /**
     * Routes that serve files (Leaflet, the map page), not API operations: the path prefix of a wildcard route or
     * the regular expression of a regex route, as {@link Route#getPath()} or {@link Route#getName()} give them.
     */
    private static final Set<String> FILE_ROUTES = Set.of("/vendor/leaflet/", "^/(?!api/).*");

    private static final String UNKNOWN_PARAM = "zz_not_a_parameter";
    /**
     * OGC API – Features lives under this prefix with its own OpenAPI 3.0 document (resource ogc/openapi.json,
     * served at /ogc/api): its routes are not operations of the product API, as file routes are not.
     * {@link #ogcRoutesAreTheOgcDocument} holds them to their own document instead.
     */
    private static final String OGC_PREFIX = "/ogc";

    private static final JsonObject DOC = load();

    /** One operation of the document. */
    record Op(String method, String path, JsonObject json, List<JsonObject> parameters) {
        String key() {
            return method.toUpperCase() + " " + path;
        }

        String id() {
            return json.getString("operationId");
        }

        List<JsonObject> in(String where) {
            return parameters.stream()
                    .filter(p -> where.equals(p.getString("in")))
                    .toList();
        }

        JsonObject param(String where, String name) {
            return in(where).stream()
                    .filter(p -> name.equals(p.getString("name")))
                    .findFirst()
                    .orElse(null);
        }

        Set<String> roles() {
            JsonArray r = json.getJsonArray("x-roles");
            return r == null ? Set.of() : r.stream().map(String.class::cast).collect(Collectors.toSet());
        }

        boolean secured() {
            JsonArray s = json.getJsonArray("security");
            return s != null && !s.isEmpty();
        }

        @Override
        public String toString() {
            return key();
        }
    }

    // ------------------------------------------------------------------------------------ the document

    @Test
    @DisplayName("the document is OpenAPI 3.1 with info, paths and components, and path items hold only known members")
    void isOpenApi31() {
        assertTrue(
                DOC.getString("openapi", "").startsWith("3.1"), "openapi must be 3.1.x: " + DOC.getString("openapi"));
        JsonObject info = DOC.getJsonObject("info");
        assertNotNull(info, "info");
        assertFalse(info.getString("title", "").isBlank(), "info.title");
        assertFalse(info.getString("version", "").isBlank(), "info.version");
        assertNotNull(DOC.getJsonObject("components"), "components");
        JsonObject paths = DOC.getJsonObject("paths");
        assertFalse(paths == null || paths.isEmpty(), "paths must not be empty");
        for (String path : paths.fieldNames()) {
            assertTrue(path.startsWith("/"), "a path must start with /: " + path);
            for (String member : paths.getJsonObject(path).fieldNames()) {
                assertTrue(
                        PATH_ITEM_KEYS.contains(member) || member.startsWith("x-"),
                        path + " has an unknown member '" + member + "'");
            }
        }
    }

    @Test
    @DisplayName("every $ref points inside the document at something that exists, and every component is used")
    void refsResolve() {
        List<String> refs = new ArrayList<>();
        collectRefs(DOC, refs);
        assertFalse(refs.isEmpty(), "the document uses components through $ref");
        for (String ref : refs) {
            assertTrue(ref.startsWith("#/"), "only local references: " + ref);
            assertNotNull(pointer(ref), "unresolved $ref " + ref);
        }
        JsonObject components = DOC.getJsonObject("components");
        for (String kind : components.fieldNames()) {
            if (kind.equals("securitySchemes")) {
                continue; // referenced by name in security requirements, checked below
            }
            for (String name : components.getJsonObject(kind).fieldNames()) {
                String ref = "#/components/" + kind + "/" + name;
                assertTrue(refs.contains(ref), ref + " is never used");
            }
        }
    }

    @Test
    @DisplayName(
            "every operation has a unique operationId, a summary, responses, declared path parameters and the error schema on 4xx/5xx")
    void operationsAreComplete() {
        Set<String> ids = new HashSet<>();
        Pattern template = Pattern.compile("\\{([^}]+)}");
        for (Op op : operations()) {
            assertFalse(op.id() == null || op.id().isBlank(), op + " has no operationId");
            assertTrue(ids.add(op.id()), "operationId " + op.id() + " is used twice");
            assertFalse(op.json.getString("summary", "").isBlank(), op + " has no summary");

            JsonObject responses = op.json.getJsonObject("responses");
            assertFalse(responses == null || responses.isEmpty(), op + " has no responses");
            for (String status : responses.fieldNames()) {
                assertTrue(status.matches("[1-5][0-9][0-9]|[1-5]XX|default"), op + ": bad status key " + status);
                JsonObject r = resolve(responses.getValue(status));
                assertNotNull(r.getString("description"), op + " " + status + " has no description");
                // 422 is not an error but the import's answer: the rejected rows, nothing written.
                if ((status.startsWith("4") || status.startsWith("5")) && !status.equals("422")) {
                    JsonObject content = r.getJsonObject("content");
                    assertNotNull(content, op + " " + status + " has no body");
                    content.forEach(e -> assertEquals(
                            "#/components/schemas/Error",
                            ((JsonObject) e.getValue()).getJsonObject("schema").getString("$ref"),
                            op + " " + status + " must use the Error schema"));
                }
            }

            Set<String> names = new HashSet<>();
            for (JsonObject p : op.parameters) {
                assertTrue(Set.of("query", "header", "path", "cookie").contains(p.getString("in")), op + ": " + p);
                assertNotNull(p.getJsonObject("schema"), op + ": parameter " + p.getString("name") + " has no schema");
                assertTrue(
                        names.add(p.getString("in") + ":" + p.getString("name")),
                        op + " declares " + p.getString("name") + " twice");
            }
            Set<String> inTemplate = new TreeSet<>();
            Matcher m = template.matcher(op.path);
            while (m.find()) {
                inTemplate.add(m.group(1));
            }
            Set<String> declared =
                    op.in("path").stream().map(p -> p.getString("name")).collect(Collectors.toCollection(TreeSet::new));
            assertEquals(inTemplate, declared, op + ": path template parameters vs declared path parameters");
            op.in("path")
                    .forEach(p -> assertTrue(p.getBoolean("required", false), op + ": path parameters are required"));

            JsonObject body = op.json.getJsonObject("requestBody");
            if (body != null) {
                assertFalse(
                        resolve(body).getJsonObject("content", new JsonObject()).isEmpty(),
                        op + ": body without content");
            }
        }
    }

    @Test
    @DisplayName(
            "operations needing a token name the bearer scheme and their roles, and document 401 (and 403 where a role is refused)")
    void securityIsDeclared() {
        JsonObject schemes = DOC.getJsonObject("components").getJsonObject("securitySchemes");
        assertNotNull(schemes, "components.securitySchemes");
        JsonObject bearer = schemes.getJsonObject("bearerAuth");
        assertEquals("http", bearer.getString("type"));
        assertEquals("bearer", bearer.getString("scheme"));
        int secured = 0;
        for (Op op : operations()) {
            JsonArray security = op.json.getJsonArray("security", new JsonArray());
            for (Object requirement : security) {
                for (String name : ((JsonObject) requirement).fieldNames()) {
                    assertNotNull(schemes.getJsonObject(name), op + " names an undefined security scheme " + name);
                }
            }
            JsonObject responses = op.json.getJsonObject("responses");
            if (op.secured()) {
                secured++;
                assertFalse(op.roles().isEmpty(), op + " needs a token but lists no x-roles");
                assertTrue(ROLES.containsAll(op.roles()), op + ": unknown role in " + op.roles());
                assertTrue(responses.containsKey("401"), op + " needs a token but documents no 401");
                assertEquals(
                        !op.roles().equals(ROLES),
                        responses.containsKey("403"),
                        op + ": 403 is documented exactly when some role is refused");
            } else {
                assertTrue(op.roles().isEmpty(), op + " is public but lists x-roles");
                // A public read whose export needs a role says so in x-auth-when; a login's 401 is wrong credentials.
                boolean conditional = op.json.containsKey("x-auth-when") || "login".equals(op.id());
                assertEquals(conditional, responses.containsKey("401"), op + " is public but documents 401");
            }
        }
        assertTrue(secured > 0, "some operations need a token");
    }

    @Test
    @DisplayName(
            "station property and filter enums in the document are the Vocabulary sets, and token roles are the Role codes")
    void enumsMatchTheVocabulary() {
        Map<String, Set<String>> vocabulary = Map.of(
                "kind",
                Vocabulary.KINDS,
                "category",
                Vocabulary.CATEGORIES,
                "scene",
                Vocabulary.SCENES,
                "amenities",
                Vocabulary.AMENITIES,
                "access",
                Vocabulary.ACCESS,
                "vehicle_types",
                Vocabulary.VEHICLE_TYPES,
                "status",
                Vocabulary.STATUSES);
        for (String schema : List.of("StationProperties", "StationPropertiesInput")) {
            JsonObject props = schema(schema).getJsonObject("properties");
            vocabulary.forEach(
                    (name, values) -> assertEquals(values, enumOf(props.getJsonObject(name)), schema + "." + name));
        }
        Map<String, Set<String>> filters = Map.of(
                "kind",
                Vocabulary.KINDS,
                "category",
                Vocabulary.CATEGORIES,
                "amenity",
                Vocabulary.AMENITIES,
                "status",
                Vocabulary.STATUSES);
        for (Op op : List.of(op("findNearestStations"), op("listStations"))) {
            filters.forEach((name, values) ->
                    assertEquals(values, enumOf(op.param("query", name).getJsonObject("schema")), op + " ?" + name));
        }
        for (String schema : List.of("TokenRequest", "IssuedToken", "Me")) {
            assertEquals(
                    ROLES, enumOf(schema(schema).getJsonObject("properties").getJsonObject("role")), schema + ".role");
        }
    }

    // ------------------------------------------------------------------------------------ routes

    @Test
    @DisplayName("the documented (method, path) pairs are exactly the routes ApiRouter registers")
    void documentedOperationsAreTheRegisteredRoutes() {
        Vertx vertx = Vertx.vertx();
        try {
            Router router = router(vertx);
            Set<String> registered = new TreeSet<>();
            List<String> unexplained = new ArrayList<>();
            collectRoutes(router, "", registered, unexplained);
            Set<String> documented = operations().stream().map(Op::key).collect(Collectors.toCollection(TreeSet::new));
            assertEquals(documented, registered, "documented operations vs registered routes");
            assertEquals(List.of(), unexplained, "routes that are neither operations nor known file routes");
        } finally {
            TestApp.await(vertx.close());
        }
    }

    @Test
    @DisplayName("the /ogc routes are exactly the GET paths of the OGC API's own OpenAPI 3.0 document")
    void ogcRoutesAreTheOgcDocument() throws IOException {
        JsonObject ogcDoc;
        try (InputStream in = OpenApiContractTest.class.getClassLoader().getResourceAsStream("ogc/openapi.json")) {
            ogcDoc = new JsonObject(
                    Buffer.buffer(Objects.requireNonNull(in, "ogc/openapi.json").readAllBytes()));
        }
        assertTrue(ogcDoc.getString("openapi").startsWith("3.0."), "the OGC test suite reads OpenAPI 3.0");
        String server = ogcDoc.getJsonArray("servers").getJsonObject(0).getString("url");
        Set<String> documented = new TreeSet<>();
        for (String path : ogcDoc.getJsonObject("paths").fieldNames()) {
            assertEquals(
                    Set.of("get"),
                    ogcDoc.getJsonObject("paths").getJsonObject(path).fieldNames(),
                    path);
            documented.add("GET " + server + (path.equals("/") ? "" : path));
        }
        Vertx vertx = Vertx.vertx();
        try {
            Router router = router(vertx);
            Set<String> registered = new TreeSet<>();
            for (Route route : router.getRoutes()) {
                if (route.getPath() != null && isOgc(route.getPath())) {
                    assertEquals(Set.of(HttpMethod.GET, HttpMethod.HEAD), route.methods(), route.getPath());
                    registered.add("GET " + route.getPath().replaceAll(":([A-Za-z0-9_]+)", "{$1}"));
                }
            }
            assertEquals(documented, registered, "OGC document paths vs registered /ogc routes");
        } finally {
            TestApp.await(vertx.close());
        }
    }

    @Test
    @DisplayName("every documented operation reaches its handler on the running server and answers a documented status")
    void everyOperationIsServed() {
        Api api = TestApp.api();
        for (Op op : operations()) {
            Resp r = api.send(HttpMethod.valueOf(op.method.toUpperCase()), concrete(op.path), null, null, Map.of());
            assertFalse(isRouterMiss(r), op + " is documented but the router does not know it: " + r);
            checkAnswer(op, r);
        }
    }

    @Test
    @DisplayName("methods a documented path does not list, and undocumented paths, answer the router's own 404 or 405")
    void undocumentedRequestsAreRouterMisses() {
        Api api = TestApp.api();
        List<Op> ops = operations();
        Set<String> paths = ops.stream().map(Op::path).collect(Collectors.toCollection(TreeSet::new));
        int probed = 0;
        for (String path : paths) {
            String uri = concrete(path);
            for (HttpMethod method : PROBED_METHODS) {
                boolean documented =
                        ops.stream().anyMatch(o -> o.method.equalsIgnoreCase(method.name()) && matches(o.path, uri));
                if (!documented) {
                    Resp r = api.send(method, uri, null, null, Map.of());
                    assertTrue(isRouterMiss(r), method + " " + uri + " is not documented but answered " + r);
                    probed++;
                }
            }
        }
        assertTrue(probed > 20, "probed " + probed + " undocumented methods");
        for (String uri : List.of(
                "/api/v1/station",
                "/api/v1/stations/1/history",
                "/api/v1/stations/1/audit/2",
                "/api/v2/stations",
                "/api/v1/tokens/1",
                "/api/v1/me/tokens",
                "/api/v1",
                "/metrics/x",
                "/openapi.yaml")) {
            Resp r = api.get(uri);
            assertTrue(isRouterMiss(r), "GET " + uri + " is not documented but answered " + r);
        }
    }

    // ------------------------------------------------------------------------------------ parameters

    @Test
    @DisplayName("each operation documents exactly the query parameters the server accepts")
    void queryParametersAreThoseAccepted() {
        for (Op op : operations()) {
            Set<String> documented =
                    op.in("query").stream().map(p -> p.getString("name")).collect(Collectors.toSet());
            Resp r = reachHandler(op, Map.of(UNKNOWN_PARAM, "1"));
            boolean json =
                    r.header("Content-Type") != null && r.header("Content-Type").contains("json");
            JsonObject error = !json || r.json() == null ? null : r.json().getJsonObject("error");
            if (r.status() == 400 && error != null && UNKNOWN_PARAM.equals(error.getString("field"))) {
                assertEquals(
                        documented,
                        listAfter(error.getString("message"), "allowed: "),
                        op + ": documented query parameters vs those the server allows");
            } else {
                assertEquals(Set.of(), documented, op + " ignores unknown parameters (" + r + "), so it takes none");
            }
        }
    }

    @Test
    @DisplayName("documented enums of query parameters are exactly the values the server accepts")
    void queryEnumsAreThoseAccepted() {
        int checked = 0;
        for (Op op : operations()) {
            for (JsonObject p : op.in("query")) {
                Set<String> values = enumOf(p.getJsonObject("schema"));
                if (values == null) {
                    continue;
                }
                String name = p.getString("name");
                Resp r = reachHandler(op, Map.of(name, "zz_bogus"));
                assertEquals(400, r.status(), op + " ?" + name + "=zz_bogus: " + r);
                JsonObject error = r.json().getJsonObject("error");
                assertEquals(name, error.getString("field"), r.toString());
                String message = error.getString("message");
                Set<String> accepted = listAfter(message, message.contains("allowed: ") ? "allowed: " : "one of: ");
                assertEquals(values, accepted, op + " ?" + name + ": documented enum vs accepted values");
                checked++;
            }
        }
        assertTrue(checked >= 25, "checked " + checked + " enum parameters");
    }

    @Test
    @DisplayName("documented numeric bounds of query parameters are those the server enforces, edges included")
    void queryBoundsAreThoseEnforced() {
        int checked = 0;
        for (Op op : operations()) {
            if (!op.method.equals("get")) {
                continue; // probing writes with valid values would write
            }
            for (JsonObject p : op.in("query")) {
                JsonObject s = p.getJsonObject("schema");
                String type = s.getString("type");
                if (!"integer".equals(type) && !"number".equals(type)) {
                    continue;
                }
                String name = p.getString("name");
                double step = type.equals("integer") ? 1 : 0.5;
                Double min = s.getDouble("minimum");
                Double exclusiveMin = s.getDouble("exclusiveMinimum");
                Double max = s.getDouble("maximum");
                assertTrue((min != null || exclusiveMin != null) && max != null, op + " ?" + name + " has no bounds");
                if (min != null) {
                    assertRefused(op, name, fmt(min - step));
                    assertAccepted(op, name, fmt(min));
                } else {
                    assertRefused(op, name, fmt(exclusiveMin));
                    assertAccepted(op, name, fmt(exclusiveMin + step));
                }
                assertAccepted(op, name, fmt(max));
                assertRefused(op, name, fmt(max + step));
                if (type.equals("integer")) {
                    assertRefused(op, name, fmt(max - 0.5));
                }
                checked++;
            }
        }
        assertTrue(checked >= 11, "checked " + checked + " numeric parameters");
    }

    @Test
    @DisplayName("documented limit defaults are the page sizes the server uses when limit is absent")
    void limitDefaultsAreThoseUsed() {
        TestApp.reset();
        Api api = TestApp.api();
        int nearestDefault = defaultLimit("findNearestStations");
        int listDefault = defaultLimit("listStations");
        int auditDefault = defaultLimit("getStationAudit");
        JsonArray features = new JsonArray();
        for (int i = 0; i <= Math.max(nearestDefault, listDefault); i++) {
            features.add(Fixtures.restStation("驿站 " + i, 121.40 + i * 0.001, 31.20));
        }
        Resp imported = api.post("/api/v1/stations/import", Fixtures.collection(features));
        assertEquals(200, imported.status(), imported.toString());

        Resp nearest = api.get("/api/v1/stations/nearest?" + query(exampleQuery(op("findNearestStations"))));
        assertEquals(nearestDefault, nearest.json().getInteger("numberReturned"), nearest.toString());
        Resp list = api.get("/api/v1/stations");
        assertEquals(listDefault, list.json().getInteger("numberReturned"));
        assertEquals(2, list.json().getJsonArray("links").size(), "a next link, since one station is left");

        String station = "/api/v1/stations/"
                + list.json().getJsonArray("features").getJsonObject(0).getLong("id");
        for (int i = 0; i < auditDefault; i++) { // with the import's event: one more than the default
            Resp patched = api.admin(
                    HttpMethod.PATCH,
                    station,
                    new JsonObject().put("properties", new JsonObject().put("capacity", i)),
                    Map.of("If-Match", "*"));
            assertEquals(200, patched.status(), patched.toString());
        }
        Resp audit = api.send(HttpMethod.GET, station + "/audit", null, null, adminHeaders());
        assertEquals(auditDefault, audit.json().getJsonArray("events").size(), "events returned without limit");
    }

    // ------------------------------------------------------------------------------------ roles and answers

    @Test
    @DisplayName(
            "each role is admitted exactly by the operations whose x-roles name it; without a token they answer 401")
    void rolesAreThoseEnforced() {
        Api api = TestApp.api();
        Map<String, String> tokens = new HashMap<>();
        tokens.put("admin", TestApp.ADMIN_TOKEN);
        for (String role : ROLES.stream().filter(r -> !r.equals("admin")).toList()) {
            Resp issued = api.post(
                    "/api/v1/tokens", new JsonObject().put("role", role).put("label", "openapi contract " + role));
            assertEquals(201, issued.status(), issued.toString());
            tokens.put(role, issued.json().getString("token"));
        }
        for (Op op : operations()) {
            HttpMethod method = HttpMethod.valueOf(op.method.toUpperCase());
            // Token 1 is the test run's admin token: revoke a token that does not exist (404, past the guard).
            String uri = op.id().equals("revokeToken") ? "/api/v1/tokens/999999999" : concrete(op.path);
            if (!op.secured()) {
                continue;
            }
            Resp anonymous = api.send(method, uri, null, null, Map.of());
            assertEquals(401, anonymous.status(), op + " without a token: " + anonymous);
            checkAnswer(op, anonymous);
            assertEquals("Bearer realm=\"yizhan\"", anonymous.header("WWW-Authenticate"));
            for (String role : ROLES) {
                // No body, no If-Match: an admitted role stops at 415/428 or reads, so nothing is written.
                Resp r = api.send(method, uri, null, null, Map.of("Authorization", "Bearer " + tokens.get(role)));
                if (op.roles().contains(role)) {
                    assertFalse(r.status() == 401 || r.status() == 403, op + " must admit " + role + ": " + r);
                } else {
                    assertEquals(403, r.status(), op + " must refuse " + role + ": " + r);
                }
                checkAnswer(op, r);
            }
        }
    }

    @Test
    @DisplayName(
            "every answer of a station's life cycle has a documented status, documented headers and the documented body shape")
    void answersMatchTheDocumentedShapes() {
        TestApp.reset();
        Map<String, String> json = Map.of("Content-Type", "application/json");
        JsonObject feature = Fixtures.restStation("徐汇区漕河泾街道工会驿站", 121.40, 31.17);
        feature.getJsonObject("properties")
                .put("external_id", "xh-001")
                .put("amenities", new JsonArray().add("wifi"))
                .put("opening_hours", "Mo-Su 00:00-24:00")
                .put("capacity", 12)
                .put("phone", "021-64870000")
                .put("district_code", "310104")
                .put("last_verified_at", "2026-01-01T09:00:00+08:00");

        Resp created = call("createStation", "/api/v1/stations", "", json, feature, 201);
        String uri = created.header("Location");
        long id = created.json().getLong("id");
        assertEquals("/api/v1/stations/" + id, uri);
        call("getStation", uri, "crs=gcj02", Map.of(), null, 200);
        call("createStation", "/api/v1/stations", "", json, feature, 409);
        call("createStation", "/api/v1/stations", "", Map.of("Content-Type", "text/plain"), feature, 415);
        call("createStation", "/api/v1/stations", "", json, "{not json", 400);
        call(
                "createStation",
                "/api/v1/stations",
                "",
                json,
                "x".repeat((int) org.yizhan.ApiRouter.WRITE_BODY_LIMIT + 1),
                413);

        JsonObject patch = new JsonObject().put("properties", new JsonObject().put("status", "temporarily_closed"));
        Map<String, String> mergePatch = Map.of("Content-Type", "application/merge-patch+json");
        call("patchStation", uri, "", mergePatch, patch, 428);
        call("patchStation", uri, "", with(mergePatch, "If-Match", "\"1\""), patch, 200);
        call("patchStation", uri, "", with(json, "If-Match", "\"2\""), patch, 415);
        call("replaceStation", uri, "", with(json, "If-Match", "\"1\""), feature, 412);
        call("replaceStation", uri, "", with(json, "If-Match", "\"2\""), feature, 200);

        Resp list = call("listStations", "/api/v1/stations", "limit=1&bbox=121,31,122,32", Map.of(), null, 200);
        assertEquals(1, list.json().getInteger("numberReturned"));
        Map<String, String> nearestAt = exampleQuery(op("findNearestStations"));
        Resp near = call("findNearestStations", "/api/v1/stations/nearest", query(nearestAt), Map.of(), null, 200);
        assertNull(near.json().getValue("numberMatched"), "numberMatched only with max_distance_m");
        assertEquals("no-store", near.header("Cache-Control"));
        Resp within = call(
                "findNearestStations",
                "/api/v1/stations/nearest",
                query(nearestAt) + "&max_distance_m=50000&open_now=true",
                Map.of(),
                null,
                200);
        assertEquals(1L, within.json().getLong("numberMatched"), within.toString());
        call(
                "findNearestStations",
                "/api/v1/stations/nearest",
                query(nearestAt) + "&at=2026-11-23T01:30:00%2B08:00",
                Map.of(),
                null,
                200);

        JsonArray rows = new JsonArray()
                .add(Fixtures.restStation("新站", 121.41, 31.18))
                .add(Fixtures.feature(121.42, 31.19, new JsonObject().put("kind", "meal")));
        call("importStations", "/api/v1/stations/import", "", json, Fixtures.collection(rows), 422);
        Resp best = call(
                "importStations", "/api/v1/stations/import", "mode=best_effort", json, Fixtures.collection(rows), 200);
        assertEquals(1, best.json().getJsonArray("rejected").getJsonObject(0).getInteger("index"));
        call(
                "importStations",
                "/api/v1/stations/import",
                "",
                Map.of("Content-Type", "text/csv"),
                "external_id,kind,name,lon,lat,vehicle_types\np-1,parking,停车点,121.43,31.2,ebike;car\n",
                200);
        call("importStations", "/api/v1/stations/import", "", json, new JsonObject().put("type", "Feature"), 400);

        call("getStationAudit", uri + "/audit", "limit=2", Map.of(), null, 200);
        call("deleteStation", uri, "", Map.of("If-Match", "\"3\""), null, 204);
        call("getStation", uri, "", Map.of(), null, 404);
        call("getMe", "/api/v1/me", "", Map.of(), null, 200);
        call(
                "issueToken",
                "/api/v1/tokens",
                "",
                json,
                new JsonObject().put("role", "viewer").put("label", "shape check"),
                201);
        call(
                "issueToken",
                "/api/v1/tokens",
                "",
                json,
                new JsonObject().put("role", "root").put("label", "x"),
                400);
        Resp log = call("listAudit", "/api/v1/audit", "limit=3", Map.of(), null, 200);
        assertEquals(
                "token_issue",
                log.json().getJsonArray("events").getJsonObject(0).getString("action"));
        String next = log.json().getJsonArray("links").getJsonObject(1).getString("href");
        call("listAudit", "/api/v1/audit", next.substring(next.indexOf('?') + 1), Map.of(), null, 200);
        call(
                "listAudit",
                "/api/v1/audit",
                "action=create,delete&from=2026-01-01T00:00:00%2B08:00",
                Map.of(),
                null,
                200);
        call("listAudit", "/api/v1/audit", "action=erase", Map.of(), null, 400);
        call("getHealth", "/health", "", Map.of(), null, 200);
        call("getReady", "/ready", "", Map.of(), null, 200);
    }

    @Test
    @DisplayName(
            "every answer of the planning operations (regions, demand, coverage) has a documented status, headers and body shape")
    void planningAnswersMatchTheDocumentedShapes() {
        TestApp.reset();
        Map<String, String> json = Map.of("Content-Type", "application/json");
        JsonArray regions = new JsonArray()
                .add(Fixtures.rectangleRegion("T", "测试市", "city", null, 121.40, 31.15, 121.50, 31.24))
                .add(Fixtures.rectangleRegion("T-W", "西区", "district", "T", 121.40, 31.15, 121.45, 31.24))
                .add(Fixtures.rectangleRegion("T-E", "东区", "district", "T", 121.45, 31.15, 121.50, 31.24));
        call("importRegions", "/api/v1/regions/import", "", json, Fixtures.collection(regions), 200);
        JsonArray bad =
                new JsonArray().add(Fixtures.rectangleRegion("X", "x", "planet", null, 121.4, 31.1, 121.5, 31.2));
        call("importRegions", "/api/v1/regions/import", "", json, Fixtures.collection(bad), 422);
        call("listRegions", "/api/v1/regions", "", Map.of(), null, 200);
        call("listRegions", "/api/v1/regions", "level=district&parent=T&geometry=false", Map.of(), null, 200);
        call("getRegion", "/api/v1/regions/T", "", Map.of(), null, 200);
        call("getRegion", "/api/v1/regions/nope", "", Map.of(), null, 404);

        Resp station =
                call("createStation", "/api/v1/stations", "", json, Fixtures.restStation("站", 121.42, 31.20), 201);
        call(
                "importDemand",
                "/api/v1/demand/import",
                "source=test&period=lunch",
                Map.of("Content-Type", "text/csv"),
                "lon,lat,weight\n121.42,31.20,5\n121.48,31.18,7\n",
                200);
        JsonArray points = new JsonArray().add(Fixtures.feature(121.46, 31.22, new JsonObject().put("weight", 3)));
        call(
                "importDemand",
                "/api/v1/demand/import",
                "source=test2&replace=true",
                Map.of("Content-Type", "application/geo+json"),
                Fixtures.collection(points),
                200);
        call("importDemand", "/api/v1/demand/import", "source=bad%21source", json, Fixtures.collection(points), 400);
        call("listDemandSources", "/api/v1/demand/sources", "", Map.of(), null, 200);

        call("getCoverage", "/api/v1/coverage", "region=T&radius_m=2000&max_gaps=3", Map.of(), null, 200);
        call("getCoverage", "/api/v1/coverage", "bbox=121.40,31.15,121.50,31.24", Map.of(), null, 200);
        call("getCoverage", "/api/v1/coverage", "region=nope", Map.of(), null, 404);
        call("getDistrictCoverage", "/api/v1/coverage/districts", "parent=T", Map.of(), null, 200);
        call("getDistrictCoverage", "/api/v1/coverage/districts", "parent=T&format=csv", Map.of(), null, 200);
        call("getCoverage", "/api/v1/coverage", "region=T&format=csv", Map.of(), null, 200);
        call(
                "getCoverageGrid",
                "/api/v1/coverage/grid",
                "bbox=121.40,31.15,121.45,31.20&cell_m=1000",
                Map.of(),
                null,
                200);
        call("getCoverageGrid", "/api/v1/coverage/grid", "region=T-W&cell_m=1000", Map.of(), null, 200);
        call("getCoverageGrid", "/api/v1/coverage/grid", "region=nope", Map.of(), null, 404);
        call(
                "suggestSites",
                "/api/v1/coverage/suggestions",
                "",
                json,
                new JsonObject()
                        .put("region", "T")
                        .put("count", 3)
                        .put(
                                "candidates",
                                new JsonArray().add(new JsonArray().add(121.48).add(31.18))),
                200);
        call(
                "suggestSites",
                "/api/v1/coverage/suggestions",
                "",
                json,
                new JsonObject().put("region", "T").put("count", 3).put("format", "csv"),
                200);
        call(
                "coverageWhatIf",
                "/api/v1/coverage/what-if",
                "",
                json,
                new JsonObject()
                        .put("region", "T")
                        .put(
                                "add",
                                new JsonArray().add(new JsonArray().add(121.48).add(31.18)))
                        .put("remove", new JsonArray().add(station.json().getLong("id"))),
                200);
        call(
                "coverageWhatIf",
                "/api/v1/coverage/what-if",
                "",
                json,
                new JsonObject().put("region", "T").put("nope", 1),
                400);
        call("deleteDemandSource", "/api/v1/demand", "source=test", Map.of(), null, 200);
        Resp log = call(
                "listAudit", "/api/v1/audit", "action=region_import,demand_import,demand_clear", Map.of(), null, 200);
        assertEquals(
                List.of("demand_clear", "demand_import", "demand_import", "region_import"),
                log.json().getJsonArray("events").stream()
                        .map(e -> ((JsonObject) e).getString("action"))
                        .toList());
    }

    @Test
    @DisplayName("GET /openapi.json serves this very document as JSON")
    void documentIsServed() {
        Resp r = TestApp.api().get("/openapi.json");
        assertEquals(200, r.status(), r.toString());
        assertTrue(r.header("Content-Type").startsWith("application/json"), r.header("Content-Type"));
        assertEquals(DOC, r.json());
    }

    // ------------------------------------------------------------------------------------ helpers: document

    private static JsonObject load() {
        try (InputStream in = OpenApiContractTest.class.getClassLoader().getResourceAsStream(DOCUMENT)) {
            assertNotNull(in, DOCUMENT + " is not on the classpath");
            return new JsonObject(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new AssertionError("cannot read " + DOCUMENT, e);
        }
    }

    private static List<Op> operations() {
        List<Op> ops = new ArrayList<>();
        JsonObject paths = DOC.getJsonObject("paths");
        for (String path : paths.fieldNames()) {
            JsonObject item = paths.getJsonObject(path);
            for (String method : OPERATION_KEYS) {
                JsonObject op = item.getJsonObject(method);
                if (op != null) {
                    Map<String, JsonObject> params = new LinkedHashMap<>();
                    for (JsonArray list :
                            new JsonArray[] {item.getJsonArray("parameters"), op.getJsonArray("parameters")}) {
                        if (list != null) {
                            list.forEach(p -> {
                                JsonObject r = resolve(p);
                                params.put(r.getString("in") + ":" + r.getString("name"), r);
                            });
                        }
                    }
                    ops.add(new Op(method, path, op, List.copyOf(params.values())));
                }
            }
        }
        return ops;
    }

    private static Op op(String operationId) {
        return operations().stream()
                .filter(o -> operationId.equals(o.id()))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no operation " + operationId));
    }

    private static JsonObject schema(String name) {
        return DOC.getJsonObject("components").getJsonObject("schemas").getJsonObject(name);
    }

    /** Follows $ref until a plain object. */
    private static JsonObject resolve(Object node) {
        JsonObject o = (JsonObject) node;
        for (int i = 0; o.containsKey("$ref") && i < 20; i++) {
            Object target = pointer(o.getString("$ref"));
            assertNotNull(target, "unresolved $ref " + o.getString("$ref"));
            o = (JsonObject) target;
        }
        return o;
    }

    /** A local JSON pointer ({@code #/a/b}), or null when it leads nowhere. */
    private static Object pointer(String ref) {
        Object node = DOC;
        for (String raw : ref.substring(2).split("/", -1)) {
            String token = raw.replace("~1", "/").replace("~0", "~");
            if (node instanceof JsonObject o) {
                node = o.getValue(token);
            } else if (node instanceof JsonArray a && token.matches("[0-9]+") && Integer.parseInt(token) < a.size()) {
                node = a.getValue(Integer.parseInt(token));
            } else {
                return null;
            }
        }
        return node;
    }

    private static void collectRefs(Object node, List<String> out) {
        if (node instanceof JsonObject o) {
            o.forEach(e -> {
                if (e.getKey().equals("$ref") && e.getValue() instanceof String s) {
                    out.add(s);
                } else {
                    collectRefs(e.getValue(), out);
                }
            });
        } else if (node instanceof JsonArray a) {
            a.forEach(v -> collectRefs(v, out));
        }
    }

    /** The string values of a schema's enum, or of its items' enum; null values dropped; null when none. */
    private static Set<String> enumOf(JsonObject schema) {
        JsonObject s = resolve(schema);
        JsonArray values = s.getJsonArray("enum");
        if (values == null && s.getValue("items") instanceof JsonObject items) {
            values = resolve(items).getJsonArray("enum");
        }
        return values == null
                ? null
                : values.stream()
                        .filter(Objects::nonNull)
                        .map(String.class::cast)
                        .collect(Collectors.toSet());
    }

    private static int defaultLimit(String operationId) {
        return op(operationId).param("query", "limit").getJsonObject("schema").getInteger("default");
    }

    // ------------------------------------------------------------------------------------ helpers: routes

    /** Walks the router tree: operations into {@code registered}, anything else unexpected into {@code unexplained}. */
    private static void collectRoutes(Router router, String prefix, Set<String> registered, List<String> unexplained) {
        for (Route route : router.getRoutes()) {
            String path = route.getPath();
            if (route.getSubRouter() != null) {
                collectRoutes(route.getSubRouter(), prefix + path.replaceAll("/$", ""), registered, unexplained);
            } else if (path != null && isOgc(prefix + path)) {
                continue; // OGC API – Features: its own document
            } else if ((!route.isExactPath() || route.isRegexPath())
                    && FILE_ROUTES.contains(prefix + (path != null ? path : route.getName()))) {
                continue; // files, not operations
            } else if (route.methods() != null && !route.methods().isEmpty()) {
                if (path == null) {
                    unexplained.add(
                            route.methods() + " " + route.getName()
                                    + ": a regular expression the document cannot list (if it serves files, add it to FILE_ROUTES)");
                } else {
                    String template = prefix + path.replaceAll(":([A-Za-z0-9_]+)", "{$1}");
                    // HEAD comes with every GET (RFC 9110 §9.3.2) and is not listed as an operation of its own;
                    // a HEAD without its GET, or a GET without HEAD, is unexplained.
                    if (route.methods().contains(HttpMethod.GET)
                            != route.methods().contains(HttpMethod.HEAD)) {
                        unexplained.add(route.methods() + " " + template + ": GET and HEAD go together");
                    }
                    route.methods().stream()
                            .filter(m -> m != HttpMethod.HEAD)
                            .forEach(m -> registered.add(m.name() + " " + template));
                }
            } else if (path != null) {
                unexplained.add("every method on " + prefix + path);
            }
        }
    }

    /** The application's router over a pool that never connects; no base tiles (null): their route is registered all the same. */
    private static Router router(Vertx vertx) {
        Pool pool = PgBuilder.pool()
                .connectingTo(new PgConnectOptions())
                .using(vertx)
                .build();
        // No base tiles (null): the route is registered all the same.
        return Wiring.build(
                        vertx,
                        pool,
                        pool,
                        new DatabaseTarget("127.0.0.1", 1, "none", "none", null),
                        AppConfig.load(Map.of()),
                        Clock.systemUTC())
                .router(vertx);
    }

    private static boolean isOgc(String path) {
        return path.equals(OGC_PREFIX) || path.startsWith(OGC_PREFIX + "/");
    }

    /** The path with every template parameter set to 1. */
    private static String concrete(String template) {
        return template.replaceAll("\\{[^}]+}", "1");
    }

    private static boolean matches(String template, String uri) {
        String[] t = template.split("/", -1);
        String[] u = uri.split("/", -1);
        if (t.length != u.length) {
            return false;
        }
        for (int i = 0; i < t.length; i++) {
            if (!t[i].equals(u[i]) && !t[i].startsWith("{")) {
                return false;
            }
        }
        return true;
    }

    /** The router's own answer for a path or method it has no route for (not a handler's 404). */
    private static boolean isRouterMiss(Resp r) {
        String type = r.header("Content-Type");
        if (type == null || !type.startsWith("application/json")) {
            return false; // router misses answer the JSON error shape; CSV, HTML and files are not misses
        }
        JsonObject body = r.body() == null || r.body().length() == 0 ? null : r.json();
        JsonObject error = body == null ? null : body.getJsonObject("error");
        if (error == null) {
            return false;
        }
        return r.status() == 404
                        && "not_found".equals(error.getString("code"))
                        && error.getString("message", "").startsWith("no such resource")
                || r.status() == 405 && "method_not_allowed".equals(error.getString("code"));
    }

    // ------------------------------------------------------------------------------------ helpers: requests

    private static Map<String, String> adminHeaders() {
        return Map.of("Authorization", "Bearer " + TestApp.ADMIN_TOKEN);
    }

    private static Map<String, String> with(Map<String, String> headers, String name, String value) {
        Map<String, String> h = new HashMap<>(headers);
        h.put(name, value);
        return h;
    }

    /**
     * The query parameters that have a documented example, with it: enough for a valid request. Every required
     * parameter needs one; an array example is sent comma-separated (style form, explode false).
     */
    private static Map<String, String> exampleQuery(Op op) {
        Map<String, String> q = new LinkedHashMap<>();
        for (JsonObject p : op.in("query")) {
            Object example = p.getValue("example");
            if (p.getBoolean("required", false)) {
                assertNotNull(example, op + ": required ?" + p.getString("name") + " needs an example");
            }
            if (example != null) {
                q.put(
                        p.getString("name"),
                        example instanceof JsonArray a
                                ? a.stream().map(String::valueOf).collect(Collectors.joining(","))
                                : String.valueOf(example));
            }
        }
        return q;
    }

    private static String query(Map<String, String> params) {
        return params.entrySet().stream()
                .map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining("&"));
    }

    /**
     * The operation with the admin token, the first documented body media type (empty body), If-Match * when
     * documented, the {@link #exampleQuery} and {@code extra}: what the handler needs to get as
     * far as checking the query. Every write handler checks the query before it writes, and nothing is sent
     * that would pass validation with a body.
     */
    private static Resp reachHandler(Op op, Map<String, String> extra) {
        Map<String, String> headers = new HashMap<>(adminHeaders());
        if (op.param("header", "If-Match") != null) {
            headers.put("If-Match", "*");
        }
        JsonObject body = op.json.getJsonObject("requestBody");
        String type = body == null
                ? null
                : resolve(body).getJsonObject("content").fieldNames().iterator().next();
        Map<String, String> q = exampleQuery(op);
        q.putAll(extra);
        Resp r = TestApp.api()
                .send(
                        HttpMethod.valueOf(op.method.toUpperCase()),
                        concrete(op.path) + "?" + query(q),
                        type,
                        null,
                        headers);
        assertFalse(isRouterMiss(r), op + ": " + r);
        return r;
    }

    private static void assertRefused(Op op, String name, String value) {
        Map<String, String> q = new HashMap<>(Map.of(name, value));
        Resp r = reachHandler(op, q);
        assertEquals(400, r.status(), op + " ?" + name + "=" + value + " must be refused: " + r);
        assertEquals(name, r.json().getJsonObject("error").getString("field"), r.toString());
        checkAnswer(op, r);
    }

    /** The value passes validation: the answer is not a 400 naming the parameter (a 404 for an example id is fine). */
    private static void assertAccepted(Op op, String name, String value) {
        Resp r = reachHandler(op, Map.of(name, value));
        boolean refused =
                r.status() == 400 && name.equals(r.json().getJsonObject("error").getString("field"));
        assertFalse(refused || r.status() >= 500, op + " ?" + name + "=" + value + " must be accepted: " + r);
        checkAnswer(op, r);
    }

    private static String fmt(double d) {
        return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
    }

    /** Items of a comma-separated list after {@code marker} in an error message. */
    private static Set<String> listAfter(String message, String marker) {
        int at = message.indexOf(marker);
        assertTrue(at >= 0, "'" + marker + "' not in: " + message);
        String rest = message.substring(at + marker.length()).strip();
        return rest.isEmpty()
                ? Set.of()
                : Arrays.stream(rest.split(",")).map(String::strip).collect(Collectors.toSet());
    }

    /** Sends one documented operation as the admin and checks the answer against the document. */
    private static Resp call(
            String operationId,
            String uri,
            String query,
            Map<String, String> headers,
            Object body,
            int expectedStatus) {
        Op op = op(operationId);
        assertTrue(matches(op.path, uri), uri + " is not a path of " + op);
        Map<String, String> h = new HashMap<>(adminHeaders());
        h.putAll(headers);
        String type = h.remove("Content-Type");
        Buffer buffer = body == null ? null : Buffer.buffer(body.toString());
        Resp r = TestApp.api()
                .send(
                        HttpMethod.valueOf(op.method.toUpperCase()),
                        query.isEmpty() ? uri : uri + "?" + query,
                        type,
                        buffer,
                        h);
        assertEquals(expectedStatus, r.status(), op + " " + uri + "?" + query + ": " + r);
        checkAnswer(op, r);
        return r;
    }

    // ------------------------------------------------------------------------------------ helpers: answers

    /** The answer's status is documented for the operation, with every documented header and the body's shape. */
    private static void checkAnswer(Op op, Resp r) {
        JsonObject responses = op.json.getJsonObject("responses");
        Object documented = responses.getValue(Integer.toString(r.status()));
        assertNotNull(documented, op + " answered " + r.status() + ", which it does not document: " + r);
        JsonObject response = resolve(documented);
        String where = op + " " + r.status();
        JsonObject headers = response.getJsonObject("headers", new JsonObject());
        for (String name : headers.fieldNames()) {
            String value = r.header(name);
            assertNotNull(value, where + ": documented header " + name + " is missing");
            JsonObject schema = resolve(headers.getValue(name)).getJsonObject("schema");
            if (schema != null) {
                checkShape(value, schema, where + " header " + name);
            }
        }
        JsonObject content = response.getJsonObject("content");
        if (content == null) {
            assertTrue(r.body() == null || r.body().length() == 0, where + " documents no body but sent " + r);
            return;
        }
        String type = r.header("Content-Type");
        assertNotNull(type, where + ": no Content-Type");
        String media = type.split(";")[0].strip().toLowerCase();
        assertTrue(content.containsKey(media), where + ": Content-Type " + media + " is not documented");
        JsonObject schema = content.getJsonObject(media).getJsonObject("schema");
        if (media.endsWith("json")) {
            checkShape(Json.decodeValue(r.body()), schema, where);
        } else {
            checkShape(r.body().toString(StandardCharsets.UTF_8), schema, where);
        }
    }

    /**
     * A small JSON Schema check for the answers: $ref, allOf, oneOf/anyOf, const, enum, type, required members,
     * no undocumented members (stricter than JSON Schema on purpose: the document must name every member the
     * server sends), items/prefixItems, string pattern and date-time format, numeric and size bounds.
     */
    private static void checkShape(Object value, JsonObject schemaNode, String where) {
        JsonObject s = resolve(schemaNode);
        for (String combinator : List.of("oneOf", "anyOf")) {
            JsonArray alternatives = s.getJsonArray(combinator);
            if (alternatives != null) {
                List<String> failures = new ArrayList<>();
                for (Object alt : alternatives) {
                    try {
                        checkShape(value, (JsonObject) alt, where);
                    } catch (AssertionError e) {
                        failures.add(e.getMessage());
                    }
                }
                assertTrue(
                        failures.size() < alternatives.size(), where + ": matches no " + combinator + ": " + failures);
            }
        }
        if (s.containsKey("const")) {
            assertEquals(s.getValue("const"), value, where);
        }
        if (s.getJsonArray("enum") != null) {
            assertTrue(
                    s.getJsonArray("enum").getList().contains(value),
                    where + ": " + value + " not in " + s.getJsonArray("enum"));
        }
        Object type = s.getValue("type");
        if (type != null) {
            List<?> types = type instanceof JsonArray a ? a.getList() : List.of(type);
            assertTrue(
                    types.stream().anyMatch(t -> hasType(value, (String) t)),
                    where + ": " + value + " is not " + types);
        }
        if (value instanceof JsonObject o) {
            Map<String, JsonObject> declared = new LinkedHashMap<>();
            Set<String> required = new HashSet<>();
            collectObjectRules(s, declared, required);
            for (String name : required) {
                assertTrue(o.containsKey(name), where + ": required member " + name + " is missing in " + o);
            }
            if (!declared.isEmpty()) {
                for (String name : o.fieldNames()) {
                    assertTrue(declared.containsKey(name), where + ": member " + name + " is not documented");
                    checkShape(o.getValue(name), declared.get(name), where + "." + name);
                }
            }
        } else if (value instanceof JsonArray a) {
            int n = a.size();
            assertTrue(
                    n >= s.getInteger("minItems", 0) && n <= s.getInteger("maxItems", Integer.MAX_VALUE),
                    where + ": size " + n);
            JsonArray prefix = s.getJsonArray("prefixItems", new JsonArray());
            for (int i = 0; i < n; i++) {
                if (i < prefix.size()) {
                    checkShape(a.getValue(i), prefix.getJsonObject(i), where + "[" + i + "]");
                } else if (s.getValue("items") instanceof JsonObject items) {
                    checkShape(a.getValue(i), items, where + "[" + i + "]");
                } else {
                    assertNotEquals(Boolean.FALSE, s.getValue("items"), where + ": no item allowed at " + i);
                }
            }
        } else if (value instanceof String str) {
            if (s.getString("pattern") != null) {
                assertTrue(
                        Pattern.compile(s.getString("pattern")).matcher(str).find(),
                        where + ": " + str + " !~ " + s.getString("pattern"));
            }
            if ("date-time".equals(s.getString("format"))) {
                try {
                    OffsetDateTime.parse(str);
                } catch (DateTimeParseException e) {
                    fail(where + ": not a date-time: " + str);
                }
            }
            int length = str.codePointCount(0, str.length());
            assertTrue(
                    length >= s.getInteger("minLength", 0) && length <= s.getInteger("maxLength", Integer.MAX_VALUE),
                    where + ": length " + length);
        } else if (value instanceof Number num) {
            double d = num.doubleValue();
            assertTrue(
                    s.getDouble("minimum") == null || d >= s.getDouble("minimum"), where + ": " + d + " below minimum");
            assertTrue(
                    s.getDouble("maximum") == null || d <= s.getDouble("maximum"), where + ": " + d + " above maximum");
            assertTrue(
                    s.getDouble("exclusiveMinimum") == null || d > s.getDouble("exclusiveMinimum"), where + ": " + d);
        }
    }

    /** Member schemas and required names of an object schema, through allOf. */
    private static void collectObjectRules(JsonObject s, Map<String, JsonObject> declared, Set<String> required) {
        JsonObject props = s.getJsonObject("properties");
        if (props != null) {
            props.forEach(e -> declared.putIfAbsent(e.getKey(), (JsonObject) e.getValue()));
        }
        s.getJsonArray("required", new JsonArray()).forEach(n -> required.add((String) n));
        JsonArray all = s.getJsonArray("allOf");
        if (all != null) {
            all.forEach(sub -> collectObjectRules(resolve(sub), declared, required));
        }
    }

    private static boolean hasType(Object v, String type) {
        return switch (type) {
            case "null" -> v == null;
            case "boolean" -> v instanceof Boolean;
            case "integer" -> v instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue());
            case "number" -> v instanceof Number;
            case "string" -> v instanceof String;
            case "array" -> v instanceof JsonArray;
            case "object" -> v instanceof JsonObject;
            default -> false;
        };
    }
}
