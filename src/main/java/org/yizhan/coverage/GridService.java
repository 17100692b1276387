package org.yizhan.coverage;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import net.sf.geographiclib.Geodesic;
import org.locationtech.jts.algorithm.locate.IndexedPointInAreaLocator;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.Location;
import org.locationtech.jts.geom.prep.PreparedGeometry;
import org.locationtech.jts.geom.prep.PreparedGeometryFactory;
import org.locationtech.jts.index.strtree.ItemBoundable;
import org.locationtech.jts.index.strtree.ItemDistance;
import org.locationtech.jts.index.strtree.STRtree;
import org.yizhan.coverage.CoverageRepository.Area;
import org.yizhan.geo.Features;
import org.yizhan.http.ApiException;
import org.yizhan.stations.StationFilter;

/**
 * Heat-map grid: square-ish cells over a WGS 84 bbox, each with the geodesic distance from its centre to
 * the nearest matching station, capped at {@code max_m}. Cells are lon/lat rectangles whose sides measure
 * {@code cell_m} on the ground at the bbox's middle latitude (so they stay rectangles on a web map).
 * For a region the bbox is the region's and only cells that intersect the region are kept (the planar
 * lon/lat test {@code ST_Intersects} makes for demand), whole: a heat map's cells stay rectangles.
 * The nearest station is found in a local plane (STR-tree, three candidates) and measured exactly on the
 * WGS 84 ellipsoid (GeographicLib). Runs on a worker thread.
 */
public final class GridService {

    /** Metres per degree of latitude and longitude on WGS 84 at latitude phi (series, < 1 cm error). */
    static double metresPerDegLat(double phi) {
        double p = Math.toRadians(phi);
        return 111_132.954 - 559.822 * Math.cos(2 * p) + 1.175 * Math.cos(4 * p);
    }

    static double metresPerDegLon(double phi) {
        double p = Math.toRadians(phi);
        double a = 6_378_137.0;
        double e2 = 0.00669437999014;
        return Math.PI / 180 * a * Math.cos(p) / Math.sqrt(1 - e2 * Math.sin(p) * Math.sin(p));
    }

    private static final GeometryFactory GF = new GeometryFactory();

    private final Vertx vertx;
    private final CoverageRepository repo;

    public GridService(Vertx vertx, CoverageRepository repo) {
        this.vertx = vertx;
        this.repo = repo;
    }

    /** A grid over a box: its cell sizes in degrees, columns and rows, and the parameter that gave it. */
    private record Lattice(double[] bbox, double dLon, double dLat, int cols, int rows, double midLat, String field) {}

    /** The lattice of cells of side {@code cellM} over the box (or the region's); 400 over the cell limit. */
    private static Lattice lattice(double[] box, Area region, double cellM) {
        Envelope e = region == null ? null : region.wgs84().getEnvelopeInternal();
        double[] bbox = region == null ? box : new double[] {e.getMinX(), e.getMinY(), e.getMaxX(), e.getMaxY()};
        String field = region == null ? "bbox" : "region";
        double midLat = (bbox[1] + bbox[3]) / 2;
        double dLat = cellM / metresPerDegLat(midLat);
        double dLon = cellM / metresPerDegLon(midLat);
        long cols = (long) Math.ceil((bbox[2] - bbox[0]) / dLon);
        long rows = (long) Math.ceil((bbox[3] - bbox[1]) / dLat);
        if (cols * rows > CoverageRoutes.MAX_GRID_CELLS) {
            throw ApiException.invalid(
                    "cell_m",
                    "the grid would have " + cols * rows + " cells; at most " + CoverageRoutes.MAX_GRID_CELLS
                            + ": use a larger cell_m or a smaller " + field);
        }
        return new Lattice(bbox, dLon, dLat, (int) cols, (int) rows, midLat, field);
    }

    /** 400 naming {@code cell_m} when the grid over the box (or the region's) would have too many cells. */
    public void checkCells(double[] box, Area region, double cellM) {
        lattice(box, region, cellM);
    }

    /**
     * @param box  the WGS 84 box to cover, or null for {@code region}'s
     * @param region a resolved region whose cells to keep, or null for the whole box
     */
    public Future<JsonObject> grid(double[] box, Area region, double cellM, double maxM, StationFilter filter) {
        long start = System.nanoTime();
        Lattice g = lattice(box, region, cellM);
        double[] bbox = g.bbox();
        // Stations farther than max_m from the box cannot be anyone's nearest within the cap.
        double padLat = maxM / metresPerDegLat(g.midLat()) * 1.01;
        double padLon = maxM / metresPerDegLon(Math.max(Math.abs(bbox[1]), Math.abs(bbox[3]))) * 1.01;
        double[] search = {
            Math.max(-180, bbox[0] - padLon),
            Math.max(-90, bbox[1] - padLat),
            Math.min(180, bbox[2] + padLon),
            Math.min(90, bbox[3] + padLat)
        };
        return repo.stationsIn(search, filter, g.field())
                .compose(st -> vertx.executeBlocking(() -> cells(kept(g, region), maxM, st, g.midLat()), false))
                .map(features -> answer(features, g, region)
                        .put("cell_m", cellM)
                        .put("max_m", maxM)
                        .put("computed_ms", (System.nanoTime() - start) / 1_000_000));
    }

    /**
     * The grid by travel time: each cell is {@code covered} when its centre lies in {@code covered} (the
     * area reached, projected to {@code srid}, as {@code /coverage} by time computes it; boundary included).
     */
    public Future<JsonObject> timeGrid(double[] box, Area region, double cellM, Geometry covered, int srid) {
        long start = System.nanoTime();
        Lattice g = lattice(box, region, cellM);
        return vertx.executeBlocking(() -> kept(g, region), false)
                .compose(kept -> {
                    double[] lon = new double[kept.size()];
                    double[] lat = new double[kept.size()];
                    for (int i = 0; i < kept.size(); i++) {
                        double[] k = kept.get(i);
                        lon[i] = (k[2] + k[4]) / 2;
                        lat[i] = (k[3] + k[5]) / 2;
                    }
                    return repo.toUtm(lon, lat, srid)
                            .compose(xy -> vertx.executeBlocking(
                                    () -> {
                                        IndexedPointInAreaLocator in = covered == null || covered.isEmpty()
                                                ? null
                                                : new IndexedPointInAreaLocator(covered);
                                        JsonArray out = new JsonArray();
                                        for (int i = 0; i < kept.size(); i++) {
                                            boolean reached = in != null
                                                    && in.locate(new Coordinate(xy[0][i], xy[1][i]))
                                                            != Location.EXTERIOR;
                                            out.add(feature(kept.get(i), new JsonObject().put("covered", reached)));
                                        }
                                        return out;
                                    },
                                    false));
                })
                .map(features -> answer(features, g, region)
                        .put("cell_m", cellM)
                        .put("computed_ms", (System.nanoTime() - start) / 1_000_000));
    }

    private static JsonObject answer(JsonArray features, Lattice g, Area region) {
        double[] b = g.bbox();
        JsonObject fc = Features.collection(features)
                .put("numberReturned", features.size())
                .put("bbox", new JsonArray().add(b[0]).add(b[1]).add(b[2]).add(b[3]));
        if (region != null) {
            fc.put("region", CoverageService.regionJson(region));
        }
        return fc;
    }

    /** The cells kept (all, or those meeting the region), each {row, col, lon0, lat0, lon1, lat1}. */
    private static List<double[]> kept(Lattice g, Area region) {
        PreparedGeometry keep = region == null ? null : PreparedGeometryFactory.prepare(region.wgs84());
        double[] bbox = g.bbox();
        List<double[]> out = new ArrayList<>();
        for (int r = 0; r < g.rows(); r++) {
            double lat0 = bbox[1] + r * g.dLat();
            double lat1 = Math.min(bbox[3], lat0 + g.dLat());
            for (int c = 0; c < g.cols(); c++) {
                double lon0 = bbox[0] + c * g.dLon();
                double lon1 = Math.min(bbox[2], lon0 + g.dLon());
                if (keep != null && !keep.intersects(GF.toGeometry(new Envelope(lon0, lon1, lat0, lat1)))) {
                    continue;
                }
                out.add(new double[] {r, c, lon0, lat0, lon1, lat1});
            }
        }
        return out;
    }

    private static JsonArray cells(List<double[]> kept, double maxM, double[][] st, double midLat) {
        double kx = metresPerDegLon(midLat);
        double ky = metresPerDegLat(midLat);
        STRtree tree = new STRtree();
        for (int i = 0; i < st[0].length; i++) {
            double x = st[0][i] * kx;
            double y = st[1][i] * ky;
            tree.insert(new Envelope(x, x, y, y), new double[] {st[0][i], st[1][i]});
        }
        ItemDistance planar =
                (ItemBoundable a, ItemBoundable b) -> ((Envelope) a.getBounds()).distance((Envelope) b.getBounds());
        JsonArray out = new JsonArray();
        for (double[] k : kept) {
            double clon = (k[2] + k[4]) / 2;
            double clat = (k[3] + k[5]) / 2;
            double nearest = maxM;
            if (!tree.isEmpty()) {
                double x = clon * kx;
                double y = clat * ky;
                Object[] hits = tree.nearestNeighbour(new Envelope(x, x, y, y), null, planar, 3);
                for (Object h : hits) {
                    double[] s = (double[]) h;
                    nearest = Math.min(nearest, Geodesic.WGS84.Inverse(clat, clon, s[1], s[0]).s12);
                }
            }
            out.add(feature(
                    k,
                    new JsonObject()
                            .put("nearest_m", Math.round(nearest * 10) / 10.0)
                            .put("capped", nearest >= maxM)));
        }
        return out;
    }

    /** A cell {row, col, lon0, lat0, lon1, lat1} as a Feature: its rectangle, row, col and {@code more}. */
    private static JsonObject feature(double[] k, JsonObject more) {
        double lon0 = k[2];
        double lat0 = k[3];
        double lon1 = k[4];
        double lat1 = k[5];
        return new JsonObject()
                .put("type", "Feature")
                .put(
                        "geometry",
                        new JsonObject()
                                .put("type", "Polygon")
                                .put(
                                        "coordinates",
                                        new JsonArray()
                                                .add(new JsonArray()
                                                        .add(pos(lon0, lat0))
                                                        .add(pos(lon1, lat0))
                                                        .add(pos(lon1, lat1))
                                                        .add(pos(lon0, lat1))
                                                        .add(pos(lon0, lat0)))))
                .put(
                        "properties",
                        new JsonObject()
                                .put("row", (int) k[0])
                                .put("col", (int) k[1])
                                .mergeIn(more));
    }

    private static JsonArray pos(double lon, double lat) {
        return new JsonArray().add(Math.round(lon * 1e6) / 1e6).add(Math.round(lat * 1e6) / 1e6);
    }
}
