package org.yizhan.geo;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.LinearRing;
import org.locationtech.jts.geom.MultiPolygon;
import org.locationtech.jts.geom.Polygon;
import org.locationtech.jts.geom.PrecisionModel;
import org.locationtech.jts.geom.util.GeometryFixer;
import org.locationtech.jts.geom.util.PolygonExtracter;

/**
 * Reads client GeoJSON Polygon / MultiPolygon geometries (WGS 84 lon/lat) into JTS, bounded and repaired.
 * Structural mistakes (not closed, too few points, out of range) are 400s naming {@code geometry};
 * self-intersections and the like are repaired with JTS {@link GeometryFixer} (the database applies
 * ST_MakeValid as well). Stateless and thread-safe.
 */
public final class Polygons {

    /** SRID 4326, floating precision. GeometryFactory is thread-safe. */
    public static final GeometryFactory WGS84 = new GeometryFactory(new PrecisionModel(), 4326);

    private Polygons() {}

    /** The parsed polygon and whether it had to be repaired. */
    public record Parsed(MultiPolygon geometry, boolean repaired) {}

    /**
     * @param maxVertices bound on the total number of positions, so that one request cannot ask for an
     *                    unbounded amount of geometry work
     * @throws InvalidGeometryException for a geometry that is not a valid polygon, or too large
     */
    public static Parsed parse(Object geometry, Crs crs, int maxVertices) {
        if (!(geometry instanceof JsonObject g)) {
            throw InvalidGeometryException.invalid("geometry", "geometry must be a GeoJSON Polygon or MultiPolygon");
        }
        Object type = g.getValue("type");
        if (!(g.getValue("coordinates") instanceof JsonArray coords)) {
            throw InvalidGeometryException.invalid("geometry", "geometry.coordinates must be an array");
        }
        int[] budget = {maxVertices};
        List<Polygon> polygons = new ArrayList<>();
        if ("Polygon".equals(type)) {
            polygons.add(polygon(coords, crs, budget));
        } else if ("MultiPolygon".equals(type)) {
            if (coords.isEmpty()) {
                throw InvalidGeometryException.invalid("geometry", "a MultiPolygon needs at least one polygon");
            }
            for (Object p : coords) {
                if (!(p instanceof JsonArray pa)) {
                    throw InvalidGeometryException.invalid(
                            "geometry", "MultiPolygon coordinates must be arrays of polygons");
                }
                polygons.add(polygon(pa, crs, budget));
            }
        } else {
            throw InvalidGeometryException.invalid("geometry", "geometry.type must be Polygon or MultiPolygon");
        }
        Geometry raw = WGS84.createMultiPolygon(polygons.toArray(Polygon[]::new));
        boolean valid = raw.isValid();
        Geometry fixed = valid ? raw : GeometryFixer.fix(raw);
        @SuppressWarnings("unchecked")
        List<Polygon> parts = PolygonExtracter.getPolygons(fixed);
        MultiPolygon out = WGS84.createMultiPolygon(parts.toArray(Polygon[]::new));
        if (out.isEmpty() || out.getArea() == 0) {
            throw InvalidGeometryException.invalid("geometry", "the polygon has no area, even after repair");
        }
        return new Parsed(out, !valid);
    }

    private static Polygon polygon(JsonArray rings, Crs crs, int[] budget) {
        if (rings.isEmpty()) {
            throw InvalidGeometryException.invalid("geometry", "a polygon needs an outer ring");
        }
        LinearRing shell = ring(rings.getValue(0), crs, budget);
        LinearRing[] holes = new LinearRing[rings.size() - 1];
        for (int i = 1; i < rings.size(); i++) {
            holes[i - 1] = ring(rings.getValue(i), crs, budget);
        }
        return WGS84.createPolygon(shell, holes);
    }

    private static LinearRing ring(Object value, Crs crs, int[] budget) {
        if (!(value instanceof JsonArray positions) || positions.size() < 4) {
            throw InvalidGeometryException.invalid(
                    "geometry", "each ring needs at least 4 positions, the last equal to the first");
        }
        budget[0] -= positions.size();
        if (budget[0] < 0) {
            throw new InvalidGeometryException("geometry", "the geometry has too many vertices", true);
        }
        Coordinate[] cs = new Coordinate[positions.size()];
        for (int i = 0; i < positions.size(); i++) {
            if (!(positions.getValue(i) instanceof JsonArray p)
                    || p.size() < 2
                    || !(p.getValue(0) instanceof Number)
                    || !(p.getValue(1) instanceof Number)) {
                throw InvalidGeometryException.invalid("geometry", "positions must be [lon, lat] numbers");
            }
            double lon = ((Number) p.getValue(0)).doubleValue();
            double lat = ((Number) p.getValue(1)).doubleValue();
            if (!(lon >= -180 && lon <= 180 && lat >= -90 && lat <= 90)) {
                throw InvalidGeometryException.invalid(
                        "geometry", "positions must be within lon -180..180, lat -90..90");
            }
            double[] w = crs.toWgs84(lon, lat);
            cs[i] = new Coordinate(w[0], w[1]);
        }
        if (!cs[0].equals2D(cs[cs.length - 1])) {
            throw InvalidGeometryException.invalid("geometry", "each ring must end at its first position");
        }
        return WGS84.createLinearRing(cs);
    }
}
