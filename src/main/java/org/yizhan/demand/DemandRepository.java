package org.yizhan.demand;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.util.Arrays;
import org.yizhan.audit.AuditActions;
import org.yizhan.audit.AuditRepository;
import org.yizhan.db.StatementTimeouts;
import org.yizhan.db.Statistics;

/** SQL on aggregated demand points. */
public final class DemandRepository {

    private static final String INSERT = """
            INSERT INTO demand_point (source, period, weight, geom)
            SELECT $1, t.period, t.weight, ST_SetSRID(ST_MakePoint(t.lon, t.lat), 4326)
            FROM unnest($2::float8[], $3::float8[], $4::float8[], $5::text[]) AS t(lon, lat, weight, period)""";

    private static final String DELETE_SOURCE = "DELETE FROM demand_point WHERE source = $1";

    private static final String SOURCES = """
            SELECT source, count(*) AS points, sum(weight) AS total_weight,
                   array_agg(DISTINCT period) FILTER (WHERE period IS NOT NULL) AS periods
            FROM demand_point GROUP BY source ORDER BY source""";

    private static final int BATCH = 20_000;

    private final Pool pool;

    public DemandRepository(Pool pool) {
        this.pool = pool;
    }

    /**
     * Appends points to a source (after deleting the source's points when {@code replace}), in one
     * transaction with its {@code demand_import} audit row (source and counts, not the points); returns
     * how many were written. Large inserts then analyse the table, so that coverage plans at once on its
     * real size.
     */
    public Future<Integer> insert(String source, DemandBatch batch, boolean replace, String actor) {
        return pool.withTransaction(conn -> {
                    Future<Integer> deleted = StatementTimeouts.forImport(conn)
                            .compose(v -> replace
                                    ? conn.preparedQuery(DELETE_SOURCE)
                                            .execute(Tuple.of(source))
                                            .map(r -> r.rowCount())
                                    : Future.succeededFuture(0));
                    Future<Integer> chain = deleted.map(d -> 0);
                    for (int from = 0; from < batch.size(); from += BATCH) {
                        int start = from;
                        int end = Math.min(batch.size(), from + BATCH);
                        chain = chain.compose(n -> conn.preparedQuery(INSERT)
                                .execute(Tuple.of(
                                        source,
                                        Arrays.copyOfRange(batch.lon(), start, end),
                                        Arrays.copyOfRange(batch.lat(), start, end),
                                        Arrays.copyOfRange(batch.weight(), start, end),
                                        Arrays.copyOfRange(batch.period(), start, end)))
                                .map(r -> n + r.rowCount()));
                    }
                    // The chain starts from the delete, so its count is known here.
                    return chain.compose(n -> AuditRepository.record(
                                    conn,
                                    actor,
                                    AuditActions.DEMAND_IMPORT,
                                    source,
                                    new JsonObject()
                                            .put("source", source)
                                            .put("inserted", n)
                                            .put("replace", replace)
                                            .put("deleted", deleted.result()))
                            .map(n));
                })
                .compose(n -> Statistics.refreshAfter(pool, "demand_point", n, n));
    }

    /**
     * Deletes one source's points; when there were any, in one transaction with a {@code demand_clear}
     * audit row. Returns how many went.
     */
    public Future<Integer> deleteSource(String source, String actor) {
        return pool.withTransaction(conn -> conn.preparedQuery(DELETE_SOURCE)
                .execute(Tuple.of(source))
                .map(r -> r.rowCount())
                .compose(n -> n == 0
                        ? Future.succeededFuture(0)
                        : AuditRepository.record(
                                        conn,
                                        actor,
                                        AuditActions.DEMAND_CLEAR,
                                        source,
                                        new JsonObject().put("source", source).put("deleted", n))
                                .map(n)));
    }

    public Future<JsonArray> sources() {
        return pool.query(SOURCES).execute().map(rows -> {
            JsonArray out = new JsonArray();
            rows.forEach(r -> {
                String[] periods = r.getArrayOfStrings("periods");
                out.add(new JsonObject()
                        .put("source", r.getString("source"))
                        .put("points", r.getLong("points"))
                        .put("total_weight", r.getDouble("total_weight"))
                        .put("periods", new JsonArray(periods == null ? java.util.List.of() : Arrays.asList(periods))));
            });
            return out;
        });
    }
}
