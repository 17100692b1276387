package org.yizhan.nearest;

import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.ZoneId;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.yizhan.geo.Crs;
import org.yizhan.http.ApiException;
import org.yizhan.http.Bodies;
import org.yizhan.http.Params;
import org.yizhan.stations.StationFilter;

/**
 * GET /api/v1/stations/nearest. The rider's position is used for this answer only: it is never
 * stored and never logged.
 */
public final class NearestRoutes {

    public static final int MAX_LIMIT = 100;
    public static final double MAX_DISTANCE_M = 50_000;

    private static final Set<String> PARAMS = Stream.concat(StationFilter.PARAMS.stream(),
            Stream.of("lon", "lat", "limit", "open_now", "at", "max_distance_m", "crs", StationFilter.STALE_PARAM))
            .collect(Collectors.toUnmodifiableSet());

    private final NearestService service;
    private final ZoneId zone;
    private final Clock clock;

    public NearestRoutes(NearestService service, ZoneId zone, Clock clock) {
        this.service = service;
        this.zone = zone;
        this.clock = clock;
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
        service.nearest(wgs[0], wgs[1], filter, limit, maxDistance, openNow, now, crs)
                .onSuccess(fc -> {
                    ctx.response().putHeader("Cache-Control", "no-store");
                    Bodies.geoJson(ctx, 200, fc);
                })
                .onFailure(ctx::fail);
    }
}
