package org.yizhan.tiles;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.ZoneOffset;
import org.yizhan.stations.FilteredSql;
import org.yizhan.stations.StationFilter;
import org.yizhan.stations.StationFilterSql;

/**
 * SQL for Mapbox Vector Tiles (MVT 2.1, extent {@value #EXTENT}) in Web Mercator tile coordinates.
 * Stations are stored in WGS 84: each statement selects them with {@code geom && } the tile envelope
 * (plus a margin of {@value #BUFFER} tile units) transformed to EPSG:4326, so that the partial geometry
 * index {@code station_geom_idx} finds them, and only the selected points are transformed to EPSG:3857.
 * The bounding box of a transformed Mercator rectangle is exact in longitude and latitude (both axes are
 * monotonic), so the index test loses no station.
 *
 * <p>Every statement also reads the data version of its table in the same snapshot, so that a tile and
 * its ETag always describe the same data. Station statements bind {@code $1..$3} z, x, y, {@code $4} the
 * stale cutoff (verifications before it are stale: {@code stale} on each station) and the filter's values
 * from {@code $5} ({@link #stationArgs}).
 */
final class TileRepository {

    /** Tile extent in tile units (MVT default). */
    static final int EXTENT = 4096;
    /** Margin around a tile, in tile units, drawn so that symbols at an edge are not cut. */
    static final int BUFFER = 64;
    /** Zoom levels below this one get clusters; from it on, one feature per station. */
    static final int POINT_ZOOM = 13;
    /** From this zoom on, station features carry the name. */
    static final int NAME_ZOOM = 15;
    /** Cluster cells per tile side: at most 16 x 16 clusters per tile (plus the margin's). */
    static final int CELLS = 16;
    /** Most station features one point tile holds (about 20 bytes each without names, 60 with). */
    static final int MAX_POINTS = 20_000;
    /** Most region features one tile holds. */
    static final int MAX_REGIONS = 5_000;
    /** The sphere of EPSG:3857 (WGS 84's semi-major axis), in metres: x = R·λ, y = R·ln tan(π/4 + φ/2). */
    static final String MERCATOR_RADIUS = "6378137.0";

    /**
     * The tile's envelope {@code e} (EPSG:3857) and, for the index test, the envelope grown by
     * {@code margin} (a fraction of the tile's side) in EPSG:4326.
     */
    private static String envelopes(double margin) {
        return """
            t AS (
                SELECT ST_TileEnvelope($1::int, $2::int, $3::int) AS e,
                       ST_Transform(ST_TileEnvelope($1::int, $2::int, $3::int, margin => %s), 4326) AS m4326
            )""".formatted(Double.toString(margin));
    }

    /** Parameter number of the stale cutoff; the filter's values follow it. */
    private static final int CUTOFF = 4;

    /**
     * One feature per station: {@code $1..$3} z, x, y; {@code $4} the stale cutoff; the filter from
     * {@code $5}. The feature id and {@code id} are the station id; {@code name} only from {@link #NAME_ZOOM}.
     */
    private static final FilteredSql POINTS = new FilteredSql(f -> """
            WITH %s, q AS (
                SELECT s.id AS fid, s.id, s.kind, s.category, s.status, %s AS stale,
                       CASE WHEN $1::int >= %d THEN s.name END AS name,
                       ST_AsMVTGeom(ST_Transform(s.geom, 3857), t.e, %d, %d, true) AS geom
                FROM station s, t
                WHERE %s AND s.geom && t.m4326
                LIMIT %d
            )
            SELECT (SELECT ST_AsMVT(q, 'stations', %d, 'geom', 'fid') FROM q WHERE q.geom IS NOT NULL) AS mvt,
                   (SELECT v FROM data_version_counter WHERE name = 'station') AS data_version""".formatted(
                    envelopes((double) BUFFER / EXTENT),
                    StationFilterSql.staleExpression(CUTOFF),
                    NAME_ZOOM,
                    EXTENT,
                    BUFFER,
                    StationFilterSql.predicate(f, CUTOFF + 1),
                    MAX_POINTS,
                    EXTENT));

    /**
     * Grid clusters: the tile is cut into {@link #CELLS} x {@link #CELLS} cells aligned with the tile
     * grid (so a cell never straddles two tiles); each cell with stations becomes one point at their
     * mean position, with {@code count}, the most common {@code kind} (ties: the first by name) and
     * {@code cluster = true}; a cell with one station is that station (with its id, category, status
     * and stale). Stations are read one cell beyond the tile, so that the clusters drawn in the margin have
     * their whole counts; clusters whose centre lies outside the tile and its margin are dropped by
     * ST_AsMVTGeom. Same parameters as {@link #POINTS}.
     *
     * <p>Fast at national size (a z6 tile over a city region reads ~70,000 stations): Web Mercator x/y
     * are computed with the spherical formulas of EPSG:3857 instead of ST_Transform per row, and every
     * aggregate over the stations is hashable (per cell and kind, then the few hundred cells), so the
     * stations are never sorted; an ordered-set aggregate such as {@code mode()} would force a sort of
     * all of them, spilled to disk at the default work_mem (TilePlansTest checks the shape).
     */
    private static final FilteredSql CLUSTERS = new FilteredSql(f -> """
            WITH %s, p AS (
                SELECT %s * radians(ST_X(s.geom)) AS x, %s * ln(tan(pi() / 4 + radians(ST_Y(s.geom)) / 2)) AS y,
                       s.id, s.kind, s.category, s.status, %s AS stale, (ST_XMax(t.e) - ST_XMin(t.e)) / %d AS cell
                FROM station s, t
                WHERE %s AND s.geom && t.m4326
            ), k AS (
                SELECT floor(p.x / p.cell) AS cx, floor(p.y / p.cell) AS cy, p.kind, count(*) AS n,
                       sum(p.x) AS sx, sum(p.y) AS sy, min(p.id) AS min_id, min(p.category) AS category,
                       min(p.status) AS status, bool_or(p.stale) AS stale
                FROM p
                GROUP BY 1, 2, 3
            ), r AS (
                SELECT k.*, row_number() OVER (PARTITION BY k.cx, k.cy ORDER BY k.n DESC, k.kind) AS rank
                FROM k
            ), c AS (
                SELECT sum(r.n) AS count, min(r.kind) FILTER (WHERE r.rank = 1) AS kind, min(r.min_id) AS min_id,
                       min(r.category) AS category, min(r.status) AS status, bool_or(r.stale) AS stale,
                       ST_MakePoint(sum(r.sx) / sum(r.n), sum(r.sy) / sum(r.n)) AS centre
                FROM r
                GROUP BY r.cx, r.cy
            ), q AS (
                SELECT CASE WHEN c.count = 1 THEN c.min_id END AS id, c.kind,
                       CASE WHEN c.count = 1 THEN c.category END AS category,
                       CASE WHEN c.count = 1 THEN c.status END AS status,
                       CASE WHEN c.count = 1 THEN c.stale END AS stale,
                       c.count::int AS count, c.count > 1 AS cluster,
                       ST_AsMVTGeom(ST_SetSRID(c.centre, 3857), t.e, %d, %d, true) AS geom
                FROM c, t
            )
            SELECT (SELECT ST_AsMVT(q, 'stations', %d, 'geom') FROM q WHERE q.geom IS NOT NULL) AS mvt,
                   (SELECT v FROM data_version_counter WHERE name = 'station') AS data_version""".formatted(
                    envelopes(1.0 / CELLS),
                    MERCATOR_RADIUS,
                    MERCATOR_RADIUS,
                    StationFilterSql.staleExpression(CUTOFF),
                    CELLS,
                    StationFilterSql.predicate(f, CUTOFF + 1),
                    EXTENT,
                    BUFFER,
                    EXTENT));

    /** Regions whose box meets the tile: id, code, name, level; polygons clipped to the tile and its margin. */
    private static final String REGIONS =
            """
            WITH %s, q AS (
                SELECT r.id AS fid, r.id, r.code, r.name, r.level,
                       ST_AsMVTGeom(ST_Transform(r.geom, 3857), t.e, %d, %d, true) AS geom
                FROM region r, t
                WHERE r.geom && t.m4326
                LIMIT %d
            )
            SELECT (SELECT ST_AsMVT(q, 'regions', %d, 'geom', 'fid') FROM q WHERE q.geom IS NOT NULL) AS mvt,
                   (SELECT v FROM data_version_counter WHERE name = 'region') AS data_version""".formatted(envelopes((double) BUFFER / EXTENT), EXTENT, BUFFER, MAX_REGIONS, EXTENT);

    private static final String VERSION = "SELECT v FROM data_version_counter WHERE name = $1";

    /** The station tile statement for this filter at this zoom (plan-shape tests read it). */
    static String stationSql(StationFilter filter, int z) {
        return (z < POINT_ZOOM ? CLUSTERS : POINTS).text(filter);
    }

    /** The values a station tile statement binds, in order: z, x, y, the stale cutoff, the filter's. */
    static Tuple stationArgs(StationFilter filter, int z, int x, int y, Instant staleCutoff) {
        return StationFilterSql.bind(filter, Tuple.of(z, x, y, staleCutoff.atOffset(ZoneOffset.UTC)));
    }

    static String regionSql() {
        return REGIONS;
    }

    /**
     * A tile's bytes (empty for a tile without features) and the data version they were read at; null
     * bytes stand for "not modified" (the client's copy is of this version).
     */
    record Tile(Buffer mvt, long dataVersion) {}

    /** Which table a layer reads, as named in {@code data_version_counter}. */
    enum Layer {
        STATIONS("station"),
        REGIONS("region");

        final String counter;

        Layer(String counter) {
            this.counter = counter;
        }
    }

    private final Pool pool;

    TileRepository(Pool pool) {
        this.pool = pool;
    }

    /** The layer's data version now: a write moves it at its commit (sql/V3). */
    Future<Long> dataVersion(Layer layer) {
        return pool.preparedQuery(VERSION)
                .execute(Tuple.of(layer.counter))
                .map(rows -> rows.iterator().next().getLong(0));
    }

    /** The station tile; stations last verified before {@code staleCutoff} (or never) carry {@code stale = true}. */
    Future<Tile> stations(int z, int x, int y, StationFilter filter, Instant staleCutoff) {
        return tile(stationSql(filter, z), stationArgs(filter, z, x, y, staleCutoff));
    }

    Future<Tile> regions(int z, int x, int y) {
        return tile(REGIONS, Tuple.of(z, x, y));
    }

    private Future<Tile> tile(String sql, Tuple args) {
        return pool.preparedQuery(sql).execute(args).map(rows -> {
            Row r = rows.iterator().next();
            Buffer mvt = r.getBuffer("mvt");
            return new Tile(mvt == null ? Buffer.buffer() : mvt, r.getLong("data_version"));
        });
    }
}
