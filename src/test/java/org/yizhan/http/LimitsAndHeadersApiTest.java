package org.yizhan.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.yizhan.support.ErrorAssertions.assertJsonError;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.yizhan.AppConfig;
import org.yizhan.support.Api;
import org.yizhan.support.Api.Resp;
import org.yizhan.support.HandClock;
import org.yizhan.support.TestApp;

/**
 * Rate limits at their real defaults, CORS and the page's CSP, on a second server of the shared
 * database ({@link TestApp#server}) with a clock that stands still unless a test moves it, so that no
 * bucket refills while a burst is sent. Clients are named by X-Forwarded-For (the peer 127.0.0.1 is a
 * trusted proxy there).
 */
@DisplayName("Limits and headers: per-client rate limits, CORS, Content-Security-Policy")
class LimitsAndHeadersApiTest {
    static final String ALLOWED = "https://planner.example.org";
    private static final String NEAREST = "/api/v1/stations/nearest?lon=121.4737&lat=31.2304";
    /**
     * One of each CPU-heavy request. Their input is incomplete on purpose (a fast 400): the limit is
     * spent before the input is read, so these cost nothing but a token.
     */
    private static final List<String[]> HEAVY = List.of(
            new String[] {"GET", "/api/v1/coverage/grid"},
            new String[] {"POST", "/api/v1/coverage/suggestions"},
            new String[] {"POST", "/api/v1/coverage/what-if"},
            new String[] {"GET", "/api/v1/stations/1/isochrone?mode=car&minutes=-1"},
            new String[] {"GET", "/api/v1/coverage?mode=car&minutes=-1"},
            new String[] {"GET", "/api/v1/coverage/districts?minutes=-1"});

    static final HandClock CLOCK = new HandClock("2025-06-02T08:00:00Z");
    static TestApp.Server server;
    static Api api;
    static String plannerToken;

    @BeforeAll
    static void start() {
        server = TestApp.server(
                Map.of(
                        "YIZHAN_TRUSTED_PROXIES",
                        "127.0.0.1",
                        "YIZHAN_CORS_ORIGINS",
                        ALLOWED + ", http://localhost:5173",
                        "YIZHAN_TILE_URL",
                        "https://{s}.tile.example.org/{z}/{x}/{y}.png",
                        "YIZHAN_TIANDITU_KEY",
                        "0123456789abcdef"),
                CLOCK);
        api = server.api();
        // Suggestions and what-if are a planner's (docs/accounts.md): the heavy limit counts planners' calls.
        Resp issued = TestApp.api()
                .post(
                        "/api/v1/tokens",
                        new io.vertx.core.json.JsonObject()
                                .put("role", "planner")
                                .put("label", "limits test planner"));
        assertEquals(201, issued.status(), issued.toString());
        plannerToken = issued.json().getString("token");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static Resp as(String client, String method, String uri, Map<String, String> headers) {
        Map<String, String> h = new HashMap<>(headers);
        h.put("X-Forwarded-For", client);
        if (method.equals("POST")) {
            h.putIfAbsent("Authorization", "Bearer " + plannerToken);
        }
        return api.send(
                HttpMethod.valueOf(method),
                uri,
                method.equals("POST") ? "application/json" : null,
                method.equals("POST") ? Buffer.buffer("{}") : null,
                h);
    }

    static Resp as(String client, String uri) {
        return as(client, "GET", uri, Map.of());
    }

    @Test
    @DisplayName(
            "the defaults come from AppConfig: 1200 requests a minute with bursts of 200; CPU-heavy 30 a minute with bursts of 10")
    void defaults() {
        AppConfig.Limits l = AppConfig.load(Map.of()).limits();
        assertEquals(new AppConfig.Limits(1200, 200, 30, 10), l);
    }

    @Test
    @DisplayName(
            "a burst past 200 requests gets 429 rate_limited with Retry-After and the limit named; another client is unaffected; time refills")
    void burst() {
        String rider = "198.51.100.1";
        for (int i = 0; i < AppConfig.Limits.BURST; i++) {
            Resp r = as(rider, NEAREST);
            assertEquals(200, r.status(), "request " + (i + 1) + " of the burst: " + r);
        }
        Resp refused = as(rider, NEAREST);
        assertJsonError(refused, "the 201st request at once", 429, "rate_limited", null);
        // 1200 a minute: a token every 50 ms, so the next one is in (at most) a second.
        assertEquals("1", refused.header("Retry-After"));
        String message = refused.json().getJsonObject("error").getString("message");
        assertTrue(message.contains("limit \"api\": 1200 a minute, bursts of 200"), message);
        assertEquals(429, as(rider, "/api/v1/stations?bbox=121,31,122,32").status(), "every API path shares the limit");
        assertEquals(429, as(rider, "/ogc/collections").status(), "so do the OGC API's");
        assertEquals(200, as("198.51.100.2", NEAREST).status(), "another rider is not limited by the first");
        assertEquals(200, as(rider, "/health").status(), "health checks are not limited");

        CLOCK.move(Duration.ofSeconds(1));
        for (int i = 0; i < 20; i++) {
            assertEquals(200, as(rider, NEAREST).status(), "a second refills 20 tokens; request " + (i + 1));
        }
        assertEquals(429, as(rider, NEAREST).status(), "and not 21");
    }

    @Test
    @DisplayName(
            "CPU-heavy requests (grid, suggestions, what-if, isochrones, coverage by travel time) have the lower limit of 10 at once")
    void heavy() {
        String planner = "198.51.100.3";
        int sent = 0;
        while (sent < AppConfig.Limits.HEAVY_BURST) {
            String[] req = HEAVY.get(sent % HEAVY.size());
            Resp r = as(planner, req[0], req[1], Map.of());
            assertNotEquals(429, r.status(), req[1] + " as heavy request " + (sent + 1) + ": " + r);
            sent++;
        }
        for (String[] req : HEAVY) {
            Resp r = as(planner, req[0], req[1], Map.of());
            assertJsonError(r, req[0] + " " + req[1] + " past the heavy limit", 429, "rate_limited", null);
            // 30 a minute: one every 2 s.
            assertEquals("2", r.header("Retry-After"), req[1]);
            String message = r.json().getJsonObject("error").getString("message");
            assertTrue(message.contains("limit \"heavy\": 30 a minute, bursts of 10"), message);
        }
        assertNotEquals(429, as(planner, "/api/v1/coverage?radius_m=-1").status(), "coverage by radius is not heavy");
        assertEquals(200, as(planner, NEAREST).status(), "the same client's other requests are within their limit");
        assertNotEquals(429, as("198.51.100.4", "/api/v1/coverage/grid").status(), "another planner is not limited");
    }

    @Test
    @DisplayName("an admin or editor token is not limited; an unknown token is")
    void staffTokens() {
        String office = "198.51.100.5";
        for (int i = 0; i < AppConfig.Limits.HEAVY_BURST; i++) {
            as(office, "/api/v1/coverage/grid");
        }
        assertEquals(429, as(office, "/api/v1/coverage/grid").status());
        Resp admin =
                as(office, "GET", "/api/v1/coverage/grid", Map.of("Authorization", "Bearer " + TestApp.ADMIN_TOKEN));
        assertNotEquals(429, admin.status(), "admin past the limit: " + admin);
        assertEquals(400, admin.status(), "answered as usual: " + admin);
        Resp unknown =
                as(office, "GET", "/api/v1/coverage/grid", Map.of("Authorization", "Bearer not-a-token-0123456789"));
        assertEquals(429, unknown.status(), "an unknown token: " + unknown);
    }

    @Test
    @DisplayName("CORS: an allowed origin's preflight is answered 204 with the methods and headers it may use")
    void preflightAllowed() {
        Resp r = as(
                "198.51.100.6",
                "OPTIONS",
                "/api/v1/stations/7",
                Map.of(
                        "Origin",
                        ALLOWED,
                        "Access-Control-Request-Method",
                        "PATCH",
                        "Access-Control-Request-Headers",
                        "authorization, if-match"));
        assertEquals(204, r.status(), r.toString());
        assertEquals(ALLOWED, r.header("Access-Control-Allow-Origin"));
        assertTrue(
                r.header("Access-Control-Allow-Methods").contains("PATCH"),
                r.headers().toString());
        assertTrue(
                r.header("Access-Control-Allow-Headers").contains("If-Match"),
                r.headers().toString());
        assertTrue(
                r.header("Access-Control-Allow-Headers").contains("Authorization"),
                r.headers().toString());
        assertEquals("600", r.header("Access-Control-Max-Age"));
        assertNull(r.header("Access-Control-Allow-Credentials"), "tokens go in a header, never cookies");
    }

    @Test
    @DisplayName("CORS: another origin's preflight is refused with 403 cors_refused naming Origin")
    void preflightRefused() {
        Resp r = as(
                "198.51.100.6",
                "OPTIONS",
                "/api/v1/stations",
                Map.of("Origin", "https://evil.example.com", "Access-Control-Request-Method", "GET"));
        assertJsonError(r, "a preflight from an origin not listed", 403, "cors_refused", "Origin");
        assertNull(r.header("Access-Control-Allow-Origin"));
        Resp sub = as(
                "198.51.100.6",
                "OPTIONS",
                "/api/v1/stations",
                Map.of("Origin", ALLOWED + ".evil.example.com", "Access-Control-Request-Method", "GET"));
        assertEquals(403, sub.status(), "origins match exactly, not by prefix: " + sub);
    }

    @Test
    @DisplayName("CORS: answers carry Access-Control-Allow-Origin for an allowed origin only, and Vary: Origin")
    void simpleRequests() {
        Resp allowed = as("198.51.100.7", "GET", NEAREST, Map.of("Origin", "http://localhost:5173"));
        assertEquals(200, allowed.status());
        assertEquals("http://localhost:5173", allowed.header("Access-Control-Allow-Origin"));
        assertTrue(
                allowed.header("Access-Control-Expose-Headers").contains("Retry-After"),
                allowed.headers().toString());
        assertEquals("Origin", allowed.header("Vary"));
        Resp other = as("198.51.100.7", "GET", NEAREST, Map.of("Origin", "https://evil.example.com"));
        assertEquals(200, other.status(), "answered, but the browser withholds it from that origin's script");
        assertNull(other.header("Access-Control-Allow-Origin"));
    }

    @Test
    @DisplayName("CORS is off by default: the shared server refuses every preflight and names no origin")
    void corsOffByDefault() {
        Api shared = TestApp.api();
        Resp pre = shared.send(
                HttpMethod.OPTIONS,
                "/api/v1/stations",
                null,
                null,
                Map.of("Origin", ALLOWED, "Access-Control-Request-Method", "GET"));
        assertJsonError(pre, "a preflight with no origins configured", 403, "cors_refused", "Origin");
        Resp get = shared.send(HttpMethod.GET, NEAREST, null, null, Map.of("Origin", ALLOWED));
        assertEquals(200, get.status());
        assertNull(get.header("Access-Control-Allow-Origin"));
        Resp plain = shared.send(HttpMethod.OPTIONS, "/api/v1/stations", null, null, Map.of());
        assertEquals(405, plain.status(), "an OPTIONS that is no preflight stays a 405: " + plain);
    }

    @Test
    @DisplayName(
            "the page's Content-Security-Policy allows only this origin, plus the configured tile hosts for images")
    void contentSecurityPolicy() {
        Resp page = as("198.51.100.8", "/");
        assertEquals(200, page.status());
        String csp = page.header("Content-Security-Policy");
        assertNotNull(csp, "a CSP on the page: " + page.headers());
        assertTrue(csp.contains("default-src 'self'"), csp);
        assertTrue(csp.contains("script-src 'self';"), csp);
        assertTrue(
                csp.contains("img-src 'self' data: blob: https://*.tile.example.org https://*.tianditu.gov.cn;"), csp);
        assertTrue(csp.contains("worker-src 'self' blob:;"), "MapLibre's worker: " + csp);
        assertTrue(csp.contains("connect-src 'self';"), csp);
        assertTrue(csp.contains("frame-ancestors 'none'"), csp);
        assertEquals(
                csp, as("198.51.100.8", "/js/main.js").header("Content-Security-Policy"), "its files carry the same");

        String none = TestApp.api().get("/").header("Content-Security-Policy");
        assertTrue(none.contains("img-src 'self' data: blob:;"), "no tile hosts configured, none allowed: " + none);
    }
}
