package org.yizhan.demand;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.yizhan.geo.Crs;
import org.yizhan.http.ApiException;
import org.yizhan.http.Csv;
import org.yizhan.http.Rejection;

/**
 * Parses a demand import body (GeoJSON Points with {@code properties.weight}, or CSV {@code lon,lat,weight[,period]})
 * into WGS-84 points. A body that is malformed as a whole throws a 400 {@link ApiException}; bad points are
 * collected as {@link Rejection}s, every one of them, so that the caller answers 422 and writes nothing.
 */
final class DemandImport {

    static final int MAX_POINTS = 200_000;
    static final int MAX_PERIOD = 60;

    /** The points to write (only meaningful when nothing was rejected) and the rejected points. */
    record Parsed(DemandBatch batch, List<Rejection> rejected) {}

    private DemandImport() {}

    static Parsed geoJson(Buffer body, Crs crs, String period) {
        Object value;
        try {
            value = Json.decodeValue(body);
        } catch (DecodeException e) {
            throw new ApiException(400, "invalid_json", "body", "request body is not valid JSON");
        }
        if (!(value instanceof JsonObject fc)
                || !"FeatureCollection".equals(fc.getValue("type"))
                || !(fc.getValue("features") instanceof JsonArray features)) {
            throw ApiException.invalid("type", "body must be a GeoJSON FeatureCollection of Points");
        }
        Builder b = new Builder(features.size(), crs);
        for (int i = 0; i < features.size(); i++) {
            if (!(features.getValue(i) instanceof JsonObject f)
                    || !(f.getValue("geometry") instanceof JsonObject g)
                    || !"Point".equals(g.getValue("type"))
                    || !(g.getValue("coordinates") instanceof JsonArray c)
                    || c.size() < 2
                    || !(c.getValue(0) instanceof Number x)
                    || !(c.getValue(1) instanceof Number y)) {
                b.reject(i, "geometry", "each feature must be a GeoJSON Point [lon, lat]");
                continue;
            }
            JsonObject props = f.getValue("properties") instanceof JsonObject o ? o : new JsonObject();
            if (!(props.getValue("weight") instanceof Number w)) {
                b.reject(i, "weight", "properties.weight must be a number >= 0");
                continue;
            }
            Object pp = props.getValue("period");
            if (pp != null
                    && (!(pp instanceof String ps) || ps.isBlank() || ps.codePointCount(0, ps.length()) > MAX_PERIOD)) {
                b.reject(i, "period", "period must be a string of 1-" + MAX_PERIOD + " characters");
                continue;
            }
            b.add(i, x.doubleValue(), y.doubleValue(), w.doubleValue(), pp == null ? period : (String) pp);
        }
        return b.parsed();
    }

    static Parsed csv(Buffer body, Crs crs, String period) {
        List<List<String>> lines = Csv.parse(body.toString(StandardCharsets.UTF_8));
        if (lines.isEmpty()) {
            throw ApiException.invalid("body", "the CSV is empty; the first line must name lon,lat,weight");
        }
        List<String> header =
                lines.get(0).stream().map(h -> h.strip().toLowerCase()).toList();
        int lon = header.indexOf("lon");
        int lat = header.indexOf("lat");
        int weight = header.indexOf("weight");
        int per = header.indexOf("period");
        if (lon < 0 || lat < 0 || weight < 0) {
            throw ApiException.invalid("body", "the CSV header must have lon, lat and weight columns");
        }
        Builder b = new Builder(lines.size() - 1, crs);
        for (int i = 0; i < lines.size() - 1; i++) {
            List<String> row = lines.get(i + 1);
            if (row.size() != header.size()) {
                b.reject(i, "body", "the line has " + row.size() + " cells, the header " + header.size());
                continue;
            }
            String rowPeriod =
                    per >= 0 && !row.get(per).isBlank() ? row.get(per).strip() : period;
            if (rowPeriod != null && rowPeriod.codePointCount(0, rowPeriod.length()) > MAX_PERIOD) {
                b.reject(i, "period", "period must be at most " + MAX_PERIOD + " characters");
                continue;
            }
            Double x = b.number(row.get(lon), i, "lon");
            Double y = x == null ? null : b.number(row.get(lat), i, "lat");
            Double w = y == null ? null : b.number(row.get(weight), i, "weight");
            if (w != null) {
                b.add(i, x, y, w, rowPeriod);
            }
        }
        return b.parsed();
    }

    /** Collects valid points into the batch's arrays and bad ones as rejections. */
    private static final class Builder {
        private final Crs crs;
        private final DemandBatch batch;
        private final List<Rejection> rejected = new ArrayList<>();
        private int n;

        Builder(int rows, Crs crs) {
            if (rows > MAX_POINTS) {
                throw new ApiException(
                        413, "payload_too_large", "features", "at most " + MAX_POINTS + " points per import");
            }
            if (rows == 0) {
                throw ApiException.invalid("features", "the import holds no points");
            }
            this.crs = crs;
            this.batch = new DemandBatch(new Double[rows], new Double[rows], new Double[rows], new String[rows]);
        }

        void reject(int index, String field, String message) {
            rejected.add(new Rejection(index, field, message));
        }

        Double number(String cell, int index, String field) {
            try {
                return Double.parseDouble(cell.strip());
            } catch (NumberFormatException e) {
                reject(index, field, field + " must be a number");
                return null;
            }
        }

        void add(int index, double lon, double lat, double weight, String period) {
            if (!(lon >= -180 && lon <= 180)) {
                reject(index, "lon", "lon must be between -180 and 180");
            } else if (!(lat >= -90 && lat <= 90)) {
                reject(index, "lat", "lat must be between -90 and 90");
            } else if (!(weight >= 0 && weight < 1e12)) {
                reject(index, "weight", "weight must be a number >= 0 and below 1e12");
            } else {
                double[] w = crs.toWgs84(lon, lat);
                batch.lon()[n] = w[0];
                batch.lat()[n] = w[1];
                batch.weight()[n] = weight;
                batch.period()[n] = period;
                n++;
            }
        }

        Parsed parsed() {
            return new Parsed(batch, rejected);
        }
    }
}
