package org.yizhan.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.vertx.core.http.HttpMethod;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.LoggerFactory;
import org.yizhan.support.Api;
import org.yizhan.support.Api.Resp;
import org.yizhan.support.Fixtures;
import org.yizhan.support.TestApp;

@DisplayName(
        "HTTP hygiene: HEAD wherever GET is, Allow on every 405, the OpenAPI document at its own path, clients that hang up")
class HttpHygieneApiTest {
    static Api api;
    static long stationId;

    @BeforeAll
    static void fixtures() {
        TestApp.reset();
        api = TestApp.api();
        Resp created = api.post("/api/v1/stations", Fixtures.restStation("Hygiene", 121.47, 31.23));
        assertEquals(201, created.status(), created.toString());
        stationId = created.json().getLong("id");
    }

    @ParameterizedTest(name = "HEAD {0}")
    @ValueSource(
            strings = {
                "/",
                "/index.html",
                "/js/rider.js",
                "/health",
                "/ready",
                "/config.json",
                "/openapi.json",
                "/vendor/leaflet/leaflet.js",
                "/api/v1/stations?bbox=121,31,122,32",
                "/api/v1/stations/nearest?lon=121.47&lat=31.23",
                "/api/v1/stations/{id}",
                "/api/v1/regions",
                "/api/v1/demand/sources",
                "/api/v1/tiles/stations/14/13720/6694.mvt",
                "/api/v1/tiles/stations.json",
                "/ogc",
                "/ogc/api",
                "/ogc/collections/stations/items?f=html",
                "/ogc/collections/stations/items/{id}"
            })
    @DisplayName("HEAD answers as GET does, with the same status and Content-Type and no body")
    void headLikeGet(String path) {
        String uri = path.replace("{id}", Long.toString(stationId));
        Resp get = api.get(uri);
        Resp head = api.send(HttpMethod.HEAD, uri, null, null, Map.of());
        assertEquals(200, get.status(), get.toString());
        assertEquals(get.status(), head.status(), uri);
        assertEquals(get.header("Content-Type"), head.header("Content-Type"), uri);
        assertTrue(head.body() == null || head.body().length() == 0, "HEAD has no body: " + uri);
    }

    @ParameterizedTest(name = "{0} {1} → Allow: {2}")
    @CsvSource(
            delimiter = '|',
            value = {
                "POST|/api/v1/coverage|GET, HEAD",
                // "nearest" and "import" also match /stations/:id, whose methods are not theirs
                "POST|/api/v1/stations/nearest|GET, HEAD",
                "DELETE|/api/v1/stations/nearest|GET, HEAD",
                "GET|/api/v1/stations/import|POST",
                "PUT|/api/v1/stations/import|POST",
                "PUT|/api/v1/stations|GET, HEAD, POST",
                "POST|/api/v1/stations/7|DELETE, GET, HEAD, PATCH, PUT",
                "DELETE|/api/v1/coverage/suggestions|POST",
                "POST|/health|GET, HEAD",
                "POST|/openapi.json|GET, HEAD",
                "DELETE|/index.html|GET, HEAD",
                "POST|/ogc/collections/stations/items|GET, HEAD"
            })
    @DisplayName("every 405 names the allowed methods in Allow")
    void allowOn405(String method, String path, String allow) {
        Resp r = api.send(HttpMethod.valueOf(method), path, null, null, Map.of());
        assertEquals(405, r.status(), r.toString());
        assertEquals(allow, r.header("Allow"));
        assertEquals("method_not_allowed", r.json().getJsonObject("error").getString("code"));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"/", "/api/v1/stations/nearest?lon=121.47&lat=31.23", "/api/v1/nope", "/health"})
    @DisplayName("every answer, error or not, carries the security headers")
    void securityHeaders(String uri) {
        Resp r = api.get(uri);
        assertEquals("nosniff", r.header("X-Content-Type-Options"), uri);
        assertEquals("DENY", r.header("X-Frame-Options"), uri);
        assertEquals("strict-origin-when-cross-origin", r.header("Referrer-Policy"), uri);
        assertTrue(r.header("Permissions-Policy").contains("geolocation=(self)"), uri);
    }

    @Test
    @DisplayName("GET /openapi.json answers 200 at its own path, no redirect")
    void openApiAtItsPath() {
        Resp r = api.get("/openapi.json");
        assertEquals(200, r.status(), r.toString());
        assertEquals("3.1.0", r.json().getString("openapi"));
        assertEquals(null, r.header("Location"));
    }

    @Test
    @DisplayName("a client that hangs up mid-response is logged at debug without a trace, never at ERROR")
    void hangUpIsNotAnError() throws Exception {
        Logger log = (Logger) LoggerFactory.getLogger(ErrorHandler.class);
        Level before = log.getLevel();
        ListAppender<ILoggingEvent> events = new ListAppender<>();
        events.start();
        log.addAppender(events);
        log.setLevel(Level.DEBUG);
        try {
            // leaflet.js (~150 kB) is sent as a file; a client that reads 10 bytes and closes makes the
            // server's later writes fail with "Broken pipe" or "Connection reset by peer".
            for (int i = 0; i < 20; i++) {
                readAndHangUp("/vendor/leaflet/leaflet.js");
            }
            api.get("/health"); // the server still answers
            Thread.sleep(500);
        } finally {
            log.detachAppender(events);
            log.setLevel(before);
        }
        List<ILoggingEvent> errors = events.list.stream()
                .filter(e -> e.getLevel().isGreaterOrEqual(Level.WARN))
                .toList();
        assertTrue(
                errors.isEmpty(), () -> "logged at WARN/ERROR: " + errors.get(0).getFormattedMessage());
        List<ILoggingEvent> hangUps = events.list.stream()
                .filter(e -> e.getFormattedMessage().startsWith("client hung up"))
                .toList();
        assertFalse(hangUps.isEmpty(), "at least one of 20 hang-ups reached the failure handler");
        hangUps.forEach(e -> {
            assertEquals(Level.DEBUG, e.getLevel());
            assertEquals(null, e.getThrowableProxy(), "no stack trace");
        });
    }

    private static void readAndHangUp(String path) throws Exception {
        try (Socket s = new Socket()) {
            s.setReceiveBufferSize(1024);
            s.connect(new InetSocketAddress("127.0.0.1", TestApp.get().port()));
            s.getOutputStream()
                    .write(("GET " + path + " HTTP/1.1\r\nHost: t\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            InputStream in = s.getInputStream();
            in.readNBytes(10);
        }
    }
}
