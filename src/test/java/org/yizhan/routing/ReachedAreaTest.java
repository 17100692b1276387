package org.yizhan.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.LineString;
import org.locationtech.jts.operation.buffer.BufferOp;
import org.locationtech.jts.operation.overlayng.OverlayNG;
import org.locationtech.jts.operation.overlayng.OverlayNGRobust;

class ReachedAreaTest {

    private static final GeometryFactory GF = new GeometryFactory();
    private static final double D = 100;

    private static LineString line(double... xy) {
        Coordinate[] cs = new Coordinate[xy.length / 2];
        for (int i = 0; i < cs.length; i++) {
            cs[i] = new Coordinate(xy[2 * i], xy[2 * i + 1]);
        }
        return GF.createLineString(cs);
    }

    /** A noded street grid: {@code nx × ny} blocks of {@code w × h} m, each side one piece. */
    private static List<LineString> grid(double x0, double y0, int nx, int ny, double w, double h) {
        List<LineString> out = new ArrayList<>();
        for (int j = 0; j <= ny; j++) {
            for (int i = 0; i < nx; i++) {
                out.add(line(x0 + i * w, y0 + j * h, x0 + (i + 1) * w, y0 + j * h));
            }
        }
        for (int i = 0; i <= nx; i++) {
            for (int j = 0; j < ny; j++) {
                out.add(line(x0 + i * w, y0 + j * h, x0 + i * w, y0 + (j + 1) * h));
            }
        }
        return out;
    }

    private static Geometry multi(List<LineString> lines) {
        return lines.isEmpty() ? null : GF.createMultiLineString(lines.toArray(LineString[]::new));
    }

    /** The area of the symmetric difference of the blocks' answer and the one buffer of every line (m²). */
    private static void assertSameAsOneBuffer(List<LineString> ground, List<LineString> layered) {
        List<LineString> all = new ArrayList<>(ground);
        all.addAll(layered);
        Geometry expected = BufferOp.bufferOp(multi(all), D, ReachedArea.QUAD_SEGS);
        Geometry actual = ReachedArea.buffer(multi(ground), multi(layered), D);
        double apart = OverlayNGRobust.overlay(expected, actual, OverlayNG.SYMDIFFERENCE)
                .getArea();
        assertTrue(expected.getArea() > 0);
        assertTrue(
                apart < expected.getArea() * 1e-6,
                "the two areas differ by " + apart + " m² of " + expected.getArea() + " m²");
        assertEquals(expected.getArea(), actual.getArea(), expected.getArea() * 1e-6);
    }

    @Test
    @DisplayName("a dense grid (blocks narrower than the buffer's width) gives the one buffer's area: no holes")
    void denseGrid() {
        assertSameAsOneBuffer(grid(0, 0, 12, 10, 100, 115), List.of());
    }

    @Test
    @DisplayName("a sparse grid (blocks wider than 200 m) keeps each block's unreached middle as a hole")
    void sparseGridKeepsHoles() {
        List<LineString> g = grid(0, 0, 4, 3, 570, 665);
        assertSameAsOneBuffer(g, List.of());
        Geometry actual = ReachedArea.buffer(multi(g), null, D);
        int holes = 0;
        for (int i = 0; i < actual.getNumGeometries(); i++) {
            holes += ((org.locationtech.jts.geom.Polygon) actual.getGeometryN(i)).getNumInteriorRing();
        }
        assertEquals(12, holes, "one hole per block");
    }

    @Test
    @DisplayName(
            "dead ends, pieces cut where time ran out, a duplicated road and an island inside a block count as the one buffer does")
    void danglesCutsDuplicatesAndIslands() {
        List<LineString> g = grid(0, 0, 3, 3, 600, 600);
        g.add(line(1800, 0, 2100, 0)); // a dead end off the grid
        g.add(line(2100, 0, 2100, 40)); // ... with a bend
        g.add(line(600, 600, 750, 700)); // a piece cut mid-edge, into a block
        g.add(line(0, 0, 600, 0)); // the same road twice
        g.add(line(0, 1800, -500, 2500)); // a road leaving the grid
        g.add(line(-500, 2500, -900, 2500));
        g.addAll(grid(250, 250, 1, 1, 100, 100)); // an island block inside the first block
        g.add(line(1300, 1300, 1300, 1300.000001)); // an almost empty piece
        assertSameAsOneBuffer(g, List.of());
    }

    @Test
    @DisplayName("a bridge crossing streets without a junction is buffered as a line of its own")
    void layeredCrossesWithoutNodes() {
        List<LineString> g = grid(0, 0, 3, 3, 600, 600);
        List<LineString> bridge = List.of(line(-300, 900, 2100, 1000));
        assertSameAsOneBuffer(g, bridge);
    }

    @Test
    @DisplayName("a random part of a grid, whole and cut pieces, gives the one buffer's area")
    void randomPartOfAGrid() {
        Random rnd = new Random(12);
        List<LineString> g = new ArrayList<>();
        for (LineString l : grid(0, 0, 15, 12, 260, 180)) {
            double u = rnd.nextDouble();
            Coordinate a = l.getCoordinateN(0);
            Coordinate b = l.getCoordinateN(1);
            if (u < 0.6) {
                g.add(l);
            } else if (u < 0.8) {
                double f = rnd.nextDouble();
                g.add(line(a.x, a.y, a.x + f * (b.x - a.x), a.y + f * (b.y - a.y)));
            }
        }
        assertSameAsOneBuffer(g, List.of());
    }

    @Test
    @DisplayName("no lines reach nothing")
    void nothing() {
        assertNull(ReachedArea.buffer(null, null, D));
    }
}
