package org.yizhan.routing;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.Set;
import org.yizhan.auth.TokenAuth;
import org.yizhan.coverage.CoverageRoutes;
import org.yizhan.http.ApiException;
import org.yizhan.http.Bodies;
import org.yizhan.http.Params;

/**
 * {@code /api/v1/networks/import}, {@code /api/v1/networks/jobs/{id}} and
 * {@code /api/v1/stations/{id}/isochrone}: HTTP only.
 */
public final class RoutingRoutes {

    private static final Set<String> IMPORT_PARAMS = Set.of("name", "synthetic", "format");
    private static final Set<String> FORMATS = Set.of("geojson", "osm");
    /** An OSM import's body: PBF or XML, either way as bytes. */
    static final Set<String> OSM_TYPES = Set.of("application/octet-stream", "application/vnd.openstreetmap.data+xml");

    private static final Set<String> ISOCHRONE_PARAMS = Set.of("mode", "minutes");

    private final ReachService reach;
    private final NetworkImports imports;

    public RoutingRoutes(ReachService reach, NetworkImports imports) {
        this.reach = reach;
        this.imports = imports;
    }

    /**
     * POST /api/v1/networks/import?name=…[&format=geojson|osm]: a GeoJSON FeatureCollection of LineStrings
     * replaces the network of that name in one transaction (200; any unreadable row: 422 listing every one,
     * nothing written). With {@code format=osm} the body is an OSM file (PBF or XML): 202 and a job to poll
     * at {@code /api/v1/networks/jobs/{id}} (the Location header).
     */
    public void importNetwork(RoutingContext ctx) {
        Params p = new Params(ctx.queryParams()).allowOnly(IMPORT_PARAMS);
        String format = p.oneOf("format", FORMATS);
        boolean osm = "osm".equals(format);
        Bodies.requireMediaType(ctx, osm ? OSM_TYPES : Bodies.JSON_TYPES);
        String name = p.raw("name");
        if (name == null || !name.matches("[A-Za-z0-9_.-]{1,64}")) {
            throw ApiException.invalid("name", "name is required: 1 to 64 letters, digits, '_', '.' or '-'");
        }
        boolean synthetic = p.bool("synthetic", false);
        Buffer body = ctx.body().buffer();
        if (body == null || body.length() == 0) {
            throw ApiException.invalid("body", "request body is empty");
        }
        String actor = TokenAuth.principal(ctx).actor();
        if (osm) {
            OsmImport.Format kind = OsmImport.sniff(body.getBytes(0, Math.min(body.length(), 1024)));
            if (kind == null) {
                throw new ApiException(
                        422,
                        "invalid_osm",
                        "body",
                        "the body is neither OpenStreetMap XML (<osm …>) nor an OSM PBF file (.osm.pbf)");
            }
            NetworkImports.Job job = imports.submit(body, kind, name, synthetic, actor);
            ctx.response().putHeader("Location", "/api/v1/networks/jobs/" + job.id());
            Bodies.json(ctx, 202, job.toJson());
            return;
        }
        imports.importGeoJson(body, name, synthetic, actor)
                .onSuccess(a -> Bodies.json(ctx, a.containsKey("error") ? 422 : 200, a))
                .onFailure(ctx::fail);
    }

    /** GET /api/v1/networks/jobs/{id}: an OSM import's stage and percent, then its answer or its error. */
    public void job(RoutingContext ctx) {
        NetworkImports.Job job = imports.job(ctx.pathParam("id"));
        if (job == null) {
            throw ApiException.notFound("no import job " + ctx.pathParam("id") + " on this server (jobs are kept "
                    + NetworkImports.KEEP_FINISHED.toHours() + " h after they finish, and not across restarts)");
        }
        Bodies.json(ctx, 200, job.toJson());
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
        reach.station(id, mode, minutes)
                .onSuccess(r -> Bodies.geoJson(
                        ctx,
                        200,
                        new JsonObject()
                                .put("type", "Feature")
                                .put("geometry", new JsonObject(r.geoJson()))
                                .put(
                                        "properties",
                                        new JsonObject()
                                                .put("station_id", id)
                                                .put("mode", mode.id())
                                                .put("minutes", minutes)
                                                .put("network_id", r.networkId())
                                                .put("snap_m", Math.round(r.snapM() * 10) / 10.0)
                                                .put("vertices_reached", r.vertices())
                                                .put("cached", r.cached())
                                                .put("road_buffer_m", RoutingRepository.ROAD_BUFFER_M))))
                .onFailure(ctx::fail);
    }
}
