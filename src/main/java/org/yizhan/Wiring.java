package org.yizhan;

import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.sqlclient.Pool;
import java.time.Clock;
import org.yizhan.audit.AuditRepository;
import org.yizhan.audit.AuditRoutes;
import org.yizhan.auth.AccountRepository;
import org.yizhan.auth.AccountRoutes;
import org.yizhan.auth.Role;
import org.yizhan.auth.SignIn;
import org.yizhan.auth.TokenAuth;
import org.yizhan.auth.TokenRepository;
import org.yizhan.auth.TokenRoutes;
import org.yizhan.coverage.CoverageRepository;
import org.yizhan.coverage.CoverageRoutes;
import org.yizhan.coverage.CoverageService;
import org.yizhan.coverage.GridService;
import org.yizhan.db.DatabaseTarget;
import org.yizhan.demand.DemandRepository;
import org.yizhan.demand.DemandRoutes;
import org.yizhan.http.ClientAddress;
import org.yizhan.http.RateLimits;
import org.yizhan.http.TokenBuckets;
import org.yizhan.nearest.NearestRepository;
import org.yizhan.nearest.NearestRoutes;
import org.yizhan.nearest.NearestService;
import org.yizhan.ogc.OgcRepository;
import org.yizhan.ogc.OgcRoutes;
import org.yizhan.regions.RegionRepository;
import org.yizhan.regions.RegionRoutes;
import org.yizhan.reports.AbuseGuard;
import org.yizhan.reports.ReportRoutes;
import org.yizhan.routing.NetworkImports;
import org.yizhan.routing.ReachService;
import org.yizhan.routing.RoutingRepository;
import org.yizhan.routing.RoutingRoutes;
import org.yizhan.stations.Freshness;
import org.yizhan.stations.StationRepository;
import org.yizhan.stations.StationRoutes;
import org.yizhan.tiles.TileRoutes;

/**
 * The object graph, built in this one place and once per process: repositories, services and every
 * domain's routes, shared by all event loops (they hold no per-request state; the answer caches of
 * coverage and reach, the riders' abuse guard, the sign-in throttle and the rate limits must be one
 * for all loops). {@link ApiRouter} then lays the paths over them, once per event loop.
 * {@link Application} wires the running service with it, the tests a second server.
 */
public final class Wiring {

    final Pool pool;
    final AppConfig config;
    final Clock clock;
    final RateLimits limits;
    final TokenAuth auth;
    final StationRoutes stations;
    final NearestRoutes nearest;
    final ReportRoutes reports;
    /** The gauges GET /metrics reads from the database at each scrape, by name. */
    final java.util.Map<String, java.util.function.Supplier<io.vertx.core.Future<Long>>> gauges;

    final TokenRoutes tokens;
    final AccountRoutes accounts;
    final ApiRouter.Health health;
    final RegionRoutes regions;
    final DemandRoutes demand;
    final CoverageRoutes coverage;
    final AuditRoutes audit;
    final RoutingRoutes routing;
    final TileRoutes tiles;
    final OgcRoutes ogc;

    /**
     * @param pool    the pool the request paths use (a {@link org.yizhan.db.RoutedPool} with read replicas)
     * @param primary the primary itself: road network imports and the rate limits' token look-ups
     * @param db      where the primary is, for osm2pgsql
     */
    private Wiring(Vertx vertx, Pool pool, Pool primary, DatabaseTarget db, AppConfig config, Clock clock) {
        this.pool = pool;
        this.config = config;
        this.clock = clock;
        AppConfig.Riders riders = config.riders();
        ReachService reach = new ReachService(new RoutingRepository(pool));
        // Imports write the primary; osm2pgsql connects to it too.
        NetworkImports imports = new NetworkImports(vertx, db, new RoutingRepository(primary), clock);
        CoverageRepository coverageRepo = new CoverageRepository(pool);
        AbuseGuard guard = new AbuseGuard(clock, AbuseGuard.Limits.DEFAULT);
        SignIn signIn = SignIn.of(clock, config.sessionTtl());
        this.limits = rateLimits(primary, clock, config);
        TokenRepository tokenRepo = new TokenRepository(pool, clock);
        this.auth = new TokenAuth(tokenRepo);
        StationRepository stationRepo = new StationRepository(pool);
        Freshness freshness = new Freshness(riders.staleAfter(), ReportRoutes.summaries(pool));
        this.stations = new StationRoutes(vertx, stationRepo, config.timezone(), clock, freshness);
        this.nearest = new NearestRoutes(
                new NearestService(new NearestRepository(pool), freshness), config.timezone(), clock, reach);
        this.reports = new ReportRoutes(pool, stationRepo, guard, clock, freshness, riders.trustedProxies());
        this.gauges = java.util.Map.of("yizhan_reports_open", ReportRoutes.queueLength(pool));
        this.tokens = new TokenRoutes(tokenRepo);
        this.accounts = new AccountRoutes(
                vertx,
                new AccountRepository(pool, clock),
                tokenRepo,
                signIn.throttle(),
                clock,
                signIn.sessionTtl(),
                riders.trustedProxies());
        this.health = new ApiRouter.Health(pool);
        this.regions = new RegionRoutes(vertx, new RegionRepository(pool));
        this.demand = new DemandRoutes(vertx, new DemandRepository(pool));
        this.coverage = new CoverageRoutes(
                new CoverageService(vertx, coverageRepo, reach), new GridService(vertx, coverageRepo));
        this.audit = new AuditRoutes(new AuditRepository(pool));
        this.routing = new RoutingRoutes(reach, imports);
        this.tiles = new TileRoutes(pool, clock, freshness);
        this.ogc = new OgcRoutes(new OgcRepository(pool), clock);
    }

    /** The graph over {@code pool} (request paths) and {@code primary} (see the constructor). */
    public static Wiring build(Vertx vertx, Pool pool, Pool primary, DatabaseTarget db, AppConfig config, Clock clock) {
        return new Wiring(vertx, pool, primary, db, config, clock);
    }

    /** A router over this graph, for one event loop's HTTP server. */
    public Router router(Vertx vertx) {
        return ApiRouter.create(vertx, this);
    }

    /**
     * The rate limits of {@code config} ({@code api} and {@code heavy}, each off at 0 a minute): one for
     * all event loops. Admin and editor tokens are not limited.
     */
    private static RateLimits rateLimits(Pool pool, Clock clock, AppConfig config) {
        AppConfig.Limits l = config.limits();
        TokenRepository tokens = new TokenRepository(pool);
        return new RateLimits(
                clock,
                new ClientAddress(config.riders().trustedProxies()),
                l.perMinute() == 0 ? null : TokenBuckets.Rate.perMinute(l.perMinute(), l.burst()),
                l.heavyPerMinute() == 0 ? null : TokenBuckets.Rate.perMinute(l.heavyPerMinute(), l.heavyBurst()),
                token -> tokens.lookup(token)
                        .map(p -> p != null && (p.role() == Role.ADMIN || p.role() == Role.EDITOR)));
    }
}
