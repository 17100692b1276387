package org.yizhan.stations;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.yizhan.auth.TokenAuth;
import org.yizhan.geo.Crs;
import org.yizhan.geo.Features;
import org.yizhan.hours.OpenNow;
import org.yizhan.http.ApiException;
import org.yizhan.http.Bodies;
import org.yizhan.http.MergePatch;
import org.yizhan.http.Paging;
import org.yizhan.http.Params;

/** HTTP handlers for {@code /api/v1/stations}: parse, validate, call the repository, respond. */
public final class StationRoutes {

    private static final Set<String> LIST_PARAMS = Stream.concat(StationFilter.PARAMS.stream(),
            Stream.of("bbox", "limit", "cursor", "crs")).collect(Collectors.toUnmodifiableSet());
    private static final Set<String> CRS_PARAM = Set.of("crs");
    private static final Set<String> IMPORT_PARAMS = Set.of("mode", "crs");
    private static final Set<String> IMPORT_TYPES = Set.of("application/json", "application/geo+json", "text/csv");
    private static final int IMPORT_BATCH = 2_000;

    private final Vertx vertx;
    private final StationRepository repo;
    private final ZoneId zone;
    private final Clock clock;

    /**
     * @param zone  the city's time zone, in which {@code open_now} is evaluated for read answers
     */
    public StationRoutes(Vertx vertx, StationRepository repo, ZoneId zone, Clock clock) {
        this.vertx = vertx;
        this.repo = repo;
        this.zone = zone;
        this.clock = clock;
    }

    /** Adds {@code open_now} (true, false, or null when unknown) as of now to a station read. */
    private JsonObject withOpenNow(JsonObject feature, LocalDateTime now) {
        JsonObject p = feature.getJsonObject("properties");
        p.put("open_now", OpenNow.at(p.getString("status"), p.getString("opening_hours"), now));
        return feature;
    }

    /** GET /api/v1/stations?bbox&kind&category&amenity&status&limit&cursor&crs */
    public void list(RoutingContext ctx) {
        Params p = new Params(ctx.queryParams()).allowOnly(LIST_PARAMS);
        StationFilter filter = StationFilter.from(p, StationFilter.NOT_CLOSED);
        double[] bbox = p.bbox("bbox");
        int limit = p.intParam("limit", 100, 1, 1000);
        long after = decodeCursor(p.raw("cursor"));
        Crs crs = p.crs();
        Future<List<JsonObject>> found = filter.matchesNothing() ? Future.succeededFuture(List.of())
                : repo.list(filter, Features.searchBox(bbox, crs), after, limit + 1);
        found.onSuccess(rows -> {
            boolean more = rows.size() > limit;
            List<JsonObject> page = more ? rows.subList(0, limit) : rows;
            JsonArray features = new JsonArray();
            LocalDateTime now = LocalDateTime.now(clock.withZone(zone));
            for (JsonObject f : page) {
                // The WGS 84 search box is padded; the exact test happens in the client's CRS.
                Features.toCrs(withOpenNow(f, now), crs);
                if (bbox == null || crs == Crs.WGS84 || Features.inBox(f, bbox)) {
                    features.add(f);
                }
            }
            JsonArray links = new JsonArray().add(link("self", ctx.request().uri()));
            if (more) {
                long lastId = page.get(page.size() - 1).getLong("id");
                links.add(link("next", Paging.nextUri(ctx, encodeCursor(lastId))));
            }
            Bodies.geoJson(ctx, 200, Features.collection(features)
                    .put("numberReturned", features.size())
                    .put("links", links));
        }).onFailure(ctx::fail);
    }

    /** GET /api/v1/stations/{id} */
    public void get(RoutingContext ctx) {
        long id = Bodies.idParam(ctx, "id");
        Crs crs = new Params(ctx.queryParams()).allowOnly(CRS_PARAM).crs();
        repo.find(id).onSuccess(feature -> {
            if (feature == null) {
                ctx.fail(ApiException.notFound("station " + id + " does not exist"));
                return;
            }
            sendFeature(ctx, 200, Features.toCrs(withOpenNow(feature, LocalDateTime.now(clock.withZone(zone))), crs));
        }).onFailure(ctx::fail);
    }

    /** GET /api/v1/stations/{id}/audit: the station's change history, newest first. */
    public void audit(RoutingContext ctx) {
        long id = Bodies.idParam(ctx, "id");
        int limit = new Params(ctx.queryParams()).allowOnly(Set.of("limit")).intParam("limit", 50, 1, 500);
        repo.audit(id, limit).onSuccess(events -> Bodies.json(ctx, 200, new JsonObject().put("events", events)))
                .onFailure(ctx::fail);
    }

    /** POST /api/v1/stations: 201 with Location and ETag. */
    public void create(RoutingContext ctx) {
        Bodies.requireMediaType(ctx, Bodies.JSON_TYPES);
        Crs crs = new Params(ctx.queryParams()).allowOnly(CRS_PARAM).crs();
        StationInput in = StationValidator.fromFeature(Bodies.jsonObject(ctx), crs);
        repo.insert(in, TokenAuth.principal(ctx).actor()).onSuccess(feature -> {
            ctx.response().putHeader("Location", "/api/v1/stations/" + feature.getLong("id"));
            sendFeature(ctx, 201, Features.toCrs(feature, crs));
        }).onFailure(ctx::fail);
    }

    /** PUT /api/v1/stations/{id}: full replacement under If-Match. */
    public void replace(RoutingContext ctx) {
        long id = Bodies.idParam(ctx, "id");
        Integer expected = Bodies.ifMatchVersion(ctx);
        Bodies.requireMediaType(ctx, Bodies.JSON_TYPES);
        Crs crs = new Params(ctx.queryParams()).allowOnly(CRS_PARAM).crs();
        StationInput in = StationValidator.fromFeature(Bodies.jsonObject(ctx), crs);
        repo.replace(id, expected, in, TokenAuth.principal(ctx).actor(), "replace")
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
        repo.find(id).compose(current -> {
            if (current == null) {
                return Future.failedFuture(ApiException.notFound("station " + id + " does not exist"));
            }
            // The patch is written in the request's CRS; merge it onto the stored Feature in that CRS.
            // With If-Match: * the patch still applies to the version just read, never to a newer one.
            Integer base = expected != null ? expected : current.getJsonObject("properties").getInteger("version");
            Object merged = MergePatch.apply(Features.toCrs(current, crs), patch);
            StationInput in = StationValidator.fromFeature(merged, crs);
            return repo.replace(id, base, in, TokenAuth.principal(ctx).actor(), "patch");
        }).onSuccess(feature -> sendFeature(ctx, 200, Features.toCrs(feature, crs))).onFailure(ctx::fail);
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
     * POST /api/v1/stations/import?mode=all_or_nothing|best_effort&crs: a FeatureCollection or CSV.
     * all_or_nothing writes nothing when any row is rejected (422); best_effort writes the valid rows.
     */
    public void importStations(RoutingContext ctx) {
        String type = Bodies.requireMediaType(ctx, IMPORT_TYPES);
        Params p = new Params(ctx.queryParams()).allowOnly(IMPORT_PARAMS);
        String mode = p.oneOf("mode", Set.of("all_or_nothing", "best_effort"));
        boolean allOrNothing = mode == null || mode.equals("all_or_nothing");
        Crs crs = p.crs();
        Buffer body = ctx.body().buffer();
        if (body == null || body.length() == 0) {
            throw ApiException.invalid("body", "request body is empty");
        }
        String actor = TokenAuth.principal(ctx).actor();
        vertx.executeBlocking(() -> type.equals("text/csv") ? StationImport.csv(body, crs) : StationImport.geoJson(body, crs), false)
                .compose(parsed -> {
                    JsonArray rejected = new JsonArray();
                    parsed.rejected().forEach(r -> rejected.add(r.toJson()));
                    if (allOrNothing && !parsed.rejected().isEmpty()) {
                        return Future.succeededFuture(new ImportAnswer(422, 0, 0, 0, rejected));
                    }
                    if (parsed.stations().isEmpty()) {
                        return Future.succeededFuture(new ImportAnswer(200, 0, 0, 0, rejected));
                    }
                    return repo.importAll(parsed.stations(), parsed.indexes(), actor, IMPORT_BATCH)
                            .map(totals -> new ImportAnswer(200, totals[0], totals[1], totals[2], rejected));
                })
                .onSuccess(a -> Bodies.json(ctx, a.status, new JsonObject()
                        .put("mode", allOrNothing ? "all_or_nothing" : "best_effort")
                        .put("inserted", a.inserted)
                        .put("updated", a.updated)
                        .put("unchanged", a.unchanged)
                        .put("rejected", a.rejected)))
                .onFailure(ctx::fail);
    }

    private record ImportAnswer(int status, int inserted, int updated, int unchanged, JsonArray rejected) {
    }

    private static void sendFeature(RoutingContext ctx, int status, JsonObject feature) {
        ctx.response().putHeader("ETag", Bodies.etag(feature.getJsonObject("properties").getInteger("version")));
        Bodies.geoJson(ctx, status, feature);
    }

    private static JsonObject link(String rel, String href) {
        return new JsonObject().put("rel", rel).put("type", "application/geo+json").put("href", href);
    }

    /** Cursors are opaque to clients: base64url of "id:<last id>". */
    static String encodeCursor(long lastId) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(("id:" + lastId).getBytes(StandardCharsets.UTF_8));
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
