package org.yizhan.http;

import java.util.ArrayList;
import java.util.List;

/**
 * RFC 4180 CSV: comma-separated, fields may be double-quoted, {@code ""} escapes a quote inside quotes,
 * quoted fields may hold commas and line breaks. A leading UTF-8 BOM (Excel) is skipped; blank lines
 * are ignored.
 */
public final class Csv {
    private Csv() {}

    /**
     * One CSV record and its CRLF: a field is quoted when it holds a comma, a quote, a line break or
     * leading/trailing white space (which {@link #parse}'s callers strip otherwise); null is an empty field.
     */
    public static String line(List<String> fields) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < fields.size(); i++) {
            if (i > 0) {
                sb.append(',');
            }
            String f = fields.get(i);
            if (f == null) {
                continue;
            }
            boolean quote = f.indexOf(',') >= 0
                    || f.indexOf('"') >= 0
                    || f.indexOf('\n') >= 0
                    || f.indexOf('\r') >= 0
                    || (!f.isEmpty()
                            && (Character.isWhitespace(f.charAt(0))
                                    || Character.isWhitespace(f.charAt(f.length() - 1))));
            sb.append(quote ? '"' + f.replace("\"", "\"\"") + '"' : f);
        }
        return sb.append("\r\n").toString();
    }

    public static List<List<String>> parse(String text) {
        List<List<String>> lines = new ArrayList<>();
        List<String> row = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        boolean quoted = false;
        boolean cellStarted = false;
        int i = text.startsWith("\uFEFF") ? 1 : 0;
        int lineNo = 1;
        for (; i < text.length(); i++) {
            char ch = text.charAt(i);
            if (quoted) {
                if (ch == '"') {
                    if (i + 1 < text.length() && text.charAt(i + 1) == '"') {
                        cell.append('"');
                        i++;
                    } else {
                        quoted = false;
                    }
                } else {
                    if (ch == '\n') {
                        lineNo++;
                    }
                    cell.append(ch);
                }
            } else if (ch == '"') {
                if (cell.length() > 0) {
                    throw ApiException.invalid("body", "CSV line " + lineNo + ": a quote may only open a field");
                }
                quoted = true;
                cellStarted = true;
            } else if (ch == ',') {
                row.add(cell.toString());
                cell.setLength(0);
                cellStarted = true;
            } else if (ch == '\n' || ch == '\r') {
                if (ch == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
                    i++;
                }
                endRow(lines, row, cell, cellStarted);
                row = new ArrayList<>();
                cellStarted = false;
                lineNo++;
            } else {
                cell.append(ch);
                cellStarted = true;
            }
        }
        if (quoted) {
            throw ApiException.invalid("body", "CSV ends inside a quoted field");
        }
        endRow(lines, row, cell, cellStarted);
        return lines;
    }

    private static void endRow(List<List<String>> lines, List<String> row, StringBuilder cell, boolean started) {
        if (!started && row.isEmpty()) {
            return;
        }
        row.add(cell.toString());
        cell.setLength(0);
        lines.add(row);
    }
}
