package org.yizhan.demo;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * A synthetic road network for the demo city — not Shanghai's roads. A grid over the central area:
 * local streets (residential) every {@value #STEP_DEG}°, every fourth line an arterial (primary), two
 * elevated expressways (trunk: no e-bikes) and a north–south river at {@value #RIVER_LON}° E (between
 * two grid lines) that east–west roads cross only at bridges, on every {@value #BRIDGE_EVERY}th row
 * (about 5.3 km apart). Deterministic; imported as the network
 * {@value #NAME} with {@code synthetic=true}.
 */
public final class DemoRoads {

    public static final String NAME = "demo-synthetic";
    static final double WEST = 121.30;
    static final double EAST = 121.66;
    static final double SOUTH = 31.06;
    static final double NORTH = 31.36;
    /** About 570 m east–west and 665 m north–south at 31.2° N. */
    static final double STEP_DEG = 0.006;
    /** The river's half width; the grid lines beside it are 121.486 and 121.492. */
    static final double RIVER_LON = 121.489;

    static final double RIVER_HALF_WIDTH_DEG = 0.0015;
    static final int BRIDGE_EVERY = 8;

    private DemoRoads() {}

    /** The network as a GeoJSON FeatureCollection of LineStrings, as an import would post it. */
    public static JsonObject collection() {
        JsonArray f = new JsonArray();
        int rows = (int) Math.round((NORTH - SOUTH) / STEP_DEG);
        int cols = (int) Math.round((EAST - WEST) / STEP_DEG);
        double westBank = RIVER_LON - RIVER_HALF_WIDTH_DEG;
        double eastBank = RIVER_LON + RIVER_HALF_WIDTH_DEG;
        for (int j = 0; j <= rows; j++) {
            double lat = round(SOUTH + j * STEP_DEG);
            String hw = j % 4 == 0 ? "primary" : "residential";
            // East–west: two pieces ending on the banks; the arterials at evenly spaced rows bridge the river.
            f.add(road(hw, WEST, lat, westBank, lat, false));
            f.add(road(hw, eastBank, lat, EAST, lat, false));
            if (j % BRIDGE_EVERY == 0) {
                f.add(road("primary", westBank, lat, eastBank, lat, true));
            }
        }
        for (int i = 0; i <= cols; i++) {
            double lon = round(WEST + i * STEP_DEG);
            f.add(road(i % 4 == 0 ? "primary" : "residential", lon, SOUTH, lon, NORTH, false));
        }
        // Two expressways on viaducts between grid lines (bridges: they join the grid only at their ends).
        f.add(road("trunk", WEST, 31.213, EAST, 31.213, true));
        f.add(road("trunk", 121.443, SOUTH, 121.443, NORTH, true));
        return new JsonObject().put("type", "FeatureCollection").put("features", f);
    }

    private static JsonObject road(String highway, double lon1, double lat1, double lon2, double lat2, boolean bridge) {
        JsonObject props = new JsonObject().put("highway", highway).put("synthetic", true);
        if (bridge) {
            props.put("bridge", "yes");
        }
        return new JsonObject()
                .put("type", "Feature")
                .put("properties", props)
                .put(
                        "geometry",
                        new JsonObject()
                                .put("type", "LineString")
                                .put(
                                        "coordinates",
                                        new JsonArray()
                                                .add(new JsonArray()
                                                        .add(round(lon1))
                                                        .add(round(lat1)))
                                                .add(new JsonArray()
                                                        .add(round(lon2))
                                                        .add(round(lat2)))));
    }

    private static double round(double v) {
        return Math.round(v * 1e6) / 1e6;
    }
}
