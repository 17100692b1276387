package org.yizhan.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The demo's seeded output is pinned: the figures below were taken from the generators before their data
 * (district profiles, hot spots, name parts, weights) moved from Java arrays to resource files under
 * {@code src/main/resources/demo/}, so a change in a file or in the order of its draws shows here.
 * Change them only with a deliberate change of the demo city.
 */
@DisplayName("The seeded demo city and demand are what they were before their data became resource files")
class DemoDataTest {

    @Test
    @DisplayName("3,000 stations of seed 42: the same counts by kind, status and district, and the same features")
    void demoCityUnchanged() throws Exception {
        List<JsonObject> features = DemoCity.features(42, DemoCity.DEFAULT_COUNT);
        assertEquals("{meal=650, parking=687, rest_station=1663}", count(features, "kind"));
        assertEquals("{closed=115, open=2671, temporarily_closed=214}", count(features, "status"));
        assertEquals(
                "{310101=287, 310104=359, 310105=196, 310106=216, 310107=215, 310109=210, 310110=182, "
                        + "310112=281, 310113=173, 310114=105, 310115=528, 310116=33, 310117=96, 310118=60, 310120=34, "
                        + "310151=25}",
                count(features, "district_code"));
        // Every property of every feature, names and addresses included, as the import receives them.
        assertEquals("b334bf1e04c8b86a0d6a2b9f7ec75a556bdb5b0bc5463e7f80e7fedbd803a6eb", sha256(features.toString()));
    }

    @Test
    @DisplayName("60,000 demand samples of seed 42: the same cells and weights")
    void demoDemandUnchanged() throws Exception {
        List<DemoDemand.DemandPoint> points = DemoDemand.points(42, DemoDemand.DEFAULT_SAMPLES);
        assertEquals(23822, points.size());
        assertEquals("2634270b53d29021299a4f1dec3fb2219e60c0f64bb00c89dad59c82857baee5", sha256(points.toString()));
    }

    private static String count(List<JsonObject> features, String property) {
        Map<String, Integer> n = new TreeMap<>();
        features.forEach(f -> n.merge(f.getJsonObject("properties").getString(property), 1, Integer::sum));
        return n.toString();
    }

    private static String sha256(String text) throws Exception {
        return HexFormat.of()
                .formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    }
}
