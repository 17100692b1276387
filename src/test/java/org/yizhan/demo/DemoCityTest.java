package org.yizhan.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import ch.poole.openinghoursparser.OpeningHoursParseException;
import ch.poole.openinghoursparser.OpeningHoursParser;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.StringReader;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.locationtech.jts.geom.MultiPolygon;
import org.yizhan.demo.ShanghaiDistricts.District;
import org.yizhan.stations.Vocabulary;

@DisplayName("The synthetic Shanghai demo city")
class DemoCityTest {

    private static final long SEED = 42;
    private static final int COUNT = DemoCity.DEFAULT_COUNT;

    // The vocabulary is vocabulary.json's (stations/Vocabulary); VocabularyConsistencyTest checks coverage.
    private static final Set<String> KINDS = Vocabulary.KINDS;
    private static final Set<String> CATEGORIES = Vocabulary.CATEGORIES;
    private static final Set<String> SCENES = Vocabulary.SCENES;
    private static final List<String> AMENITIES = List.copyOf(Vocabulary.AMENITIES);
    private static final Set<String> ACCESS = Vocabulary.ACCESS;
    private static final List<String> VEHICLE_TYPES = List.copyOf(Vocabulary.VEHICLE_TYPES);
    private static final Set<String> STATUSES = Vocabulary.STATUSES;
    private static final Set<String> OVERNIGHT_HOURS =
            Set.of("Mo-Su 18:00-06:00", "Mo-Su 20:00-08:00", "Mo-Su 10:00-14:00,17:00-02:00", "Mo-Su 17:00-03:00");
    private static final Set<String> DAYTIME_HOURS = Set.of(
            "Mo-Su 08:00-20:00",
            "Mo-Fr 09:00-18:00",
            "Mo-Fr 08:30-17:30; Sa 09:00-12:00",
            "Mo-Sa 07:00-21:00; Su off",
            "Mo-Su 07:00-22:00",
            "Mo-Fr 08:00-20:00; Sa-Su 09:00-17:00",
            "Mo-Su 06:00-23:00",
            "Mo-Su 10:30-14:00,16:30-21:00",
            "Mo-Su 07:00-21:00",
            "Mo-Fr 10:00-20:00; Sa-Su 10:00-21:00");
    private static final Set<String> KIND_SPECIFIC = Set.of("category", "vehicle_types", "rider_discount");

    private static final Set<String> CENTRE =
            Set.of("310101", "310106", "310104", "310105", "310109", "310110", "310107");
    private static final Set<String> SPARSE = Set.of("310151", "310116", "310120");

    /** Land area, km², rounded from the districts' published figures (崇明: its three islands). */
    private static final Map<String, Double> AREA_KM2 = Map.of(
            "310101", 20.5, "310104", 54.8, "310105", 38.3, "310106", 36.9, "310107", 54.8, "310109", 23.5, "310110",
            60.7, "310151", 1185.0, "310116", 586.0, "310120", 687.0);

    private static final Pattern PHONE = Pattern.compile("021-6[0-9]{7}");
    private static final Pattern EXTERNAL_ID = Pattern.compile("demo-[0-9]{5,}");

    private static List<JsonObject> features;

    @BeforeAll
    static void generate() {
        features = DemoCity.features(SEED, COUNT);
    }

    @Test
    @DisplayName("the same seed gives an identical city, and a shorter list is a prefix of a longer one")
    void sameSeedSameCity() {
        assertEquals(features, DemoCity.features(SEED, COUNT));
        assertEquals(features.subList(0, 100), DemoCity.features(SEED, 100));
    }

    @Test
    @DisplayName("different seeds give different cities")
    void differentSeedsDiffer() {
        List<JsonObject> other = DemoCity.features(SEED + 1, COUNT);
        assertNotEquals(features, other);
        long samePositions = 0;
        for (int i = 0; i < COUNT; i++) {
            if (features.get(i).getJsonObject("geometry").equals(other.get(i).getJsonObject("geometry"))) {
                samePositions++;
            }
        }
        assertEquals(0, samePositions);
    }

    @Test
    @DisplayName("an empty city is empty and a negative count is refused")
    void edgeCounts() {
        assertTrue(DemoCity.features(SEED, 0).isEmpty());
        try {
            DemoCity.features(SEED, -1);
            fail("a negative count must be refused");
        } catch (IllegalArgumentException expected) {
            // expected
        }
    }

    @Test
    @DisplayName("every feature is a GeoJSON Point on land inside Shanghai's bounding box")
    void everyPointOnLand() {
        for (JsonObject f : features) {
            assertEquals("Feature", f.getString("type"));
            JsonObject g = f.getJsonObject("geometry");
            assertEquals("Point", g.getString("type"));
            JsonArray c = g.getJsonArray("coordinates");
            assertEquals(2, c.size());
            double lon = c.getDouble(0);
            double lat = c.getDouble(1);
            assertTrue(lon >= 120.85 && lon <= 122.0 && lat >= 30.67 && lat <= 31.88, "outside bbox: " + c);
            assertTrue(ShanghaiDistricts.onLand(lon, lat), "not on land: " + c);
        }
    }

    @Test
    @DisplayName("external ids and names are unique")
    void idsAndNamesUnique() {
        Set<String> ids = new HashSet<>();
        Set<String> names = new HashSet<>();
        for (JsonObject p : properties()) {
            String id = p.getString("external_id");
            assertTrue(EXTERNAL_ID.matcher(id).matches(), id);
            assertTrue(ids.add(id), "duplicate external_id " + id);
            assertTrue(names.add(p.getString("name")), "duplicate name " + p.getString("name"));
        }
        assertEquals("demo-00001", properties().get(0).getString("external_id"));
    }

    @Test
    @DisplayName("every property value is in its allowed set and kind-specific fields appear only on their kind")
    void propertiesInVocabulary() {
        Instant earliest = DemoCity.VERIFIED_BASE.minus(Duration.ofDays(DemoCity.VERIFIED_WINDOW_DAYS));
        for (JsonObject p : properties()) {
            String kind = p.getString("kind");
            assertTrue(KINDS.contains(kind), kind);
            String name = p.getString("name");
            assertTrue(!name.isBlank() && name.codePointCount(0, name.length()) <= 120, name);
            District d = ShanghaiDistricts.byCode(p.getString("district_code")).orElseThrow();
            assertTrue(p.getString("address").startsWith("上海市" + d.nameZh()), p.getString("address"));
            assertTrue(SCENES.contains(p.getString("scene")), p.getString("scene"));
            assertInOrderedSubset(p.getJsonArray("amenities"), AMENITIES);
            assertTrue(ACCESS.contains(p.getString("access")), p.getString("access"));
            assertTrue(STATUSES.contains(p.getString("status")), p.getString("status"));
            assertFalse(p.getString("operator").isBlank());
            assertTrue(PHONE.matcher(p.getString("phone")).matches(), p.getString("phone"));
            Instant verified = Instant.parse(p.getString("last_verified_at"));
            assertTrue(!verified.isBefore(earliest) && verified.isBefore(DemoCity.VERIFIED_BASE), verified.toString());
            assertEquals(Boolean.TRUE, p.getBoolean("demo"));
            String hours = p.getString("opening_hours");
            assertTrue(hours.equals("24/7") || OVERNIGHT_HOURS.contains(hours) || DAYTIME_HOURS.contains(hours), hours);

            int capacity = p.getInteger("capacity");
            switch (kind) {
                case "rest_station" -> {
                    assertTrue(CATEGORIES.contains(p.getString("category")), p.getString("category"));
                    assertTrue(capacity >= 5 && capacity <= 40, "rest capacity " + capacity);
                    assertOnly(p, "category");
                }
                case "parking" -> {
                    JsonArray vehicles = p.getJsonArray("vehicle_types");
                    assertNotNull(vehicles);
                    assertFalse(vehicles.isEmpty());
                    assertInOrderedSubset(vehicles, VEHICLE_TYPES);
                    assertTrue(capacity >= 10 && capacity <= 200, "parking capacity " + capacity);
                    if (vehicles.contains("truck")) {
                        assertTrue(
                                Set.of("highway_service_area", "industrial_park")
                                        .contains(p.getString("scene")),
                                "truck parking at " + p.getString("scene"));
                    }
                    if (!vehicles.contains("ebike")) {
                        assertFalse(p.getJsonArray("amenities").contains("ebike_charging"));
                        assertFalse(p.getJsonArray("amenities").contains("battery_swap"));
                    }
                    assertOnly(p, "vehicle_types");
                }
                default -> {
                    assertTrue(capacity >= 10 && capacity <= 80, "meal capacity " + capacity);
                    String discount = p.getString("rider_discount");
                    assertTrue(discount == null || (!discount.isBlank() && discount.length() <= 40), discount);
                    assertOnly(p, "rider_discount");
                }
            }
            if (p.getString("scene").equals("highway_service_area")) {
                assertTrue(kind.equals("parking") || "driver_home".equals(p.getString("category")), name);
                assertFalse(CENTRE.contains(d.code()), "highway service area in the centre: " + name);
            }
        }
    }

    @Test
    @DisplayName("every opening_hours value parses as OSM opening hours (lenient mode, which allows 17:00-02:00)")
    void openingHoursParse() throws OpeningHoursParseException {
        Set<String> distinct = new HashSet<>();
        properties().forEach(p -> distinct.add(p.getString("opening_hours")));
        for (String hours : distinct) {
            assertFalse(
                    new OpeningHoursParser(new StringReader(hours)).rules(false).isEmpty(), hours);
        }
    }

    @Test
    @DisplayName("kinds, statuses and opening hours come in roughly the specified shares")
    void shares() {
        assertShare(0.55, 0.04, p -> p.getString("kind").equals("rest_station"));
        assertShare(0.25, 0.04, p -> p.getString("kind").equals("parking"));
        assertShare(0.20, 0.04, p -> p.getString("kind").equals("meal"));
        assertShare(0.90, 0.03, p -> p.getString("status").equals("open"));
        assertShare(0.07, 0.025, p -> p.getString("status").equals("temporarily_closed"));
        assertShare(0.03, 0.015, p -> p.getString("status").equals("closed"));
        assertShare(0.15, 0.04, p -> p.getString("opening_hours").equals("24/7"));
        assertShare(0.10, 0.04, p -> OVERNIGHT_HOURS.contains(p.getString("opening_hours")));
        long meals = properties().stream()
                .filter(p -> p.getString("kind").equals("meal"))
                .count();
        long withoutDiscount = properties().stream()
                .filter(p -> p.getString("kind").equals("meal") && p.getString("rider_discount") == null)
                .count();
        assertEquals(0.40, (double) withoutDiscount / meals, 0.08);
        long rest = properties().stream()
                .filter(p -> p.getString("kind").equals("rest_station"))
                .count();
        long union = properties().stream()
                .filter(p -> "union_station".equals(p.getString("category")))
                .count();
        assertTrue(union * 3 > rest, "union_station should be the most common category");
    }

    @Test
    @DisplayName("each district_code is the nearestSeat of the feature's own point")
    void districtCodeIsNearestSeat() {
        for (JsonObject f : features) {
            JsonArray c = f.getJsonObject("geometry").getJsonArray("coordinates");
            assertEquals(
                    ShanghaiDistricts.nearestSeat(c.getDouble(0), c.getDouble(1))
                            .code(),
                    f.getJsonObject("properties").getString("district_code"));
        }
    }

    @Test
    @DisplayName("the centre districts are far denser per km² than 崇明, 金山 and 奉贤")
    void denseCentreSparseOutskirts() {
        Map<String, Integer> counts = new HashMap<>();
        properties().forEach(p -> counts.merge(p.getString("district_code"), 1, Integer::sum));
        double centreCount = 0;
        double centreArea = 0;
        double minCentreDensity = Double.POSITIVE_INFINITY;
        for (String code : CENTRE) {
            int n = counts.getOrDefault(code, 0);
            centreCount += n;
            centreArea += AREA_KM2.get(code);
            minCentreDensity = Math.min(minCentreDensity, n / AREA_KM2.get(code));
        }
        double sparseCount = 0;
        double sparseArea = 0;
        double maxSparseDensity = 0;
        for (String code : SPARSE) {
            int n = counts.getOrDefault(code, 0);
            assertTrue(n > 0, "no demo point at all in " + code);
            sparseCount += n;
            sparseArea += AREA_KM2.get(code);
            maxSparseDensity = Math.max(maxSparseDensity, n / AREA_KM2.get(code));
        }
        double ratio = (centreCount / centreArea) / (sparseCount / sparseArea);
        assertTrue(ratio > 30, "centre only " + ratio + "x as dense as the outskirts");
        assertTrue(
                minCentreDensity > 10 * maxSparseDensity,
                "sparsest centre district " + minCentreDensity + "/km², densest outskirt " + maxSparseDensity + "/km²");
        // Every district gets some points, and 浦东 (the largest weight) the most.
        assertEquals(16, counts.size());
        String busiest = counts.entrySet().stream()
                .max(Map.Entry.comparingByValue())
                .orElseThrow()
                .getKey();
        assertEquals("310115", busiest);
    }

    @Test
    @DisplayName("the land outline is valid, holds known land points and excludes the sea")
    void landOutline() {
        MultiPolygon land = ShanghaiDistricts.landOutline();
        assertTrue(land.isValid());
        assertEquals(4326, land.getSRID());
        assertEquals(4, land.getNumGeometries());
        assertTrue(land == ShanghaiDistricts.landOutline(), "the outline is cached");
        // Shanghai's land area is about 6,340 km²; a coarse outline should be within 15 %.
        double km2 = land.getArea() * 111.32 * 111.32 * Math.cos(Math.toRadians(31.2));
        assertEquals(6340, km2, 950);

        assertTrue(ShanghaiDistricts.onLand(121.475, 31.232), "People's Square");
        assertTrue(ShanghaiDistricts.onLand(121.397, 31.623), "崇明 城桥");
        assertTrue(ShanghaiDistricts.onLand(121.805, 31.143), "Pudong airport");
        assertTrue(ShanghaiDistricts.onLand(121.70, 31.39), "长兴岛");
        assertFalse(ShanghaiDistricts.onLand(122.3, 31.0), "East China Sea");
        assertFalse(ShanghaiDistricts.onLand(121.5, 30.5), "Hangzhou Bay");
        assertFalse(ShanghaiDistricts.onLand(121.60, 31.45), "Yangtze between 长兴岛 and 崇明岛");
        assertFalse(ShanghaiDistricts.onLand(120.96, 31.12), "淀山湖");
    }

    @Test
    @DisplayName("the 16 district codes are distinct 6-digit codes under 3101")
    void districtCodes() {
        List<District> all = ShanghaiDistricts.all();
        assertEquals(16, all.size());
        Set<String> codes = new HashSet<>();
        for (District d : all) {
            assertTrue(d.code().matches("3101[0-9]{2}"), d.code());
            assertTrue(codes.add(d.code()), "duplicate " + d.code());
            assertTrue(d.weight() > 0);
            assertTrue(d.nameZh().endsWith("区"), d.nameZh());
        }
        assertEquals("310000", ShanghaiDistricts.CITY_CODE);
        assertEquals("浦东新区", ShanghaiDistricts.byCode("310115").orElseThrow().nameZh());
        assertEquals("崇明区", ShanghaiDistricts.byCode("310151").orElseThrow().nameZh());
        assertTrue(ShanghaiDistricts.byCode("310230").isEmpty(), "the old 崇明县 code is gone");
    }

    @Test
    @DisplayName("every seat is on land and is its own nearest seat")
    void seatsAreOwnNearest() {
        for (District d : ShanghaiDistricts.all()) {
            assertTrue(ShanghaiDistricts.onLand(d.seatLon(), d.seatLat()), d.nameZh());
            assertEquals(d, ShanghaiDistricts.nearestSeat(d.seatLon(), d.seatLat()));
        }
    }

    @Test
    @DisplayName("nearestSeat does not label across the Yangtze or the 黄浦江")
    void nearestSeatHonoursWater() {
        assertEquals("310115", ShanghaiDistricts.nearestSeat(121.502, 31.240).code(), "陆家嘴 is 浦东");
        assertEquals("310101", ShanghaiDistricts.nearestSeat(121.487, 31.238).code(), "外滩 is 黄浦");
        assertEquals("310151", ShanghaiDistricts.nearestSeat(121.70, 31.39).code(), "长兴岛 is 崇明");
        assertEquals("310151", ShanghaiDistricts.nearestSeat(121.86, 31.33).code(), "横沙岛 is 崇明");
        assertNotEquals("310151", ShanghaiDistricts.nearestSeat(121.35, 31.49).code(), "罗泾 is on the mainland");
        assertEquals("310112", ShanghaiDistricts.nearestSeat(121.385, 31.110).code(), "莘庄 is 闵行");
    }

    @Test
    @DisplayName("3000 features take well under a second")
    void fastEnough() {
        assertTimeoutPreemptively(Duration.ofSeconds(1), () -> DemoCity.features(7, COUNT));
    }

    private static List<JsonObject> properties() {
        return features.stream().map(f -> f.getJsonObject("properties")).toList();
    }

    private static void assertShare(double expected, double tolerance, Predicate<JsonObject> test) {
        double share = (double) properties().stream().filter(test).count() / COUNT;
        assertEquals(expected, share, tolerance);
    }

    /** Values are distinct, allowed, and in the vocabulary's order (so output is canonical). */
    private static void assertInOrderedSubset(JsonArray values, List<String> vocabulary) {
        assertNotNull(values);
        int last = -1;
        for (Object v : values) {
            int at = vocabulary.indexOf(v);
            assertTrue(at > last, values + " is not an ordered subset of " + vocabulary);
            last = at;
        }
    }

    /** Of the kind-specific properties, only {@code allowed} may be present. */
    private static void assertOnly(JsonObject p, String allowed) {
        for (String field : KIND_SPECIFIC) {
            if (!field.equals(allowed)) {
                assertNull(p.getValue(field), field + " on a " + p.getString("kind"));
                assertFalse(p.containsKey(field), field + " on a " + p.getString("kind"));
            }
        }
    }
}
