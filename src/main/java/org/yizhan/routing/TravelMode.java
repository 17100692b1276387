package org.yizhan.routing;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * How riders and drivers move on the road network: a speed in km/h per OSM {@code highway} class, and
 * the classes a mode may not use (no speed). The one table of docs/routing.md; costs are stored per mode
 * in seconds at import ({@code road_edge.cost_<mode>}). Walkers ignore {@code oneway}; the others obey it.
 */
public enum TravelMode {
    // Electric bikes: China's GB 17761 caps them at 25 km/h; riders average less in traffic. No
    // motorways or expressways; on footways and paths they are pushed or ridden slowly.
    EBIKE(
            true,
            speeds(
                    "primary",
                    20,
                    "primary_link",
                    20,
                    "secondary",
                    20,
                    "secondary_link",
                    20,
                    "tertiary",
                    20,
                    "tertiary_link",
                    20,
                    "unclassified",
                    18,
                    "residential",
                    18,
                    "living_street",
                    12,
                    "service",
                    15,
                    "cycleway",
                    20,
                    "track",
                    12,
                    "pedestrian",
                    8,
                    "footway",
                    6,
                    "path",
                    8)),
    WALK(
            false,
            speeds(
                    "primary",
                    5,
                    "primary_link",
                    5,
                    "secondary",
                    5,
                    "secondary_link",
                    5,
                    "tertiary",
                    5,
                    "tertiary_link",
                    5,
                    "unclassified",
                    5,
                    "residential",
                    5,
                    "living_street",
                    5,
                    "service",
                    5,
                    "cycleway",
                    5,
                    "track",
                    5,
                    "pedestrian",
                    5,
                    "footway",
                    5,
                    "path",
                    5,
                    "steps",
                    2)),
    CAR(
            true,
            speeds(
                    "motorway",
                    80,
                    "motorway_link",
                    40,
                    "trunk",
                    60,
                    "trunk_link",
                    40,
                    "primary",
                    40,
                    "primary_link",
                    30,
                    "secondary",
                    35,
                    "secondary_link",
                    30,
                    "tertiary",
                    30,
                    "tertiary_link",
                    25,
                    "unclassified",
                    25,
                    "residential",
                    20,
                    "living_street",
                    10,
                    "service",
                    10,
                    "track",
                    10)),
    TRUCK(
            true,
            speeds(
                    "motorway",
                    70,
                    "motorway_link",
                    35,
                    "trunk",
                    50,
                    "trunk_link",
                    35,
                    "primary",
                    35,
                    "primary_link",
                    25,
                    "secondary",
                    30,
                    "secondary_link",
                    25,
                    "tertiary",
                    25,
                    "tertiary_link",
                    20,
                    "unclassified",
                    20,
                    "residential",
                    15,
                    "service",
                    10));

    /** Every highway class an import accepts; a mode without a speed for one may not use it. */
    public static final List<String> HIGHWAYS = List.of(
            "motorway",
            "motorway_link",
            "trunk",
            "trunk_link",
            "primary",
            "primary_link",
            "secondary",
            "secondary_link",
            "tertiary",
            "tertiary_link",
            "unclassified",
            "residential",
            "living_street",
            "service",
            "track",
            "cycleway",
            "pedestrian",
            "footway",
            "path",
            "steps");

    private final boolean obeysOneway;
    private final Map<String, Double> kmh;

    TravelMode(boolean obeysOneway, Map<String, Double> kmh) {
        this.obeysOneway = obeysOneway;
        this.kmh = kmh;
    }

    /** The name clients use ({@code ebike}, {@code walk}, {@code car}, {@code truck}). */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The mode named {@code id}, or null. */
    public static TravelMode of(String id) {
        return Arrays.stream(values())
                .filter(m -> m.id().equals(id))
                .findFirst()
                .orElse(null);
    }

    public static List<String> ids() {
        return Arrays.stream(values()).map(TravelMode::id).toList();
    }

    /** Speed in km/h on a highway class, or null where the mode may not go. */
    public Double kmh(String highway) {
        return kmh.get(highway);
    }

    /** The fastest speed of the mode, km/h: bounds how far a station can reach. */
    public double maxKmh() {
        return kmh.values().stream().mapToDouble(Double::doubleValue).max().orElse(0);
    }

    public boolean obeysOneway() {
        return obeysOneway;
    }

    /**
     * Seconds to travel an edge of {@code lengthM} metres forward and in reverse, given its OSM oneway
     * (1 = only forward, -1 = only reverse, 0 = both); -1 where the mode may not go.
     */
    public double[] costs(String highway, int oneway, double lengthM) {
        Double v = kmh(highway);
        if (v == null) {
            return new double[] {-1, -1};
        }
        double s = lengthM / (v / 3.6);
        int dir = obeysOneway ? oneway : 0;
        return new double[] {dir == -1 ? -1 : s, dir == 1 ? -1 : s};
    }

    /** The road_edge columns of the forward and reverse cost: names from this enum only, never from input. */
    String costColumn() {
        return "cost_" + id();
    }

    String reverseCostColumn() {
        return "rcost_" + id();
    }

    private static Map<String, Double> speeds(Object... pairs) {
        Map<String, Double> m = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            m.put((String) pairs[i], ((Number) pairs[i + 1]).doubleValue());
        }
        return Map.copyOf(m);
    }
}
