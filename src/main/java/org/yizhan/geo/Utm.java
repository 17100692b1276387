package org.yizhan.geo;

/**
 * UTM (WGS 84) to longitude/latitude, by the Krüger series to third order in n (Karney 2011, eq. 11
 * and 15): better than 1 mm within the zones coverage uses. For the SRIDs 32601–32660 (north) and
 * 32701–32760 (south) that {@code utm_srid()} in sql/V2 picks. Stateless and thread-safe.
 */
public final class Utm {
    private static final double A_AXIS = 6_378_137.0;
    private static final double F = 1 / 298.257223563;
    private static final double K0 = 0.9996;
    private static final double E0 = 500_000;
    private static final double N = F / (2 - F);
    private static final double A = A_AXIS / (1 + N) * (1 + N * N / 4 + N * N * N * N / 64);
    private static final double[] BETA = {
        N / 2 - 2 * N * N / 3 + 37 * N * N * N / 96, N * N / 48 + N * N * N / 15, 17 * N * N * N / 480
    };
    private static final double[] DELTA = {
        2 * N - 2 * N * N / 3 - 2 * N * N * N, 7 * N * N / 3 - 8 * N * N * N / 5, 56 * N * N * N / 15
    };

    private Utm() {}

    /** Whether the SRID is a WGS 84 UTM zone. */
    public static boolean isUtm(int srid) {
        return (srid > 32600 && srid <= 32660) || (srid > 32700 && srid <= 32760);
    }

    /**
     * @param x     easting, metres
     * @param y     northing, metres
     * @param srid  32601–32660 or 32701–32760
     * @return {lon, lat} in degrees
     */
    public static double[] toWgs84(double x, double y, int srid) {
        boolean south = srid > 32700;
        int zone = srid - (south ? 32700 : 32600);
        double xi = (y - (south ? 10_000_000 : 0)) / (K0 * A);
        double eta = (x - E0) / (K0 * A);
        double xiP = xi;
        double etaP = eta;
        for (int j = 1; j <= 3; j++) {
            xiP -= BETA[j - 1] * Math.sin(2 * j * xi) * Math.cosh(2 * j * eta);
            etaP -= BETA[j - 1] * Math.cos(2 * j * xi) * Math.sinh(2 * j * eta);
        }
        double chi = Math.asin(Math.sin(xiP) / Math.cosh(etaP));
        double phi = chi;
        for (int j = 1; j <= 3; j++) {
            phi += DELTA[j - 1] * Math.sin(2 * j * chi);
        }
        double lambda0 = Math.toRadians(zone * 6 - 183);
        double lambda = lambda0 + Math.atan2(Math.sinh(etaP), Math.cos(xiP));
        return new double[] {Math.toDegrees(lambda), Math.toDegrees(phi)};
    }
}
