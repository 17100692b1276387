package org.yizhan.demo;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.locationtech.jts.algorithm.locate.IndexedPointInAreaLocator;
import org.locationtech.jts.algorithm.locate.PointOnGeometryLocator;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.LinearRing;
import org.locationtech.jts.geom.Location;
import org.locationtech.jts.geom.MultiPolygon;
import org.locationtech.jts.geom.Polygon;
import org.locationtech.jts.geom.PrecisionModel;

/**
 * The 16 districts of Shanghai and a coarse, hand-drawn land outline, for the synthetic demo city.
 *
 * <p>Only public facts are used: district names, GB/T 2260 codes and the approximate position of each
 * district government seat. The land outline was drawn from general knowledge, not traced from any
 * licensed boundary data set; it is good to a few kilometres and exists to keep demo points out of the
 * East China Sea, Hangzhou Bay, the Yangtze estuary and 淀山湖. It is no administrative boundary.
 *
 * <p>All coordinates are WGS 84 (EPSG:4326), longitude first, in degrees. Everything here is immutable
 * and thread-safe.
 */
public final class ShanghaiDistricts {

    /** GB/T 2260 code of 上海市 itself. */
    public static final String CITY_CODE = "310000";

    /**
     * One district (区) of Shanghai.
     *
     * @param code    GB/T 2260 code, six digits, e.g. {@code 310104}
     * @param nameZh  official Chinese name including 区, e.g. {@code 徐汇区}, {@code 浦东新区}
     * @param nameEn  English name without "District", e.g. {@code Xuhui}
     * @param seatLon longitude of the district government seat, WGS 84 degrees, good to about 1 km
     * @param seatLat latitude of the district government seat, WGS 84 degrees, good to about 1 km
     * @param weight  relative share of demo stations the district receives (unitless, not normalised);
     *                dense centre districts are high, 崇明/金山/奉贤 low
     */
    public record District(String code, String nameZh, String nameEn, double seatLon, double seatLat, double weight) {}

    // The districts' names, seats and demo weights are data: src/main/resources/demo/districts.json.
    private static final List<District> ALL =
            districts(DemoData.read("districts.json").getJsonObject("districts"));

    // The districts the nearest-seat rule treats apart (the Huangpu river and the islands).
    private static final District MINHANG = byCode("310112").orElseThrow();
    private static final District PUDONG = byCode("310115").orElseThrow();
    private static final District CHONGMING = byCode("310151").orElseThrow();

    /** Length of one degree of latitude, km; also of longitude at the equator. */
    private static final double KM_PER_DEGREE = 111.32;

    /** cos(31.2°): shrinks longitude differences to km-comparable ones at Shanghai's latitude. */
    private static final double COS_LAT = Math.cos(Math.toRadians(31.2));

    /*
     * Mainland Shanghai, clockwise from the Jiangsu border on the Yangtze bank, [lon, lat] WGS 84.
     * Drawn by hand from general knowledge; each vertex is good to a few km. Rivers inside (黄浦江,
     * 苏州河) are not cut out.
     */
    private static final double[][] MAINLAND = {
        {121.320, 31.510}, // 宝山 罗泾, border with 太仓 on the Yangtze
        {121.400, 31.475}, // 石洞口
        {121.460, 31.440}, // 宝钢 wharves
        {121.500, 31.410}, // 炮台湾
        {121.520, 31.385}, // 吴淞口, mouth of the 黄浦江
        {121.570, 31.365}, // 外高桥
        {121.630, 31.345},
        {121.690, 31.310}, // 五号沟
        {121.750, 31.260},
        {121.790, 31.215}, // 三甲港
        {121.830, 31.170},
        {121.860, 31.120}, // 浦东机场, seaward side
        {121.880, 31.060},
        {121.915, 31.010},
        {121.950, 30.950},
        {121.975, 30.895}, // 南汇嘴, the eastern tip
        {121.950, 30.862},
        {121.900, 30.852},
        {121.850, 30.850}, // 芦潮港
        {121.780, 30.845},
        {121.700, 30.838},
        {121.620, 30.830}, // 奉贤 海湾
        {121.540, 30.822},
        {121.470, 30.800},
        {121.420, 30.770}, // 漕泾
        {121.380, 30.730},
        {121.360, 30.708}, // 金山嘴
        {121.320, 30.700},
        {121.270, 30.702}, // 金山卫
        {121.220, 30.712}, // border with 平湖 (Zhejiang) on Hangzhou Bay
        {121.180, 30.745},
        {121.120, 30.780},
        {121.060, 30.820},
        {121.000, 30.860},
        {120.985, 30.910}, // west of 枫泾, border with 嘉善
        {120.940, 30.960},
        {120.900, 31.010},
        {120.875, 31.050}, // west of 金泽
        {120.890, 31.100},
        {120.905, 31.150}, // 淀山湖 west shore, border with 昆山
        {120.960, 31.185},
        {121.030, 31.210},
        {121.065, 31.250}, // 白鹤
        {121.110, 31.285}, // west of 安亭
        {121.120, 31.340},
        {121.135, 31.395}, // west of 外冈
        {121.180, 31.445},
        {121.240, 31.485}, // north of 华亭
        {121.280, 31.505},
    };

    /** 淀山湖, the Shanghai part only, kept as a hole so that no station lands in the lake. */
    private static final double[][] DIANSHAN_LAKE = {
        {120.930, 31.080},
        {120.985, 31.090},
        {121.005, 31.130},
        {120.985, 31.170},
        {120.945, 31.160},
        {120.925, 31.120},
    };

    /** 崇明岛 (the Shanghai part; the north edge borders Jiangsu's 海永/启隆), clockwise from the west tip. */
    private static final double[][] CHONGMING_ISLAND = {
        {121.175, 31.820}, // west tip
        {121.200, 31.845},
        {121.250, 31.850},
        {121.320, 31.820},
        {121.400, 31.780},
        {121.480, 31.740},
        {121.580, 31.695},
        {121.680, 31.655},
        {121.780, 31.620},
        {121.870, 31.585},
        {121.940, 31.545},
        {121.975, 31.505}, // 东滩, the east tip
        {121.960, 31.480},
        {121.880, 31.470},
        {121.800, 31.480},
        {121.700, 31.500},
        {121.620, 31.525}, // 堡镇
        {121.550, 31.550},
        {121.470, 31.580},
        {121.400, 31.612}, // 城桥 / 南门港, the south shore
        {121.330, 31.670},
        {121.260, 31.730},
        {121.200, 31.790},
    };

    /** 长兴岛, a narrow WNW-ESE island between 崇明岛 and the 外高桥 shore. */
    private static final double[][] CHANGXING_ISLAND = {
        {121.580, 31.425},
        {121.640, 31.430},
        {121.720, 31.410},
        {121.790, 31.380},
        {121.810, 31.360},
        {121.790, 31.355},
        {121.720, 31.380},
        {121.640, 31.400},
        {121.585, 31.405},
    };

    /** 横沙岛, east of 长兴岛. */
    private static final double[][] HENGSHA_ISLAND = {
        {121.825, 31.350},
        {121.860, 31.370},
        {121.900, 31.345},
        {121.885, 31.300},
        {121.840, 31.300},
        {121.820, 31.325},
    };

    /*
     * Centre line of the lower 黄浦江 as {lat, lon}, north to south, from 吴淞口 to where it turns west
     * below 闵浦大桥. Between these latitudes the river splits 浦东 (and 闵行's 浦江镇) from Puxi, which
     * the seat distance alone gets wrong: 陆家嘴 is nearer the 黄浦 seat than the 浦东 one.
     */
    private static final double[][] HUANGPU_RIVER = {
        {31.395, 121.512}, // 吴淞口
        {31.340, 121.545},
        {31.290, 121.560}, // 复兴岛
        {31.265, 121.545},
        {31.255, 121.525}, // 杨浦大桥
        {31.247, 121.500}, // 外白渡桥
        {31.236, 121.494}, // 外滩 | 陆家嘴
        {31.222, 121.496}, // 十六铺
        {31.207, 121.502}, // 南浦大桥
        {31.195, 121.482}, // 卢浦大桥
        {31.180, 121.463}, // 龙华 | 前滩
        {31.150, 121.466},
        {31.115, 121.480}, // 徐浦大桥
        {31.080, 121.470},
        {31.055, 121.440}, // 闵浦大桥; upstream the river runs east-west
    };

    private ShanghaiDistricts() {}

    private static List<District> districts(JsonObject byCode) {
        List<District> out = new ArrayList<>();
        for (String code : byCode.fieldNames()) {
            JsonObject d = byCode.getJsonObject(code);
            JsonArray seat = d.getJsonArray("seat");
            out.add(new District(
                    code,
                    d.getString("name_zh"),
                    d.getString("name_en"),
                    seat.getDouble(0),
                    seat.getDouble(1),
                    d.getDouble("weight")));
        }
        return List.copyOf(out);
    }

    /** The 16 districts, centre first, then the suburbs, 崇明 last. Immutable. */
    public static List<District> all() {
        return ALL;
    }

    /** The district with this GB/T 2260 code, if it is one of the 16. */
    public static Optional<District> byCode(String code) {
        return ALL.stream().filter(d -> d.code().equals(code)).findFirst();
    }

    /**
     * The coarse land outline of Shanghai: mainland (with 淀山湖 as a hole), 崇明岛, 长兴岛 and 横沙岛,
     * SRID 4326, lon/lat degrees. Valid; good to a few kilometres only (see the class comment). The same
     * cached instance is returned every time: treat it as read-only.
     */
    public static MultiPolygon landOutline() {
        return Land.OUTLINE;
    }

    /**
     * Whether a WGS 84 point lies on the coarse land outline (boundary included). Thread-safe; about a
     * microsecond per call, so fine for rejection sampling of 100,000 points.
     */
    public static boolean onLand(double lon, double lat) {
        Coordinate c = new Coordinate(lon, lat);
        return Land.MAINLAND_LOCATOR.locate(c) != Location.EXTERIOR
                || Land.ISLANDS_LOCATOR.locate(c) != Location.EXTERIOR;
    }

    /**
     * The district whose government seat is nearest to a WGS 84 point, a crude Voronoi assignment used to
     * label generated demo points. It is NOT an administrative lookup: near district borders, and for
     * large districts whose seat is off-centre, the answer is often a neighbour (虹桥枢纽 comes out as
     * 普陀 rather than 闵行, 五角场 as 虹口 rather than 杨浦, 临港 as 奉贤 rather than 浦东).
     *
     * <p>Two water barriers are honoured so that the crudeness does not cross them: a point on 崇明岛,
     * 长兴岛 or 横沙岛 is always 崇明, and 崇明 is never the answer elsewhere; and between 吴淞口 and
     * 闵浦大桥 a point east of the 黄浦江 only chooses between 浦东 and 闵行, a point west of it never
     * gets 浦东. Points off land are labelled as if on the mainland. Distances are equirectangular at
     * 31.2° N, which is exact enough at city scale.
     */
    public static District nearestSeat(double lon, double lat) {
        if (Land.ISLANDS_LOCATOR.locate(new Coordinate(lon, lat)) != Location.EXTERIOR) {
            return CHONGMING;
        }
        int side = sideOfHuangpu(lon, lat);
        District best = null;
        double bestD2 = Double.POSITIVE_INFINITY;
        for (District d : ALL) {
            if (d == CHONGMING || (side > 0 && d != PUDONG && d != MINHANG) || (side < 0 && d == PUDONG)) {
                continue;
            }
            double dx = (d.seatLon() - lon) * COS_LAT;
            double dy = d.seatLat() - lat;
            double d2 = dx * dx + dy * dy;
            if (d2 < bestD2) {
                bestD2 = d2;
                best = d;
            }
        }
        return best;
    }

    /** Approximate distance in km between two WGS 84 points at Shanghai's latitude (equirectangular). */
    static double distanceKm(double lon1, double lat1, double lon2, double lat2) {
        double dx = (lon2 - lon1) * COS_LAT;
        double dy = lat2 - lat1;
        return Math.sqrt(dx * dx + dy * dy) * KM_PER_DEGREE;
    }

    /** +1 east of the lower 黄浦江, -1 west of it, 0 outside the latitudes it separates. */
    private static int sideOfHuangpu(double lon, double lat) {
        double[][] r = HUANGPU_RIVER;
        if (lat > r[0][0] || lat < r[r.length - 1][0]) {
            return 0;
        }
        for (int i = 1; i < r.length; i++) {
            if (lat >= r[i][0]) {
                double t = (lat - r[i][0]) / (r[i - 1][0] - r[i][0]);
                double riverLon = r[i][1] + t * (r[i - 1][1] - r[i][1]);
                return lon > riverLon ? 1 : -1;
            }
        }
        return 0;
    }

    /** Built on first use (holder idiom: lazy and thread-safe without locks). */
    private static final class Land {
        private static final GeometryFactory FACTORY = new GeometryFactory(new PrecisionModel(), 4326);
        private static final Polygon MAINLAND_POLYGON =
                FACTORY.createPolygon(ring(MAINLAND), new LinearRing[] {ring(DIANSHAN_LAKE)});
        private static final MultiPolygon ISLANDS = FACTORY.createMultiPolygon(new Polygon[] {
            FACTORY.createPolygon(ring(CHONGMING_ISLAND)),
            FACTORY.createPolygon(ring(CHANGXING_ISLAND)),
            FACTORY.createPolygon(ring(HENGSHA_ISLAND)),
        });
        static final MultiPolygon OUTLINE = FACTORY.createMultiPolygon(new Polygon[] {
            MAINLAND_POLYGON,
            (Polygon) ISLANDS.getGeometryN(0),
            (Polygon) ISLANDS.getGeometryN(1),
            (Polygon) ISLANDS.getGeometryN(2),
        });
        // IndexedPointInAreaLocator builds its index once under a lock and is then safe to share.
        static final PointOnGeometryLocator MAINLAND_LOCATOR = new IndexedPointInAreaLocator(MAINLAND_POLYGON);
        static final PointOnGeometryLocator ISLANDS_LOCATOR = new IndexedPointInAreaLocator(ISLANDS);

        private static LinearRing ring(double[][] lonLat) {
            Coordinate[] cs = new Coordinate[lonLat.length + 1];
            for (int i = 0; i < lonLat.length; i++) {
                cs[i] = new Coordinate(lonLat[i][0], lonLat[i][1]);
            }
            cs[lonLat.length] = cs[0].copy();
            return FACTORY.createLinearRing(cs);
        }
    }
}
