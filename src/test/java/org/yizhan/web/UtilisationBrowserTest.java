package org.yizhan.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.yizhan.support.Api;
import org.yizhan.support.Fixtures;
import org.yizhan.support.TestApp;

@DisplayName("Map page, planner view: the utilisation layer and table")
class UtilisationBrowserTest {
    static final double S = 31.10;
    static final double N = 31.30;
    static final double LAT = 31.20;
    static final AtomicInteger RIDER = new AtomicInteger(1);
    static Browser b;
    static String plannerToken;
    /** Station name → the label the hand-made case gives it (median 10 visits per 1,000 demand). */
    static final Map<String, String> LABELS = new LinkedHashMap<>();

    @BeforeAll
    static void fixtures() {
        TestApp.reset();
        Api api = TestApp.api();
        // five stations 2 km apart; 1,000 demand at each of the first four, none near the fifth
        List<String> names = List.of("甲站", "乙站", "丙站", "丁站", "戊站");
        List<Integer> visits = List.of(10, 10, 2, 40, 3);
        List<String> labels = List.of("normal", "normal", "under_used", "crowded", "none");
        StringBuilder demand = new StringBuilder("lon,lat,weight\n");
        for (int i = 0; i < names.size(); i++) {
            double lon = 121.60 + 0.02 * i;
            Api.Resp r = api.post("/api/v1/stations", Fixtures.restStation(names.get(i), lon, LAT));
            assertEquals(201, r.status(), r.toString());
            long id = r.json().getJsonObject("properties").getLong("id");
            if (i < 4) {
                demand.append(lon).append(',').append(LAT).append(",1000\n");
            }
            for (int v = 0; v < visits.get(i); v++) {
                int n = RIDER.getAndIncrement();
                assertEquals(
                        204,
                        api.send(
                                        HttpMethod.POST,
                                        "/api/v1/stations/" + id + "/checkins",
                                        null,
                                        null,
                                        Map.of("X-Forwarded-For", "10.88." + (n >> 8 & 255) + "." + (n & 255)))
                                .status());
            }
            LABELS.put(names.get(i), labels.get(i));
        }
        assertEquals(
                200,
                api.send(
                                HttpMethod.POST,
                                "/api/v1/demand/import?source=test",
                                "text/csv",
                                Buffer.buffer(demand.toString()),
                                Map.of("Authorization", "Bearer " + TestApp.ADMIN_TOKEN))
                        .status());
        JsonArray regions =
                new JsonArray().add(Fixtures.rectangleRegion("U", "利用率测试区", "city", null, 121.59, S, 121.69, N));
        assertEquals(
                200,
                api.post("/api/v1/regions/import", Fixtures.collection(regions)).status());
        plannerToken = api.post(
                        "/api/v1/tokens",
                        new JsonObject().put("role", "planner").put("label", "utilisation browser test"))
                .json()
                .getString("token");
        b = new Browser();
    }

    @AfterAll
    static void quit() {
        if (b != null) {
            b.close();
        }
    }

    @SuppressWarnings("unchecked")
    private List<String> column(int index) {
        return (List<String>) b.js(
                "return [...document.querySelectorAll('#u-table tbody tr')].map(r => r.children[arguments[0]].textContent)",
                index);
    }

    @Test
    @DisplayName(
            "a planner sees each station coloured by its label and sized by visits, a table that sorts, and the CSV of the same region and radius")
    void layerAndTable() {
        b.desktop();
        b.open("/?region=U#planner");
        b.waitFor(() -> "U".equals(b.js("return document.getElementById('p-region').value")));
        b.find("#u-run").click();
        b.waitFor(() -> b.all("#u-table tbody tr").size() == 5);
        // the table: one row per station with its label, by visits (most first)
        assertEquals(List.of("丁站", "甲站", "乙站", "戊站", "丙站"), column(0));
        Map<String, String> byName = new LinkedHashMap<>();
        for (Object row : (List<?>) b.js("return [...document.querySelectorAll('#u-table tbody tr')]"
                + ".map(r => [r.children[0].textContent, r.dataset.label || 'none', r.children[1].textContent])")) {
            List<?> r = (List<?>) row;
            byName.put((String) r.get(0), r.get(1) + ":" + r.get(2));
        }
        assertEquals("crowded:拥挤", byName.get("丁站"));
        assertEquals("under_used:利用不足", byName.get("丙站"));
        assertEquals("normal:正常", byName.get("甲站"));
        assertEquals("none:无需求数据", byName.get("戊站"));
        // the layer: one circle per station, coloured by label, the most visited the biggest
        for (Map.Entry<String, Long> e : Map.of("crowded", 1L, "under_used", 1L, "normal", 2L, "none", 1L)
                .entrySet()) {
            assertEquals(
                    e.getValue(),
                    ((Number) b.js(
                                    "return document.querySelectorAll('path.y-util.label-' + arguments[0]).length",
                                    e.getKey()))
                            .longValue(),
                    e.getKey());
        }
        double crowded = ((Number) b.js("return document.querySelector('path.y-util.label-crowded').getBBox().width"))
                .doubleValue();
        double underUsed = ((Number)
                        b.js("return document.querySelector('path.y-util.label-under_used').getBBox().width"))
                .doubleValue();
        assertTrue(crowded > underUsed * 1.5, "sized by visits: " + crowded + " vs " + underUsed);
        assertEquals(
                "rgb(198, 40, 40)",
                b.js("return getComputedStyle(document.querySelector('path.y-util.label-crowded')).fill"));
        b.screenshot("planner-utilisation-desktop");

        // sorting: by visits per 1,000 demand, most first, then least first (no demand last, then first)
        b.find("#u-table th[data-key=visits_per_1000_demand] button").click();
        assertEquals("丁站", column(0).get(0));
        assertEquals(
                "descending",
                b.find("#u-table th[data-key=visits_per_1000_demand]").getAttribute("aria-sort"));
        b.find("#u-table th[data-key=visits_per_1000_demand] button").click();
        assertEquals(List.of("戊站", "丙站"), column(0).subList(0, 2));
        b.find("#u-table th[data-key=name] button").click();
        assertEquals("ascending", b.find("#u-table th[data-key=name]").getAttribute("aria-sort"));

        // the CSV link: the same region and radius; the CSV is a planner's (docs/accounts.md), fetched with the token
        String href = b.find("#u-csv").getAttribute("href");
        assertTrue(href.contains("region=U") && href.contains("radius_m=1000") && href.contains("format=csv"), href);
        assertEquals(
                401, TestApp.api().get(href.substring(href.indexOf("/api/"))).status(), "not for anyone");
        b.js("window.savedCsv = null; Y.download = (name, text) => { window.savedCsv = {name, text}; }");
        b.find("#u-csv").click();
        b.waitFor(() -> b.find("#u-error").getText().contains("规划员"));
        b.js("sessionStorage.setItem('yizhan.token', arguments[0])", plannerToken);
        b.find("#u-csv").click();
        b.waitFor(() -> b.js("return window.savedCsv") != null);
        @SuppressWarnings("unchecked")
        Map<String, String> saved = (Map<String, String>) b.js("return window.savedCsv");
        assertEquals("utilisation.csv", saved.get("name"));
        String text = saved.get("text");
        assertEquals(6, text.strip().split("\n").length, text);
        assertTrue(text.contains("crowded") && text.contains("under_used"), text);
        assertEquals("", b.find("#u-error").getText());
        b.js("sessionStorage.removeItem('yizhan.token')");

        b.find("#lang").click();
        b.waitFor(
                () -> b.js("return [...document.querySelectorAll('#u-table .badge')].map(e => e.textContent).join(',')")
                        .toString()
                        .contains("Crowded"));
        b.phone();
        b.screenshot("planner-utilisation-phone");
        b.desktop();
    }
}
