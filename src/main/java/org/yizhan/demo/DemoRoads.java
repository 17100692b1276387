package org.yizhan.demo;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.LineString;
import org.locationtech.jts.geom.MultiPolygon;
import org.locationtech.jts.geom.Polygon;
import org.locationtech.jts.operation.overlayng.OverlayNG;
import org.locationtech.jts.operation.overlayng.OverlayNGRobust;

/**
 * A synthetic road network for the demo city — not Shanghai's roads. A grid over the central area:
 * local streets (residential) every {@value #STEP_DEG}°, every fourth line an arterial (primary), two
 * elevated expressways (trunk: no e-bikes) and a north–south river at {@value #RIVER_LON}° E (between
 * two grid lines) that east–west roads cross only at bridges, on every {@value #BRIDGE_EVERY}th row
 * (about 5.3 km apart). Around it, over the rest of the mainland, suburban roads (secondary) every
 * {@value #SUBURB_STEP_DEG}° on the centre's own lines, so that they meet its edge at its vertices; the
 * river runs on through the suburbs, bridged on every {@value #SUBURB_BRIDGE_EVERY}th suburban row (the
 * same 5.3 km). The centre's stations reach nearly all of its roads in 15 minutes; the suburbs are where
 * coverage by time has gaps a site on a road can close. Deterministic; imported as the network
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
    /** About 1.1 km east–west and 1.3 km north–south: every other line of the centre's grid. */
    static final double SUBURB_STEP_DEG = 2 * STEP_DEG;

    static final int SUBURB_BRIDGE_EVERY = BRIDGE_EVERY / 2;

    private static final GeometryFactory GF = new GeometryFactory();
    private static final Envelope CENTRE = new Envelope(WEST, EAST, SOUTH, NORTH);

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
        suburbs(f);
        return new JsonObject().put("type", "FeatureCollection").put("features", f);
    }

    /**
     * The suburban lines clipped to the mainland outside the centre: rows split at the river's banks and
     * bridged on every {@value #SUBURB_BRIDGE_EVERY}th row, columns whole (the river runs north–south).
     */
    private static void suburbs(JsonArray f) {
        Geometry land = OverlayNGRobust.overlay(mainland(), GF.toGeometry(CENTRE), OverlayNG.DIFFERENCE);
        Envelope e = land.getEnvelopeInternal();
        double westBank = RIVER_LON - RIVER_HALF_WIDTH_DEG;
        double eastBank = RIVER_LON + RIVER_HALF_WIDTH_DEG;
        long k0 = (long) Math.ceil((e.getMinY() - SOUTH) / SUBURB_STEP_DEG);
        long k1 = (long) Math.floor((e.getMaxY() - SOUTH) / SUBURB_STEP_DEG);
        for (long k = k0; k <= k1; k++) {
            double lat = round(SOUTH + k * SUBURB_STEP_DEG);
            addClipped(f, land, e.getMinX(), lat, westBank, lat, false);
            addClipped(f, land, eastBank, lat, e.getMaxX(), lat, false);
            if (Math.floorMod(k, SUBURB_BRIDGE_EVERY) == 0) {
                addClipped(f, land, westBank, lat, eastBank, lat, true);
            }
        }
        long i0 = (long) Math.ceil((e.getMinX() - WEST) / SUBURB_STEP_DEG);
        long i1 = (long) Math.floor((e.getMaxX() - WEST) / SUBURB_STEP_DEG);
        for (long i = i0; i <= i1; i++) {
            double lon = round(WEST + i * SUBURB_STEP_DEG);
            addClipped(f, land, lon, e.getMinY(), lon, e.getMaxY(), false);
        }
    }

    /** The pieces of the segment on {@code land}, as secondary roads (bridges when {@code bridge}). */
    private static void addClipped(
            JsonArray f, Geometry land, double lon1, double lat1, double lon2, double lat2, boolean bridge) {
        LineString line =
                GF.createLineString(new Coordinate[] {new Coordinate(lon1, lat1), new Coordinate(lon2, lat2)});
        Geometry on = OverlayNGRobust.overlay(line, land, OverlayNG.INTERSECTION);
        for (int n = 0; n < on.getNumGeometries(); n++) {
            Coordinate[] c = on.getGeometryN(n).getCoordinates();
            if (on.getGeometryN(n) instanceof LineString && c.length >= 2) {
                Coordinate a = c[0];
                Coordinate b = c[c.length - 1];
                // A piece along the centre's edge would lie on the centre's own boundary road.
                boolean onEdge = CENTRE.covers(new Coordinate((a.x + b.x) / 2, (a.y + b.y) / 2));
                if (!onEdge && (round(a.x) != round(b.x) || round(a.y) != round(b.y))) {
                    f.add(road("secondary", a.x, a.y, b.x, b.y, bridge));
                }
            }
        }
    }

    /** The largest part of the demo's land outline (the islands of 崇明 get no roads). */
    private static Polygon mainland() {
        MultiPolygon outline = ShanghaiDistricts.landOutline();
        Polygon best = null;
        for (int i = 0; i < outline.getNumGeometries(); i++) {
            Polygon p = (Polygon) outline.getGeometryN(i);
            if (best == null || p.getArea() > best.getArea()) {
                best = p;
            }
        }
        return best;
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
