package org.yizhan;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.NetClientOptions;
import io.vertx.pgclient.PgBuilder;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import java.time.Clock;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.yizhan.auth.TokenBootstrap;
import org.yizhan.db.DatabaseTarget;
import org.yizhan.db.EmbeddedPostgis;
import org.yizhan.db.Migrations;
import org.yizhan.db.ReplicaSet;
import org.yizhan.db.RoutedPool;
import org.yizhan.db.StatementTimeouts;
import org.yizhan.demo.DemoLoader;
import org.yizhan.http.LogFormat;
import org.yizhan.http.Metrics;

/**
 * The running service: database (embedded or external), schema, pool, HTTP. {@link #start} blocks
 * until the server listens; {@link #close} stops accepting, lets in-flight requests finish, closes the
 * pool, and stops the embedded cluster. Used by {@link Main} and by the integration tests alike.
 */
public final class Application implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Application.class);
    /** Bounds every SQL statement on request paths; a runaway query answers 503, not a hung request. */
    static final int STATEMENT_TIMEOUT_MS = StatementTimeouts.REQUEST_MS;

    private static final long SHUTDOWN_GRACE_S = 20;
    /** Longest wait for a pooled connection (all busy, or the database unreachable). */
    static final int POOL_WAIT_S = 2;

    private final EmbeddedPostgis embedded;
    private final Vertx vertx;
    private final Pool pool;
    private final ReplicaSet replicas;
    private final int port;
    private final String bootstrapToken;
    private final DatabaseTarget database;
    private final String deployment;

    private Application(
            EmbeddedPostgis embedded,
            Vertx vertx,
            Pool pool,
            ReplicaSet replicas,
            int port,
            String bootstrapToken,
            DatabaseTarget database,
            String deployment) {
        this.embedded = embedded;
        this.vertx = vertx;
        this.pool = pool;
        this.replicas = replicas;
        this.port = port;
        this.bootstrapToken = bootstrapToken;
        this.database = database;
        this.deployment = deployment;
    }

    public static Application start(AppConfig config, Clock clock) {
        LogFormat.use(config.logFormat());
        EmbeddedPostgis embedded = null;
        DatabaseTarget db;
        if (config.databaseUrl() != null) {
            db = DatabaseTarget.fromUrl(config.databaseUrl());
        } else {
            embedded = EmbeddedPostgis.start(config.dataDir());
            db = embedded.target();
        }
        Vertx vertx = null;
        try {
            int ran = Migrations.migrate(db);
            LOG.info("schema is current ({} migration(s) applied now)", ran);
            vertx = Metrics.vertx();
            int size = config.dbPoolSize();
            Pool pool = pool(vertx, db, size, "yizhan");
            ReplicaSet replicas = replicas(vertx, pool, config);
            // With replicas, the repositories' statements go where each request's route says (docs/scale.md).
            Pool routed = replicas == null ? pool : new RoutedPool(pool, replicas);
            if (config.demo()) {
                int loaded = await(DemoLoader.loadIfEmpty(vertx, pool));
                if (loaded > 0) {
                    LOG.info("loaded the synthetic demo city: {} stations", loaded);
                }
            }
            int instances = Math.max(1, Runtime.getRuntime().availableProcessors());
            // All instances must share one port; with port 0 choose it here, not in each instance.
            int port = config.port() == 0 ? freePort() : config.port();
            // The object graph, once for all event loops (its caches, guards and limits are one).
            Wiring wiring = Wiring.build(vertx, routed, pool, db, config, clock);
            String deployment = await(vertx.deployVerticle(
                    () -> new HttpVerticle(wiring, config, port), new DeploymentOptions().setInstances(instances)));
            if (embedded != null) {
                supervise(vertx, embedded);
            }
            // Last, so that a failed start (port taken, say) never swallows a generated token unseen.
            String token = await(TokenBootstrap.ensureAdmin(pool, config.adminToken()));
            return new Application(embedded, vertx, pool, replicas, port, token, db, deployment);
        } catch (RuntimeException e) {
            if (vertx != null) {
                vertx.close();
            }
            if (embedded != null) {
                embedded.close();
            }
            throw e;
        }
    }

    /** A pool on {@code db} of at most {@code size} connections, bounded waits (the primary's and each replica's). */
    private static Pool pool(Vertx vertx, DatabaseTarget db, int size, String name) {
        return PgBuilder.pool()
                .with(new PoolOptions()
                        .setMaxSize(size)
                        .setMaxWaitQueueSize(2_000)
                        .setName(name)
                        // A request waits at most this long for a connection, then answers 503.
                        .setConnectionTimeout(POOL_WAIT_S)
                        .setConnectionTimeoutUnit(TimeUnit.SECONDS))
                // A database that does not answer at all fails fast (the request answers 503), not in 60 s.
                .with(new NetClientOptions().setConnectTimeout(1_000))
                .connectingTo(db.connectOptions(STATEMENT_TIMEOUT_MS))
                .using(vertx)
                .build();
    }

    /** The replicas of {@code YIZHAN_REPLICA_URLS}, each with a pool the size of the primary's; null for none. */
    private static ReplicaSet replicas(Vertx vertx, Pool primary, AppConfig config) {
        if (config.replicas().isEmpty()) {
            return null;
        }
        java.util.List<Pool> pools = new java.util.ArrayList<>();
        for (String url : config.replicas().urls()) {
            pools.add(pool(
                    vertx, DatabaseTarget.fromUrl(url), config.dbPoolSize(), "yizhan-replica-" + (pools.size() + 1)));
        }
        LOG.info(
                "{} read replica(s); one lagging more than {} s is skipped",
                pools.size(),
                config.replicas().maxLag().toSeconds());
        return ReplicaSet.start(vertx, primary, pools, config.replicas().maxLag());
    }

    /** How often the embedded cluster's postmaster is looked at; a dead one is started again. */
    static final long SUPERVISE_EVERY_MS = 2_000;

    /**
     * Keeps the embedded cluster up: every {@value #SUPERVISE_EVERY_MS} ms, off the event loop, a dead
     * postmaster is restarted on its port. Meanwhile requests answer 503 with Retry-After (ErrorHandler),
     * and the pool reconnects by itself once the database is back.
     */
    private static void supervise(Vertx vertx, EmbeddedPostgis embedded) {
        java.util.concurrent.atomic.AtomicBoolean busy = new java.util.concurrent.atomic.AtomicBoolean();
        vertx.setPeriodic(SUPERVISE_EVERY_MS, id -> {
            if (!busy.compareAndSet(false, true)) {
                return;
            }
            vertx.executeBlocking(
                            () -> {
                                if (!embedded.alive()) {
                                    LOG.warn("embedded PostGIS is not running; starting it again");
                                    embedded.restart();
                                }
                                return null;
                            },
                            false)
                    .onComplete(done -> {
                        busy.set(false);
                        if (done.failed()) {
                            LOG.warn(
                                    "embedded PostGIS restart failed, trying again: {}",
                                    done.cause().getMessage());
                        }
                    });
        });
    }

    public int port() {
        return port;
    }

    /** The admin token generated at this start (first start without YIZHAN_ADMIN_TOKEN), else null. */
    public String generatedAdminToken() {
        return bootstrapToken;
    }

    /** Where the data is; tests use it to check the database directly. */
    public DatabaseTarget database() {
        return database;
    }

    public Vertx vertx() {
        return vertx;
    }

    /**
     * Stops in order: the HTTP servers stop accepting and drain (up to 20 s), then the pool closes, then
     * Vert.x, then the embedded cluster. (Vert.x alone would close the pool, a close hook, before it
     * undeploys the servers, failing requests still in flight.)
     */
    @Override
    public void close() {
        try {
            await(vertx.undeploy(deployment));
        } catch (RuntimeException e) {
            LOG.warn("stopping the HTTP servers: {}", e.getMessage());
        }
        if (replicas != null) {
            replicas.close();
        }
        try {
            await(pool.close());
        } catch (RuntimeException e) {
            LOG.warn("closing the database pool: {}", e.getMessage());
        }
        try {
            await(vertx.close());
        } catch (RuntimeException e) {
            LOG.warn("closing Vert.x: {}", e.getMessage());
        }
        if (embedded != null) {
            embedded.close();
        }
    }

    static <T> T await(Future<T> f) {
        try {
            return f.toCompletionStage().toCompletableFuture().get(10, TimeUnit.MINUTES);
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            throw c instanceof RuntimeException r ? r : new IllegalStateException(c);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (TimeoutException e) {
            throw new IllegalStateException("timed out", e);
        }
    }

    private static int freePort() {
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            return s.getLocalPort();
        } catch (java.io.IOException e) {
            throw new IllegalStateException("no free port: " + e.getMessage(), e);
        }
    }

    /** One HTTP server per event loop, all sharing the port and the pool. */
    static final class HttpVerticle extends VerticleBase {
        private final Wiring wiring;
        private final AppConfig config;
        private final int port;
        private HttpServer server;

        HttpVerticle(Wiring wiring, AppConfig config, int port) {
            this.wiring = wiring;
            this.config = config;
            this.port = port;
        }

        @Override
        public Future<?> start() {
            server = vertx.createHttpServer(
                    new HttpServerOptions().setCompressionSupported(true).setMaxInitialLineLength(8192));
            return server.requestHandler(wiring.router(vertx)).listen(port, config.host());
        }

        /** Stop accepting; let requests in flight finish (bounded), then close. */
        @Override
        public Future<?> stop() {
            return server.shutdown(SHUTDOWN_GRACE_S, TimeUnit.SECONDS);
        }
    }
}
