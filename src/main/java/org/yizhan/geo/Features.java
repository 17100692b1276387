package org.yizhan.geo;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/** GeoJSON helpers for station Features, which the database always produces in WGS 84. */
public final class Features {
    private Features() {}

    /**
     * Rewrites a Point Feature's coordinates from WGS 84 into {@code crs}, in place, and returns it.
     * Coordinates are rounded to 1e-7 degrees (about 1 cm), in WGS 84 too (where writes are stored at
     * that precision already, see {@link #round7(double[])}).
     */
    public static JsonObject toCrs(JsonObject feature, Crs crs) {
        JsonArray c = feature.getJsonObject("geometry").getJsonArray("coordinates");
        double[] out = crs == Crs.WGS84
                ? new double[] {c.getDouble(0), c.getDouble(1)}
                : crs.fromWgs84(c.getDouble(0), c.getDouble(1));
        feature.getJsonObject("geometry")
                .put("coordinates", new JsonArray().add(round7(out[0])).add(round7(out[1])));
        return feature;
    }

    /**
     * The WGS 84 box to search for a {@code bbox} given in {@code crs}: the envelope of its converted
     * corners, padded by 0.005° (≈ 500 m) because the GCJ-02 offset bends box edges by up to tens of
     * metres. Callers keep only features whose converted coordinates fall in the original box
     * ({@link #inBox}). Null stays null; WGS 84 boxes pass unchanged.
     */
    public static double[] searchBox(double[] bbox, Crs crs) {
        if (bbox == null || crs == Crs.WGS84) {
            return bbox;
        }
        double minLon = 180;
        double minLat = 90;
        double maxLon = -180;
        double maxLat = -90;
        for (double[] corner :
                new double[][] {{bbox[0], bbox[1]}, {bbox[0], bbox[3]}, {bbox[2], bbox[1]}, {bbox[2], bbox[3]}}) {
            double[] w = crs.toWgs84(corner[0], corner[1]);
            minLon = Math.min(minLon, w[0]);
            minLat = Math.min(minLat, w[1]);
            maxLon = Math.max(maxLon, w[0]);
            maxLat = Math.max(maxLat, w[1]);
        }
        double pad = 0.005;
        return new double[] {
            Math.max(-180, minLon - pad),
            Math.max(-90, minLat - pad),
            Math.min(180, maxLon + pad),
            Math.min(90, maxLat + pad)
        };
    }

    /** Whether a Point Feature lies in {@code minLon,minLat,maxLon,maxLat} (edges included). */
    public static boolean inBox(JsonObject feature, double[] bbox) {
        JsonArray c = feature.getJsonObject("geometry").getJsonArray("coordinates");
        double lon = c.getDouble(0);
        double lat = c.getDouble(1);
        return lon >= bbox[0] && lon <= bbox[2] && lat >= bbox[1] && lat <= bbox[3];
    }

    public static JsonObject collection(JsonArray features) {
        return new JsonObject().put("type", "FeatureCollection").put("features", features);
    }

    /**
     * A position rounded to 1e-7 degrees (about 1 cm), the precision at which stations are stored and
     * published: what a client reads back is exactly what is stored, so an export re-imported changes nothing.
     */
    public static double[] round7(double[] lonLat) {
        return new double[] {round7(lonLat[0]), round7(lonLat[1])};
    }

    private static double round7(double v) {
        return Math.round(v * 1e7) / 1e7;
    }
}
