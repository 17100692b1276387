package org.yizhan.regions;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.yizhan.auth.TokenAuth;
import org.yizhan.geo.Crs;
import org.yizhan.geo.Features;
import org.yizhan.geo.InvalidGeometryException;
import org.yizhan.geo.Polygons;
import org.yizhan.http.ApiException;
import org.yizhan.http.Bodies;
import org.yizhan.http.Params;
import org.yizhan.http.Rejection;

/** {@code /api/v1/regions}: list, read, import (admin, editor). */
public final class RegionRoutes {

    public static final Set<String> LEVELS = Set.of("city", "district", "street", "custom");
    /** Bounds for one import: features, and vertices per feature and in all. */
    static final int MAX_FEATURES = 2_000;

    static final int MAX_VERTICES_PER_REGION = 200_000;
    static final int MAX_VERTICES_TOTAL = 2_000_000;
    private static final Pattern CODE = Pattern.compile("[A-Za-z0-9_.-]{1,40}");

    private final Vertx vertx;
    private final RegionRepository repo;

    public RegionRoutes(Vertx vertx, RegionRepository repo) {
        this.vertx = vertx;
        this.repo = repo;
    }

    /** GET /api/v1/regions?level&parent&geometry */
    public void list(RoutingContext ctx) {
        Params p = new Params(ctx.queryParams()).allowOnly(Set.of("level", "parent", "geometry"));
        String level = p.oneOf("level", LEVELS);
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
        vertx.executeBlocking(() -> parse(Bodies.jsonObject(ctx), crs), false)
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

    private static JsonObject answer(int status, int inserted, int updated, Parsed parsed) {
        JsonObject answer = new JsonObject().put("status", status);
        if (status == 422) {
            answer.put("error", Rejection.invalidRows(parsed.rejected, parsed.rows));
        }
        return answer.put("inserted", inserted)
                .put("updated", updated)
                .put("repaired", new JsonArray(parsed.repaired))
                .put("rejected", Rejection.toJson(parsed.rejected));
    }

    private static final class Parsed {
        final List<RegionInput> inputs = new ArrayList<>();
        final List<Integer> indexes = new ArrayList<>();
        final List<Integer> repaired = new ArrayList<>();
        final List<Rejection> rejected = new ArrayList<>();
        int rows;
    }

    private static Parsed parse(JsonObject fc, Crs crs) {
        if (!"FeatureCollection".equals(fc.getValue("type"))
                || !(fc.getValue("features") instanceof JsonArray features)) {
            throw ApiException.invalid("type", "body must be a GeoJSON FeatureCollection");
        }
        if (features.size() > MAX_FEATURES) {
            throw new ApiException(
                    413, "payload_too_large", "features", "at most " + MAX_FEATURES + " regions per import");
        }
        Parsed out = new Parsed();
        out.rows = features.size();
        Set<String> codes = new HashSet<>();
        int vertexBudget = MAX_VERTICES_TOTAL;
        for (int i = 0; i < features.size(); i++) {
            try {
                if (!(features.getValue(i) instanceof JsonObject f) || !"Feature".equals(f.getValue("type"))) {
                    throw ApiException.invalid("type", "each item must be a GeoJSON Feature");
                }
                if (!(f.getValue("properties") instanceof JsonObject p)) {
                    throw ApiException.invalid("properties", "properties must be an object");
                }
                String code = string(p, "code", 40);
                if (code == null || !CODE.matcher(code).matches()) {
                    throw ApiException.invalid("code", "code is required: 1-40 letters, digits, _ . -");
                }
                if (!codes.add(code)) {
                    throw ApiException.invalid("code", "code '" + code + "' appears twice in this file");
                }
                String name = string(p, "name", 120);
                if (name == null) {
                    throw ApiException.invalid("name", "name is required (1-120 characters)");
                }
                Object level = p.getValue("level");
                if (!(level instanceof String l) || !LEVELS.contains(l)) {
                    throw ApiException.invalid("level", "level must be one of: city, district, street, custom");
                }
                String parent = string(p, "parent", 40);
                if (code.equals(parent)) {
                    throw ApiException.invalid("parent", "a region cannot be its own parent");
                }
                Object approx = p.getValue("approximate");
                if (approx != null && !(approx instanceof Boolean)) {
                    throw ApiException.invalid("approximate", "approximate must be true or false");
                }
                Polygons.Parsed g =
                        Polygons.parse(f.getValue("geometry"), crs, Math.min(MAX_VERTICES_PER_REGION, vertexBudget));
                vertexBudget -= g.geometry().getNumPoints();
                out.inputs.add(
                        new RegionInput(code, name, (String) level, parent, Boolean.TRUE.equals(approx), g.geometry()));
                out.indexes.add(i);
                if (g.repaired()) {
                    out.repaired.add(i);
                }
            } catch (ApiException e) {
                if (e.status() == 413) {
                    throw e;
                }
                out.rejected.add(new Rejection(i, e.field(), e.getMessage()));
            } catch (InvalidGeometryException e) {
                if (e.tooLarge()) {
                    throw e;
                }
                out.rejected.add(new Rejection(i, e.field(), e.getMessage()));
            }
        }
        return out;
    }

    private static String string(JsonObject p, String name, int max) {
        Object v = p.getValue(name);
        if (v == null) {
            return null;
        }
        if (!(v instanceof String s)
                || s.isBlank()
                || s.strip().codePointCount(0, s.strip().length()) > max) {
            throw ApiException.invalid(name, name + " must be a string of 1-" + max + " characters");
        }
        return s.strip();
    }
}
