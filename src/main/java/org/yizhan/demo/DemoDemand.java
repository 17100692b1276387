package org.yizhan.demo;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;
import org.yizhan.demo.ShanghaiDistricts.District;

/**
 * Synthetic rider demand for the demo city, in the shape real demand data would come in: orders counted
 * per ~200 m grid cell, one weighted point per cell, never an individual order or a rider's track.
 *
 * <p>Order locations are drawn the way {@link DemoCity} spreads its stations: a Gaussian around the
 * seat of a district picked by {@link District#weight()}, or (15 % of draws) around one of eight hot
 * spots (陆家嘴, 人民广场, 徐家汇, 虹桥枢纽, 五角场, 张江, 莘庄, 漕河泾). The spreads and hot spots are the demo city's own,
 * read from the same files ({@code demo/districts.json}, {@code demo/hotspots.json}). The centre is
 * therefore far denser than 崇明, 金山 and 奉贤, and stations and demand broadly agree, as they would in a
 * city that has grown its stations where the orders are.
 *
 * <p>The grid: rows of {@value #CELL_LAT_DEG}° latitude (222.6 m) and columns of {@link #CELL_LON_DEG}°
 * longitude (0.002° / cos 31.2°, also about 222.6 m at Shanghai's latitude), aligned to 0°/0°. Each order is
 * snapped to the centre of its cell and kept only if that centre is on the land outline
 * ({@link ShanghaiDistricts#onLand}); otherwise it is drawn again, so no demand sits in the sea and the
 * weights still add up to the number of orders. Centres are rounded to 1e-6° (about 0.1 m).
 *
 * <p>Output is a pure function of {@code (seed, samples)} ({@link Random} is fully specified). Read a
 * weight as orders per hour in the cell if {@code samples} is taken as an hour's orders citywide. Cost is
 * linear in {@code samples}: the default 60,000 take about 0.2 s on a cold JVM. Stateless and thread-safe;
 * CPU-bound, so call it off the event loop.
 */
public final class DemoDemand {

    /** Orders drawn for the demo's demand layer. */
    public static final int DEFAULT_SAMPLES = 60_000;

    /** Height of a grid cell, degrees of latitude (222.6 m). */
    public static final double CELL_LAT_DEG = 0.002;

    /** Width of a grid cell, degrees of longitude: 0.002° / cos 31.2°, about 222.6 m in Shanghai. */
    public static final double CELL_LON_DEG = 0.002 / Math.cos(Math.toRadians(31.2));

    /**
     * Demand in one grid cell.
     *
     * @param lon    longitude of the cell centre, WGS 84 degrees
     * @param lat    latitude of the cell centre, WGS 84 degrees
     * @param weight number of orders in the cell, a whole number stored as a double, at least 1
     */
    public record DemandPoint(double lon, double lat, double weight) {}

    private static final double KM_PER_DEGREE = 111.32;

    /** Share of orders drawn around a hot spot rather than around a district seat (as in DemoCity). */
    private static final double HOTSPOT_SHARE = 0.15;

    /** Draws around one seat before giving up on that district for this order and drawing another. */
    private static final int MAX_TRIES = 64;

    /** {lon, lat, sigmaKm}: the demo city's hot spots (demo/hotspots.json), in the file's order. */
    private static final double[][] HOTSPOTS =
            hotspots(DemoData.read("hotspots.json").getJsonArray("hotspots"));

    /** Gaussian spread around each district seat, km per axis: the demo city's profiles (demo/districts.json). */
    private static final Map<String, Double> SIGMA_KM =
            sigmas(DemoData.read("districts.json").getJsonObject("districts"));

    private static final List<District> DISTRICTS = ShanghaiDistricts.all();

    /** Running sums of the district weights, aligned with DISTRICTS. */
    private static final double[] CUMULATIVE_WEIGHT = new double[DISTRICTS.size()];

    static {
        double total = 0;
        for (int i = 0; i < DISTRICTS.size(); i++) {
            total += DISTRICTS.get(i).weight();
            CUMULATIVE_WEIGHT[i] = total;
        }
        if (!SIGMA_KM.keySet().equals(DISTRICTS.stream().map(District::code).collect(Collectors.toSet()))) {
            throw new IllegalStateException("every district needs a demand spread");
        }
    }

    private DemoDemand() {}

    private static double[][] hotspots(JsonArray specs) {
        double[][] out = new double[specs.size()][];
        for (int i = 0; i < out.length; i++) {
            JsonObject h = specs.getJsonObject(i);
            out[i] = new double[] {h.getDouble("lon"), h.getDouble("lat"), h.getDouble("sigma_km")};
        }
        return out;
    }

    private static Map<String, Double> sigmas(JsonObject districts) {
        Map<String, Double> out = new HashMap<>();
        districts
                .fieldNames()
                .forEach(code -> out.put(code, districts.getJsonObject(code).getDouble("sigma_km")));
        return out;
    }

    /**
     * Demand for {@code samples} synthetic orders, one point per occupied grid cell, ordered south to north
     * and, within a row, west to east. Every centre is on the land outline; weights are positive and sum to
     * {@code samples}. Immutable list.
     *
     * @param seed    any value; equal seeds give equal output
     * @param samples number of orders, 0 or more
     */
    public static List<DemandPoint> points(long seed, int samples) {
        if (samples < 0) {
            throw new IllegalArgumentException("samples must be >= 0, was " + samples);
        }
        Random rnd = new Random(seed);
        // Key: row in the high 32 bits, column in the low 32; rows and columns are positive in Shanghai.
        Map<Long, int[]> orders = new HashMap<>();
        for (int i = 0; i < samples; i++) {
            long cell = drawCell(rnd);
            orders.computeIfAbsent(cell, k -> new int[1])[0]++;
        }
        long[] cells =
                orders.keySet().stream().mapToLong(Long::longValue).sorted().toArray();
        List<DemandPoint> out = new ArrayList<>(cells.length);
        for (long cell : cells) {
            out.add(new DemandPoint(centreLon(cell), centreLat(cell), orders.get(cell)[0]));
        }
        return List.copyOf(out);
    }

    /** The cell of one order whose centre is on land; seat draws also stay in their district's label. */
    private static long drawCell(Random rnd) {
        if (rnd.nextDouble() < HOTSPOT_SHARE) {
            double[] h = HOTSPOTS[rnd.nextInt(HOTSPOTS.length)];
            while (true) {
                long cell = cellOf(rnd, h[0], h[1], h[2]);
                if (ShanghaiDistricts.onLand(centreLon(cell), centreLat(cell))) {
                    return cell;
                }
            }
        }
        while (true) {
            District d = pickDistrict(rnd);
            double sigmaKm = SIGMA_KM.get(d.code());
            for (int t = 0; t < MAX_TRIES; t++) {
                long cell = cellOf(rnd, d.seatLon(), d.seatLat(), sigmaKm);
                double lon = centreLon(cell);
                double lat = centreLat(cell);
                // As in DemoCity: a draw that drifts into a neighbour's crude cell is redrawn, so each
                // district's share of orders follows its weight.
                if (ShanghaiDistricts.onLand(lon, lat)
                        && ShanghaiDistricts.nearestSeat(lon, lat).equals(d)) {
                    return cell;
                }
            }
        }
    }

    private static District pickDistrict(Random rnd) {
        double x = rnd.nextDouble() * CUMULATIVE_WEIGHT[CUMULATIVE_WEIGHT.length - 1];
        for (int i = 0; i < CUMULATIVE_WEIGHT.length; i++) {
            if (x < CUMULATIVE_WEIGHT[i]) {
                return DISTRICTS.get(i);
            }
        }
        return DISTRICTS.get(DISTRICTS.size() - 1);
    }

    /** The grid cell of a point offset from a centre by an isotropic Gaussian of {@code sigmaKm}. */
    private static long cellOf(Random rnd, double lon, double lat, double sigmaKm) {
        double dyKm = rnd.nextGaussian() * sigmaKm;
        double dxKm = rnd.nextGaussian() * sigmaKm;
        double pLat = lat + dyKm / KM_PER_DEGREE;
        double pLon = lon + dxKm / (KM_PER_DEGREE * Math.cos(Math.toRadians(lat)));
        long row = (long) Math.floor(pLat / CELL_LAT_DEG);
        long col = (long) Math.floor(pLon / CELL_LON_DEG);
        return (row << 32) | col;
    }

    private static double centreLon(long cell) {
        return round6(((cell & 0xFFFF_FFFFL) + 0.5) * CELL_LON_DEG);
    }

    private static double centreLat(long cell) {
        return round6(((cell >>> 32) + 0.5) * CELL_LAT_DEG);
    }

    private static double round6(double degrees) {
        return Math.round(degrees * 1e6) / 1e6;
    }
}
