package org.yizhan.coverage;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.io.ParseException;
import org.locationtech.jts.io.WKBReader;
import org.locationtech.jts.io.WKBWriter;
import org.yizhan.coverage.CoverageCalculator.Demand;
import org.yizhan.db.SqlArrays;
import org.yizhan.http.ApiException;
import org.yizhan.stations.FilteredSql;
import org.yizhan.stations.StationFilter;
import org.yizhan.stations.StationFilterSql;

/**
 * SQL for coverage. The area is projected to the UTM zone of its centroid (metres, < 0.5 % area error
 * within a 6°-wide region); each station counts when it is within the radius of the area on the
 * ellipsoid ({@code ST_DWithin(geography)}), so coverage does not stop at a district line; its circle is
 * the area-preserving 32-gon of {@link SiteCircle} in the projection. Geometries travel as WKB.
 */
public final class CoverageRepository {

    private static final String RESOLVE_REGION = """
            SELECT r.id, r.code, r.name, r.level, ST_AsBinary(r.geom) AS wkb, utm_srid(r.geom) AS srid,
                   ST_NPoints(r.geom) AS npoints, ST_XMax(r.geom) - ST_XMin(r.geom) AS width_deg,
                   ST_YMax(r.geom) - ST_YMin(r.geom) AS height_deg,
                   ST_AsBinary(ST_Transform(r.geom, utm_srid(r.geom))) AS wkb_utm,
                   current_data_version() AS data_version
            FROM region r
            WHERE r.code = $1 OR r.id::text = $1
            ORDER BY (r.code = $1) DESC
            LIMIT 1""";

    private static final String RESOLVE_BBOX = """
            SELECT utm_srid(e) AS srid, ST_AsBinary(e) AS wkb, ST_AsBinary(ST_Transform(e, utm_srid(e))) AS wkb_utm,
                   current_data_version() AS data_version
            FROM (SELECT ST_SetSRID(ST_MakeEnvelope($1, $2, $3, $4), 4326) AS e) x""";

    /**
     * Union of station circles near the area ({@code $1}, SRID {@code $2}, radius {@code $3}); stations
     * in {@code $4} left out; the station filter from {@code $5}. Stations inside the area are found by a
     * planar point-in-polygon test (cheap, prepared); only those outside it pay for the geodesic distance
     * to its edge. Added what-if sites are not here: {@link CoverageCalculator#addSites} adds them.
     */
    private static final FilteredSql UNION = new FilteredSql(f ->
            """
            WITH area AS (
                SELECT g, g::geography AS gg,
                       ST_Expand(g, $3 / 110000.0 / cos(radians(least(85, greatest(abs(ST_YMin(g)), abs(ST_YMax(g))))))) AS near
                FROM (SELECT ST_GeomFromWKB($1, 4326) AS g) x
            ), st AS (
                SELECT ST_Transform(s.geom, $2::int) AS p
                FROM station s, area
                WHERE %s
                  AND NOT (s.id = ANY($4))
                  AND s.geom && area.near
                  AND (ST_Intersects(s.geom, area.g) OR ST_DWithin(s.geog, area.gg, $3))
            )
            SELECT count(*) AS n, ST_AsBinary(ST_Union(ST_Buffer(p, $3 * %s, %d))) AS cov FROM st""".formatted(StationFilterSql.predicate(f, 5), Double.toString(SiteCircle.SCALE), SiteCircle.QUAD_SEGS));

    private static final String DEMAND = """
            SELECT ST_X(p) AS x, ST_Y(p) AS y, weight
            FROM (SELECT ST_Transform(d.geom, $2::int) AS p, d.weight
                  FROM demand_point d WHERE ST_Intersects(d.geom, ST_GeomFromWKB($1, 4326))) q""";

    private static final FilteredSql CHILDREN = new FilteredSql(f -> """
            SELECT c.id, c.code, c.name, ST_AsBinary(ST_Transform(c.geom, $2::int)) AS wkb_utm,
                   (SELECT count(*) FROM station s WHERE %s AND ST_Intersects(s.geom, c.geom)) AS stations
            FROM region c WHERE c.parent_id = $1 ORDER BY c.code""".formatted(StationFilterSql.predicate(f, 3)));

    private static final String POINTS_TO_UTM = """
            SELECT ST_X(p) AS x, ST_Y(p) AS y FROM (
                SELECT ST_Transform(ST_SetSRID(ST_MakePoint(a.lon, a.lat), 4326), $3::int) AS p, a.i
                FROM unnest($1::float8[], $2::float8[]) WITH ORDINALITY AS a(lon, lat, i)) q ORDER BY i""";

    private static final String POINTS_TO_WGS84 = """
            SELECT ST_X(p) AS lon, ST_Y(p) AS lat FROM (
                SELECT ST_Transform(ST_SetSRID(ST_MakePoint(a.x, a.y), $3::int), 4326) AS p, a.i
                FROM unnest($1::float8[], $2::float8[]) WITH ORDINALITY AS a(x, y, i)) q ORDER BY i""";

    private static final FilteredSql STATIONS_NEAR =
            new FilteredSql(f -> """
            SELECT ST_X(s.geom) AS lon, ST_Y(s.geom) AS lat
            FROM station s
            WHERE %s AND s.geom && ST_MakeEnvelope($1, $2, $3, $4, 4326)
            LIMIT $5""".formatted(StationFilterSql.predicate(f, 6)));

    /** The statements coverage runs over stations, for this filter (plan-shape tests read them). */
    public static String unionSql(StationFilter filter) {
        return UNION.text(filter);
    }

    public static String childrenSql(StationFilter filter) {
        return CHILDREN.text(filter);
    }

    public static String stationsInSql(StationFilter filter) {
        return STATIONS_NEAR.text(filter);
    }

    /** Most stations one grid request may load. */
    static final int MAX_GRID_STATIONS = 500_000;

    private static final String DATA_VERSION = "SELECT current_data_version()";

    private final Pool pool;

    public CoverageRepository(Pool pool) {
        this.pool = pool;
    }

    /** The area to analyse: WGS 84 and projected geometries, its SRID, and the data version now. */
    public record Area(
            Long regionId,
            String code,
            String name,
            String level,
            Geometry wgs84,
            Geometry utm,
            int srid,
            int npoints,
            double widthDeg,
            double heightDeg,
            long dataVersion) {}

    /** The counter every write to stations, regions or demand moves (sql/V2). */
    public Future<Long> dataVersion() {
        return pool.query(DATA_VERSION)
                .execute()
                .map(rows -> rows.iterator().next().getLong(0));
    }

    public Future<Area> region(String idOrCode) {
        return pool.preparedQuery(RESOLVE_REGION).execute(Tuple.of(idOrCode)).map(rows -> {
            if (rows.size() == 0) {
                return null;
            }
            Row r = rows.iterator().next();
            return new Area(
                    r.getLong("id"),
                    r.getString("code"),
                    r.getString("name"),
                    r.getString("level"),
                    wkb(r, "wkb"),
                    wkb(r, "wkb_utm"),
                    r.getInteger("srid"),
                    r.getInteger("npoints"),
                    r.getDouble("width_deg"),
                    r.getDouble("height_deg"),
                    r.getLong("data_version"));
        });
    }

    public Future<Area> bbox(double[] b) {
        return pool.preparedQuery(RESOLVE_BBOX)
                .execute(Tuple.of(b[0], b[1], b[2], b[3]))
                .map(rows -> {
                    Row r = rows.iterator().next();
                    return new Area(
                            null,
                            null,
                            null,
                            "bbox",
                            wkb(r, "wkb"),
                            wkb(r, "wkb_utm"),
                            r.getInteger("srid"),
                            5,
                            b[2] - b[0],
                            b[3] - b[1],
                            r.getLong("data_version"));
                });
    }

    /**
     * The union of circles (projected) as WKB, or null when no station counts, and how many stations
     * counted. Parsed by {@link #covered()} on a worker thread: it can be a megabyte.
     */
    public record Union(byte[] wkb, long stations) {
        public Geometry covered() {
            if (wkb == null) {
                return null;
            }
            try {
                return new WKBReader().read(wkb);
            } catch (ParseException e) {
                throw new IllegalStateException("PostGIS returned unreadable WKB for the union", e);
            }
        }
    }

    public Future<Union> union(Area area, StationFilter filter, double radiusM, long[] removed) {
        Tuple t = Tuple.of(areaWkb(area), area.srid(), radiusM).addArrayOfLong(SqlArrays.box(removed));
        StationFilterSql.bind(filter, t);
        return pool.preparedQuery(UNION.text(filter)).execute(t).map(rows -> {
            Row r = rows.iterator().next();
            Buffer cov = r.getBuffer("cov");
            return new Union(cov == null ? null : cov.getBytes(), r.getLong("n"));
        });
    }

    public Future<Demand> demand(Area area) {
        return pool.preparedQuery(DEMAND)
                .execute(Tuple.of(areaWkb(area), area.srid()))
                .map(rows -> {
                    double[] x = new double[rows.size()];
                    double[] y = new double[rows.size()];
                    double[] w = new double[rows.size()];
                    int i = 0;
                    for (Row r : rows) {
                        x[i] = r.getDouble("x");
                        y[i] = r.getDouble("y");
                        w[i++] = r.getDouble("weight");
                    }
                    return new Demand(x, y, w);
                });
    }

    /** A child region, projected, with the number of matching stations inside it. */
    public record Child(long id, String code, String name, Geometry utm, long stations) {}

    public Future<List<Child>> children(Area parent, StationFilter filter) {
        Tuple t = StationFilterSql.bind(filter, Tuple.of(parent.regionId(), parent.srid()));
        return pool.preparedQuery(CHILDREN.text(filter)).execute(t).map(rows -> {
            List<Child> out = new ArrayList<>();
            for (Row r : rows) {
                out.add(new Child(
                        r.getLong("id"),
                        r.getString("code"),
                        r.getString("name"),
                        wkb(r, "wkb_utm"),
                        r.getLong("stations")));
            }
            return out;
        });
    }

    public Future<double[][]> toUtm(double[] lon, double[] lat, int srid) {
        return transform(POINTS_TO_UTM, lon, lat, srid, "x", "y");
    }

    public Future<double[][]> toWgs84(double[] x, double[] y, int srid) {
        return transform(POINTS_TO_WGS84, x, y, srid, "lon", "lat");
    }

    /**
     * Station positions (lon, lat) matching the filter inside a WGS 84 box.
     *
     * @param field the parameter that gave the box (bbox or region), for the 413
     */
    public Future<double[][]> stationsIn(double[] box, StationFilter filter, String field) {
        Tuple t = StationFilterSql.bind(filter, Tuple.of(box[0], box[1], box[2], box[3], MAX_GRID_STATIONS + 1));
        return pool.preparedQuery(STATIONS_NEAR.text(filter)).execute(t).map(rows -> {
            if (rows.size() > MAX_GRID_STATIONS) {
                throw new ApiException(
                        413,
                        "payload_too_large",
                        field,
                        "more than " + MAX_GRID_STATIONS + " stations lie in and around the " + field
                                + "; use a smaller " + field);
            }
            return columns(rows, "lon", "lat");
        });
    }

    private Future<double[][]> transform(String sql, double[] a, double[] b, int srid, String ca, String cb) {
        if (a.length == 0) {
            return Future.succeededFuture(new double[2][0]);
        }
        return pool.preparedQuery(sql)
                .execute(Tuple.of(SqlArrays.box(a), SqlArrays.box(b), srid))
                .map(rows -> columns(rows, ca, cb));
    }

    private static double[][] columns(RowSet<Row> rows, String a, String b) {
        double[][] out = new double[2][rows.size()];
        int i = 0;
        for (Row r : rows) {
            out[0][i] = r.getDouble(a);
            out[1][i++] = r.getDouble(b);
        }
        return out;
    }

    private static Buffer areaWkb(Area area) {
        return Buffer.buffer(new WKBWriter(2).write(area.wgs84()));
    }

    private static Geometry wkb(Row r, String column) {
        try {
            return new WKBReader().read(r.getBuffer(column).getBytes());
        } catch (ParseException e) {
            throw new IllegalStateException("PostGIS returned unreadable WKB in " + column, e);
        }
    }
}
