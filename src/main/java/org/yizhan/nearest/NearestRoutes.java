package org.yizhan.nearest;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.yizhan.geo.Crs;
import org.yizhan.http.ApiException;
import org.yizhan.http.Bodies;
import org.yizhan.http.Params;
import org.yizhan.routing.ReachService;
import org.yizhan.routing.TravelMode;
import org.yizhan.stations.StationFilter;

/**
 * GET /api/v1/stations/nearest. The rider's position is used for this answer only: it is never
 * stored and never logged.
 */
public final class NearestRoutes {

    public static final int MAX_LIMIT = 100;
    public static final double MAX_DISTANCE_M = 50_000;

    private static final Set<String> PARAMS = Stream.concat(
                    StationFilter.PARAMS.stream(),
                    Stream.of(
                            "lon",
                            "lat",
                            "limit",
                            "open_now",
                            "at",
                            "max_distance_m",
                            "crs",
                            StationFilter.STALE_PARAM,
                            "by",
                            "mode"))
            .collect(Collectors.toUnmodifiableSet());

    /** by=time ranks this many stations nearest by distance (at least) by travel time. */
    static final int TIME_CANDIDATES = 50;

    private final NearestService service;
    private final ZoneId zone;
    private final Clock clock;
    private final ReachService reach;

    public NearestRoutes(NearestService service, ZoneId zone, Clock clock, ReachService reach) {
        this.service = service;
        this.zone = zone;
        this.clock = clock;
        this.reach = reach;
    }

    public void nearest(RoutingContext ctx) {
        Params p = new Params(ctx.queryParams()).allowOnly(PARAMS);
        double lon = p.requiredDouble("lon", -180, 180);
        double lat = p.requiredDouble("lat", -90, 90);
        int limit = p.intParam("limit", 10, 1, MAX_LIMIT);
        Double maxDistance = p.optionalPositive("max_distance_m", MAX_DISTANCE_M);
        boolean openNow = p.bool("open_now", false);
        Instant at = p.instant("at");
        ZonedDateTime now = ZonedDateTime.ofInstant(at == null ? clock.instant() : at, zone);
        StationFilter filter = StationFilter.from(p, StationFilter.NOT_CLOSED)
                .withStaleParam(p, service.freshness().cutoff(now.toInstant()));
        Crs crs = p.crs();
        double[] wgs = crs.toWgs84(lon, lat);
        TravelMode mode = byTime(p);
        Future<JsonObject> found = mode == null
                ? service.nearest(wgs[0], wgs[1], filter, limit, maxDistance, openNow, now, crs)
                : service.nearest(
                                wgs[0],
                                wgs[1],
                                filter,
                                Math.max(limit, TIME_CANDIDATES),
                                maxDistance,
                                openNow,
                                now,
                                crs)
                        .compose(fc -> reach.rankByTime(fc, wgs[0], wgs[1], mode, limit));
        found.onSuccess(fc -> {
                    ctx.response().putHeader("Cache-Control", "no-store");
                    Bodies.geoJson(ctx, 200, fc);
                })
                .onFailure(ctx::fail);
    }

    /** {@code by=time&mode=…}: the travel mode to rank by; null for by=distance (the default). */
    private static TravelMode byTime(Params p) {
        String by = p.oneOf("by", Set.of("distance", "time"));
        String mode = p.oneOf("mode", Set.copyOf(TravelMode.ids()));
        if (!"time".equals(by)) {
            if (mode != null) {
                throw ApiException.invalid("mode", "mode ranks by travel time: give by=time with it");
            }
            return null;
        }
        if (mode == null) {
            throw ApiException.invalid("mode", "by=time needs mode: one of " + String.join(", ", TravelMode.ids()));
        }
        return TravelMode.of(mode);
    }
}
