package org.yizhan.db;

import io.vertx.core.json.JsonObject;

/** Reading {@code json}/{@code jsonb} columns from the reactive client. */
public final class JsonColumns {
    private JsonColumns() {}

    /** A json column holding an object; the client hands these back as JsonObject (or text). */
    public static JsonObject object(Object value) {
        if (value instanceof JsonObject o) {
            return o;
        }
        if (value instanceof String s) {
            return new JsonObject(s);
        }
        throw new IllegalStateException(
                "expected a json object column, got " + (value == null ? "null" : value.getClass()));
    }
}
