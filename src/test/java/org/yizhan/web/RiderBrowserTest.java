package org.yizhan.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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
    /** The hour in the city when the fixtures are made (the page works on the real clock). */
    static final int SHANGHAI_HOUR =
            java.time.ZonedDateTime.now(java.time.ZoneId.of("Asia/Shanghai")).getHour();

    @BeforeAll
    static void fixtures() {
        TestApp.reset();
        Api api = TestApp.api();
        station(
                api,
                90,
                100,
                new JsonObject()
                        .put("kind", "rest_station")
                        .put("category", "union_station")
                        .put("name", "近处工会驿站")
                        .put("opening_hours", "24/7")
                        .put("access", "staffed")
                        .put("phone", "021-64870000")
                        .put("amenities", new JsonArray().add("drinking_water").add("microwave"))
                        .put("last_verified_at", "2025-03-01T09:00:00+08:00"));
        station(
                api,
                0,
                400,
                new JsonObject()
                        .put("kind", "parking")
                        .put("name", "北边停车点")
                        .put("opening_hours", "24/7")
                        .put("vehicle_types", new JsonArray().add("ebike")));
        station(
                api,
                200,
                900,
                new JsonObject().put("kind", "meal").put("name", "南边用餐点").put("opening_hours", soonHours()));
        station(
                api,
                300,
                1500,
                new JsonObject()
                        .put("kind", "rest_station")
                        .put("category", "driver_home")
                        .put("name", "司机之家一号")
                        .put("amenities", new JsonArray().add("wifi")));
        for (int i = 0; i < 12; i++) {
            station(
                    api,
                    i * 30,
                    1600 + i * 25,
                    new JsonObject()
                            .put("kind", i % 2 == 0 ? "rest_station" : "parking")
                            .put("category", i % 2 == 0 ? "other" : null)
                            .put("name", "外圈站点" + i)
                            .put("opening_hours", "24/7"));
        }
        station(
                api,
                45,
                3000,
                new JsonObject()
                        .put("kind", "rest_station")
                        .put("category", "other")
                        .put("name", "三公里外"));
        // beyond 1 km, so that the 1 km filter below still finds the first three only
        station(
                api,
                120,
                1020,
                new JsonObject()
                        .put("kind", "rest_station")
                        .put("category", "other")
                        .put("name", "暂停的驿站")
                        .put("opening_hours", "24/7")
                        .put("status", "temporarily_closed"));
        station(
                api,
                150,
                1050,
                new JsonObject()
                        .put("kind", "rest_station")
                        .put("category", "other")
                        .put("name", "停业的驿站")
                        .put("opening_hours", "24/7")
                        .put("status", "closed"));
        station(
                api,
                250,
                1100,
                new JsonObject()
                        .put("kind", "parking")
                        .put("name", "货车停车场")
                        .put("opening_hours", "24/7")
                        .put("vehicle_types", new JsonArray().add("truck").add("car")));
        station(
                api,
                60,
                1200,
                new JsonObject()
                        .put("kind", "meal")
                        .put("name", "优惠用餐点")
                        .put("opening_hours", "24/7")
                        .put("rider_discount", "骑手九折"));
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
        assertEquals(
                201,
                api.post("/api/v1/stations", Fixtures.feature(d.lon2, d.lat2, p))
                        .status());
    }

    /** The rider view at the fixed point on a desktop, once its ten cards are listed. */
    private List<WebElement> openAtTheFixedPoint() {
        b.desktop();
        b.open("/?lat=" + LAT + "&lon=" + LON);
        return cards(10);
    }

    private void choose(String select, String value) {
        new Select(b.find(select)).selectByValue(value);
    }

    private List<WebElement> cards(int expected) {
        b.waitFor(() -> b.all("#rider-list .card").size() == expected);
        return b.all("#rider-list .card");
    }

    /** Read in one script, so that a list re-rendered meanwhile cannot leave stale elements. */
    @SuppressWarnings("unchecked")
    private List<String> names() {
        return new ArrayList<>((List<String>)
                b.js("return [...document.querySelectorAll('#rider-list .card .name')].map(e => e.textContent)"));
    }

    @Test
    @DisplayName("a rider at a fixed point sees the ten nearest in ascending distance and '10 of 19 within 2 km'")
    void nearestInOrder() {
        List<WebElement> cards = openAtTheFixedPoint();
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
        assertTrue(
                cards.get(0).getText().contains("营业中"),
                "open-now badge: " + cards.get(0).getText());
        assertTrue(
                cards.get(2).getText().contains("未营业"),
                "closed-now badge: " + cards.get(2).getText());
        assertTrue(
                cards.get(0).getText().contains("有人值守"),
                "access mode: " + cards.get(0).getText());
        assertTrue(
                cards.get(0).getText().contains("2025-03-01"),
                "last verified: " + cards.get(0).getText());
        // 19 stations lie within 2 km; the 3 km one and the one closed for good do not count
        assertEquals("显示最近 10 个，2 km 内共 19 个", b.find("#rider-summary").getText());
        assertEquals(10, b.all(".y-pin").size(), "one numbered marker per listed station");
        b.screenshot("rider-desktop");
    }

    @Test
    @DisplayName("filters by kind, amenity and open-now change the list")
    void filtersChangeTheList() {
        openAtTheFixedPoint();
        b.find("#filters summary").click();
        choose("#f-kind", "parking");
        b.waitFor(() -> names().size() == 8 && names().get(0).contains("北边停车点"));
        for (String n : names()) {
            assertTrue(n.contains("🅿"), "only parking: " + n);
        }
        choose("#f-kind", "");
        b.find("#f-amenities input[value=microwave]").click();
        b.waitFor(() -> names().size() == 1);
        assertTrue(names().get(0).contains("近处工会驿站"));
        b.find("#f-amenities input[value=microwave]").click();
        choose("#f-radius", "1000");
        b.waitFor(() -> names().size() == 3);
        b.find("#f-open").click();
        b.waitFor(() -> names().size() == 2);
        assertTrue(names().stream().noneMatch(n -> n.contains("南边用餐点")), "closed meal point filtered: " + names());
        b.find("#f-open").click();
        choose("#f-radius", "2000");
        cards(10);
    }

    @Test
    @DisplayName(
            "the detail card has hours, a tel: link, and riding routes from the rider to the station in each app's datum")
    void detailCardAndNavigation() {
        openAtTheFixedPoint().get(0).click();
        b.visible("#detail");
        String text = b.find("#detail").getText();
        assertTrue(text.contains("24/7"), text);
        assertEquals("tel:021-64870000", b.find("#detail a[href^='tel:']").getAttribute("href"));
        double[] station = nearestPosition();
        Map<String, String> amap = query(link("nav-amap"), "https", "uri.amap.com", "/navigation");
        Map<String, String> baidu = query(link("nav-baidu"), "https", "api.map.baidu.com", "/direction");
        Map<String, String> tencent = query(link("nav-tencent"), "https", "apis.map.qq.com", "/uri/v1/routeplan");
        assertEquals("ride", amap.get("mode"), amap.toString());
        assertEquals("gaode", amap.get("coordinate"), amap.toString());
        assertEquals("riding", baidu.get("mode"), baidu.toString());
        assertEquals("bd09ll", baidu.get("coord_type"), baidu.toString());
        assertEquals("bike", tencent.get("type"), tencent.toString());
        // the destination: the station's WGS 84 position in each app's datum
        checkLonLat(amap.get("to"), ChinaCoordinates.wgs84ToGcj02(station[0], station[1]));
        assertTrue(amap.get("to").endsWith(",近处工会驿站"), amap.get("to"));
        checkLatLng(
                baidu.get("destination"),
                "latlng:",
                "|name:近处工会驿站",
                ChinaCoordinates.wgs84ToBd09(station[0], station[1]));
        checkLatLng(tencent.get("tocoord"), "", "", ChinaCoordinates.wgs84ToGcj02(station[0], station[1]));
        assertEquals("近处工会驿站", tencent.get("to"));
        // the origin: where the rider is
        checkLonLat(amap.get("from"), ChinaCoordinates.wgs84ToGcj02(LON, LAT));
        checkLatLng(baidu.get("origin"), "latlng:", "|name:我的位置", ChinaCoordinates.wgs84ToBd09(LON, LAT));
        checkLatLng(tencent.get("fromcoord"), "", "", ChinaCoordinates.wgs84ToGcj02(LON, LAT));
        assertEquals("geo:" + fmt(station[1]) + "," + fmt(station[0]), link("nav-geo"));
        assertEquals("导航 · 骑行", b.find("#detail .nav strong").getText());
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
    @DisplayName("on a phone, one tap on 'still here' in the card reports it; stale stations are greyed in the list")
    void stillHereOneTap() {
        b.phone();
        try {
            b.open("/?lat=" + LAT + "&lon=" + LON);
            List<WebElement> cards = cards(10);
            long id = Long.parseLong(cards.get(0).getAttribute("data-id"));
            boolean stale = TestApp.api()
                    .get("/api/v1/stations/" + id)
                    .json()
                    .getJsonObject("properties")
                    .getBoolean("stale");
            assertEquals(stale, cards.get(0).getAttribute("class").contains("stale"), "greyed exactly when stale");
            long before = TestApp.count(
                    "SELECT count(*) FROM station_report WHERE kind = 'still_here' AND station_id = " + id);
            cards.get(0).click();
            b.visible("#detail");
            b.find("#detail .still-here").click();
            b.waitFor(() -> !b.find("#detail .report-status").getText().isEmpty());
            assertEquals("谢谢反馈！", b.find("#detail .report-status").getText());
            assertEquals(
                    before + 1,
                    TestApp.count(
                            "SELECT count(*) FROM station_report WHERE kind = 'still_here' AND station_id = " + id));
            b.screenshot("rider-report-phone");
        } finally {
            b.desktop();
        }
    }

    @Test
    @DisplayName(
            "a station tapped on the map before the rider's position is known routes from the phone's own location")
    void navigationWithoutAPosition() {
        b.desktop();
        b.open("/");
        double[] station = nearestPosition();
        b.js("Y.map.setView([arguments[0], arguments[1]], 17, {animate: false})", station[1], station[0]);
        b.waitFor(() -> ((Number) b.js("return Y.views.rider.points()")).intValue() > 0);
        b.clickMapAt(station[0], station[1]);
        b.visible("#detail");
        assertTrue(
                b.find("#detail h2").getText().contains("近处工会驿站"),
                b.find("#detail h2").getText());
        Map<String, String> amap = query(link("nav-amap"), "https", "uri.amap.com", "/navigation");
        Map<String, String> baidu = query(link("nav-baidu"), "https", "api.map.baidu.com", "/direction");
        Map<String, String> tencent = query(link("nav-tencent"), "https", "apis.map.qq.com", "/uri/v1/routeplan");
        assertFalse(amap.containsKey("from"), amap.toString());
        assertFalse(baidu.containsKey("origin"), baidu.toString());
        assertFalse(tencent.containsKey("from") || tencent.containsKey("fromcoord"), tencent.toString());
        checkLonLat(amap.get("to"), ChinaCoordinates.wgs84ToGcj02(station[0], station[1]));
        checkLatLng(
                baidu.get("destination"),
                "latlng:",
                "|name:近处工会驿站",
                ChinaCoordinates.wgs84ToBd09(station[0], station[1]));
        checkLatLng(tencent.get("tocoord"), "", "", ChinaCoordinates.wgs84ToGcj02(station[0], station[1]));
    }

    @Test
    @DisplayName(
            "the badge tells open now, closed now, temporarily closed, and closed for good (shown only when asked for)")
    void openingStateWording() {
        openAtTheFixedPoint();
        assertEquals("open:营业中", badgeOf("近处工会驿站"));
        // closed at this hour; opens two hours from now (opens_at), today or tomorrow
        assertEquals("closedNow:未营业 · " + soonWhen(true) + " 开门", badgeOf("南边用餐点"));
        assertEquals("temp:暂停开放", badgeOf("暂停的驿站"));
        assertTrue(names().stream().noneMatch(n -> n.contains("停业的驿站")), "closed for good left out: " + names());
        b.find("#filters summary").click();
        b.find("#f-closed").click();
        b.waitFor(() -> names().stream().anyMatch(n -> n.contains("停业的驿站")));
        assertEquals("gone:已永久关闭", badgeOf("停业的驿站"));
        b.waitFor(() -> b.find("#rider-summary").getText().equals("显示最近 10 个，2 km 内共 20 个"));
        b.js("[...document.querySelectorAll('#rider-list .card')].find(c => c.textContent.includes('停业的驿站')).click()");
        b.visible("#detail");
        assertEquals("已永久关闭", b.find("#detail .badge").getText());
        b.find("#lang").click();
        b.waitFor(
                () -> "Closed for good".equals(b.find("#rider-list .badge.gone").getText()));
        assertEquals("Closed for good", b.find("#detail .badge").getText(), "the open card is relabelled too");
        assertEquals("temp:Temporarily closed", badgeOf("暂停的驿站"));
        assertEquals("closedNow:Closed · opens " + soonWhen(false), badgeOf("南边用餐点"));
        b.screenshot("rider-closed-desktop");
    }

    @Test
    @DisplayName(
            "a vehicle type picks parking that takes it (a truck driver is routed by car), a discount picks meal points that give one")
    void vehicleAndDiscountFilters() {
        openAtTheFixedPoint();
        b.find("#filters summary").click();
        choose("#f-vehicle", "truck");
        b.waitFor(() -> names().size() == 1 && names().get(0).contains("货车停车场"));
        assertEquals(
                "parking",
                new Select(b.find("#f-kind")).getFirstSelectedOption().getAttribute("value"));
        assertFalse(b.find("#f-discount").isEnabled(), "a meal-point filter is off while parking is chosen");
        b.screenshot("rider-filters-desktop");
        b.find("#rider-list .card").click();
        b.visible("#detail");
        assertEquals("drive", b.find("#detail .nav").getAttribute("data-mode"));
        assertEquals("导航 · 驾车", b.find("#detail .nav strong").getText());
        assertEquals(
                "car",
                query(link("nav-amap"), "https", "uri.amap.com", "/navigation").get("mode"));
        assertEquals(
                "driving",
                query(link("nav-baidu"), "https", "api.map.baidu.com", "/direction")
                        .get("mode"));
        assertEquals(
                "drive",
                query(link("nav-tencent"), "https", "apis.map.qq.com", "/uri/v1/routeplan")
                        .get("type"));
        choose("#f-vehicle", "ebike");
        b.waitFor(() -> names().size() == 1 && names().get(0).contains("北边停车点"));
        b.waitFor(() -> "ride".equals(b.find("#detail .nav").getAttribute("data-mode")));
        choose("#f-vehicle", "");
        choose("#f-kind", "");
        b.waitFor(() -> names().size() == 10);
        choose("#f-discount", "true");
        b.waitFor(() -> names().size() == 1 && names().get(0).contains("优惠用餐点"));
        assertEquals(
                "meal", new Select(b.find("#f-kind")).getFirstSelectedOption().getAttribute("value"));
        choose("#f-discount", "false");
        b.waitFor(() -> names().size() == 1 && names().get(0).contains("南边用餐点"));
        choose("#f-discount", "");
        choose("#f-kind", "");
        cards(10);
    }

    @Test
    @DisplayName("the page's GCJ-02 and BD-09 conversions equal the server's over China to 1e-9 degrees")
    @SuppressWarnings("unchecked")
    void conversionsMatchTheServer() {
        b.open("/");
        List<List<Number>> got = (List<List<Number>>) b.js("const out = [];"
                + "for (let lon = 73.5; lon < 135; lon += 2.5) for (let lat = 18.5; lat < 53.5; lat += 2.5) {"
                + "  const g = YGeo.wgs84ToGcj02(lon, lat), d = YGeo.wgs84ToBd09(lon, lat); out.push([lon, lat, g[0], g[1], d[0], d[1]]); }"
                + "return out;");
        assertTrue(got.size() > 300, "points: " + got.size());
        for (List<Number> r : got) {
            double lon = r.get(0).doubleValue(), lat = r.get(1).doubleValue();
            double[] g = ChinaCoordinates.wgs84ToGcj02(lon, lat), d = ChinaCoordinates.wgs84ToBd09(lon, lat);
            assertEquals(g[0], r.get(2).doubleValue(), 1e-9, "GCJ-02 lon at " + r);
            assertEquals(g[1], r.get(3).doubleValue(), 1e-9, "GCJ-02 lat at " + r);
            assertEquals(d[0], r.get(4).doubleValue(), 1e-9, "BD-09 lon at " + r);
            assertEquals(d[1], r.get(5).doubleValue(), 1e-9, "BD-09 lat at " + r);
        }
    }

    @Test
    @DisplayName("the English toggle relabels the page")
    void englishToggle() {
        openAtTheFixedPoint();
        b.find("#lang").click();
        b.waitFor(() -> b.find("#rider-summary").getText().equals("10 of 19 within 2 km"));
        assertEquals("Rider", b.find("#tab-rider").getText());
        assertEquals("en", b.js("return document.documentElement.lang"));
    }

    /** The WGS 84 [lon, lat] of the station nearest to the fixed point, as the API gives it. */
    private static double[] nearestPosition() {
        JsonObject f = TestApp.api()
                .get("/api/v1/stations/nearest?lon=" + LON + "&lat=" + LAT + "&limit=1")
                .json()
                .getJsonArray("features")
                .getJsonObject(0);
        JsonArray c = f.getJsonObject("geometry").getJsonArray("coordinates");
        return new double[] {c.getDouble(0), c.getDouble(1)};
    }

    private String link(String cls) {
        return b.find("#detail a." + cls).getAttribute("href");
    }

    /** "state:text" of the badge on the listed card whose name contains {@code name}. */
    /** An hour's opening that starts two hours after the current Shanghai hour: closed now, opens_at known. */
    static String soonHours() {
        int start = (SHANGHAI_HOUR + 2) % 24;
        return String.format("Mo-Su %02d:00-%02d:00", start, start + 1);
    }

    /** How the page names that opening: "HH:00" today, or tomorrow. */
    static String soonWhen(boolean zh) {
        String clock = String.format("%02d:00", (SHANGHAI_HOUR + 2) % 24);
        return SHANGHAI_HOUR + 2 < 24 ? clock : (zh ? "明天 " : "tomorrow ") + clock;
    }

    private String badgeOf(String name) {
        return (String) b.js(
                "const c = [...document.querySelectorAll('#rider-list .card')]"
                        + ".find(e => e.querySelector('.name').textContent.includes(arguments[0]));"
                        + "const s = c && c.querySelector('.badge'); return s ? s.dataset.state + ':' + s.textContent : null;",
                name);
    }

    /**
     * The decoded query of an http(s) link, after checking its scheme, host and path. Read by hand: 百度's
     * documented form keeps "|" unencoded, which java.net.URI refuses.
     */
    private static Map<String, String> query(String href, String scheme, String host, String path) {
        Matcher m = Pattern.compile("^([a-z]+)://([^/?#]+)(/[^?#]*)\\?([^#]*)$").matcher(href);
        assertTrue(m.matches(), "scheme://host/path?query: " + href);
        assertEquals(scheme, m.group(1), href);
        assertEquals(host, m.group(2), href);
        assertEquals(path, m.group(3), href);
        Map<String, String> q = new LinkedHashMap<>();
        for (String kv : m.group(4).split("&")) {
            int i = kv.indexOf('=');
            assertTrue(i > 0, "name=value: " + kv + " in " + href);
            assertNull(
                    q.put(kv.substring(0, i), URLDecoder.decode(kv.substring(i + 1), StandardCharsets.UTF_8)),
                    "given once: " + kv + " in " + href);
        }
        return q;
    }

    /** "lon,lat[,name]" (高德) equals the expected [lon, lat] to 1e-6 degrees. */
    private static void checkLonLat(String value, double[] expected) {
        String[] parts = value.split(",");
        assertEquals(expected[0], Double.parseDouble(parts[0]), 1e-6, "lon of " + value);
        assertEquals(expected[1], Double.parseDouble(parts[1]), 1e-6, "lat of " + value);
    }

    /** prefix + "lat,lng" + suffix (百度, 腾讯) with lat, lng equal to the expected [lon, lat] to 1e-6 degrees. */
    private static void checkLatLng(String value, String prefix, String suffix, double[] expected) {
        assertTrue(value.startsWith(prefix) && value.endsWith(suffix), prefix + "…" + suffix + ": " + value);
        String[] parts = value.substring(prefix.length(), value.length() - suffix.length())
                .split(",");
        assertEquals(2, parts.length, value);
        assertEquals(expected[1], Double.parseDouble(parts[0]), 1e-6, "lat of " + value);
        assertEquals(expected[0], Double.parseDouble(parts[1]), 1e-6, "lng of " + value);
    }

    private static String fmt(double v) {
        return String.format(java.util.Locale.ROOT, "%.6f", v);
    }
}
