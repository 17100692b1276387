package org.yizhan;

import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.MimeMapping;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.StaticHandler;
import io.vertx.sqlclient.Pool;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Set;
import org.yizhan.audit.AuditRoutes;
import org.yizhan.auth.AccountRoutes;
import org.yizhan.auth.BearerRequired;
import org.yizhan.auth.Role;
import org.yizhan.auth.TokenAuth;
import org.yizhan.auth.TokenRoutes;
import org.yizhan.coverage.CoverageRoutes;
import org.yizhan.db.RoutedPool;
import org.yizhan.demand.DemandRoutes;
import org.yizhan.http.AccessLog;
import org.yizhan.http.AllowedMethods;
import org.yizhan.http.Bodies;
import org.yizhan.http.ContentSecurityPolicy;
import org.yizhan.http.Cors;
import org.yizhan.http.ErrorHandler;
import org.yizhan.http.Metrics;
import org.yizhan.http.RateLimits;
import org.yizhan.http.ReplicaRouting;
import org.yizhan.http.RequestIds;
import org.yizhan.http.RequestTimeout;
import org.yizhan.http.SecurityHeaders;
import org.yizhan.nearest.NearestRoutes;
import org.yizhan.ogc.OgcRoutes;
import org.yizhan.regions.RegionRoutes;
import org.yizhan.reports.ReportRoutes;
import org.yizhan.routing.RoutingRoutes;
import org.yizhan.stations.StationRoutes;
import org.yizhan.stations.VocabularyRoutes;
import org.yizhan.tiles.TileRoutes;

/** Every path of the API, in one screen. Handlers live in the domain packages. */
public final class ApiRouter {

    /** Largest body for a single write (one Feature): generous for long names and hours, small for abuse. */
    public static final long WRITE_BODY_LIMIT = 256 * 1024;
    /** Largest rider's report: 500 characters of comment and a few fields, with room to spare. */
    public static final long REPORT_BODY_LIMIT = 8 * 1024;
    /** Largest import body: 100,000 features of about 600 bytes. */
    public static final long IMPORT_BODY_LIMIT = 64L * 1024 * 1024;

    private ApiRouter() {}

    /** The paths over {@code w}'s routes, for one event loop's HTTP server (built by {@link Wiring#router}). */
    static Router create(Vertx vertx, Wiring w) {
        Pool pool = w.pool;
        RateLimits limits = w.limits;
        TokenAuth auth = w.auth;
        StationRoutes stations = w.stations;
        NearestRoutes nearest = w.nearest;
        ReportRoutes reports = w.reports;
        TokenRoutes tokens = w.tokens;
        AccountRoutes accounts = w.accounts;
        Health health = w.health;
        RegionRoutes regions = w.regions;
        DemandRoutes demand = w.demand;
        CoverageRoutes coverage = w.coverage;
        AuditRoutes audit = w.audit;
        RoutingRoutes routing = w.routing;
        TileRoutes vectorTiles = w.tiles;
        OgcRoutes ogc = w.ogc;
        AppConfig.Tiles tiles = w.config.tiles();
        // A CSV export of a coverage read is a planner's (docs/accounts.md); the JSON read stays public.
        Handler<RoutingContext> csvExport = auth.requireWhen(
                ctx -> ctx.queryParams().getAll("format").equals(List.of("csv")), Role.ADMIN, Role.PLANNER);

        BearerRequired bearer = new BearerRequired();
        // Public reads may go to a read replica (when configured): docs/scale.md. Every other route reads the primary.
        ReplicaRouting replicas = pool instanceof RoutedPool routed ? new ReplicaRouting(routed) : null;
        Handler<RoutingContext> replica = replicas != null ? replicas::replicaRead : RoutingContext::next;
        BodyHandler writeBody = BodyHandler.create(false).setBodyLimit(WRITE_BODY_LIMIT);
        BodyHandler importBody = BodyHandler.create(false).setBodyLimit(IMPORT_BODY_LIMIT);
        BodyHandler reportBody = BodyHandler.create(false).setBodyLimit(REPORT_BODY_LIMIT);

        // Vert.x runs body handlers before user handlers: a platform handler refuses writes without any
        // bearer header before a body is read; the token itself is checked after the body.
        Router api = Router.router(vertx);
        api.route().handler(limits::api);
        // Statements stop at 10 s, the pool wait at 2 s; nothing on the request path should pass 15 s.
        api.route().handler(RequestTimeout.of(15_000));
        // CPU-heavy answers have a second, smaller limit (RateLimits); coverage only when by travel time.
        Handler<RoutingContext> byTime = limits.heavyWhen(
                ctx -> ctx.queryParams().contains("mode") || ctx.queryParams().contains("minutes"));
        api.get("/vocabulary").handler(VocabularyRoutes::vocabulary);
        api.get("/stations/nearest").handler(replica).handler(nearest::nearest);
        api.get("/stations").handler(replica).handler(stations::list);
        api.get("/stations/export").handler(replica).handler(stations::export);
        api.get("/stations/stale")
                .handler(auth.require(Role.ADMIN, Role.EDITOR))
                .handler(reports::stale);
        api.post("/stations/:id/reports").handler(reportBody).handler(reports::report);
        api.post("/stations/:id/checkins").handler(reportBody).handler(reports::checkin);
        api.post("/stations/:id/verify")
                .handler(auth.require(Role.ADMIN, Role.EDITOR))
                .handler(reports::confirm);
        api.get("/reports").handler(auth.require(Role.ADMIN, Role.EDITOR)).handler(reports::queue);
        api.post("/reports/:id/accept")
                .handler(bearer)
                .handler(writeBody)
                .handler(auth.require(Role.ADMIN, Role.EDITOR))
                .handler(reports::accept);
        api.post("/reports/:id/reject")
                .handler(bearer)
                .handler(writeBody)
                .handler(auth.require(Role.ADMIN, Role.EDITOR))
                .handler(reports::reject);
        api.get("/coverage/utilisation").handler(csvExport).handler(replica).handler(reports::utilisation);
        api.post("/stations/import")
                .handler(bearer)
                .handler(importBody)
                .handler(auth.require(Role.ADMIN, Role.EDITOR))
                .handler(stations::importStations);
        api.post("/stations")
                .handler(bearer)
                .handler(writeBody)
                .handler(auth.require(Role.ADMIN, Role.EDITOR))
                .handler(stations::create);
        api.get("/stations/:id/audit")
                .handler(auth.require(Role.ADMIN, Role.EDITOR))
                .handler(stations::audit);
        api.get("/stations/:id/isochrone")
                .handler(limits::heavy)
                .handler(replica)
                .handler(routing::isochrone);
        api.post("/networks/import")
                .handler(bearer)
                .handler(importBody)
                .handler(auth.require(Role.ADMIN, Role.PLANNER))
                .handler(routing::importNetwork);
        api.get("/networks/jobs/:id")
                .handler(auth.require(Role.ADMIN, Role.PLANNER))
                .handler(routing::job);
        api.get("/stations/:id").handler(replica).handler(stations::get);
        api.put("/stations/:id")
                .handler(bearer)
                .handler(writeBody)
                .handler(auth.require(Role.ADMIN, Role.EDITOR))
                .handler(stations::replace);
        api.patch("/stations/:id")
                .handler(bearer)
                .handler(writeBody)
                .handler(auth.require(Role.ADMIN, Role.EDITOR))
                .handler(stations::patch);
        api.delete("/stations/:id")
                .handler(auth.require(Role.ADMIN, Role.EDITOR))
                .handler(stations::delete);
        api.get("/regions").handler(replica).handler(regions::list);
        api.post("/regions/import")
                .handler(bearer)
                .handler(importBody)
                .handler(auth.require(Role.ADMIN, Role.PLANNER))
                .handler(regions::importRegions);
        api.get("/regions/:idOrCode").handler(replica).handler(regions::get);
        api.post("/demand/import")
                .handler(bearer)
                .handler(importBody)
                .handler(auth.require(Role.ADMIN, Role.PLANNER))
                .handler(demand::importDemand);
        api.get("/demand/sources").handler(demand::sources);
        api.delete("/demand").handler(auth.require(Role.ADMIN, Role.PLANNER)).handler(demand::clear);
        api.get("/coverage").handler(byTime).handler(csvExport).handler(replica).handler(coverage::coverage);
        api.get("/coverage/districts")
                .handler(byTime)
                .handler(csvExport)
                .handler(replica)
                .handler(coverage::districts);
        api.get("/coverage/grid").handler(limits::heavy).handler(replica).handler(coverage::grid);
        api.post("/coverage/suggestions")
                .handler(bearer)
                .handler(writeBody)
                .handler(auth.require(Role.ADMIN, Role.PLANNER))
                .handler(limits::heavy)
                .handler(replica)
                .handler(coverage::suggestions);
        api.post("/coverage/what-if")
                .handler(bearer)
                .handler(writeBody)
                .handler(auth.require(Role.ADMIN, Role.PLANNER))
                .handler(limits::heavy)
                .handler(replica)
                .handler(coverage::whatIf);
        api.post("/tokens")
                .handler(bearer)
                .handler(writeBody)
                .handler(auth.require(Role.ADMIN))
                .handler(tokens::issue);
        api.delete("/tokens/:id")
                .handler(auth.require(Role.ADMIN, Role.EDITOR, Role.PLANNER, Role.VIEWER))
                .handler(accounts::revoke);
        api.post("/login").handler(writeBody).handler(accounts::login);
        api.post("/logout")
                .handler(auth.require(Role.ADMIN, Role.EDITOR, Role.PLANNER, Role.VIEWER))
                .handler(accounts::logout);
        api.get("/accounts").handler(auth.require(Role.ADMIN)).handler(accounts::list);
        api.post("/accounts")
                .handler(bearer)
                .handler(writeBody)
                .handler(auth.require(Role.ADMIN))
                .handler(accounts::create);
        api.patch("/accounts/:id")
                .handler(bearer)
                .handler(writeBody)
                .handler(auth.require(Role.ADMIN))
                .handler(accounts::update);
        api.get("/me")
                .handler(auth.require(Role.ADMIN, Role.EDITOR, Role.PLANNER, Role.VIEWER))
                .handler(tokens::me);
        api.get("/audit").handler(auth.require(Role.ADMIN, Role.EDITOR)).handler(audit::list);
        api.get("/tiles/stations.json").handler(replica).handler(vectorTiles::stationTileJson);
        api.get("/tiles/stations/:z/:x/:y.mvt").handler(replica).handler(vectorTiles::stationTile);
        api.get("/tiles/regions.json").handler(replica).handler(vectorTiles::regionTileJson);
        api.get("/tiles/regions/:z/:x/:y.mvt").handler(replica).handler(vectorTiles::regionTile);

        Router root = Router.router(vertx);
        root.route()
                .handler(RequestIds::assign)
                .handler(SecurityHeaders::add)
                .handler(AccessLog::handle)
                .handler(new Cors(w.config.corsOrigins())::handle);
        if (replicas != null) {
            root.route().handler(replicas::begin);
        }
        root.get("/health").handler(health::live);
        root.get("/ready").handler(health::ready);
        // Prometheus text format; any valid token (issue a viewer token for the scraper).
        root.get("/metrics")
                .handler(auth.require(Role.ADMIN, Role.EDITOR, Role.PLANNER, Role.VIEWER))
                .handler(Metrics.scraping(w.gauges));
        root.get("/config.json").handler(ctx -> WebConfig.send(ctx, tiles));
        root.get("/openapi.json").handler(ApiRouter::openApi);
        root.route("/api/v1/*").subRouter(api);
        // OGC API – Features (its own OpenAPI 3.0 document at /ogc/api), before the static files' catch-all.
        root.routeWithRegex("^/ogc(/.*)?$").handler(limits::api);
        root.get("/ogc").handler(ogc::landing);
        root.get("/ogc/api").handler(ogc::api);
        root.get("/ogc/conformance").handler(ogc::conformance);
        root.get("/ogc/collections").handler(ogc::collections);
        root.get("/ogc/collections/:collectionId").handler(ogc::collection);
        root.get("/ogc/collections/:collectionId/queryables").handler(ogc::queryables);
        root.get("/ogc/collections/:collectionId/items").handler(replica).handler(ogc::items);
        root.get("/ogc/collections/:collectionId/items/:featureId")
                .handler(replica)
                .handler(ogc::item);
        root.get("/vendor/leaflet/*")
                .handler(ApiRouter::headContentType)
                .handler(StaticHandler.create("META-INF/resources/webjars/leaflet/1.9.4/dist"));
        // Static files for every GET outside the API, so that a wrong method on an API path stays a 405.
        root.getWithRegex("^/(?!api/).*")
                .handler(new ContentSecurityPolicy(tiles)::handle)
                .handler(ApiRouter::headContentType)
                .handler(StaticHandler.create("webroot").setIndexPage("index.html"));

        ErrorHandler errors = new ErrorHandler();
        root.route().failureHandler(errors);
        api.route().failureHandler(errors);
        root.errorHandler(404, ctx -> ErrorHandler.sendStatus(ctx, 404));
        AllowedMethods.addHead(api);
        AllowedMethods.addHead(root);
        AllowedMethods allowed = new AllowedMethods()
                .add("/api/v1", api)
                .add("", root)
                .add("/(?!api/).*", Set.of(HttpMethod.GET, HttpMethod.HEAD));
        api.route().order(-1).handler(allowed.literalPathGuard());
        root.errorHandler(405, ctx -> {
            ctx.response().putHeader("Allow", allowed.allow(ctx.request().path()));
            ErrorHandler.sendStatus(ctx, 405);
        });
        return root;
    }

    /**
     * StaticHandler answers HEAD without a Content-Type; name the one its GET sends (the same rule: the
     * file's MIME type, text types in UTF-8).
     */
    private static void headContentType(RoutingContext ctx) {
        if (ctx.request().method() == HttpMethod.HEAD) {
            String path = ctx.normalizedPath();
            String type = MimeMapping.mimeTypeForFilename(path.endsWith("/") ? path + "index.html" : path);
            if (type != null) {
                ctx.response().putHeader("Content-Type", type.startsWith("text") ? type + ";charset=UTF-8" : type);
            }
        }
        ctx.next();
    }

    /** The API's OpenAPI document, read once from the class path; it lives at its own path (no redirect). */
    private static void openApi(RoutingContext ctx) {
        ctx.response()
                .putHeader("Content-Type", "application/json; charset=utf-8")
                .putHeader("Cache-Control", "no-cache")
                .end(OpenApiDocument.BYTES);
    }

    private static final class OpenApiDocument {
        static final Buffer BYTES = read();

        private static Buffer read() {
            try (InputStream in = ApiRouter.class.getResourceAsStream("/openapi/openapi.json")) {
                if (in == null) {
                    throw new IllegalStateException("openapi/openapi.json is not on the class path");
                }
                return Buffer.buffer(in.readAllBytes());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** {@code /health}: the process answers. {@code /ready}: and the database too, else 503. */
    static final class Health {
        private final Pool pool;

        Health(Pool pool) {
            this.pool = pool;
        }

        void live(RoutingContext ctx) {
            Bodies.json(ctx, 200, new JsonObject().put("status", "ok"));
        }

        void ready(RoutingContext ctx) {
            pool.query("SELECT 1")
                    .execute()
                    .timeout(3, java.util.concurrent.TimeUnit.SECONDS)
                    .onSuccess(rows -> Bodies.json(ctx, 200, new JsonObject().put("status", "ready")))
                    .onFailure(
                            err -> ErrorHandler.send(ctx, 503, "unavailable", null, "the database is not reachable"));
        }
    }
}
