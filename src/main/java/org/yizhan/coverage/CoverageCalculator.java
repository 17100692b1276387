package org.yizhan.coverage;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.locationtech.jts.algorithm.locate.IndexedPointInAreaLocator;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.Location;
import org.locationtech.jts.geom.Polygon;
import org.locationtech.jts.geom.util.PolygonExtracter;
import org.locationtech.jts.index.strtree.STRtree;
import org.locationtech.jts.operation.overlayng.OverlayNG;
import org.locationtech.jts.operation.overlayng.OverlayNGRobust;

/**
 * Coverage of one area by the union of station circles, in a metric projection (UTM, metres).
 * Pure and CPU-bound: callers run it off the event loop. Not thread-safe per instance; the static
 * method is.
 */
public final class CoverageCalculator {

    private CoverageCalculator() {
    }

    /** Aggregated demand (projected metres) inside the area. */
    public record Demand(double[] x, double[] y, double[] weight) {
        public static final Demand NONE = new Demand(new double[0], new double[0], new double[0]);

        public int size() {
            return x.length;
        }
    }

    /** One uncovered polygon, its area and the demand inside it. */
    public record Gap(Polygon polygon, double areaKm2, double demand) {
    }

    /**
     * @param uncovered indexes into the demand arrays of points outside every circle (for suggestions)
     */
    public record Result(double areaKm2, double coveredKm2, double demandTotal, double demandCovered,
            List<Gap> gaps, int gapsTotal, int[] uncovered) {
    }

    /** area − covered with JTS's next-generation overlay (faster and more robust than the classic one). */
    static Geometry difference(Geometry area, Geometry covered) {
        return OverlayNGRobust.overlay(area, covered, OverlayNG.DIFFERENCE);
    }

    /** The polygons of a result, without the empty ones an overlay may leave behind. */
    static List<Polygon> nonEmptyPolygons(Geometry g) {
        @SuppressWarnings("unchecked")
        List<Polygon> all = PolygonExtracter.getPolygons(g);
        return all.stream().filter(p -> !p.isEmpty() && p.getArea() > 0).toList();
    }

    /**
     * @param area    the region in projected metres
     * @param covered the union of station circles in the same projection, or null when no station counts
     * @param maxGaps how many gaps to keep, the most demand first, then the largest
     */
    public static Result compute(Geometry area, Geometry covered, Demand demand, int maxGaps) {
        Geometry gapsGeom = covered == null || covered.isEmpty() ? area : difference(area, covered);
        double areaM2 = area.getArea();
        double gapM2 = gapsGeom.getArea();

        List<Polygon> polygons = nonEmptyPolygons(gapsGeom);
        double[] gapDemand = new double[polygons.size()];
        STRtree index = new STRtree();
        for (int i = 0; i < polygons.size(); i++) {
            index.insert(polygons.get(i).getEnvelopeInternal(), i);
        }
        IndexedPointInAreaLocator coveredLocator = covered == null || covered.isEmpty() ? null
                : new IndexedPointInAreaLocator(covered);
        IndexedPointInAreaLocator[] gapLocators = new IndexedPointInAreaLocator[polygons.size()];

        double total = 0;
        double coveredDemand = 0;
        int[] uncovered = new int[demand.size()];
        int nUncovered = 0;
        for (int i = 0; i < demand.size(); i++) {
            double w = demand.weight()[i];
            total += w;
            Coordinate c = new Coordinate(demand.x()[i], demand.y()[i]);
            if (coveredLocator != null && coveredLocator.locate(c) != Location.EXTERIOR) {
                coveredDemand += w;
                continue;
            }
            uncovered[nUncovered++] = i;
            for (Object hit : index.query(new Envelope(c))) {
                int g = (Integer) hit;
                if (gapLocators[g] == null) {
                    gapLocators[g] = new IndexedPointInAreaLocator(polygons.get(g));
                }
                if (gapLocators[g].locate(c) != Location.EXTERIOR) {
                    gapDemand[g] += w;
                    break;
                }
            }
        }
        List<Gap> gaps = new ArrayList<>(polygons.size());
        for (int i = 0; i < polygons.size(); i++) {
            gaps.add(new Gap(polygons.get(i), polygons.get(i).getArea() / 1e6, gapDemand[i]));
        }
        gaps.sort(Comparator.comparingDouble(Gap::demand).reversed().thenComparing(Comparator.comparingDouble(Gap::areaKm2).reversed()));
        int[] uncoveredTrimmed = java.util.Arrays.copyOf(uncovered, nUncovered);
        return new Result(areaM2 / 1e6, (areaM2 - gapM2) / 1e6, total, coveredDemand,
                gaps.subList(0, Math.min(maxGaps, gaps.size())), gaps.size(), uncoveredTrimmed);
    }
}
