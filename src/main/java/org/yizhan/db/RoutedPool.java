package org.yizhan.db;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.internal.ContextInternal;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PrepareOptions;
import io.vertx.sqlclient.PreparedQuery;
import io.vertx.sqlclient.Query;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.SqlResult;
import io.vertx.sqlclient.TransactionPropagation;
import io.vertx.sqlclient.Tuple;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Collector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The pool the repositories use when read replicas are configured: each statement goes to the primary
 * or to the replica chosen for the request it runs for (docs/scale.md).
 *
 * <ul>
 * <li>{@link #begin} (from the first handler of every request, {@code http.ReplicaRouting}) binds a
 *     {@link Route} to the request's Vert.x context
 *     (each HTTP request runs on its own duplicated context, and the pool's futures complete on it, so
 *     every statement of the request finds the same route). Statements outside requests (start-up,
 *     checks) go to the primary.
 * <li>{@link #readReplica} (on the public read routes only) picks a healthy replica that has replayed the
 *     client's own last write, named by a request header or cookie (ReplicaRouting); without one, or
 *     with none caught up, the request reads the primary. Every other route
 *     (writes, admin and editor reads, tokens) reads and writes the primary.
 * <li>On a write request each statement is followed by {@code pg_current_wal_lsn()} on the primary, and
 *     the response carries that position ({@link Route#writeLsn}) in a header and a cookie (read-your-writes).
 * <li>A request sticks to its replica, and once it has fallen back to the primary it stays there: the
 *     data version it read first is then never newer than the data it reads next, so an answer cached
 *     under a version is never older than that version. A replica that fails (refused or lost connection,
 *     a statement cancelled by a recovery conflict) is skipped at once and the statement runs again on
 *     the primary: reads never fail for a replica's sake.
 * </ul>
 *
 * <p>Thread-safe.
 */
public final class RoutedPool implements Pool {

    private static final Logger LOG = LoggerFactory.getLogger(RoutedPool.class);
    private static final String ROUTE_KEY = "yizhan.db.route";
    private static final String CURRENT_LSN = "SELECT pg_current_wal_lsn()::text AS lsn";
    /** SQLSTATE of a standby cancelling a query that conflicts with WAL replay. */
    private static final String RECOVERY_CONFLICT = "40001";

    /** Where one request's statements go; made by {@link #begin}. */
    public static final class Route {
        private final boolean write;
        private volatile boolean read;
        private volatile ReplicaSet.Replica replica;
        private volatile long writeLsn = -1;

        Route(boolean write) {
            this.write = write;
        }

        private synchronized void wrote(long lsn) {
            writeLsn = Math.max(writeLsn, lsn);
        }

        /** The primary's WAL position after the request's last write statement; null when it wrote none. */
        public String writeLsn() {
            return writeLsn >= 0 ? ReplicaSet.Lsn.format(writeLsn) : null;
        }

        /** Where a public read went ({@code primary} or the replica's name); null for other routes. */
        public String readFrom() {
            if (!read) {
                return null;
            }
            ReplicaSet.Replica r = replica;
            return r == null ? "primary" : r.name();
        }
    }

    private final Pool primary;
    private final ReplicaSet replicas;

    public RoutedPool(Pool primary, ReplicaSet replicas) {
        this.primary = primary;
        this.replicas = replicas;
    }

    /**
     * Binds a new route to the current request's Vert.x context (primary until {@link #readReplica} says
     * otherwise), for the request's first handler ({@code http.ReplicaRouting}); returns it so that the
     * answer can name what the request wrote and where it read.
     *
     * @param write whether the request may write (any method but GET, HEAD, OPTIONS)
     */
    public Route begin(boolean write) {
        Route route = new Route(write);
        if (Vertx.currentContext() instanceof ContextInternal c && c.isDuplicate()) {
            c.putLocal(ROUTE_KEY, route);
        }
        return route;
    }

    /**
     * On public read routes: {@code route} reads a healthy replica that has replayed WAL position
     * {@code afterLsn} (the client's last write; negative for none), else the primary.
     */
    public void readReplica(Route route, long afterLsn) {
        route.read = true;
        route.replica = replicas.pick(Math.max(afterLsn, 0));
    }

    private static Route current() {
        return Vertx.currentContext() instanceof ContextInternal c && c.isDuplicate() ? c.getLocal(ROUTE_KEY) : null;
    }

    /** Runs {@code op} where the current request's route says (see the class comment). */
    <T> Future<T> run(Function<SqlClient, Future<T>> op) {
        Route route = current();
        if (route == null) {
            return op.apply(primary);
        }
        if (route.write && !route.read) {
            return op.apply(primary).compose(result -> markWrite(route).map(result));
        }
        ReplicaSet.Replica replica = route.replica;
        if (replica == null) {
            return op.apply(primary);
        }
        if (!replica.healthy()) {
            route.replica = null;
            return op.apply(primary);
        }
        return op.apply(replica.pool()).recover(e -> {
            if (!replicaFailed(e)) {
                return Future.failedFuture(e);
            }
            LOG.warn("{} failed a read, reading the primary: {}", replica.name(), e.getMessage());
            if (DbFailures.unavailable(e)) {
                replicas.unreachable(replica, e);
            }
            route.replica = null;
            return op.apply(primary);
        });
    }

    private static boolean replicaFailed(Throwable e) {
        return DbFailures.unavailable(e) || e instanceof PgException pg && RECOVERY_CONFLICT.equals(pg.getSqlState());
    }

    /**
     * Records the primary's WAL position after a write statement. A failure to read it leaves the marker
     * as it was (logged): the write itself succeeded and must be answered as such.
     */
    private Future<Void> markWrite(Route route) {
        return primary.query(CURRENT_LSN)
                .execute()
                .map(rows -> {
                    route.wrote(ReplicaSet.Lsn.parse(rows.iterator().next().getString("lsn")));
                    return (Void) null;
                })
                .recover(e -> {
                    LOG.warn(
                            "WAL position after a write not read (read-your-writes marker missing): {}",
                            e.getMessage());
                    return Future.succeededFuture();
                });
    }

    @Override
    public Query<RowSet<Row>> query(String sql) {
        return new Routed<>(this, c -> c.query(sql));
    }

    @Override
    public PreparedQuery<RowSet<Row>> preparedQuery(String sql) {
        return new Routed<>(this, c -> c.preparedQuery(sql));
    }

    @Override
    public PreparedQuery<RowSet<Row>> preparedQuery(String sql, PrepareOptions options) {
        return new Routed<>(this, c -> c.preparedQuery(sql, options));
    }

    @Override
    public <T> Future<T> withTransaction(Function<SqlConnection, Future<T>> function) {
        return run(c -> ((Pool) c).withTransaction(function));
    }

    @Override
    public <T> Future<T> withTransaction(
            TransactionPropagation txPropagation, Function<SqlConnection, Future<T>> function) {
        return run(c -> ((Pool) c).withTransaction(txPropagation, function));
    }

    @Override
    public <T> Future<T> withConnection(Function<SqlConnection, Future<T>> function) {
        return run(c -> ((Pool) c).withConnection(function));
    }

    /** A connection of the route's pool; statements on it are not marked as writes (none of ours use it). */
    @Override
    public Future<SqlConnection> getConnection() {
        return run(c -> ((Pool) c).getConnection());
    }

    @Override
    public int size() {
        return primary.size();
    }

    /** The pools have owners (Application, ReplicaSet) that close them. */
    @Override
    public Future<Void> close() {
        return Future.succeededFuture();
    }

    /** A statement made and run on the route's pool when it executes. */
    private static final class Routed<T> implements PreparedQuery<T> {
        private final RoutedPool pool;
        private final Function<SqlClient, Query<T>> make;

        Routed(RoutedPool pool, Function<SqlClient, Query<T>> make) {
            this.pool = pool;
            this.make = make;
        }

        private PreparedQuery<T> prepared(SqlClient c) {
            return (PreparedQuery<T>) make.apply(c);
        }

        @Override
        public Future<T> execute() {
            return pool.run(c -> make.apply(c).execute());
        }

        @Override
        public Future<T> execute(Tuple tuple) {
            return pool.run(c -> prepared(c).execute(tuple));
        }

        @Override
        public Future<T> executeBatch(List<Tuple> batch) {
            return pool.run(c -> prepared(c).executeBatch(batch));
        }

        @Override
        public <R> PreparedQuery<SqlResult<R>> collecting(Collector<Row, ?, R> collector) {
            return new Routed<>(pool, c -> make.apply(c).collecting(collector));
        }

        @Override
        public <U> PreparedQuery<RowSet<U>> mapping(Function<Row, U> mapper) {
            return new Routed<>(pool, c -> make.apply(c).mapping(mapper));
        }
    }
}
