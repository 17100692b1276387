package org.yizhan.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.yizhan.support.Api;
import org.yizhan.support.TestApp;

@DisplayName("Map page with 3,200 stations in view: grid clusters on one canvas")
class ClusterBrowserTest {
    static final int STATIONS = 3_200;
    static Browser b;

    @BeforeAll
    static void fixtures() {
        TestApp.reset();
        Random rnd = new Random(7);
        StringBuilder csv = new StringBuilder("lon,lat,kind,category,name\n");
        for (int i = 0; i < STATIONS; i++) {
            csv.append(String.format(Locale.ROOT, "%.6f,%.6f,rest_station,other,站%d%n",
                    121.30 + rnd.nextDouble() * 0.35, 31.10 + rnd.nextDouble() * 0.25, i));
        }
        Api.Resp r = TestApp.api().send(HttpMethod.POST, "/api/v1/stations/import", "text/csv", Buffer.buffer(csv.toString()),
                Map.of("Authorization", "Bearer " + TestApp.ADMIN_TOKEN));
        assertEquals(200, r.status(), r.toString());
        b = new Browser();
    }

    @AfterAll
    static void quit() {
        if (b != null) {
            b.close();
        }
    }

    @Test
    @DisplayName("every station in view is loaded, drawn as far fewer clusters, and a redraw takes well under a frame budget")
    void clustersStaySmooth() {
        b.desktop();
        b.open("/#rider");
        b.waitFor(() -> ((Number) b.js("return Y.views.rider.points()")).intValue() == STATIONS);
        int clusters = ((Number) b.js("return Y.views.rider.clusters()")).intValue();
        assertTrue(clusters > 20 && clusters < 800, "clusters: " + clusters);
        double worst = 0;
        for (int i = 0; i < 5; i++) {
            worst = Math.max(worst, ((Number) b.js("return Y.views.rider.redrawMs()")).doubleValue());
        }
        assertTrue(worst < 100, "redraw of " + STATIONS + " stations took " + worst + " ms");
        b.screenshot("rider-clusters-desktop");
    }
}
