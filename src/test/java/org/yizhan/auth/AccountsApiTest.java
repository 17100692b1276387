package org.yizhan.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.yizhan.support.Api;
import org.yizhan.support.Api.Resp;
import org.yizhan.support.ErrorAssertions;
import org.yizhan.support.Fixtures;
import org.yizhan.support.TestApp;

/**
 * Accounts, sign-in and sessions through HTTP on the real server and PostGIS: login and logout, expiry by
 * the server's clock, the same answer for an unknown name and a wrong password, rate limits, revocation,
 * account management by admins, and that no password or hash reaches an answer or the log.
 */
@DisplayName("Accounts: sign-in, sessions, revocation, limits and account management")
class AccountsApiTest {
    private static final String JSON = "application/json";
    /** Each sign-in comes from its own client address (X-Forwarded-For from the trusted test proxy) unless a test says. */
    private static final AtomicInteger CLIENTS = new AtomicInteger();

    private static final AtomicInteger NAMES = new AtomicInteger();

    private Api api;

    @BeforeEach
    void empty() {
        TestApp.reset();
        TestApp.await(TestApp.sql()
                .query("DELETE FROM api_token WHERE account_id IS NOT NULL")
                .execute());
        TestApp.await(TestApp.sql().query("DELETE FROM account").execute());
        api = TestApp.api();
    }

    @AfterEach
    void clock() {
        TestApp.clock().reset();
    }

    // ---- helpers ----

    /** A fresh account name, so that per-name limits of other tests never apply. */
    static String fresh(String base) {
        return base + "-" + NAMES.incrementAndGet() + "-" + System.nanoTime() % 100_000;
    }

    static String newClient() {
        int n = CLIENTS.incrementAndGet();
        return "10.77." + (n / 250) + "." + (n % 250 + 1);
    }

    static Map<String, String> bearer(String token) {
        return Map.of("Authorization", "Bearer " + token);
    }

    private Resp createAccount(String name, String role, String password) {
        return api.post(
                "/api/v1/accounts",
                new JsonObject().put("name", name).put("role", role).put("password", password));
    }

    private Resp login(String name, String password, String client) {
        Map<String, String> h = new HashMap<>();
        h.put("X-Forwarded-For", client);
        return api.send(
                HttpMethod.POST,
                "/api/v1/login",
                JSON,
                new JsonObject().put("name", name).put("password", password).toBuffer(),
                h);
    }

    /** Creates an account with {@code role} and signs it in; returns the session token. */
    String session(String name, String role) {
        assertEquals(201, createAccount(name, role, "correct horse " + name).status());
        Resp r = login(name, "correct horse " + name, newClient());
        assertEquals(200, r.status(), r.toString());
        return r.json().getString("token");
    }

    private Resp as(String token, HttpMethod method, String uri, String type, Object body) {
        return api.send(
                method,
                uri,
                type,
                body == null ? null : Buffer.buffer(body.toString()),
                token == null ? Map.of() : bearer(token));
    }

    private Resp me(String token) {
        return as(token, HttpMethod.GET, "/api/v1/me", null, null);
    }

    // ---- sign-in and sessions ----

    @Test
    @DisplayName(
            "a login answers a session token that works as a bearer, with the account's name and role, and an expiry 12 h on")
    void loginGivesAWorkingSession() {
        String name = fresh("ana");
        assertEquals(201, createAccount(name, "editor", "correct horse battery").status());
        Resp r = login(name.toUpperCase(), "correct horse battery", newClient());
        assertEquals(200, r.status(), r.toString());
        JsonObject body = r.json();
        assertEquals("no-store", r.header("Cache-Control"));
        assertEquals(
                name, body.getJsonObject("account").getString("name"), "names are case-insensitive, kept lower case");
        assertEquals("editor", body.getJsonObject("account").getString("role"));
        java.time.Instant expires = java.time.Instant.parse(body.getString("expires_at"));
        long hours = Duration.between(java.time.Instant.now(), expires).toMinutes();
        assertTrue(hours > 11 * 60 + 55 && hours <= 12 * 60, "expires in 12 h: " + body);

        Resp who = me(body.getString("token"));
        assertEquals(200, who.status(), who.toString());
        assertEquals(name, who.json().getString("account"));
        assertEquals("editor", who.json().getString("role"));
        assertEquals(body.getLong("token_id"), who.json().getLong("token_id"));
        // stored as a hash, like API tokens
        Row row = TestApp.await(TestApp.sql()
                        .preparedQuery("SELECT token_hash, account_id FROM api_token WHERE id = $1")
                        .execute(Tuple.of(body.getLong("token_id"))))
                .iterator()
                .next();
        assertEquals(32, row.getBuffer("token_hash").length());
        assertFalse(row.getBuffer("token_hash").toString().contains(body.getString("token")));
    }

    @Test
    @DisplayName("logout ends the session (401 after it); an API token cannot log out (400) and keeps working")
    void logoutEndsTheSession() {
        String token = session(fresh("bo"), "viewer");
        assertEquals(200, me(token).status());
        Resp out = as(token, HttpMethod.POST, "/api/v1/logout", null, null);
        assertEquals(204, out.status(), out.toString());
        ErrorAssertions.assertJsonError(me(token), "a logged-out session", 401, "unauthorized", "Authorization");

        Resp apiToken = api.admin(HttpMethod.POST, "/api/v1/logout", null, Map.of());
        ErrorAssertions.assertJsonError(
                apiToken, "logout with an API token", 400, "invalid_parameter", "Authorization");
        assertEquals(200, me(TestApp.ADMIN_TOKEN).status(), "existing API tokens keep working");
        ErrorAssertions.assertJsonError(
                as(null, HttpMethod.POST, "/api/v1/logout", null, null),
                "anonymous logout",
                401,
                "unauthorized",
                "Authorization");
    }

    @Test
    @DisplayName(
            "sign-ins are audited: a login names the account and its session; a failure its reason and account, never the password or an unknown name; a logout is a token_revoke by the account")
    void signInsAreAudited() {
        String name = fresh("al");
        assertEquals(201, createAccount(name, "editor", "correct horse " + name).status());
        String typo = "correct horse " + name + " typed as a name";
        ErrorAssertions.assertJsonError(
                login(name, "not the password", newClient()),
                "a wrong password",
                401,
                "invalid_credentials",
                "password");
        ErrorAssertions.assertJsonError(
                login("x" + name, "correct horse " + name, newClient()),
                "an unknown name",
                401,
                "invalid_credentials",
                "password");
        ErrorAssertions.assertJsonError(
                login(typo.replace(' ', '-'), "whatever", newClient()),
                "a password as the name",
                401,
                "invalid_credentials",
                "password");
        Resp in = login(name, "correct horse " + name, newClient());
        assertEquals(200, in.status(), in.toString());
        long sessionId = in.json().getLong("token_id");
        long accountId = idOf(name);

        JsonArray logins = api.admin(HttpMethod.GET, "/api/v1/audit?action=login", null, Map.of())
                .json()
                .getJsonArray("events");
        assertEquals(1, logins.size(), logins.encode());
        JsonObject login = logins.getJsonObject(0);
        assertEquals(name, login.getString("actor"));
        assertEquals("account:" + name, login.getString("subject"));
        assertEquals(
                new JsonObject().put("account_id", accountId).put("token_id", sessionId),
                login.getJsonObject("details"));

        JsonArray failed = api.admin(HttpMethod.GET, "/api/v1/audit?action=login_failed", null, Map.of())
                .json()
                .getJsonArray("events");
        assertEquals(3, failed.size(), failed.encode());
        for (JsonObject unknown : List.of(failed.getJsonObject(0), failed.getJsonObject(1))) {
            assertEquals("(anonymous)", unknown.getString("actor"));
            assertNull(unknown.getValue("subject"), "an unknown name is not kept: " + unknown.encode());
            assertEquals(new JsonObject().put("reason", "unknown_name"), unknown.getJsonObject("details"));
        }
        JsonObject wrong = failed.getJsonObject(2);
        assertEquals("(anonymous)", wrong.getString("actor"));
        assertEquals("account:" + name, wrong.getString("subject"));
        assertEquals(
                new JsonObject().put("reason", "wrong_password").put("account_id", accountId),
                wrong.getJsonObject("details"));
        String trail = api.admin(HttpMethod.GET, "/api/v1/audit", null, Map.of())
                .body()
                .toString();
        assertFalse(
                trail.contains("not the password")
                        || trail.contains("correct horse")
                        || trail.contains("x" + name)
                        || trail.contains("typed-as-a-name"),
                "no password and no unknown name in the trail: " + trail);

        assertEquals(
                204,
                as(in.json().getString("token"), HttpMethod.POST, "/api/v1/logout", null, null)
                        .status());
        JsonArray revokes = api.admin(HttpMethod.GET, "/api/v1/audit?action=token_revoke", null, Map.of())
                .json()
                .getJsonArray("events");
        assertEquals(1, revokes.size(), revokes.encode());
        assertEquals(name, revokes.getJsonObject(0).getString("actor"));
        assertEquals("token:" + sessionId, revokes.getJsonObject(0).getString("subject"));
        assertEquals(
                new JsonObject().put("token_id", sessionId).put("session", true),
                revokes.getJsonObject(0).getJsonObject("details"));
    }

    @Test
    @DisplayName("a session expires after 12 h by the server's clock: valid just before, 401 just after")
    void sessionsExpire() {
        String token = session(fresh("cy"), "planner");
        TestApp.clock().setOffset(Duration.ofHours(12).minusMinutes(1));
        assertEquals(200, me(token).status(), "still valid a minute before");
        TestApp.clock().setOffset(Duration.ofHours(12).plusSeconds(1));
        ErrorAssertions.assertJsonError(me(token), "an expired session", 401, "unauthorized", "Authorization");
        assertEquals(200, me(TestApp.ADMIN_TOKEN).status(), "API tokens do not expire");
    }

    @Test
    @DisplayName("an unknown name and a wrong password get the same 401, and both pay for a password hash")
    void wrongPasswordAndUnknownNameLookAlike() {
        String name = fresh("di");
        assertEquals(201, createAccount(name, "admin", "correct horse battery").status());
        login(name, "warm up the hashing pool", newClient());
        long t0 = System.nanoTime();
        Resp wrong = login(name, "not the password", newClient());
        long wrongMs = (System.nanoTime() - t0) / 1_000_000;
        t0 = System.nanoTime();
        Resp unknown = login(fresh("nobody"), "not the password", newClient());
        long unknownMs = (System.nanoTime() - t0) / 1_000_000;
        ErrorAssertions.assertJsonError(wrong, "a wrong password", 401, "invalid_credentials", "password");
        ErrorAssertions.assertJsonError(unknown, "an unknown name", 401, "invalid_credentials", "password");
        assertEquals(wrong.body().toString(), unknown.body().toString(), "the same answer, byte for byte");
        // Argon2id with 19 MiB takes well over 10 ms; an unknown name answered without hashing takes ~1 ms.
        assertTrue(
                wrongMs >= 10 && unknownMs >= 10,
                "both did password work: wrong " + wrongMs + " ms, unknown " + unknownMs + " ms");
        Resp disabled = api.admin(
                HttpMethod.PATCH, "/api/v1/accounts/" + idOf(name), new JsonObject().put("disabled", true), Map.of());
        assertEquals(200, disabled.status(), disabled.toString());
        Resp right = login(name, "correct horse battery", newClient());
        assertEquals(unknown.body().toString(), right.body().toString(), "a disabled account answers the same");
    }

    @Test
    @DisplayName(
            "five wrong passwords for a name from any clients: the sixth attempt, even right, is 429 with Retry-After until the window ends")
    void perNameLimit() {
        String name = fresh("ed");
        assertEquals(201, createAccount(name, "editor", "correct horse battery").status());
        for (int i = 0; i < LoginThrottle.PER_NAME.attempts(); i++) {
            assertEquals(401, login(name, "guess " + i, newClient()).status());
        }
        Resp limited = login(name, "correct horse battery", newClient());
        ErrorAssertions.assertJsonError(limited, "the sixth attempt", 429, "rate_limited", null);
        long retry = Long.parseLong(limited.header("Retry-After"));
        assertTrue(retry > 0 && retry <= LoginThrottle.PER_NAME.window().toSeconds(), "Retry-After " + retry);
        // a name that does not exist is limited alike: a 429 tells nothing about existence
        String ghost = fresh("ghost");
        for (int i = 0; i < LoginThrottle.PER_NAME.attempts(); i++) {
            assertEquals(401, login(ghost, "guess " + i, newClient()).status());
        }
        assertEquals(429, login(ghost, "guess", newClient()).status());

        TestApp.clock().setOffset(LoginThrottle.PER_NAME.window().plusSeconds(1));
        assertEquals(200, login(name, "correct horse battery", newClient()).status(), "after the window");
    }

    @Test
    @DisplayName(
            "one client gets 20 attempts per 10 minutes whatever the names; the 21st is 429, other clients are not affected")
    void perClientLimit() {
        String client = newClient();
        for (int i = 0; i < LoginThrottle.PER_CLIENT.attempts(); i++) {
            assertEquals(401, login(fresh("x"), "guess", client).status());
        }
        Resp limited = login(fresh("x"), "guess", client);
        ErrorAssertions.assertJsonError(limited, "the 21st attempt", 429, "rate_limited", null);
        assertNotNull(limited.header("Retry-After"));
        assertEquals(401, login(fresh("x"), "guess", newClient()).status(), "another client");
        TestApp.clock().setOffset(LoginThrottle.PER_CLIENT.window().plusSeconds(1));
        assertEquals(401, login(fresh("x"), "guess", client).status(), "after the window");
    }

    @Test
    @DisplayName("bad login bodies are 400 naming the field, and are not counted as failures")
    void badLoginBodies() {
        String client = newClient();
        ErrorAssertions.assertJsonError(
                api.send(HttpMethod.POST, "/api/v1/login", JSON, Buffer.buffer("{\"password\":\"x\"}"), Map.of()),
                "no name",
                400,
                "invalid_parameter",
                "name");
        ErrorAssertions.assertJsonError(
                api.send(HttpMethod.POST, "/api/v1/login", JSON, Buffer.buffer("{\"name\":\"a\"}"), Map.of()),
                "no password",
                400,
                "invalid_parameter",
                "password");
        ErrorAssertions.assertJsonError(
                login("a".repeat(65), "x", client), "a long name", 400, "invalid_parameter", "name");
        ErrorAssertions.assertJsonError(
                login("ab", "x".repeat(257), client), "a long password", 400, "invalid_parameter", "password");
        ErrorAssertions.assertJsonError(
                api.send(
                        HttpMethod.POST,
                        "/api/v1/login",
                        JSON,
                        Buffer.buffer("{\"name\":\"ab\",\"password\":\"x\",\"remember\":true}"),
                        Map.of()),
                "an unknown member",
                400,
                "invalid_parameter",
                "remember");
        ErrorAssertions.assertJsonError(
                api.send(HttpMethod.POST, "/api/v1/login", "text/plain", Buffer.buffer("ab:x"), Map.of()),
                "not JSON",
                415,
                "unsupported_media_type",
                "Content-Type");
    }

    // ---- revocation ----

    @Test
    @DisplayName(
            "DELETE /tokens/{id}: the owner revokes their session, an admin any token, others get 404; audited by name")
    void revocation() {
        String ed = fresh("fa");
        String edToken = session(ed, "editor");
        long edId = me(edToken).json().getLong("token_id");
        String viewerToken = session(fresh("gu"), "viewer");
        long viewerId = me(viewerToken).json().getLong("token_id");

        ErrorAssertions.assertJsonError(
                as(edToken, HttpMethod.DELETE, "/api/v1/tokens/" + viewerId, null, null),
                "someone else's session",
                404,
                "not_found",
                null);
        assertEquals(200, me(viewerToken).status(), "left alone");
        long adminTokenId = me(TestApp.ADMIN_TOKEN).json().getLong("token_id");
        ErrorAssertions.assertJsonError(
                as(edToken, HttpMethod.DELETE, "/api/v1/tokens/" + adminTokenId, null, null),
                "an API token by a non-admin",
                404,
                "not_found",
                null);

        Resp own = as(edToken, HttpMethod.DELETE, "/api/v1/tokens/" + edId, null, null);
        assertEquals(204, own.status(), own.toString());
        assertEquals(401, me(edToken).status());

        Resp byAdmin = api.admin(HttpMethod.DELETE, "/api/v1/tokens/" + viewerId, null, Map.of());
        assertEquals(204, byAdmin.status(), byAdmin.toString());
        assertEquals(401, me(viewerToken).status());
        assertEquals(
                204,
                api.admin(HttpMethod.DELETE, "/api/v1/tokens/" + viewerId, null, Map.of())
                        .status(),
                "revoking again changes nothing");

        Resp issued = api.post(
                "/api/v1/tokens", new JsonObject().put("role", "planner").put("label", "a script"));
        assertEquals(201, issued.status(), issued.toString());
        String script = issued.json().getString("token");
        assertEquals("planner", me(script).json().getString("role"), "API tokens may have the planner role");
        assertEquals(
                204,
                api.admin(HttpMethod.DELETE, "/api/v1/tokens/" + issued.json().getLong("id"), null, Map.of())
                        .status());
        assertEquals(401, me(script).status(), "a revoked API token");
        ErrorAssertions.assertJsonError(
                api.admin(HttpMethod.DELETE, "/api/v1/tokens/999999999", null, Map.of()),
                "no such token",
                404,
                "not_found",
                null);
        ErrorAssertions.assertJsonError(
                api.admin(HttpMethod.DELETE, "/api/v1/tokens/x", null, Map.of()),
                "a bad id",
                400,
                "invalid_parameter",
                "id");

        JsonArray events = api.admin(HttpMethod.GET, "/api/v1/audit?action=token_revoke", null, Map.of())
                .json()
                .getJsonArray("events");
        assertEquals(3, events.size(), events.encode());
        assertEquals(ed, events.getJsonObject(2).getString("actor"), "the owner's revocation names the account");
        assertEquals("token:" + edId, events.getJsonObject(2).getString("subject"));
    }

    // ---- accounts ----

    @Test
    @DisplayName(
            "admins list, create, re-role and disable accounts; a role change applies to live sessions; every change audited by name")
    void accountManagement() {
        String boss = fresh("boss");
        String bossToken = session(boss, "admin");
        String name = fresh("hu");
        Resp created = as(
                bossToken,
                HttpMethod.POST,
                "/api/v1/accounts",
                JSON,
                new JsonObject().put("name", name).put("role", "viewer").put("password", "a long pass phrase"));
        assertEquals(201, created.status(), created.toString());
        long id = created.json().getLong("id");
        assertEquals("/api/v1/accounts/" + id, created.header("Location"));
        assertEquals(
                java.util.Set.of("id", "name", "role", "created_at", "disabled"),
                created.json().fieldNames());
        ErrorAssertions.assertJsonError(
                createAccount(name, "viewer", "another pass phrase"), "a taken name", 409, "exists", "name");
        ErrorAssertions.assertJsonError(
                createAccount("Bad Name!", "viewer", "another pass phrase"),
                "a bad name",
                400,
                "invalid_parameter",
                "name");
        ErrorAssertions.assertJsonError(
                createAccount(fresh("iv"), "root", "another pass phrase"),
                "a bad role",
                400,
                "invalid_parameter",
                "role");
        ErrorAssertions.assertJsonError(
                createAccount(fresh("iv"), "viewer", "short"),
                "a short password",
                400,
                "invalid_parameter",
                "password");

        Resp list = as(bossToken, HttpMethod.GET, "/api/v1/accounts", null, null);
        assertEquals(200, list.status());
        assertEquals(
                List.of(boss, name).stream().sorted().toList(),
                list.json().getJsonArray("accounts").stream()
                        .map(a -> ((JsonObject) a).getString("name"))
                        .toList());

        Resp in = login(name, "a long pass phrase", newClient());
        String token = in.json().getString("token");
        ErrorAssertions.assertJsonError(
                as(token, HttpMethod.POST, "/api/v1/regions/import", JSON, Fixtures.collection(new JsonArray())),
                "a viewer importing regions",
                403,
                "forbidden",
                "Authorization");
        Resp promoted = as(
                bossToken, HttpMethod.PATCH, "/api/v1/accounts/" + id, JSON, new JsonObject().put("role", "planner"));
        assertEquals(200, promoted.status(), promoted.toString());
        assertEquals("planner", me(token).json().getString("role"), "the live session has the new role");

        ErrorAssertions.assertJsonError(
                as(
                        bossToken,
                        HttpMethod.PATCH,
                        "/api/v1/accounts/" + idOf(boss),
                        JSON,
                        new JsonObject().put("role", "viewer")),
                "demoting oneself",
                409,
                "own_account",
                "role");
        ErrorAssertions.assertJsonError(
                as(bossToken, HttpMethod.PATCH, "/api/v1/accounts/" + id, JSON, new JsonObject()),
                "an empty change",
                400,
                "invalid_parameter",
                "body");
        ErrorAssertions.assertJsonError(
                as(
                        bossToken,
                        HttpMethod.PATCH,
                        "/api/v1/accounts/" + id,
                        JSON,
                        new JsonObject().put("disabled", "yes")),
                "disabled not a boolean",
                400,
                "invalid_parameter",
                "disabled");
        ErrorAssertions.assertJsonError(
                as(
                        bossToken,
                        HttpMethod.PATCH,
                        "/api/v1/accounts/999999",
                        JSON,
                        new JsonObject().put("disabled", true)),
                "no such account",
                404,
                "not_found",
                null);

        Resp disabled =
                as(bossToken, HttpMethod.PATCH, "/api/v1/accounts/" + id, JSON, new JsonObject().put("disabled", true));
        assertEquals(true, disabled.json().getBoolean("disabled"));
        assertEquals(401, me(token).status(), "a disabled account's sessions end");
        Resp enabled = as(
                bossToken, HttpMethod.PATCH, "/api/v1/accounts/" + id, JSON, new JsonObject().put("disabled", false));
        assertEquals(false, enabled.json().getBoolean("disabled"));
        assertEquals(401, me(token).status(), "re-enabling does not bring old sessions back");
        Resp again = login(name, "a long pass phrase", newClient());
        assertEquals(200, again.status(), again.toString());
        token = again.json().getString("token");

        JsonArray events = api.admin(
                        HttpMethod.GET, "/api/v1/audit?action=account_create,account_update", null, Map.of())
                .json()
                .getJsonArray("events");
        List<String> summary = events.stream()
                .map(e -> ((JsonObject) e).getString("actor") + " " + ((JsonObject) e).getString("action") + " "
                        + ((JsonObject) e).getString("subject"))
                .toList();
        assertEquals(
                List.of(
                        boss + " account_update account:" + name,
                        boss + " account_update account:" + name,
                        boss + " account_update account:" + name,
                        boss + " account_create account:" + name,
                        "token:" + me(TestApp.ADMIN_TOKEN).json().getLong("token_id")
                                + " (YIZHAN_ADMIN_TOKEN) account_create account:" + boss),
                summary);
        assertEquals(
                new JsonObject().put("from", "viewer").put("to", "planner"),
                events.getJsonObject(2).getJsonObject("details").getJsonObject("role"));

        // non-admins may not manage accounts
        ErrorAssertions.assertJsonError(
                as(token, HttpMethod.GET, "/api/v1/accounts", null, null),
                "a planner listing accounts",
                403,
                "forbidden",
                "Authorization");
    }

    @Test
    @DisplayName("a station write with a session token is audited under the account's name")
    void auditNamesTheAccount() {
        String name = fresh("jo");
        String token = session(name, "editor");
        Resp created = as(token, HttpMethod.POST, "/api/v1/stations", JSON, Fixtures.restStation("驿站", 121.47, 31.23));
        assertEquals(201, created.status(), created.toString());
        JsonArray events = api.admin(HttpMethod.GET, "/api/v1/audit?action=create", null, Map.of())
                .json()
                .getJsonArray("events");
        assertEquals(1, events.size());
        assertEquals(name, events.getJsonObject(0).getString("actor"));
        JsonArray byActor = api.admin(HttpMethod.GET, "/api/v1/audit?actor=" + name, null, Map.of())
                .json()
                .getJsonArray("events");
        assertEquals(
                List.of("create", "login"),
                byActor.stream().map(e -> ((JsonObject) e).getString("action")).toList(),
                "the write, and the sign-in before it: " + byActor.encode());
    }

    @Test
    @DisplayName(
            "no password or password hash appears in any answer, in the audit trail or in the log; the stored hash is Argon2id")
    void noSecretsAnywhere() {
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        ListAppender<ILoggingEvent> log = new ListAppender<>();
        log.start();
        root.addAppender(log);
        Level before = root.getLevel();
        root.setLevel(Level.DEBUG);
        StringBuilder answers = new StringBuilder();
        String name = fresh("ka");
        String password = "secret-pass-" + System.nanoTime();
        String hash;
        try {
            answers.append(createAccount(name, "editor", password).body());
            answers.append(login(name, password, newClient()).body());
            answers.append(login(name, password + "x", newClient()).body());
            answers.append(api.admin(HttpMethod.GET, "/api/v1/accounts", null, Map.of())
                    .body());
            answers.append(api.admin(
                            HttpMethod.PATCH,
                            "/api/v1/accounts/" + idOf(name),
                            new JsonObject().put("password", password + "-2"),
                            Map.of())
                    .body());
            answers.append(
                    api.admin(HttpMethod.GET, "/api/v1/audit", null, Map.of()).body());
            hash = TestApp.await(TestApp.sql()
                            .preparedQuery("SELECT password_hash FROM account WHERE name = $1")
                            .execute(Tuple.of(name)))
                    .iterator()
                    .next()
                    .getString("password_hash");
        } finally {
            root.detachAppender(log);
            root.setLevel(before);
        }
        assertTrue(hash.startsWith("$argon2id$v=19$m=19456,t=2,p=1$"), hash);
        String text = answers.toString();
        assertTrue(text.contains(name), "the answers were captured: " + text);
        assertFalse(text.contains(password), "a password in an answer");
        assertFalse(
                text.contains("argon2") || text.contains(hash.substring(hash.lastIndexOf('$') + 1)),
                "a hash in an answer");
        for (ILoggingEvent e : log.list) {
            String line = e.getFormattedMessage()
                    + (e.getThrowableProxy() == null
                            ? ""
                            : e.getThrowableProxy().getMessage());
            assertFalse(line.contains(password) || line.contains("argon2"), "logged: " + line);
        }
        assertTrue(Passwords.verify(password + "-2", hash), "the new password is set");
    }

    private long idOf(String name) {
        return TestApp.await(TestApp.sql()
                        .preparedQuery("SELECT id FROM account WHERE name = $1")
                        .execute(Tuple.of(name)))
                .iterator()
                .next()
                .getLong("id");
    }
}
