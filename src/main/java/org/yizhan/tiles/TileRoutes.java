package org.yizhan.tiles;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Set;
import java.util.function.LongFunction;
import java.util.function.Supplier;
import org.yizhan.http.ApiException;
import org.yizhan.http.Bodies;
import org.yizhan.http.Params;
import org.yizhan.stations.Freshness;
import org.yizhan.stations.StationFilter;
import org.yizhan.tiles.TileRepository.Layer;
import org.yizhan.tiles.TileRepository.Tile;

/**
 * Vector tiles of stations and regions ({@code /api/v1/tiles/...}) and their TileJSON documents.
 *
 * <p>Never stale: a tile's ETag is the data version of its table (sql/V3), read in the tile's own
 * snapshot, and tiles may be cached only with revalidation ({@code Cache-Control: no-cache}). A
 * revalidation costs one indexed read of the version and answers 304 while no write has committed; after
 * any write, in any instance, the version has moved and the next request gets the new tile.
 *
 * <p>A station tile also says which stations are {@code stale} at the server's clock, and its content
 * depends on the filter: its ETag names the stale cutoff (rounded down to the hour, so that it holds for
 * an hour) and the filter too, so that neither the clock passing a station's stale date nor another
 * filter can be answered 304 with an old copy.
 */
public final class TileRoutes {

    /** Deepest zoom served. */
    static final int MAX_ZOOM = 22;
    /** Deepest zoom the TileJSON announces: from there on clients overzoom (the tiles hold every station). */
    static final int TILEJSON_MAX_ZOOM = 16;

    static final String MVT = "application/vnd.mapbox-vector-tile";
    /** Bumped when the tile layout changes, so that clients do not keep tiles of an older server. */
    private static final String FORMAT = "2";

    private static final Set<String> NO_PARAMS = Set.of();

    private final TileRepository repo;
    private final Clock clock;
    private final Freshness freshness;

    /**
     * @param pool      the server's pool
     * @param clock     the server's clock (tests move it), for the stale cutoff
     * @param freshness how long a verification holds
     */
    public TileRoutes(Pool pool, Clock clock, Freshness freshness) {
        this.repo = new TileRepository(pool);
        this.clock = clock;
        this.freshness = freshness;
    }

    /** GET /api/v1/tiles/stations/{z}/{x}/{y}.mvt?kind&category&amenity&status&vehicle_type&has_discount */
    public void stationTile(RoutingContext ctx) {
        TileAddress a = TileAddress.of(ctx);
        StationFilter filter = StationFilter.from(
                new Params(ctx.queryParams()).allowOnly(StationFilter.PARAMS), StationFilter.NOT_CLOSED);
        Instant cutoff = staleCutoff();
        String filterTag = filterTag(filter);
        respond(
                ctx,
                Layer.STATIONS,
                v -> stationEtag(v, cutoff, filterTag),
                () -> filter.matchesNothing()
                        ? repo.dataVersion(Layer.STATIONS).map(v -> new Tile(Buffer.buffer(), v))
                        : repo.stations(a.z(), a.x(), a.y(), filter, cutoff));
    }

    /**
     * Verifications before this instant are stale in tiles: the stale age before now, rounded down to the
     * hour. A station turns grey in the tiles at most an hour after the JSON reads call it stale.
     */
    private Instant staleCutoff() {
        return freshness.cutoff(clock.instant()).truncatedTo(ChronoUnit.HOURS);
    }

    /** GET /api/v1/tiles/regions/{z}/{x}/{y}.mvt */
    public void regionTile(RoutingContext ctx) {
        TileAddress a = TileAddress.of(ctx);
        new Params(ctx.queryParams()).allowOnly(NO_PARAMS);
        respond(ctx, Layer.REGIONS, TileRoutes::etag, () -> repo.regions(a.z(), a.x(), a.y()));
    }

    /** GET /api/v1/tiles/stations.json: TileJSON 3.0 whose tile URLs carry the same filter parameters. */
    public void stationTileJson(RoutingContext ctx) {
        StationFilter.from(new Params(ctx.queryParams()).allowOnly(StationFilter.PARAMS), StationFilter.NOT_CLOSED);
        JsonObject fields = new JsonObject()
                .put("id", "Number: the station id (also the feature id); absent on clusters")
                .put("kind", "String: rest_station, parking or meal; on a cluster its most common kind")
                .put("category", "String: a rest station's category")
                .put("status", "String: open, temporarily_closed or closed")
                .put(
                        "stale",
                        "Boolean: never verified, or not for the stale age (YIZHAN_STALE_DAYS) at the server's clock,"
                                + " to the hour; absent on clusters")
                .put("name", "String: from zoom " + TileRepository.NAME_ZOOM)
                .put("count", "Number: stations in a cluster (below zoom " + TileRepository.POINT_ZOOM + ")")
                .put("cluster", "Boolean: true when count > 1");
        tileJson(
                ctx,
                "stations",
                "Yizhan stations: grid clusters below zoom " + TileRepository.POINT_ZOOM
                        + ", one feature per station from there on",
                fields);
    }

    /** GET /api/v1/tiles/regions.json */
    public void regionTileJson(RoutingContext ctx) {
        new Params(ctx.queryParams()).allowOnly(NO_PARAMS);
        JsonObject fields = new JsonObject()
                .put("id", "Number: the region id (also the feature id)")
                .put("code", "String")
                .put("name", "String")
                .put("level", "String: city, district, street or custom");
        tileJson(ctx, "regions", "Yizhan regions (cities, districts, streets, planners' areas)", fields);
    }

    private void tileJson(RoutingContext ctx, String layer, String description, JsonObject fields) {
        String query = ctx.request().query();
        URI self = URI.create(ctx.request().absoluteURI());
        String base = self.getScheme() + "://" + self.getRawAuthority();
        String url = base + "/api/v1/tiles/" + layer + "/{z}/{x}/{y}.mvt"
                + (query == null || query.isEmpty() ? "" : "?" + query);
        JsonObject doc = new JsonObject()
                .put("tilejson", "3.0.0")
                .put("name", layer)
                .put("description", description)
                .put("scheme", "xyz")
                .put("tiles", new JsonArray().add(url))
                .put("minzoom", 0)
                .put("maxzoom", TILEJSON_MAX_ZOOM)
                .put(
                        "bounds",
                        new JsonArray().add(-180).add(-85.051129).add(180).add(85.051129))
                .put(
                        "vector_layers",
                        new JsonArray()
                                .add(new JsonObject()
                                        .put("id", layer)
                                        .put("description", description)
                                        .put("minzoom", 0)
                                        .put("maxzoom", TILEJSON_MAX_ZOOM)
                                        .put("fields", fields)));
        ctx.response().putHeader("Cache-Control", "no-cache");
        Bodies.json(ctx, 200, doc);
    }

    /**
     * 304 when {@code If-None-Match} names the current version (one cheap read, no tile built); else the
     * tile with the version it was read at: 200 with its bytes, or 204 for a tile without features.
     */
    private void respond(RoutingContext ctx, Layer layer, LongFunction<String> etagOf, Supplier<Future<Tile>> build) {
        String ifNoneMatch = ctx.request().getHeader("If-None-Match");
        Future<Tile> tile = ifNoneMatch == null
                ? build.get()
                : repo.dataVersion(layer)
                        .compose(v -> matches(ifNoneMatch, etagOf.apply(v))
                                ? Future.succeededFuture(new Tile(null, v))
                                : build.get());
        tile.onSuccess(t -> {
                    ctx.response()
                            .putHeader("Cache-Control", "no-cache")
                            .putHeader("ETag", etagOf.apply(t.dataVersion()));
                    if (t.mvt() == null) {
                        ctx.response().setStatusCode(304).end();
                    } else if (t.mvt().length() == 0) {
                        ctx.response().setStatusCode(204).end();
                    } else {
                        ctx.response()
                                .putHeader("Content-Type", MVT)
                                .setStatusCode(200)
                                .end(t.mvt());
                    }
                })
                .onFailure(ctx::fail);
    }

    /** A weak ETag: equal versions give equal features, not always the same bytes (row order). */
    static String etag(long dataVersion) {
        return "W/\"" + dataVersion + "." + FORMAT + "\"";
    }

    /**
     * A station tile's weak ETag, {@code W/"<version>.<cutoff hours since 1970>.<filter tag>.<format>"}:
     * equal tags give equal features for one tile address.
     */
    static String stationEtag(long dataVersion, Instant staleCutoff, String filterTag) {
        return "W/\"" + dataVersion + "." + staleCutoff.getEpochSecond() / 3600 + "." + filterTag + "." + FORMAT + "\"";
    }

    /**
     * 12 hex digits of a digest of the filter with each list sorted: the same for the same stations
     * whatever the order of the values in the query ({@code kind=meal,parking} and {@code kind=parking,meal}).
     */
    static String filterTag(StationFilter f) {
        JsonObject canonical = new JsonObject();
        f.toJson()
                .forEach(e -> canonical.put(
                        e.getKey(),
                        e.getValue() instanceof JsonArray values
                                ? new JsonArray(new ArrayList<>(values.stream()
                                        .map(String::valueOf)
                                        .sorted()
                                        .toList()))
                                : e.getValue()));
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(canonical.encode().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 6);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java has SHA-256", e);
        }
    }

    /** If-None-Match holds {@code *} or a list of entity tags, compared weakly (RFC 9110 §13.1.2). */
    static boolean matches(String ifNoneMatch, String etag) {
        String want = opaque(etag);
        for (String part : ifNoneMatch.split(",")) {
            String tag = part.trim();
            if (tag.equals("*") || opaque(tag).equals(want)) {
                return true;
            }
        }
        return false;
    }

    private static String opaque(String tag) {
        return tag.startsWith("W/") ? tag.substring(2) : tag;
    }

    /** z, x and y of a tile path, validated: 400 naming the field. */
    record TileAddress(int z, int x, int y) {
        static TileAddress of(RoutingContext ctx) {
            int z = integer(ctx, "z", 0, MAX_ZOOM);
            int max = (1 << z) - 1;
            return new TileAddress(z, integer(ctx, "x", 0, max), integer(ctx, "y", 0, max));
        }

        private static int integer(RoutingContext ctx, String name, int min, int max) {
            String raw = ctx.pathParam(name);
            String range = name + " must be an integer between " + min + " and " + max
                    + (name.equals("z") ? "" : " (2^z - 1)");
            if (raw == null || !raw.matches("[0-9]{1,9}")) {
                throw ApiException.invalid(name, range);
            }
            int v = Integer.parseInt(raw);
            if (v < min || v > max) {
                throw ApiException.invalid(name, range);
            }
            return v;
        }
    }
}
