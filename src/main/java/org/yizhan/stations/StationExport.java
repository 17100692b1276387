package org.yizhan.stations;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import org.yizhan.http.Csv;

/**
 * The export's two forms of a station. CSV uses the import's column layout — {@code id} (read-only: the
 * import ignores it), every writable property, then {@code lon,lat} — so that export, an edit in a
 * spreadsheet and an import round-trip unchanged: lists joined with {@code ;}, booleans {@code true/false},
 * numbers as Java prints them (the shortest text that reads back to the same double).
 */
final class StationExport {

    static final List<String> CSV_COLUMNS = List.of(
            "id",
            "external_id",
            "kind",
            "category",
            "name",
            "address",
            "district_code",
            "scene",
            "amenities",
            "opening_hours",
            "access",
            "capacity",
            "vehicle_types",
            "rider_discount",
            "status",
            "operator",
            "phone",
            "demo",
            "last_verified_at",
            "lon",
            "lat");

    /** A UTF-8 BOM, so that Excel reads the Chinese text right; the import skips it. */
    static final String CSV_START = "\uFEFF" + Csv.line(CSV_COLUMNS);

    static final String GEOJSON_START = "{\"type\":\"FeatureCollection\",\"features\":[";
    static final String GEOJSON_END = "]}";

    private StationExport() {}

    /** One CSV record of a station Feature (geometry already in the export's CRS). */
    static String csvLine(JsonObject feature) {
        JsonObject p = feature.getJsonObject("properties");
        JsonArray xy = feature.getJsonObject("geometry").getJsonArray("coordinates");
        List<String> cells = new ArrayList<>(CSV_COLUMNS.size());
        for (String column : CSV_COLUMNS) {
            Object v = switch (column) {
                case "lon" -> xy.getValue(0);
                case "lat" -> xy.getValue(1);
                default -> p.getValue(column);
            };
            cells.add(v == null ? null : v instanceof JsonArray list ? join(list) : String.valueOf(v));
        }
        return Csv.line(cells);
    }

    private static String join(JsonArray list) {
        List<String> parts = new ArrayList<>(list.size());
        list.forEach(o -> parts.add(String.valueOf(o)));
        return String.join(StationImport.CSV_LIST_SEPARATOR, parts);
    }
}
