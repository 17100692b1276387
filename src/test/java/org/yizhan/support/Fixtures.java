package org.yizhan.support;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/** Small GeoJSON builders for test stations. */
public final class Fixtures {
    private Fixtures() {
    }

    /** A valid rest station (union station) at lon/lat with the given name. */
    public static JsonObject restStation(String name, double lon, double lat) {
        return feature(lon, lat, new JsonObject()
                .put("kind", "rest_station")
                .put("category", "union_station")
                .put("name", name));
    }

    public static JsonObject feature(double lon, double lat, JsonObject properties) {
        return new JsonObject()
                .put("type", "Feature")
                .put("geometry", new JsonObject().put("type", "Point").put("coordinates", new JsonArray().add(lon).add(lat)))
                .put("properties", properties);
    }

    public static JsonObject collection(JsonArray features) {
        return new JsonObject().put("type", "FeatureCollection").put("features", features);
    }
}
