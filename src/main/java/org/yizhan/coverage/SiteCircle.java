package org.yizhan.coverage;

import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.Polygon;

/**
 * What one station or site covers, in the area's projection (UTM metres): not the true circle but the
 * regular 32-gon PostGIS makes of a point ({@code ST_Buffer(p, r * SCALE, 8)}: vertices at every
 * 11.25° from east), its radius scaled so that its area is the circle's. Every tally of covered demand
 * — existing stations (PostGIS's polygons), added what-if sites and suggested sites (this class) —
 * uses this shape, so a point 999.7 m from a site at an edge's middle is uncovered everywhere, and
 * the suggester's search, its reported figures and what-if agree exactly.
 *
 * <p>{@link #covers} and {@link #polygon} use the same vertex coordinates (same expressions), so a
 * demand point is covered by a site exactly when it is inside or on that site's polygon. Stateless and
 * thread-safe.
 */
final class SiteCircle {

    /** Buffer quadrant segments: 8 per quarter circle, a 32-gon (PostGIS's {@code quad_segs}). */
    static final int QUAD_SEGS = 8;

    static final int SIDES = 4 * QUAD_SEGS;

    /**
     * A regular 32-gon inscribed in a circle has 0.64 % less area; scaling its radius by
     * sqrt(pi / (16 sin(pi / 16))) gives it exactly the circle's area, so covered areas stay unbiased.
     * Its edge then lies between 0.9984 r (middle of an edge) and 1.0032 r (a vertex) from the centre.
     */
    static final double SCALE = Math.sqrt(Math.PI / (SIDES / 2.0 * Math.sin(2 * Math.PI / SIDES)));

    /** The apothem over the vertex radius, cos(pi / 32), less a margin far above rounding error. */
    private static final double INNER = Math.cos(Math.PI / SIDES) * (1 - 1e-9);

    private static final double[] COS = new double[SIDES + 1];
    private static final double[] SIN = new double[SIDES + 1];
    private static final GeometryFactory GF = new GeometryFactory();

    static {
        for (int k = 0; k < SIDES; k++) {
            COS[k] = Math.cos(2 * Math.PI * k / SIDES);
            SIN[k] = Math.sin(2 * Math.PI * k / SIDES);
        }
        COS[SIDES] = COS[0];
        SIN[SIDES] = SIN[0];
    }

    private SiteCircle() {}

    /** The site's polygon, counter-clockwise from its east vertex. */
    static Polygon polygon(double x, double y, double radiusM) {
        double r = radiusM * SCALE;
        Coordinate[] ring = new Coordinate[SIDES + 1];
        for (int k = 0; k < SIDES; k++) {
            ring[k] = new Coordinate(x + r * COS[k], y + r * SIN[k]);
        }
        ring[SIDES] = ring[0].copy();
        return GF.createPolygon(ring);
    }

    /** Whether the site at (x, y) covers the point (px, py): inside or on its polygon. */
    static boolean covers(double x, double y, double radiusM, double px, double py) {
        double r = radiusM * SCALE;
        double dx = px - x;
        double dy = py - y;
        double d2 = dx * dx + dy * dy;
        if (d2 > r * r) {
            return false; // beyond every vertex
        }
        if (d2 <= r * r * INNER * INNER) {
            return true; // inside the inscribed circle
        }
        // The edge of the sector the point lies in; the polygon is convex, so that edge decides.
        double turn = Math.atan2(dy, dx) / (2 * Math.PI) * SIDES;
        int k = Math.floorMod((int) Math.floor(turn), SIDES);
        double ax = x + r * COS[k];
        double ay = y + r * SIN[k];
        double bx = x + r * COS[k + 1];
        double by = y + r * SIN[k + 1];
        return (bx - ax) * (py - ay) - (by - ay) * (px - ax) >= 0;
    }
}
