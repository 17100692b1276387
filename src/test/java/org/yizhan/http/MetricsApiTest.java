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
import org.yizhan.support.Fixtures;
import org.yizhan.support.MetricsText;
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
        Matcher m = Pattern.compile("^vertx_http_server_requests_total\\{([^}]*)\\} (\\S+)$", Pattern.MULTILINE)
                .matcher(text);
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
            assertEquals(
                    200,
                    api.get("/api/v1/stations/nearest?lon=121.4737&lat=31.2304").status());
        }
        String text = scrape();
        assertEquals(
                before + 3,
                requests(text, NEAREST, "200"),
                0.0,
                text.lines()
                        .filter(l -> l.startsWith("vertx_http_server_requests_total"))
                        .toList()
                        .toString());
        assertTrue(text.contains("vertx_http_server_response_time_seconds_bucket"), "latency histograms");
        assertTrue(text.contains("vertx_pool_in_use"), "database pool gauges");
        assertTrue(text.contains("jvm_memory_used_bytes"), "JVM metrics");
        assertFalse(text.contains("121.47") || text.contains("31.23"), "no coordinates in metrics");
    }

    @Test
    @DisplayName("coverage cache look-ups are counted as misses then hits, by cache")
    void coverageCacheHitsAndMisses() {
        String uri =
                "/api/v1/coverage?bbox=121.40,31.15,121.60,31.30&radius_m=" + (700 + (int) (System.nanoTime() % 200));
        String before = scrape();
        assertEquals(200, api.get(uri).status());
        String once = scrape();
        assertEquals(200, api.get(uri).status());
        String twice = scrape();
        String cache = "cache=\"coverage_answers\"";
        double miss0 = orZero(MetricsText.sample(before, "yizhan_cache_requests_total", cache, "result=\"miss\""));
        double hit1 = orZero(MetricsText.sample(once, "yizhan_cache_requests_total", cache, "result=\"hit\""));
        assertEquals(
                miss0 + 1,
                MetricsText.sample(once, "yizhan_cache_requests_total", cache, "result=\"miss\""),
                0.0,
                "a new radius is a miss");
        assertEquals(
                hit1 + 1,
                MetricsText.sample(twice, "yizhan_cache_requests_total", cache, "result=\"hit\""),
                0.0,
                "the same request again is a hit");
    }

    private static double orZero(double v) {
        return Double.isNaN(v) ? 0 : v;
    }

    @Test
    @DisplayName("the moderation queue's length is a gauge, read from the database at each scrape")
    void reportQueueLength() {
        long open = TestApp.await(TestApp.sql()
                        .query("SELECT count(*) FROM station_report WHERE status = 'open'")
                        .execute())
                .iterator()
                .next()
                .getLong(0);
        assertEquals(open, MetricsText.sample(scrape(), "yizhan_reports_open"), 0.0);
        Resp created = api.post("/api/v1/stations", Fixtures.restStation("队列站 " + System.nanoTime(), 121.48, 31.22));
        assertEquals(201, created.status(), created.toString());
        long station = created.json().getLong("id");
        Resp report = api.send(
                HttpMethod.POST,
                "/api/v1/stations/" + station + "/reports",
                "application/json",
                io.vertx.core.buffer.Buffer.buffer(new io.vertx.core.json.JsonObject()
                        .put("kind", "closed_now")
                        .encode()),
                Map.of("X-Forwarded-For", "10.99." + (System.nanoTime() % 250) + ".9"));
        assertEquals(201, report.status(), report.toString());
        assertEquals(
                open + 1,
                MetricsText.sample(scrape(), "yizhan_reports_open"),
                0.0,
                "the new report waits for a moderator");
    }

    @Test
    @DisplayName("a scrape needs a valid token")
    void needsAToken() {
        ErrorAssertions.assertJsonError(api.get("/metrics"), "no token", 401, "unauthorized", "Authorization");
    }
}
