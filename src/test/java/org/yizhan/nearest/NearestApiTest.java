package org.yizhan.nearest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.function.Predicate;
import net.sf.geographiclib.Geodesic;
import net.sf.geographiclib.GeodesicData;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.yizhan.geo.ChinaCoordinates;
import org.yizhan.support.Api;
import org.yizhan.support.Api.Resp;
import org.yizhan.support.Fixtures;
import org.yizhan.support.TestApp;

@DisplayName("GET /api/v1/stations/nearest")
class NearestApiTest {

    private static final String[] KINDS = {"rest_station", "parking", "meal"};
    private static final String[] CATEGORIES = {"union_station", "driver_home", "youth_home", "women_home"};
    private static final String[] AMENITIES = {"microwave", "drinking_water", "wifi", "toilet", "ebike_charging"};
    private static final String[] STATUSES = {"open", "open", "open", "temporarily_closed", "closed"};
    private static final String[] HOURS = {"24/7", "Mo-Fr 09:00-18:00", "Mo-Su 18:00-02:00", null};
    private static final List<List<String>> VEHICLES =
            List.of(List.of("ebike"), List.of("ebike", "motorcycle"), List.of("car"), List.of("car", "truck"));

    /** What the test knows about each station it created, to answer by brute force. */
    record Known(
            long id,
            double lon,
            double lat,
            String kind,
            String category,
            List<String> amenities,
            String status,
            String hours,
            List<String> vehicles,
            String discount) {
        boolean notClosed() {
            return !status.equals("closed");
        }
    }

    private static final List<Known> known = new ArrayList<>();
    private static Api api;

    @BeforeAll
    static void loadRandomStations() {
        TestApp.reset();
        api = TestApp.api();
        Random rnd = new Random(42);
        Random extra = new Random(43); // vehicles and discounts, without moving the stations drawn from rnd
        JsonArray features = new JsonArray();
        List<Known> pending = new ArrayList<>();
        for (int i = 0; i < 2_000; i++) {
            // Around Shanghai, denser in the middle.
            double lon = 121.47 + rnd.nextGaussian() * 0.15;
            double lat = 31.23 + rnd.nextGaussian() * 0.12;
            String kind = KINDS[rnd.nextInt(KINDS.length)];
            String category = kind.equals("rest_station") ? CATEGORIES[rnd.nextInt(CATEGORIES.length)] : null;
            List<String> amenities = new ArrayList<>();
            for (String a : AMENITIES) {
                if (rnd.nextDouble() < 0.4) {
                    amenities.add(a);
                }
            }
            String status = STATUSES[rnd.nextInt(STATUSES.length)];
            String hours = HOURS[rnd.nextInt(HOURS.length)];
            List<String> vehicles = kind.equals("parking") ? VEHICLES.get(extra.nextInt(VEHICLES.size())) : List.of();
            String discount = kind.equals("meal") && extra.nextBoolean() ? "骑手九折" : null;
            JsonObject props = new JsonObject()
                    .put("kind", kind)
                    .put("category", category)
                    .put("name", "站点 " + i)
                    .put("amenities", new JsonArray(amenities))
                    .put("status", status)
                    .put("opening_hours", hours)
                    .put("external_id", "t-" + i)
                    .put("rider_discount", discount);
            if (kind.equals("parking")) {
                props.put("vehicle_types", new JsonArray(vehicles));
            }
            features.add(Fixtures.feature(lon, lat, props));
            pending.add(new Known(i + 1, lon, lat, kind, category, amenities, status, hours, vehicles, discount));
        }
        Resp r = api.post("/api/v1/stations/import", Fixtures.collection(features));
        assertEquals(200, r.status(), r.toString());
        assertEquals(2_000, r.json().getInteger("inserted"));
        known.addAll(pending);
    }

    private static double geodesicM(double lon1, double lat1, double lon2, double lat2) {
        return Geodesic.WGS84.Inverse(lat1, lon1, lat2, lon2).s12;
    }

    /** The expected answer: every matching station sorted by the independent geodesic distance. */
    private static List<Known> bruteForce(double lon, double lat, Predicate<Known> filter, int limit) {
        return known.stream()
                .filter(filter)
                .sorted(Comparator.comparingDouble(k -> geodesicM(lon, lat, k.lon, k.lat)))
                .limit(limit)
                .toList();
    }

    private static void assertSameAnswer(double lon, double lat, List<Known> expected, JsonArray features) {
        assertEquals(expected.size(), features.size(), "number of stations returned");
        double previous = -1;
        for (int i = 0; i < expected.size(); i++) {
            JsonObject props = features.getJsonObject(i).getJsonObject("properties");
            double d = props.getDouble("distance_m");
            double truth = geodesicM(lon, lat, expected.get(i).lon, expected.get(i).lat);
            // Rank i must be at the true i-th distance (ids may swap only on exact ties).
            assertEquals(truth, d, 0.5, "distance of rank " + i);
            assertTrue(d >= previous, "ascending distances");
            previous = d;
            long id = features.getJsonObject(i).getLong("id");
            Known k = known.get((int) id - 1);
            assertEquals(geodesicM(lon, lat, k.lon, k.lat), d, 0.5, "distance of station " + id);
        }
    }

    @Test
    @DisplayName(
            "returns the same stations in the same order as a brute-force geodesic search (closed ones left out), on random points")
    void nearestMatchesBruteForce() {
        Random rnd = new Random(7);
        for (int q = 0; q < 40; q++) {
            double lon = 121.47 + (rnd.nextDouble() - 0.5) * 0.8;
            double lat = 31.23 + (rnd.nextDouble() - 0.5) * 0.6;
            int limit = 1 + rnd.nextInt(25);
            Resp r = api.get("/api/v1/stations/nearest?lon=" + lon + "&lat=" + lat + "&limit=" + limit);
            assertEquals(200, r.status(), r.toString());
            assertEquals(limit, r.json().getInteger("numberReturned"));
            assertSameAnswer(
                    lon,
                    lat,
                    bruteForce(lon, lat, Known::notClosed, limit),
                    r.json().getJsonArray("features"));
        }
    }

    @Test
    @DisplayName(
            "bearing_deg is the geodesic initial azimuth from the rider to the station, 0-360 clockwise from north")
    void bearingIsTheInitialAzimuth() {
        double lon = 121.5;
        double lat = 31.2;
        Resp r = api.get("/api/v1/stations/nearest?lon=" + lon + "&lat=" + lat + "&limit=20");
        for (Object o : r.json().getJsonArray("features")) {
            JsonObject f = (JsonObject) o;
            Known k = known.get(f.getInteger("id") - 1);
            GeodesicData g = Geodesic.WGS84.Inverse(lat, lon, k.lat, k.lon);
            double expected = (g.azi1 + 360) % 360;
            double got = f.getJsonObject("properties").getDouble("bearing_deg");
            double diff = Math.abs(expected - got);
            assertTrue(Math.min(diff, 360 - diff) < 0.2, "bearing " + got + " vs " + expected);
        }
    }

    @Test
    @DisplayName(
            "kind, category, amenity (all listed), status, vehicle_type and has_discount filters match brute force")
    void filtersMatchBruteForce() {
        double lon = 121.45;
        double lat = 31.25;
        record Case(String query, Predicate<Known> filter) {}
        List<Case> cases = List.of(
                new Case("kind=parking", k -> k.kind.equals("parking") && k.notClosed()),
                new Case("kind=meal,parking", k -> !k.kind.equals("rest_station") && k.notClosed()),
                new Case("category=driver_home", k -> "driver_home".equals(k.category) && k.notClosed()),
                new Case("amenity=microwave", k -> k.amenities.contains("microwave") && k.notClosed()),
                new Case(
                        "amenity=microwave,wifi",
                        k -> k.amenities.contains("microwave") && k.amenities.contains("wifi") && k.notClosed()),
                new Case("status=closed", k -> k.status.equals("closed")),
                new Case("status=open,temporarily_closed,closed", k -> true),
                new Case("vehicle_type=truck", k -> k.vehicles.contains("truck") && k.notClosed()),
                new Case(
                        "vehicle_type=motorcycle,car&status=open",
                        k -> (k.vehicles.contains("motorcycle") || k.vehicles.contains("car"))
                                && k.status.equals("open")),
                new Case("has_discount=true", k -> k.discount != null && k.notClosed()),
                new Case(
                        "has_discount=false&kind=meal",
                        k -> k.discount == null && k.kind.equals("meal") && k.notClosed()),
                new Case(
                        "kind=rest_station&amenity=toilet&status=open",
                        k -> k.kind.equals("rest_station")
                                && k.amenities.contains("toilet")
                                && k.status.equals("open")));
        for (Case c : cases) {
            Resp r = api.get("/api/v1/stations/nearest?lon=" + lon + "&lat=" + lat + "&limit=15&" + c.query);
            assertEquals(200, r.status(), c.query + " " + r);
            JsonArray features = r.json().getJsonArray("features");
            assertFalse(features.isEmpty(), c.query + " finds something");
            assertSameAnswer(lon, lat, bruteForce(lon, lat, c.filter, 15), features);
        }
    }

    @Test
    @DisplayName("max_distance_m keeps only stations within the radius and numberMatched counts all of them")
    void maxDistanceAndNumberMatched() {
        double lon = 121.47;
        double lat = 31.23;
        Resp r = api.get(
                "/api/v1/stations/nearest?lon=" + lon + "&lat=" + lat + "&limit=5&max_distance_m=2000&kind=meal");
        assertEquals(200, r.status(), r.toString());
        long expected = known.stream()
                .filter(k -> k.kind.equals("meal") && k.notClosed())
                .filter(k -> geodesicM(lon, lat, k.lon, k.lat) <= 2000)
                .count();
        assertTrue(expected > 5, "the fixture puts more than 5 meal points within 2 km");
        assertEquals(expected, r.json().getLong("numberMatched"));
        assertEquals(5, r.json().getInteger("numberReturned"));
        for (Object o : r.json().getJsonArray("features")) {
            assertTrue(((JsonObject) o).getJsonObject("properties").getDouble("distance_m") <= 2000);
        }
        Resp none = api.get("/api/v1/stations/nearest?lon=100&lat=10&max_distance_m=1000");
        assertEquals(0, none.json().getInteger("numberReturned"));
        assertEquals(0, none.json().getLong("numberMatched"));
        assertNull(
                api.get("/api/v1/stations/nearest?lon=100&lat=10").json().getValue("numberMatched"),
                "numberMatched only comes with max_distance_m");
    }

    @Test
    @DisplayName("open_now at Tuesday 01:00 keeps overnight and 24/7 stations that are open, and drops the rest")
    void openNowWithOvernightHours() {
        double lon = 121.47;
        double lat = 31.23;
        // 2026-11-24 is a Tuesday; 01:00 in Shanghai is inside Monday's 18:00-02:00 span.
        String at = "2026-11-24T01:00:00%2B08:00";
        Resp r = api.get("/api/v1/stations/nearest?lon=" + lon + "&lat=" + lat + "&limit=30&open_now=true&at=" + at
                + "&max_distance_m=50000");
        assertEquals(200, r.status(), r.toString());
        Predicate<Known> openThen =
                k -> k.status.equals("open") && ("24/7".equals(k.hours) || "Mo-Su 18:00-02:00".equals(k.hours));
        assertSameAnswer(lon, lat, bruteForce(lon, lat, openThen, 30), r.json().getJsonArray("features"));
        assertEquals(
                known.stream()
                        .filter(openThen)
                        .filter(k -> geodesicM(lon, lat, k.lon, k.lat) <= 50_000)
                        .count(),
                r.json().getLong("numberMatched"));
        for (Object o : r.json().getJsonArray("features")) {
            assertEquals(true, ((JsonObject) o).getJsonObject("properties").getBoolean("open_now"));
        }
        // Tuesday 10:00: office hours and 24/7 are open, the overnight span is not.
        Resp day = api.get("/api/v1/stations/nearest?lon=" + lon + "&lat=" + lat
                + "&limit=30&open_now=true&at=2026-11-24T10:00:00%2B08:00");
        Predicate<Known> openAtTen =
                k -> k.status.equals("open") && ("24/7".equals(k.hours) || "Mo-Fr 09:00-18:00".equals(k.hours));
        assertSameAnswer(
                lon, lat, bruteForce(lon, lat, openAtTen, 30), day.json().getJsonArray("features"));
        // The same instant with its '+' left unescaped in the URL (it arrives as a space) means the same.
        Resp unescaped = api.get("/api/v1/stations/nearest?lon=" + lon + "&lat=" + lat
                + "&limit=30&open_now=true&at=2026-11-24T10:00:00+08:00");
        assertEquals(200, unescaped.status(), unescaped.toString());
        assertEquals(day.json().getJsonArray("features"), unescaped.json().getJsonArray("features"));
    }

    @Test
    @DisplayName("opens_at gives the next opening (with offset) of a station closed by its hours, null for the others")
    void opensAt() {
        double lon = 121.47;
        double lat = 31.23;
        // Tuesday 2026-11-24 20:00 in Shanghai: office hours reopen Wednesday 09:00, the overnight span at 18:00 is
        // open.
        Resp r = api.get("/api/v1/stations/nearest?lon=" + lon + "&lat=" + lat
                + "&limit=100&status=open,temporarily_closed&at=2026-11-24T20:00:00%2B08:00");
        assertEquals(200, r.status(), r.toString());
        int officeHours = 0;
        for (Object o : r.json().getJsonArray("features")) {
            JsonObject p = ((JsonObject) o).getJsonObject("properties");
            String hours = p.getString("opening_hours");
            Object opensAt = p.getValue("opens_at");
            if (p.getString("status").equals("open") && "Mo-Fr 09:00-18:00".equals(hours)) {
                assertEquals("2026-11-25T09:00+08:00", opensAt, p.encode());
                officeHours++;
            } else {
                assertEquals(null, opensAt, p.encode());
            }
        }
        assertTrue(officeHours > 0, "the fixture has office-hours stations near the point");
    }

    @Test
    @DisplayName("stations closed for good are left out unless asked for, and not counted in numberMatched")
    void closedLeftOutByDefault() {
        double lon = 121.47;
        double lat = 31.23;
        Resp r = api.get("/api/v1/stations/nearest?lon=" + lon + "&lat=" + lat + "&limit=100&max_distance_m=3000");
        assertEquals(200, r.status(), r.toString());
        long closedNearby = known.stream()
                .filter(k -> !k.notClosed())
                .filter(k -> geodesicM(lon, lat, k.lon, k.lat) <= 3000)
                .count();
        assertTrue(closedNearby > 0, "the fixture has closed stations within 3 km");
        for (Object o : r.json().getJsonArray("features")) {
            assertFalse(
                    "closed".equals(((JsonObject) o).getJsonObject("properties").getString("status")));
        }
        long notClosed = known.stream()
                .filter(Known::notClosed)
                .filter(k -> geodesicM(lon, lat, k.lon, k.lat) <= 3000)
                .count();
        assertEquals(notClosed, r.json().getLong("numberMatched"));
        Resp all = api.get("/api/v1/stations/nearest?lon=" + lon + "&lat=" + lat
                + "&limit=100&max_distance_m=3000&status=open,temporarily_closed,closed");
        assertEquals(notClosed + closedNearby, all.json().getLong("numberMatched"));
    }

    @Test
    @DisplayName("a filter no station can match (a category with vehicle types) answers an empty collection")
    void contradictoryFiltersFindNothing() {
        Resp r = api.get("/api/v1/stations/nearest?lon=121.47&lat=31.23&category=union_station&vehicle_type=car"
                + "&max_distance_m=50000");
        assertEquals(200, r.status(), r.toString());
        assertEquals(0, r.json().getInteger("numberReturned"));
        assertEquals(0, r.json().getLong("numberMatched"));
        Resp mealParking = api.get("/api/v1/stations/nearest?lon=121.47&lat=31.23&kind=parking&has_discount=true");
        assertEquals(0, mealParking.json().getJsonArray("features").size());
        // Only an open station can be open now.
        Resp closedOpen = api.get("/api/v1/stations/nearest?lon=121.47&lat=31.23&status=closed,temporarily_closed"
                + "&open_now=true&max_distance_m=50000");
        assertEquals(200, closedOpen.status(), closedOpen.toString());
        assertEquals(0, closedOpen.json().getLong("numberMatched"));
        assertEquals(0, closedOpen.json().getJsonArray("features").size());
    }

    @Test
    @DisplayName(
            "a GCJ-02 or BD-09 query point gives the same stations and distances as its WGS 84 twin, with geometries in that CRS")
    void chineseCoordinateSystemsRoundTrip() {
        double lon = 121.4737;
        double lat = 31.2304;
        Resp wgs = api.get("/api/v1/stations/nearest?lon=" + lon + "&lat=" + lat + "&limit=5");
        double[] gcj = ChinaCoordinates.wgs84ToGcj02(lon, lat);
        double[] bd = ChinaCoordinates.wgs84ToBd09(lon, lat);
        // GCJ-02 is offset from WGS 84 by hundreds of metres in Shanghai: a test that ignored crs would fail.
        assertTrue(geodesicM(lon, lat, gcj[0], gcj[1]) > 200);
        for (String[] q : List.of(
                new String[] {"gcj02", gcj[0] + "", gcj[1] + ""}, new String[] {"bd09", bd[0] + "", bd[1] + ""})) {
            Resp r = api.get("/api/v1/stations/nearest?lon=" + q[1] + "&lat=" + q[2] + "&limit=5&crs=" + q[0]);
            assertEquals(200, r.status(), r.toString());
            for (int i = 0; i < 5; i++) {
                JsonObject a = wgs.json().getJsonArray("features").getJsonObject(i);
                JsonObject b = r.json().getJsonArray("features").getJsonObject(i);
                assertEquals(a.getLong("id"), b.getLong("id"));
                assertEquals(
                        a.getJsonObject("properties").getDouble("distance_m"),
                        b.getJsonObject("properties").getDouble("distance_m"),
                        0.2);
                JsonArray wc = a.getJsonObject("geometry").getJsonArray("coordinates");
                JsonArray cc = b.getJsonObject("geometry").getJsonArray("coordinates");
                double[] expected = q[0].equals("gcj02")
                        ? ChinaCoordinates.wgs84ToGcj02(wc.getDouble(0), wc.getDouble(1))
                        : ChinaCoordinates.wgs84ToBd09(wc.getDouble(0), wc.getDouble(1));
                assertEquals(expected[0], cc.getDouble(0), 1e-6);
                assertEquals(expected[1], cc.getDouble(1), 1e-6);
            }
        }
    }
}
