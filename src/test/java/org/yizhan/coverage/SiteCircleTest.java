package org.yizhan.coverage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.locationtech.jts.algorithm.locate.IndexedPointInAreaLocator;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Location;
import org.locationtech.jts.geom.Polygon;

@DisplayName("A site's coverage shape: the area-preserving 32-gon of the station circles")
class SiteCircleTest {

    private static final double X = 355_123.25;
    private static final double Y = 3_467_890.5;
    private static final double R = 1_000;

    @Test
    @DisplayName("the polygon has the true circle's area and 32 vertices, the first due east")
    void polygonShape() {
        Polygon p = SiteCircle.polygon(X, Y, R);
        assertEquals(Math.PI * R * R, p.getArea(), Math.PI * R * R * 1e-12);
        assertEquals(33, p.getExteriorRing().getNumPoints());
        Coordinate east = p.getExteriorRing().getCoordinateN(0);
        assertEquals(X + R * SiteCircle.SCALE, east.x, 1e-9);
        assertEquals(Y, east.y, 1e-9);
        assertTrue(p.isValid());
    }

    @Test
    @DisplayName("covers says inside exactly where the polygon is, near its edge included")
    void coversIsThePolygon() {
        Polygon p = SiteCircle.polygon(X, Y, R);
        IndexedPointInAreaLocator in = new IndexedPointInAreaLocator(p);
        Random rnd = new Random(17);
        int inside = 0;
        int outside = 0;
        for (int i = 0; i < 200_000; i++) {
            double a = rnd.nextDouble() * 2 * Math.PI;
            // Mostly in the band where circle and polygon differ (0.998 r to 1.004 r), some anywhere.
            double d = i % 10 == 0 ? rnd.nextDouble() * 1.2 * R : R * (0.997 + rnd.nextDouble() * 0.008);
            double px = X + d * Math.cos(a);
            double py = Y + d * Math.sin(a);
            if (p.getExteriorRing().distance(p.getFactory().createPoint(new Coordinate(px, py))) < 1e-6) {
                continue; // on the edge to within rounding: either answer is right
            }
            boolean expected = in.locate(new Coordinate(px, py)) != Location.EXTERIOR;
            assertEquals(
                    expected, SiteCircle.covers(X, Y, R, px, py), "point at " + d + " m, " + Math.toDegrees(a) + "°");
            if (expected) {
                inside++;
            } else {
                outside++;
            }
        }
        assertTrue(inside > 50_000 && outside > 50_000, inside + " inside, " + outside + " outside");
    }

    @Test
    @DisplayName("999.5 m away at the middle of an edge is uncovered, 1001.5 m away towards a vertex is covered")
    void notTheTrueCircle() {
        double mid = Math.toRadians(11.25 * 7 + 5.625);
        double vertex = Math.toRadians(11.25 * 7);
        assertFalse(SiteCircle.covers(X, Y, R, X + 999.5 * Math.cos(mid), Y + 999.5 * Math.sin(mid)));
        assertTrue(SiteCircle.covers(X, Y, R, X + 1001.5 * Math.cos(vertex), Y + 1001.5 * Math.sin(vertex)));
        assertTrue(SiteCircle.covers(X, Y, R, X, Y), "the centre");
        assertTrue(SiteCircle.covers(X, Y, R, X + 998 * Math.cos(mid), Y + 998 * Math.sin(mid)));
    }
}
