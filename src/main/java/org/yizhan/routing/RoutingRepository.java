package org.yizhan.routing;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.io.ParseException;
import org.locationtech.jts.io.WKBReader;
import org.locationtech.jts.io.WKBWriter;
import org.yizhan.audit.AuditActions;
import org.yizhan.audit.AuditRepository;
import org.yizhan.db.SqlArrays;
import org.yizhan.db.StatementTimeouts;
import org.yizhan.stations.FilteredSql;
import org.yizhan.stations.StationFilter;
import org.yizhan.stations.StationFilterSql;

/**
 * SQL for road networks (sql/V7). Reach is pgRouting's {@code pgr_drivingDistance} from one vertex over a
 * network's edges with the mode's cost columns; the reached pieces of edges (partly reached edges cut at
 * the time limit by {@code ST_LineSubstring}) are buffered by {@link #ROAD_BUFFER_M} in the station's UTM
 * zone. Geometries travel as WKB (WGS 84).
 */
public final class RoutingRepository {

    /** Width either side of a reached road that counts as reached (m): the walk from the kerb to a door. */
    public static final double ROAD_BUFFER_M = 100;
    /** A station farther than this from every vertex of every network has no network (m). */
    public static final double MAX_SNAP_M = 300;

    private static final int BATCH = 5_000;

    /** A staging table of sql/osm/roads.lua; %s is a name {@link OsmImport#checkTable} accepted. */
    private static final String STAGED = """
            SELECT highway, oneway, bridge, tunnel, layer, ST_AsBinary(geom) AS wkb
            FROM osm_import.%s ORDER BY way_id""";

    private static final String DROP_STAGED = "DROP TABLE IF EXISTS osm_import.%s";
    private static final String DELETE = "DELETE FROM road_network WHERE name = $1";
    private static final String INSERT_NETWORK =
            "INSERT INTO road_network (name, synthetic) VALUES ($1, $2) RETURNING id";
    private static final String INSERT_VERTICES = """
            INSERT INTO road_vertex (network_id, id, geom)
            SELECT $1, v.id, ST_SetSRID(ST_MakePoint(v.lon, v.lat), 4326)
            FROM unnest($2::bigint[], $3::float8[], $4::float8[]) AS v(id, lon, lat)""";
    private static final String INSERT_EDGES = """
            INSERT INTO road_edge (network_id, source, target, highway, oneway, layered, length_m,
                                   cost_ebike, rcost_ebike, cost_walk, rcost_walk, cost_car, rcost_car,
                                   cost_truck, rcost_truck, geom)
            SELECT $1, e.s, e.t, e.h, e.o, e.l, e.m, e.c1, e.r1, e.c2, e.r2, e.c3, e.r3, e.c4, e.r4,
                   ST_GeomFromWKB(e.g, 4326)
            FROM unnest($2::bigint[], $3::bigint[], $4::text[], $5::smallint[], $6::boolean[], $7::float8[],
                        $8::float8[], $9::float8[], $10::float8[], $11::float8[], $12::float8[], $13::float8[],
                        $14::float8[], $15::float8[], $16::bytea[])
                 AS e(s, t, h, o, l, m, c1, r1, c2, r2, c3, r3, c4, r4, g)""";

    /** The vertex nearest to a station (any network), and how far it is. */
    private static final String SNAP = """
            SELECT v.network_id, v.id, ST_Distance(v.geom::geography, s.geog) AS d, s.version,
                   (SELECT c.v FROM data_version_counter c WHERE c.name = 'road_network') AS network_version
            FROM station s LEFT JOIN LATERAL (SELECT network_id, id, geom FROM road_vertex
                                              ORDER BY geom <-> s.geom LIMIT 1) v ON true
            WHERE s.id = $1 AND s.deleted_at IS NULL""";

    private final Pool pool;
    private final Map<TravelMode, String> reach = new EnumMap<>(TravelMode.class);
    private final Map<TravelMode, String> travel = new EnumMap<>(TravelMode.class);
    private final Map<TravelMode, String> cover = new EnumMap<>(TravelMode.class);
    private final Map<TravelMode, String> sites = new EnumMap<>(TravelMode.class);

    public RoutingRepository(Pool pool) {
        this.pool = pool;
        for (TravelMode m : TravelMode.values()) {
            reach.put(m, reachSql(m));
            travel.put(m, travelSql(m));
            cover.put(m, coverSql(m));
            sites.put(m, sitesSql(m));
        }
    }

    /**
     * Seconds from a position ({@code $1, $2}, WGS 84; never stored) to each station in {@code $3}: both
     * snap to the nearest vertex of the network nearest the position, then {@code pgr_dijkstraCost} over the
     * mode's costs. Per station: {@code travel_s} (null when unreachable, or the station is more than
     * {@code $4} m from that network), and the origin's snap distance.
     */
    private static String travelSql(TravelMode m) {
        return """
                WITH p AS (SELECT ST_SetSRID(ST_MakePoint($1, $2), 4326) AS g),
                o AS (
                    SELECT v.network_id, v.id, ST_Distance(v.geom::geography, p.g::geography) AS d
                    FROM p, LATERAL (SELECT network_id, id, geom FROM road_vertex ORDER BY geom <-> p.g LIMIT 1) v
                ), s AS (
                    SELECT st.id AS station_id, v.id AS vid, ST_Distance(v.geom::geography, st.geog) AS d
                    FROM station st CROSS JOIN o, LATERAL (SELECT id, geom FROM road_vertex rv
                          WHERE rv.network_id = o.network_id ORDER BY rv.geom <-> st.geom LIMIT 1) v
                    WHERE st.id = ANY($3)
                ), c AS (
                    SELECT end_vid, agg_cost FROM o, pgr_dijkstraCost(
                        format('SELECT id, source, target, %1$s AS cost, %2$s AS reverse_cost FROM road_edge WHERE network_id = %%s', o.network_id),
                        o.id, (SELECT array_agg(vid) FROM s) || o.id, directed => true)
                )
                SELECT s.station_id, o.d AS origin_m,
                       CASE WHEN s.d > $4 THEN NULL WHEN s.vid = o.id THEN 0 ELSE c.agg_cost END AS travel_s
                FROM s CROSS JOIN o LEFT JOIN c ON c.end_vid = s.vid""".formatted(m.costColumn(), m.reverseCostColumn());
    }

    /** Travel times: station id → seconds (null: unreachable), and how far the origin is from its network (m). */
    public record TravelTimes(Map<Long, Double> seconds, double originM) {}

    public Future<TravelTimes> travelTimes(double lon, double lat, Long[] stationIds, TravelMode mode) {
        return pool.preparedQuery(travel.get(mode))
                .execute(Tuple.of(lon, lat).addArrayOfLong(stationIds).addDouble(MAX_SNAP_M))
                .map(rows -> {
                    Map<Long, Double> out = new java.util.HashMap<>();
                    double origin = Double.POSITIVE_INFINITY;
                    for (Row r : rows) {
                        out.put(r.getLong("station_id"), r.getDouble("travel_s"));
                        origin = r.getDouble("origin_m");
                    }
                    return new TravelTimes(out, origin);
                });
    }

    /**
     * An edge's shares reached forward from its source ({@code f}) and in reverse from its target
     * ({@code b}), from the times {@code ds}/{@code dt} at its ends and the limit {@code seconds} (a
     * parameter); 0 where the mode may not go that way, whole for a free edge.
     */
    private static String shares(TravelMode m, String seconds) {
        return """
                CASE WHEN ds.node IS NULL OR e.%1$s < 0 THEN 0 WHEN e.%1$s = 0 THEN 1
                                ELSE least(1, (%3$s - ds.agg_cost) / e.%1$s) END AS f,
                           CASE WHEN dt.node IS NULL OR e.%2$s < 0 THEN 0 WHEN e.%2$s = 0 THEN 1
                                ELSE least(1, (%3$s - dt.agg_cost) / e.%2$s) END AS b""".formatted(m.costColumn(), m.reverseCostColumn(), seconds);
    }

    /** The reached pieces of the edges in {@code part}: whole when the shares meet, else cut where time runs out. */
    private static final String PIECES = pieces("");

    /** {@link #PIECES} carrying the columns {@code keys} (each followed by a comma) of {@code part} along. */
    private static String pieces(String keys) {
        return """
                pieces AS (
                        SELECT %1$sgeom AS g FROM part WHERE f + b >= 1
                        UNION ALL
                        SELECT %1$sST_LineSubstring(geom, 0, f) FROM part WHERE f + b < 1 AND f > 0
                        UNION ALL
                        SELECT %1$sST_LineSubstring(geom, 1 - b, 1) FROM part WHERE f + b < 1 AND b > 0""".formatted(keys);
    }

    /**
     * Reached within {@code $3} seconds from vertex {@code $2} of network {@code $1} (edges searched within
     * {@code $5} m), buffered by {@code $4} m: each edge once, as far as it is reached from either end in
     * the directions the mode may use (docs/routing.md). Cost column names come from the enum.
     */
    private static String reachSql(TravelMode m) {
        String c = m.costColumn();
        String r = m.reverseCostColumn();
        return """
                WITH start AS (
                    -- Only edges within the mode's top speed times the limit can be reached: a box that
                    -- size around the start (degrees; 1.1 for the box's slack at the poleward edge).
                    SELECT v.geom, 1.1 * $5 / (111320 * cos(radians(ST_Y(v.geom)))) AS dx, 1.1 * $5 / 110574.0 AS dy
                    FROM road_vertex v WHERE v.network_id = $1 AND v.id = $2
                ), dd AS (
                    SELECT node, agg_cost FROM start, pgr_drivingDistance(
                        format('SELECT id, source, target, %1$s AS cost, %2$s AS reverse_cost FROM road_edge'
                               ' WHERE network_id = %%s AND geom && ST_Expand(%%L::geometry, %%s, %%s)',
                               $1::bigint, start.geom, start.dx, start.dy),
                        $2::bigint, $3::float8, directed => true)
                ), part AS (
                    -- Per edge once: the share reached forward from its source (f) and in reverse from its
                    -- target (b); reached pieces must not overlap (a buffer of coincident lines is slow).
                    SELECT e.geom, %3$s
                    FROM road_edge e LEFT JOIN dd ds ON ds.node = e.source LEFT JOIN dd dt ON dt.node = e.target
                    WHERE e.network_id = $1 AND (ds.node IS NOT NULL OR dt.node IS NOT NULL)
                ), %4$s
                ), lines AS (
                    SELECT ST_Collect(g) AS g FROM pieces
                ), reached AS (
                    -- Lines only (a MultiLineString buffers much faster than a mixed collection); the
                    -- start vertex alone when no edge leads anywhere.
                    SELECT coalesce(lines.g, start.geom) AS g, utm_srid(start.geom) AS srid FROM start, lines
                ), area AS (
                    SELECT ST_Transform(ST_Buffer(ST_Transform(g, srid), $4::float8, 4), 4326) AS g FROM reached
                )
                SELECT ST_AsBinary(g) AS wkb, ST_AsGeoJSON(g, 6) AS geojson, (SELECT count(*) FROM dd) AS vertices
                FROM area""".formatted(c, r, shares(m, "$3"), PIECES);
    }

    /**
     * The stations matching the filter that may reach the area {@code $1} (within {@code $2} m of it),
     * none of {@code $3}, each joined to its nearest vertex when that is within {@code $4} m: per station,
     * its network and vertex; with the networks' data version. What {@link #coverSql} searches from.
     */
    private static final FilteredSql STARTS = new FilteredSql(f -> """
            WITH a AS (
                SELECT ST_Expand(g, $2 / 110000.0 / cos(radians(least(85, greatest(abs(ST_YMin(g)),
                           abs(ST_YMax(g)))))), $2 / 110000.0) AS near
                FROM (SELECT ST_GeomFromWKB($1, 4326) AS g) x
            )
            SELECT v.network_id, v.id AS vid,
                   (SELECT c.v FROM data_version_counter c WHERE c.name = 'road_network') AS network_version
            FROM a, station s CROSS JOIN LATERAL (SELECT network_id, id, geom FROM road_vertex
                                                  ORDER BY geom <-> s.geom LIMIT 1) v
            WHERE %1$s AND s.geom && a.near AND NOT (s.id = ANY($3::bigint[]))
              AND ST_DWithin(v.geom::geography, s.geog, $4)""".formatted(StationFilterSql.predicate(f, 5)));

    /**
     * Where the stations start from: the distinct (network, vertex) pairs, sorted, how many stations
     * joined them, and the networks' data version — the whole input of a coverage search besides the
     * area, the mode and the time, so equal starts give equal coverage.
     */
    public record Starts(long[] networks, long[] vertices, long stations, long networkVersion) {}

    /**
     * The starts of the stations matching {@code filter} within {@code nearM} of the area (WGS 84 WKB),
     * {@code removed} left out.
     */
    public Future<Starts> starts(Buffer areaWkb, double nearM, long[] removed, StationFilter filter) {
        Tuple t = StationFilterSql.bind(
                filter,
                Tuple.of(areaWkb, nearM).addArrayOfLong(SqlArrays.box(removed)).addDouble(MAX_SNAP_M));
        return pool.preparedQuery(STARTS.text(filter)).execute(t).map(rows -> {
            java.util.TreeSet<List<Long>> distinct =
                    new java.util.TreeSet<>(java.util.Comparator.<List<Long>>comparingLong(l -> l.get(0))
                            .thenComparingLong(l -> l.get(1)));
            long version = 0;
            for (Row r : rows) {
                distinct.add(List.of(r.getLong("network_id"), r.getLong("vid")));
                version = r.getLong("network_version");
            }
            long[] nets = new long[distinct.size()];
            long[] vids = new long[distinct.size()];
            int i = 0;
            for (List<Long> p : distinct) {
                nets[i] = p.get(0);
                vids[i++] = p.get(1);
            }
            return new Starts(nets, vids, rows.size(), version);
        });
    }

    /**
     * The reached pieces of roads from the start vertices {@code $4} of networks {@code $3} (pairwise;
     * {@link #starts}) within {@code $5} seconds, projected to {@code $6}, in the area {@code $1}'s box
     * grown by {@code $7} m: ground roads and layered ones (bridges, tunnels: not noded with the ground)
     * as two MultiLineStrings, for {@link ReachedArea} to buffer. One search per network instead of one
     * per station: {@code pgr_drivingDistance} from a virtual vertex 0 joined at no cost to every start,
     * so each vertex gets its least time from any station (pgRouting's own {@code equicost} is 10× slower
     * on 2,000 starts and not always the least). An edge's reached share from either end is then the
     * largest of the stations' shares, so the pieces are the union of the stations' isochrones' pieces
     * ({@link #reachSql}). Edges searched: within {@code $2} m of the area (a path of at most that length
     * from a station to a point of the area stays that close to the area).
     */
    private static String coverSql(TravelMode m) {
        String c = m.costColumn();
        String r = m.reverseCostColumn();
        return """
                WITH a AS (
                    SELECT g, ST_Expand(g, $2 / 110000.0 / cos(radians(least(85, greatest(abs(ST_YMin(g)),
                               abs(ST_YMax(g)))))), $2 / 110000.0) AS near,
                           ST_Expand(g, $7 / 100000.0 / cos(radians(least(85, greatest(abs(ST_YMin(g)),
                               abs(ST_YMax(g)))))), $7 / 100000.0) AS shown
                    FROM (SELECT ST_GeomFromWKB($1, 4326) AS g) x
                ), n AS (
                    SELECT network_id, array_agg(vid) AS vids
                    FROM unnest($3::bigint[], $4::bigint[]) AS x(network_id, vid) GROUP BY network_id
                ), dd AS (
                    -- Vertex 0 (ids start at 1) leads to every station's vertex at no cost: one search
                    -- from it gives each vertex its least time from any station.
                    SELECT n.network_id, d.node, d.agg_cost
                    FROM a, n, pgr_drivingDistance(
                        format('SELECT id, source, target, %1$s AS cost, %2$s AS reverse_cost FROM road_edge'
                               ' WHERE network_id = %%s AND geom && %%L::geometry'
                               ' UNION ALL SELECT -i, 0, v, 0, -1 FROM unnest(%%L::bigint[]) WITH ORDINALITY AS x(v, i)',
                               n.network_id, a.near, n.vids),
                        0::bigint, $5::float8, directed => true) d
                    WHERE d.node <> 0
                ), part AS (
                    SELECT e.network_id, e.source, e.target, e.layered, e.geom, %3$s
                    FROM a, road_edge e
                    LEFT JOIN dd ds ON ds.network_id = e.network_id AND ds.node = e.source
                    LEFT JOIN dd dt ON dt.network_id = e.network_id AND dt.node = e.target
                    WHERE e.network_id IN (SELECT network_id FROM n) AND e.geom && a.shown
                      AND (ds.node IS NOT NULL OR dt.node IS NOT NULL)
                ), %4$s
                ), ends AS (
                    -- The vertices a reached piece starts or ends at.
                    SELECT network_id, source AS v FROM part WHERE f > 0 OR f + b >= 1
                    UNION
                    SELECT network_id, target FROM part WHERE b > 0 OR f + b >= 1
                ), lone AS (
                    -- A start no piece leaves (its roads closed to the mode) reaches its own vertex, as its
                    -- isochrone does: a line of no length, which ReachedArea buffers to a disc.
                    SELECT ST_MakeLine(v.geom, v.geom) AS g
                    FROM unnest($3::bigint[], $4::bigint[]) AS x(network_id, vid)
                    JOIN road_vertex v ON v.network_id = x.network_id AND v.id = x.vid
                    WHERE NOT EXISTS (SELECT 1 FROM ends WHERE ends.network_id = x.network_id AND ends.v = x.vid)
                ), projected AS (
                    SELECT layered, ST_Transform(g, $6::int) AS g FROM pieces
                    UNION ALL
                    SELECT false, ST_Transform(g, $6::int) FROM lone
                )
                SELECT (SELECT ST_AsBinary(ST_Collect(g)) FROM projected WHERE NOT layered) AS ground,
                       (SELECT ST_AsBinary(ST_Collect(g)) FROM projected WHERE layered) AS layered
                """.formatted(c, r, shares(m, "$5"), pieces("layered, "));
    }

    /**
     * Reached pieces of roads (MultiLineString WKB in {@code srid}; null when none): {@code ground} (noded
     * with each other) and {@code layered}.
     */
    public record Covered(byte[] ground, byte[] layered) {}

    /**
     * The reached pieces of roads from {@code starts} within {@code seconds} by {@code mode}, edges within
     * {@code nearM} of the area (WGS 84 WKB), projected to {@code srid}.
     */
    public Future<Covered> covered(
            Buffer areaWkb, int srid, double nearM, double seconds, Starts starts, TravelMode mode) {
        Tuple t = Tuple.of(areaWkb, nearM)
                .addArrayOfLong(SqlArrays.box(starts.networks()))
                .addArrayOfLong(SqlArrays.box(starts.vertices()))
                .addDouble(seconds)
                .addInteger(srid)
                .addDouble(ROAD_BUFFER_M);
        return pool.preparedQuery(cover.get(mode)).execute(t).map(rows -> {
            Row row = rows.iterator().next();
            return new Covered(bytes(row, "ground"), bytes(row, "layered"));
        });
    }

    /**
     * Where points ({@code $1} lon, {@code $2} lat, WGS 84) join a network: per point, in order, the
     * nearest vertex of any network (the rule stations snap by), its position and distance (m; null
     * columns when there is no network at all), and the networks' data version.
     */
    private static final String SNAP_POINTS = """
            SELECT v.network_id, v.id, ST_X(v.geom) AS lon, ST_Y(v.geom) AS lat, ST_Distance(v.geom::geography, p.g::geography) AS d,
                   (SELECT c.v FROM data_version_counter c WHERE c.name = 'road_network') AS network_version
            FROM unnest($1::float8[], $2::float8[]) WITH ORDINALITY AS x(lon, lat, i)
            CROSS JOIN LATERAL (SELECT ST_SetSRID(ST_MakePoint(x.lon, x.lat), 4326) AS g) p
            LEFT JOIN LATERAL (SELECT network_id, id, geom FROM road_vertex ORDER BY geom <-> p.g LIMIT 1) v ON true
            ORDER BY x.i""";

    /**
     * The points ({@code $1} lon, {@code $2} lat, WGS 84; in order) that have a vertex of some network
     * within {@code $3} m, each with its nearest vertex (the stations' rule): position and order. The box
     * test first, so that points far from every road cost an index probe, not a nearest-neighbour search
     * (20,000 points: 60 ms rather than 1.8 s on the demo network).
     */
    private static final String NEAR = """
            WITH near AS MATERIALIZED (
                SELECT x.i, p.g
                FROM unnest($1::float8[], $2::float8[]) WITH ORDINALITY AS x(lon, lat, i)
                CROSS JOIN LATERAL (SELECT ST_SetSRID(ST_MakePoint(x.lon, x.lat), 4326) AS g) p
                WHERE EXISTS (SELECT 1 FROM road_vertex w
                              WHERE w.geom && ST_Expand(p.g, $3 / (111320 * cos(radians(least(85, abs(x.lat))))), $3 / 110574.0))
            )
            SELECT v.network_id, v.id, ST_X(v.geom) AS lon, ST_Y(v.geom) AS lat
            FROM near CROSS JOIN LATERAL (SELECT network_id, id, geom FROM road_vertex ORDER BY geom <-> near.g LIMIT 1) v
            WHERE ST_DWithin(v.geom::geography, near.g::geography, $3)
            ORDER BY near.i""";

    /**
     * The distinct vertices that points (WGS 84, in order) within {@link #MAX_SNAP_M} of a network join,
     * in the order of the first point joining each: lon, lat.
     */
    public Future<double[][]> joined(double[] lon, double[] lat) {
        return pool.preparedQuery(NEAR)
                .execute(Tuple.tuple()
                        .addArrayOfDouble(SqlArrays.box(lon))
                        .addArrayOfDouble(SqlArrays.box(lat))
                        .addDouble(MAX_SNAP_M))
                .map(rows -> {
                    java.util.LinkedHashMap<String, double[]> seen = new java.util.LinkedHashMap<>();
                    for (Row r : rows) {
                        seen.putIfAbsent(
                                r.getLong("network_id") + "|" + r.getLong("id"),
                                new double[] {r.getDouble("lon"), r.getDouble("lat")});
                    }
                    double[][] out = new double[2][seen.size()];
                    int i = 0;
                    for (double[] p : seen.values()) {
                        out[0][i] = p[0];
                        out[1][i++] = p[1];
                    }
                    return out;
                });
    }

    /** A point's nearest vertex: network (null: none at all), vertex, its position, distance (m). */
    public record Joined(Long networkId, long vertex, double lon, double lat, double distanceM) {}

    /** Each point's {@link Joined} vertex, in order, and the networks' data version. */
    public record Snapped(List<Joined> points, long networkVersion) {}

    public Future<Snapped> snap(double[] lon, double[] lat) {
        Double[] x = SqlArrays.box(lon);
        Double[] y = SqlArrays.box(lat);
        return pool.preparedQuery(SNAP_POINTS)
                .execute(Tuple.tuple().addArrayOfDouble(x).addArrayOfDouble(y))
                .map(rows -> {
                    List<Joined> out = new ArrayList<>(rows.size());
                    long version = 0;
                    for (Row r : rows) {
                        Long net = r.getLong("network_id");
                        out.add(
                                net == null
                                        ? new Joined(null, 0, Double.NaN, Double.NaN, Double.POSITIVE_INFINITY)
                                        : new Joined(
                                                net,
                                                r.getLong("id"),
                                                r.getDouble("lon"),
                                                r.getDouble("lat"),
                                                r.getDouble("d")));
                        version = r.getLong("network_version");
                    }
                    return new Snapped(out, version);
                });
    }

    /**
     * Each start vertex's own reach, as {@link #reachSql} computes an isochrone, but many at once: vertices
     * {@code $2} of networks {@code $1} (pairwise), {@code $3} seconds, edges searched within {@code $4} m
     * of the starts, projected to {@code $5}. One {@code pgr_drivingDistance} per network from every start
     * (not equicost: each start keeps its own tree, {@code from_v}). Per start: network, vertex, the vertex
     * itself, and its reached pieces of ground and layered roads, for {@link ReachedArea} to buffer (one
     * {@code ST_Buffer} per start took 4.6 s for 100 starts on the demo network, the search 40 ms). Pieces
     * are collected in a fixed order so that a vertex's area is the same whatever other vertices share the
     * call.
     */
    static String sitesSql(TravelMode m) {
        String c = m.costColumn();
        String r = m.reverseCostColumn();
        return """
                WITH s AS (
                    SELECT DISTINCT v.network_id, v.id AS vid, v.geom
                    FROM unnest($1::bigint[], $2::bigint[]) AS x(network_id, vid)
                    JOIN road_vertex v ON v.network_id = x.network_id AND v.id = x.vid
                ), n AS (
                    SELECT network_id, array_agg(vid) AS vids,
                           ST_Expand(ST_Extent(geom)::geometry, 1.1 * $4 / (111320 * cos(radians(least(85, max(abs(ST_Y(geom))))))),
                                     1.1 * $4 / 110574.0) AS near
                    FROM s GROUP BY network_id
                ), dd AS (
                    SELECT n.network_id, d.from_v, d.node, d.agg_cost
                    FROM n, pgr_drivingDistance(
                        format('SELECT id, source, target, %1$s AS cost, %2$s AS reverse_cost FROM road_edge'
                               ' WHERE network_id = %%s AND geom && %%L::geometry', n.network_id, n.near),
                        n.vids, $3::float8, directed => true) d
                ), touched AS (
                    -- Each edge a start reaches, with the start's times at its ends (null: not reached).
                    -- Carried here rather than joined back to dd by (network, start, vertex): that join
                    -- was planned as a merge on the start alone, 25 million rows for one central start
                    -- on a 200,000-edge grid (2.6 s).
                    SELECT network_id, from_v, id, min(cs) AS cs, min(ct) AS ct FROM (
                        SELECT d.network_id, d.from_v, e.id, d.agg_cost AS cs, NULL::float8 AS ct FROM dd d
                        JOIN road_edge e ON e.network_id = d.network_id AND e.source = d.node
                        UNION ALL
                        SELECT d.network_id, d.from_v, e.id, NULL, d.agg_cost FROM dd d
                        JOIN road_edge e ON e.network_id = d.network_id AND e.target = d.node
                    ) x GROUP BY network_id, from_v, id
                ), part AS (
                    SELECT t.network_id, t.from_v, e.layered, e.geom, %3$s
                    FROM touched t JOIN road_edge e ON e.id = t.id
                    CROSS JOIN LATERAL (SELECT CASE WHEN t.cs IS NOT NULL THEN e.source END AS node, t.cs AS agg_cost) ds
                    CROSS JOIN LATERAL (SELECT CASE WHEN t.ct IS NOT NULL THEN e.target END AS node, t.ct AS agg_cost) dt
                ), %4$s
                ), lines AS (
                    SELECT network_id, from_v, layered, ST_AsBinary(ST_Transform(ST_Collect(g ORDER BY ST_AsBinary(g)), $5::int)) AS wkb
                    FROM pieces GROUP BY network_id, from_v, layered
                )
                SELECT s.network_id, s.vid, ST_AsBinary(ST_Transform(s.geom, $5::int)) AS point,
                       lg.wkb AS ground, ll.wkb AS layered
                FROM s
                LEFT JOIN lines lg ON lg.network_id = s.network_id AND lg.from_v = s.vid AND NOT lg.layered
                LEFT JOIN lines ll ON ll.network_id = s.network_id AND ll.from_v = s.vid AND ll.layered""".formatted(c, r, shares(m, "$3"), pieces("network_id, from_v, layered, "));
    }

    /**
     * A start vertex's reached pieces, projected WKB: the vertex, ground and layered lines (null: none).
     */
    public record SitePieces(byte[] point, byte[] ground, byte[] layered) {}

    /**
     * The reached pieces of each start vertex within {@code seconds} by {@code mode}, projected to
     * {@code srid}: "networkId|vertex" → pieces.
     */
    public Future<Map<String, SitePieces>> sitesReach(
            long[] networks, long[] vertices, double seconds, TravelMode mode, int srid) {
        Long[] n = SqlArrays.box(networks);
        Long[] v = SqlArrays.box(vertices);
        double reachM = mode.maxKmh() / 3.6 * seconds;
        return pool.preparedQuery(sites.get(mode))
                .execute(Tuple.tuple()
                        .addArrayOfLong(n)
                        .addArrayOfLong(v)
                        .addDouble(seconds)
                        .addDouble(reachM)
                        .addInteger(srid))
                .map(rows -> {
                    Map<String, SitePieces> out = new java.util.HashMap<>();
                    for (Row row : rows) {
                        out.put(
                                row.getLong("network_id") + "|" + row.getLong("vid"),
                                new SitePieces(bytes(row, "point"), bytes(row, "ground"), bytes(row, "layered")));
                    }
                    return out;
                });
    }

    private static byte[] bytes(Row row, String column) {
        Buffer b = row.getBuffer(column);
        return b == null ? null : b.getBytes();
    }

    /** Who imported a network and from what, for its {@code network_import} audit row. */
    public record ImportAudit(String actor, String format) {}

    /** Replaces the network without an audit row: the demo's own synthetic network at start-up. */
    public Future<Long> replace(String name, boolean synthetic, RoadGraph.Result g) {
        return replace(name, synthetic, g, null);
    }

    /**
     * Replaces the network {@code name} with {@code g} in one transaction (a new network id); with
     * {@code audit}, a {@code network_import} audit row naming the actor, the network and the counts is
     * written in the same transaction.
     */
    public Future<Long> replace(String name, boolean synthetic, RoadGraph.Result g, ImportAudit audit) {
        return pool.withTransaction(conn -> StatementTimeouts.forImport(conn)
                .compose(v -> conn.preparedQuery(DELETE).execute(Tuple.of(name)))
                .compose(d -> conn.preparedQuery(INSERT_NETWORK).execute(Tuple.of(name, synthetic)))
                .map(rows -> rows.iterator().next().getLong(0))
                .compose(id -> insertVertices(conn, id, g)
                        .compose(v -> insertEdges(conn, id, g.edges()))
                        .compose(v -> audit == null
                                ? Future.succeededFuture()
                                : AuditRepository.record(
                                        conn,
                                        audit.actor(),
                                        AuditActions.NETWORK_IMPORT,
                                        "network:" + name,
                                        new JsonObject()
                                                .put("network_id", id)
                                                .put("format", audit.format())
                                                .put("synthetic", synthetic)
                                                .put("features", g.rows())
                                                .put("edges", g.edges().size())
                                                .put("vertices", g.vertices().size())))
                        .map(id)));
    }

    /**
     * The ways an osm2pgsql run staged in {@code osm_import.<table>} (sql/osm/roads.lua), by way id, as
     * {@link RoadGraph.Way}s whose tags are a GeoJSON import's properties. {@code table} must be a name
     * {@link OsmImport} made (checked: identifiers cannot be bound).
     */
    public Future<List<RoadGraph.Way>> stagedWays(String table) {
        return pool.withTransaction(conn -> StatementTimeouts.forImport(conn)
                        .compose(v -> conn.query(STAGED.formatted(OsmImport.checkTable(table)))
                                .execute()))
                .map(rows -> {
                    WKBReader reader = new WKBReader();
                    List<RoadGraph.Way> out = new ArrayList<>(rows.size());
                    for (Row r : rows) {
                        JsonObject tags = new JsonObject()
                                .put("highway", r.getString("highway"))
                                .put("oneway", r.getString("oneway"));
                        for (String key : List.of("bridge", "tunnel", "layer")) {
                            if (r.getValue(key) != null) {
                                tags.put(key, r.getValue(key));
                            }
                        }
                        try {
                            out.add(new RoadGraph.Way(
                                    reader.read(r.getBuffer("wkb").getBytes()).getCoordinates(), tags));
                        } catch (ParseException e) {
                            throw new IllegalStateException(
                                    "osm2pgsql staged an unreadable geometry: " + e.getMessage(), e);
                        }
                    }
                    return out;
                });
    }

    /** Drops a staging table (after it was read, or after osm2pgsql failed); nothing when it is gone. */
    public Future<Void> dropStaged(String table) {
        return pool.query(DROP_STAGED.formatted(OsmImport.checkTable(table)))
                .execute()
                .mapEmpty();
    }

    private static Future<Void> insertVertices(SqlClient conn, long id, RoadGraph.Result g) {
        Future<Void> chain = Future.succeededFuture();
        for (int from = 0; from < g.vertices().size(); from += BATCH) {
            int start = from;
            int end = Math.min(g.vertices().size(), from + BATCH);
            Long[] ids = new Long[end - start];
            Double[] lon = new Double[end - start];
            Double[] lat = new Double[end - start];
            for (int i = start; i < end; i++) {
                ids[i - start] = (long) i + 1;
                lon[i - start] = g.vertices().get(i).x;
                lat[i - start] = g.vertices().get(i).y;
            }
            chain = chain.compose(x -> conn.preparedQuery(INSERT_VERTICES)
                    .execute(Tuple.of(id)
                            .addArrayOfLong(ids)
                            .addArrayOfDouble(lon)
                            .addArrayOfDouble(lat))
                    .mapEmpty());
        }
        return chain;
    }

    private static Future<Void> insertEdges(SqlClient conn, long id, List<RoadGraph.Edge> edges) {
        GeometryFactory gf = new GeometryFactory();
        WKBWriter wkb = new WKBWriter(2);
        TravelMode[] modes = {TravelMode.EBIKE, TravelMode.WALK, TravelMode.CAR, TravelMode.TRUCK};
        Future<Void> chain = Future.succeededFuture();
        for (int from = 0; from < edges.size(); from += BATCH) {
            List<RoadGraph.Edge> part = edges.subList(from, Math.min(edges.size(), from + BATCH));
            int n = part.size();
            Long[] s = new Long[n];
            Long[] t = new Long[n];
            String[] h = new String[n];
            Short[] o = new Short[n];
            Boolean[] l = new Boolean[n];
            Double[] m = new Double[n];
            Double[][] costs = new Double[8][n];
            List<Buffer> geoms = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                RoadGraph.Edge e = part.get(i);
                s[i] = e.source();
                t[i] = e.target();
                h[i] = e.highway();
                o[i] = (short) e.oneway();
                l[i] = e.layered();
                m[i] = e.lengthM();
                for (int k = 0; k < modes.length; k++) {
                    double[] c = modes[k].costs(e.highway(), e.oneway(), e.lengthM());
                    costs[2 * k][i] = c[0];
                    costs[2 * k + 1][i] = c[1];
                }
                geoms.add(Buffer.buffer(wkb.write(gf.createLineString(e.coords()))));
            }
            Tuple tuple = Tuple.of(id)
                    .addArrayOfLong(s)
                    .addArrayOfLong(t)
                    .addArrayOfString(h)
                    .addArrayOfShort(o)
                    .addArrayOfBoolean(l)
                    .addArrayOfDouble(m);
            for (Double[] c : costs) {
                tuple.addArrayOfDouble(c);
            }
            tuple.addArrayOfBuffer(geoms.toArray(Buffer[]::new));
            chain = chain.compose(
                    x -> conn.preparedQuery(INSERT_EDGES).execute(tuple).mapEmpty());
        }
        return chain;
    }

    /**
     * Where a station joins a network: the network, the vertex and the distance to it (m; networkId null
     * when there is no network at all), the station's version and the networks' data version.
     */
    public record Snap(Long networkId, long vertex, double distanceM, int stationVersion, long networkVersion) {}

    /** How the (live) station joins the nearest network; null when there is no such station. */
    public Future<Snap> snap(long stationId) {
        return pool.preparedQuery(SNAP).execute(Tuple.of(stationId)).map(rows -> {
            if (rows.size() == 0) {
                return null;
            }
            Row r = rows.iterator().next();
            Long net = r.getLong("network_id");
            return new Snap(
                    net,
                    net == null ? 0 : r.getLong("id"),
                    net == null ? Double.POSITIVE_INFINITY : r.getDouble("d"),
                    r.getInteger("version"),
                    r.getLong("network_version"));
        });
    }

    /** A reached area: WGS 84 WKB, its GeoJSON geometry text, and how many vertices were reached. */
    public record Reached(byte[] wkb, String geoJson, long vertices) {}

    public Future<Reached> reach(TravelMode mode, Snap snap, double seconds) {
        double reachM = mode.maxKmh() / 3.6 * seconds;
        return pool.preparedQuery(reach.get(mode))
                .execute(Tuple.of(snap.networkId(), snap.vertex(), seconds, ROAD_BUFFER_M, reachM))
                .map(rows -> {
                    Row r = rows.iterator().next();
                    return new Reached(r.getBuffer("wkb").getBytes(), r.getString("geojson"), r.getLong("vertices"));
                });
    }
}
