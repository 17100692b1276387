package org.yizhan.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import net.sf.geographiclib.Geodesic;
import net.sf.geographiclib.GeodesicData;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;
import org.yizhan.support.Api;
import org.yizhan.support.Fixtures;
import org.yizhan.support.TestApp;

@DisplayName("Map page, riders' reports with input, the moderation queue and stale stations")
class ReportsBrowserTest {
    static final double LON = 121.52;
    static final double LAT = 31.26;
    static final String GREY = "#8c959b";
    static Browser b;
    static Api api;
    static long hours;
    static long moved;
    static long stale;
    static long amenities;

    @BeforeAll
    static void fixtures() {
        TestApp.reset();
        api = TestApp.api();
        String now = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
        hours = station(
                0,
                80,
                new JsonObject()
                        .put("name", "营业时间驿站")
                        .put("opening_hours", "Mo-Fr 09:00-18:00")
                        .put("amenities", new JsonArray().add("drinking_water"))
                        .put("last_verified_at", now));
        moved = station(
                90,
                150,
                new JsonObject()
                        .put("name", "要搬的驿站")
                        .put("opening_hours", "24/7")
                        .put("last_verified_at", now));
        stale = station(
                180,
                120,
                new JsonObject()
                        .put("name", "过时驿站")
                        .put("opening_hours", "24/7")
                        .put("last_verified_at", "2020-01-01T08:00:00+08:00"));
        amenities = station(
                270,
                200,
                new JsonObject()
                        .put("name", "设施驿站")
                        .put("opening_hours", "24/7")
                        .put("amenities", new JsonArray().add("drinking_water").add("microwave"))
                        .put("last_verified_at", now));
        b = new Browser();
    }

    @AfterAll
    static void quit() {
        if (b != null) {
            b.close();
        }
    }

    static long station(double azimuth, double metres, JsonObject props) {
        GeodesicData d = Geodesic.WGS84.Direct(LAT, LON, azimuth, metres);
        props.put("kind", "rest_station").put("category", "union_station");
        Api.Resp r = api.post("/api/v1/stations", Fixtures.feature(d.lon2, d.lat2, props));
        assertEquals(201, r.status(), r.toString());
        return r.json().getJsonObject("properties").getLong("id");
    }

    static JsonObject read(long id) {
        Api.Resp r = api.get("/api/v1/stations/" + id);
        assertEquals(200, r.status(), r.toString());
        return r.json();
    }

    static JsonObject queue(String query) {
        Api.Resp r = api.admin(HttpMethod.GET, "/api/v1/reports?" + query, null, Map.of());
        assertEquals(200, r.status(), r.toString());
        return r.json();
    }

    static long reports(long station, String kind) {
        return TestApp.count(
                "SELECT count(*) FROM station_report WHERE station_id = " + station + " AND kind = '" + kind + "'");
    }

    /** The rider view at the fixed point, as rider {@code address}, with the card of {@code name} open. */
    private void openCard(String address, String name) {
        b.asClient(address);
        b.open("/?lat=" + LAT + "&lon=" + LON);
        b.waitFor(() -> b.all("#rider-list .card").size() == 4);
        b.js(
                "[...document.querySelectorAll('#rider-list .card')].find(c => c.textContent.includes(arguments[0])).click()",
                name);
        b.visible("#detail");
        b.waitFor(() -> b.find("#detail h2").getText().contains(name));
    }

    /**
     * The map at a centre and zoom, set again until it stays there: the page's own fit to the nearest
     * stations may still be animating when the cards are listed.
     */
    private void viewAt(double lat, double lon, int zoom) {
        b.waitFor(() -> Boolean.TRUE.equals(b.js(
                "const m = Y.map, c = m.getCenter();"
                        + "if (m.getZoom() === arguments[2] && Math.abs(c.lat - arguments[0]) < 1e-6 && Math.abs(c.lng - arguments[1]) < 1e-6) return true;"
                        + "m.setView([arguments[0], arguments[1]], arguments[2], {animate: false}); return false;",
                lat,
                lon,
                zoom)));
    }

    /**
     * The station's dot as MapLibre drew it from the tiles: its fill (the evaluated circle-color, #rrggbb)
     * and the tile's {@code stale}; null until every tile in view is drawn with the station in it.
     */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> drawnDot(long id) {
        return (Map<String, Object>) b.js(
                "if (!YStations.idle()) return null;"
                        + "const f = YStations.glMap().queryRenderedFeatures({layers: ['station-points']})"
                        + "  .find((x) => x.properties.id === arguments[0]);"
                        + "if (!f) return null;"
                        + "const c = f.layer.paint['circle-color'], hex = (v) => Math.round(v * 255).toString(16).padStart(2, '0');"
                        + "return {fill: '#' + hex(c.r) + hex(c.g) + hex(c.b), stale: f.properties.stale === true};",
                id);
    }

    private void reportKind(String kind) {
        b.find("#detail .report-toggle").click();
        b.visible("#detail .report-kind[data-kind=" + kind + "]").click();
        b.visible("#detail .report-form");
    }

    private void send() {
        b.find("#detail .report-send").click();
    }

    private void thanked() {
        b.waitFor(() -> "谢谢反馈！".equals(b.find("#detail .report-status").getText()));
        assertTrue(b.find("#detail .report-form").getAttribute("hidden") != null, "the form closes once sent");
    }

    private void signIn() {
        b.desktop();
        b.signInAsAdmin();
        b.visible("#m-queue");
    }

    private WebElement queued(long station, String kind) {
        String css = "#m-list .report-item[data-station='" + station + "'][data-kind=" + kind + "]";
        b.waitFor(() -> !b.all(css).isEmpty());
        return b.find(css);
    }

    private String cell(WebElement item, String field, String column) {
        return item.findElement(org.openqa.selenium.By.cssSelector("tr[data-field=" + field + "] td." + column))
                .getText();
    }

    private String rowClass(WebElement item, String field) {
        return item.findElement(org.openqa.selenium.By.cssSelector("tr[data-field=" + field + "]"))
                .getAttribute("class");
    }

    @Test
    @DisplayName(
            "on a phone a rider reports 'moved' by tapping the new place on the map; accepting it in the queue moves the station and its version goes up")
    void movedReportAccepted() {
        b.phone();
        try {
            openCard("10.77.0.1", "要搬的驿站");
            reportKind("moved");
            send();
            assertFalse(b.find("#detail [data-err=geometry]").getText().isEmpty(), "a point is needed first");
            assertEquals(0, reports(moved, "moved"));
            JsonArray at = read(moved).getJsonObject("geometry").getJsonArray("coordinates");
            GeodesicData target = Geodesic.WGS84.Direct(at.getDouble(1), at.getDouble(0), 45, 120);
            b.find("#detail .report-pick").click();
            viewAt(target.lat2, target.lon2, 17);
            b.clickMapAt(target.lon2, target.lat2);
            b.waitFor(() -> "true".equals(b.find("#detail .report-point").getAttribute("data-picked")));
            assertTrue(
                    b.find("#detail .report-point").getText().contains("m"),
                    b.find("#detail .report-point").getText());
            assertEquals(1, b.all(".y-moved").size(), "the suggested position is on the map");
            b.screenshot("rider-report-moved-phone");
            send();
            thanked();
            assertEquals(1, reports(moved, "moved"));
            assertTrue(b.all(".y-moved").isEmpty(), "the suggested position leaves the map once sent");
        } finally {
            b.desktop();
        }

        JsonObject before = read(moved);
        int version = before.getJsonObject("properties").getInteger("version");
        signIn();
        WebElement item = queued(moved, "moved");
        assertTrue(rowClass(item, "geometry").contains("changed"), rowClass(item, "geometry"));
        assertTrue(rowClass(item, "status").contains("same"), "the status stays: " + rowClass(item, "status"));
        assertTrue(cell(item, "geometry", "to").contains("移动 1"), "moves about 120 m: " + cell(item, "geometry", "to"));
        assertTrue(cell(item, "opening_hours", "from").contains("24/7"), "current values beside the change");
        b.screenshot("admin-queue-desktop");
        long reportId = Long.parseLong(item.getAttribute("data-id"));
        item.findElement(org.openqa.selenium.By.cssSelector(".m-accept")).click();
        b.waitFor(() -> b.find("#m-msg").getText().startsWith("已采纳举报 #" + reportId));
        b.waitFor(
                () -> b.all("#m-list .report-item[data-id='" + reportId + "']").isEmpty());

        JsonObject after = read(moved);
        assertEquals(
                version + 1,
                after.getJsonObject("properties").getInteger("version"),
                "the accepted change is a new version");
        JsonArray proposed = queue("status=accepted&station=" + moved)
                .getJsonArray("reports")
                .getJsonObject(0)
                .getJsonObject("geometry")
                .getJsonArray("coordinates");
        JsonArray now = after.getJsonObject("geometry").getJsonArray("coordinates");
        assertEquals(proposed.getDouble(0), now.getDouble(0), 1e-7);
        assertEquals(proposed.getDouble(1), now.getDouble(1), 1e-7);
        double m = Geodesic.WGS84.Inverse(
                        before.getJsonObject("geometry")
                                .getJsonArray("coordinates")
                                .getDouble(1),
                        before.getJsonObject("geometry")
                                .getJsonArray("coordinates")
                                .getDouble(0),
                        now.getDouble(1),
                        now.getDouble(0))
                .s12;
        assertTrue(m > 80 && m < 160, "moved to where the rider tapped: " + m + " m");
    }

    @Test
    @DisplayName(
            "wrong hours: the server's message shows beside the field until the hours parse; rejecting with a reason keeps the station")
    void wrongHoursRejected() {
        b.phone();
        try {
            openCard("10.77.0.2", "营业时间驿站");
            reportKind("wrong_hours");
            WebElement field = b.find("#detail .report-form [name=opening_hours]");
            assertEquals("Mo-Fr 09:00-18:00", field.getAttribute("value"), "starts from the hours as listed");
            field.clear();
            field.sendKeys("every day nine to six");
            send();
            b.waitFor(
                    () -> !b.find("#detail [data-err=opening_hours]").getText().isEmpty());
            assertEquals(0, reports(hours, "wrong_hours"), "refused by the server, nothing queued");
            b.screenshot("rider-report-hours-phone");
            field.clear();
            field.sendKeys("Mo-Sa 08:00-20:00");
            send();
            thanked();
            assertEquals(1, reports(hours, "wrong_hours"));
        } finally {
            b.desktop();
        }

        int version = read(hours).getJsonObject("properties").getInteger("version");
        signIn();
        WebElement item = queued(hours, "wrong_hours");
        assertTrue(rowClass(item, "opening_hours").contains("changed"));
        assertEquals("Mo-Fr 09:00-18:00", cell(item, "opening_hours", "from"));
        assertEquals("Mo-Sa 08:00-20:00", cell(item, "opening_hours", "to"));
        long reportId = Long.parseLong(item.getAttribute("data-id"));
        item.findElement(org.openqa.selenium.By.cssSelector(".m-reject")).click();
        item.findElement(org.openqa.selenium.By.cssSelector(".m-reject-yes")).click();
        b.waitFor(() -> item.findElement(org.openqa.selenium.By.cssSelector("p.error"))
                .getText()
                .contains("拒绝原因"));
        item.findElement(org.openqa.selenium.By.cssSelector(".m-reason")).sendKeys("周末确实不开门");
        item.findElement(org.openqa.selenium.By.cssSelector(".m-reject-yes")).click();
        b.waitFor(() -> b.find("#m-msg").getText().startsWith("已拒绝举报 #" + reportId));
        b.waitFor(
                () -> b.all("#m-list .report-item[data-id='" + reportId + "']").isEmpty());

        JsonObject p = read(hours).getJsonObject("properties");
        assertEquals(version, p.getInteger("version"), "a rejected report leaves the station as it was");
        assertEquals("Mo-Fr 09:00-18:00", p.getString("opening_hours"));
        JsonObject rejected = queue("status=rejected&station=" + hours)
                .getJsonArray("reports")
                .getJsonObject(0);
        assertEquals("周末确实不开门", rejected.getString("decision_reason"));
    }

    @Test
    @DisplayName(
            "missing amenities are picked from the ones the station lacks; the queue filters by kind and accepting adds them")
    void amenityReportAccepted() {
        b.phone();
        try {
            openCard("10.77.0.3", "设施驿站");
            reportKind("extra_amenity");
            assertEquals(
                    List.of("drinking_water", "microwave"),
                    b.js(
                            "return [...document.querySelectorAll('#detail .report-form input[name=amenities]')].map(i => i.value)"));
            b.find("#detail .report-kind[data-kind=missing_amenity]").click();
            b.waitFor(() -> b.all("#detail .report-form input[value=microwave]").isEmpty()
                    && !b.all("#detail .report-form input[value=wifi]").isEmpty());
            send();
            assertFalse(b.find("#detail [data-err=amenities]").getText().isEmpty(), "at least one is needed");
            b.find("#detail .report-form input[value=wifi]")
                    .findElement(org.openqa.selenium.By.xpath(".."))
                    .click();
            b.find("#detail .report-form input[value=toilet]")
                    .findElement(org.openqa.selenium.By.xpath(".."))
                    .click();
            b.screenshot("rider-report-amenity-phone");
            send();
            thanked();
            assertEquals(1, reports(amenities, "missing_amenity"));
        } finally {
            b.desktop();
        }

        int version = read(amenities).getJsonObject("properties").getInteger("version");
        signIn();
        queued(amenities, "missing_amenity");
        new Select(b.find("#m-kind")).selectByValue("missing_amenity");
        b.waitFor(() -> ((Number) b.js(
                                "const k = [...document.querySelectorAll('#m-list .report-item')].map(e => e.dataset.kind);"
                                        + "return k.length && k.every(x => x === 'missing_amenity') ? k.length : 0"))
                        .intValue()
                > 0);
        WebElement item = queued(amenities, "missing_amenity");
        assertTrue(cell(item, "amenities", "from").contains("饮水"), cell(item, "amenities", "from"));
        assertEquals(
                List.of("🚻 厕所", "📶 无线网"),
                b.js(
                        "return [...arguments[0].querySelectorAll('tr[data-field=amenities] td.to ins')]"
                                + ".map(e => e.textContent)",
                        item));
        String reportId = item.getAttribute("data-id");
        item.findElement(org.openqa.selenium.By.cssSelector(".m-accept")).click();
        b.waitFor(() -> b.find("#m-msg").getText().startsWith("已采纳举报 #" + reportId));
        JsonObject p = read(amenities).getJsonObject("properties");
        assertEquals(version + 1, p.getInteger("version"));
        assertEquals(
                java.util.Set.of("drinking_water", "microwave", "wifi", "toilet"),
                new java.util.HashSet<>(p.getJsonArray("amenities").getList()),
                p.encode());
    }

    @Test
    @DisplayName(
            "a stale station is grey on the rider's and the admin's map, marked with its last verified date, and in the stale list")
    void staleStationGreyed() {
        b.desktop();
        b.asClient("10.77.0.4");
        b.open("/?lat=" + LAT + "&lon=" + LON);
        b.waitFor(() -> b.all("#rider-list .card").size() == 4);
        assertTrue(read(stale).getJsonObject("properties").getBoolean("stale"));
        assertFalse(read(hours).getJsonObject("properties").getBoolean("stale"));
        viewAt(LAT, LON, 17);
        b.waitFor(() -> drawnDot(stale) != null && drawnDot(hours) != null);
        assertEquals(
                Map.of("fill", GREY, "stale", true), drawnDot(stale), "stale: grey on the map (the tile says stale)");
        assertEquals(Map.of("fill", "#0b5d3f", "stale", false), drawnDot(hours), "fresh: the kind's colour");
        assertEquals(1, b.all("#map .y-pin.stale").size(), "one numbered pin is greyed");
        assertEquals(1, b.all("#rider-list .card.stale").size());
        b.js("[...document.querySelectorAll('#rider-list .card')].find(c => c.textContent.includes('过时驿站')).click()");
        b.visible("#detail .stale-note");
        String note = b.find("#detail .stale-note").getText();
        assertTrue(note.contains("信息可能过时") && note.contains("2020-01-01"), note);
        b.find("#lang").click();
        b.waitFor(() ->
                b.find("#detail .stale-note").getText().contains("may be out of date · last verified 2020-01-01"));
        b.find("#lang").click();

        signIn();
        viewAt(LAT, LON, 17);
        b.waitFor(() -> drawnDot(stale) != null);
        assertEquals(GREY, drawnDot(stale).get("fill"), "grey on the admin's map too");
        b.waitFor(() -> !b.all(".leaflet-marker-icon[title='过时驿站']").isEmpty());
        assertTrue(b.find(".leaflet-marker-icon[title='过时驿站']")
                .getAttribute("class")
                .contains("stale"));
        assertFalse(b.find(".leaflet-marker-icon[title='营业时间驿站']")
                .getAttribute("class")
                .contains("stale"));
        b.waitFor(() -> !b.all("#s-list li[data-id='" + stale + "']").isEmpty());
        assertTrue(b.all("#s-list li[data-id='" + hours + "']").isEmpty(), "a fresh station is not listed");
        String csv = b.find("#s-csv").getAttribute("href");
        assertTrue(csv.endsWith("/api/v1/stations/stale?format=csv"), csv);
        Api.Resp r = api.admin(HttpMethod.GET, csv.substring(csv.indexOf("/api/")), null, Map.of());
        assertEquals(200, r.status());
        assertTrue(
                r.body().toString().contains("过时驿站") && !r.body().toString().contains("营业时间驿站"),
                r.body().toString());
        b.screenshot("admin-stale-desktop");
    }
}
