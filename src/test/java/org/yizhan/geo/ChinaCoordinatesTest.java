package org.yizhan.geo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class ChinaCoordinatesTest {

    // Published test vectors, {lon, lat} in degrees. Sources:
    //  [ev] googollee/eviltransform, python/test.py (TESTS: wgsLat, wgsLng, gcjLat, gcjLng)
    //  [ct] wandergis/coordtransform, test/app.js ("//result" comments)
    //  [gc] hujiulong/gcoord, test/unit/crs/GCJ02.spec.js (given to 8 decimals, checked there to 5)
    private static final double[][][] EV_WGS_TO_GCJ = {
        {{121.5272106, 31.1774276}, {121.531541859215, 31.17530398364597}}, // Shanghai
        {{113.912316, 22.543847}, {113.9171764808363, 22.540796131694766}}, // Shenzhen
        {{116.377817, 39.911954}, {116.38404722455657, 39.91334545536069}}, // Beijing
    };
    private static final double[] CT_INPUT = {116.404, 39.915};
    private static final double[] CT_WGS_TO_GCJ = {116.41024449916938, 39.91640428150164};
    private static final double[] CT_GCJ_TO_BD = {116.41036949371029, 39.92133699351021};
    // coordtransform's closed-form BD-09 → GCJ-02 and one-step GCJ-02 → WGS 84, both approximations.
    private static final double[] CT_BD_TO_GCJ_CLOSED_FORM = {116.39762729119315, 39.90865673957631};
    private static final double[] CT_GCJ_TO_WGS_ONE_STEP = {116.39775550083061, 39.91359571849836};
    private static final double[] GC_INPUT = {123.0, 45.0};
    private static final double[] GC_GCJ_TO_WGS = {122.99395597, 44.99804071};
    private static final double[] GC_GCJ_TO_BD = {123.00636499, 45.00636899};

    // 1e-6° is ≈0.1 m, the round-trip budget; 1e-9° is what the iterative inverses aim for.
    private static final double ROUND_TRIP_DEG = 1e-6;
    private static final double EXACT_DEG = 1e-9;

    private static final double[][] OUTSIDE_CHINA = {
        {-0.1276, 51.5072}, // London
        {-74.0060, 40.7128}, // New York
        {139.6917, 35.6895}, // Tokyo: east of the rectangle
        {37.6173, 55.7558}, // Moscow
        {151.2093, -33.8688}, // Sydney
        {0.0, 0.0},
    };

    @Test
    @DisplayName("WGS 84 to GCJ-02 reproduces eviltransform's Shanghai, Shenzhen and Beijing vectors")
    void wgsToGcjMatchesEviltransform() {
        for (double[][] pair : EV_WGS_TO_GCJ) {
            checkClose(pair[1], ChinaCoordinates.wgs84ToGcj02(pair[0][0], pair[0][1]), EXACT_DEG);
        }
    }

    @Test
    @DisplayName("WGS 84 to GCJ-02 reproduces coordtransform's Beijing vector")
    void wgsToGcjMatchesCoordtransform() {
        checkClose(CT_WGS_TO_GCJ, ChinaCoordinates.wgs84ToGcj02(CT_INPUT[0], CT_INPUT[1]), EXACT_DEG);
    }

    @Test
    @DisplayName("GCJ-02 to WGS 84 recovers the WGS 84 side of every published pair")
    void gcjToWgsInvertsPublishedPairs() {
        for (double[][] pair : EV_WGS_TO_GCJ) {
            checkClose(pair[0], ChinaCoordinates.gcj02ToWgs84(pair[1][0], pair[1][1]), 1e-8);
        }
        checkClose(CT_INPUT, ChinaCoordinates.gcj02ToWgs84(CT_WGS_TO_GCJ[0], CT_WGS_TO_GCJ[1]), 1e-8);
    }

    @Test
    @DisplayName("GCJ-02 to WGS 84 is the exact inverse, not the one-step approximation")
    void gcjToWgsIsExactNotOneStep() {
        double[] exact = ChinaCoordinates.gcj02ToWgs84(CT_INPUT[0], CT_INPUT[1]);
        // Forward again, ours lands back on the input; the one-step answer misses by more than 1e-7°.
        checkClose(CT_INPUT, ChinaCoordinates.wgs84ToGcj02(exact[0], exact[1]), EXACT_DEG);
        double[] oneStepForward = ChinaCoordinates.wgs84ToGcj02(CT_GCJ_TO_WGS_ONE_STEP[0], CT_GCJ_TO_WGS_ONE_STEP[1]);
        assertTrue(maxAbsDiff(CT_INPUT, oneStepForward) > 1e-7, "one-step inverse should be visibly off");
        // Both still describe the same place to about a metre.
        checkClose(CT_GCJ_TO_WGS_ONE_STEP, exact, 1e-5);
    }

    @Test
    @DisplayName("GCJ-02 to WGS 84 agrees with gcoord's published value")
    void gcjToWgsMatchesGcoord() {
        checkClose(GC_GCJ_TO_WGS, ChinaCoordinates.gcj02ToWgs84(GC_INPUT[0], GC_INPUT[1]), 1e-6);
    }

    @Test
    @DisplayName("GCJ-02 to BD-09 reproduces coordtransform's and gcoord's vectors")
    void gcjToBdMatchesPublishedVectors() {
        checkClose(CT_GCJ_TO_BD, ChinaCoordinates.gcj02ToBd09(CT_INPUT[0], CT_INPUT[1]), EXACT_DEG);
        checkClose(GC_GCJ_TO_BD, ChinaCoordinates.gcj02ToBd09(GC_INPUT[0], GC_INPUT[1]), 1e-7);
    }

    @Test
    @DisplayName("BD-09 to GCJ-02 inverts the published pair and stays within 0.5 m of the closed-form formula")
    void bdToGcjInvertsPublishedPair() {
        checkClose(CT_INPUT, ChinaCoordinates.bd09ToGcj02(CT_GCJ_TO_BD[0], CT_GCJ_TO_BD[1]), EXACT_DEG);
        checkClose(CT_BD_TO_GCJ_CLOSED_FORM, ChinaCoordinates.bd09ToGcj02(CT_INPUT[0], CT_INPUT[1]), 5e-6);
    }

    @Test
    @DisplayName("WGS 84 to BD-09 is GCJ-02 followed by the BD-09 offset")
    void wgsToBdComposesTheTwoSteps() {
        double[] gcj = ChinaCoordinates.wgs84ToGcj02(CT_INPUT[0], CT_INPUT[1]);
        double[] viaGcj = ChinaCoordinates.gcj02ToBd09(gcj[0], gcj[1]);
        assertArrayEquals(viaGcj, ChinaCoordinates.wgs84ToBd09(CT_INPUT[0], CT_INPUT[1]));
        // Sanity on magnitude: in Beijing BD-09 sits roughly 1 km from WGS 84, never metres or tens of km.
        double distanceDeg = maxAbsDiff(CT_INPUT, viaGcj);
        assertTrue(distanceDeg > 0.003 && distanceDeg < 0.03, "offset " + distanceDeg + "°");
    }

    @Test
    @DisplayName("Random points across China survive WGS→GCJ→WGS and WGS→BD→WGS within 1e-6 degrees")
    void roundTripsAcrossChina() {
        Random random = new Random(20261123L);
        double worstGcj = 0;
        double worstBd = 0;
        for (int i = 0; i < 20_000; i++) {
            // Mainland bounding box, well inside the rectangle.
            double lon = 73.5 + random.nextDouble() * (135.0 - 73.5);
            double lat = 18.0 + random.nextDouble() * (53.5 - 18.0);
            double[] p = {lon, lat};
            double[] gcj = ChinaCoordinates.wgs84ToGcj02(lon, lat);
            worstGcj = Math.max(worstGcj, maxAbsDiff(p, ChinaCoordinates.gcj02ToWgs84(gcj[0], gcj[1])));
            double[] bd = ChinaCoordinates.wgs84ToBd09(lon, lat);
            worstBd = Math.max(worstBd, maxAbsDiff(p, ChinaCoordinates.bd09ToWgs84(bd[0], bd[1])));
        }
        assertTrue(worstGcj < ROUND_TRIP_DEG, "worst GCJ-02 round trip " + worstGcj + "°");
        assertTrue(worstBd < ROUND_TRIP_DEG, "worst BD-09 round trip " + worstBd + "°");
    }

    @ParameterizedTest
    @EnumSource(Crs.class)
    @DisplayName("Every CRS converts to WGS 84 and back without loss")
    void crsRoundTrips(Crs crs) {
        Random random = new Random(7L);
        for (int i = 0; i < 2_000; i++) {
            double[] p = {100.0 + random.nextDouble() * 25.0, 20.0 + random.nextDouble() * 25.0};
            double[] there = crs.fromWgs84(p[0], p[1]);
            checkClose(p, crs.toWgs84(there[0], there[1]), ROUND_TRIP_DEG);
        }
    }

    @Test
    @DisplayName("Points outside China are returned unchanged by every conversion, BD-09 included")
    void outsideChinaIsIdentity() {
        for (double[] p : OUTSIDE_CHINA) {
            assertTrue(ChinaCoordinates.isOutsideChina(p[0], p[1]));
            checkIdentity(p, ChinaCoordinates.wgs84ToGcj02(p[0], p[1]));
            checkIdentity(p, ChinaCoordinates.gcj02ToWgs84(p[0], p[1]));
            checkIdentity(p, ChinaCoordinates.gcj02ToBd09(p[0], p[1]));
            checkIdentity(p, ChinaCoordinates.bd09ToGcj02(p[0], p[1]));
            checkIdentity(p, ChinaCoordinates.wgs84ToBd09(p[0], p[1]));
            checkIdentity(p, ChinaCoordinates.bd09ToWgs84(p[0], p[1]));
            for (Crs crs : Crs.values()) {
                checkIdentity(p, crs.toWgs84(p[0], p[1]));
                checkIdentity(p, crs.fromWgs84(p[0], p[1]));
            }
        }
    }

    @Test
    @DisplayName("The China rectangle is inclusive at its corner and the offset stops just outside it")
    void rectangleEdges() {
        assertFalse(ChinaCoordinates.isOutsideChina(72.004, 0.8293));
        assertFalse(ChinaCoordinates.isOutsideChina(137.8347, 55.8271));
        assertTrue(ChinaCoordinates.isOutsideChina(72.0039, 30.0));
        assertTrue(ChinaCoordinates.isOutsideChina(110.0, 55.8272));
        double[] inside = ChinaCoordinates.wgs84ToGcj02(72.004, 30.0);
        assertTrue(maxAbsDiff(new double[] {72.004, 30.0}, inside) > 1e-4, "offset applies at the edge");
        checkIdentity(new double[] {72.0039, 30.0}, ChinaCoordinates.wgs84ToGcj02(72.0039, 30.0));
    }

    @Test
    @DisplayName("NaN coordinates pass through instead of producing an invented point")
    void nanPassesThrough() {
        double[] out = ChinaCoordinates.gcj02ToWgs84(Double.NaN, 31.0);
        assertTrue(Double.isNaN(out[0]));
        assertEquals(31.0, out[1]);
    }

    @ParameterizedTest
    @ValueSource(strings = {"wgs84", "WGS84", " Wgs84 "})
    @DisplayName("parse accepts wgs84 in any case, ignoring surrounding spaces")
    void parsesWgs84(String value) {
        assertSame(Crs.WGS84, Crs.parse(value));
    }

    @Test
    @DisplayName("parse accepts gcj02 and bd09 case-insensitively")
    void parsesChineseSystems() {
        assertSame(Crs.GCJ02, Crs.parse("gcj02"));
        assertSame(Crs.GCJ02, Crs.parse("GCJ02"));
        assertSame(Crs.BD09, Crs.parse("bd09"));
        assertSame(Crs.BD09, Crs.parse("Bd09"));
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"   "})
    @DisplayName("A missing, empty or blank crs means WGS 84")
    void missingMeansWgs84(String value) {
        assertSame(Crs.WGS84, Crs.parse(value));
    }

    @ParameterizedTest
    @ValueSource(strings = {"gcj-02", "bd-09", "epsg:4326", "baidu", "wgs", "4326"})
    @DisplayName("parse rejects anything else with a message that lists the allowed values")
    void rejectsUnknown(String value) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Crs.parse(value));
        assertTrue(e.getMessage().contains("wgs84, gcj02, bd09"), e.getMessage());
        assertTrue(e.getMessage().contains(value), e.getMessage());
    }

    @Test
    @DisplayName("A long bad crs value is cut short in the error message")
    void longValueIsTruncated() {
        String junk = "x".repeat(500);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Crs.parse(junk));
        assertTrue(e.getMessage().length() < 100, e.getMessage());
    }

    @ParameterizedTest
    @EnumSource(Crs.class)
    @DisplayName("code() is the lower-case token that parse() reads back")
    void codeRoundTrips(Crs crs) {
        assertEquals(crs.name().toLowerCase(Locale.ROOT), crs.code());
        assertSame(crs, Crs.parse(crs.code()));
    }

    @Test
    @DisplayName("Crs delegates to the matching ChinaCoordinates conversion")
    void crsDelegates() {
        double[] p = EV_WGS_TO_GCJ[0][0];
        assertArrayEquals(p, Crs.WGS84.fromWgs84(p[0], p[1]));
        assertArrayEquals(ChinaCoordinates.wgs84ToGcj02(p[0], p[1]), Crs.GCJ02.fromWgs84(p[0], p[1]));
        assertArrayEquals(ChinaCoordinates.wgs84ToBd09(p[0], p[1]), Crs.BD09.fromWgs84(p[0], p[1]));
        assertArrayEquals(ChinaCoordinates.gcj02ToWgs84(p[0], p[1]), Crs.GCJ02.toWgs84(p[0], p[1]));
        assertArrayEquals(ChinaCoordinates.bd09ToWgs84(p[0], p[1]), Crs.BD09.toWgs84(p[0], p[1]));
    }

    private static void checkClose(double[] expected, double[] actual, double toleranceDeg) {
        assertEquals(2, actual.length);
        assertEquals(expected[0], actual[0], toleranceDeg, "lon");
        assertEquals(expected[1], actual[1], toleranceDeg, "lat");
    }

    private static void checkIdentity(double[] expected, double[] actual) {
        assertArrayEquals(expected, actual, 0.0);
    }

    private static double maxAbsDiff(double[] a, double[] b) {
        return Math.max(Math.abs(a[0] - b[0]), Math.abs(a[1] - b[1]));
    }
}
