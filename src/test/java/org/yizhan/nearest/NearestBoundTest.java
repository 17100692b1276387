package org.yizhan.nearest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.Random;
import net.sf.geographiclib.Geodesic;
import net.sf.geographiclib.GeodesicData;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.yizhan.support.TestApp;

@DisplayName("The nearest search's bound: no station beyond a sphere distance is nearer on the ellipsoid")
class NearestBoundTest {

    @Test
    @DisplayName("the local bound never exceeds a true ellipsoid distance, anywhere, at any range up to 3,000 km")
    void boundHolds() {
        Random r = new Random(5);
        int checked = 0;
        for (int o = 0; o < 400; o++) {
            // Half the origins in China, half anywhere (poles and the antimeridian included).
            double lon = o % 2 == 0 ? 73 + r.nextDouble() * 62 : -180 + r.nextDouble() * 360;
            double lat = o % 2 == 0 ? 18 + r.nextDouble() * 36 : -89.9 + r.nextDouble() * 179.8;
            double s = Math.pow(10, 1 + r.nextDouble() * 5.45); // 10 m to 2,800 km
            double bound = NearestService.ellipsoidLowerBound(lon, lat, s);
            for (int t = 0; t < 200; t++) {
                // A point whose sphere distance is s or a little more, in any direction.
                double az = r.nextDouble() * 360;
                double want = s * (1 + r.nextDouble() * 0.015);
                GeodesicData d = Geodesic.WGS84.Direct(lat, lon, az, want);
                double sphere = NearestService.sphereM(lon, lat, d.lon2, d.lat2);
                if (sphere < s) {
                    continue; // only stations the walk has not reached count
                }
                double ellipsoid = Geodesic.WGS84.Inverse(lat, lon, d.lat2, d.lon2).s12;
                assertTrue(
                        ellipsoid >= bound,
                        "origin " + lon + "," + lat + " sphere " + sphere + " ellipsoid " + ellipsoid
                                + " below the bound " + bound);
                checked++;
            }
        }
        assertTrue(checked > 40_000, "checked " + checked);
    }

    @Test
    @DisplayName("the local bound is three times tighter than the global 1 % in China")
    void boundIsTight() {
        double s = 300_000;
        double bound = NearestService.ellipsoidLowerBound(121.47, 31.23, s);
        assertTrue(bound > 0.996 * s, "bound " + bound / s);
        assertTrue(bound < s);
        assertEquals(
                0.99 * 5_000_000,
                NearestService.ellipsoidLowerBound(121.47, 31.23, 5_000_000),
                1e-6,
                "beyond 3,000 km the global factor");
    }

    @Test
    @DisplayName("sphereM is the geography index's <-> distance, to a millionth of a millimetre per kilometre")
    void sphereIsTheIndexSphere() {
        Random r = new Random(9);
        for (int i = 0; i < 50; i++) {
            double lon1 = -180 + r.nextDouble() * 360;
            double lat1 = -89 + r.nextDouble() * 178;
            double lon2 = -180 + r.nextDouble() * 360;
            double lat2 = -89 + r.nextDouble() * 178;
            Row row = TestApp.await(TestApp.sql()
                            .preparedQuery("SELECT ST_SetSRID(ST_MakePoint($1, $2), 4326)::geography"
                                    + " <-> ST_SetSRID(ST_MakePoint($3, $4), 4326)::geography AS d")
                            .execute(Tuple.of(lon1, lat1, lon2, lat2)))
                    .iterator()
                    .next();
            double pg = row.getDouble("d");
            assertEquals(pg, NearestService.sphereM(lon1, lat1, lon2, lat2), Math.max(1e-6, pg * 1e-9));
        }
    }
}
