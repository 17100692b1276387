package org.yizhan.coverage;

import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.util.List;
import org.yizhan.http.Csv;

/**
 * The coverage answers as CSV for spreadsheets, written by {@link Csv#line} (RFC 4180, CRLF, fields quoted
 * when they need it): a UTF-8 BOM so that Excel reads the Chinese names, a header of column names. Numbers are written in plain decimal notation
 * with the digits the JSON answer has ({@code 0.0001}, never {@code 1.0E-4}), so that a parsed cell
 * equals the JSON value. Stateless and thread-safe.
 */
public final class CsvTable {

    private CsvTable() {}

    /** One row per object, the value of each column's member (empty when absent or null). */
    public static String of(List<String> columns, List<JsonObject> rows) {
        StringBuilder sb = new StringBuilder("\uFEFF").append(Csv.line(columns));
        for (JsonObject r : rows) {
            sb.append(Csv.line(columns.stream().map(c -> cell(r.getValue(c))).toList()));
        }
        return sb.toString();
    }

    private static String cell(Object v) {
        if (v == null) {
            return "";
        }
        if (v instanceof Double || v instanceof Float) {
            double d = ((Number) v).doubleValue();
            return Double.isFinite(d)
                    ? BigDecimal.valueOf(d).stripTrailingZeros().toPlainString()
                    : "";
        }
        return String.valueOf(v);
    }
}
