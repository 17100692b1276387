package org.yizhan.stations;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.yizhan.geo.Crs;
import org.yizhan.http.ApiException;
import org.yizhan.http.Bodies;
import org.yizhan.http.Csv;
import org.yizhan.http.Rejection;

/**
 * Parses and validates an import (GeoJSON FeatureCollection or CSV) into stations and per-row
 * rejections. Pure and CPU-bound: callers run it off the event loop. Rows are numbered from 0 in the
 * order of the FeatureCollection's {@code features} or the CSV's data lines.
 */
public final class StationImport {

    /** The most features one import may carry. */
    public static final int MAX_FEATURES = 100_000;

    /** Multi-valued CSV cells list their values separated by this character, e.g. {@code wifi;toilet}. */
    static final String CSV_LIST_SEPARATOR = ";";

    private static final Set<String> CSV_LISTS = Set.of("amenities", "vehicle_types");
    private static final Set<String> CSV_INTEGERS = Set.of("capacity");
    private static final Set<String> CSV_BOOLEANS = Set.of("demo");

    /** What the import would write, in order, and what it rejects. */
    public record Parsed(List<StationInput> stations, List<Integer> indexes, List<Rejection> rejected) {}

    private StationImport() {}

    public static Parsed geoJson(Buffer body, Crs crs) {
        JsonArray features = Bodies.featureCollection(body);
        checkCount(features.size());
        List<Object> rows = new ArrayList<>(features.size());
        features.forEach(rows::add);
        return validate(rows, crs);
    }

    public static Parsed csv(Buffer body, Crs crs) {
        List<List<String>> lines = Csv.parse(body.toString(StandardCharsets.UTF_8));
        if (lines.isEmpty()) {
            throw ApiException.invalid("body", "the CSV is empty; the first line must name the columns");
        }
        List<String> header =
                lines.get(0).stream().map(h -> h.strip().toLowerCase()).toList();
        if (!header.contains("lon") || !header.contains("lat")) {
            throw ApiException.invalid("lon", "the CSV header must have lon and lat columns");
        }
        for (String h : header) {
            // Read-only columns (id, version, ... as an export writes them) are accepted and ignored.
            if (!h.equals("lon")
                    && !h.equals("lat")
                    && !StationValidator.WRITABLE.contains(h)
                    && !StationValidator.READ_ONLY.contains(h)) {
                throw ApiException.invalid(h, "unknown CSV column '" + h + "'");
            }
        }
        checkCount(lines.size() - 1);
        List<Object> rows = new ArrayList<>(lines.size() - 1);
        for (int i = 1; i < lines.size(); i++) {
            rows.add(csvFeature(header, lines.get(i)));
        }
        return validate(rows, crs);
    }

    private static void checkCount(int n) {
        if (n > MAX_FEATURES) {
            throw new ApiException(
                    413,
                    "payload_too_large",
                    "features",
                    "an import may carry at most " + MAX_FEATURES + " features; split the file");
        }
    }

    /**
     * A CSV line as a Feature, or a {@link Rejection} when a cell cannot be typed. Empty cells are
     * absent properties.
     */
    private static Object csvFeature(List<String> header, List<String> cells) {
        if (cells.size() != header.size()) {
            return new Rejection(-1, "body", "the line has " + cells.size() + " cells, the header " + header.size());
        }
        JsonObject props = new JsonObject();
        Double lon = null;
        Double lat = null;
        for (int c = 0; c < header.size(); c++) {
            String name = header.get(c);
            String cell = cells.get(c).strip();
            if (cell.isEmpty()) {
                continue;
            }
            try {
                if (name.equals("lon")) {
                    lon = Double.parseDouble(cell);
                } else if (name.equals("lat")) {
                    lat = Double.parseDouble(cell);
                } else if (CSV_LISTS.contains(name)) {
                    JsonArray values = new JsonArray();
                    for (String v : cell.split(CSV_LIST_SEPARATOR)) {
                        if (!v.isBlank()) {
                            values.add(v.strip());
                        }
                    }
                    props.put(name, values);
                } else if (CSV_INTEGERS.contains(name)) {
                    props.put(name, Long.parseLong(cell));
                } else if (CSV_BOOLEANS.contains(name)) {
                    if (!cell.equals("true") && !cell.equals("false")) {
                        return new Rejection(-1, name, name + " must be true or false");
                    }
                    props.put(name, Boolean.parseBoolean(cell));
                } else {
                    props.put(name, cell);
                }
            } catch (NumberFormatException e) {
                return new Rejection(-1, name, name + " must be a number");
            }
        }
        if (lon == null || lat == null) {
            return new Rejection(-1, lon == null ? "lon" : "lat", "lon and lat are required");
        }
        return new JsonObject()
                .put("type", "Feature")
                .put(
                        "geometry",
                        new JsonObject()
                                .put("type", "Point")
                                .put("coordinates", new JsonArray().add(lon).add(lat)))
                .put("properties", props);
    }

    private static Parsed validate(List<Object> rows, Crs crs) {
        List<StationInput> ok = new ArrayList<>(rows.size());
        List<Integer> indexes = new ArrayList<>(rows.size());
        List<Rejection> rejected = new ArrayList<>();
        Map<String, Integer> seenExternalIds = new HashMap<>();
        for (int i = 0; i < rows.size(); i++) {
            Object row = rows.get(i);
            if (row instanceof Rejection r) {
                rejected.add(new Rejection(i, r.field(), r.message()));
                continue;
            }
            try {
                StationInput in = StationValidator.fromFeature(row, crs);
                if (in.externalId() != null) {
                    Integer first = seenExternalIds.putIfAbsent(in.externalId(), i);
                    if (first != null) {
                        rejected.add(new Rejection(
                                i,
                                "external_id",
                                "external_id '" + in.externalId() + "' already appears at index " + first));
                        continue;
                    }
                }
                ok.add(in);
                indexes.add(i);
            } catch (ApiException e) {
                rejected.add(new Rejection(i, e.field(), e.getMessage()));
            }
        }
        return new Parsed(ok, indexes, rejected);
    }
}
