package org.yizhan.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.http.HttpMethod;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.yizhan.support.Api;
import org.yizhan.support.Api.Resp;
import org.yizhan.support.ErrorAssertions;
import org.yizhan.support.TestApp;

@DisplayName("GET /metrics: Prometheus text with request counts and latency per route template, pool gauges, JVM")
class MetricsApiTest {
    final Api api = TestApp.api();
    /** Vert.x names a route of a sub-router by its mount point, ">", and its own path. */
    static final String NEAREST = "/api/v1/>/stations/nearest";
    static final Map<String, String> ADMIN = Map.of("Authorization", "Bearer " + TestApp.ADMIN_TOKEN);

    String scrape() {
        Resp r = api.send(HttpMethod.GET, "/metrics", null, null, ADMIN);
        assertEquals(200, r.status(), r.toString());
        assertTrue(r.header("Content-Type").startsWith("text/plain"), r.header("Content-Type"));
        return r.body().toString();
    }

    static double requests(String text, String route, String code) {
        Matcher m = Pattern.compile("^vertx_http_server_requests_total\\{([^}]*)\\} (\\S+)$", Pattern.MULTILINE).matcher(text);
        double sum = 0;
        while (m.find()) {
            String labels = m.group(1);
            if (labels.contains("route=\"" + route + "\"") && labels.contains("code=\"" + code + "\"")) {
                sum += Double.parseDouble(m.group(2));
            }
        }
        return sum;
    }

    @Test
    @DisplayName("nearest requests are counted under their route template, never with the rider's position")
    void countsByRouteTemplate() {
        double before = requests(scrape(), NEAREST, "200");
        for (int i = 0; i < 3; i++) {
            assertEquals(200, api.get("/api/v1/stations/nearest?lon=121.4737&lat=31.2304").status());
        }
        String text = scrape();
        assertEquals(before + 3, requests(text, NEAREST, "200"), 0.0, text.lines().filter(l -> l.startsWith("vertx_http_server_requests_total")).toList().toString());
        assertTrue(text.contains("vertx_http_server_response_time_seconds_bucket"), "latency histograms");
        assertTrue(text.contains("vertx_pool_in_use"), "database pool gauges");
        assertTrue(text.contains("jvm_memory_used_bytes"), "JVM metrics");
        assertFalse(text.contains("121.47") || text.contains("31.23"), "no coordinates in metrics");
    }

    @Test
    @DisplayName("a scrape needs a valid token")
    void needsAToken() {
        ErrorAssertions.assertJsonError(api.get("/metrics"), "no token", 401, "unauthorized", "Authorization");
    }
}
