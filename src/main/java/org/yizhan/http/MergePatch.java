package org.yizhan.http;

import io.vertx.core.json.JsonObject;

/** JSON Merge Patch (RFC 7396): members set to null are removed, objects merge, anything else replaces. */
public final class MergePatch {
    private MergePatch() {}

    public static Object apply(Object target, Object patch) {
        if (!(patch instanceof JsonObject p)) {
            return patch;
        }
        JsonObject result = target instanceof JsonObject t ? t.copy() : new JsonObject();
        for (String name : p.fieldNames()) {
            Object value = p.getValue(name);
            if (value == null) {
                result.remove(name);
            } else {
                result.put(name, apply(result.getValue(name), value));
            }
        }
        return result;
    }
}
