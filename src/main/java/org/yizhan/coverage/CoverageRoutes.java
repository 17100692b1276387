package org.yizhan.coverage;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.yizhan.geo.Crs;
import org.yizhan.http.ApiException;
import org.yizhan.http.Bodies;
import org.yizhan.http.Params;
import org.yizhan.stations.StationFilter;

/**
 * {@code /api/v1/coverage}: planners' analyses. Query parameters for GETs; the POSTs take the same names
 * in a JSON body. Coverage counts only {@code open} stations unless {@code status} says otherwise.
 */
public final class CoverageRoutes {

    public static final double MIN_RADIUS_M = 50;
    public static final double MAX_RADIUS_M = 20_000;
    public static final int MAX_GRID_CELLS = 50_000;
    static final int MAX_ADD = 500;
    static final int MAX_REMOVE = 10_000;
    static final int MAX_CANDIDATES = 5_000;

    /** Coverage counts open stations unless a status is named. */
    private static final List<String> OPEN = List.of("open");

    private static final Set<String> AREA_PARAMS =
            Set.of("region", "bbox", "radius_m", "max_gaps", "kind", "category", "amenity", "status");
    private static final Set<String> COVERAGE_PARAMS = Stream.concat(
                    AREA_PARAMS.stream(), Stream.of("format", "mode", "minutes"))
            .collect(Collectors.toUnmodifiableSet());
    private static final Set<String> DISTRICT_PARAMS =
            Set.of("parent", "radius_m", "kind", "category", "amenity", "status", "format", "mode", "minutes");
    /** The travel modes coverage by time accepts (org.yizhan.routing.TravelMode ids) and its time limit. */
    public static final Set<String> TRAVEL_MODES = Set.of("ebike", "walk", "car", "truck");

    public static final int MAX_MINUTES = 60;
    private static final Set<String> GRID_PARAMS =
            Set.of("region", "bbox", "cell_m", "max_m", "kind", "category", "amenity", "status", "mode", "minutes");
    /** Candidates by travel time: each costs a search of its own. */
    static final int MAX_TIME_CANDIDATES = 300;
    /** The answers a coverage endpoint gives: its JSON (GeoJSON where it has features) or CSV. */
    private static final Set<String> FORMATS = Set.of("json", "csv");

    private static final List<String> DISTRICT_COLUMNS = List.of(
            "code",
            "name",
            "area_km2",
            "covered_km2",
            "covered_share",
            "demand_total",
            "demand_covered",
            "demand_share",
            "stations",
            "stations_per_10k_demand",
            "largest_gap_km2");

    private final CoverageService service;
    private final GridService grid;

    public CoverageRoutes(CoverageService service, GridService grid) {
        this.service = service;
        this.grid = grid;
    }

    /** GET /api/v1/coverage?region|bbox&radius_m&kind&category&amenity&status&max_gaps&format=json|csv */
    public void coverage(RoutingContext ctx) {
        Params p = new Params(ctx.queryParams()).allowOnly(COVERAGE_PARAMS);
        boolean csv = "csv".equals(p.oneOf("format", FORMATS));
        CoverageService.Query q = withTravel(query(p, new long[0], new double[0], new double[0]), p);
        if (csv) {
            service.gapsCsv(q)
                    .onSuccess(text -> csv(ctx, "coverage-gaps.csv", text))
                    .onFailure(ctx::fail);
        } else {
            service.coverage(q)
                    .onSuccess(json -> Bodies.jsonText(ctx, 200, json))
                    .onFailure(ctx::fail);
        }
    }

    /** GET /api/v1/coverage/districts?parent&radius_m&kind…&format=json|csv */
    public void districts(RoutingContext ctx) {
        Params p = new Params(ctx.queryParams()).allowOnly(DISTRICT_PARAMS);
        String parent = p.raw("parent");
        if (parent == null) {
            throw ApiException.invalid("parent", "parent is required: the id or code of a city region");
        }
        String format = p.oneOf("format", FORMATS);
        CoverageService.Query q = withTravel(
                new CoverageService.Query(
                        parent, null, filter(p), radius(p), 0, new long[0], new double[0], new double[0]),
                p);
        service.districts(q)
                .onSuccess(json -> {
                    if ("csv".equals(format)) {
                        List<JsonObject> rows = new JsonObject(json)
                                .getJsonArray("districts").stream()
                                        .map(JsonObject.class::cast)
                                        .toList();
                        csv(ctx, "coverage-districts.csv", CsvTable.of(DISTRICT_COLUMNS, rows));
                    } else {
                        Bodies.jsonText(ctx, 200, json);
                    }
                })
                .onFailure(ctx::fail);
    }

    /** GET /api/v1/coverage/grid?region|bbox&cell_m&max_m&kind…, or by time &mode&minutes instead of max_m */
    public void grid(RoutingContext ctx) {
        Params p = new Params(ctx.queryParams()).allowOnly(GRID_PARAMS);
        String region = p.raw("region");
        double[] bbox = areaBox(region, p.bbox("bbox"));
        double cell = p.optionalDouble("cell_m", 50, 10_000) == null ? 500 : p.optionalDouble("cell_m", 50, 10_000);
        double max = p.optionalDouble("max_m", 100, 50_000) == null ? 3_000 : p.optionalDouble("max_m", 100, 50_000);
        StationFilter f = filter(p);
        CoverageService.Query q = withTravel(
                new CoverageService.Query(region, bbox, f, radius(p), 0, new long[0], new double[0], new double[0]), p);
        Future<JsonObject> cells;
        if (q.travel() != null) {
            if (p.raw("max_m") != null) {
                throw ApiException.invalid("max_m", "max_m caps distances; a grid by mode and minutes has none");
            }
            // The cell limit before the (costly) coverage; then the cells of /coverage's own covered area.
            Future<CoverageRepository.Area> area =
                    region == null ? Future.succeededFuture(null) : service.region(region);
            cells = area.compose(a -> {
                grid.checkCells(bbox, a, cell);
                return service.analysis(q)
                        .compose(an -> grid.timeGrid(
                                bbox, a, cell, an.covered(), an.area().srid()))
                        .map(fc -> fc.mergeIn(new JsonObject()
                                .put("mode", q.travel().mode())
                                .put("minutes", q.travel().minutes())));
            });
        } else if (region == null) {
            cells = grid.grid(bbox, null, cell, max, f);
        } else {
            cells = service.region(region).compose(area -> grid.grid(null, area, cell, max, f));
        }
        cells.onSuccess(fc -> Bodies.geoJson(ctx, 200, fc)).onFailure(ctx::fail);
    }

    /** POST /api/v1/coverage/suggestions {region|bbox, kind…, radius_m (or mode, minutes), count, candidates?, format?} */
    public void suggestions(RoutingContext ctx) {
        JsonBody b = jsonBody(ctx, Set.of("candidates"), "count", "format", "mode", "minutes");
        JsonObject body = b.json();
        Params p = b.params();
        int count = p.intParam("count", 10, 1, 50);
        boolean csv = "csv".equals(p.oneOf("format", FORMATS));
        Crs crs = p.crs();
        CoverageService.Query q = withTravel(query(p, new long[0], new double[0], new double[0]), p);
        double[][] cands = null;
        if (body.getValue("candidates") != null) {
            cands = CoverageBody.points(
                    body.getValue("candidates"),
                    "candidates",
                    q.travel() == null ? MAX_CANDIDATES : MAX_TIME_CANDIDATES,
                    crs);
        }
        // Sites come back in the CRS the request used for its points.
        service.suggestions(q, count, cands == null ? null : cands[0], cands == null ? null : cands[1], crs)
                .onSuccess(fc -> {
                    if (csv) {
                        csv(
                                ctx,
                                "coverage-suggestions.csv",
                                CsvTable.of(CoverageService.SUGGESTION_COLUMNS, suggestionRows(fc)));
                    } else {
                        Bodies.geoJson(ctx, 200, fc);
                    }
                })
                .onFailure(ctx::fail);
    }

    /** Each suggested site's properties with its position as lon, lat. */
    private static List<JsonObject> suggestionRows(JsonObject fc) {
        return fc.getJsonArray("features").stream()
                .map(JsonObject.class::cast)
                .map(f -> {
                    JsonArray c = f.getJsonObject("geometry").getJsonArray("coordinates");
                    return f.getJsonObject("properties")
                            .copy()
                            .put("lon", c.getValue(0))
                            .put("lat", c.getValue(1));
                })
                .toList();
    }

    private static void csv(RoutingContext ctx, String filename, String text) {
        ctx.response()
                .putHeader("Content-Type", "text/csv; charset=utf-8")
                .putHeader("Content-Disposition", "attachment; filename=\"" + filename + "\"")
                .end(text);
    }

    /** POST /api/v1/coverage/what-if {region|bbox, kind…, radius_m (or mode, minutes), add: points, remove: [ids]} */
    public void whatIf(RoutingContext ctx) {
        JsonBody b = jsonBody(ctx, Set.of("add", "remove"), "mode", "minutes");
        JsonObject body = b.json();
        Params p = b.params();
        Crs crs = p.crs();
        double[][] add = body.getValue("add") == null
                ? new double[2][0]
                : CoverageBody.points(body.getValue("add"), "add", MAX_ADD, crs);
        long[] remove = CoverageBody.ids(body.getValue("remove"), MAX_REMOVE);
        service.whatIf(withTravel(query(p, remove, add[0], add[1]), p))
                .onSuccess(json -> Bodies.jsonText(ctx, 200, json))
                .onFailure(ctx::fail);
    }

    /** A POST's JSON body, and its scalar members read like query parameters. */
    private record JsonBody(JsonObject json, Params params) {}

    /**
     * The common start of the coverage POSTs: no query parameters, a JSON object body whose members are
     * the area parameters, {@code crs}, the {@code structured} members (points, ids) and {@code scalars}.
     */
    private static JsonBody jsonBody(RoutingContext ctx, Set<String> structured, String... scalars) {
        new Params(ctx.queryParams()).allowOnly(Set.of());
        Bodies.requireMediaType(ctx, Bodies.JSON_TYPES);
        JsonObject body = Bodies.jsonObject(ctx);
        Set<String> known = Stream.of(AREA_PARAMS.stream(), structured.stream(), Stream.of(scalars), Stream.of("crs"))
                .flatMap(x -> x)
                .collect(Collectors.toSet());
        return new JsonBody(body, new Params(CoverageBody.asParams(body, known, structured)));
    }

    private static CoverageService.Query query(Params p, long[] removed, double[] addLon, double[] addLat) {
        String region = p.raw("region");
        double[] bbox = areaBox(region, p.bbox("bbox"));
        int maxGaps = p.intParam("max_gaps", 100, 0, 1000);
        return new CoverageService.Query(region, bbox, filter(p), radius(p), maxGaps, removed, addLon, addLat);
    }

    /** The area of an analysis: exactly one of region or bbox, and a bbox with an area; returns the bbox. */
    private static double[] areaBox(String region, double[] bbox) {
        if ((region == null) == (bbox == null)) {
            throw ApiException.invalid(
                    region == null ? "region" : "bbox",
                    "give either region (id or code) or bbox" + (region == null ? "" : ", not both"));
        }
        if (bbox != null && (bbox[0] == bbox[2] || bbox[1] == bbox[3])) {
            throw ApiException.invalid("bbox", "bbox must have an area: minLon < maxLon and minLat < maxLat");
        }
        return bbox;
    }

    /**
     * Coverage by travel time when {@code mode} or {@code minutes} is given: both are then needed, and
     * {@code radius_m} is not allowed beside them.
     */
    private static CoverageService.Query withTravel(CoverageService.Query q, Params p) {
        if (p.raw("mode") == null && p.raw("minutes") == null) {
            return q;
        }
        int minutes = p.intParam("minutes", 15, 1, MAX_MINUTES);
        String mode = p.oneOf("mode", TRAVEL_MODES);
        if (mode == null) {
            throw ApiException.invalid("mode", "mode is required with minutes: one of ebike, walk, car, truck");
        }
        if (p.raw("minutes") == null) {
            throw ApiException.invalid("minutes", "minutes is required with mode: 1 to " + MAX_MINUTES);
        }
        if (p.raw("radius_m") != null) {
            throw ApiException.invalid("radius_m", "give radius_m or mode and minutes, not both");
        }
        return new CoverageService.Query(
                q.region(),
                q.bbox(),
                q.filter(),
                q.radiusM(),
                q.maxGaps(),
                q.removed(),
                q.addLon(),
                q.addLat(),
                new CoverageService.Travel(mode, minutes));
    }

    private static double radius(Params p) {
        Double r = p.optionalDouble("radius_m", MIN_RADIUS_M, MAX_RADIUS_M);
        return r == null ? 1_000 : r;
    }

    /** The station filter; coverage counts open stations unless a status is named. */
    private static StationFilter filter(Params p) {
        return StationFilter.from(p, OPEN);
    }
}
