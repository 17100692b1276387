package org.yizhan.http;

import io.vertx.core.http.Cookie;
import io.vertx.core.http.CookieSameSite;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;
import java.util.Set;
import org.yizhan.db.ReplicaSet;
import org.yizhan.db.RoutedPool;

/**
 * The HTTP side of {@link RoutedPool} (docs/scale.md): {@link #begin} first on every request, {@link #replicaRead}
 * on the public read routes; the client names its last write in {@value #WRITE_LSN_HEADER} or the
 * {@value #WRITE_LSN_COOKIE} cookie, and every answer after a write carries the primary's position in both.
 */
public final class ReplicaRouting {

    /** Request and response header carrying the WAL position of the client's last write. */
    public static final String WRITE_LSN_HEADER = "Yizhan-Write-Lsn";
    /** The same position as a cookie, for browsers (the admin page). */
    public static final String WRITE_LSN_COOKIE = "yizhan_write_lsn";
    /** Response header on the public read routes: {@code primary} or the replica's name. */
    public static final String READ_FROM_HEADER = "Yizhan-Read-From";
    /** How long the cookie lasts; far beyond any lag a replica may have and still be read. */
    static final long COOKIE_MAX_AGE_S = 3_600;

    private static final String ROUTE_KEY = "yizhan.db.route";
    private static final Set<HttpMethod> SAFE = Set.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.OPTIONS);

    private final RoutedPool pool;

    public ReplicaRouting(RoutedPool pool) {
        this.pool = pool;
    }

    /** First handler of every request: its route (primary until {@link #replicaRead} says otherwise). */
    public void begin(RoutingContext ctx) {
        RoutedPool.Route route = pool.begin(!SAFE.contains(ctx.request().method()));
        ctx.put(ROUTE_KEY, route);
        ctx.addHeadersEndHandler(v -> {
            String lsn = route.writeLsn();
            if (lsn != null) {
                ctx.response().putHeader(WRITE_LSN_HEADER, lsn);
                ctx.response()
                        .addCookie(Cookie.cookie(WRITE_LSN_COOKIE, lsn)
                                .setPath("/")
                                .setMaxAge(COOKIE_MAX_AGE_S)
                                .setHttpOnly(true)
                                .setSameSite(CookieSameSite.LAX));
            }
            String readFrom = route.readFrom();
            if (readFrom != null) {
                ctx.response().putHeader(READ_FROM_HEADER, readFrom);
            }
        });
        ctx.next();
    }

    /**
     * On public read routes: a replica for this request unless the client's last write (header or
     * cookie) is not replayed on any healthy one. 400 for a malformed position.
     */
    public void replicaRead(RoutingContext ctx) {
        RoutedPool.Route route = ctx.get(ROUTE_KEY);
        if (route != null) {
            pool.readReplica(
                    route,
                    Math.max(
                            position(ctx.request().getHeader(WRITE_LSN_HEADER), WRITE_LSN_HEADER),
                            position(cookie(ctx), WRITE_LSN_COOKIE)));
        }
        ctx.next();
    }

    private static String cookie(RoutingContext ctx) {
        Cookie c = ctx.request().getCookie(WRITE_LSN_COOKIE);
        return c == null ? null : c.getValue();
    }

    private static long position(String value, String field) {
        if (value == null || value.isBlank()) {
            return -1;
        }
        try {
            return ReplicaSet.Lsn.parse(value.strip());
        } catch (IllegalArgumentException e) {
            throw ApiException.invalid(field, field + " must be a WAL position such as 0/16B3748, as a write answered");
        }
    }
}
