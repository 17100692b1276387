package org.yizhan.coverage;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.locationtech.jts.algorithm.locate.IndexedPointInAreaLocator;
import org.locationtech.jts.algorithm.locate.PointOnGeometryLocator;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.Location;
import org.locationtech.jts.geom.Point;
import org.locationtech.jts.geom.Polygon;
import org.locationtech.jts.simplify.DouglasPeuckerSimplifier;
import org.yizhan.coverage.CoverageCalculator.Demand;
import org.yizhan.coverage.CoverageCalculator.Gap;
import org.yizhan.coverage.CoverageCalculator.Result;
import org.yizhan.coverage.CoverageRepository.Area;
import org.yizhan.coverage.CoverageRepository.Child;
import org.yizhan.coverage.CoverageRepository.Union;
import org.yizhan.geo.Crs;
import org.yizhan.geo.Features;
import org.yizhan.geo.Utm;
import org.yizhan.http.ApiException;
import org.yizhan.stations.StationFilter;

/**
 * Coverage answers for planners. SQL builds the union of station circles (PostGIS, off the event loop by
 * nature); the overlay with the area, demand tallies, per-district figures and site search run in JTS on
 * worker threads. Answers are cached by request and by the database's data version (a counter every
 * write to stations, regions or demand moves), so a cached answer is never stale.
 */
public final class CoverageService {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(CoverageService.class);

    /** Bounds on the analysed area: one UTM zone wide, and not more vertices than an import may hold. */
    static final double MAX_WIDTH_DEG = 6;

    static final double MAX_HEIGHT_DEG = 6;
    static final int MAX_AREA_VERTICES = 200_000;

    private final Vertx vertx;
    private final CoverageRepository repo;
    /** Resolved areas, analyses (unions, demand, gaps) and encoded answers, all keyed by data version. */
    private final FutureCache<Area> areas = new FutureCache<>(64, "coverage_areas");

    private final FutureCache<Analysis> analyses = new FutureCache<>(16, "coverage_analyses");
    private final FutureCache<String> answers = new FutureCache<>(256, "coverage_answers");

    private final TravelCoverage travel;

    /** @param travel coverage by travel time (org.yizhan.routing), or null for straight-line coverage only */
    public CoverageService(Vertx vertx, CoverageRepository repo, TravelCoverage travel) {
        this.vertx = vertx;
        this.repo = repo;
        this.travel = travel;
    }

    /**
     * Coverage by travel time instead of a radius: the union of the stations' reachable areas within
     * {@code minutes} by {@code mode}, projected to the area's SRID. Implemented by the routing package.
     */
    public interface TravelCoverage {
        Future<Union> union(Area area, StationFilter filter, Travel travel, long[] removed);

        /**
         * Where points (WGS 84, in order) join the road network as a station would: the distinct nearest
         * vertices (lon, lat) of points within the snap limit (300 m) of a network, in the order of the
         * first point joining each; points farther than that are passed over.
         */
        Future<double[][]> joined(double[] lon, double[] lat);

        /**
         * The area a station at each point (WGS 84) would reach, as its isochrone, projected to the area's
         * SRID; in order. 422 {@code no_network} naming {@code field} and the point's index when a point
         * is farther than the snap limit from every network.
         */
        Future<List<Geometry>> reach(Area area, Travel travel, double[] lon, double[] lat, String field);
    }

    /** A travel mode (checked by the routes) and a time limit in minutes. */
    public record Travel(String mode, int minutes) {}

    /**
     * What to analyse: a region (id or code) or a WGS 84 bbox, the station filter, radius (or travel
     * time, when {@code travel} is not null), and what-if edits.
     */
    public record Query(
            String region,
            double[] bbox,
            StationFilter filter,
            double radiusM,
            int maxGaps,
            long[] removed,
            double[] addLon,
            double[] addLat,
            Travel travel) {
        public Query(
                String region,
                double[] bbox,
                StationFilter filter,
                double radiusM,
                int maxGaps,
                long[] removed,
                double[] addLon,
                double[] addLat) {
            this(region, bbox, filter, radiusM, maxGaps, removed, addLon, addLat, null);
        }

        String areaKey() {
            return region + "|" + Arrays.toString(bbox);
        }

        /** Everything that shapes the union and the demand tallies (not how many gaps are shown). */
        String analysisKey() {
            return areaKey() + "|" + filter + "|" + radiusM + "|" + Arrays.toString(removed) + "|"
                    + Arrays.toString(addLon) + "|" + Arrays.toString(addLat) + "|" + travel;
        }

        Query withoutEdits() {
            return new Query(region, bbox, filter, radiusM, maxGaps, new long[0], new double[0], new double[0], travel);
        }

        /** The same query without the added sites (removals kept): the base they are added to. */
        Query withoutAdded() {
            return new Query(region, bbox, filter, radiusM, maxGaps, removed, new double[0], new double[0], travel);
        }
    }

    /**
     * One computed coverage: the area, demand, the union of the stations' circles (projected; added
     * sites are not in it), the result with every gap, and how many stations and sites counted.
     */
    record Analysis(Area area, Demand demand, Geometry covered, Result result, long stations) {}

    /** A region (id or code) resolved and checked as the analyses resolve theirs; 404 when unknown. */
    public Future<Area> region(String idOrCode) {
        Query q = new Query(idOrCode, null, null, 0, 0, new long[0], new double[0], new double[0]);
        return repo.dataVersion().compose(v -> area(q, v));
    }

    /** The analysis of a query at the data version now (the one {@code /coverage} answers from). */
    Future<Analysis> analysis(Query q) {
        return repo.dataVersion().compose(v -> analysis(q, v));
    }

    Future<Area> area(Query q, long version) {
        return areas.get(q.areaKey() + "|v" + version, () -> resolve(q));
    }

    private Future<Area> resolve(Query q) {
        Future<Area> f = q.region() != null ? repo.region(q.region()) : repo.bbox(q.bbox());
        return f.map(a -> {
            if (a == null) {
                throw ApiException.notFound("region " + q.region() + " does not exist");
            }
            String field = q.region() != null ? "region" : "bbox";
            if (a.widthDeg() > MAX_WIDTH_DEG || a.heightDeg() > MAX_HEIGHT_DEG) {
                throw ApiException.invalid(
                        field,
                        "the area spans more than " + (int) MAX_WIDTH_DEG
                                + "° of longitude or latitude; analyse its parts");
            }
            if (a.npoints() > MAX_AREA_VERTICES) {
                throw new ApiException(
                        413, "payload_too_large", field, "the region has more than " + MAX_AREA_VERTICES + " vertices");
            }
            return a;
        });
    }

    /** GET /coverage: shares of area and demand covered, and the gaps; the answer as JSON text. */
    public Future<String> coverage(Query q) {
        long start = System.nanoTime();
        return repo.dataVersion().compose(v -> coverage(q, v, start));
    }

    private Future<String> coverage(Query q, long v, long start) {
        String key = "coverage|" + q.analysisKey() + "|" + q.maxGaps() + "|v" + v;
        boolean cached = answers.hasCompleted(key);
        return answers.get(
                        key, () -> analysis(q, v).compose(an -> render(an, q)).map(JsonObject::encode))
                .map(body -> timed(body, cached, start));
    }

    /**
     * The coverage for a query: stations' circles from PostGIS (removals left out), then any added sites
     * by {@link CoverageCalculator#withSites} on top of the analysis without them — the computation the
     * suggestions' figures use too.
     */
    Future<Analysis> analysis(Query q, long version) {
        if (q.addLon().length > 0 && q.travel() != null) {
            return analyses.get(
                    q.analysisKey() + "|v" + version,
                    () -> analysis(q.withoutAdded(), version)
                            .compose(base -> travel.reach(base.area(), q.travel(), q.addLon(), q.addLat(), "add")
                                    .compose(areas -> vertx.executeBlocking(
                                            () -> new Analysis(
                                                    base.area(),
                                                    base.demand(),
                                                    base.covered(),
                                                    CoverageCalculator.withArea(
                                                            base.result(),
                                                            base.demand(),
                                                            CoverageCalculator.union(areas),
                                                            Integer.MAX_VALUE),
                                                    base.stations() + q.addLon().length),
                                            false))));
        }
        if (q.addLon().length > 0) {
            return analyses.get(
                    q.analysisKey() + "|v" + version,
                    () -> analysis(q.withoutAdded(), version)
                            .compose(base -> repo.toUtm(
                                            q.addLon(), q.addLat(), base.area().srid())
                                    .compose(xy -> vertx.executeBlocking(
                                            () -> new Analysis(
                                                    base.area(),
                                                    base.demand(),
                                                    base.covered(),
                                                    CoverageCalculator.withSites(
                                                            base.result(),
                                                            base.demand(),
                                                            xy[0],
                                                            xy[1],
                                                            q.radiusM(),
                                                            Integer.MAX_VALUE),
                                                    base.stations() + q.addLon().length),
                                            false))));
        }
        return area(q, version)
                .compose(area -> analyses.get(q.analysisKey() + "|v" + version, () -> {
                    long t0 = System.nanoTime();
                    Future<Union> union = q.travel() == null
                            ? repo.union(area, q.filter(), q.radiusM(), q.removed())
                            : travel.union(area, q.filter(), q.travel(), q.removed());
                    Future<Demand> demand = repo.demand(area);
                    return Future.all(union, demand).compose(done -> {
                        long t1 = System.nanoTime();
                        return vertx.executeBlocking(
                                () -> {
                                    Geometry covered = union.result().covered();
                                    Analysis an = new Analysis(
                                            area,
                                            demand.result(),
                                            covered,
                                            CoverageCalculator.compute(
                                                    area.utm(), covered, demand.result(), Integer.MAX_VALUE),
                                            union.result().stations());
                                    LOG.debug(
                                            "coverage analysis: union and demand queries {} ms, overlay and tallies {} ms",
                                            (t1 - t0) / 1_000_000,
                                            (System.nanoTime() - t1) / 1_000_000);
                                    return an;
                                },
                                false);
                    });
                }));
    }

    /** Appends this request's cache flag and timing to a cached answer without decoding it. */
    private static String timed(String body, boolean cached, long start) {
        return body.substring(0, body.length() - 1) + ",\"cached\":" + cached + ",\"computed_ms\":" + ms(start) + "}";
    }

    private Future<JsonObject> render(Analysis an, Query q) {
        return vertx.executeBlocking(
                        () -> {
                            List<Gap> gaps = shownGaps(an, q);
                            List<JsonObject> properties =
                                    gapProperties(gaps, an.area().srid());
                            JsonArray features = new JsonArray();
                            for (int i = 0; i < gaps.size(); i++) {
                                features.add(new JsonObject()
                                        .put("type", "Feature")
                                        .put(
                                                "geometry",
                                                polygonJson(
                                                        gaps.get(i).polygon(),
                                                        an.area().srid()))
                                        .put("properties", properties.get(i)));
                            }
                            return features;
                        },
                        false)
                .map(features -> {
                    Result r = an.result();
                    return new JsonObject()
                            .put("region", regionJson(an.area(), q))
                            .mergeIn(reachJson(q))
                            .put("filter", q.filter().toJson())
                            .put("area_km2", round(r.areaKm2(), 4))
                            .put("covered_km2", round(r.coveredKm2(), 4))
                            .put("covered_share", r.areaKm2() == 0 ? null : round(r.coveredKm2() / r.areaKm2(), 6))
                            .put("demand_total", round(r.demandTotal(), 3))
                            .put("demand_covered", round(r.demandCovered(), 3))
                            .put(
                                    "demand_share",
                                    r.demandTotal() == 0 ? null : round(r.demandCovered() / r.demandTotal(), 6))
                            .put("stations_considered", an.stations())
                            .put("gaps_total", r.gapsTotal())
                            .put("gaps", Features.collection(features).put("numberReturned", features.size()))
                            .put("data_version", an.area().dataVersion());
                });
    }

    /** GET /coverage?format=csv: the gaps {@link #coverage} lists, one row each, as CSV text. */
    public Future<String> gapsCsv(Query q) {
        return repo.dataVersion()
                .compose(v -> answers.get(
                        "gaps.csv|" + q.analysisKey() + "|" + q.maxGaps() + "|v" + v,
                        () -> analysis(q, v)
                                .compose(an -> vertx.executeBlocking(
                                        () -> CsvTable.of(
                                                GAP_COLUMNS,
                                                gapProperties(
                                                        shownGaps(an, q),
                                                        an.area().srid())),
                                        false))));
    }

    /** The CSV columns of a gap: its GeoJSON properties. */
    static final List<String> GAP_COLUMNS = List.of("rank", "centroid_lon", "centroid_lat", "area_km2", "demand");

    private static List<Gap> shownGaps(Analysis an, Query q) {
        return an.result()
                .gaps()
                .subList(0, Math.min(q.maxGaps(), an.result().gaps().size()));
    }

    /** Each gap's properties, in {@link #GAP_COLUMNS} order: rank, centroid (WGS 84), area, demand. */
    private static List<JsonObject> gapProperties(List<Gap> gaps, int srid) {
        List<JsonObject> out = new ArrayList<>(gaps.size());
        for (int i = 0; i < gaps.size(); i++) {
            Gap g = gaps.get(i);
            Point c = g.polygon().getCentroid();
            double[] ll = Utm.toWgs84(c.getX(), c.getY(), srid);
            out.add(new JsonObject()
                    .put("rank", i + 1)
                    .put("centroid_lon", round(ll[0], 6))
                    .put("centroid_lat", round(ll[1], 6))
                    .put("area_km2", round(g.areaKm2(), 4))
                    .put("demand", round(g.demand(), 3)));
        }
        return out;
    }

    /**
     * A projected gap as a GeoJSON Polygon in WGS 84, simplified by 5 m for display (areas and demand
     * were measured on the exact polygon). Converted in Java (Krüger series) rather than by PostGIS: it
     * saves a round trip carrying every vertex twice.
     */
    static JsonObject polygonJson(Polygon p, int srid) {
        DouglasPeuckerSimplifier simplifier = new DouglasPeuckerSimplifier(p);
        simplifier.setDistanceTolerance(5);
        simplifier.setEnsureValid(false);
        Geometry g = simplifier.getResultGeometry();
        Polygon shown = g instanceof Polygon sp && !sp.isEmpty() ? sp : p;
        JsonArray rings = new JsonArray().add(ringJson(shown.getExteriorRing().getCoordinates(), srid));
        for (int h = 0; h < shown.getNumInteriorRing(); h++) {
            rings.add(ringJson(shown.getInteriorRingN(h).getCoordinates(), srid));
        }
        return new JsonObject().put("type", "Polygon").put("coordinates", rings);
    }

    private static JsonArray ringJson(Coordinate[] cs, int srid) {
        JsonArray ring = new JsonArray();
        for (Coordinate c : cs) {
            double[] ll = Utm.toWgs84(c.x, c.y, srid);
            ring.add(new JsonArray().add(round(ll[0], 6)).add(round(ll[1], 6)));
        }
        return ring;
    }

    /** POST /coverage/what-if: the same answer before and after the edits; nothing is written. */
    public Future<String> whatIf(Query q) {
        return repo.dataVersion().compose(v -> whatIf(q, v));
    }

    /** Both sides at one data version, so a write in between cannot make them compare different data. */
    private Future<String> whatIf(Query q, long v) {
        long start = System.nanoTime();
        Future<String> before = coverage(q.withoutEdits(), v, start);
        Future<String> after = coverage(q, v, start);
        return Future.all(before, after)
                .map(done -> "{\"before\":" + before.result() + ",\"after\":" + after.result() + "}");
    }

    /**
     * POST /coverage/suggestions: ranked new sites covering the most uncovered demand, in {@code crs}.
     * The suggester searches in the projection; every figure is then measured for the sites as the
     * answer shows them (rounded to 7 decimals, in {@code crs}) and read back as what-if reads posted
     * points, by the computation what-if uses on the same analysis ({@link CoverageCalculator#addSites},
     * or by travel time {@link CoverageCalculator#addArea} of the sites' reached areas): what-if with the
     * first i sites reports exactly the i-th site's cumulative figures.
     */
    public Future<JsonObject> suggestions(Query q, int count, double[] candLon, double[] candLat, Crs crs) {
        long start = System.nanoTime();
        return repo.dataVersion().compose(v -> analysis(q, v)).compose(an -> {
            Future<double[][]> found = q.travel() == null
                    ? radiusSites(an, q, count, candLon, candLat)
                    : timeSites(an, q, count, candLon, candLat);
            return found.compose(ll -> {
                List<JsonObject> points = new ArrayList<>();
                double[][] back = new double[2][ll[0].length];
                for (int i = 0; i < ll[0].length; i++) {
                    JsonObject point = Features.toCrs(
                                    new JsonObject()
                                            .put(
                                                    "geometry",
                                                    new JsonObject()
                                                            .put("type", "Point")
                                                            .put(
                                                                    "coordinates",
                                                                    new JsonArray()
                                                                            .add(round(ll[0][i], 7))
                                                                            .add(round(ll[1][i], 7)))),
                                    crs)
                            .getJsonObject("geometry");
                    points.add(point);
                    JsonArray shown = point.getJsonArray("coordinates");
                    double[] w = crs.toWgs84(shown.getDouble(0), shown.getDouble(1));
                    back[0][i] = w[0];
                    back[1][i] = w[1];
                }
                Result base = an.result();
                Future<List<JsonObject>> figures = q.travel() == null
                        ? repo.toUtm(back[0], back[1], an.area().srid())
                                .compose(xy -> vertx.executeBlocking(
                                        () -> siteFigures(
                                                an,
                                                points.size(),
                                                i -> CoverageCalculator.addSites(
                                                        base,
                                                        an.demand(),
                                                        Arrays.copyOf(xy[0], i),
                                                        Arrays.copyOf(xy[1], i),
                                                        q.radiusM())),
                                        false))
                        : travel.reach(an.area(), q.travel(), back[0], back[1], "candidates")
                                .compose(areas -> vertx.executeBlocking(
                                        () -> siteFigures(
                                                an,
                                                points.size(),
                                                i -> CoverageCalculator.addArea(
                                                        base,
                                                        an.demand(),
                                                        CoverageCalculator.union(areas.subList(0, i)))),
                                        false));
                return figures.map(f -> {
                    JsonArray features = new JsonArray();
                    for (int i = 0; i < points.size(); i++) {
                        features.add(new JsonObject()
                                .put("type", "Feature")
                                .put("geometry", points.get(i))
                                .put("properties", f.get(i)));
                    }
                    return Features.collection(features)
                            .put("numberReturned", features.size())
                            .put("region", regionJson(an.area(), q))
                            .mergeIn(reachJson(q))
                            .put("area_km2", round(base.areaKm2(), 4))
                            .put("covered_km2_before", round(base.coveredKm2(), 4))
                            .put("demand_total", round(base.demandTotal(), 3))
                            .put("demand_covered_before", round(base.demandCovered(), 3))
                            .put("computed_ms", ms(start));
                });
            });
        });
    }

    /** The straight-line suggester's sites (WGS 84), from the given candidates or its default grid. */
    private Future<double[][]> radiusSites(Analysis an, Query q, int count, double[] candLon, double[] candLat) {
        int srid = an.area().srid();
        Future<double[][]> cand = candLon == null ? Future.succeededFuture(null) : repo.toUtm(candLon, candLat, srid);
        return cand.compose(c -> vertx.executeBlocking(
                        () -> Suggester.suggest(
                                an.demand(),
                                an.result().uncovered(),
                                c == null ? null : c[0],
                                c == null ? null : c[1],
                                q.radiusM(),
                                count),
                        false))
                .compose(sites -> repo.toWgs84(
                        sites.stream().mapToDouble(Suggester.Site::x).toArray(),
                        sites.stream().mapToDouble(Suggester.Site::y).toArray(),
                        srid));
    }

    /** Default candidates by travel time: the road vertices nearest the heaviest uncovered demand cells. */
    static final int TIME_CANDIDATES = 100;
    /** Side of the cells the uncovered demand is summed in to find them (m). */
    static final double TIME_CELL_M = 500;
    /** Cells of uncovered demand looked at for candidates, the heaviest first (a city of 6,800 km² has 27,000). */
    static final int MAX_TIME_CELLS = 25_000;
    /** Cells joined to the network per query while looking for candidates. */
    static final int TIME_CELL_CHUNK = 2_500;

    /**
     * Sites by travel time (WGS 84): each candidate (given, or by default {@link #timeCandidates})
     * reaches what a station there would ({@link TravelCoverage#reach}); it covers the uncovered demand in
     * that area; maximal covering ({@link Suggester#choose}) picks and ranks them.
     */
    private Future<double[][]> timeSites(Analysis an, Query q, int count, double[] candLon, double[] candLat) {
        int[] uncovered = an.result().uncovered();
        if (uncovered.length == 0) {
            return Future.succeededFuture(new double[2][0]);
        }
        Future<double[][]> cand;
        if (candLon != null) {
            cand = Future.succeededFuture(new double[][] {candLon, candLat});
        } else {
            double[][] cells = Suggester.heaviestCells(an.demand(), uncovered, TIME_CELL_M, MAX_TIME_CELLS);
            cand = repo.toWgs84(cells[0], cells[1], an.area().srid())
                    .compose(ll -> vertx.executeBlocking(
                                    () -> an.covered() == null ? null : new IndexedPointInAreaLocator(an.covered()),
                                    false)
                            .compose(in -> timeCandidates(an, ll, 0, in, new java.util.LinkedHashSet<>())));
        }
        return cand.compose(c -> travel.reach(an.area(), q.travel(), c[0], c[1], "candidates")
                .compose(areas -> vertx.executeBlocking(
                        () -> {
                            double[] w = new double[uncovered.length];
                            for (int i = 0; i < uncovered.length; i++) {
                                w[i] = an.demand().weight()[uncovered[i]];
                            }
                            List<Suggester.Pick> picks =
                                    Suggester.choose(Suggester.coverSets(an.demand(), uncovered, areas), w, count);
                            double[][] out = new double[2][picks.size()];
                            for (int i = 0; i < picks.size(); i++) {
                                out[0][i] = c[0][picks.get(i).candidate()];
                                out[1][i] = c[1][picks.get(i).candidate()];
                            }
                            return out;
                        },
                        false)));
    }

    /**
     * The default candidates by time, from the cells (WGS 84, heaviest first) at {@code from} on, a chunk
     * of {@value #TIME_CELL_CHUNK} at a time: the vertices the cells join, but none already inside the
     * covered area ({@code covered}; null: nothing is). Where the network covers part of the area, the
     * heaviest uncovered demand is often off it, or in blocks whose roads the stations already reach (a
     * site there adds nothing); the candidates are the vertices at and beyond the reach's edge, near the
     * heaviest demand that has them. Resolves to at most {@value #TIME_CANDIDATES} positions.
     */
    private Future<double[][]> timeCandidates(
            Analysis an,
            double[][] cells,
            int from,
            PointOnGeometryLocator covered,
            java.util.Set<List<Double>> found) {
        int to = Math.min(cells[0].length, from + TIME_CELL_CHUNK);
        if (from >= to || found.size() >= TIME_CANDIDATES) {
            double[][] out = new double[2][found.size()];
            int i = 0;
            for (List<Double> p : found) {
                out[0][i] = p.get(0);
                out[1][i++] = p.get(1);
            }
            return Future.succeededFuture(out);
        }
        return travel.joined(Arrays.copyOfRange(cells[0], from, to), Arrays.copyOfRange(cells[1], from, to))
                .compose(v -> (v[0].length == 0
                                ? Future.succeededFuture(v)
                                : repo.toUtm(v[0], v[1], an.area().srid()))
                        .compose(xy -> vertx.executeBlocking(
                                () -> {
                                    for (int i = 0; i < v[0].length && found.size() < TIME_CANDIDATES; i++) {
                                        if (covered == null
                                                || covered.locate(new Coordinate(xy[0][i], xy[1][i]))
                                                        == Location.EXTERIOR) {
                                            found.add(List.of(v[0][i], v[1][i]));
                                        }
                                    }
                                    return found;
                                },
                                false)))
                .compose(f -> timeCandidates(an, cells, to, covered, f));
    }

    /** The CSV columns of a suggested site: its position in the request's crs and its properties. */
    static final List<String> SUGGESTION_COLUMNS = List.of(
            "rank",
            "lon",
            "lat",
            "demand_added",
            "area_added_km2",
            "demand_covered_cumulative",
            "demand_share_cumulative",
            "covered_km2_cumulative");

    /**
     * For each site, what it and the sites ranked above it give ({@code firstSites.apply(i)}: the first i):
     * the figures what-if's {@code after} reports for them (rounded alike), and the rise of each over the
     * rank before.
     */
    private static List<JsonObject> siteFigures(
            Analysis an, int sites, java.util.function.IntFunction<CoverageCalculator.Added> firstSites) {
        Result base = an.result();
        List<JsonObject> out = new ArrayList<>();
        double demandBefore = round(base.demandCovered(), 3);
        double areaBefore = round(base.coveredKm2(), 4);
        for (int i = 1; i <= sites; i++) {
            CoverageCalculator.Added a = firstSites.apply(i);
            double demand = round(a.demandCovered(), 3);
            double area = round(a.coveredKm2(), 4);
            out.add(new JsonObject()
                    .put("rank", i)
                    .put("demand_added", round(demand - demandBefore, 3))
                    .put("area_added_km2", round(area - areaBefore, 4))
                    .put("demand_covered_cumulative", demand)
                    .put(
                            "demand_share_cumulative",
                            base.demandTotal() == 0 ? null : round(a.demandCovered() / base.demandTotal(), 6))
                    .put("covered_km2_cumulative", area));
            demandBefore = demand;
            areaBefore = area;
        }
        return out;
    }

    /** GET /coverage/districts: one row per child region of {@code q.region()}; the answer as JSON text. */
    public Future<String> districts(Query q) {
        long start = System.nanoTime();
        return repo.dataVersion().compose(v -> {
            String key = "districts|" + q.analysisKey() + "|v" + v;
            boolean cached = answers.hasCompleted(key);
            return answers.get(
                            key,
                            () -> analysis(q, v)
                                    .compose(parent -> repo.children(parent.area(), q.filter())
                                            .compose(children -> vertx.executeBlocking(
                                                    () -> districtRows(children, parent.covered(), parent.demand()),
                                                    false))
                                            .map(rows -> new JsonObject()
                                                    .put("parent", regionJson(parent.area(), q))
                                                    .mergeIn(reachJson(q))
                                                    .put("filter", q.filter().toJson())
                                                    .put("districts", rows)
                                                    .put("data_version", v)
                                                    .encode())))
                    .map(body -> timed(body, cached, start));
        });
    }

    private static JsonArray districtRows(List<Child> children, Geometry covered, Demand demand) {
        IndexedPointInAreaLocator coveredAt = covered == null ? null : new IndexedPointInAreaLocator(covered);
        JsonArray rows = new JsonArray();
        for (Child c : children) {
            IndexedPointInAreaLocator inside = new IndexedPointInAreaLocator(c.utm());
            double total = 0;
            double cov = 0;
            for (int i = 0; i < demand.size(); i++) {
                Coordinate p = new Coordinate(demand.x()[i], demand.y()[i]);
                if (!c.utm().getEnvelopeInternal().contains(p) || inside.locate(p) == Location.EXTERIOR) {
                    continue;
                }
                total += demand.weight()[i];
                if (coveredAt != null && coveredAt.locate(p) != Location.EXTERIOR) {
                    cov += demand.weight()[i];
                }
            }
            Geometry gaps = covered == null ? c.utm() : CoverageCalculator.difference(c.utm(), covered);
            double area = c.utm().getArea() / 1e6;
            double gapArea = gaps.getArea() / 1e6;
            double largest = 0;
            for (Polygon p : CoverageCalculator.nonEmptyPolygons(gaps)) {
                largest = Math.max(largest, p.getArea() / 1e6);
            }
            rows.add(new JsonObject()
                    .put("id", c.id())
                    .put("code", c.code())
                    .put("name", c.name())
                    .put("area_km2", round(area, 4))
                    .put("covered_km2", round(area - gapArea, 4))
                    .put("covered_share", area == 0 ? null : round((area - gapArea) / area, 6))
                    .put("demand_total", round(total, 3))
                    .put("demand_covered", round(cov, 3))
                    .put("demand_share", total == 0 ? null : round(cov / total, 6))
                    .put("stations", c.stations())
                    .put("stations_per_10k_demand", total == 0 ? null : round(c.stations() * 10_000 / total, 3))
                    .put("largest_gap_km2", round(largest, 4)));
        }
        return rows;
    }

    private static JsonObject regionJson(Area a, Query q) {
        if (a.regionId() == null) {
            return new JsonObject()
                    .put(
                            "bbox",
                            new JsonArray()
                                    .add(q.bbox()[0])
                                    .add(q.bbox()[1])
                                    .add(q.bbox()[2])
                                    .add(q.bbox()[3]));
        }
        return regionJson(a);
    }

    /** A region area as the answers name it: id, code, name, level. */
    static JsonObject regionJson(Area a) {
        return new JsonObject()
                .put("id", a.regionId())
                .put("code", a.code())
                .put("name", a.name())
                .put("level", a.level());
    }

    /** What counts as reached: {@code radius_m}, or {@code mode} and {@code minutes} for coverage by time. */
    private static JsonObject reachJson(Query q) {
        return q.travel() == null
                ? new JsonObject().put("radius_m", q.radiusM())
                : new JsonObject()
                        .put("mode", q.travel().mode())
                        .put("minutes", q.travel().minutes());
    }

    static double round(double v, int digits) {
        double f = Math.pow(10, digits);
        return Math.round(v * f) / f;
    }

    private static long ms(long start) {
        return (System.nanoTime() - start) / 1_000_000;
    }
}
