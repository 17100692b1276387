package org.yizhan.geo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.yizhan.support.TestApp;

@DisplayName("UTM to longitude/latitude (Krüger series) agrees with PostGIS/PROJ")
class UtmTest {

    @Test
    @DisplayName(
            "points projected by PostGIS come back within 1e-8 degrees (about 1 mm), north and south, across a zone")
    void inverseMatchesProj() {
        Random rnd = new Random(17);
        for (int i = 0; i < 300; i++) {
            double lon = -179 + rnd.nextDouble() * 358;
            double lat = (rnd.nextBoolean() ? 1 : -1) * rnd.nextDouble() * 80;
            Row r = TestApp.await(TestApp.sql().preparedQuery("""
                    SELECT utm_srid(p) AS srid, ST_X(ST_Transform(p, utm_srid(p))) AS x, ST_Y(ST_Transform(p, utm_srid(p))) AS y
                    FROM (SELECT ST_SetSRID(ST_MakePoint($1, $2), 4326) AS p) q""").execute(Tuple.of(lon, lat)))
                    .iterator()
                    .next();
            int srid = r.getInteger("srid");
            assertTrue(Utm.isUtm(srid), "srid " + srid);
            double[] back = Utm.toWgs84(r.getDouble("x"), r.getDouble("y"), srid);
            assertEquals(lon, back[0], 1e-8, "lon of " + lon + "," + lat);
            assertEquals(lat, back[1], 1e-8, "lat of " + lon + "," + lat);
        }
    }
}
