package org.yizhan.routing;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import org.locationtech.jts.algorithm.Orientation;
import org.locationtech.jts.algorithm.RayCrossingCounter;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.LineString;
import org.locationtech.jts.geom.LinearRing;
import org.locationtech.jts.geom.Location;
import org.locationtech.jts.geom.Polygon;
import org.locationtech.jts.geom.util.LinearComponentExtracter;
import org.locationtech.jts.index.strtree.STRtree;
import org.locationtech.jts.operation.buffer.BufferOp;
import org.locationtech.jts.operation.overlayng.OverlayNG;
import org.locationtech.jts.operation.overlayng.OverlayNGRobust;

/**
 * The area within a distance of reached pieces of roads (projected metres): the buffer of the lines,
 * as {@code ST_Buffer(lines, d, 4)} gives it, but computed by the city blocks the lines enclose. One
 * buffer of 200,000 pieces of a dense street grid does not finish in a minute (every piece's buffer
 * overlaps dozens of others and all their curves are noded together); this takes seconds.
 *
 * <p>Why it is the same area. Ground pieces are noded with each other (the import's noder splits ground
 * roads wherever they meet), so they cut the plane into faces (blocks); {@link #faces} finds them.
 * Let U be the union of the faces, B the pieces bounding a face and D every other piece (dead ends,
 * pieces cut where time ran out, bridges between blocks, layered roads, which are not noded with the
 * ground). For a point inside a face F, every path to a piece of B outside F crosses F's boundary, so
 * its distance to B is its distance to F's boundary: it is covered unless it lies in F shrunk by d (a
 * negative buffer of F; empty when F is narrower than 2d, which a grid block almost always is). A point
 * outside U is nearest to B on U's boundary, so within d of B exactly when it lies in U grown by d. And
 * D is buffered as it is. Hence buffer(lines) = (buffer(U, d) − ⋃ buffer(F, −d)) ∪ buffer(D, d), up to
 * the arcs' approximation by {@value #QUAD_SEGS} segments per quadrant, as in ST_Buffer.
 *
 * <p>Pure static functions, thread-safe, CPU-bound: callers run them off the event loop.
 */
final class ReachedArea {

    /** Segments per quarter circle of the buffers' round ends and joins, as the SQL buffers use. */
    static final int QUAD_SEGS = 4;

    private static final GeometryFactory GF = new GeometryFactory();

    private ReachedArea() {}

    /**
     * Points within {@code distanceM} of any of the lines: {@code ground} lines noded with each other,
     * {@code layered} lines crossing them anywhere (either may be null). Null when there is no line.
     */
    static Geometry buffer(Geometry ground, Geometry layered, double distanceM) {
        List<LineString> loose = new ArrayList<>();
        if (layered != null) {
            loose.addAll(lines(layered));
        }
        Geometry blocks = null;
        if (ground != null) {
            // The same piece twice (a duplicated road) would be a face of no area: keep it once.
            LinkedHashSet<LineString> distinct = new LinkedHashSet<>();
            for (LineString l : lines(ground)) {
                if (l.getLength() == 0) {
                    loose.add(l);
                } else {
                    distinct.add((LineString) l.norm());
                }
            }
            Faces f = faces(new ArrayList<>(distinct));
            loose.addAll(f.loose());
            List<Polygon> shrunk = new ArrayList<>();
            for (Polygon face : f.faces()) {
                // A point of a face is at most half its narrower side from its boundary.
                Envelope e = face.getEnvelopeInternal();
                if (Math.min(e.getWidth(), e.getHeight()) > 2 * distanceM) {
                    Geometry inner = BufferOp.bufferOp(face, -distanceM, QUAD_SEGS);
                    for (int i = 0; i < inner.getNumGeometries(); i++) {
                        if (!inner.getGeometryN(i).isEmpty()) {
                            shrunk.add((Polygon) inner.getGeometryN(i));
                        }
                    }
                }
            }
            if (!f.outer().isEmpty()) {
                blocks = BufferOp.bufferOp(
                        GF.createMultiPolygon(f.outer().toArray(Polygon[]::new)), distanceM, QUAD_SEGS);
                if (!shrunk.isEmpty()) {
                    blocks = OverlayNGRobust.overlay(blocks, GF.buildGeometry(shrunk), OverlayNG.DIFFERENCE);
                }
            }
        }
        Geometry rest = loose.isEmpty() ? null : BufferOp.bufferOp(GF.buildGeometry(loose), distanceM, QUAD_SEGS);
        if (blocks == null || rest == null) {
            return blocks != null ? blocks : rest;
        }
        return OverlayNGRobust.overlay(blocks, rest, OverlayNG.UNION);
    }

    /**
     * The faces of noded lines: the bounded faces (with the areas of other parts of the network inside
     * them as holes), the outlines of the outermost parts (disjoint; their union is the union of the
     * faces), and the lines with the same face on both sides (dead ends, links between parts).
     */
    record Faces(List<Polygon> faces, List<Polygon> outer, List<LineString> loose) {}

    /**
     * Faces of a planar graph by walking each face with it on the left (the sharpest left turn at every
     * node): linear in the lines, unlike JTS's Polygonizer on 200,000 lines (seconds in its ring
     * bookkeeping). Lines whose two sides are walked in one cycle bound no face and are removed first;
     * then counter-clockwise cycles are faces and clockwise ones the outlines of connected parts.
     * {@code lines} must be noded (meeting only at end points), distinct and of positive length.
     */
    static Faces faces(List<LineString> lines) {
        int n = lines.size();
        Map<Coordinate, Integer> nodeIds = new HashMap<>();
        int[] origin = new int[2 * n];
        double[] angle = new double[2 * n];
        for (int i = 0; i < n; i++) {
            Coordinate[] cs = lines.get(i).getCoordinates();
            Coordinate a = cs[0];
            Coordinate b = cs[cs.length - 1];
            origin[2 * i] = nodeIds.computeIfAbsent(a, k -> nodeIds.size());
            origin[2 * i + 1] = nodeIds.computeIfAbsent(b, k -> nodeIds.size());
            Coordinate a1 = cs[1];
            for (int k = 1; k < cs.length && a1.equals2D(a); k++) {
                a1 = cs[k];
            }
            Coordinate b1 = cs[cs.length - 2];
            for (int k = cs.length - 2; k >= 0 && b1.equals2D(b); k--) {
                b1 = cs[k];
            }
            angle[2 * i] = Math.atan2(a1.y - a.y, a1.x - a.x);
            angle[2 * i + 1] = Math.atan2(b1.y - b.y, b1.x - b.x);
        }
        boolean[] alive = new boolean[n];
        java.util.Arrays.fill(alive, true);
        List<LineString> loose = new ArrayList<>();
        int[] cycle = cycles(origin, angle, alive, nodeIds.size())[0];
        for (int i = 0; i < n; i++) {
            if (cycle[2 * i] == cycle[2 * i + 1]) {
                alive[i] = false;
                loose.add(lines.get(i));
            }
        }
        // Without the lines that bound no face every line separates two faces.
        int[][] walked = cycles(origin, angle, alive, nodeIds.size());
        cycle = walked[0];
        boolean[] started = new boolean[2 * n];
        List<LinearRing> shells = new ArrayList<>();
        List<LinearRing> holes = new ArrayList<>();
        for (int e = 0; e < 2 * n; e++) {
            if (cycle[e] < 0 || started[cycle[e]]) {
                continue;
            }
            started[cycle[e]] = true;
            LinearRing ring = ring(e, walked[1], lines);
            (Orientation.isCCW(ring.getCoordinateSequence()) ? shells : holes).add(ring);
        }
        // Each outline lies inside the smallest face of another part around it, or is outermost.
        STRtree index = new STRtree();
        for (int s = 0; s < shells.size(); s++) {
            index.insert(shells.get(s).getEnvelopeInternal(), s);
        }
        List<List<LinearRing>> inside = new ArrayList<>();
        for (int s = 0; s < shells.size(); s++) {
            inside.add(new ArrayList<>());
        }
        List<Polygon> outer = new ArrayList<>();
        for (LinearRing h : holes) {
            Coordinate p = h.getCoordinateN(0);
            int best = -1;
            double bestArea = Double.POSITIVE_INFINITY;
            for (Object hit : index.query(new Envelope(p))) {
                int s = (Integer) hit;
                LinearRing shell = shells.get(s);
                if (shell.getEnvelopeInternal().contains(h.getEnvelopeInternal())
                        && RayCrossingCounter.locatePointInRing(p, shell.getCoordinateSequence())
                                == Location.INTERIOR) {
                    double exact = org.locationtech.jts.algorithm.Area.ofRing(shell.getCoordinateSequence());
                    if (exact < bestArea) {
                        best = s;
                        bestArea = exact;
                    }
                }
            }
            if (best >= 0) {
                inside.get(best).add(h);
            } else {
                outer.add(GF.createPolygon(h));
            }
        }
        List<Polygon> faces = new ArrayList<>(shells.size());
        for (int s = 0; s < shells.size(); s++) {
            faces.add(GF.createPolygon(shells.get(s), inside.get(s).toArray(LinearRing[]::new)));
        }
        return new Faces(faces, outer, loose);
    }

    /**
     * The face cycle of each directed edge ({@code 2i} along line i, {@code 2i + 1} against it; −1 for a
     * removed line) and the edge after it: after arriving at a node, the first one clockwise from the way
     * back.
     */
    private static int[][] cycles(int[] origin, double[] angle, boolean[] alive, int nodes) {
        int edges = origin.length;
        int[] degree = new int[nodes + 1];
        for (int e = 0; e < edges; e++) {
            if (alive[e / 2]) {
                degree[origin[e] + 1]++;
            }
        }
        for (int v = 0; v < nodes; v++) {
            degree[v + 1] += degree[v];
        }
        // Outgoing edges of node v: star[degree[v] .. degree[v + 1]), counter-clockwise by angle.
        Integer[] star = new Integer[degree[nodes]];
        int[] fill = java.util.Arrays.copyOf(degree, nodes);
        for (int e = 0; e < edges; e++) {
            if (alive[e / 2]) {
                star[fill[origin[e]]++] = e;
            }
        }
        int[] position = new int[edges];
        for (int v = 0; v < nodes; v++) {
            java.util.Arrays.sort(
                    star,
                    degree[v],
                    degree[v + 1],
                    java.util.Comparator.comparingDouble((Integer e) -> angle[e])
                            .thenComparingInt(e -> e));
            for (int k = degree[v]; k < degree[v + 1]; k++) {
                position[star[k]] = k;
            }
        }
        int[] cycle = new int[edges];
        int[] after = new int[edges];
        java.util.Arrays.fill(cycle, -1);
        int next = 0;
        for (int e0 = 0; e0 < edges; e0++) {
            if (!alive[e0 / 2] || cycle[e0] >= 0) {
                continue;
            }
            int e = e0;
            while (cycle[e] < 0) {
                cycle[e] = next;
                int back = e ^ 1;
                int v = origin[back];
                int k = position[back] == degree[v] ? degree[v + 1] - 1 : position[back] - 1;
                after[e] = star[k];
                e = star[k];
            }
            next++;
        }
        return new int[][] {cycle, after};
    }

    /** The closed ring of the face cycle from directed edge {@code first}, in walking order. */
    private static LinearRing ring(int first, int[] after, List<LineString> lines) {
        List<Coordinate> out = new ArrayList<>();
        int e = first;
        do {
            Coordinate[] cs = lines.get(e / 2).getCoordinates();
            for (int k = out.isEmpty() ? 0 : 1; k < cs.length; k++) {
                out.add(cs[e % 2 == 0 ? k : cs.length - 1 - k]);
            }
            e = after[e];
        } while (e != first);
        return GF.createLinearRing(out.toArray(Coordinate[]::new));
    }

    @SuppressWarnings("unchecked")
    private static List<LineString> lines(Geometry g) {
        return LinearComponentExtracter.getLines(g);
    }
}
