package org.yizhan.coverage;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Arrays;
import java.util.List;
import org.locationtech.jts.algorithm.locate.IndexedPointInAreaLocator;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.Location;
import org.locationtech.jts.geom.Polygon;
import org.locationtech.jts.simplify.DouglasPeuckerSimplifier;
import org.yizhan.coverage.CoverageCalculator.Demand;
import org.yizhan.coverage.CoverageCalculator.Gap;
import org.yizhan.coverage.CoverageCalculator.Result;
import org.yizhan.coverage.CoverageRepository.Area;
import org.yizhan.coverage.CoverageRepository.Child;
import org.yizhan.coverage.CoverageRepository.Union;
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
    private final FutureCache<Area> areas = new FutureCache<>(64);
    private final FutureCache<Analysis> analyses = new FutureCache<>(16);
    private final FutureCache<String> answers = new FutureCache<>(256);

    public CoverageService(Vertx vertx, CoverageRepository repo) {
        this.vertx = vertx;
        this.repo = repo;
    }

    /** What to analyse: a region (id or code) or a WGS 84 bbox, the station filter, radius, and what-if edits. */
    public record Query(String region, double[] bbox, StationFilter filter, double radiusM, int maxGaps,
            long[] removed, double[] addLon, double[] addLat) {
        String areaKey() {
            return region + "|" + Arrays.toString(bbox);
        }

        /** Everything that shapes the union and the demand tallies (not how many gaps are shown). */
        String analysisKey() {
            return areaKey() + "|" + filter + "|" + radiusM + "|" + Arrays.toString(removed) + "|"
                    + Arrays.toString(addLon) + "|" + Arrays.toString(addLat);
        }

        Query withoutEdits() {
            return new Query(region, bbox, filter, radiusM, maxGaps, new long[0], new double[0], new double[0]);
        }
    }

    /** One computed coverage: the area, demand, union of circles (projected), result with every gap. */
    record Analysis(Area area, Demand demand, Geometry covered, Result result, long stations) {
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
                throw ApiException.invalid(field, "the area spans more than " + (int) MAX_WIDTH_DEG
                        + "° of longitude or latitude; analyse its parts");
            }
            if (a.npoints() > MAX_AREA_VERTICES) {
                throw new ApiException(413, "payload_too_large", field, "the region has more than "
                        + MAX_AREA_VERTICES + " vertices");
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
        return answers.get(key, () -> analysis(q, v).compose(an -> render(an, q)).map(JsonObject::encode))
                .map(body -> timed(body, cached, start));
    }

    Future<Analysis> analysis(Query q, long version) {
        return area(q, version).compose(area -> analyses.get(q.analysisKey() + "|v" + version, () -> {
            long t0 = System.nanoTime();
            Future<Union> union = repo.union(area, q.filter(), q.radiusM(), q.removed(), q.addLon(), q.addLat());
            Future<Demand> demand = repo.demand(area);
            return Future.all(union, demand).compose(done -> {
                long t1 = System.nanoTime();
                return vertx.executeBlocking(() -> {
                    Geometry covered = union.result().covered();
                    Analysis an = new Analysis(area, demand.result(), covered,
                            CoverageCalculator.compute(area.utm(), covered, demand.result(), Integer.MAX_VALUE),
                            union.result().stations());
                    LOG.debug("coverage analysis: union and demand queries {} ms, overlay and tallies {} ms",
                            (t1 - t0) / 1_000_000, (System.nanoTime() - t1) / 1_000_000);
                    return an;
                }, false);
            });
        }));
    }

    /** Appends this request's cache flag and timing to a cached answer without decoding it. */
    private static String timed(String body, boolean cached, long start) {
        return body.substring(0, body.length() - 1) + ",\"cached\":" + cached + ",\"computed_ms\":" + ms(start) + "}";
    }

    private Future<JsonObject> render(Analysis an, Query q) {
        List<Gap> gaps = an.result().gaps().subList(0, Math.min(q.maxGaps(), an.result().gaps().size()));
        int srid = an.area().srid();
        return vertx.executeBlocking(() -> {
            JsonArray features = new JsonArray();
            for (int i = 0; i < gaps.size(); i++) {
                features.add(new JsonObject().put("type", "Feature").put("geometry", polygonJson(gaps.get(i).polygon(), srid))
                        .put("properties", new JsonObject().put("rank", i + 1)
                                .put("area_km2", round(gaps.get(i).areaKm2(), 4))
                                .put("demand", round(gaps.get(i).demand(), 3))));
            }
            return features;
        }, false).map(features -> {
            Result r = an.result();
            return new JsonObject()
                    .put("region", regionJson(an.area(), q))
                    .put("radius_m", q.radiusM())
                    .put("filter", q.filter().toJson())
                    .put("area_km2", round(r.areaKm2(), 4))
                    .put("covered_km2", round(r.coveredKm2(), 4))
                    .put("covered_share", r.areaKm2() == 0 ? null : round(r.coveredKm2() / r.areaKm2(), 6))
                    .put("demand_total", round(r.demandTotal(), 3))
                    .put("demand_covered", round(r.demandCovered(), 3))
                    .put("demand_share", r.demandTotal() == 0 ? null : round(r.demandCovered() / r.demandTotal(), 6))
                    .put("stations_considered", an.stations())
                    .put("gaps_total", r.gapsTotal())
                    .put("gaps", Features.collection(features).put("numberReturned", features.size()))
                    .put("data_version", an.area().dataVersion());
        });
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
        return Future.all(before, after).map(done -> "{\"before\":" + before.result() + ",\"after\":" + after.result() + "}");
    }

    /** POST /coverage/suggestions: ranked new sites covering the most uncovered demand. */
    public Future<JsonObject> suggestions(Query q, int count, double[] candLon, double[] candLat) {
        long start = System.nanoTime();
        return repo.dataVersion().compose(v -> analysis(q, v)).compose(an -> {
            Area area = an.area();
            Future<double[][]> cand = candLon == null ? Future.succeededFuture(null) : repo.toUtm(candLon, candLat, area.srid());
            return cand.compose(c -> vertx.executeBlocking(() -> Suggester.suggest(an.demand(), an.result().uncovered(),
                    c == null ? null : c[0], c == null ? null : c[1], q.radiusM(), count), false))
                    .compose(sites -> {
                        double[] x = sites.stream().mapToDouble(Suggester.Site::x).toArray();
                        double[] y = sites.stream().mapToDouble(Suggester.Site::y).toArray();
                        return repo.toWgs84(x, y, area.srid()).map(ll -> {
                            Result r = an.result();
                            JsonArray features = new JsonArray();
                            double cumulative = r.demandCovered();
                            for (int i = 0; i < sites.size(); i++) {
                                cumulative += sites.get(i).demandAdded();
                                features.add(new JsonObject().put("type", "Feature")
                                        .put("geometry", new JsonObject().put("type", "Point").put("coordinates",
                                                new JsonArray().add(round(ll[0][i], 7)).add(round(ll[1][i], 7))))
                                        .put("properties", new JsonObject().put("rank", i + 1)
                                                .put("demand_added", round(sites.get(i).demandAdded(), 3))
                                                .put("demand_share_cumulative", r.demandTotal() == 0 ? null
                                                        : round(cumulative / r.demandTotal(), 6))));
                            }
                            return Features.collection(features)
                                    .put("numberReturned", features.size())
                                    .put("region", regionJson(area, q))
                                    .put("radius_m", q.radiusM())
                                    .put("demand_total", round(r.demandTotal(), 3))
                                    .put("demand_covered_before", round(r.demandCovered(), 3))
                                    .put("computed_ms", ms(start));
                        });
                    });
        });
    }

    /** GET /coverage/districts: one row per child region of {@code q.region()}; the answer as JSON text. */
    public Future<String> districts(Query q) {
        long start = System.nanoTime();
        return repo.dataVersion().compose(v -> {
            String key = "districts|" + q.analysisKey() + "|v" + v;
            boolean cached = answers.hasCompleted(key);
            return answers.get(key, () -> analysis(q, v).compose(parent -> repo.children(parent.area(), q.filter())
                    .compose(children -> vertx.executeBlocking(() ->
                            districtRows(children, parent.covered(), parent.demand()), false))
                    .map(rows -> new JsonObject().put("parent", regionJson(parent.area(), q))
                            .put("radius_m", q.radiusM()).put("filter", q.filter().toJson())
                            .put("districts", rows).put("data_version", v).encode())))
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
                    .put("id", c.id()).put("code", c.code()).put("name", c.name())
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
            return new JsonObject().put("bbox", new JsonArray().add(q.bbox()[0]).add(q.bbox()[1]).add(q.bbox()[2]).add(q.bbox()[3]));
        }
        return new JsonObject().put("id", a.regionId()).put("code", a.code()).put("name", a.name()).put("level", a.level());
    }


    static double round(double v, int digits) {
        double f = Math.pow(10, digits);
        return Math.round(v * f) / f;
    }

    private static long ms(long start) {
        return (System.nanoTime() - start) / 1_000_000;
    }
}
