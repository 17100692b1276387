package org.yizhan.coverage;

import io.vertx.core.MultiMap;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Set;
import java.util.stream.Collectors;
import org.yizhan.geo.Crs;
import org.yizhan.http.ApiException;

/**
 * The bodies of the coverage POSTs (suggestions, what-if) read as values: scalar members as query-style
 * parameters, points in the forms a client has them (positions, Points, Point Features, a FeatureCollection,
 * a MultiPoint) and station ids. Each failure is a 400 naming the member.
 */
final class CoverageBody {

    private CoverageBody() {}

    /** A JSON body's scalar members as query-style parameters (arrays of strings joined by commas). */
    static MultiMap asParams(JsonObject body, Set<String> known, Set<String> structured) {
        MultiMap m = MultiMap.caseInsensitiveMultiMap();
        for (String name : body.fieldNames()) {
            if (!known.contains(name)) {
                throw ApiException.invalid(name, "unknown member '" + name + "'; allowed: " + String.join(", ", known));
            }
            if (structured.contains(name)) {
                continue;
            }
            Object v = body.getValue(name);
            if (v == null) {
                continue;
            }
            if (v instanceof JsonArray a) {
                m.add(name, a.stream().map(String::valueOf).collect(Collectors.joining(",")));
            } else if (v instanceof JsonObject) {
                throw ApiException.invalid(name, name + " must be a string, number or array");
            } else {
                m.add(name, String.valueOf(v));
            }
        }
        return m;
    }

    /**
     * Points as an array whose items are each {@code [lon, lat]}, a GeoJSON Point or a Point Feature
     * (so that the suggestions' features can be posted back as they are), or as a FeatureCollection of
     * Points or a MultiPoint; returns WGS 84 lon[], lat[].
     */
    static double[][] points(Object value, String field, int max, Crs crs) {
        JsonArray positions = new JsonArray();
        if (value instanceof JsonArray a) {
            for (int i = 0; i < a.size(); i++) {
                positions.add(position(a.getValue(i), field, field + "[" + i + "]"));
            }
        } else if (value instanceof JsonObject o
                && "FeatureCollection".equals(o.getValue("type"))
                && o.getValue("features") instanceof JsonArray fs) {
            for (int i = 0; i < fs.size(); i++) {
                positions.add(position(fs.getValue(i), field, field + ".features[" + i + "]"));
            }
        } else if (value instanceof JsonObject o
                && "MultiPoint".equals(o.getValue("type"))
                && o.getValue("coordinates") instanceof JsonArray cs) {
            positions = cs;
        } else {
            throw ApiException.invalid(
                    field,
                    field + " must be an array of [lon, lat], Points or Point Features,"
                            + " a FeatureCollection of Points or a MultiPoint");
        }
        if (positions.size() > max) {
            throw ApiException.invalid(field, field + " may hold at most " + max + " points");
        }
        double[][] out = new double[2][positions.size()];
        for (int i = 0; i < positions.size(); i++) {
            if (!(positions.getValue(i) instanceof JsonArray c)
                    || c.size() < 2
                    || !(c.getValue(0) instanceof Number)
                    || !(c.getValue(1) instanceof Number)) {
                throw ApiException.invalid(field, field + "[" + i + "] must be [lon, lat]");
            }
            double lon = ((Number) c.getValue(0)).doubleValue();
            double lat = ((Number) c.getValue(1)).doubleValue();
            if (!(lon >= -180 && lon <= 180 && lat >= -90 && lat <= 90)) {
                throw ApiException.invalid(field, field + "[" + i + "] is out of range");
            }
            double[] w = crs.toWgs84(lon, lat);
            out[0][i] = w[0];
            out[1][i] = w[1];
        }
        return out;
    }

    /** The coordinates of one point item: {@code [lon, lat]}, a Point, or a Feature with a Point geometry. */
    private static Object position(Object item, String field, String where) {
        Object geometry = item;
        if (item instanceof JsonObject o && "Feature".equals(o.getValue("type"))) {
            geometry = o.getValue("geometry");
        }
        if (geometry instanceof JsonObject g) {
            if (!"Point".equals(g.getValue("type"))) {
                throw ApiException.invalid(field, where + " must be a Point");
            }
            return g.getValue("coordinates");
        }
        return item;
    }

    /** The station ids of {@code remove}: at most {@code max} whole numbers from 1. */
    static long[] ids(Object value, int max) {
        if (value == null) {
            return new long[0];
        }
        if (!(value instanceof JsonArray a)) {
            throw ApiException.invalid("remove", "remove must be an array of station ids");
        }
        if (a.size() > max) {
            throw ApiException.invalid("remove", "remove may hold at most " + max + " ids");
        }
        long[] out = new long[a.size()];
        for (int i = 0; i < a.size(); i++) {
            if (!(a.getValue(i) instanceof Number n)
                    || n.doubleValue() != Math.rint(n.doubleValue())
                    || n.longValue() < 1) {
                throw ApiException.invalid("remove", "remove[" + i + "] must be a station id");
            }
            out[i] = n.longValue();
        }
        return out;
    }
}
