package org.yizhan.http;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * A row of an import that cannot be written: its 0-based position in the body, the field at fault and why.
 *
 * <p>The one rule for imports: a request that is malformed as a whole (parameters, media type, JSON that does
 * not parse, a CSV without the needed columns, no rows, too many rows) is a 400 (413 for size); a well-formed
 * body whose rows are invalid is a 422 whose answer lists every rejected row and carries an {@code error}
 * naming the first row's field ({@link #invalidRows}).
 */
public record Rejection(int index, String field, String message) {

    public JsonObject toJson() {
        return new JsonObject().put("index", index).put("field", field).put("message", message);
    }

    public static JsonArray toJson(List<Rejection> rejected) {
        JsonArray out = new JsonArray();
        rejected.forEach(r -> out.add(r.toJson()));
        return out;
    }

    /** The {@code error} member of a 422 import answer; {@code rejected} must not be empty. */
    public static JsonObject invalidRows(List<Rejection> rejected, int rows) {
        Rejection first = rejected.get(0);
        return new JsonObject()
                .put("code", "invalid_rows")
                .put("field", first.field())
                .put(
                        "message",
                        rejected.size() + " of " + rows + " rows rejected (first: row " + first.index() + ", "
                                + first.message() + "); nothing was written");
    }
}
