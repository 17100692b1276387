package org.yizhan.ogc;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.yizhan.coverage.FutureCache;

/**
 * All SQL of the OGC API. Statements are assembled from the constant texts below and the whitelisted
 * pieces of an {@link OgcCollection}; every value of a request is bound as {@code $n}. Paging is by id
 * (keyset: {@code id > after} or {@code id < before}), so that the primary key serves it; a bbox is the
 * geometry index's {@code &&} test (stations are live-only, as the partial index {@code station_geom_idx}).
 */
public final class OgcRepository {

    private static final String PAGE = """
            SELECT %s
            FROM %s
            WHERE %s
            ORDER BY %s %s
            LIMIT %s""";

    private static final String COUNT = """
            SELECT count(*) AS n
            FROM %s
            WHERE %s""";

    private static final String FIND = """
            SELECT %s
            FROM %s
            WHERE %s AND %s = $1""";

    private static final String EXTENT = """
            SELECT ST_XMin(x.e) AS xmin, ST_YMin(x.e) AS ymin, ST_XMax(x.e) AS xmax, ST_YMax(x.e) AS ymax, x.t0, x.t1
            FROM (SELECT ST_Extent(%s) AS e, min(%s) AS t0, max(%s) AS t1 FROM %s WHERE %s) x""";

    /**
     * What one items request asks for. {@code start}/{@code end} bound {@code updated_at} (inclusive start,
     * exclusive end; null is open). {@code properties} are equality tests on queryables, already typed.
     */
    public record ItemQuery(
            double[] bbox,
            Instant start,
            Instant end,
            Map<Queryable, Object> properties,
            Cql2.Expr filter,
            Long after,
            Long before,
            int limit) {}

    /** One page: its features in id order, and whether rows exist beyond it in the paging direction. */
    public record Page(JsonArray features, long firstId, long lastId, boolean more) {}

    /** A statement's text and values, as the server runs it (plan-shape tests read them). */
    public record Statement(String sql, io.vertx.sqlclient.Tuple args) {}

    private final Pool pool;

    public OgcRepository(Pool pool) {
        this.pool = pool;
    }

    private static final String DATA_VERSION = "SELECT current_data_version()";
    /** Extents by collection and data version (two collections; a few versions kept). */
    private final FutureCache<JsonObject> extents = new FutureCache<>(8, "ogc_extents");

    /** The number of features the query matches, ignoring paging. */
    public Future<Long> count(OgcCollection c, ItemQuery q) {
        SqlArgs args = new SqlArgs();
        return pool.preparedQuery(countSql(c, q, args))
                .execute(args.tuple())
                .map(rows -> rows.iterator().next().getLong("n"));
    }

    /** One page of features, {@code limit + 1} rows read to know whether another page follows. */
    public Future<Page> page(OgcCollection c, ItemQuery q) {
        SqlArgs args = new SqlArgs();
        String sql = pageSql(c, q, args);
        boolean backwards = q.before() != null;
        return pool.preparedQuery(sql).execute(args.tuple()).map(rows -> {
            List<JsonObject> out = new ArrayList<>();
            for (Row r : rows) {
                out.add(c.feature().apply(r));
            }
            boolean more = out.size() > q.limit();
            if (more) {
                out.remove(out.size() - 1);
            }
            if (backwards) {
                java.util.Collections.reverse(out);
            }
            JsonArray features = new JsonArray(new ArrayList<>(out));
            long first = out.isEmpty() ? 0 : out.get(0).getLong("id");
            long last = out.isEmpty() ? 0 : out.get(out.size() - 1).getLong("id");
            return new Page(features, first, last, more);
        });
    }

    /** The page statement for {@code q}. */
    public static Statement pageStatement(OgcCollection c, ItemQuery q) {
        SqlArgs args = new SqlArgs();
        return new Statement(pageSql(c, q, args), args.tuple());
    }

    /** The numberMatched statement for {@code q}. */
    public static Statement countStatement(OgcCollection c, ItemQuery q) {
        SqlArgs args = new SqlArgs();
        return new Statement(countSql(c, q, args), args.tuple());
    }

    /** The page statement for {@code q}, its values added to {@code args}. */
    static String pageSql(OgcCollection c, ItemQuery q, SqlArgs args) {
        StringBuilder where = new StringBuilder(where(c, q, args));
        if (q.after() != null) {
            where.append(" AND ").append(c.idColumn()).append(" > ").append(args.bind(q.after()));
        }
        if (q.before() != null) {
            where.append(" AND ").append(c.idColumn()).append(" < ").append(args.bind(q.before()));
        }
        return PAGE.formatted(
                c.columns(),
                c.from(),
                where,
                c.idColumn(),
                q.before() != null ? "DESC" : "ASC",
                args.bind(q.limit() + 1));
    }

    /** The count statement for {@code q}. */
    static String countSql(OgcCollection c, ItemQuery q, SqlArgs args) {
        return COUNT.formatted(c.from(), where(c, q, args));
    }

    /** One feature, or null. */
    public Future<JsonObject> find(OgcCollection c, long id) {
        String sql = FIND.formatted(c.columns(), c.from(), c.live(), c.idColumn());
        return pool.preparedQuery(sql)
                .execute(io.vertx.sqlclient.Tuple.of(id))
                .map(rows -> rows.size() == 0
                        ? null
                        : c.feature().apply(rows.iterator().next()));
    }

    /**
     * The collection's extent: {@code bbox} (w, s, e, n; null when empty) and the {@code updated_at}
     * interval (ends may be null). Computing it reads every live row (a third of a second at a national
     * million stations), so it is kept per data version: a crawler walking the collections pages costs
     * one small read each time until a write moves the version.
     */
    public Future<JsonObject> extent(OgcCollection c) {
        return pool.query(DATA_VERSION).execute().compose(rows -> {
            long version = rows.iterator().next().getLong(0);
            return extents.get(c.id() + "@" + version, () -> computeExtent(c));
        });
    }

    private Future<JsonObject> computeExtent(OgcCollection c) {
        String sql = EXTENT.formatted(c.geomColumn(), c.updatedColumn(), c.updatedColumn(), c.from(), c.live());
        return pool.query(sql).execute().map(rows -> {
            Row r = rows.iterator().next();
            JsonObject out = new JsonObject();
            if (r.getValue("xmin") != null) {
                out.put(
                        "bbox",
                        new JsonArray()
                                .add(r.getDouble("xmin"))
                                .add(r.getDouble("ymin"))
                                .add(r.getDouble("xmax"))
                                .add(r.getDouble("ymax")));
            }
            out.put("start", iso(r.getOffsetDateTime("t0"))).put("end", iso(r.getOffsetDateTime("t1")));
            return out;
        });
    }

    private static String where(OgcCollection c, ItemQuery q, SqlArgs args) {
        StringBuilder w = new StringBuilder(c.live());
        if (q.bbox() != null) {
            double[] b = q.bbox();
            String envelope = "ST_MakeEnvelope(" + args.bind(b[0]) + "::float8, " + args.bind(b[1]) + "::float8, "
                    + args.bind(b[2]) + "::float8, " + args.bind(b[3]) + "::float8, 4326)";
            // For points the index test is exact (edges included); an area needs the real intersection too.
            w.append(
                    c.points()
                            ? " AND " + c.geomColumn() + " && " + envelope
                            : " AND ST_Intersects(" + c.geomColumn() + ", " + envelope + ")");
        }
        if (q.start() != null) {
            w.append(" AND ")
                    .append(c.updatedColumn())
                    .append(" >= ")
                    .append(args.bind(utc(q.start())))
                    .append("::timestamptz");
        }
        if (q.end() != null) {
            w.append(" AND ")
                    .append(c.updatedColumn())
                    .append(" < ")
                    .append(args.bind(utc(q.end())))
                    .append("::timestamptz");
        }
        for (Map.Entry<Queryable, Object> p : q.properties().entrySet()) {
            Object v = p.getValue() instanceof Instant i ? utc(i) : p.getValue();
            w.append(" AND ")
                    .append(p.getKey().column())
                    .append(" = ")
                    .append(args.bind(v))
                    .append(cast(p.getKey()));
        }
        if (q.filter() != null) {
            w.append(" AND ").append(Cql2Sql.where(q.filter(), c.queryables(), args));
        }
        return w.toString();
    }

    private static String cast(Queryable q) {
        return switch (q.type()) {
            case STRING -> "::text";
            case INTEGER -> "::bigint";
            case BOOLEAN -> "::boolean";
            case TIMESTAMP -> "::timestamptz";
            case GEOMETRY -> throw new IllegalArgumentException("no equality test on a geometry");
        };
    }

    private static OffsetDateTime utc(Instant i) {
        return i.atOffset(ZoneOffset.UTC);
    }

    private static String iso(OffsetDateTime t) {
        return t == null
                ? null
                : t.withOffsetSameInstant(ZoneOffset.UTC)
                        .truncatedTo(java.time.temporal.ChronoUnit.SECONDS)
                        .toInstant()
                        .toString();
    }
}
