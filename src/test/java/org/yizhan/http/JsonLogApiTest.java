package org.yizhan.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.yizhan.support.Api.Resp;
import org.yizhan.support.TestApp;

@DisplayName("YIZHAN_LOG_FORMAT=json: one JSON object a line, with the request id")
class JsonLogApiTest {

    @Test
    @DisplayName(
            "access lines parse as JSON and carry request_id, method, path, status and duration, never the rider's position")
    void jsonLines() throws InterruptedException {
        TestApp.get();
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        String id;
        List<JsonObject> lines = new ArrayList<>();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            LogFormat.use("json");
            Resp r = TestApp.api().get("/api/v1/stations/nearest?lon=121.4737&lat=31.2304");
            assertEquals(200, r.status());
            // The z18 tile around the same place (a tile of 0.0014°).
            Resp tile = TestApp.api().get("/api/v1/tiles/stations/18/219526/107113.mvt");
            assertTrue(tile.status() == 200 || tile.status() == 204, tile.toString());
            id = r.header("X-Request-Id");
            assertNotNull(id);
            // The access line is written when the body has gone out, on the server's thread.
            String tileId = tile.header("X-Request-Id");
            for (int i = 0;
                    i < 100
                            && !(captured.toString(StandardCharsets.UTF_8).contains(id)
                                    && captured.toString(StandardCharsets.UTF_8).contains(tileId));
                    i++) {
                Thread.sleep(20);
            }
        } finally {
            LogFormat.use("text");
            System.setOut(original);
        }
        String text = captured.toString(StandardCharsets.UTF_8);
        for (String line : text.split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            try {
                lines.add(new JsonObject(line));
            } catch (DecodeException e) {
                fail("not a JSON line: " + line);
            }
        }
        JsonObject access = lines.stream()
                .filter(l -> id.equals(l.getString("request_id")))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no line with request_id " + id + " in:\n" + text));
        assertEquals("access", access.getString("logger"));
        assertEquals("INFO", access.getString("level"));
        assertEquals("GET", access.getString("method"));
        assertEquals("/api/v1/stations/nearest", access.getString("path"));
        assertEquals(200, access.getValue("status"), "a number: " + access);
        assertTrue(access.getValue("duration_ms") instanceof Number, access.encode());
        assertTrue(access.getString("time").endsWith("Z"), access.encode());
        assertTrue(access.getString("message").contains(id), access.encode());
        assertFalse(text.contains("121.47") || text.contains("31.23"), "the rider's position stays out of the log");
        assertFalse(text.contains("219526") || text.contains("107113"), "nor the fine tile's address");
        assertTrue(text.contains("/api/v1/tiles/stations/18/~13720/~6694.mvt"), "its z14 ancestor instead:\n" + text);
    }

    @Test
    @DisplayName("a failure's line carries its request id and the stack trace as fields")
    void failureLine() {
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            LogFormat.use("json");
            org.slf4j.MDC.put("request_id", "abc123");
            org.slf4j.LoggerFactory.getLogger(ErrorHandler.class)
                    .error(
                            "unexpected failure, request {}",
                            "abc123",
                            new IllegalStateException("boom \"quoted\"\nsecond line"));
        } finally {
            org.slf4j.MDC.remove("request_id");
            LogFormat.use("text");
            System.setOut(original);
        }
        String[] out = captured.toString(StandardCharsets.UTF_8).split("\n");
        JsonObject line = new JsonObject(out[0]);
        assertEquals(1, out.length, "one line, newlines escaped inside it");
        assertEquals("abc123", line.getString("request_id"));
        assertEquals("ERROR", line.getString("level"));
        assertTrue(line.getString("error").contains("IllegalStateException: boom \"quoted\""), line.encode());
        assertTrue(line.getString("error").contains("at org.yizhan.http.JsonLogApiTest"), line.encode());
    }
}
