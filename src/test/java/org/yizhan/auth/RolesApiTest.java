package org.yizhan.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.yizhan.db.DatabaseTarget;
import org.yizhan.support.Api;
import org.yizhan.support.Api.Resp;
import org.yizhan.support.ErrorAssertions;
import org.yizhan.support.Fixtures;
import org.yizhan.support.TestApp;

/**
 * Who may do what (docs/accounts.md), through HTTP with real tokens of each role on representative
 * endpoints, and {@code yizhan admin create} run through its Java entry point against the test database.
 */
@DisplayName(
        "Roles: admin, editor, planner, viewer and anonymous on representative endpoints; the admin create command")
class RolesApiTest {
    private static final String JSON = "application/json";
    private static final Map<String, String> TOKENS = new HashMap<>();
    private static Api api;

    @BeforeAll
    static void tokens() {
        TestApp.reset();
        api = TestApp.api();
        for (String role : Role.CODES) {
            Resp r = api.post(
                    "/api/v1/tokens", new JsonObject().put("role", role).put("label", "roles test " + role));
            assertEquals(201, r.status(), r.toString());
            TOKENS.put(role, r.json().getString("token"));
        }
        JsonArray regions =
                new JsonArray().add(Fixtures.rectangleRegion("R", "测试市", "city", null, 121.40, 31.15, 121.50, 31.24));
        assertEquals(
                200,
                api.post("/api/v1/regions/import", Fixtures.collection(regions)).status());
        assertEquals(
                200,
                api.send(
                                HttpMethod.POST,
                                "/api/v1/demand/import?source=roles",
                                "text/csv",
                                Buffer.buffer("lon,lat,weight\n121.45,31.20,10\n121.42,31.17,5\n"),
                                Map.of("Authorization", "Bearer " + TestApp.ADMIN_TOKEN))
                        .status());
    }

    private static Resp call(String role, HttpMethod method, String uri, String type, Object body) {
        Map<String, String> h = role == null ? Map.of() : Map.of("Authorization", "Bearer " + TOKENS.get(role));
        return api.send(method, uri, type, body == null ? null : Buffer.buffer(body.toString()), h);
    }

    /** The roles allowed get past the guard (not 401/403); the others get 403 (a token) or 401 (none), as JSON. */
    private static void check(
            String what,
            List<String> allowed,
            HttpMethod method,
            String uri,
            String type,
            java.util.function.Supplier<Object> body) {
        for (String role : Role.CODES) {
            Resp r = call(role, method, uri, type, body.get());
            if (allowed.contains(role)) {
                assertTrue(r.status() < 400, what + " as " + role + ": " + r);
            } else {
                ErrorAssertions.assertJsonError(r, what + " as " + role, 403, "forbidden", "Authorization");
            }
        }
        Resp anonymous = call(null, method, uri, type, body.get());
        if (allowed.contains("anyone")) {
            assertTrue(anonymous.status() < 400, what + " anonymously: " + anonymous);
        } else {
            ErrorAssertions.assertJsonError(anonymous, what + " anonymously", 401, "unauthorized", "Authorization");
        }
    }

    private static final List<String> EVERYONE = List.of("anyone", "admin", "editor", "planner", "viewer");

    @Test
    @DisplayName("station writes: admin and editor; a planner or viewer gets 403, nobody 401")
    void stationWrites() {
        check(
                "create a station",
                List.of("admin", "editor"),
                HttpMethod.POST,
                "/api/v1/stations",
                JSON,
                () -> Fixtures.restStation("驿站", 121.45, 31.2));
        check("the moderation queue", List.of("admin", "editor"), HttpMethod.GET, "/api/v1/reports", null, () -> null);
    }

    @Test
    @DisplayName("regions, demand and road networks: admin and planner; an editor or viewer gets 403")
    void planningData() {
        check(
                "import regions",
                List.of("admin", "planner"),
                HttpMethod.POST,
                "/api/v1/regions/import",
                JSON,
                () -> Fixtures.collection(new JsonArray()
                        .add(Fixtures.rectangleRegion("R2", "二", "district", "R", 121.40, 31.15, 121.45, 31.20))));
        check(
                "import demand",
                List.of("admin", "planner"),
                HttpMethod.POST,
                "/api/v1/demand/import?source=roles2",
                "text/csv",
                () -> "lon,lat,weight\n121.45,31.20,1\n");
        check(
                "clear demand",
                List.of("admin", "planner"),
                HttpMethod.DELETE,
                "/api/v1/demand?source=roles2",
                null,
                () -> null);
    }

    @Test
    @DisplayName(
            "suggestions, what-if and coverage CSV exports: admin and planner; the JSON coverage reads stay public")
    void coverageTools() {
        check(
                "suggestions",
                List.of("admin", "planner"),
                HttpMethod.POST,
                "/api/v1/coverage/suggestions",
                JSON,
                () -> new JsonObject().put("region", "R").put("count", 1));
        check(
                "what-if",
                List.of("admin", "planner"),
                HttpMethod.POST,
                "/api/v1/coverage/what-if",
                JSON,
                () -> new JsonObject().put("region", "R").put("add", new JsonArray().add(Fixtures.pos(121.45, 31.2))));
        check(
                "districts as CSV",
                List.of("admin", "planner"),
                HttpMethod.GET,
                "/api/v1/coverage/districts?parent=R&format=csv",
                null,
                () -> null);
        check(
                "coverage as CSV",
                List.of("admin", "planner"),
                HttpMethod.GET,
                "/api/v1/coverage?region=R&format=csv",
                null,
                () -> null);
        check(
                "utilisation as CSV",
                List.of("admin", "planner"),
                HttpMethod.GET,
                "/api/v1/coverage/utilisation?region=R&format=csv",
                null,
                () -> null);
        check("coverage as JSON", EVERYONE, HttpMethod.GET, "/api/v1/coverage?region=R", null, () -> null);
        check("districts as JSON", EVERYONE, HttpMethod.GET, "/api/v1/coverage/districts?parent=R", null, () -> null);
        check("the grid", EVERYONE, HttpMethod.GET, "/api/v1/coverage/grid?region=R&cell_m=1000", null, () -> null);
    }

    @Test
    @DisplayName("the rider API and public reads stay anonymous; accounts and tokens are the admin's")
    void publicAndAdmin() {
        check("nearest", EVERYONE, HttpMethod.GET, "/api/v1/stations/nearest?lon=121.45&lat=31.2", null, () -> null);
        check("regions", EVERYONE, HttpMethod.GET, "/api/v1/regions", null, () -> null);
        check("station export", EVERYONE, HttpMethod.GET, "/api/v1/stations/export?format=csv", null, () -> null);
        check("list accounts", List.of("admin"), HttpMethod.GET, "/api/v1/accounts", null, () -> null);
        check(
                "issue a token",
                List.of("admin"),
                HttpMethod.POST,
                "/api/v1/tokens",
                JSON,
                () -> new JsonObject().put("role", "viewer").put("label", "issued in the roles test"));
        check(
                "who am I",
                List.of("admin", "editor", "planner", "viewer"),
                HttpMethod.GET,
                "/api/v1/me",
                null,
                () -> null);
    }

    // ---- the command line ----

    private static int adminCommand(
            String stdin, ByteArrayOutputStream out, ByteArrayOutputStream err, String... args) {
        DatabaseTarget db = TestApp.get().database();
        String url = "postgresql://" + db.user() + ":" + db.password() + "@" + db.host() + ":" + db.port() + "/"
                + db.database();
        return AccountCommand.run(
                List.of(args),
                Map.of("DATABASE_URL", url),
                null,
                new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    @DisplayName(
            "admin create NAME reads the password from stdin, creates an admin who can sign in; a taken name or a short password fails")
    void adminCreateCommand() {
        String name = "cli-" + System.nanoTime() % 1_000_000;
        String password = "typed on stdin " + System.nanoTime();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        assertEquals(0, adminCommand(password + "\n", out, err, "create", name), err.toString(StandardCharsets.UTF_8));
        String printed = out.toString(StandardCharsets.UTF_8) + err.toString(StandardCharsets.UTF_8);
        assertTrue(printed.contains(name + " created with role admin"), printed);
        assertFalse(printed.contains(password), "the password is never printed");

        Resp login = api.send(
                HttpMethod.POST,
                "/api/v1/login",
                JSON,
                new JsonObject().put("name", name).put("password", password).toBuffer(),
                Map.of("X-Forwarded-For", "10.88.0.1"));
        assertEquals(200, login.status(), login.toString());
        assertEquals("admin", login.json().getJsonObject("account").getString("role"));
        Resp accounts = api.send(
                HttpMethod.GET,
                "/api/v1/accounts",
                null,
                null,
                Map.of("Authorization", "Bearer " + login.json().getString("token")));
        assertEquals(200, accounts.status(), "the new admin manages accounts");
        JsonArray events = api.admin(HttpMethod.GET, "/api/v1/audit?actor=system:cli", null, Map.of())
                .json()
                .getJsonArray("events");
        assertEquals("account:" + name, events.getJsonObject(0).getString("subject"));

        ByteArrayOutputStream err2 = new ByteArrayOutputStream();
        assertEquals(
                1, adminCommand(password + "\n", new ByteArrayOutputStream(), err2, "create", name), "a taken name");
        assertTrue(err2.toString(StandardCharsets.UTF_8).contains("exists"), err2.toString(StandardCharsets.UTF_8));
        assertEquals(
                2,
                adminCommand(
                        "short\n", new ByteArrayOutputStream(), new ByteArrayOutputStream(), "create", name + "-b"),
                "a short password");
        assertEquals(
                2,
                adminCommand("", new ByteArrayOutputStream(), new ByteArrayOutputStream(), "create", name + "-c"),
                "no password at all");
        assertEquals(
                2,
                adminCommand(
                        password + "\n",
                        new ByteArrayOutputStream(),
                        new ByteArrayOutputStream(),
                        "create",
                        name + "-d",
                        "--role",
                        "root"),
                "an unknown role");
        ByteArrayOutputStream out3 = new ByteArrayOutputStream();
        assertEquals(
                0,
                adminCommand(
                        password + "\n",
                        out3,
                        new ByteArrayOutputStream(),
                        "create",
                        name + "-e",
                        "--role",
                        "planner"));
        assertTrue(out3.toString(StandardCharsets.UTF_8).contains("role planner"));
        assertNotEquals(
                0, TestApp.count("SELECT count(*) FROM account WHERE name = '" + name + "-e' AND role = 'planner'"));
        assertEquals(
                0,
                TestApp.count(
                        "SELECT count(*) FROM account WHERE name LIKE '" + name + "-_' AND name <> '" + name + "-e'"),
                "nothing created by the failed runs");
    }
}
