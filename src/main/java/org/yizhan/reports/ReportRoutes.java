package org.yizhan.reports;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import net.sf.geographiclib.Geodesic;
import net.sf.geographiclib.GeodesicMask;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.yizhan.audit.AuditActions;
import org.yizhan.audit.AuditRepository;
import org.yizhan.auth.TokenAuth;
import org.yizhan.coverage.CsvTable;
import org.yizhan.geo.Crs;
import org.yizhan.geo.Features;
import org.yizhan.hours.InvalidOpeningHoursException;
import org.yizhan.hours.OpeningHours;
import org.yizhan.http.ApiException;
import org.yizhan.http.Bodies;
import org.yizhan.http.ClientAddress;
import org.yizhan.http.Paging;
import org.yizhan.http.Params;
import org.yizhan.stations.Freshness;
import org.yizhan.stations.StationRepository;
import org.yizhan.stations.StationValidator;
import org.yizhan.stations.Vocabulary;

/**
 * HTTP handlers for riders' reports and check-ins (no account), their moderation, editors'
 * confirmations, the stale list and planners' utilisation. Riders' writes pass {@link AbuseGuard} first;
 * every station change goes through {@link StationRepository}'s versioned, audited write.
 */
public final class ReportRoutes {

    private static final Logger LOG = LoggerFactory.getLogger(ReportRoutes.class);
    private static final Set<String> REPORT_FIELDS =
            Set.of("kind", "geometry", "opening_hours", "amenities", "comment");
    private static final int MAX_COMMENT = 500;
    private static final int MAX_REASON = 300;
    /** A suggested position farther than this from the station is not a move but another place. */
    static final double MAX_MOVE_M = 5_000;

    private static final Set<String> QUEUE_PARAMS = Set.of("status", "kind", "station", "district", "limit", "cursor");
    private static final Set<String> STALE_PARAMS = Set.of("district", "format", "limit");
    private static final Set<String> UTILISATION_PARAMS = Set.of("region", "radius_m", "from", "to", "format");
    private static final Pattern DISTRICT = Pattern.compile("[1-9][0-9]{5}");
    private static final int MAX_STALE = 10_000;
    private static final int MAX_UTILISATION_STATIONS = 5_000;
    private static final List<String> STALE_COLUMNS =
            List.of("id", "name", "kind", "status", "district_code", "last_verified_at", "verified_by");
    private static final List<String> UTILISATION_COLUMNS = List.of(
            "id",
            "name",
            "kind",
            "status",
            "district_code",
            "lon",
            "lat",
            "visits",
            "demand",
            "visits_per_1000_demand",
            "label");

    private final ReportRepository repo;
    private final StationRepository stations;
    private final AbuseGuard guard;
    private final Clock clock;
    private final Freshness freshness;
    private final ClientAddress clients;

    /**
     * @param trustedProxies peer addresses whose {@code X-Forwarded-For} names the client (a reverse
     *                       proxy in front of the server); from any other peer the header is ignored
     */
    public ReportRoutes(
            Pool pool,
            StationRepository stations,
            AbuseGuard guard,
            Clock clock,
            Freshness freshness,
            Set<String> trustedProxies) {
        this.repo = new ReportRepository(pool);
        this.stations = stations;
        this.guard = guard;
        this.clock = clock;
        this.freshness = freshness;
        this.clients = new ClientAddress(trustedProxies);
    }

    /** The length of the moderation queue (reports open), for the metrics gauge; an index-only count. */
    public static java.util.function.Supplier<Future<Long>> queueLength(Pool pool) {
        ReportRepository repo = new ReportRepository(pool);
        return repo::openCount;
    }

    /** What riders said recently, for {@link Freshness}: confirmations_7d, last_confirmed_at, open_reports. */
    public static Freshness.RiderSummaries summaries(Pool pool) {
        ReportRepository repo = new ReportRepository(pool);
        return (features, now) -> {
            List<Long> ids = features.stream()
                    .map(f -> f.getJsonObject("properties").getLong("id"))
                    .toList();
            return repo.summaries(ids, now.minus(7, ChronoUnit.DAYS)).map(byId -> {
                for (JsonObject f : features) {
                    JsonObject p = f.getJsonObject("properties");
                    p.mergeIn(byId.getOrDefault(p.getLong("id"), ReportRepository.empty()));
                }
                return null;
            });
        };
    }

    // --- riders ------------------------------------------------------------------------------------

    /** POST /api/v1/stations/{id}/reports?crs: 201 {id, kind, status}; 429 with Retry-After when too many. */
    public void report(RoutingContext ctx) {
        long stationId = Bodies.idParam(ctx, "id");
        Bodies.requireMediaType(ctx, Bodies.JSON_TYPES);
        Crs crs = new Params(ctx.queryParams()).allowOnly(Set.of("crs")).crs();
        JsonObject body = Bodies.jsonObject(ctx);
        for (String name : body.fieldNames()) {
            if (!REPORT_FIELDS.contains(name)) {
                throw ApiException.invalid(
                        name, "unknown field '" + name + "'; a report has " + String.join(", ", REPORT_FIELDS));
            }
        }
        Object kindValue = body.getValue("kind");
        if (!(kindValue instanceof String kind) || !Report.KINDS.contains(kind)) {
            throw ApiException.invalid(
                    "kind", "kind is required; one of: still_here, " + String.join(", ", Report.PROBLEMS));
        }
        String comment = text(body, "comment", MAX_COMMENT, true);
        if (kind.equals("other") && comment == null) {
            throw ApiException.invalid("comment", "a report of kind other needs a comment saying what is wrong");
        }
        double[] moved =
                kind.equals("moved") ? suggestedPoint(body.getValue("geometry"), crs) : absent(body, "geometry", kind);
        String hours = kind.equals("wrong_hours") ? hours(body) : absent(body, "opening_hours", kind);
        List<String> amenities = kind.endsWith("_amenity") ? amenities(body) : absent(body, "amenities", kind);
        String key = guard.key(clients.of(ctx));
        stations.find(stationId)
                .compose(station -> {
                    if (station == null) {
                        return Future.failedFuture(ApiException.notFound("station " + stationId + " does not exist"));
                    }
                    if (moved != null) {
                        JsonArray at = station.getJsonObject("geometry").getJsonArray("coordinates");
                        double m = Geodesic.WGS84.Inverse(
                                        at.getDouble(1), at.getDouble(0), moved[1], moved[0], GeodesicMask.DISTANCE)
                                .s12;
                        if (m > MAX_MOVE_M) {
                            return Future.failedFuture(ApiException.invalid(
                                    "geometry",
                                    "the suggested position is " + Math.round(m)
                                            + " m from the station; a move is at most " + (int) MAX_MOVE_M + " m"));
                        }
                    }
                    AbuseGuard.Verdict v = guard.admitReport(key, stationId);
                    if (!v.allowed()) {
                        return Future.failedFuture(tooMany(ctx, v, "reports"));
                    }
                    List<String> flags = kind.equals("still_here") ? List.of() : guard.flags(stationId, comment);
                    return repo.insert(
                            stationId,
                            kind,
                            moved == null ? null : moved[0],
                            moved == null ? null : moved[1],
                            hours,
                            amenities,
                            comment,
                            flags,
                            clock.instant());
                })
                .onSuccess(id -> {
                    if (id == null) {
                        ctx.fail(ApiException.notFound("station " + stationId + " does not exist"));
                        return;
                    }
                    Bodies.json(
                            ctx,
                            201,
                            new JsonObject()
                                    .put("id", id)
                                    .put("station_id", stationId)
                                    .put("kind", kind)
                                    .put("status", kind.equals("still_here") ? "noted" : "open"));
                    if (kind.equals("still_here") && guard.confirm(stationId, key)) {
                        verify(stationId, "riders", AuditActions.RIDER_VERIFY, "riders")
                                .onFailure(err -> LOG.warn(
                                        "riders' verification of station {} not written: {}",
                                        stationId,
                                        err.toString()));
                    }
                })
                .onFailure(ctx::fail);
    }

    /** POST /api/v1/stations/{id}/checkins: 204; one more visit in this hour, nothing else kept. */
    public void checkin(RoutingContext ctx) {
        long stationId = Bodies.idParam(ctx, "id");
        new Params(ctx.queryParams()).allowOnly(Set.of());
        AbuseGuard.Verdict v = guard.admitCheckin(guard.key(clients.of(ctx)), stationId);
        if (!v.allowed()) {
            throw tooMany(ctx, v, "check-ins");
        }
        repo.checkin(stationId, clock.instant().truncatedTo(ChronoUnit.HOURS))
                .onSuccess(found -> {
                    if (!found) {
                        ctx.fail(ApiException.notFound("station " + stationId + " does not exist"));
                        return;
                    }
                    ctx.response().setStatusCode(204).end();
                })
                .onFailure(ctx::fail);
    }

    // --- editors -----------------------------------------------------------------------------------

    /** POST /api/v1/stations/{id}/verify: an editor confirms the station as it is; 200 with the Feature. */
    public void confirm(RoutingContext ctx) {
        long id = Bodies.idParam(ctx, "id");
        new Params(ctx.queryParams()).allowOnly(Set.of());
        verify(id, TokenAuth.principal(ctx).actor(), AuditActions.VERIFY, "editor")
                .onSuccess(f -> {
                    ctx.response()
                            .putHeader(
                                    "ETag",
                                    Bodies.etag(f.getJsonObject("properties").getInteger("version")));
                    Bodies.geoJson(ctx, 200, f);
                })
                .onFailure(ctx::fail);
    }

    /** Moves last_verified_at to now, by {@code verifiedBy}, through the versioned write at the version read. */
    private Future<JsonObject> verify(long stationId, String actor, String action, String verifiedBy) {
        return stations.find(stationId).compose(station -> {
            if (station == null) {
                return Future.failedFuture(ApiException.notFound("station " + stationId + " does not exist"));
            }
            JsonObject p = station.getJsonObject("properties");
            int version = p.getInteger("version");
            p.put("last_verified_at", nowIso()).put("verified_by", verifiedBy);
            return stations.replace(
                    stationId, version, StationValidator.fromFeature(station, Crs.WGS84), actor, action);
        });
    }

    /** GET /api/v1/reports?status&kind&station&district&limit&cursor: newest first, each with its station and diff. */
    public void queue(RoutingContext ctx) {
        Params p = new Params(ctx.queryParams()).allowOnly(QUEUE_PARAMS);
        String status = p.oneOf("status", Report.STATUSES);
        String kind = p.oneOf("kind", Report.KINDS);
        String station = p.raw("station");
        Long stationId = null;
        if (station != null) {
            try {
                stationId = Long.parseLong(station);
            } catch (NumberFormatException e) {
                stationId = -1L;
            }
            if (stationId < 1) {
                throw ApiException.invalid("station", "station must be a station id (a positive integer)");
            }
        }
        String district = p.raw("district");
        if (district != null && !DISTRICT.matcher(district).matches()) {
            throw ApiException.invalid("district", "district must be a 6-digit GB/T 2260 code, e.g. 310104");
        }
        int limit = p.intParam("limit", 50, 1, 200);
        long[] after = decodeCursor(p.raw("cursor"));
        ReportRepository.QueueQuery q = new ReportRepository.QueueQuery(
                status == null ? "open" : status,
                kind,
                stationId,
                district,
                after == null ? null : Instant.EPOCH.plus(after[0], ChronoUnit.MICROS),
                after == null ? null : after[1],
                limit);
        repo.queue(q)
                .onSuccess(page -> {
                    JsonArray items = new JsonArray();
                    for (ReportRepository.QueueItem item : page.items()) {
                        item.station().getJsonObject("properties").put("deleted", item.stationDeleted());
                        items.add(item.report()
                                .toJson()
                                .put("station", item.station())
                                .put("changes", item.report().changes(item.station())));
                    }
                    JsonArray links = new JsonArray()
                            .add(new JsonObject()
                                    .put("rel", "self")
                                    .put("href", ctx.request().uri()));
                    if (page.nextAt() != null) {
                        long micros = ChronoUnit.MICROS.between(Instant.EPOCH, page.nextAt());
                        links.add(new JsonObject()
                                .put("rel", "next")
                                .put("href", Paging.nextUri(ctx, encodeCursor(micros, page.nextId()))));
                    }
                    Bodies.json(
                            ctx,
                            200,
                            new JsonObject()
                                    .put("reports", items)
                                    .put("numberReturned", items.size())
                                    .put("links", links));
                })
                .onFailure(ctx::fail);
    }

    /**
     * POST /api/v1/reports/{id}/accept {reason?}: applies the change through the versioned, audited write
     * (audit action report_accept, subject report:ID) and closes every open report of that kind on the
     * station, in one transaction. 409 when the report is decided or a confirmation, or its station gone.
     */
    public void accept(RoutingContext ctx) {
        long id = Bodies.idParam(ctx, "id");
        new Params(ctx.queryParams()).allowOnly(Set.of());
        JsonObject body = optionalBody(ctx, Set.of("reason"));
        String reason = text(body, "reason", MAX_REASON, false);
        String actor = TokenAuth.principal(ctx).actor();
        Instant now = clock.instant();
        repo.pool()
                .withTransaction(conn -> repo.lock(conn, id).compose(r -> {
                    if (r == null) {
                        return Future.failedFuture(ApiException.notFound("report " + id + " does not exist"));
                    }
                    requireOpen(r.id(), r.status());
                    return stations.find(r.stationId()).compose(station -> {
                        if (station == null) {
                            return Future.failedFuture(new ApiException(
                                    409,
                                    "conflict",
                                    null,
                                    "station " + r.stationId() + " was removed; reject the report instead"));
                        }
                        int version = station.getJsonObject("properties").getInteger("version");
                        JsonObject changed = r.applyTo(station, reason, nowIso());
                        return stations.replace(
                                        conn,
                                        r.stationId(),
                                        version,
                                        StationValidator.fromFeature(changed, Crs.WGS84),
                                        actor,
                                        AuditActions.REPORT_ACCEPT,
                                        "report:" + id)
                                .compose(f -> repo.closeMatching(conn, r, now, actor, reason)
                                        .map(closed -> new JsonObject()
                                                .put("id", id)
                                                .put("status", "accepted")
                                                .put("station", f)
                                                .put("closed_reports", new JsonArray(new ArrayList<>(closed)))));
                    });
                }))
                .onSuccess(a -> Bodies.json(ctx, 200, a))
                .onFailure(ctx::fail);
    }

    /** POST /api/v1/reports/{id}/reject {reason}: the station stays as it is; audited as report_reject. */
    public void reject(RoutingContext ctx) {
        long id = Bodies.idParam(ctx, "id");
        new Params(ctx.queryParams()).allowOnly(Set.of());
        Bodies.requireMediaType(ctx, Bodies.JSON_TYPES);
        JsonObject body = Bodies.jsonObject(ctx);
        onlyFields(body, Set.of("reason"));
        String reason = text(body, "reason", MAX_REASON, false);
        if (reason == null) {
            throw ApiException.invalid(
                    "reason", "reason is required: say why the report is rejected (1-300 characters)");
        }
        String actor = TokenAuth.principal(ctx).actor();
        Instant now = clock.instant();
        repo.pool()
                .withTransaction(conn -> repo.reject(conn, id, now, actor, reason)
                        .compose(row -> {
                            if (row == null) {
                                return repo.status(conn, id).compose(status -> {
                                    if (status == null) {
                                        return Future.failedFuture(
                                                ApiException.notFound("report " + id + " does not exist"));
                                    }
                                    requireOpen(id, status);
                                    return Future.failedFuture(new IllegalStateException(
                                            "report " + id + " is open but was not rejected"));
                                });
                            }
                            long stationId = row.getLong("station_id");
                            JsonObject details = new JsonObject()
                                    .put("station_id", stationId)
                                    .put("kind", row.getString("kind"))
                                    .put("reason", reason);
                            return AuditRepository.record(
                                            conn, actor, AuditActions.REPORT_REJECT, "report:" + id, details)
                                    .map(v -> new JsonObject()
                                            .put("id", id)
                                            .put("status", "rejected")
                                            .put("station_id", stationId));
                        }))
                .onSuccess(a -> Bodies.json(ctx, 200, a))
                .onFailure(ctx::fail);
    }

    private static void requireOpen(long id, String status) {
        if (status.equals("noted")) {
            throw new ApiException(
                    409, "conflict", null, "report " + id + " is a still_here confirmation: nothing to decide");
        }
        if (!status.equals("open")) {
            throw new ApiException(409, "conflict", null, "report " + id + " is already " + status);
        }
    }

    /** GET /api/v1/stations/stale?district&format=json|csv&limit: live stations not verified in time. */
    public void stale(RoutingContext ctx) {
        Params p = new Params(ctx.queryParams()).allowOnly(STALE_PARAMS);
        String district = p.raw("district");
        if (district != null && !DISTRICT.matcher(district).matches()) {
            throw ApiException.invalid("district", "district must be a 6-digit GB/T 2260 code, e.g. 310104");
        }
        boolean csv = "csv".equals(p.oneOf("format", Set.of("json", "csv")));
        int limit = p.intParam("limit", MAX_STALE, 1, MAX_STALE);
        Instant cutoff = freshness.cutoff(clock.instant());
        repo.stale(cutoff, district, limit)
                .onSuccess(rows -> {
                    if (csv) {
                        sendCsv(ctx, "stale-stations.csv", CsvTable.of(STALE_COLUMNS, rows));
                        return;
                    }
                    Map<String, Integer> byDistrict = new LinkedHashMap<>();
                    rows.forEach(r -> byDistrict.merge(String.valueOf(r.getString("district_code")), 1, Integer::sum));
                    JsonArray districts = new JsonArray();
                    byDistrict.forEach((code, n) -> districts.add(new JsonObject()
                            .put("district_code", code.equals("null") ? null : code)
                            .put("stale", n)));
                    Bodies.json(
                            ctx,
                            200,
                            new JsonObject()
                                    .put(
                                            "stale_after_days",
                                            freshness.staleAfter().toDays())
                                    .put(
                                            "cutoff",
                                            cutoff.truncatedTo(ChronoUnit.SECONDS)
                                                    .toString())
                                    .put("districts", districts)
                                    .put("stations", new JsonArray(new ArrayList<>(rows))));
                })
                .onFailure(ctx::fail);
    }

    // --- planners ----------------------------------------------------------------------------------

    /**
     * GET /api/v1/coverage/utilisation?region&radius_m&from&to&format=json|csv: per station, check-ins in
     * [from, to), demand within radius_m, visits per 1,000 demand and a label ({@link Utilisation}).
     */
    public void utilisation(RoutingContext ctx) {
        Params p = new Params(ctx.queryParams()).allowOnly(UTILISATION_PARAMS);
        String region = p.raw("region");
        if (region == null || region.isBlank()) {
            throw ApiException.invalid("region", "region is required: the id or code of a region");
        }
        Double r = p.optionalDouble("radius_m", 50, 5_000);
        double radius = r == null ? 500 : r;
        Instant to = p.instant("to");
        Instant from = p.instant("from");
        to = to == null ? clock.instant() : to;
        from = from == null ? to.minus(30, ChronoUnit.DAYS) : from;
        if (!from.isBefore(to)) {
            throw ApiException.invalid("from", "from must be before to");
        }
        if (from.isBefore(to.minus(366, ChronoUnit.DAYS))) {
            throw ApiException.invalid("from", "from and to may be at most 366 days apart");
        }
        boolean csv = "csv".equals(p.oneOf("format", Set.of("json", "csv")));
        Instant start = from;
        Instant end = to;
        repo.region(region)
                .compose(area -> {
                    if (area == null) {
                        return Future.failedFuture(ApiException.notFound("region " + region + " does not exist"));
                    }
                    return repo.utilisation(area.getLong("id"), radius, start, end, MAX_UTILISATION_STATIONS + 1)
                            .map(rows -> {
                                if (rows.size() > MAX_UTILISATION_STATIONS) {
                                    throw new ApiException(
                                            422,
                                            "too_large",
                                            "region",
                                            "the region holds more than " + MAX_UTILISATION_STATIONS
                                                    + " stations; choose a district");
                                }
                                Double median = Utilisation.label(rows);
                                return new JsonObject()
                                        .put("region", area)
                                        .put("radius_m", radius)
                                        .put("from", start.toString())
                                        .put("to", end.toString())
                                        .put("median_visits_per_1000_demand", median)
                                        .put("stations", new JsonArray(new ArrayList<>(rows)));
                            });
                })
                .onSuccess(answer -> {
                    if (csv) {
                        List<JsonObject> rows = new ArrayList<>();
                        answer.getJsonArray("stations").forEach(o -> rows.add((JsonObject) o));
                        sendCsv(ctx, "utilisation.csv", CsvTable.of(UTILISATION_COLUMNS, rows));
                    } else {
                        Bodies.json(ctx, 200, answer);
                    }
                })
                .onFailure(ctx::fail);
    }

    // --- helpers -----------------------------------------------------------------------------------

    private static void sendCsv(RoutingContext ctx, String filename, String body) {
        ctx.response()
                .putHeader("Content-Type", "text/csv; charset=utf-8")
                .putHeader("Content-Disposition", "attachment; filename=\"" + filename + "\"")
                .end(body);
    }

    private static ApiException tooMany(RoutingContext ctx, AbuseGuard.Verdict v, String what) {
        ctx.response().putHeader("Retry-After", Long.toString(v.retryAfterS()));
        return new ApiException(
                429,
                "rate_limited",
                null,
                "too many " + what + " from this client or on this station; try again in " + v.retryAfterS() + " s");
    }

    private String nowIso() {
        return clock.instant().truncatedTo(ChronoUnit.SECONDS).toString();
    }

    private static <T> T absent(JsonObject body, String field, String kind) {
        if (body.getValue(field) != null) {
            throw ApiException.invalid(field, field + " does not apply to a report of kind " + kind);
        }
        return null;
    }

    /** The suggested station position of a moved report, a GeoJSON Point in {@code crs}; WGS 84 out. */
    private static double[] suggestedPoint(Object geometry, Crs crs) {
        if (geometry == null) {
            throw ApiException.invalid(
                    "geometry", "a report of kind moved needs geometry: the Point where the station is now");
        }
        double[] given = StationValidator.point(geometry);
        return Features.round7(crs.toWgs84(given[0], given[1]));
    }

    private static String hours(JsonObject body) {
        String h = text(body, "opening_hours", 255, false);
        if (h == null) {
            throw ApiException.invalid(
                    "opening_hours", "a report of kind wrong_hours needs opening_hours: the hours as they are");
        }
        try {
            OpeningHours.cached(h);
        } catch (InvalidOpeningHoursException e) {
            throw ApiException.invalid("opening_hours", e.getMessage());
        }
        return h;
    }

    private static List<String> amenities(JsonObject body) {
        if (!(body.getValue("amenities") instanceof JsonArray a)
                || a.isEmpty()
                || a.size() > Vocabulary.AMENITIES.size()) {
            throw ApiException.invalid("amenities", "amenities must be a non-empty array of amenity ids");
        }
        Set<String> out = new LinkedHashSet<>();
        for (Object v : a) {
            if (!(v instanceof String s) || !Vocabulary.AMENITIES.contains(s)) {
                throw ApiException.invalid(
                        "amenities",
                        "'" + v + "' is not an amenity; allowed: " + String.join(", ", Vocabulary.AMENITIES));
            }
            out.add(s);
        }
        return new ArrayList<>(out);
    }

    private static String text(JsonObject body, String name, int max, boolean multiline) {
        return StationValidator.text(body, name, max, multiline);
    }

    private static JsonObject optionalBody(RoutingContext ctx, Set<String> fields) {
        Buffer b = ctx.body().buffer();
        if (b == null || b.length() == 0) {
            return new JsonObject();
        }
        Bodies.requireMediaType(ctx, Bodies.JSON_TYPES);
        JsonObject body = Bodies.jsonObject(ctx);
        onlyFields(body, fields);
        return body;
    }

    private static void onlyFields(JsonObject body, Set<String> fields) {
        for (String name : body.fieldNames()) {
            if (!fields.contains(name)) {
                throw ApiException.invalid(name, "unknown field '" + name + "'; allowed: " + String.join(", ", fields));
            }
        }
    }

    /** Queue cursors are opaque: base64url of "r:<created_at in µs since the epoch>:<id>". */
    private static String encodeCursor(long micros, long id) {
        return Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(("r:" + micros + ":" + id).getBytes(StandardCharsets.UTF_8));
    }

    private static long[] decodeCursor(String cursor) {
        if (cursor == null) {
            return null;
        }
        try {
            String[] parts = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8).split(":");
            if (parts.length != 3 || !parts[0].equals("r")) {
                throw new IllegalArgumentException();
            }
            return new long[] {Long.parseLong(parts[1]), Long.parseLong(parts[2])};
        } catch (IllegalArgumentException e) {
            throw ApiException.invalid("cursor", "cursor is not one this server issued; start again without it");
        }
    }
}
