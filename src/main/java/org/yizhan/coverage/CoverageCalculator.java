package org.yizhan.coverage;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.locationtech.jts.algorithm.locate.IndexedPointInAreaLocator;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.Location;
import org.locationtech.jts.geom.Polygon;
import org.locationtech.jts.geom.util.PolygonExtracter;
import org.locationtech.jts.index.strtree.STRtree;
import org.locationtech.jts.operation.overlayng.OverlayNG;
import org.locationtech.jts.operation.overlayng.OverlayNGRobust;

/**
 * Coverage of one area by the union of station circles, in a metric projection (UTM, metres), and
 * what added sites change. Pure static functions, thread-safe, CPU-bound: callers run them off the
 * event loop.
 */
public final class CoverageCalculator {

    private static final GeometryFactory GF = new GeometryFactory();

    private CoverageCalculator() {}

    /** Aggregated demand (projected metres) inside the area. */
    public record Demand(double[] x, double[] y, double[] weight) {
        public static final Demand NONE = new Demand(new double[0], new double[0], new double[0]);

        public int size() {
            return x.length;
        }
    }

    /** One uncovered polygon, its area and the demand inside it. */
    public record Gap(Polygon polygon, double areaKm2, double demand) {}

    /**
     * @param uncovered     indexes into the demand arrays of points outside every circle (for suggestions)
     * @param uncoveredArea area − union of circles (projected), the gaps as one geometry
     */
    public record Result(
            double areaKm2,
            double coveredKm2,
            double demandTotal,
            double demandCovered,
            List<Gap> gaps,
            int gapsTotal,
            int[] uncovered,
            Geometry uncoveredArea) {}

    /**
     * What sites add to a computed coverage: covered area and demand afterwards, the demand still
     * uncovered, and the union of the sites' polygons.
     */
    public record Added(double coveredKm2, double demandCovered, int[] uncovered, Geometry sites) {}

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
        IndexedPointInAreaLocator coveredLocator =
                covered == null || covered.isEmpty() ? null : new IndexedPointInAreaLocator(covered);
        double total = 0;
        double coveredDemand = 0;
        int[] uncovered = new int[demand.size()];
        int nUncovered = 0;
        for (int i = 0; i < demand.size(); i++) {
            double w = demand.weight()[i];
            total += w;
            if (coveredLocator != null
                    && coveredLocator.locate(new Coordinate(demand.x()[i], demand.y()[i])) != Location.EXTERIOR) {
                coveredDemand += w;
            } else {
                uncovered[nUncovered++] = i;
            }
        }
        int[] uncoveredTrimmed = Arrays.copyOf(uncovered, nUncovered);
        List<Gap> gaps = gaps(gapsGeom, demand, uncoveredTrimmed);
        return new Result(
                areaM2 / 1e6,
                (areaM2 - gapM2) / 1e6,
                total,
                coveredDemand,
                gaps.subList(0, Math.min(maxGaps, gaps.size())),
                gaps.size(),
                uncoveredTrimmed,
                gapsGeom);
    }

    /**
     * The one computation of what new sites (projected metres, radius {@code radiusM}) add to a computed
     * coverage, behind both what-if's added points and every figure a suggestion reports. A demand point
     * still uncovered becomes covered when {@link SiteCircle#covers} says a site covers it — the test the
     * suggester's search uses; the area gained is the part of the base's uncovered area inside the union
     * of the sites' polygons. The same base and sites in the same order give bit-identical figures.
     */
    public static Added addSites(Result base, Demand demand, double[] x, double[] y, double radiusM) {
        List<Polygon> circles = new ArrayList<>(x.length);
        for (int s = 0; s < x.length; s++) {
            circles.add(SiteCircle.polygon(x[s], y[s], radiusM));
        }
        return add(
                base,
                demand,
                OverlayNGRobust.union(GF.buildGeometry(circles)),
                i -> coveredBySite(demand.x()[i], demand.y()[i], x, y, radiusM));
    }

    /**
     * What sites whose reached areas are given (projected, as {@link #union} of them) add to a computed
     * coverage: demand still uncovered becomes covered when it lies in the union (boundary included),
     * and the area gained is the part of the base's uncovered area inside it. Behind both what-if's
     * added points and the suggestions' figures by travel time.
     */
    public static Added addArea(Result base, Demand demand, Geometry sites) {
        IndexedPointInAreaLocator in = sites.isEmpty() ? null : new IndexedPointInAreaLocator(sites);
        return add(
                base,
                demand,
                sites,
                i -> in != null && in.locate(new Coordinate(demand.x()[i], demand.y()[i])) != Location.EXTERIOR);
    }

    /** The union of sites' areas (projected); the same list in the same order gives the same geometry. */
    public static Geometry union(List<Geometry> areas) {
        return OverlayNGRobust.union(GF.buildGeometry(areas));
    }

    private static Added add(Result base, Demand demand, Geometry sites, java.util.function.IntPredicate covers) {
        double gainedM2 = base.uncoveredArea().isEmpty() || sites.isEmpty()
                ? 0
                : OverlayNGRobust.overlay(base.uncoveredArea(), sites, OverlayNG.INTERSECTION)
                        .getArea();
        double covered = base.demandCovered();
        int[] left = new int[base.uncovered().length];
        int nLeft = 0;
        for (int i : base.uncovered()) {
            if (covers.test(i)) {
                covered += demand.weight()[i];
            } else {
                left[nLeft++] = i;
            }
        }
        return new Added(base.coveredKm2() + gainedM2 / 1e6, covered, Arrays.copyOf(left, nLeft), sites);
    }

    /** The coverage with sites added ({@link #addSites}), gaps cut and tallied again. */
    public static Result withSites(Result base, Demand demand, double[] x, double[] y, double radiusM, int maxGaps) {
        if (x.length == 0) {
            return base;
        }
        return with(base, demand, addSites(base, demand, x, y, radiusM), maxGaps);
    }

    /** The coverage with sites' reached areas added ({@link #addArea}), gaps cut and tallied again. */
    public static Result withArea(Result base, Demand demand, Geometry sites, int maxGaps) {
        return with(base, demand, addArea(base, demand, sites), maxGaps);
    }

    private static Result with(Result base, Demand demand, Added added, int maxGaps) {
        Geometry gapsGeom = base.uncoveredArea().isEmpty() || added.sites().isEmpty()
                ? base.uncoveredArea()
                : difference(base.uncoveredArea(), added.sites());
        List<Gap> gaps = gaps(gapsGeom, demand, added.uncovered());
        return new Result(
                base.areaKm2(),
                added.coveredKm2(),
                base.demandTotal(),
                added.demandCovered(),
                gaps.subList(0, Math.min(maxGaps, gaps.size())),
                gaps.size(),
                added.uncovered(),
                gapsGeom);
    }

    private static boolean coveredBySite(double px, double py, double[] x, double[] y, double radiusM) {
        for (int s = 0; s < x.length; s++) {
            if (SiteCircle.covers(x[s], y[s], radiusM, px, py)) {
                return true;
            }
        }
        return false;
    }

    /** The gap polygons with the uncovered demand inside each, the most demand first, then the largest. */
    private static List<Gap> gaps(Geometry gapsGeom, Demand demand, int[] uncovered) {
        List<Polygon> polygons = nonEmptyPolygons(gapsGeom);
        double[] gapDemand = new double[polygons.size()];
        STRtree index = new STRtree();
        for (int i = 0; i < polygons.size(); i++) {
            index.insert(polygons.get(i).getEnvelopeInternal(), i);
        }
        IndexedPointInAreaLocator[] gapLocators = new IndexedPointInAreaLocator[polygons.size()];
        for (int i : uncovered) {
            Coordinate c = new Coordinate(demand.x()[i], demand.y()[i]);
            for (Object hit : index.query(new Envelope(c))) {
                int g = (Integer) hit;
                if (gapLocators[g] == null) {
                    gapLocators[g] = new IndexedPointInAreaLocator(polygons.get(g));
                }
                if (gapLocators[g].locate(c) != Location.EXTERIOR) {
                    gapDemand[g] += demand.weight()[i];
                    break;
                }
            }
        }
        List<Gap> gaps = new ArrayList<>(polygons.size());
        for (int i = 0; i < polygons.size(); i++) {
            gaps.add(new Gap(polygons.get(i), polygons.get(i).getArea() / 1e6, gapDemand[i]));
        }
        gaps.sort(Comparator.comparingDouble(Gap::demand)
                .reversed()
                .thenComparing(Comparator.comparingDouble(Gap::areaKm2).reversed()));
        return gaps;
    }
}
