package org.yizhan.demand;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.Set;
import java.util.regex.Pattern;
import org.yizhan.auth.TokenAuth;
import org.yizhan.geo.Crs;
import org.yizhan.http.ApiException;
import org.yizhan.http.Bodies;
import org.yizhan.http.Params;
import org.yizhan.http.Rejection;

/**
 * {@code /api/v1/demand}: import aggregated rider demand (points with a weight, e.g. orders per hour
 * per 200 m cell) per source, list sources, clear a source. Individual tracks are not accepted: points
 * carry only a position, a weight and a period label.
 */
public final class DemandRoutes {

    private static final Pattern SOURCE = Pattern.compile("[A-Za-z0-9_.:-]{1,60}");
    private static final Set<String> IMPORT_TYPES = Set.of("application/json", "application/geo+json", "text/csv");

    private final Vertx vertx;
    private final DemandRepository repo;

    public DemandRoutes(Vertx vertx, DemandRepository repo) {
        this.vertx = vertx;
        this.repo = repo;
    }

    /** POST /api/v1/demand/import?source&period&replace&crs: GeoJSON Points with weight, or CSV lon,lat,weight[,period]. */
    public void importDemand(RoutingContext ctx) {
        String type = Bodies.requireMediaType(ctx, IMPORT_TYPES);
        Params p = new Params(ctx.queryParams()).allowOnly(Set.of("source", "period", "replace", "crs"));
        String source = source(p);
        String period = p.raw("period");
        if (period != null && period.codePointCount(0, period.length()) > DemandImport.MAX_PERIOD) {
            throw ApiException.invalid("period", "period must be at most " + DemandImport.MAX_PERIOD + " characters");
        }
        boolean replace = p.bool("replace", false);
        Crs crs = p.crs();
        Buffer body = ctx.body().buffer();
        if (body == null || body.length() == 0) {
            throw ApiException.invalid("body", "request body is empty");
        }
        String actor = TokenAuth.principal(ctx).actor();
        vertx.executeBlocking(
                        () -> type.equals("text/csv")
                                ? DemandImport.csv(body, crs, period)
                                : DemandImport.geoJson(body, crs, period),
                        false)
                .compose(parsed -> {
                    if (!parsed.rejected().isEmpty()) {
                        return Future.succeededFuture(new JsonObject()
                                .put(
                                        "error",
                                        Rejection.invalidRows(
                                                parsed.rejected(),
                                                parsed.batch().size()))
                                .put("source", source)
                                .put("inserted", 0)
                                .put("replaced", false)
                                .put("rejected", Rejection.toJson(parsed.rejected())));
                    }
                    return repo.insert(source, parsed.batch(), replace, actor)
                            .map(n -> new JsonObject()
                                    .put("source", source)
                                    .put("inserted", n)
                                    .put("replaced", replace)
                                    .put("rejected", new JsonArray()));
                })
                .onSuccess(answer -> Bodies.json(ctx, answer.containsKey("error") ? 422 : 200, answer))
                .onFailure(ctx::fail);
    }

    /** DELETE /api/v1/demand?source=… clears one source. */
    public void clear(RoutingContext ctx) {
        String source = source(new Params(ctx.queryParams()).allowOnly(Set.of("source")));
        repo.deleteSource(source, TokenAuth.principal(ctx).actor())
                .onSuccess(n -> Bodies.json(
                        ctx, 200, new JsonObject().put("source", source).put("deleted", n)))
                .onFailure(ctx::fail);
    }

    /** GET /api/v1/demand/sources */
    public void sources(RoutingContext ctx) {
        new Params(ctx.queryParams()).allowOnly(Set.of());
        repo.sources()
                .onSuccess(list -> Bodies.json(ctx, 200, new JsonObject().put("sources", list)))
                .onFailure(ctx::fail);
    }

    private static String source(Params p) {
        String source = p.raw("source");
        if (source == null || !SOURCE.matcher(source).matches()) {
            throw ApiException.invalid("source", "source is required: 1-60 letters, digits, _ . : -");
        }
        return source;
    }
}
