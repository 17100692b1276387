package org.yizhan.geo;

import java.util.Locale;

/**
 * The coordinate reference systems a client may use for input and output. Storage and SQL are always
 * WGS 84 (SRID 4326); the other two exist only at the HTTP boundary, converted by {@link ChinaCoordinates}.
 *
 * <p>All three are geographic lon/lat in decimal degrees; arrays are {@code {lon, lat}}. Outside China
 * the three coincide (see {@link ChinaCoordinates} for the rectangle used). Immutable and thread-safe.
 */
public enum Crs {
    /** WGS 84, EPSG:4326: GPS, OpenStreetMap, PostGIS. The default. */
    WGS84("wgs84"),
    /** GCJ-02 ("Mars coordinates"): 高德 Amap, 腾讯 Tencent and other maps licensed in mainland China. */
    GCJ02("gcj02"),
    /** BD-09: 百度 Baidu Maps. */
    BD09("bd09");

    private static final String ALLOWED = "wgs84, gcj02, bd09";
    // Keeps an error message short when a client sends something long in the crs parameter.
    private static final int MAX_ECHO_CHARS = 20;

    private final String code;

    Crs(String code) {
        this.code = code;
    }

    /**
     * Parses a {@code crs} parameter: {@code wgs84}, {@code gcj02} or {@code bd09}, case-insensitive,
     * surrounding whitespace ignored. Null, empty or blank means the default, {@link #WGS84}.
     *
     * @throws IllegalArgumentException for any other value; the message lists the allowed values
     */
    public static Crs parse(String value) {
        if (value == null || value.isBlank()) {
            return WGS84;
        }
        String token = value.trim().toLowerCase(Locale.ROOT);
        for (Crs crs : values()) {
            if (crs.code.equals(token)) {
                return crs;
            }
        }
        String echo = value.length() > MAX_ECHO_CHARS ? value.substring(0, MAX_ECHO_CHARS) + "…" : value;
        throw new IllegalArgumentException("crs must be one of " + ALLOWED + " (got \"" + echo + "\")");
    }

    /** The lower-case token used in URLs and JSON, e.g. {@code gcj02}. */
    public String code() {
        return code;
    }

    /** Converts a point in this CRS to WGS 84; returns a new {@code {lon, lat}} array. */
    public double[] toWgs84(double lon, double lat) {
        return switch (this) {
            case WGS84 -> new double[] {lon, lat};
            case GCJ02 -> ChinaCoordinates.gcj02ToWgs84(lon, lat);
            case BD09 -> ChinaCoordinates.bd09ToWgs84(lon, lat);
        };
    }

    /** Converts a WGS 84 point to this CRS; returns a new {@code {lon, lat}} array. */
    public double[] fromWgs84(double lon, double lat) {
        return switch (this) {
            case WGS84 -> new double[] {lon, lat};
            case GCJ02 -> ChinaCoordinates.wgs84ToGcj02(lon, lat);
            case BD09 -> ChinaCoordinates.wgs84ToBd09(lon, lat);
        };
    }
}
