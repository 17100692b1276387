package org.yizhan.regions;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.Set;
import org.yizhan.auth.TokenAuth;
import org.yizhan.geo.Crs;
import org.yizhan.geo.Features;
import org.yizhan.http.Bodies;
import org.yizhan.http.Params;
import org.yizhan.http.Rejection;

/** {@code /api/v1/regions}: list, read, import (admin, editor). */
public final class RegionRoutes {

    private final Vertx vertx;
    private final RegionRepository repo;

    public RegionRoutes(Vertx vertx, RegionRepository repo) {
        this.vertx = vertx;
        this.repo = repo;
    }

    /** GET /api/v1/regions?level&parent&geometry */
    public void list(RoutingContext ctx) {
        Params p = new Params(ctx.queryParams()).allowOnly(Set.of("level", "parent", "geometry"));
        String level = p.oneOf("level", RegionImport.LEVELS);
        String parent = p.raw("parent");
        boolean geometry = p.bool("geometry", true);
        repo.list(level, parent, geometry)
                .onSuccess(features ->
                        Bodies.geoJson(ctx, 200, Features.collection(features).put("numberReturned", features.size())))
                .onFailure(ctx::fail);
    }

    /** GET /api/v1/regions/{idOrCode}?geometry */
    public void get(RoutingContext ctx) {
        String key = ctx.pathParam("idOrCode");
        boolean geometry =
                new Params(ctx.queryParams()).allowOnly(Set.of("geometry")).bool("geometry", true);
        repo.find(key, geometry)
                .onSuccess(f -> {
                    if (f == null) {
                        ctx.fail(RegionRepository.notFound(key));
                    } else {
                        Bodies.geoJson(ctx, 200, f);
                    }
                })
                .onFailure(ctx::fail);
    }

    /**
     * POST /api/v1/regions/import?crs: a FeatureCollection of Polygon/MultiPolygon features with
     * properties code, name, level, parent (a code, optional), approximate (optional). All or nothing:
     * any rejected feature → 422 and nothing written. Invalid rings are repaired and reported.
     */
    public void importRegions(RoutingContext ctx) {
        Bodies.requireMediaType(ctx, Bodies.JSON_TYPES);
        Crs crs = new Params(ctx.queryParams()).allowOnly(Set.of("crs")).crs();
        String actor = TokenAuth.principal(ctx).actor();
        // Up to 64 MiB of JSON: decoded on a worker thread, like the geometry work that follows.
        vertx.executeBlocking(() -> RegionImport.parse(Bodies.jsonObject(ctx), crs), false)
                .compose(parsed -> {
                    Set<String> parents = new LinkedHashSet<>();
                    parsed.inputs.forEach(in -> {
                        if (in.parentCode() != null) {
                            parents.add(in.parentCode());
                        }
                    });
                    return repo.existingCodes(new ArrayList<>(parents)).compose(existing -> {
                        Set<String> known = new HashSet<>(existing);
                        for (int i = 0; i < parsed.inputs.size(); i++) {
                            RegionInput in = parsed.inputs.get(i);
                            if (in.parentCode() != null && !known.contains(in.parentCode())) {
                                parsed.rejected.add(new Rejection(
                                        parsed.indexes.get(i),
                                        "parent",
                                        "parent region '" + in.parentCode()
                                                + "' does not exist (nor earlier in this file)"));
                            }
                            known.add(in.code());
                        }
                        parsed.rejected.sort(java.util.Comparator.comparingInt(Rejection::index));
                        if (!parsed.rejected.isEmpty()) {
                            return Future.succeededFuture(answer(422, 0, 0, parsed));
                        }
                        return repo.upsertAll(parsed.inputs, actor).map(t -> answer(200, t[0], t[1], parsed));
                    });
                })
                .onSuccess(a -> {
                    int status = (Integer) a.remove("status");
                    Bodies.json(ctx, status, a);
                })
                .onFailure(ctx::fail);
    }

    private static JsonObject answer(int status, int inserted, int updated, RegionImport.Parsed parsed) {
        JsonObject answer = new JsonObject().put("status", status);
        if (status == 422) {
            answer.put("error", Rejection.invalidRows(parsed.rejected, parsed.rows));
        }
        return answer.put("inserted", inserted)
                .put("updated", updated)
                .put("repaired", new JsonArray(parsed.repaired))
                .put("rejected", Rejection.toJson(parsed.rejected));
    }
}
