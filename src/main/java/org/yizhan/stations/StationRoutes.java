package org.yizhan.stations;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.yizhan.auth.TokenAuth;
import org.yizhan.geo.Crs;
import org.yizhan.geo.Features;
import org.yizhan.hours.OpenNow;
import org.yizhan.http.ApiException;
import org.yizhan.http.Bodies;
import org.yizhan.http.MergePatch;
import org.yizhan.http.Paging;
import org.yizhan.http.Params;
import org.yizhan.http.Rejection;
import org.yizhan.http.RequestIds;

/** HTTP handlers for {@code /api/v1/stations}: parse, validate, call the repository, respond. */
public final class StationRoutes {

    private static final Set<String> LIST_PARAMS = Stream.concat(
                    StationFilter.PARAMS.stream(),
                    Stream.of("bbox", "limit", "cursor", "crs", StationFilter.STALE_PARAM))
            .collect(Collectors.toUnmodifiableSet());
    private static final Set<String> CRS_PARAM = Set.of("crs");
    private static final Set<String> EXPORT_PARAMS = Stream.concat(
                    StationFilter.PARAMS.stream(), Stream.of("bbox", "crs", "format"))
            .collect(Collectors.toUnmodifiableSet());
    /** Rows read per query while exporting: one page is all the export holds in memory. */
    private static final int EXPORT_PAGE = 1_000;

    private static final Logger LOG = LoggerFactory.getLogger(StationRoutes.class);
    private static final Set<String> CREATE_PARAMS = Set.of("crs", "on_duplicate");
    private static final Set<String> IMPORT_PARAMS = Set.of("mode", "crs", "on_duplicate");
    private static final Set<String> IMPORT_TYPES = Set.of("application/json", "application/geo+json", "text/csv");
    private static final int IMPORT_BATCH = 2_000;

    private final Vertx vertx;
    private final StationRepository repo;
    private final StationChecks checks;
    private final ZoneId zone;
    private final Clock clock;
    private final Freshness freshness;

    /**
     * @param zone      the city's time zone, in which {@code open_now} is evaluated for read answers
     * @param freshness adds {@code stale} and riders' reports to read answers
     */
    public StationRoutes(Vertx vertx, StationRepository repo, ZoneId zone, Clock clock, Freshness freshness) {
        this.vertx = vertx;
        this.repo = repo;
        this.checks = new StationChecks(repo);
        this.zone = zone;
        this.clock = clock;
        this.freshness = freshness;
    }

    /**
     * Adds {@code open_now} (true, false, or null when unknown) and {@code opens_at} (when closed now by its
     * hours: the next opening within a week, else null) as of now to a station read.
     */
    private JsonObject withOpenNow(JsonObject feature, ZonedDateTime now) {
        JsonObject p = feature.getJsonObject("properties");
        p.put("open_now", OpenNow.at(p.getString("status"), p.getString("opening_hours"), now.toLocalDateTime()));
        p.put("opens_at", OpenNow.opensAtIso(p.getString("status"), p.getString("opening_hours"), now));
        return feature;
    }

    /** GET /api/v1/stations?bbox&kind&category&amenity&status&limit&cursor&crs */
    public void list(RoutingContext ctx) {
        Params p = new Params(ctx.queryParams()).allowOnly(LIST_PARAMS);
        StationFilter filter =
                StationFilter.from(p, StationFilter.NOT_CLOSED).withStaleParam(p, freshness.cutoff(clock.instant()));
        double[] bbox = p.bbox("bbox");
        int limit = p.intParam("limit", 100, 1, 1000);
        long after = decodeCursor(p.raw("cursor"));
        Crs crs = p.crs();
        Future<List<JsonObject>> found = filter.matchesNothing()
                ? Future.succeededFuture(List.of())
                : repo.list(filter, Features.searchBox(bbox, crs), after, limit + 1);
        ZonedDateTime now = ZonedDateTime.now(clock.withZone(zone));
        found.compose(rows -> {
                    boolean more = rows.size() > limit;
                    List<JsonObject> page = more ? rows.subList(0, limit) : rows;
                    List<JsonObject> kept = new ArrayList<>(page.size());
                    for (JsonObject f : page) {
                        // The WGS 84 search box is padded; the exact test happens in the client's CRS.
                        Features.toCrs(withOpenNow(f, now), crs);
                        if (bbox == null || crs == Crs.WGS84 || Features.inBox(f, bbox)) {
                            kept.add(f);
                        }
                    }
                    return freshness.finish(kept, now.toInstant()).map(done -> new ListPage(done, more ? page : null));
                })
                .onSuccess(answer -> {
                    JsonArray features = new JsonArray(new ArrayList<>(answer.features));
                    List<JsonObject> page = answer.pageWhenMore;
                    boolean more = page != null;
                    JsonArray links =
                            new JsonArray().add(link("self", ctx.request().uri()));
                    if (more) {
                        long lastId = page.get(page.size() - 1).getLong("id");
                        links.add(link("next", Paging.nextUri(ctx, encodeCursor(lastId))));
                    }
                    Bodies.geoJson(
                            ctx,
                            200,
                            Features.collection(features)
                                    .put("numberReturned", features.size())
                                    .put("links", links));
                })
                .onFailure(ctx::fail);
    }

    /**
     * GET /api/v1/stations/export?format=csv|geojson&bbox&kind…&status&crs: every matching station, streamed
     * page by page in id order (a page in memory at a time, the next read when the client has taken the
     * last), as a download. All statuses unless {@code status} is given: an export is for round trips.
     * Not a snapshot: a station written during a long export may appear in its old or new form.
     */
    public void export(RoutingContext ctx) {
        Params p = new Params(ctx.queryParams()).allowOnly(EXPORT_PARAMS);
        String format = p.oneOf("format", Set.of("csv", "geojson"));
        boolean csv = format == null || format.equals("csv");
        StationFilter filter = StationFilter.from(p, List.of());
        double[] bbox = p.bbox("bbox");
        Crs crs = p.crs();
        HttpServerResponse response = ctx.response()
                .putHeader("Content-Type", csv ? "text/csv; charset=utf-8" : "application/geo+json; charset=utf-8")
                .putHeader("Content-Disposition", "attachment; filename=\"stations." + (csv ? "csv" : "geojson") + "\"")
                .putHeader("Cache-Control", "no-store");
        if (ctx.request().method() == HttpMethod.HEAD || filter.matchesNothing()) {
            response.end(csv ? StationExport.CSV_START : StationExport.GEOJSON_START + StationExport.GEOJSON_END);
            return;
        }
        // The status line goes out with the first page, so that a database fault before it is still a
        // proper 503 (or 500) answer rather than a cut 200.
        exportFrom(ctx, filter, bbox, crs, csv, 0, true);
    }

    private void exportFrom(
            RoutingContext ctx, StationFilter filter, double[] bbox, Crs crs, boolean csv, long after, boolean first) {
        HttpServerResponse response = ctx.response();
        repo.list(filter, Features.searchBox(bbox, crs), after, EXPORT_PAGE)
                .onSuccess(rows -> {
                    if (response.closed()) {
                        return; // the client went away
                    }
                    boolean started = response.headWritten();
                    StringBuilder chunk = new StringBuilder(rows.size() * 400);
                    if (!started) {
                        chunk.append(csv ? StationExport.CSV_START : StationExport.GEOJSON_START);
                    }
                    boolean none = first;
                    for (JsonObject f : rows) {
                        Features.toCrs(f, crs);
                        if (bbox != null && crs != Crs.WGS84 && !Features.inBox(f, bbox)) {
                            continue; // the WGS 84 search box is padded; the exact test is in the client's CRS
                        }
                        if (csv) {
                            chunk.append(StationExport.csvLine(f));
                        } else {
                            chunk.append(none ? "" : ",").append(f.encode());
                            none = false;
                        }
                    }
                    if (rows.size() < EXPORT_PAGE) {
                        response.end(csv ? chunk.toString() : chunk + StationExport.GEOJSON_END);
                        return;
                    }
                    long last = rows.get(rows.size() - 1).getLong("id");
                    boolean nextFirst = none;
                    if (!started) {
                        response.setChunked(true);
                    }
                    response.write(chunk.toString());
                    if (response.writeQueueFull()) {
                        response.drainHandler(v -> exportFrom(ctx, filter, bbox, crs, csv, last, nextFirst));
                    } else {
                        exportFrom(ctx, filter, bbox, crs, csv, last, nextFirst);
                    }
                })
                .onFailure(err -> {
                    if (!response.headWritten()) {
                        response.headers().remove("Content-Disposition");
                        ctx.fail(err);
                        return;
                    }
                    // The status line is gone: all that can tell the client is a cut connection.
                    LOG.warn(
                            "export failed after the answer began, request {}: {}", RequestIds.of(ctx), err.toString());
                    response.reset();
                });
    }

    /** A listing's kept Features, and the whole page read when there is a next one (null when none). */
    private record ListPage(List<JsonObject> features, List<JsonObject> pageWhenMore) {}

    /** GET /api/v1/stations/{id} */
    public void get(RoutingContext ctx) {
        long id = Bodies.idParam(ctx, "id");
        Crs crs = new Params(ctx.queryParams()).allowOnly(CRS_PARAM).crs();
        repo.find(id)
                .onSuccess(feature -> {
                    if (feature == null) {
                        ctx.fail(ApiException.notFound("station " + id + " does not exist"));
                        return;
                    }
                    ZonedDateTime now = ZonedDateTime.now(clock.withZone(zone));
                    Features.toCrs(withOpenNow(feature, now), crs);
                    freshness
                            .finish(List.of(feature), now.toInstant())
                            .onSuccess(done -> sendFeature(ctx, 200, feature))
                            .onFailure(ctx::fail);
                })
                .onFailure(ctx::fail);
    }

    /** GET /api/v1/stations/{id}/audit: the station's change history, newest first. */
    public void audit(RoutingContext ctx) {
        long id = Bodies.idParam(ctx, "id");
        int limit = new Params(ctx.queryParams()).allowOnly(Set.of("limit")).intParam("limit", 50, 1, 500);
        repo.audit(id, limit)
                .onSuccess(events -> Bodies.json(ctx, 200, new JsonObject().put("events", events)))
                .onFailure(ctx::fail);
    }

    /**
     * POST /api/v1/stations?on_duplicate=warn|reject: 201 with Location, ETag and {@code warnings} (stations
     * that look like the same place); with reject, such a station is refused with 409 naming the other one.
     */
    public void create(RoutingContext ctx) {
        Bodies.requireMediaType(ctx, Bodies.JSON_TYPES);
        Params p = new Params(ctx.queryParams()).allowOnly(CREATE_PARAMS);
        Crs crs = p.crs();
        boolean reject = rejectsDuplicates(p);
        StationInput in = StationValidator.fromFeature(Bodies.jsonObject(ctx), crs);
        checks.check(List.of(in), List.of(0), reject)
                .compose(found -> {
                    if (!found.districts().isEmpty()) {
                        return Future.failedFuture(ApiException.invalid(
                                "district_code", found.districts().get(0).message()));
                    }
                    if (reject && !found.duplicates().isEmpty()) {
                        StationChecks.Match m = found.duplicates().get(0);
                        return Future.failedFuture(new ApiException(
                                409,
                                "duplicate",
                                m.field(),
                                "duplicate: " + m.message()
                                        + "; without on_duplicate=reject it is created with a warning"));
                    }
                    return repo.insert(in, TokenAuth.principal(ctx).actor())
                            .map(f -> f.put("warnings", found.warnings(false)));
                })
                .onSuccess(feature -> {
                    ctx.response().putHeader("Location", "/api/v1/stations/" + feature.getLong("id"));
                    sendFeature(ctx, 201, Features.toCrs(feature, crs));
                })
                .onFailure(ctx::fail);
    }

    private static boolean rejectsDuplicates(Params p) {
        return "reject".equals(p.oneOf("on_duplicate", Set.of("warn", "reject")));
    }

    /** PUT /api/v1/stations/{id}: full replacement under If-Match. */
    public void replace(RoutingContext ctx) {
        long id = Bodies.idParam(ctx, "id");
        Integer expected = Bodies.ifMatchVersion(ctx);
        Bodies.requireMediaType(ctx, Bodies.JSON_TYPES);
        Crs crs = new Params(ctx.queryParams()).allowOnly(CRS_PARAM).crs();
        StationInput in = StationValidator.fromFeature(Bodies.jsonObject(ctx), crs);
        checks.requireKnownDistrict(in)
                .compose(ok ->
                        repo.replace(id, expected, in, TokenAuth.principal(ctx).actor(), "replace"))
                .onSuccess(feature -> sendFeature(ctx, 200, Features.toCrs(feature, crs)))
                .onFailure(ctx::fail);
    }

    /**
     * PATCH /api/v1/stations/{id} with a JSON Merge Patch of the Feature. The merged Feature is
     * validated as a whole; the write still checks the version, so a change between read and write
     * answers 412.
     */
    public void patch(RoutingContext ctx) {
        long id = Bodies.idParam(ctx, "id");
        Integer expected = Bodies.ifMatchVersion(ctx);
        Bodies.requireMediaType(ctx, Set.of(Bodies.MERGE_PATCH));
        Crs crs = new Params(ctx.queryParams()).allowOnly(CRS_PARAM).crs();
        JsonObject patch = Bodies.jsonObject(ctx);
        repo.find(id)
                .compose(current -> {
                    if (current == null) {
                        return Future.failedFuture(ApiException.notFound("station " + id + " does not exist"));
                    }
                    // The patch is written in the request's CRS; merge it onto the stored Feature in that CRS.
                    // With If-Match: * the patch still applies to the version just read, never to a newer one.
                    Integer base = expected != null
                            ? expected
                            : current.getJsonObject("properties").getInteger("version");
                    Object merged = MergePatch.apply(Features.toCrs(current, crs), patch);
                    // An editor who moves last_verified_at verified it, whoever had before.
                    JsonObject patched = patch.getValue("properties") instanceof JsonObject pp ? pp : null;
                    if (patched != null
                            && patched.getValue("last_verified_at") != null
                            && !patched.containsKey("verified_by")
                            && merged instanceof JsonObject m
                            && m.getValue("properties") instanceof JsonObject mp) {
                        mp.put("verified_by", "editor");
                    }
                    StationInput in = StationValidator.fromFeature(merged, crs);
                    // A code stored before its city's districts were loaded must not block every other edit (a drag
                    // on the map): only a patch that changes district_code is held to the loaded districts.
                    boolean codeChanged = !java.util.Objects.equals(
                            in.districtCode(),
                            current.getJsonObject("properties").getString("district_code"));
                    return (codeChanged ? checks.requireKnownDistrict(in) : Future.succeededFuture(in))
                            .compose(ok -> repo.replace(
                                    id, base, in, TokenAuth.principal(ctx).actor(), "patch"));
                })
                .onSuccess(feature -> sendFeature(ctx, 200, Features.toCrs(feature, crs)))
                .onFailure(ctx::fail);
    }

    /** DELETE /api/v1/stations/{id}: soft delete under If-Match; 204. */
    public void delete(RoutingContext ctx) {
        long id = Bodies.idParam(ctx, "id");
        Integer expected = Bodies.ifMatchVersion(ctx);
        new Params(ctx.queryParams()).allowOnly(Set.of());
        repo.delete(id, expected, TokenAuth.principal(ctx).actor())
                .onSuccess(feature -> ctx.response().setStatusCode(204).end())
                .onFailure(ctx::fail);
    }

    /**
     * POST /api/v1/stations/import?mode=all_or_nothing|best_effort&on_duplicate=warn|reject&crs: a
     * FeatureCollection or CSV. all_or_nothing writes nothing when any row is rejected (422); best_effort
     * writes the valid rows. Rows that would create a station are checked for duplicates ({@link StationChecks}).
     */
    public void importStations(RoutingContext ctx) {
        String type = Bodies.requireMediaType(ctx, IMPORT_TYPES);
        Params p = new Params(ctx.queryParams()).allowOnly(IMPORT_PARAMS);
        String mode = p.oneOf("mode", Set.of("all_or_nothing", "best_effort"));
        boolean allOrNothing = mode == null || mode.equals("all_or_nothing");
        boolean reject = rejectsDuplicates(p);
        Crs crs = p.crs();
        Buffer body = ctx.body().buffer();
        if (body == null || body.length() == 0) {
            throw ApiException.invalid("body", "request body is empty");
        }
        String actor = TokenAuth.principal(ctx).actor();
        vertx.executeBlocking(
                        () -> type.equals("text/csv") ? StationImport.csv(body, crs) : StationImport.geoJson(body, crs),
                        false)
                .compose(parsed -> checks.check(parsed.stations(), parsed.indexes(), reject)
                        .map(found -> screen(parsed, found, reject)))
                .compose(s -> {
                    JsonArray rejected = Rejection.toJson(s.rejected);
                    JsonArray warnings = reject ? new JsonArray() : s.found.warnings(true);
                    if (allOrNothing && !s.rejected.isEmpty()) {
                        return Future.succeededFuture(new ImportAnswer(
                                Rejection.invalidRows(s.rejected, s.rows), 0, 0, 0, rejected, warnings));
                    }
                    if (s.stations.isEmpty()) {
                        return Future.succeededFuture(new ImportAnswer(null, 0, 0, 0, rejected, warnings));
                    }
                    return repo.importAll(s.stations, s.indexes, actor, IMPORT_BATCH)
                            .map(totals -> new ImportAnswer(null, totals[0], totals[1], totals[2], rejected, warnings));
                })
                .onSuccess(a -> {
                    JsonObject answer = new JsonObject();
                    if (a.error != null) {
                        answer.put("error", a.error);
                    }
                    Bodies.json(
                            ctx,
                            a.error == null ? 200 : 422,
                            answer.put("mode", allOrNothing ? "all_or_nothing" : "best_effort")
                                    .put("inserted", a.inserted)
                                    .put("updated", a.updated)
                                    .put("unchanged", a.unchanged)
                                    .put("rejected", a.rejected)
                                    .put("warnings", a.warnings));
                })
                .onFailure(ctx::fail);
    }

    /** The rows an import may write once the checks have spoken, and every rejection in row order. */
    private record Screened(
            List<StationInput> stations,
            List<Integer> indexes,
            List<Rejection> rejected,
            int rows,
            StationChecks.Result found) {}

    private static Screened screen(StationImport.Parsed parsed, StationChecks.Result found, boolean reject) {
        List<Rejection> refused = new ArrayList<>(found.districts());
        if (reject) {
            refused.addAll(found.duplicateRejections());
        }
        Set<Integer> out = refused.stream().map(Rejection::index).collect(Collectors.toSet());
        List<StationInput> stations = new ArrayList<>();
        List<Integer> indexes = new ArrayList<>();
        for (int i = 0; i < parsed.stations().size(); i++) {
            if (!out.contains(parsed.indexes().get(i))) {
                stations.add(parsed.stations().get(i));
                indexes.add(parsed.indexes().get(i));
            }
        }
        List<Rejection> rejected = new ArrayList<>(parsed.rejected());
        rejected.addAll(refused);
        rejected.sort(Comparator.comparingInt(Rejection::index));
        return new Screened(
                stations,
                indexes,
                rejected,
                parsed.stations().size() + parsed.rejected().size(),
                found);
    }

    /** {@code error} is set when the import is refused (422) because rows were rejected. */
    private record ImportAnswer(
            JsonObject error, int inserted, int updated, int unchanged, JsonArray rejected, JsonArray warnings) {}

    private static void sendFeature(RoutingContext ctx, int status, JsonObject feature) {
        ctx.response()
                .putHeader(
                        "ETag", Bodies.etag(feature.getJsonObject("properties").getInteger("version")));
        Bodies.geoJson(ctx, status, feature);
    }

    private static JsonObject link(String rel, String href) {
        return new JsonObject()
                .put("rel", rel)
                .put("type", "application/geo+json")
                .put("href", href);
    }

    /** Cursors are opaque to clients: base64url of "id:<last id>". */
    static String encodeCursor(long lastId) {
        return Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(("id:" + lastId).getBytes(StandardCharsets.UTF_8));
    }

    static long decodeCursor(String cursor) {
        if (cursor == null) {
            return 0;
        }
        try {
            String s = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            if (!s.startsWith("id:")) {
                throw new IllegalArgumentException();
            }
            long id = Long.parseLong(s.substring(3));
            if (id < 0) {
                throw new IllegalArgumentException();
            }
            return id;
        } catch (IllegalArgumentException e) {
            throw ApiException.invalid("cursor", "cursor is not one this server issued; start again without it");
        }
    }
}
