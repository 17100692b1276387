package org.yizhan.coverage;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import net.sf.geographiclib.Geodesic;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.GeometryFactory;
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

    /**
     * @param box  the WGS 84 box to cover, or null for {@code region}'s
     * @param region a resolved region whose cells to keep, or null for the whole box
     */
    public Future<JsonObject> grid(double[] box, Area region, double cellM, double maxM, StationFilter filter) {
        long start = System.nanoTime();
        Envelope e = region == null ? null : region.wgs84().getEnvelopeInternal();
        double[] bbox = region == null ? box : new double[] {e.getMinX(), e.getMinY(), e.getMaxX(), e.getMaxY()};
        String field = region == null ? "bbox" : "region";
        double midLat = (bbox[1] + bbox[3]) / 2;
        double dLat = cellM / metresPerDegLat(midLat);
        double dLon = cellM / metresPerDegLon(midLat);
        long cols = (long) Math.ceil((bbox[2] - bbox[0]) / dLon);
        long rows = (long) Math.ceil((bbox[3] - bbox[1]) / dLat);
        if (cols * rows > CoverageRoutes.MAX_GRID_CELLS) {
            throw ApiException.invalid("cell_m", "the grid would have " + cols * rows + " cells; at most "
                    + CoverageRoutes.MAX_GRID_CELLS + ": use a larger cell_m or a smaller " + field);
        }
        // Stations farther than max_m from the box cannot be anyone's nearest within the cap.
        double padLat = maxM / metresPerDegLat(midLat) * 1.01;
        double padLon = maxM / metresPerDegLon(Math.max(Math.abs(bbox[1]), Math.abs(bbox[3]))) * 1.01;
        double[] search = {Math.max(-180, bbox[0] - padLon), Math.max(-90, bbox[1] - padLat),
            Math.min(180, bbox[2] + padLon), Math.min(90, bbox[3] + padLat)};
        return repo.stationsIn(search, filter, field).compose(st -> vertx.executeBlocking(() ->
                cells(bbox, region == null ? null : PreparedGeometryFactory.prepare(region.wgs84()), dLon, dLat,
                        (int) cols, (int) rows, maxM, st, midLat), false))
                .map(features -> {
                    JsonObject fc = Features.collection(features)
                            .put("numberReturned", features.size())
                            .put("bbox", new JsonArray().add(bbox[0]).add(bbox[1]).add(bbox[2]).add(bbox[3]));
                    if (region != null) {
                        fc.put("region", CoverageService.regionJson(region));
                    }
                    return fc.put("cell_m", cellM).put("max_m", maxM)
                            .put("computed_ms", (System.nanoTime() - start) / 1_000_000);
                });
    }

    private static JsonArray cells(double[] bbox, PreparedGeometry keep, double dLon, double dLat, int cols, int rows,
            double maxM, double[][] st, double midLat) {
        double kx = metresPerDegLon(midLat);
        double ky = metresPerDegLat(midLat);
        STRtree tree = new STRtree();
        for (int i = 0; i < st[0].length; i++) {
            double x = st[0][i] * kx;
            double y = st[1][i] * ky;
            tree.insert(new Envelope(x, x, y, y), new double[] {st[0][i], st[1][i]});
        }
        ItemDistance planar = (ItemBoundable a, ItemBoundable b) ->
                ((Envelope) a.getBounds()).distance((Envelope) b.getBounds());
        JsonArray out = new JsonArray();
        for (int r = 0; r < rows; r++) {
            double lat0 = bbox[1] + r * dLat;
            double lat1 = Math.min(bbox[3], lat0 + dLat);
            for (int c = 0; c < cols; c++) {
                double lon0 = bbox[0] + c * dLon;
                double lon1 = Math.min(bbox[2], lon0 + dLon);
                if (keep != null && !keep.intersects(GF.toGeometry(new Envelope(lon0, lon1, lat0, lat1)))) {
                    continue;
                }
                double clon = (lon0 + lon1) / 2;
                double clat = (lat0 + lat1) / 2;
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
                out.add(new JsonObject().put("type", "Feature")
                        .put("geometry", new JsonObject().put("type", "Polygon").put("coordinates", new JsonArray()
                                .add(new JsonArray()
                                        .add(pos(lon0, lat0)).add(pos(lon1, lat0)).add(pos(lon1, lat1))
                                        .add(pos(lon0, lat1)).add(pos(lon0, lat0)))))
                        .put("properties", new JsonObject().put("row", r).put("col", c)
                                .put("nearest_m", Math.round(nearest * 10) / 10.0)
                                .put("capped", nearest >= maxM)));
            }
        }
        return out;
    }

    private static JsonArray pos(double lon, double lat) {
        return new JsonArray().add(Math.round(lon * 1e6) / 1e6).add(Math.round(lat * 1e6) / 1e6);
    }
}
