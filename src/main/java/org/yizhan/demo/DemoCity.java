package org.yizhan.demo;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.yizhan.demo.ShanghaiDistricts.District;

/**
 * A synthetic demo city: rest stations, parking and meal points scattered over Shanghai like a real
 * city's, as GeoJSON Features ready for the normal validated import. Nothing comes from a real POI data
 * set: positions are random draws around district seats and a few well-known hot spots, names and
 * addresses are assembled from district, street and area names plus synthetic numbers, phone numbers are
 * random. Every feature carries {@code "demo": true}.
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

    private static final String[] AMENITIES = {"drinking_water", "microwave", "phone_charging",
        "ebike_charging", "battery_swap", "toilet", "rest_area", "wifi", "first_aid", "aed",
        "air_conditioning", "heating", "umbrella", "repair_tools", "lockers", "shower", "lodging"};

    // Probability of each amenity, aligned with AMENITIES, per kind of place.
    private static final double[] REST_AMENITIES = {
        .95, .85, .90, .35, .05, .55, .92, .60, .50, .12, .80, .45, .40, .30, .15, .04, .01};
    private static final double[] DRIVER_HOME_AMENITIES = {
        .95, .80, .90, .15, .02, .90, .95, .70, .55, .15, .85, .55, .20, .45, .25, .35, .12};
    private static final double[] PARKING_AMENITIES = {
        .10, .02, .15, .60, .35, .20, .05, .05, .05, .02, .00, .00, .05, .20, .05, .00, .00};
    private static final double[] MEAL_AMENITIES = {
        .90, .70, .50, .10, .00, .40, .30, .70, .10, .03, .80, .40, .15, .00, .05, .00, .00};

    private static final Choice KINDS = new Choice()
            .add("rest_station", 55).add("parking", 25).add("meal", 20);

    private static final Choice CATEGORIES = new Choice()
            .add("union_station", 45).add("driver_home", 12).add("party_service_center", 12)
            .add("civilization_station", 8).add("youth_home", 6).add("women_home", 5)
            .add("enterprise_station", 8).add("other", 4);

    /** Outside the centre (NEAR and OUTER tiers) there are more 司机之家 and fewer youth/women homes. */
    private static final Choice SUBURB_CATEGORIES = new Choice()
            .add("union_station", 42).add("driver_home", 24).add("party_service_center", 12)
            .add("civilization_station", 8).add("youth_home", 3).add("women_home", 3)
            .add("enterprise_station", 5).add("other", 3);

    private static final Choice STATUSES = new Choice()
            .add("open", 90).add("temporarily_closed", 7).add("closed", 3);

    private static final Choice REST_ACCESS = new Choice()
            .add("staffed", 40).add("self_service_scan", 30).add("code_lock", 20).add("open", 10);
    private static final Choice PARKING_ACCESS = new Choice()
            .add("open", 70).add("self_service_scan", 20).add("staffed", 10);
    private static final Choice MEAL_ACCESS = new Choice().add("staffed", 90).add("open", 10);

    /*
     * Opening hours in a small set of simple OSM forms. Spans past midnight are written the everyday way
     * (17:00-02:00), which OSM parsers accept only in lenient mode; strict mode wants 26:00. Across the
     * 55/25/20 kind mix about 16 % come out 24/7 and about 10 % run past midnight.
     */
    private static final Choice REST_HOURS = new Choice()
            .add("24/7", 14)
            .add("Mo-Su 18:00-06:00", 5)
            .add("Mo-Su 20:00-08:00", 3)
            .add("Mo-Su 08:00-20:00", 25)
            .add("Mo-Fr 09:00-18:00", 15)
            .add("Mo-Fr 08:30-17:30; Sa 09:00-12:00", 12)
            .add("Mo-Sa 07:00-21:00; Su off", 10)
            .add("Mo-Su 07:00-22:00", 10)
            .add("Mo-Fr 08:00-20:00; Sa-Su 09:00-17:00", 6);
    private static final Choice PARKING_HOURS = new Choice()
            .add("24/7", 30)
            .add("Mo-Su 18:00-06:00", 10)
            .add("Mo-Su 06:00-23:00", 30)
            .add("Mo-Su 07:00-22:00", 20)
            .add("Mo-Sa 07:00-21:00; Su off", 10);
    private static final Choice MEAL_HOURS = new Choice()
            .add("24/7", 3)
            .add("Mo-Su 10:00-14:00,17:00-02:00", 10)
            .add("Mo-Su 17:00-03:00", 5)
            .add("Mo-Su 10:30-14:00,16:30-21:00", 35)
            .add("Mo-Su 07:00-21:00", 22)
            .add("Mo-Sa 07:00-21:00; Su off", 10)
            .add("Mo-Fr 10:00-20:00; Sa-Su 10:00-21:00", 15);

    // Scenes. Highway service areas occur only outside the centre, and only for 司机之家 and parking.
    private static final Choice CENTRE_DRIVER_SCENES = new Choice()
            .add("transport_hub", 40).add("business_district", 30).add("community", 30);
    private static final Choice SUBURB_DRIVER_SCENES = new Choice()
            .add("highway_service_area", 35).add("industrial_park", 25).add("transport_hub", 20)
            .add("community", 15).add("other", 5);
    private static final Choice CENTRE_PARKING_SCENES = new Choice()
            .add("business_district", 35).add("office_building", 25).add("community", 25)
            .add("transport_hub", 15);
    private static final Choice NEAR_PARKING_SCENES = new Choice()
            .add("community", 30).add("business_district", 20).add("industrial_park", 20)
            .add("transport_hub", 15).add("highway_service_area", 10).add("other", 5);
    private static final Choice OUTER_PARKING_SCENES = new Choice()
            .add("community", 30).add("industrial_park", 25).add("highway_service_area", 20)
            .add("transport_hub", 10).add("business_district", 10).add("other", 5);
    private static final Choice CENTRE_SCENES = new Choice()
            .add("community", 35).add("business_district", 25).add("office_building", 20)
            .add("transport_hub", 8).add("industrial_park", 4).add("other", 8);
    private static final Choice SUBURB_SCENES = new Choice()
            .add("community", 40).add("business_district", 15).add("office_building", 10)
            .add("industrial_park", 20).add("transport_hub", 7).add("other", 8);

    private static final String[] RIDER_DISCOUNTS = {"骑手凭工牌9折", "骑手凭工牌8.8折", "骑手套餐立减3元",
        "骑手免费加饭", "骑手凭接单页面享9.5折", "工会会员凭卡9折", "骑手每日前50份套餐优惠2元", "骑手免费续汤",
        "骑手凭工牌赠饮品一份"};

    /** Made-up trade names for companies; any likeness to a real firm is accidental. */
    private static final String[] BRANDS = {"申禾", "沪悦", "浦星", "汇邻", "安途", "驿达", "禾润", "云帆", "鼎和",
        "申骋", "沪泰", "浦和", "江枫", "松亭", "青禾", "明川"};

    private static final String[] LOGISTICS = {"物流", "供应链管理", "城市配送", "即时配送", "物业服务"};

    /** District tiers; they steer scenes, categories and truck parking. */
    private enum Tier { CENTRE, NEAR, OUTER }

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
    private record Profile(Tier tier, double sigmaKm, Area[] areas, String[] roads) {
    }

    /**
     * A dense cluster at {@code lon, lat} (WGS 84) spread by a Gaussian of {@code sigmaKm} (km, per axis);
     * {@code homeCode} is the district it really lies in, {@code area} its name there.
     */
    private record Hotspot(double lon, double lat, double sigmaKm, String homeCode, Area area, String[] scenes) {
    }

    /** Where one feature goes and what it is named after; {@code hotspot} is null for seat-based draws. */
    private record Placement(double lon, double lat, District district, Area area, Hotspot hotspot) {
    }

    private static final Map<String, Profile> PROFILES = new HashMap<>();

    static {
        profile("310101", Tier.CENTRE, 1.8,
                areas("外滩|外滩街道", "南京东路|南京东路街道", "人民广场", "豫园|豫园街道", "老西门|老西门街道",
                        "打浦桥|打浦桥街道", "淮海中路|淮海中路街道", "瑞金二路|瑞金二路街道", "五里桥|五里桥街道",
                        "半淞园路|半淞园路街道", "小东门|小东门街道", "新天地"),
                "延安东路", "南京东路", "西藏中路", "河南中路", "复兴中路", "淮海中路", "中山南路", "鲁班路",
                "陆家浜路", "福州路");
        profile("310104", Tier.CENTRE, 3.0,
                areas("漕河泾|漕河泾街道", "徐家汇|徐家汇街道", "田林|田林街道", "康健|康健新村街道",
                        "虹梅路|虹梅路街道", "枫林路|枫林路街道", "龙华|龙华街道", "斜土路|斜土路街道",
                        "长桥|长桥街道", "华泾|华泾镇", "凌云路|凌云路街道", "湖南路|湖南路街道", "天平路|天平路街道",
                        "徐汇滨江"),
                "漕宝路", "漕溪北路", "宜山路", "虹漕路", "田林路", "钦州路", "龙华中路", "斜土路", "中山西路",
                "龙吴路");
        profile("310105", Tier.CENTRE, 2.5,
                areas("虹桥|虹桥街道", "仙霞|仙霞新村街道", "天山路|天山路街道", "新华路|新华路街道",
                        "江苏路|江苏路街道", "北新泾|北新泾街道", "程家桥|程家桥街道", "周家桥|周家桥街道",
                        "新泾|新泾镇", "华阳路|华阳路街道", "中山公园", "临空园区"),
                "长宁路", "天山路", "仙霞路", "延安西路", "遵义路", "古北路", "哈密路", "金钟路", "愚园路",
                "淞虹路");
        profile("310106", Tier.CENTRE, 2.3,
                areas("南京西路|南京西路街道", "静安寺|静安寺街道", "江宁路|江宁路街道", "石门二路|石门二路街道",
                        "曹家渡|曹家渡街道", "大宁|大宁路街道", "彭浦|彭浦镇", "彭浦新村|彭浦新村街道",
                        "天目西路|天目西路街道", "芷江西路|芷江西路街道", "临汾路|临汾路街道",
                        "共和新路|共和新路街道", "宝山路|宝山路街道", "北站|北站街道"),
                "南京西路", "江宁路", "共和新路", "万荣路", "广中西路", "大统路", "中兴路", "临汾路", "灵石路",
                "西藏北路");
        profile("310107", Tier.CENTRE, 3.0,
                areas("长寿路|长寿路街道", "曹杨|曹杨新村街道", "真如|真如镇街道", "长风|长风新村街道", "桃浦|桃浦镇",
                        "甘泉路|甘泉路街道", "石泉路|石泉路街道", "宜川路|宜川路街道", "万里|万里街道", "长征|长征镇"),
                "长寿路", "中山北路", "曹杨路", "真北路", "大渡河路", "金沙江路", "武宁路", "铜川路", "桃浦路",
                "祁连山路");
        profile("310109", Tier.CENTRE, 2.0,
                areas("四川北路|四川北路街道", "北外滩|北外滩街道", "嘉兴路|嘉兴路街道", "江湾镇|江湾镇街道",
                        "曲阳路|曲阳路街道", "广中路|广中路街道", "欧阳路|欧阳路街道", "凉城|凉城新村街道",
                        "虹口足球场"),
                "四川北路", "东大名路", "曲阳路", "大连西路", "临平路", "欧阳路", "西江湾路", "广粤路", "海宁路");
        profile("310110", Tier.CENTRE, 3.0,
                areas("五角场|五角场街道", "控江路|控江路街道", "平凉路|平凉路街道", "大桥|大桥街道",
                        "定海路|定海路街道", "殷行|殷行街道", "长白|长白新村街道", "新江湾城|新江湾城街道",
                        "延吉|延吉新村街道", "四平路|四平路街道", "江浦路|江浦路街道", "杨浦滨江"),
                "四平路", "控江路", "黄兴路", "国定路", "淞沪路", "平凉路", "长阳路", "殷行路", "军工路", "政立路");
        profile("310112", Tier.NEAR, 6.5,
                areas("莘庄|莘庄镇", "七宝|七宝镇", "虹桥镇|虹桥镇", "古美|古美路街道", "江川路|江川路街道",
                        "吴泾|吴泾镇", "颛桥|颛桥镇", "梅陇|梅陇镇", "浦江|浦江镇", "马桥|马桥镇", "华漕|华漕镇",
                        "新虹|新虹街道", "浦锦|浦锦街道", "虹桥枢纽", "紫竹园区"),
                "沪闵路", "莘松路", "七莘路", "都市路", "虹井路", "吴中路", "剑川路", "江川路", "浦锦路", "申昆路");
        profile("310113", Tier.NEAR, 5.5,
                areas("吴淞|吴淞街道", "友谊路|友谊路街道", "淞南|淞南镇", "张庙|张庙街道", "大场|大场镇",
                        "顾村|顾村镇", "罗店|罗店镇", "杨行|杨行镇", "月浦|月浦镇", "庙行|庙行镇", "高境|高境镇",
                        "罗泾|罗泾镇", "宝山工业园区"),
                "牡丹江路", "友谊路", "共和新路", "沪太路", "长江西路", "泰和路", "水产路", "蕰川路", "宝杨路",
                "陆翔路");
        profile("310114", Tier.OUTER, 8.0,
                areas("嘉定镇|嘉定镇街道", "新成路|新成路街道", "南翔|南翔镇", "安亭|安亭镇", "马陆|马陆镇",
                        "江桥|江桥镇", "外冈|外冈镇", "徐行|徐行镇", "华亭|华亭镇", "菊园|菊园新区",
                        "真新|真新街道", "嘉定工业区", "嘉定新城"),
                "博乐路", "城中路", "沪宜公路", "嘉松北路", "曹安公路", "墨玉南路", "叶城路", "胜辛路", "澄浏公路",
                "德富路");
        profile("310115", Tier.NEAR, 11.0,
                areas("陆家嘴|陆家嘴街道", "张江|张江镇", "金桥|金桥镇", "花木|花木街道", "塘桥|塘桥街道",
                        "洋泾|洋泾街道", "潍坊|潍坊新村街道", "川沙|川沙新镇", "周浦|周浦镇", "惠南|惠南镇",
                        "高桥|高桥镇", "外高桥", "三林|三林镇", "北蔡|北蔡镇", "唐镇|唐镇", "曹路|曹路镇",
                        "祝桥|祝桥镇", "临港新片区", "康桥|康桥镇", "航头|航头镇", "新场|新场镇", "书院|书院镇",
                        "泥城|泥城镇", "高行|高行镇", "合庆|合庆镇", "世纪公园", "前滩"),
                "世纪大道", "张杨路", "浦东南路", "龙阳路", "川沙路", "沪南公路", "金科路", "张江路", "锦绣路",
                "杨高中路", "华夏东路", "申江路", "金海路", "环湖西路");
        profile("310116", Tier.OUTER, 9.0,
                areas("石化|石化街道", "朱泾|朱泾镇", "枫泾|枫泾镇", "亭林|亭林镇", "金山卫|金山卫镇", "山阳|山阳镇",
                        "张堰|张堰镇", "漕泾|漕泾镇", "吕巷|吕巷镇", "廊下|廊下镇", "金山工业区", "金山嘴"),
                "卫零路", "蒙山路", "金山大道", "亭卫公路", "沪杭公路", "板桥西路", "龙胜路", "卫清西路");
        profile("310117", Tier.OUTER, 9.0,
                areas("岳阳|岳阳街道", "方松|方松街道", "中山|中山街道", "永丰|永丰街道", "九亭|九亭镇", "泗泾|泗泾镇",
                        "洞泾|洞泾镇", "佘山|佘山镇", "车墩|车墩镇", "新桥|新桥镇", "叶榭|叶榭镇",
                        "小昆山|小昆山镇", "广富林|广富林街道", "松江大学城", "松江新城"),
                "园中路", "人民北路", "荣乐东路", "文诚路", "九亭大街", "沪亭北路", "新松江路", "广富林路",
                "中山中路");
        profile("310118", Tier.OUTER, 10.0,
                areas("夏阳|夏阳街道", "盈浦|盈浦街道", "香花桥|香花桥街道", "赵巷|赵巷镇", "徐泾|徐泾镇",
                        "华新|华新镇", "重固|重固镇", "白鹤|白鹤镇", "朱家角|朱家角镇", "练塘|练塘镇", "金泽|金泽镇",
                        "青浦工业园区"),
                "公园路", "城中东路", "淀山湖大道", "盈港东路", "外青松公路", "崧泽大道", "华徐公路", "沪青平公路");
        profile("310120", Tier.OUTER, 10.0,
                areas("南桥|南桥镇", "奉城|奉城镇", "庄行|庄行镇", "金汇|金汇镇", "四团|四团镇", "青村|青村镇",
                        "柘林|柘林镇", "海湾|海湾镇", "西渡|西渡街道", "奉浦|奉浦街道", "金海|金海街道", "奉贤新城"),
                "南桥路", "望园路", "解放东路", "百齐路", "金海公路", "南奉公路", "环城东路", "大叶公路");
        profile("310151", Tier.OUTER, 14.0,
                areas("城桥|城桥镇", "堡镇|堡镇", "新河|新河镇", "庙镇|庙镇", "陈家镇|陈家镇", "向化|向化镇",
                        "竖新|竖新镇", "港沿|港沿镇", "中兴|中兴镇", "长兴|长兴镇", "横沙|横沙乡", "东平|东平镇",
                        "三星|三星镇", "绿华|绿华镇", "港西|港西镇", "建设|建设镇"),
                "人民路", "八一路", "翠竹路", "北沿公路", "陈海公路", "崇明大道", "南门路", "鳌山路");
        if (PROFILES.size() != ShanghaiDistricts.all().size()) {
            throw new IllegalStateException("every district needs a demo profile");
        }
    }

    private static final List<Hotspot> HOTSPOTS = List.of(
            hotspot(121.502, 31.240, 0.8, "310115", "陆家嘴", "business_district", "office_building"),
            hotspot(121.475, 31.232, 0.7, "310101", "人民广场", "business_district", "transport_hub"),
            hotspot(121.437, 31.195, 0.8, "310104", "徐家汇", "business_district", "office_building"),
            hotspot(121.320, 31.195, 1.0, "310112", "虹桥枢纽", "transport_hub", "office_building"),
            hotspot(121.514, 31.300, 0.8, "310110", "五角场", "business_district", "community"),
            hotspot(121.590, 31.205, 1.2, "310115", "张江", "industrial_park", "office_building"),
            hotspot(121.385, 31.110, 0.8, "310112", "莘庄", "transport_hub", "business_district"),
            hotspot(121.400, 31.170, 0.9, "310104", "漕河泾", "industrial_park", "office_building"));

    private static final Choice DISTRICTS = new Choice();

    /** Per district, the areas a point may be named after when it is not at a hot spot. */
    private static final Map<String, Area[]> SCATTER_AREAS = new HashMap<>();

    static {
        for (District d : ShanghaiDistricts.all()) {
            DISTRICTS.add(d.code(), d.weight());
            // A hot spot's name (陆家嘴, 虹桥枢纽 ...) is only used at that hot spot, never 10 km away.
            SCATTER_AREAS.put(d.code(), Arrays.stream(PROFILES.get(d.code()).areas())
                    .filter(a -> HOTSPOTS.stream().noneMatch(h -> h.area() == a))
                    .toArray(Area[]::new));
        }
    }

    private DemoCity() {
    }

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
        String access = switch (kind) {
            case "rest_station" -> REST_ACCESS.pick(rnd);
            case "parking" -> PARKING_ACCESS.pick(rnd);
            default -> MEAL_ACCESS.pick(rnd);
        };
        String hours = switch (kind) {
            case "rest_station" -> REST_HOURS.pick(rnd);
            case "parking" -> PARKING_HOURS.pick(rnd);
            default -> MEAL_HOURS.pick(rnd);
        };
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
                .put("geometry", new JsonObject()
                        .put("type", "Point")
                        .put("coordinates", new JsonArray().add(at.lon()).add(at.lat())))
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
        double ebike;
        double motorcycle;
        double car;
        double truck;
        switch (scene) {
            case "highway_service_area" -> {
                ebike = .15;
                motorcycle = .10;
                car = .70;
                truck = 1.0;
            }
            case "industrial_park" -> {
                ebike = .70;
                motorcycle = .20;
                car = .50;
                truck = .55;
            }
            default -> {
                ebike = .95;
                motorcycle = .35;
                car = .25;
                truck = 0;
            }
        }
        List<String> v = new ArrayList<>(4);
        if (rnd.nextDouble() < ebike) {
            v.add("ebike");
        }
        if (rnd.nextDouble() < motorcycle) {
            v.add("motorcycle");
        }
        if (rnd.nextDouble() < car) {
            v.add("car");
        }
        if (rnd.nextDouble() < truck) {
            v.add("truck");
        }
        if (v.isEmpty()) {
            v.add("ebike");
        }
        return v;
    }

    /** In vocabulary order; e-bike charging and battery swap only where e-bikes may park. */
    private static List<String> amenities(Random rnd, String kind, String category, List<String> vehicles) {
        double[] odds = switch (kind) {
            case "rest_station" -> "driver_home".equals(category) ? DRIVER_HOME_AMENITIES : REST_AMENITIES;
            case "parking" -> PARKING_AMENITIES;
            default -> MEAL_AMENITIES;
        };
        boolean ebikes = vehicles == null || vehicles.contains("ebike");
        List<String> out = new ArrayList<>();
        for (int i = 0; i < AMENITIES.length; i++) {
            boolean has = rnd.nextDouble() < odds[i];
            boolean fits = ebikes || !(AMENITIES[i].equals("ebike_charging") || AMENITIES[i].equals("battery_swap"));
            if (has && fits) {
                out.add(AMENITIES[i]);
            }
        }
        return out;
    }

    /** Seats (rest 5–40), spaces (parking 10–200) or seats (meal 10–80), skewed towards the small end. */
    private static int capacity(Random rnd, String kind, List<String> vehicles) {
        double u = rnd.nextDouble();
        return switch (kind) {
            case "rest_station" -> 5 + (int) Math.round(35 * Math.pow(u, 1.5));
            case "parking" -> vehicles.contains("truck")
                    ? 30 + (int) Math.round(170 * u)
                    : 10 + (int) Math.round(190 * u * u);
            default -> 10 + (int) Math.round(70 * Math.pow(u, 1.3));
        };
    }

    private static String name(Random rnd, String kind, String category, Placement at, List<String> vehicles,
            List<String> amenities, String brand) {
        String dn = at.district().nameZh();
        // One name in five is after a road rather than a 街道/镇, as many real ones are.
        boolean onRoad = rnd.nextInt(5) == 0;
        String place = onRoad ? pick(rnd, PROFILES.get(at.district().code()).roads()) : at.area().display();
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
            case "union_station" -> switch (v) {
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

    private static String operator(Random rnd, String kind, String category, Placement at, List<String> vehicles,
            String brand) {
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

    private static void profile(String code, Tier tier, double sigmaKm, Area[] areas, String... roads) {
        PROFILES.put(code, new Profile(tier, sigmaKm, areas, roads));
    }

    /** {@code "漕河泾|漕河泾街道"} is an area with its 街道/镇; {@code "人民广场"} a landmark without one. */
    private static Area[] areas(String... specs) {
        Area[] out = new Area[specs.length];
        for (int i = 0; i < specs.length; i++) {
            String[] parts = specs[i].split("\\|", 2);
            out[i] = new Area(parts[0], parts.length == 2 ? parts[1] : null);
        }
        return out;
    }

    private static Hotspot hotspot(double lon, double lat, double sigmaKm, String homeCode, String display,
            String... scenes) {
        Area area = null;
        for (Area a : PROFILES.get(homeCode).areas()) {
            if (a.display().equals(display)) {
                area = a;
            }
        }
        if (area == null) {
            throw new IllegalStateException("hot spot " + display + " is not an area of " + homeCode);
        }
        return new Hotspot(lon, lat, sigmaKm, homeCode, area, scenes);
    }

    /** A weighted choice among strings; weights need not sum to anything in particular. */
    private static final class Choice {
        private final List<String> values = new ArrayList<>();
        private final List<Double> cumulative = new ArrayList<>();
        private double total;

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
