package org.yizhan.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.WebElement;
import org.yizhan.support.Api;
import org.yizhan.support.Fixtures;
import org.yizhan.support.TestApp;

@DisplayName("Map page, planner view: gaps, district shares, grid, suggestions and what-if")
class PlannerBrowserTest {
    // A test city of two districts, west and east, about 10 km x 10 km.
    static final double W = 121.40;
    static final double S = 31.15;
    static final double E = 121.505;
    static final double N = 31.24;
    static final double MID = (W + E) / 2;
    static Browser b;
    static String plannerToken;

    @BeforeAll
    static void fixtures() {
        TestApp.reset();
        Api api = TestApp.api();
        JsonArray regions = new JsonArray()
                .add(Fixtures.rectangleRegion("T", "测试市", "city", null, W, S, E, N))
                .add(Fixtures.rectangleRegion("T-W", "西区", "district", "T", W, S, MID, N))
                .add(Fixtures.rectangleRegion("T-E", "东区", "district", "T", MID, S, E, N));
        assertEquals(
                200,
                api.post("/api/v1/regions/import", Fixtures.collection(regions)).status());
        // stations only in the south-west corner of the west district, and one in the east
        assertEquals(
                201,
                api.post("/api/v1/stations", Fixtures.restStation("西南驿站", 121.415, 31.165))
                        .status());
        assertEquals(
                201,
                api.post("/api/v1/stations", Fixtures.restStation("西南驿站二", 121.425, 31.17))
                        .status());
        assertEquals(
                201,
                api.post("/api/v1/stations", Fixtures.restStation("东区驿站", 121.48, 31.20))
                        .status());
        // demand on a regular grid over the whole city
        StringBuilder csv = new StringBuilder("lon,lat,weight\n");
        for (double lon = W + 0.004; lon < E; lon += 0.008) {
            for (double lat = S + 0.004; lat < N; lat += 0.008) {
                csv.append(String.format(Locale.ROOT, "%.5f,%.5f,10%n", lon, lat));
            }
        }
        assertEquals(
                200,
                api.send(
                                HttpMethod.POST,
                                "/api/v1/demand/import?source=test",
                                "text/csv",
                                Buffer.buffer(csv.toString()),
                                Map.of("Authorization", "Bearer " + TestApp.ADMIN_TOKEN))
                        .status());
        plannerToken = api.post(
                        "/api/v1/tokens",
                        new JsonObject().put("role", "planner").put("label", "planner browser test"))
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

    static String pct(Double share) {
        return String.format(Locale.ROOT, "%.1f%%", share * 100);
    }

    private static double percent(String text) {
        return Double.parseDouble(text.substring(0, text.indexOf('%')));
    }

    @Test
    @DisplayName("a planner picks a district and sees its gap polygons, its shares and every district's shares")
    void gapsAndDistrictShares() {
        b.desktop();
        b.open("/?region=T-W#planner");
        b.waitFor(() -> !b.find("#p-summary").getAttribute("class").isEmpty()
                && b.find("#p-summary").isDisplayed());
        JsonObject cov =
                TestApp.api().get("/api/v1/coverage?region=T-W&radius_m=1000").json();
        b.waitFor(() -> b.all("path.y-gap").size()
                == cov.getJsonObject("gaps").getJsonArray("features").size());
        assertTrue(b.all("path.y-gap").size() >= 1, "gap polygons drawn");
        String summary = b.find("#p-summary").getText();
        assertTrue(summary.contains(pct(cov.getDouble("covered_share"))), summary + " vs " + cov);
        assertTrue(summary.contains(pct(cov.getDouble("demand_share"))), summary + " vs " + cov);
        assertTrue(summary.contains("缺口 " + cov.getInteger("gaps_total") + " 处"), summary);
        // the table lists both districts of the city with the API's shares; the chosen one is marked
        JsonArray rows = TestApp.api()
                .get("/api/v1/coverage/districts?parent=T&radius_m=1000")
                .json()
                .getJsonArray("districts");
        b.waitFor(() -> b.all("#p-table tbody tr").size() == 2);
        for (Object o : rows) {
            JsonObject r = (JsonObject) o;
            WebElement tr = b.find("#p-table tr[data-code='" + r.getString("code") + "']");
            String text = tr.getText();
            assertTrue(text.startsWith(r.getString("name")), text);
            assertTrue(
                    text.contains(pct(r.getDouble("covered_share"))) && text.contains(pct(r.getDouble("demand_share"))),
                    text + " vs " + r);
        }
        assertTrue(b.find("#p-table tr[data-code='T-W']").getAttribute("class").contains("sel"));
        assertEquals(2, b.all("#p-chart .bar").size(), "a bar per district");
        assertTrue(b.find("#p-csv").getAttribute("href").contains("format=csv")
                && b.find("#p-csv").getAttribute("href").contains("parent=T"));
        b.screenshot("planner-desktop");
        b.phone();
        b.screenshot("planner-phone");
        b.desktop();
    }

    @Test
    @DisplayName("a what-if station placed in a gap raises area and demand coverage")
    void whatIfRaisesCoverage() {
        b.desktop();
        b.open("/?region=T-W#planner");
        // suggestions and what-if are a planner's: sign in as one (docs/accounts.md)
        b.js("sessionStorage.setItem('yizhan.token', arguments[0])", plannerToken);
        b.waitFor(() -> b.all("path.y-gap").size() >= 1 && b.find("#p-progress").getAttribute("hidden") != null);
        b.find("#p-whatif").click();
        b.waitFor(() -> b.find("#p-progress").getAttribute("hidden") != null);
        b.clickMapAt(121.43, 31.215); // the north of the west district: nothing within 1 km
        WebElement after = b.visible("#p-whatif-table .after-area");
        double before = percent(b.find("#p-whatif-table .before-area").getText());
        double afterArea = percent(after.getText());
        assertTrue(afterArea > before + 1, "area share rises: " + before + " → " + afterArea);
        assertTrue(
                percent(b.find("#p-whatif-table .after-demand").getText())
                        > percent(b.find("#p-whatif-table .before-demand").getText()),
                "demand share rises");
        assertTrue(b.find("#p-whatif-out").getText().contains("新增 1 个"));
        b.screenshot("planner-whatif-desktop");
    }

    @Test
    @DisplayName("suggested sites appear as ranked markers with the demand each adds; the heat-map grid draws")
    void suggestionsAndGrid() {
        b.desktop();
        b.open("/?region=T#planner");
        // suggestions and what-if are a planner's: sign in as one (docs/accounts.md)
        b.js("sessionStorage.setItem('yizhan.token', arguments[0])", plannerToken);
        b.waitFor(() -> b.all("path.y-gap").size() >= 1 && b.find("#p-progress").getAttribute("hidden") != null);
        b.find("#p-count").clear();
        b.find("#p-count").sendKeys("3");
        b.find("#p-suggest").click();
        b.waitFor(() -> b.all("#p-suggestions li").size() == 3);
        assertEquals(3, b.all(".y-rank").size());
        assertTrue(
                b.find("#p-suggestions li").getText().startsWith("第 1 名：新增需求"),
                b.find("#p-suggestions li").getText());
        b.find("#p-grid").click();
        b.waitFor(() -> b.find("#p-progress").getAttribute("hidden") != null);
        assertTrue(b.find("#p-error").getText().isEmpty(), b.find("#p-error").getText());
        b.waitFor(() -> b.find("#p-grid-legend").getAttribute("hidden") == null);
        assertTrue(
                b.find("#p-grid-legend").getText().contains("≤ 1000 m"),
                b.find("#p-grid-legend").getText());
        b.screenshot("planner-grid-desktop");
    }
}
