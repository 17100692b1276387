package org.yizhan.demo;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The demo's data files, {@code src/main/resources/demo/*.json} on the class path: district profiles and
 * hot spots (where points go), the weights and odds of the draws, and name parts. Read once, when a
 * generator class is first used; a missing or malformed file stops the start.
 */
final class DemoData {
    private DemoData() {}

    /** The JSON object of {@code demo/<name>}. */
    static JsonObject read(String name) {
        try (InputStream in = DemoData.class.getResourceAsStream("/demo/" + name)) {
            if (in == null) {
                throw new IllegalStateException("demo/" + name + " is not on the class path");
            }
            return new JsonObject(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String[] strings(JsonArray values) {
        String[] out = new String[values.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = values.getString(i);
        }
        return out;
    }
}
