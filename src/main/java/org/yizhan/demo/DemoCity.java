package org.yizhan.demo;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import org.yizhan.demo.ShanghaiDistricts.District;
import org.yizhan.stations.Vocabulary;

/**
 * A synthetic demo city: rest stations, parking and meal points scattered over Shanghai like a real
 * city's, as GeoJSON Features ready for the normal validated import. Nothing comes from a real POI data
 * set: positions are random draws around district seats and a few well-known hot spots, names and
 * addresses are assembled from district, street and area names plus synthetic numbers, phone numbers are
 * random. Every feature carries {@code "demo": true}. The data of the draws — district profiles, hot
 * spots, weights and odds, name parts — are resource files ({@code src/main/resources/demo/*.json},
 * read by {@link DemoData}); the code here is how they are combined.
 *
 * <p>Output is a pure function of {@code (seed, count)}: the same arguments give equal lists on every run
 * and JVM ({@link Random} is fully specified), and a longer list starts with the shorter one. Timestamps
 * count back from a fixed base ({@link #VERIFIED_BASE}), never from the clock. Stateless and
 * thread-safe. Cost is linear: 3,000 features take about 0.2 s on a cold JVM (tens of ms once warm),
 * 100,000 about 1 s. CPU-bound, so call it off the event loop.
 */
public final class DemoCity {

    /** The number of features the demo loads by default. */
    public static final int DEFAULT_COUNT = 3000;

    /** {@code last_verified_at} lies in the {@value #VERIFIED_WINDOW_DAYS} days before this instant. */
    public static final Instant VERIFIED_BASE = Instant.parse("2026-11-01T00:00:00Z");

    /** How far back, in days, {@code last_verified_at} may lie before {@link #VERIFIED_BASE}. */
    public static final int VERIFIED_WINDOW_DAYS = 300;

    private static final double KM_PER_DEGREE = 111.32;

    /** Share of points drawn around a hot spot rather than around a district seat. */
    private static final double HOTSPOT_SHARE = 0.15;

    /** Draws around one seat before giving up on that district for this point and drawing another. */
    private static final int MAX_TRIES = 64;

    // The data of the draws (weights, odds, name parts) are resource files: src/main/resources/demo/*.json.
    private static final JsonObject DRAWS = DemoData.read("draws.json");
    private static final JsonObject NAMES = DemoData.read("names.json");

    private static final Choice KINDS = Choice.of(DRAWS.getJsonObject("kinds"));

    private static final Choice CATEGORIES =
            Choice.of(DRAWS.getJsonObject("categories").getJsonObject("centre"));

    /** Outside the centre (NEAR and OUTER tiers) there are more 司机之家 and fewer youth/women homes. */
    private static final Choice SUBURB_CATEGORIES =
            Choice.of(DRAWS.getJsonObject("categories").getJsonObject("suburb"));

    private static final Choice STATUSES = Choice.of(DRAWS.getJsonObject("statuses"));

    /** Per kind: how one gets in, and the opening hours (simple OSM forms; about 16 % come out 24/7). */
    private static final Map<String, Choice> ACCESS = byKey(DRAWS.getJsonObject("access"));

    private static final Map<String, Choice> HOURS = byKey(DRAWS.getJsonObject("opening_hours"));

    // Scenes. Highway service areas occur only outside the centre, and only for 司机之家 and parking.
    private static final JsonObject SCENES = DRAWS.getJsonObject("scenes");
    private static final Choice CENTRE_DRIVER_SCENES = scenes("driver_home", "centre");
    private static final Choice SUBURB_DRIVER_SCENES = scenes("driver_home", "suburb");
    private static final Choice CENTRE_PARKING_SCENES = scenes("parking", "centre");
    private static final Choice NEAR_PARKING_SCENES = scenes("parking", "near");
    private static final Choice OUTER_PARKING_SCENES = scenes("parking", "outer");
    private static final Choice CENTRE_SCENES = scenes("other", "centre");
    private static final Choice SUBURB_SCENES = scenes("other", "suburb");

    /**
     * Probability of each amenity per kind of place (rest_station, driver_home, parking, meal), drawn in
     * vocabulary order: every vocabulary amenity needs its odds.
     */
    private static final Map<String, double[]> AMENITY_ODDS =
            odds(DRAWS.getJsonObject("amenity_odds"), List.copyOf(Vocabulary.AMENITIES));

    private static final List<String> AMENITIES = List.copyOf(Vocabulary.AMENITIES);

    /** Probability of each vehicle type, in vocabulary order, by scene ({@code default} for the others). */
    private static final Map<String, double[]> VEHICLE_ODDS =
            odds(DRAWS.getJsonObject("vehicle_odds"), List.copyOf(Vocabulary.VEHICLE_TYPES));

    private static final List<String> VEHICLE_TYPES = List.copyOf(Vocabulary.VEHICLE_TYPES);

    private static final String[] RIDER_DISCOUNTS = DemoData.strings(NAMES.getJsonArray("rider_discounts"));

    /** Made-up trade names for companies; any likeness to a real firm is accidental. */
    private static final String[] BRANDS = DemoData.strings(NAMES.getJsonArray("brands"));

    private static final String[] LOGISTICS = DemoData.strings(NAMES.getJsonArray("logistics"));

    /** District tiers; they steer scenes, categories and truck parking. */
    private enum Tier {
        CENTRE,
        NEAR,
        OUTER
    }

    /** A 街道/镇 or landmark used in names: {@code display} in titles, {@code admin} (may be null) in operators. */
    private record Area(String display, String admin) {
        String formal() {
            return admin != null ? admin : display;
        }
    }

    /**
     * How points spread around a district's seat.
     *
     * @param sigmaKm standard deviation, km, of the Gaussian offset from the seat (per axis)
     */
    private record Profile(Tier tier, double sigmaKm, Area[] areas, String[] roads) {}

    /**
     * A dense cluster at {@code lon, lat} (WGS 84) spread by a Gaussian of {@code sigmaKm} (km, per axis);
     * {@code homeCode} is the district it really lies in, {@code area} its name there.
     */
    private record Hotspot(double lon, double lat, double sigmaKm, String homeCode, Area area, String[] scenes) {}

    /** Where one feature goes and what it is named after; {@code hotspot} is null for seat-based draws. */
    private record Placement(double lon, double lat, District district, Area area, Hotspot hotspot) {}

    private static final Map<String, Profile> PROFILES =
            profiles(DemoData.read("districts.json").getJsonObject("districts"));

    private static final List<Hotspot> HOTSPOTS =
            hotspots(DemoData.read("hotspots.json").getJsonArray("hotspots"));

    private static final Choice DISTRICTS = new Choice();

    /** Per district, the areas a point may be named after when it is not at a hot spot. */
    private static final Map<String, Area[]> SCATTER_AREAS = new HashMap<>();

    static {
        for (District d : ShanghaiDistricts.all()) {
            DISTRICTS.add(d.code(), d.weight());
            // A hot spot's name (陆家嘴, 虹桥枢纽 ...) is only used at that hot spot, never 10 km away.
            SCATTER_AREAS.put(
                    d.code(),
                    Arrays.stream(PROFILES.get(d.code()).areas())
                            .filter(a -> HOTSPOTS.stream().noneMatch(h -> h.area() == a))
                            .toArray(Area[]::new));
        }
    }

    private DemoCity() {}

    /**
     * {@code count} synthetic GeoJSON Point Features (WGS 84 {@code [lon, lat]}, 6 decimals), each on the
     * coarse land outline of {@link ShanghaiDistricts#landOutline()}, with properties in the service's
     * vocabulary. Properties that do not apply (category outside rest stations, vehicle_types outside
     * parking, rider_discount outside meal, or a meal place without a discount) are absent, not null.
     * Names are unique across the list.
     *
     * @param seed  any value; equal seeds give equal output
     * @param count number of features, 0 or more
     */
    public static List<JsonObject> features(long seed, int count) {
        if (count < 0) {
            throw new IllegalArgumentException("count must be >= 0, was " + count);
        }
        Random rnd = new Random(seed);
        Map<String, Integer> namesSeen = new HashMap<>();
        List<JsonObject> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            out.add(feature(rnd, i, namesSeen));
        }
        return out;
    }

    // The order of random draws below fixes the output for a seed: append new draws at the end.
    private static JsonObject feature(Random rnd, int index, Map<String, Integer> namesSeen) {
        Placement at = place(rnd);
        Profile profile = PROFILES.get(at.district().code());
        String kind = KINDS.pick(rnd);
        String category = null;
        if (kind.equals("rest_station")) {
            category = (profile.tier() == Tier.CENTRE ? CATEGORIES : SUBURB_CATEGORIES).pick(rnd);
        }
        String scene = scene(rnd, kind, category, profile.tier(), at.hotspot());
        List<String> vehicles = kind.equals("parking") ? vehicleTypes(rnd, scene) : null;
        List<String> amenities = amenities(rnd, kind, category, vehicles);
        int capacity = capacity(rnd, kind, vehicles);
        String access = ACCESS.get(kind).pick(rnd);
        String hours = HOURS.get(kind).pick(rnd);
        String status = STATUSES.pick(rnd);
        String brand = pick(rnd, BRANDS);
        // A few fresh draws before falling back to a numbered suffix keep most names suffix-free.
        String name = name(rnd, kind, category, at, vehicles, amenities, brand);
        for (int retry = 0; retry < 3 && namesSeen.containsKey(name); retry++) {
            name = name(rnd, kind, category, at, vehicles, amenities, brand);
        }
        name = unique(name, namesSeen);
        String address = address(rnd, at.district(), profile);
        String operator = operator(rnd, kind, category, at, vehicles, brand);
        String phone = "021-6" + zeroPadded(rnd.nextInt(10_000_000), 7);
        String discount = kind.equals("meal") && rnd.nextDouble() < 0.6 ? pick(rnd, RIDER_DISCOUNTS) : null;
        Instant verified = VERIFIED_BASE.minusSeconds(1 + rnd.nextInt(VERIFIED_WINDOW_DAYS * 86_400));

        JsonObject p = new JsonObject()
                .put("external_id", "demo-" + zeroPadded(index + 1, 5))
                .put("kind", kind);
        if (category != null) {
            p.put("category", category);
        }
        p.put("name", name)
                .put("address", address)
                .put("district_code", at.district().code())
                .put("scene", scene)
                .put("amenities", new JsonArray(amenities))
                .put("opening_hours", hours)
                .put("access", access)
                .put("capacity", capacity);
        if (vehicles != null) {
            p.put("vehicle_types", new JsonArray(vehicles));
        }
        if (discount != null) {
            p.put("rider_discount", discount);
        }
        p.put("status", status)
                .put("operator", operator)
                .put("phone", phone)
                .put("last_verified_at", verified.toString())
                .put("demo", true);
        return new JsonObject()
                .put("type", "Feature")
                .put(
                        "geometry",
                        new JsonObject()
                                .put("type", "Point")
                                .put(
                                        "coordinates",
                                        new JsonArray().add(at.lon()).add(at.lat())))
                .put("properties", p);
    }

    /**
     * A point on land. Seat draws are Gaussian around the district seat and kept only when
     * {@link ShanghaiDistricts#nearestSeat} gives that same district back, so each district's share
     * follows its weight and points do not drift into a neighbour's cell. Hot-spot draws keep whatever
     * label they land on.
     */
    private static Placement place(Random rnd) {
        if (rnd.nextDouble() < HOTSPOT_SHARE) {
            Hotspot h = HOTSPOTS.get(rnd.nextInt(HOTSPOTS.size()));
            while (true) {
                double[] p = gaussianAround(rnd, h.lon(), h.lat(), h.sigmaKm());
                if (ShanghaiDistricts.onLand(p[0], p[1])) {
                    District d = ShanghaiDistricts.nearestSeat(p[0], p[1]);
                    // The hot spot's own name only fits when the crude label agrees with where it really is.
                    Area area = d.code().equals(h.homeCode()) ? h.area() : pick(rnd, SCATTER_AREAS.get(d.code()));
                    return new Placement(p[0], p[1], d, area, h);
                }
            }
        }
        while (true) {
            District d = ShanghaiDistricts.byCode(DISTRICTS.pick(rnd)).orElseThrow();
            Profile profile = PROFILES.get(d.code());
            for (int t = 0; t < MAX_TRIES; t++) {
                double[] p = gaussianAround(rnd, d.seatLon(), d.seatLat(), profile.sigmaKm());
                if (ShanghaiDistricts.onLand(p[0], p[1])
                        && ShanghaiDistricts.nearestSeat(p[0], p[1]).code().equals(d.code())) {
                    return new Placement(p[0], p[1], d, pick(rnd, SCATTER_AREAS.get(d.code())), null);
                }
            }
        }
    }

    /** {lon, lat} offset from a centre by an isotropic Gaussian of {@code sigmaKm}, rounded to 1e-6°. */
    private static double[] gaussianAround(Random rnd, double lon, double lat, double sigmaKm) {
        double dyKm = rnd.nextGaussian() * sigmaKm;
        double dxKm = rnd.nextGaussian() * sigmaKm;
        double pLat = lat + dyKm / KM_PER_DEGREE;
        double pLon = lon + dxKm / (KM_PER_DEGREE * Math.cos(Math.toRadians(lat)));
        // Round before the land test so that the published coordinates are the ones that were tested.
        return new double[] {Math.round(pLon * 1e6) / 1e6, Math.round(pLat * 1e6) / 1e6};
    }

    private static String scene(Random rnd, String kind, String category, Tier tier, Hotspot hotspot) {
        if (hotspot != null && rnd.nextDouble() < 0.7) {
            return pick(rnd, hotspot.scenes());
        }
        Choice c;
        if ("driver_home".equals(category)) {
            c = tier == Tier.CENTRE ? CENTRE_DRIVER_SCENES : SUBURB_DRIVER_SCENES;
        } else if (kind.equals("parking")) {
            c = switch (tier) {
                case CENTRE -> CENTRE_PARKING_SCENES;
                case NEAR -> NEAR_PARKING_SCENES;
                case OUTER -> OUTER_PARKING_SCENES;
            };
        } else {
            c = tier == Tier.CENTRE ? CENTRE_SCENES : SUBURB_SCENES;
        }
        return c.pick(rnd);
    }

    /** Non-empty, in vocabulary order; trucks only at highway service areas and industrial parks. */
    private static List<String> vehicleTypes(Random rnd, String scene) {
        double[] odds = VEHICLE_ODDS.getOrDefault(scene, VEHICLE_ODDS.get("default"));
        List<String> v = new ArrayList<>(4);
        for (int i = 0; i < VEHICLE_TYPES.size(); i++) {
            if (rnd.nextDouble() < odds[i]) {
                v.add(VEHICLE_TYPES.get(i));
            }
        }
        if (v.isEmpty()) {
            v.add("ebike");
        }
        return v;
    }

    /** In vocabulary order; e-bike charging and battery swap only where e-bikes may park. */
    private static List<String> amenities(Random rnd, String kind, String category, List<String> vehicles) {
        double[] odds = AMENITY_ODDS.get("driver_home".equals(category) ? category : kind);
        boolean ebikes = vehicles == null || vehicles.contains("ebike");
        List<String> out = new ArrayList<>();
        for (int i = 0; i < AMENITIES.size(); i++) {
            String a = AMENITIES.get(i);
            boolean has = rnd.nextDouble() < odds[i];
            boolean fits = ebikes || !(a.equals("ebike_charging") || a.equals("battery_swap"));
            if (has && fits) {
                out.add(a);
            }
        }
        return out;
    }

    /** Seats (rest 5–40), spaces (parking 10–200) or seats (meal 10–80), skewed towards the small end. */
    private static int capacity(Random rnd, String kind, List<String> vehicles) {
        double u = rnd.nextDouble();
        return switch (kind) {
            case "rest_station" -> 5 + (int) Math.round(35 * Math.pow(u, 1.5));
            case "parking" ->
                vehicles.contains("truck") ? 30 + (int) Math.round(170 * u) : 10 + (int) Math.round(190 * u * u);
            default -> 10 + (int) Math.round(70 * Math.pow(u, 1.3));
        };
    }

    private static String name(
            Random rnd,
            String kind,
            String category,
            Placement at,
            List<String> vehicles,
            List<String> amenities,
            String brand) {
        String dn = at.district().nameZh();
        // One name in five is after a road rather than a 街道/镇, as many real ones are.
        boolean onRoad = rnd.nextInt(5) == 0;
        String place = onRoad
                ? pick(rnd, PROFILES.get(at.district().code()).roads())
                : at.area().display();
        String formal = onRoad ? place : at.area().formal();
        int v = rnd.nextInt(4);
        if (kind.equals("parking")) {
            if (vehicles.contains("truck")) {
                return v < 2 ? dn + place + "货车临时停车场" : place + "司机之家停车场";
            }
            if (amenities.contains("battery_swap") && v == 0) {
                return place + "骑手换电停车点";
            }
            if (!vehicles.contains("ebike")) {
                return place + "公共停车场（骑手友好）";
            }
            return v < 2 ? dn + place + "骑手友好停车点" : place + "非机动车集中停放点";
        }
        if (kind.equals("meal")) {
            return switch (v) {
                case 0 -> dn + place + "骑手爱心餐厅";
                case 1 -> place + "骑手友好餐厅";
                case 2 -> place + "社区食堂（骑手专窗）";
                default -> brand + "餐饮" + place + "骑手友好店";
            };
        }
        return switch (category) {
            case "union_station" ->
                switch (v) {
                    case 0 -> dn + formal + "工会户外职工爱心驿站";
                    case 1 -> dn + place + "户外职工爱心接力站";
                    case 2 -> place + "工会户外职工服务站";
                    default -> dn + place + "暖心驿站";
                };
            case "driver_home" -> v < 2 ? dn + place + "司机之家" : place + "货运司机之家";
            case "party_service_center" -> v < 2 ? formal + "新就业群体党群服务站" : place + "骑手党群服务站";
            case "civilization_station" -> v < 2 ? place + "新时代文明实践站（骑手驿站）" : dn + place + "文明实践爱心驿站";
            case "youth_home" -> v < 2 ? place + "青年之家·骑手驿站" : dn + place + "青年驿站";
            case "women_home" -> v < 2 ? place + "妇女之家暖心驿站" : dn + place + "巾帼爱心驿站";
            case "enterprise_station" -> brand + pick(rnd, LOGISTICS) + place + "骑手驿站";
            default -> v < 2 ? place + "爱心接力站" : dn + place + "户外劳动者休息点";
        };
    }

    /** Repeats get a numbered suffix, which keeps names unique citywide (and so within any 1 km). */
    private static String unique(String name, Map<String, Integer> seen) {
        int n = seen.merge(name, 1, Integer::sum);
        return n == 1 ? name : name + "（" + n + "号点）";
    }

    /** "上海市" + district + road + synthetic house number; one in five inside a lane (弄). */
    private static String address(Random rnd, District d, Profile profile) {
        String road = pick(rnd, profile.roads());
        int number = 1 + (int) (2999 * Math.pow(rnd.nextDouble(), 1.5));
        String tail = rnd.nextInt(5) == 0 ? number + "弄" + (1 + rnd.nextInt(30)) + "号" : number + "号";
        return "上海市" + d.nameZh() + road + tail;
    }

    private static String operator(
            Random rnd, String kind, String category, Placement at, List<String> vehicles, String brand) {
        String dn = at.district().nameZh();
        Area area = at.area();
        boolean coin = rnd.nextBoolean();
        if (kind.equals("parking")) {
            return coin || vehicles.contains("truck") ? "上海" + brand + "停车管理有限公司" : dn + "城市运行管理中心";
        }
        if (kind.equals("meal")) {
            return "上海" + brand + "餐饮管理有限公司";
        }
        return switch (category) {
            case "union_station" -> coin || area.admin() == null ? dn + "总工会" : area.admin() + "总工会";
            case "driver_home" -> coin ? dn + "总工会" : "上海" + brand + "物流有限公司";
            case "party_service_center" -> area.admin() != null ? area.admin() + "社区党群服务中心" : dn + "党群服务中心";
            case "civilization_station" -> dn + "新时代文明实践中心";
            case "youth_home" -> "共青团" + dn + "委员会";
            case "women_home" -> dn + "妇女联合会";
            case "enterprise_station" -> "上海" + brand + "城市服务有限公司";
            default -> area.admin() != null ? area.admin() + "社区服务中心" : dn + "社区服务中心";
        };
    }

    /** Decimal digits of a non-negative value, left-padded with zeros to at least {@code width}. */
    private static String zeroPadded(int value, int width) {
        // String.format parses its pattern on every call and showed up at the top of a 100,000-feature profile.
        String digits = Integer.toString(value);
        return digits.length() >= width ? digits : "0".repeat(width - digits.length()) + digits;
    }

    private static <T> T pick(Random rnd, T[] values) {
        return values[rnd.nextInt(values.length)];
    }

    /** The district profiles of districts.json; every district of {@link ShanghaiDistricts} needs one. */
    private static Map<String, Profile> profiles(JsonObject districts) {
        Map<String, Profile> out = new HashMap<>();
        for (String code : districts.fieldNames()) {
            JsonObject d = districts.getJsonObject(code);
            JsonArray specs = d.getJsonArray("areas");
            Area[] areas = new Area[specs.size()];
            for (int i = 0; i < areas.length; i++) {
                JsonObject a = specs.getJsonObject(i);
                areas[i] = new Area(a.getString("name"), a.getString("admin"));
            }
            Tier tier = Tier.valueOf(d.getString("tier").toUpperCase(Locale.ROOT));
            out.put(code, new Profile(tier, d.getDouble("sigma_km"), areas, DemoData.strings(d.getJsonArray("roads"))));
        }
        if (!out.keySet()
                .equals(ShanghaiDistricts.all().stream().map(District::code).collect(Collectors.toSet()))) {
            throw new IllegalStateException("demo/districts.json: every district needs a demo profile, and only those");
        }
        return out;
    }

    /** The hot spots of hotspots.json, each named after an area of its home district's profile. */
    private static List<Hotspot> hotspots(JsonArray specs) {
        List<Hotspot> out = new ArrayList<>();
        for (int i = 0; i < specs.size(); i++) {
            JsonObject h = specs.getJsonObject(i);
            String homeCode = h.getString("district");
            String display = h.getString("area");
            Area area = null;
            for (Area a : PROFILES.get(homeCode).areas()) {
                if (a.display().equals(display)) {
                    area = a;
                }
            }
            if (area == null) {
                throw new IllegalStateException("hot spot " + display + " is not an area of " + homeCode);
            }
            out.add(new Hotspot(
                    h.getDouble("lon"),
                    h.getDouble("lat"),
                    h.getDouble("sigma_km"),
                    homeCode,
                    area,
                    DemoData.strings(h.getJsonArray("scenes"))));
        }
        return List.copyOf(out);
    }

    private static Choice scenes(String place, String tier) {
        return Choice.of(SCENES.getJsonObject(place).getJsonObject(tier));
    }

    private static Map<String, Choice> byKey(JsonObject choices) {
        Map<String, Choice> out = new HashMap<>();
        choices.fieldNames().forEach(k -> out.put(k, Choice.of(choices.getJsonObject(k))));
        return out;
    }

    /** Per key, the probabilities of {@code terms} in their order; a term without one is an error. */
    private static Map<String, double[]> odds(JsonObject byKey, List<String> terms) {
        Map<String, double[]> out = new HashMap<>();
        for (String key : byKey.fieldNames()) {
            JsonObject p = byKey.getJsonObject(key);
            if (!p.fieldNames().equals(Set.copyOf(terms))) {
                throw new IllegalStateException("demo/draws.json: " + key + " needs odds for exactly " + terms);
            }
            out.put(key, terms.stream().mapToDouble(p::getDouble).toArray());
        }
        return out;
    }

    /** A weighted choice among strings; weights need not sum to anything in particular. */
    private static final class Choice {
        private final List<String> values = new ArrayList<>();
        private final List<Double> cumulative = new ArrayList<>();
        private double total;

        /** Values and their weights in the object's order, which fixes what a draw picks. */
        static Choice of(JsonObject weights) {
            Choice c = new Choice();
            weights.fieldNames().forEach(v -> c.add(v, weights.getDouble(v)));
            return c;
        }

        Choice add(String value, double weight) {
            total += weight;
            values.add(value);
            cumulative.add(total);
            return this;
        }

        String pick(Random rnd) {
            double x = rnd.nextDouble() * total;
            for (int i = 0; i < values.size(); i++) {
                if (x < cumulative.get(i)) {
                    return values.get(i);
                }
            }
            return values.get(values.size() - 1);
        }
    }
}
