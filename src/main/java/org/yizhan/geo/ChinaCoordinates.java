package org.yizhan.geo;

/**
 * Conversions between WGS 84 (EPSG:4326, what GPS and PostGIS use), GCJ-02 (the obfuscated datum
 * required for maps published in mainland China; used by 高德 Amap and 腾讯 Tencent) and BD-09
 * (百度 Baidu's further offset of GCJ-02).
 *
 * <p>All arrays are {@code {lon, lat}} in decimal degrees. The formulas are the widely published
 * reverse-engineered ones (coordtransform, eviltransform); they reproduce the official offsets to
 * well under a metre, not bit for bit.
 *
 * <p>Edge cases and choices:
 * <ul>
 *   <li>"Outside China" means outside the rectangle lon 72.004–137.8347, lat 0.8293–55.8271
 *       (inclusive), the test used by eviltransform. The rectangle is coarse: it also covers parts of
 *       neighbouring countries, which real GCJ-02 tiles do not offset either.</li>
 *   <li>Outside that rectangle every step is the identity, including the BD-09 step. That follows
 *       eviltransform; coordtransform applies the BD-09 offset everywhere instead. We chose identity
 *       so that the three CRSs agree wherever there is no obfuscation to undo, and a client sending
 *       {@code bd09} for a point abroad is not moved by ~700 m.</li>
 *   <li>{@link #gcj02ToWgs84} is the exact inverse, found by fixed-point iteration to better than
 *       1e-9° (≈0.1 mm), not the common one-step approximation, which is off by up to ~1 m.</li>
 *   <li>{@link #bd09ToGcj02} starts from the standard closed-form formula, which alone inverts
 *       {@link #gcj02ToBd09} only to ~2e-6° (≈0.2 m), and refines it the same way to 1e-9°, so
 *       WGS 84 → BD-09 → WGS 84 returns the input.</li>
 *   <li>NaN inputs fail the rectangle test and come back unchanged.</li>
 * </ul>
 *
 * <p>Stateless and thread-safe; each call returns a new array.
 */
public final class ChinaCoordinates {

    // Semi-major axis (m) of the Krasovsky 1940 ellipsoid and its eccentricity squared: the GCJ-02
    // algorithm was reverse-engineered with these constants, so they must stay even though WGS 84's differ.
    private static final double KRASOVSKY_A = 6378245.0;
    private static final double KRASOVSKY_EE = 0.00669342162296594323;

    // Baidu's constant: π·3000/180.
    private static final double X_PI = Math.PI * 3000.0 / 180.0;

    private static final double MIN_LON = 72.004;
    private static final double MAX_LON = 137.8347;
    private static final double MIN_LAT = 0.8293;
    private static final double MAX_LAT = 55.8271;

    // Both offsets change by ~1e-3 of a degree per degree, so each iteration gains ~3 digits;
    // 30 is a safety net, convergence takes 2-4.
    private static final double INVERSE_TOLERANCE_DEG = 1e-9;
    private static final int INVERSE_MAX_ITERATIONS = 30;

    private ChinaCoordinates() {}

    /** True when the point is outside the rectangle in which the GCJ-02 and BD-09 offsets apply. */
    public static boolean isOutsideChina(double lon, double lat) {
        return !(lon >= MIN_LON && lon <= MAX_LON && lat >= MIN_LAT && lat <= MAX_LAT);
    }

    /** WGS 84 → GCJ-02. */
    public static double[] wgs84ToGcj02(double lon, double lat) {
        if (isOutsideChina(lon, lat)) {
            return new double[] {lon, lat};
        }
        double[] d = gcjDelta(lon, lat);
        return new double[] {lon + d[0], lat + d[1]};
    }

    /** GCJ-02 → WGS 84, exact inverse of {@link #wgs84ToGcj02} (see class comment). */
    public static double[] gcj02ToWgs84(double lon, double lat) {
        if (isOutsideChina(lon, lat)) {
            return new double[] {lon, lat};
        }
        // Solve wgs84ToGcj02(w) = (lon, lat): w ← w − (f(w) − target). The map is a contraction
        // because the offset varies slowly, so this converges from w = target.
        double wLon = lon;
        double wLat = lat;
        for (int i = 0; i < INVERSE_MAX_ITERATIONS; i++) {
            double[] g = wgs84ToGcj02(wLon, wLat);
            double errLon = g[0] - lon;
            double errLat = g[1] - lat;
            if (Math.abs(errLon) < INVERSE_TOLERANCE_DEG && Math.abs(errLat) < INVERSE_TOLERANCE_DEG) {
                break;
            }
            wLon -= errLon;
            wLat -= errLat;
        }
        return new double[] {wLon, wLat};
    }

    /** GCJ-02 → BD-09. */
    public static double[] gcj02ToBd09(double lon, double lat) {
        if (isOutsideChina(lon, lat)) {
            return new double[] {lon, lat};
        }
        double z = Math.sqrt(lon * lon + lat * lat) + 0.00002 * Math.sin(lat * X_PI);
        double theta = Math.atan2(lat, lon) + 0.000003 * Math.cos(lon * X_PI);
        return new double[] {z * Math.cos(theta) + 0.0065, z * Math.sin(theta) + 0.006};
    }

    /** BD-09 → GCJ-02, exact inverse of {@link #gcj02ToBd09} (see class comment). */
    public static double[] bd09ToGcj02(double lon, double lat) {
        if (isOutsideChina(lon, lat)) {
            return new double[] {lon, lat};
        }
        // The published closed form is a first-order inverse; it is a good starting point.
        double x = lon - 0.0065;
        double y = lat - 0.006;
        double z = Math.sqrt(x * x + y * y) - 0.00002 * Math.sin(y * X_PI);
        double theta = Math.atan2(y, x) - 0.000003 * Math.cos(x * X_PI);
        double gLon = z * Math.cos(theta);
        double gLat = z * Math.sin(theta);
        for (int i = 0; i < INVERSE_MAX_ITERATIONS; i++) {
            double[] b = gcj02ToBd09(gLon, gLat);
            double errLon = b[0] - lon;
            double errLat = b[1] - lat;
            if (Math.abs(errLon) < INVERSE_TOLERANCE_DEG && Math.abs(errLat) < INVERSE_TOLERANCE_DEG) {
                break;
            }
            gLon -= errLon;
            gLat -= errLat;
        }
        return new double[] {gLon, gLat};
    }

    /** WGS 84 → BD-09 (via GCJ-02). */
    public static double[] wgs84ToBd09(double lon, double lat) {
        double[] gcj = wgs84ToGcj02(lon, lat);
        return gcj02ToBd09(gcj[0], gcj[1]);
    }

    /** BD-09 → WGS 84 (via GCJ-02). */
    public static double[] bd09ToWgs84(double lon, double lat) {
        double[] gcj = bd09ToGcj02(lon, lat);
        return gcj02ToWgs84(gcj[0], gcj[1]);
    }

    /** The GCJ-02 offset {dLon, dLat} in degrees at a WGS 84 point inside China. */
    private static double[] gcjDelta(double lon, double lat) {
        double x = lon - 105.0;
        double y = lat - 35.0;
        double dLat = transformLat(x, y);
        double dLon = transformLon(x, y);
        double radLat = lat / 180.0 * Math.PI;
        double magic = Math.sin(radLat);
        magic = 1 - KRASOVSKY_EE * magic * magic;
        double sqrtMagic = Math.sqrt(magic);
        // Metres of offset → degrees, using the meridian and parallel radii of curvature at this latitude.
        dLat = (dLat * 180.0) / ((KRASOVSKY_A * (1 - KRASOVSKY_EE)) / (magic * sqrtMagic) * Math.PI);
        dLon = (dLon * 180.0) / (KRASOVSKY_A / sqrtMagic * Math.cos(radLat) * Math.PI);
        return new double[] {dLon, dLat};
    }

    private static double transformLat(double x, double y) {
        double ret = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * Math.sqrt(Math.abs(x));
        ret += (20.0 * Math.sin(6.0 * x * Math.PI) + 20.0 * Math.sin(2.0 * x * Math.PI)) * 2.0 / 3.0;
        ret += (20.0 * Math.sin(y * Math.PI) + 40.0 * Math.sin(y / 3.0 * Math.PI)) * 2.0 / 3.0;
        ret += (160.0 * Math.sin(y / 12.0 * Math.PI) + 320.0 * Math.sin(y * Math.PI / 30.0)) * 2.0 / 3.0;
        return ret;
    }

    private static double transformLon(double x, double y) {
        double ret = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * Math.sqrt(Math.abs(x));
        ret += (20.0 * Math.sin(6.0 * x * Math.PI) + 20.0 * Math.sin(2.0 * x * Math.PI)) * 2.0 / 3.0;
        ret += (20.0 * Math.sin(x * Math.PI) + 40.0 * Math.sin(x / 3.0 * Math.PI)) * 2.0 / 3.0;
        ret += (150.0 * Math.sin(x / 12.0 * Math.PI) + 300.0 * Math.sin(x / 30.0 * Math.PI)) * 2.0 / 3.0;
        return ret;
    }
}
