package org.yizhan.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import org.yizhan.support.Api.Resp;

/** The one error shape every 4xx must have: {@code {"error": {"code", "field", "message"}}}, no stack trace. */
public final class ErrorAssertions {
    private ErrorAssertions() {}

    public static void assertJsonError(Resp r, String description, int status, String code, String field) {
        assertEquals(status, r.status(), description + ": " + r);
        assertTrue(r.status() >= 400 && r.status() < 500, "a client error, not " + r.status());
        String type = r.header("Content-Type");
        assertNotNull(type, "Content-Type of " + r);
        assertTrue(type.startsWith("application/json"), "Content-Type " + type);
        String text = r.body() == null ? "" : r.body().toString(StandardCharsets.UTF_8);
        assertFalse(text.contains("at org.") || text.contains("Exception"), "stack trace text leaked: " + text);

        JsonObject json = r.json();
        assertNotNull(json, "a JSON body");
        assertEquals(Set.of("error"), json.fieldNames(), "one top-level member: " + text);
        JsonObject error = json.getJsonObject("error");
        assertTrue(Set.of("code", "field", "message").containsAll(error.fieldNames()), "members of " + error);
        assertEquals(code, error.getString("code"), "code in " + text);
        assertEquals(field, error.getString("field"), "field in " + text);
        String message = error.getString("message");
        assertNotNull(message, "message in " + text);
        assertFalse(message.isBlank(), "message in " + text);
        if (status == 401) {
            assertNotNull(r.header("WWW-Authenticate"), "401 names the auth scheme");
        }
    }
}
