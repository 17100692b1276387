package org.yizhan.http;

import io.vertx.core.MultiMap;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.yizhan.geo.Crs;

/**
 * Typed, bounded access to query parameters. Every getter throws {@link ApiException} (400, naming the
 * parameter) for a malformed or out-of-range value; a parameter given twice is an error, not a guess.
 */
public final class Params {
    private final MultiMap query;

    public Params(MultiMap query) {
        this.query = query;
    }

    /** Rejects parameters the endpoint does not know, so that a typo ({@code amenties}) is not ignored. */
    public Params allowOnly(Set<String> known) {
        for (String name : query.names()) {
            if (!known.contains(name)) {
                throw ApiException.invalid(
                        name, "unknown parameter '" + name + "'; allowed: " + String.join(", ", known));
            }
        }
        return this;
    }

    /** The raw value, or null when absent; an empty value counts as absent. */
    public String raw(String name) {
        List<String> all = query.getAll(name);
        if (all.size() > 1) {
            throw ApiException.invalid(name, name + " must be given once");
        }
        if (all.isEmpty()) {
            return null;
        }
        String v = all.get(0).trim();
        return v.isEmpty() ? null : v;
    }

    public double requiredDouble(String name, double min, double max) {
        Double v = optionalDouble(name, min, max);
        if (v == null) {
            throw ApiException.invalid(name, name + " is required");
        }
        return v;
    }

    public Double optionalDouble(String name, double min, double max) {
        Double v = number(name);
        if (v != null && (!Double.isFinite(v) || v < min || v > max)) {
            throw ApiException.invalid(name, name + " must be between " + fmt(min) + " and " + fmt(max));
        }
        return v;
    }

    /** A distance or size that must be above 0 and at most {@code max}; one message for both ends of the range. */
    public Double optionalPositive(String name, double max) {
        Double v = number(name);
        if (v != null && (!Double.isFinite(v) || v <= 0 || v > max)) {
            throw ApiException.invalid(name, name + " must be greater than 0 and at most " + fmt(max));
        }
        return v;
    }

    private Double number(String name) {
        String s = raw(name);
        if (s == null) {
            return null;
        }
        try {
            return Double.parseDouble(s);
        } catch (NumberFormatException e) {
            throw ApiException.invalid(name, name + " must be a number");
        }
    }

    public int intParam(String name, int defaultValue, int min, int max) {
        String s = raw(name);
        if (s == null) {
            return defaultValue;
        }
        int v;
        try {
            v = Integer.parseInt(s);
        } catch (NumberFormatException e) {
            throw ApiException.invalid(name, name + " must be an integer between " + min + " and " + max);
        }
        if (v < min || v > max) {
            throw ApiException.invalid(name, name + " must be between " + min + " and " + max);
        }
        return v;
    }

    public boolean bool(String name, boolean defaultValue) {
        String s = raw(name);
        if (s == null) {
            return defaultValue;
        }
        return switch (s) {
            case "true", "1" -> true;
            case "false", "0" -> false;
            default -> throw ApiException.invalid(name, name + " must be true or false");
        };
    }

    /** One value of a closed set, or null. */
    public String oneOf(String name, Set<String> allowed) {
        String s = raw(name);
        if (s != null && !allowed.contains(s)) {
            throw ApiException.invalid(name, name + " must be one of: " + String.join(", ", allowed));
        }
        return s;
    }

    /** A comma-separated list of values from a closed set (duplicates dropped), or an empty list. */
    public List<String> listOf(String name, Set<String> allowed) {
        String s = raw(name);
        if (s == null) {
            return List.of();
        }
        Set<String> out = new LinkedHashSet<>();
        for (String part : s.split(",", -1)) {
            String v = part.trim();
            if (!allowed.contains(v)) {
                throw ApiException.invalid(
                        name, "'" + v + "' is not a valid " + name + "; allowed: " + String.join(", ", allowed));
            }
            out.add(v);
        }
        return new ArrayList<>(out);
    }

    /** An ISO-8601 date-time with offset ({@code 2026-11-23T01:30:00+08:00}), or null. */
    public Instant instant(String name) {
        String s = raw(name);
        if (s == null) {
            return null;
        }
        // A '+' offset sent unescaped in a URL arrives as a space: read it back as '+'.
        if (s.matches(".*T\\d{2}:\\d{2}(:\\d{2}(\\.\\d+)?)? \\d{2}:\\d{2}")) {
            s = s.substring(0, s.length() - 6) + "+" + s.substring(s.length() - 5);
        }
        try {
            return OffsetDateTime.parse(s).toInstant();
        } catch (DateTimeParseException e) {
            throw ApiException.invalid(
                    name, name + " must be an ISO-8601 date-time with offset, e.g. 2026-11-23T01:30:00+08:00");
        }
    }

    /** {@code minLon,minLat,maxLon,maxLat} in degrees, or null. */
    public double[] bbox(String name) {
        String s = raw(name);
        if (s == null) {
            return null;
        }
        String[] parts = s.split(",", -1);
        if (parts.length != 4) {
            throw ApiException.invalid(name, name + " must be minLon,minLat,maxLon,maxLat");
        }
        double[] b = new double[4];
        for (int i = 0; i < 4; i++) {
            try {
                b[i] = Double.parseDouble(parts[i].trim());
            } catch (NumberFormatException e) {
                throw ApiException.invalid(name, name + " must be four numbers: minLon,minLat,maxLon,maxLat");
            }
            if (!Double.isFinite(b[i])) {
                throw ApiException.invalid(name, name + " must be four finite numbers");
            }
        }
        if (b[0] < -180 || b[2] > 180 || b[1] < -90 || b[3] > 90) {
            throw ApiException.invalid(name, name + " must lie within -180,-90,180,90");
        }
        if (b[0] > b[2] || b[1] > b[3]) {
            throw ApiException.invalid(name, name + " must have minLon <= maxLon and minLat <= maxLat");
        }
        return b;
    }

    /** {@code crs}: the coordinate system of points sent and returned; WGS 84 when absent. */
    public Crs crs() {
        try {
            return Crs.parse(raw("crs"));
        } catch (IllegalArgumentException e) {
            throw invalid("crs", "crs must be one of: wgs84, gcj02, bd09");
        }
    }

    private static ApiException invalid(String field, String message) {
        return ApiException.invalid(field, message);
    }

    private static String fmt(double d) {
        return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
    }
}
