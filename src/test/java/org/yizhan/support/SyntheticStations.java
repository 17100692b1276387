package org.yizhan.support;

import java.util.Locale;
import java.util.Random;

/**
 * Deterministic synthetic stations as import CSV, spread like a national network: most around a
 * few dozen city centres (dense cores, thinning outwards), a few scattered over the whole box. Every
 * value of every filtered property occurs, some rarely (women's homes, AEDs, trucks, temporarily
 * closed), so that the planner's statistics see the skew real data has.
 */
public final class SyntheticStations {

    /** City centres (lon, lat) from Harbin to Sanya, Ürümqi to Shanghai; heavier in the east. */
    private static final double[][] CENTRES = {
        {116.40, 39.90}, {121.47, 31.23}, {113.26, 23.13}, {114.06, 22.54}, {104.07, 30.57}, {106.55, 29.56},
        {114.31, 30.59}, {108.94, 34.34}, {120.16, 30.27}, {118.80, 32.06}, {117.20, 39.12}, {113.63, 34.75},
        {112.94, 28.23}, {117.00, 36.67}, {123.43, 41.80}, {126.53, 45.80}, {125.32, 43.82}, {102.71, 25.04},
        {106.63, 26.65}, {108.37, 22.82}, {110.35, 20.02}, {119.30, 26.08}, {115.86, 28.68}, {117.23, 31.82},
        {112.55, 37.87}, {114.51, 38.04}, {111.75, 40.84}, {103.83, 36.06}, {101.78, 36.62}, {106.23, 38.49},
        {87.62, 43.83}, {91.13, 29.65}, {120.38, 36.07}, {121.61, 38.91}, {118.09, 24.48}, {120.30, 31.57},
    };

    private static final String[] KINDS = {"rest_station", "rest_station", "parking", "meal"};
    private static final String[] CATEGORIES = {
        "union_station",
        "union_station",
        "union_station",
        "driver_home",
        "party_service_center",
        "civilization_station",
        "youth_home",
        "enterprise_station",
        "other"
    };
    private static final String[] AMENITIES = {
        "microwave;wifi;drinking_water",
        "drinking_water;toilet",
        "microwave;phone_charging",
        "ebike_charging",
        "",
        "toilet;rest_area;air_conditioning",
        "wifi"
    };
    private static final String[] HOURS = {"24/7", "Mo-Su 08:00-20:00", "Mo-Fr 09:00-18:00", "Mo-Su 18:00-02:00"};

    private SyntheticStations() {}

    public static final String HEADER =
            "external_id,name,kind,category,lon,lat,amenities,opening_hours,status," + "vehicle_types,rider_discount";

    /** {@code n} stations numbered from {@code offset} (external ids {@code syn-<i>}), header first. */
    public static String csv(long seed, int offset, int n) {
        Random r = new Random(seed + offset);
        StringBuilder sb = new StringBuilder(n * 120).append(HEADER).append('\n');
        for (int i = offset; i < offset + n; i++) {
            double lon;
            double lat;
            if (r.nextDouble() < 0.05) {
                lon = 75 + r.nextDouble() * 60;
                lat = 20 + r.nextDouble() * 25;
            } else {
                // Weight eastern centres (listed first) more: the index of the centre is skewed low.
                double[] c = CENTRES[(int) (CENTRES.length * Math.pow(r.nextDouble(), 1.6))];
                double spread = 0.05 + 0.25 * r.nextDouble() * r.nextDouble();
                lon = c[0] + r.nextGaussian() * spread;
                lat = c[1] + r.nextGaussian() * spread * 0.8;
            }
            String kind = KINDS[r.nextInt(KINDS.length)];
            String category = "";
            String vehicles = "";
            String discount = "";
            if (kind.equals("rest_station")) {
                category = r.nextDouble() < 0.01 ? "women_home" : CATEGORIES[r.nextInt(CATEGORIES.length)];
            } else if (kind.equals("parking")) {
                vehicles = r.nextDouble() < 0.02 ? "car;truck" : r.nextBoolean() ? "ebike" : "ebike;motorcycle";
            } else if (r.nextDouble() < 0.3) {
                discount = "骑手九折";
            }
            String amenities = AMENITIES[r.nextInt(AMENITIES.length)];
            if (r.nextDouble() < 0.005) {
                amenities = amenities.isEmpty() ? "aed" : amenities + ";aed";
            }
            double s = r.nextDouble();
            String status = s < 0.03 ? "temporarily_closed" : s < 0.06 ? "closed" : "open";
            sb.append(String.format(
                    Locale.ROOT,
                    "syn-%d,synthetic station %d,%s,%s,%.6f,%.6f,%s,%s,%s,%s,%s%n",
                    i,
                    i,
                    kind,
                    category,
                    lon,
                    lat,
                    amenities,
                    HOURS[r.nextInt(HOURS.length)],
                    status,
                    vehicles,
                    discount));
        }
        return sb.toString();
    }
}
