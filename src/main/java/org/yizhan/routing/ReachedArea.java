package org.yizhan.routing;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.LineString;
import org.locationtech.jts.geom.Polygon;
import org.locationtech.jts.geom.util.LinearComponentExtracter;
import org.locationtech.jts.operation.buffer.BufferOp;
import org.locationtech.jts.operation.overlayng.CoverageUnion;
import org.locationtech.jts.operation.overlayng.OverlayNG;
import org.locationtech.jts.operation.overlayng.OverlayNGRobust;
import org.locationtech.jts.operation.polygonize.Polygonizer;

/**
 * The area within a distance of reached pieces of roads (projected metres): the buffer of the lines,
 * as {@code ST_Buffer(lines, d, 4)} gives it, but computed by the city blocks the lines enclose. One
 * buffer of 200,000 pieces of a dense street grid does not finish in a minute (every piece's buffer
 * overlaps dozens of others and all their curves are noded together); this takes seconds.
 *
 * <p>Why it is the same area. Ground pieces are noded with each other (the import's noder splits ground
 * roads wherever they meet), so they cut the plane into faces (blocks); {@link Polygonizer} finds them.
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

    private ReachedArea() {
    }

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
        List<Polygon> shrunk = new ArrayList<>();
        if (ground != null) {
            // The same piece twice (a duplicated road) would break the face graph: keep it once.
            LinkedHashSet<LineString> distinct = new LinkedHashSet<>();
            for (LineString l : lines(ground)) {
                if (l.getLength() == 0) {
                    loose.add(l);
                } else {
                    distinct.add((LineString) l.norm());
                }
            }
            Polygonizer faces = new Polygonizer();
            faces.add(new ArrayList<Geometry>(distinct));
            @SuppressWarnings("unchecked")
            Collection<Polygon> found = faces.getPolygons();
            loose.addAll(faces.getDangles());
            loose.addAll(faces.getCutEdges());
            for (Object ring : faces.getInvalidRingLines()) {
                loose.addAll(lines((Geometry) ring));
            }
            for (Polygon f : found) {
                // A point of f is at most half f's narrower side from f's boundary.
                if (Math.min(f.getEnvelopeInternal().getWidth(), f.getEnvelopeInternal().getHeight()) > 2 * distanceM) {
                    Geometry inner = BufferOp.bufferOp(f, -distanceM, QUAD_SEGS);
                    for (int i = 0; i < inner.getNumGeometries(); i++) {
                        if (!inner.getGeometryN(i).isEmpty()) {
                            shrunk.add((Polygon) inner.getGeometryN(i));
                        }
                    }
                }
            }
            if (!found.isEmpty()) {
                // Faces share their edges exactly: a coverage, united without overlay noding.
                blocks = BufferOp.bufferOp(CoverageUnion.union(GF.buildGeometry(new ArrayList<>(found))), distanceM,
                        QUAD_SEGS);
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

    @SuppressWarnings("unchecked")
    private static List<LineString> lines(Geometry g) {
        return LinearComponentExtracter.getLines(g);
    }
}
