package org.yizhan.http;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.Locale;
import java.util.Set;

/** Request body and header helpers shared by the routes: media types, JSON objects, versions. */
public final class Bodies {
    public static final Set<String> JSON_TYPES = Set.of("application/json", "application/geo+json");
    public static final String MERGE_PATCH = "application/merge-patch+json";

    private Bodies() {}

    /** The media type without parameters, lower case; null when the header is missing. */
    public static String mediaType(RoutingContext ctx) {
        String ct = ctx.request().getHeader("Content-Type");
        if (ct == null) {
            return null;
        }
        int semi = ct.indexOf(';');
        return (semi < 0 ? ct : ct.substring(0, semi)).trim().toLowerCase(Locale.ROOT);
    }

    /** 415 unless the Content-Type is one of {@code allowed}. */
    public static String requireMediaType(RoutingContext ctx, Set<String> allowed) {
        String type = mediaType(ctx);
        if (type == null || !allowed.contains(type)) {
            throw new ApiException(
                    415,
                    "unsupported_media_type",
                    "Content-Type",
                    "Content-Type must be one of: " + String.join(", ", allowed));
        }
        return type;
    }

    /** The body as a JSON object: 400 for an empty body, invalid JSON, or JSON that is not an object. */
    public static JsonObject jsonObject(RoutingContext ctx) {
        Buffer body = ctx.body().buffer();
        if (body == null || body.length() == 0) {
            throw ApiException.invalid("body", "request body is empty");
        }
        Object value;
        try {
            value = Json.decodeValue(body);
        } catch (DecodeException e) {
            throw new ApiException(400, "invalid_json", "body", "request body is not valid JSON");
        }
        if (!(value instanceof JsonObject o)) {
            throw ApiException.invalid("body", "request body must be a JSON object");
        }
        return o;
    }

    /**
     * The version named by {@code If-Match}: null for {@code *}. 428 when the header is missing, so two
     * editors can never silently overwrite each other; 400 when it is not a version ETag.
     */
    public static Integer ifMatchVersion(RoutingContext ctx) {
        String h = ctx.request().getHeader("If-Match");
        if (h == null || h.isBlank()) {
            throw new ApiException(
                    428,
                    "precondition_required",
                    "If-Match",
                    "send If-Match with the ETag you read (e.g. If-Match: \"3\") so that concurrent edits are detected");
        }
        String v = h.trim();
        if (v.equals("*")) {
            return null;
        }
        if (v.length() >= 3 && v.startsWith("\"") && v.endsWith("\"")) {
            v = v.substring(1, v.length() - 1);
        }
        try {
            int version = Integer.parseInt(v);
            if (version < 1) {
                throw new NumberFormatException();
            }
            return version;
        } catch (NumberFormatException e) {
            throw ApiException.invalid("If-Match", "If-Match must be a strong ETag such as \"3\", or *");
        }
    }

    /** The strong ETag for a station version. */
    public static String etag(int version) {
        return "\"" + version + "\"";
    }

    /** A path parameter holding a positive 64-bit id. */
    public static long idParam(RoutingContext ctx, String name) {
        String raw = ctx.pathParam(name);
        try {
            long id = Long.parseLong(raw);
            if (id < 1) {
                throw new NumberFormatException();
            }
            return id;
        } catch (NumberFormatException e) {
            throw ApiException.invalid(name, name + " must be a positive integer");
        }
    }

    /** Ends with a JSON body. */
    public static void json(RoutingContext ctx, int status, Object body) {
        ctx.response()
                .setStatusCode(status)
                .putHeader("Content-Type", "application/json; charset=utf-8")
                .end(Json.encode(body));
    }

    /** Ends with JSON that is already encoded (cached answers). */
    public static void jsonText(RoutingContext ctx, int status, String json) {
        ctx.response()
                .setStatusCode(status)
                .putHeader("Content-Type", "application/json; charset=utf-8")
                .end(json);
    }

    /** Ends with a GeoJSON body, encoded straight to UTF-8 bytes (no intermediate String). */
    public static void geoJson(RoutingContext ctx, int status, JsonObject body) {
        ctx.response()
                .setStatusCode(status)
                .putHeader("Content-Type", "application/geo+json; charset=utf-8")
                .end(body.toBuffer());
    }

    /**
     * The {@code features} of an import body that must be a GeoJSON FeatureCollection: 400 for JSON that
     * does not parse, another type, or no features array (the rows themselves are not checked here).
     */
    public static JsonArray featureCollection(Buffer body) {
        Object value;
        try {
            value = Json.decodeValue(body);
        } catch (DecodeException e) {
            throw new ApiException(400, "invalid_json", "body", "request body is not valid JSON");
        }
        if (!(value instanceof JsonObject fc) || !"FeatureCollection".equals(fc.getValue("type"))) {
            throw ApiException.invalid("type", "body must be a GeoJSON FeatureCollection");
        }
        if (!(fc.getValue("features") instanceof JsonArray features)) {
            throw ApiException.invalid("features", "features must be an array");
        }
        return features;
    }
}
