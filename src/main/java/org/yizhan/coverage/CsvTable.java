package org.yizhan.coverage;

import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.util.List;

/**
 * The coverage answers as CSV for spreadsheets (RFC 4180, the form {@code org.yizhan.http.Csv} reads):
 * a UTF-8 BOM so that Excel reads the Chinese names, CRLF line ends, a header of column names, fields
 * quoted when they hold a comma, quote or line break. Numbers are written in plain decimal notation
 * with the digits the JSON answer has ({@code 0.0001}, never {@code 1.0E-4}), so that a parsed cell
 * equals the JSON value. Stateless and thread-safe.
 */
final class CsvTable {

    private CsvTable() {
    }

    /** One row per object, the value of each column's member (empty when absent or null). */
    static String of(List<String> columns, List<JsonObject> rows) {
        StringBuilder sb = new StringBuilder("\uFEFF");
        line(sb, columns);
        for (JsonObject r : rows) {
            line(sb, columns.stream().map(c -> cell(r.getValue(c))).toList());
        }
        return sb.toString();
    }

    private static void line(StringBuilder sb, List<String> cells) {
        for (int i = 0; i < cells.size(); i++) {
            String s = cells.get(i);
            if (s.contains(",") || s.contains("\"") || s.contains("\n") || s.contains("\r")) {
                s = "\"" + s.replace("\"", "\"\"") + "\"";
            }
            sb.append(i == 0 ? "" : ",").append(s);
        }
        sb.append("\r\n");
    }

    private static String cell(Object v) {
        if (v == null) {
            return "";
        }
        if (v instanceof Double || v instanceof Float) {
            double d = ((Number) v).doubleValue();
            return Double.isFinite(d) ? BigDecimal.valueOf(d).stripTrailingZeros().toPlainString() : "";
        }
        return String.valueOf(v);
    }
}
