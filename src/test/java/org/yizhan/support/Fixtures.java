package org.yizhan.support;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/** Small GeoJSON builders for test stations. */
public final class Fixtures {
    private Fixtures() {}

    /** A valid rest station (union station) at lon/lat with the given name. */
    public static JsonObject restStation(String name, double lon, double lat) {
        return feature(
                lon,
                lat,
                new JsonObject()
                        .put("kind", "rest_station")
                        .put("category", "union_station")
                        .put("name", name));
    }

    public static JsonObject feature(double lon, double lat, JsonObject properties) {
        return new JsonObject()
                .put("type", "Feature")
                .put(
                        "geometry",
                        new JsonObject()
                                .put("type", "Point")
                                .put("coordinates", new JsonArray().add(lon).add(lat)))
                .put("properties", properties);
    }

    /** A GeoJSON position {@code [lon, lat]}. */
    public static JsonArray pos(double lon, double lat) {
        return new JsonArray().add(lon).add(lat);
    }

    /** A region Feature for import: the lon/lat rectangle w..e × s..n, with its code, name, level, parent. */
    public static JsonObject rectangleRegion(
            String code, String name, String level, String parent, double w, double s, double e, double n) {
        JsonArray ring = new JsonArray()
                .add(pos(w, s))
                .add(pos(e, s))
                .add(pos(e, n))
                .add(pos(w, n))
                .add(pos(w, s));
        return new JsonObject()
                .put("type", "Feature")
                .put("geometry", new JsonObject().put("type", "Polygon").put("coordinates", new JsonArray().add(ring)))
                .put(
                        "properties",
                        new JsonObject()
                                .put("code", code)
                                .put("name", name)
                                .put("level", level)
                                .put("parent", parent));
    }

    public static JsonObject collection(JsonArray features) {
        return new JsonObject().put("type", "FeatureCollection").put("features", features);
    }
}
