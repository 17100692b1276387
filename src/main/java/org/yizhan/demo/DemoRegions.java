package org.yizhan.demo;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.CoordinateSequence;
import org.locationtech.jts.geom.CoordinateSequenceFilter;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.MultiPolygon;
import org.locationtech.jts.geom.Polygon;
import org.locationtech.jts.geom.PrecisionModel;
import org.locationtech.jts.geom.util.PolygonExtracter;
import org.locationtech.jts.operation.overlayng.OverlayNG;
import org.locationtech.jts.operation.overlayng.OverlayNGRobust;
import org.locationtech.jts.triangulate.VoronoiDiagramBuilder;
import org.yizhan.demo.ShanghaiDistricts.District;

/**
 * Approximate region polygons for the demo city: 上海市 and its 16 districts, made by the project itself
 * from {@link ShanghaiDistricts} alone. No third-party boundary data is used.
 *
 * <p><b>These are not the real district boundaries.</b> Each mainland district is the Voronoi cell of its
 * government seat among the 15 mainland seats (every point goes to the nearest seat), clipped to the
 * coarse land outline; 崇明 is simply the three islands 崇明岛, 长兴岛 and 横沙岛. Real borders follow rivers,
 * roads and history, and in places differ from these cells by 10 km or more: 临港 (南汇嘴), for example,
 * is nearer the 奉贤 seat than the 浦东 one and so falls in the 奉贤 cell here, and the 黄浦江 is ignored
 * (陆家嘴 lands in 黄浦). That also means these cells disagree with {@link ShanghaiDistricts#nearestSeat}
 * near the river, which has a river rule. Planners import the real boundaries through the regions API;
 * these polygons exist so that a fresh demo has regions to analyse, and should be loaded as approximate.
 *
 * <p>Distances behind the cells are ground distances in an equirectangular plane at 31.2° N (the metric
 * of {@code nearestSeat}), so cell borders are perpendicular bisectors on the ground, not in degrees.
 * All geometries are valid MultiPolygons, SRID 4326, longitude first, in degrees. The districts tile the
 * city: their interiors are pairwise disjoint and together they cover the land outline up to
 * floating-point rounding (relative area error about 1e-15). Neighbours share their Voronoi edges vertex
 * for vertex; only where a border meets the coast is each side's end point computed on its own, and the
 * two agree to rounding. Clipping is plain floating-point on purpose: snapping to a grid (say 1e-7°) bends
 * the coast at every crossing and moves the total area by about 1e-8 relative.
 *
 * <p>The list is built on first use (about 0.1 s on a cold JVM) and cached; the same instances are
 * returned every time, so treat the geometries as read-only. Thread-safe.
 */
public final class DemoRegions {

    /** {@link DemoRegion#level()} of 上海市. */
    public static final String LEVEL_CITY = "city";

    /** {@link DemoRegion#level()} of the 16 districts. */
    public static final String LEVEL_DISTRICT = "district";

    /**
     * One demo region.
     *
     * @param code       GB/T 2260 code, six digits: {@code 310000} for the city, e.g. {@code 310104} for a district
     * @param nameZh     official Chinese name, e.g. {@code 上海市}, {@code 徐汇区}
     * @param nameEn     English name, e.g. {@code Shanghai}, {@code Xuhui}
     * @param level      {@value #LEVEL_CITY} or {@value #LEVEL_DISTRICT}
     * @param parentCode code of the enclosing region: {@code 310000} for districts, null for the city
     * @param geometry   approximate area, a valid MultiPolygon, SRID 4326, lon/lat degrees; read-only
     */
    public record DemoRegion(
            String code, String nameZh, String nameEn, String level, String parentCode, MultiPolygon geometry) {}

    private static final String CHONGMING_CODE = "310151";

    /** cos(31.2°): scales longitude to ground-comparable units at Shanghai's latitude, as nearestSeat does. */
    private static final double COS_LAT = Math.cos(Math.toRadians(31.2));

    private DemoRegions() {}

    /**
     * The city first (code {@value ShanghaiDistricts#CITY_CODE}, geometry a copy of
     * {@link ShanghaiDistricts#landOutline()}), then the 16 districts in the order of
     * {@link ShanghaiDistricts#all()}. Immutable list; cached.
     */
    public static List<DemoRegion> all() {
        return Cells.ALL;
    }

    /** The demo region with this code, if there is one. */
    public static Optional<DemoRegion> byCode(String code) {
        return all().stream().filter(r -> r.code().equals(code)).findFirst();
    }

    /** Built on first use (holder idiom: lazy and thread-safe without locks). */
    private static final class Cells {
        private static final GeometryFactory FACTORY = new GeometryFactory(new PrecisionModel(), 4326);
        static final List<DemoRegion> ALL = build();
    }

    private static List<DemoRegion> build() {
        GeometryFactory f = Cells.FACTORY;
        MultiPolygon outline = ShanghaiDistricts.landOutline();

        // The mainland is the largest part of the outline; every other part is an island of 崇明.
        Polygon mainland = null;
        List<Polygon> islands = new ArrayList<>();
        for (int i = 0; i < outline.getNumGeometries(); i++) {
            Polygon p = (Polygon) f.createGeometry(outline.getGeometryN(i));
            if (mainland == null || p.getArea() > mainland.getArea()) {
                if (mainland != null) {
                    islands.add(mainland);
                }
                mainland = p;
            } else {
                islands.add(p);
            }
        }

        List<District> mainlandDistricts = ShanghaiDistricts.all().stream()
                .filter(d -> !d.code().equals(CHONGMING_CODE))
                .toList();
        List<Polygon> cells = voronoiCells(f, mainlandDistricts, mainland.getEnvelopeInternal());

        List<DemoRegion> out = new ArrayList<>();
        out.add(new DemoRegion(ShanghaiDistricts.CITY_CODE, "上海市", "Shanghai", LEVEL_CITY, null, (MultiPolygon)
                f.createGeometry(outline)));
        for (District d : ShanghaiDistricts.all()) {
            MultiPolygon g;
            if (d.code().equals(CHONGMING_CODE)) {
                g = f.createMultiPolygon(islands.toArray(Polygon[]::new));
            } else {
                Polygon cell = cells.get(mainlandDistricts.indexOf(d));
                g = clip(f, cell, mainland, d);
            }
            out.add(new DemoRegion(d.code(), d.nameZh(), d.nameEn(), LEVEL_DISTRICT, ShanghaiDistricts.CITY_CODE, g));
        }
        return List.copyOf(out);
    }

    /**
     * One Voronoi cell per district, in the order given, in lon/lat. Built in the plane (lon·cos 31.2°, lat)
     * and scaled back; scaling is affine, so the cells stay exact. Each cell covers at least
     * {@code landEnvelope}, so clipping to the land afterwards loses nothing.
     */
    private static List<Polygon> voronoiCells(GeometryFactory f, List<District> districts, Envelope landEnvelope) {
        List<Coordinate> sites = districts.stream()
                .map(d -> new Coordinate(d.seatLon() * COS_LAT, d.seatLat()))
                .toList();
        Envelope clip = new Envelope(
                landEnvelope.getMinX() * COS_LAT,
                landEnvelope.getMaxX() * COS_LAT,
                landEnvelope.getMinY(),
                landEnvelope.getMaxY());
        clip.expandBy(0.5);
        VoronoiDiagramBuilder builder = new VoronoiDiagramBuilder();
        builder.setSites(sites);
        builder.setClipEnvelope(clip);
        Geometry diagram = builder.getDiagram(f);

        Polygon[] bySite = new Polygon[sites.size()];
        for (int i = 0; i < diagram.getNumGeometries(); i++) {
            Polygon cell = (Polygon) diagram.getGeometryN(i);
            // The builder tags each cell with its site's coordinate.
            int site = sites.indexOf((Coordinate) cell.getUserData());
            if (site < 0 || bySite[site] != null) {
                throw new IllegalStateException("Voronoi cell without a unique seat: " + cell.getUserData());
            }
            Polygon lonLat = (Polygon) cell.copy();
            lonLat.apply(new UnscaleLongitude());
            lonLat.setUserData(null);
            bySite[site] = lonLat;
        }
        for (int i = 0; i < bySite.length; i++) {
            if (bySite[i] == null) {
                throw new IllegalStateException(
                        "no Voronoi cell for the seat of " + districts.get(i).code());
            }
        }
        return List.of(bySite);
    }

    private static MultiPolygon clip(GeometryFactory f, Polygon cell, Polygon mainland, District d) {
        Geometry clipped = OverlayNGRobust.overlay(cell, mainland, OverlayNG.INTERSECTION);
        @SuppressWarnings("unchecked")
        List<Polygon> parts = PolygonExtracter.getPolygons(clipped);
        if (parts.isEmpty()) {
            throw new IllegalStateException("the Voronoi cell of " + d.code() + " misses the mainland");
        }
        return f.createMultiPolygon(
                parts.stream().map(p -> (Polygon) f.createGeometry(p)).toArray(Polygon[]::new));
    }

    /** Maps x = lon·cos 31.2° back to lon. */
    private static final class UnscaleLongitude implements CoordinateSequenceFilter {
        @Override
        public void filter(CoordinateSequence seq, int i) {
            seq.setOrdinate(i, CoordinateSequence.X, seq.getX(i) / COS_LAT);
        }

        @Override
        public boolean isDone() {
            return false;
        }

        @Override
        public boolean isGeometryChanged() {
            return true;
        }
    }
}
