package org.yizhan.ogc;

import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.yizhan.ogc.Queryable.Type;
import org.yizhan.regions.RegionRepository;
import org.yizhan.stations.StationRows;
import org.yizhan.stations.Vocabulary;

/**
 * A feature collection of the OGC API: its titles, its queryables (the whitelist of SQL column
 * expressions a filter may name) and the SQL pieces {@link OgcRepository} assembles its statements from.
 * Every SQL text here is a constant. Immutable.
 *
 * @param from       the FROM clause
 * @param columns    the select list {@code feature} reads
 * @param live       the predicate of rows that are features (stations: not deleted)
 * @param points     whether every geometry is a point, so that a bbox test is the index test {@code &&} alone
 */
public record OgcCollection(
        String id,
        String titleEn,
        String titleZh,
        String descriptionEn,
        String descriptionZh,
        String from,
        String columns,
        String live,
        String idColumn,
        String geomColumn,
        String updatedColumn,
        boolean points,
        Map<String, Queryable> queryables,
        Function<Row, JsonObject> feature) {

    /** Every live station, of every kind and status. */
    public static final OgcCollection STATIONS = new OgcCollection(
            "stations",
            "Stations",
            "驿站与站点",
            "Rest stations, parking and meal points for delivery riders, couriers and drivers (every kind and status; "
                    + "filter with status='open' for those in service).",
            "外卖骑手、快递员和司机的驿站、停车点和用餐点（所有类型与状态；用 status='open' 筛选营业中的站点）。",
            "station s",
            StationRows.COLUMNS,
            "s.deleted_at IS NULL",
            "s.id",
            "s.geom",
            "s.updated_at",
            true,
            queryables(
                    new Queryable("id", "s.id", Type.INTEGER, "Station id", "站点编号"),
                    new Queryable("external_id", "s.external_id", Type.STRING, "External id", "外部编号"),
                    new Queryable("kind", "s.kind", Type.STRING, "Kind", "类型", List.copyOf(Vocabulary.KINDS)),
                    new Queryable(
                            "category",
                            "s.category",
                            Type.STRING,
                            "Category (rest stations)",
                            "驿站类别",
                            List.copyOf(Vocabulary.CATEGORIES)),
                    new Queryable("name", "s.name", Type.STRING, "Name", "名称"),
                    new Queryable("address", "s.address", Type.STRING, "Address", "地址"),
                    new Queryable("district_code", "s.district_code", Type.STRING, "District code", "区县代码"),
                    new Queryable("scene", "s.scene", Type.STRING, "Scene", "场景", List.copyOf(Vocabulary.SCENES)),
                    new Queryable("opening_hours", "s.opening_hours", Type.STRING, "Opening hours", "营业时间"),
                    new Queryable("access", "s.access", Type.STRING, "Access", "进入方式", List.copyOf(Vocabulary.ACCESS)),
                    new Queryable("capacity", "s.capacity", Type.INTEGER, "Capacity", "容量"),
                    new Queryable(
                            "rider_discount", "s.rider_discount", Type.STRING, "Rider discount (meal points)", "骑手优惠"),
                    new Queryable("status", "s.status", Type.STRING, "Status", "状态", List.copyOf(Vocabulary.STATUSES)),
                    new Queryable("operator", "s.operator", Type.STRING, "Operator", "运营方"),
                    new Queryable("demo", "s.demo", Type.BOOLEAN, "Demo data", "演示数据"),
                    new Queryable("last_verified_at", "s.last_verified_at", Type.TIMESTAMP, "Last verified", "最近核实"),
                    new Queryable("created_at", "s.created_at", Type.TIMESTAMP, "Created", "创建时间"),
                    new Queryable("updated_at", "s.updated_at", Type.TIMESTAMP, "Updated", "更新时间"),
                    new Queryable("version", "s.version", Type.INTEGER, "Version", "版本"),
                    Queryable.geometry("geometry", "s.geom", "s.geog", "Location (point, CRS84)", "位置（点，CRS84）")),
            StationRows::feature);

    /** Cities, districts, streets and planners' own areas. */
    public static final OgcCollection REGIONS = new OgcCollection(
            "regions",
            "Regions",
            "区域",
            "Cities, districts, streets and planners' areas used for coverage (multipolygons).",
            "用于覆盖分析的城市、区县、街道和规划区域（多边形）。",
            "region r LEFT JOIN region p ON p.id = r.parent_id",
            RegionRepository.COLUMNS + ", ST_AsGeoJSON(r.geom, 7)::json AS geometry",
            "TRUE",
            "r.id",
            "r.geom",
            "r.updated_at",
            false,
            queryables(
                    new Queryable("id", "r.id", Type.INTEGER, "Region id", "区域编号"),
                    new Queryable("code", "r.code", Type.STRING, "Code", "代码"),
                    new Queryable("name", "r.name", Type.STRING, "Name", "名称"),
                    new Queryable(
                            "level",
                            "r.level",
                            Type.STRING,
                            "Level",
                            "级别",
                            List.of("city", "district", "street", "custom")),
                    new Queryable("parent_code", "p.code", Type.STRING, "Parent region code", "上级区域代码"),
                    new Queryable("approximate", "r.approximate", Type.BOOLEAN, "Approximate outline", "近似边界"),
                    new Queryable("updated_at", "r.updated_at", Type.TIMESTAMP, "Updated", "更新时间"),
                    Queryable.geometry(
                            "geometry",
                            "r.geom",
                            "r.geom::geography",
                            "Outline (multipolygon, CRS84)",
                            "边界（多边形，CRS84）")),
            RegionRepository::feature);

    /** The collections in the order {@code /ogc/collections} lists them. */
    public static final List<OgcCollection> ALL = List.of(STATIONS, REGIONS);

    /** The collection with this id, or null. */
    public static OgcCollection byId(String id) {
        return ALL.stream().filter(c -> c.id.equals(id)).findFirst().orElse(null);
    }

    public String title(boolean zh) {
        return zh ? titleZh : titleEn;
    }

    public String description(boolean zh) {
        return zh ? descriptionZh : descriptionEn;
    }

    private static Map<String, Queryable> queryables(Queryable... list) {
        Map<String, Queryable> m = new LinkedHashMap<>();
        for (Queryable q : list) {
            m.put(q.name(), q);
        }
        return java.util.Collections.unmodifiableMap(m);
    }
}
