package org.yizhan.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.yizhan.support.Api;
import org.yizhan.support.TestApp;

@DisplayName("Map page: stations drawn from the server's vector tiles (MapLibre GL in Leaflet)")
class StationTilesBrowserTest {
    static final int REST = 3_200;
    static final int PARKING = 40;
    static Browser b;

    @BeforeAll
    static void fixtures() {
        TestApp.reset();
        Random rnd = new Random(7);
        StringBuilder csv = new StringBuilder("lon,lat,kind,category,name\n");
        for (int i = 0; i < REST + PARKING; i++) {
            boolean parking = i >= REST;
            csv.append(String.format(
                    Locale.ROOT,
                    "%.6f,%.6f,%s,%s,站%d%n",
                    121.30 + rnd.nextDouble() * 0.35,
                    31.10 + rnd.nextDouble() * 0.25,
                    parking ? "parking" : "rest_station",
                    parking ? "" : "other",
                    i));
        }
        Api.Resp r = TestApp.api()
                .send(
                        HttpMethod.POST,
                        "/api/v1/stations/import",
                        "text/csv",
                        Buffer.buffer(csv.toString()),
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

    /** Waits until MapLibre has drawn every tile in view, then returns what it drew. */
    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> drawn() {
        b.waitFor(() -> Boolean.TRUE.equals(b.js("return YStations.idle()")));
        return (List<Map<String, Object>>) b.js("return YStations.rendered()");
    }

    /**
     * Stations in the drawn features: a cluster counts its stations, a station one. A cluster in the margin
     * of two tiles is drawn by both (same cell, same centre), so features are counted once per position.
     */
    @SuppressWarnings("unchecked")
    static int stationsDrawn() {
        drawn();
        return ((Number) b.js("const seen = new Set(); let n = 0;"
                        + "for (const f of YStations.glMap().queryRenderedFeatures({layers: ['station-clusters', 'station-points']})) {"
                        + "  const k = f.geometry.coordinates.map((v) => v.toFixed(6)).join(',') + ':' + (f.properties.id || '');"
                        + "  if (seen.has(k)) continue; seen.add(k); n += f.properties.count || 1; }"
                        + "return n;"))
                .intValue();
    }

    static void openAt(String view, double lon, double lat, int zoom) {
        b.open("/#" + view);
        b.js("Y.map.setView([arguments[0], arguments[1]], arguments[2], {animate: false})", lat, lon, zoom);
    }

    @Test
    @DisplayName(
            "the rider's map asks for station tiles and draws every station in view as far fewer clusters with counts")
    void stationsFromTiles() {
        b.desktop();
        openAt("rider", 121.475, 31.225, 11);
        b.requestedUrls();
        assertEquals(REST + PARKING, stationsDrawn());
        List<Map<String, Object>> features = drawn();
        long clusters = features.stream()
                .filter(f -> Boolean.TRUE.equals(f.get("cluster")))
                .count();
        assertTrue(clusters > 10 && features.size() < 800, "features " + features.size() + ", clusters " + clusters);
        @SuppressWarnings("unchecked")
        List<String> asked = (List<String>) b.js("return YStations.requests.slice()");
        // MapLibre draws 512 px tiles: Leaflet zoom 11 shows tiles of zoom 10
        assertTrue(
                asked.stream().anyMatch(u -> u.matches(".*/api/v1/tiles/stations/10/\\d+/\\d+\\.mvt.*")),
                asked.toString());
        b.screenshot("tiles-rider-clusters");
    }

    @Test
    @DisplayName("a tap on a cluster zooms in on it")
    void clusterTapZoomsIn() {
        b.desktop();
        openAt("rider", 121.475, 31.225, 11);
        drawn();
        @SuppressWarnings("unchecked")
        Map<String, Object> c = (Map<String, Object>) b.js("const s = Y.map.getSize();"
                + "return YStations.glMap().queryRenderedFeatures({layers: ['station-clusters']})"
                + "  .map((f) => ({lon: f.geometry.coordinates[0], lat: f.geometry.coordinates[1], count: f.properties.count}))"
                + "  .filter((f) => { const p = Y.map.latLngToContainerPoint([f.lat, f.lon]); return p.x > 60 && p.y > 60 && p.x < s.x - 60 && p.y < s.y - 60; })"
                + "  .sort((a, b) => b.count - a.count)[0]");
        assertTrue(((Number) c.get("count")).intValue() > 1, c.toString());
        b.clickMapAt(((Number) c.get("lon")).doubleValue(), ((Number) c.get("lat")).doubleValue());
        b.waitFor(() -> ((Number) b.js("return Y.map.getZoom()")).intValue() == 13);
        @SuppressWarnings("unchecked")
        List<Number> centre = (List<Number>) b.js("const c = Y.map.getCenter(); return [c.lng, c.lat]");
        assertEquals(((Number) c.get("lon")).doubleValue(), centre.get(0).doubleValue(), 1e-3);
        assertEquals(((Number) c.get("lat")).doubleValue(), centre.get(1).doubleValue(), 1e-3);
        assertTrue(stationsDrawn() > 0);
    }

    @Test
    @DisplayName("a tap on a station drawn from the tiles opens its card, on a phone too")
    void stationTapOpensTheCard() {
        JsonObject f = TestApp.api()
                .get("/api/v1/stations?kind=parking&limit=1")
                .json()
                .getJsonArray("features")
                .getJsonObject(0);
        JsonArray xy = f.getJsonObject("geometry").getJsonArray("coordinates");
        String name = f.getJsonObject("properties").getString("name");
        b.phone();
        try {
            openAt("rider", xy.getDouble(0), xy.getDouble(1), 17);
            assertTrue(
                    drawn().stream()
                            .anyMatch(x -> Long.valueOf(
                                            f.getJsonObject("properties").getLong("id"))
                                    .equals(((Number) x.getOrDefault("id", -1)).longValue())),
                    "the station is drawn");
            b.clickMapAt(xy.getDouble(0), xy.getDouble(1));
            b.visible("#detail");
            assertTrue(
                    b.find("#detail h2").getText().contains(name),
                    b.find("#detail h2").getText());
            b.screenshot("tiles-station-card-phone");
        } finally {
            b.desktop();
        }
    }

    @Test
    @DisplayName("a filter change asks for tiles with the filter as a query parameter and draws only what matches")
    void filterRefetchesTiles() {
        b.desktop();
        openAt("rider", 121.475, 31.225, 11);
        assertEquals(REST + PARKING, stationsDrawn());
        b.js("YStations.requests.length = 0; const k = document.getElementById('f-kind'); k.value = 'parking';"
                + "k.dispatchEvent(new Event('change', {bubbles: true}))");
        b.waitFor(() -> ((Number)
                                b.js(
                                        "return YStations.requests.filter((u) => /stations\\/\\d+\\/.*kind=parking/.test(u)).length"))
                        .intValue()
                > 0);
        assertEquals(PARKING, stationsDrawn());
        assertTrue(drawn().stream().allMatch(x -> "parking".equals(x.get("kind"))), drawn().toString());
    }

    @Test
    @DisplayName("every view draws stations from the tiles, and the page asks no host but its own")
    void everyViewOnlyLocal() {
        b.desktop();
        b.open("/#rider");
        b.requestedUrls();
        for (String view : List.of("rider", "planner", "admin")) {
            openAt(view, 121.475, 31.225, 12);
            assertTrue(stationsDrawn() > 0, view);
        }
        // The page's own requests (DevTools), and MapLibre's, which its worker sends (all pass transformRequest).
        List<String> urls = new java.util.ArrayList<>(b.requestedUrls());
        @SuppressWarnings("unchecked")
        List<String> gl = (List<String>) b.js("return YStations.requests.slice()");
        urls.addAll(gl);
        assertTrue(urls.stream().anyMatch(u -> u.contains("/api/v1/tiles/stations/")), urls.toString());
        for (String u : urls) {
            URI uri = URI.create(u);
            if (uri.getScheme().equals("http")
                    || uri.getScheme().equals("https")
                    || uri.getScheme().equals("ws")) {
                assertEquals("127.0.0.1", uri.getHost(), u);
            } else {
                assertTrue(List.of("blob", "data", "about").contains(uri.getScheme()), u);
            }
        }
        assertFalse(urls.isEmpty());
    }
}
