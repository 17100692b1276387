package org.yizhan.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("JSON Merge Patch (RFC 7396)")
class MergePatchTest {

    private static void check(String target, String patch, String expected) {
        Object result = MergePatch.apply(new JsonObject(target), new JsonObject(patch));
        assertEquals(new JsonObject(expected), result, target + " + " + patch);
    }

    @Test
    @DisplayName("follows the examples of RFC 7396 appendix A for objects")
    void rfcExamples() {
        check("{\"a\":\"b\"}", "{\"a\":\"c\"}", "{\"a\":\"c\"}");
        check("{\"a\":\"b\"}", "{\"b\":\"c\"}", "{\"a\":\"b\",\"b\":\"c\"}");
        check("{\"a\":\"b\"}", "{\"a\":null}", "{}");
        check("{\"a\":\"b\",\"b\":\"c\"}", "{\"a\":null}", "{\"b\":\"c\"}");
        check("{\"a\":[\"b\"]}", "{\"a\":\"c\"}", "{\"a\":\"c\"}");
        check("{\"a\":\"c\"}", "{\"a\":[\"b\"]}", "{\"a\":[\"b\"]}");
        check("{\"a\":{\"b\":\"c\"}}", "{\"a\":{\"b\":\"d\",\"c\":null}}", "{\"a\":{\"b\":\"d\"}}");
        check("{\"a\":[{\"b\":\"c\"}]}", "{\"a\":[1]}", "{\"a\":[1]}");
        check("{\"e\":null}", "{\"a\":1}", "{\"e\":null,\"a\":1}");
        check("{}", "{\"a\":{\"bb\":{\"ccc\":null}}}", "{\"a\":{\"bb\":{}}}");
    }

    @Test
    @DisplayName("leaves the target untouched")
    void doesNotMutate() {
        JsonObject target = new JsonObject("{\"properties\":{\"name\":\"a\"}}");
        MergePatch.apply(target, new JsonObject("{\"properties\":{\"name\":\"b\"}}"));
        assertEquals("a", target.getJsonObject("properties").getString("name"));
    }
}
