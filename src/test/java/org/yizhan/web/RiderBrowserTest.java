package org.yizhan.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import net.sf.geographiclib.Geodesic;
import net.sf.geographiclib.GeodesicData;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;
import org.yizhan.geo.ChinaCoordinates;
import org.yizhan.support.Api;
import org.yizhan.support.Fixtures;
import org.yizhan.support.TestApp;

@DisplayName("Map page, rider view: nearest stations from a fixed point, filters, detail card")
class RiderBrowserTest {
    static final double LON = 121.47;
    static final double LAT = 31.23;
    static Browser b;

    @BeforeAll
    static void fixtures() {
        TestApp.reset();
        Api api = TestApp.api();
        station(api, 90, 100, new JsonObject().put("kind", "rest_station").put("category", "union_station")
                .put("name", "近处工会驿站").put("opening_hours", "24/7").put("access", "staffed")
                .put("phone", "021-64870000").put("amenities", new JsonArray().add("drinking_water").add("microwave"))
                .put("last_verified_at", "2025-03-01T09:00:00+08:00"));
        station(api, 0, 400, new JsonObject().put("kind", "parking").put("name", "北边停车点").put("opening_hours", "24/7")
                .put("vehicle_types", new JsonArray().add("ebike")));
        station(api, 200, 900, new JsonObject().put("kind", "meal").put("name", "南边用餐点").put("opening_hours", "off"));
        station(api, 300, 1500, new JsonObject().put("kind", "rest_station").put("category", "driver_home")
                .put("name", "司机之家一号").put("amenities", new JsonArray().add("wifi")));
        for (int i = 0; i < 12; i++) {
            station(api, i * 30, 1600 + i * 25, new JsonObject().put("kind", i % 2 == 0 ? "rest_station" : "parking")
                    .put("category", i % 2 == 0 ? "other" : null).put("name", "外圈站点" + i).put("opening_hours", "24/7"));
        }
        station(api, 45, 3000, new JsonObject().put("kind", "rest_station").put("category", "other").put("name", "三公里外"));
        b = new Browser();
    }

    @AfterAll
    static void quit() {
        if (b != null) {
            b.close();
        }
    }

    static void station(Api api, double azimuth, double metres, JsonObject props) {
        GeodesicData d = Geodesic.WGS84.Direct(LAT, LON, azimuth, metres);
        JsonObject p = new JsonObject();
        props.forEach(e -> {
            if (e.getValue() != null) {
                p.put(e.getKey(), e.getValue());
            }
        });
        assertEquals(201, api.post("/api/v1/stations", Fixtures.feature(d.lon2, d.lat2, p)).status());
    }

    private List<WebElement> cards(int expected) {
        b.waitFor(() -> b.all("#rider-list .card").size() == expected);
        return b.all("#rider-list .card");
    }

    /** Read in one script, so that a list re-rendered meanwhile cannot leave stale elements. */
    @SuppressWarnings("unchecked")
    private List<String> names() {
        return new ArrayList<>((List<String>) b.js(
                "return [...document.querySelectorAll('#rider-list .card .name')].map(e => e.textContent)"));
    }

    @Test
    @DisplayName("a rider at a fixed point sees the ten nearest in ascending distance and '10 of 16 within 2 km'")
    void nearestInOrder() {
        b.desktop();
        b.open("/?lat=" + LAT + "&lon=" + LON);
        List<WebElement> cards = cards(10);
        double previous = -1;
        for (WebElement c : cards) {
            double d = Double.parseDouble(c.getAttribute("data-distance"));
            assertTrue(d >= previous, "distances ascend: " + d + " after " + previous);
            previous = d;
        }
        List<String> names = names();
        assertTrue(names.get(0).contains("近处工会驿站"), names.toString());
        assertTrue(names.get(1).contains("北边停车点"), names.toString());
        assertTrue(names.get(2).contains("南边用餐点"), names.toString());
        assertTrue(cards.get(0).getText().contains("100 m"), cards.get(0).getText());
        assertTrue(cards.get(0).getText().contains("营业中"), "open-now badge: " + cards.get(0).getText());
        assertTrue(cards.get(2).getText().contains("未营业"), "closed badge: " + cards.get(2).getText());
        assertTrue(cards.get(0).getText().contains("有人值守"), "access mode: " + cards.get(0).getText());
        assertTrue(cards.get(0).getText().contains("2025-03-01"), "last verified: " + cards.get(0).getText());
        // 16 stations lie within 2 km; the 3 km one does not count
        assertEquals("显示最近 10 个，2 km 内共 16 个", b.find("#rider-summary").getText());
        assertEquals(10, b.all(".y-pin").size(), "one numbered marker per listed station");
        b.screenshot("rider-desktop");
    }

    @Test
    @DisplayName("filters by kind, amenity and open-now change the list")
    void filtersChangeTheList() {
        b.desktop();
        b.open("/?lat=" + LAT + "&lon=" + LON);
        cards(10);
        b.find("#filters summary").click();
        new Select(b.find("#f-kind")).selectByValue("parking");
        b.waitFor(() -> names().size() == 7 && names().get(0).contains("北边停车点"));
        for (String n : names()) {
            assertTrue(n.contains("🅿"), "only parking: " + n);
        }
        new Select(b.find("#f-kind")).selectByValue("");
        b.find("#f-amenities input[value=microwave]").click();
        b.waitFor(() -> names().size() == 1);
        assertTrue(names().get(0).contains("近处工会驿站"));
        b.find("#f-amenities input[value=microwave]").click();
        new Select(b.find("#f-radius")).selectByValue("1000");
        b.waitFor(() -> names().size() == 3);
        b.find("#f-open").click();
        b.waitFor(() -> names().size() == 2);
        assertTrue(names().stream().noneMatch(n -> n.contains("南边用餐点")), "closed meal point filtered: " + names());
        b.find("#f-open").click();
        new Select(b.find("#f-radius")).selectByValue("2000");
        cards(10);
    }

    @Test
    @DisplayName("the detail card has hours, a tel: link and navigation links in each map app's datum")
    void detailCardAndNavigation() {
        b.desktop();
        b.open("/?lat=" + LAT + "&lon=" + LON);
        cards(10).get(0).click();
        b.visible("#detail");
        String text = b.find("#detail").getText();
        assertTrue(text.contains("24/7"), text);
        assertEquals("tel:021-64870000", b.find("#detail a[href^='tel:']").getAttribute("href"));
        JsonObject f = TestApp.api().get("/api/v1/stations/nearest?lon=" + LON + "&lat=" + LAT + "&limit=1").json()
                .getJsonArray("features").getJsonObject(0);
        double lon = f.getJsonObject("geometry").getJsonArray("coordinates").getDouble(0);
        double lat = f.getJsonObject("geometry").getJsonArray("coordinates").getDouble(1);
        double[] gcj = ChinaCoordinates.wgs84ToGcj02(lon, lat);
        double[] bd = ChinaCoordinates.wgs84ToBd09(lon, lat);
        String amap = b.find("#detail a.nav-amap").getAttribute("href");
        String baidu = b.find("#detail a.nav-baidu").getAttribute("href");
        String tencent = b.find("#detail a.nav-tencent").getAttribute("href");
        String geo = b.find("#detail a.nav-geo").getAttribute("href");
        assertTrue(amap.startsWith("https://uri.amap.com/marker?position=" + fmt(gcj[0]) + "," + fmt(gcj[1])), amap);
        assertTrue(baidu.contains("location=" + fmt(bd[1]) + "," + fmt(bd[0]) + "&") && baidu.contains("coord_type=bd09ll"), baidu);
        assertTrue(tencent.contains("marker=coord:" + fmt(gcj[1]) + "," + fmt(gcj[0]) + ";"), tencent);
        assertEquals("geo:" + fmt(lat) + "," + fmt(lon), geo);
        b.screenshot("rider-detail-desktop");
        b.phone();
        b.open("/?lat=" + LAT + "&lon=" + LON);
        cards(10);
        b.screenshot("rider-phone");
        cards(10).get(0).click();
        b.visible("#detail");
        b.screenshot("rider-detail-phone");
        b.desktop();
    }

    @Test
    @DisplayName("the English toggle relabels the page")
    void englishToggle() {
        b.desktop();
        b.open("/?lat=" + LAT + "&lon=" + LON);
        cards(10);
        b.find("#lang").click();
        b.waitFor(() -> b.find("#rider-summary").getText().equals("10 of 16 within 2 km"));
        assertEquals("Rider", b.find("#tab-rider").getText());
        assertEquals("en", b.js("return document.documentElement.lang"));
    }

    private static String fmt(double v) {
        return String.format(java.util.Locale.ROOT, "%.6f", v);
    }
}
