package org.yizhan.routing;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.Set;
import org.yizhan.coverage.CoverageRoutes;
import org.yizhan.http.ApiException;
import org.yizhan.http.Bodies;
import org.yizhan.http.Params;
import org.yizhan.http.Rejection;

/** {@code /api/v1/networks/import} and {@code /api/v1/stations/{id}/isochrone}: HTTP only. */
public final class RoutingRoutes {

    private static final Set<String> IMPORT_PARAMS = Set.of("name", "synthetic");
    private static final Set<String> ISOCHRONE_PARAMS = Set.of("mode", "minutes");

    private final Vertx vertx;
    private final RoutingRepository repo;
    private final ReachService reach;

    public RoutingRoutes(Vertx vertx, RoutingRepository repo, ReachService reach) {
        this.vertx = vertx;
        this.repo = repo;
        this.reach = reach;
    }

    /**
     * POST /api/v1/networks/import?name=…: a GeoJSON FeatureCollection of LineStrings replaces the network
     * of that name in one transaction. Any unreadable row: 422 listing every one, nothing written.
     */
    public void importNetwork(RoutingContext ctx) {
        Bodies.requireMediaType(ctx, Bodies.JSON_TYPES);
        Params p = new Params(ctx.queryParams()).allowOnly(IMPORT_PARAMS);
        String name = p.raw("name");
        if (name == null || !name.matches("[A-Za-z0-9_.-]{1,64}")) {
            throw ApiException.invalid("name", "name is required: 1 to 64 letters, digits, '_', '.' or '-'");
        }
        boolean synthetic = p.bool("synthetic", false);
        Buffer body = ctx.body().buffer();
        if (body == null || body.length() == 0) {
            throw ApiException.invalid("body", "request body is empty");
        }
        long start = System.nanoTime();
        vertx.executeBlocking(() -> RoadGraph.fromGeoJson(body), false).compose(g -> {
            if (!g.rejected().isEmpty()) {
                return Future.succeededFuture(new JsonObject().put("error", Rejection.invalidRows(g.rejected(), g.rows()))
                        .put("rejected", Rejection.toJson(g.rejected())));
            }
            return repo.replace(name, synthetic, g).map(id -> new JsonObject().put("id", id).put("name", name)
                    .put("synthetic", synthetic).put("features", g.rows()).put("edges", g.edges().size())
                    .put("vertices", g.vertices().size()).put("computed_ms", (System.nanoTime() - start) / 1_000_000));
        }).onSuccess(a -> Bodies.json(ctx, a.containsKey("error") ? 422 : 200, a)).onFailure(ctx::fail);
    }

    /** GET /api/v1/stations/{id}/isochrone?mode&minutes: a GeoJSON Feature whose geometry is a Polygon. */
    public void isochrone(RoutingContext ctx) {
        long id = Bodies.idParam(ctx, "id");
        Params p = new Params(ctx.queryParams()).allowOnly(ISOCHRONE_PARAMS);
        TravelMode mode = TravelMode.of(p.oneOf("mode", Set.copyOf(TravelMode.ids())));
        if (mode == null) {
            throw ApiException.invalid("mode", "mode is required: one of " + String.join(", ", TravelMode.ids()));
        }
        if (p.raw("minutes") == null) {
            throw ApiException.invalid("minutes", "minutes is required: 1 to " + CoverageRoutes.MAX_MINUTES);
        }
        int minutes = p.intParam("minutes", 15, 1, CoverageRoutes.MAX_MINUTES);
        reach.station(id, mode, minutes).onSuccess(r -> Bodies.geoJson(ctx, 200, new JsonObject()
                .put("type", "Feature").put("geometry", new JsonObject(r.geoJson())).put("properties", new JsonObject()
                        .put("station_id", id).put("mode", mode.id()).put("minutes", minutes)
                        .put("network_id", r.networkId()).put("snap_m", Math.round(r.snapM() * 10) / 10.0)
                        .put("vertices_reached", r.vertices()).put("cached", r.cached())
                        .put("road_buffer_m", RoutingRepository.ROAD_BUFFER_M)))).onFailure(ctx::fail);
    }
}
