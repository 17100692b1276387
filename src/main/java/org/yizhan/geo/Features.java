package org.yizhan.geo;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/** GeoJSON helpers for station Features, which the database always produces in WGS 84. */
public final class Features {
    private Features() {
    }

    /**
     * Rewrites a Point Feature's coordinates from WGS 84 into {@code crs}, in place, and returns it.
     * A no-op for WGS 84. Coordinates are rounded to 1e-7 degrees (about 1 cm).
     */
    public static JsonObject toCrs(JsonObject feature, Crs crs) {
        JsonArray c = feature.getJsonObject("geometry").getJsonArray("coordinates");
        double[] out = crs == Crs.WGS84
                ? new double[] {c.getDouble(0), c.getDouble(1)}
                : crs.fromWgs84(c.getDouble(0), c.getDouble(1));
        feature.getJsonObject("geometry").put("coordinates", new JsonArray().add(round7(out[0])).add(round7(out[1])));
        return feature;
    }

    public static JsonObject collection(JsonArray features) {
        return new JsonObject().put("type", "FeatureCollection").put("features", features);
    }

    private static double round7(double v) {
        return Math.round(v * 1e7) / 1e7;
    }
}
