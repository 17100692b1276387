package org.yizhan.demand;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.yizhan.auth.TokenAuth;
import org.yizhan.geo.Crs;
import org.yizhan.http.ApiException;
import org.yizhan.http.Bodies;
import org.yizhan.http.Csv;
import org.yizhan.http.Params;

/**
 * {@code /api/v1/demand}: import aggregated rider demand (points with a weight, e.g. orders per hour
 * per 200 m cell) per source, list sources, clear a source. Individual tracks are not accepted: points
 * carry only a position, a weight and a period label.
 */
public final class DemandRoutes {

    public static final int MAX_POINTS = 200_000;
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
        if (period != null && period.codePointCount(0, period.length()) > 60) {
            throw ApiException.invalid("period", "period must be at most 60 characters");
        }
        boolean replace = p.bool("replace", false);
        Crs crs = p.crs();
        Buffer body = ctx.body().buffer();
        if (body == null || body.length() == 0) {
            throw ApiException.invalid("body", "request body is empty");
        }
        String actor = TokenAuth.principal(ctx).actor();
        vertx.executeBlocking(() -> type.equals("text/csv") ? csv(body, crs, period) : geoJson(body, crs, period), false)
                .compose(batch -> repo.insert(source, batch, replace, actor))
                .onSuccess(n -> Bodies.json(ctx, 200, new JsonObject().put("source", source).put("inserted", n)
                        .put("replaced", replace)))
                .onFailure(ctx::fail);
    }

    /** DELETE /api/v1/demand?source=… clears one source. */
    public void clear(RoutingContext ctx) {
        String source = source(new Params(ctx.queryParams()).allowOnly(Set.of("source")));
        repo.deleteSource(source, TokenAuth.principal(ctx).actor()).onSuccess(n -> Bodies.json(ctx, 200,
                new JsonObject().put("source", source).put("deleted", n))).onFailure(ctx::fail);
    }

    /** GET /api/v1/demand/sources */
    public void sources(RoutingContext ctx) {
        new Params(ctx.queryParams()).allowOnly(Set.of());
        repo.sources().onSuccess(list -> Bodies.json(ctx, 200, new JsonObject().put("sources", list)))
                .onFailure(ctx::fail);
    }

    private static String source(Params p) {
        String source = p.raw("source");
        if (source == null || !SOURCE.matcher(source).matches()) {
            throw ApiException.invalid("source", "source is required: 1-60 letters, digits, _ . : -");
        }
        return source;
    }

    /** Thrown for the first bad point; imports of demand are all or nothing. */
    private static ApiException bad(int index, String field, String message) {
        return ApiException.invalid(field, "point " + index + ": " + message);
    }

    static DemandBatch geoJson(Buffer body, Crs crs, String period) {
        Object value;
        try {
            value = Json.decodeValue(body);
        } catch (DecodeException e) {
            throw new ApiException(400, "invalid_json", "body", "request body is not valid JSON");
        }
        if (!(value instanceof JsonObject fc) || !"FeatureCollection".equals(fc.getValue("type"))
                || !(fc.getValue("features") instanceof JsonArray features)) {
            throw ApiException.invalid("type", "body must be a GeoJSON FeatureCollection of Points");
        }
        int n = features.size();
        checkCount(n);
        DemandBatch b = new DemandBatch(new Double[n], new Double[n], new Double[n], new String[n]);
        for (int i = 0; i < n; i++) {
            if (!(features.getValue(i) instanceof JsonObject f) || !(f.getValue("geometry") instanceof JsonObject g)
                    || !"Point".equals(g.getValue("type")) || !(g.getValue("coordinates") instanceof JsonArray c)
                    || c.size() < 2 || !(c.getValue(0) instanceof Number) || !(c.getValue(1) instanceof Number)) {
                throw bad(i, "geometry", "each feature must be a GeoJSON Point [lon, lat]");
            }
            JsonObject props = f.getValue("properties") instanceof JsonObject o ? o : new JsonObject();
            if (!(props.getValue("weight") instanceof Number w)) {
                throw bad(i, "weight", "properties.weight must be a number >= 0");
            }
            Object pp = props.getValue("period");
            if (pp != null && (!(pp instanceof String ps) || ps.isBlank() || ps.codePointCount(0, ps.length()) > 60)) {
                throw bad(i, "period", "period must be a string of 1-60 characters");
            }
            put(b, i, ((Number) c.getValue(0)).doubleValue(), ((Number) c.getValue(1)).doubleValue(),
                    w.doubleValue(), pp == null ? period : (String) pp, crs);
        }
        return b;
    }

    static DemandBatch csv(Buffer body, Crs crs, String period) {
        List<List<String>> lines = Csv.parse(body.toString(StandardCharsets.UTF_8));
        if (lines.isEmpty()) {
            throw ApiException.invalid("body", "the CSV is empty; the first line must name lon,lat,weight");
        }
        List<String> header = lines.get(0).stream().map(h -> h.strip().toLowerCase()).toList();
        int lon = header.indexOf("lon");
        int lat = header.indexOf("lat");
        int weight = header.indexOf("weight");
        int per = header.indexOf("period");
        if (lon < 0 || lat < 0 || weight < 0) {
            throw ApiException.invalid("body", "the CSV header must have lon, lat and weight columns");
        }
        int n = lines.size() - 1;
        checkCount(n);
        DemandBatch b = new DemandBatch(new Double[n], new Double[n], new Double[n], new String[n]);
        for (int i = 0; i < n; i++) {
            List<String> row = lines.get(i + 1);
            if (row.size() != header.size()) {
                throw bad(i, "body", "the line has " + row.size() + " cells, the header " + header.size());
            }
            String rowPeriod = per >= 0 && !row.get(per).isBlank() ? row.get(per).strip() : period;
            if (rowPeriod != null && rowPeriod.codePointCount(0, rowPeriod.length()) > 60) {
                throw bad(i, "period", "period must be at most 60 characters");
            }
            put(b, i, number(row.get(lon), i, "lon"), number(row.get(lat), i, "lat"), number(row.get(weight), i, "weight"),
                    rowPeriod, crs);
        }
        return b;
    }

    private static double number(String cell, int i, String field) {
        try {
            return Double.parseDouble(cell.strip());
        } catch (NumberFormatException e) {
            throw bad(i, field, field + " must be a number");
        }
    }

    private static void put(DemandBatch b, int i, double lon, double lat, double weight, String period, Crs crs) {
        if (!(lon >= -180 && lon <= 180)) {
            throw bad(i, "lon", "lon must be between -180 and 180");
        }
        if (!(lat >= -90 && lat <= 90)) {
            throw bad(i, "lat", "lat must be between -90 and 90");
        }
        if (!(weight >= 0 && weight < 1e12)) {
            throw bad(i, "weight", "weight must be a number >= 0");
        }
        double[] w = crs.toWgs84(lon, lat);
        b.lon()[i] = w[0];
        b.lat()[i] = w[1];
        b.weight()[i] = weight;
        b.period()[i] = period;
    }

    private static void checkCount(int n) {
        if (n > MAX_POINTS) {
            throw new ApiException(413, "payload_too_large", "features", "at most " + MAX_POINTS + " points per import");
        }
        if (n == 0) {
            throw ApiException.invalid("features", "the import holds no points");
        }
    }
}
