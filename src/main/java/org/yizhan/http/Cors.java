package org.yizhan.http;

import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import java.util.Collection;
import java.util.Set;

/**
 * Cross-origin access for the origins in {@code YIZHAN_CORS_ORIGINS} (none by default: the map page is
 * served by the server itself and needs no CORS). An allowed origin gets {@code Access-Control-Allow-Origin}
 * on every answer and its preflight ({@code OPTIONS} with {@code Access-Control-Request-Method}) answered
 * 204; any other origin's preflight is refused with 403 {@code cors_refused}, and its other requests get no
 * CORS headers, so that a browser does not hand the answer to that origin's script. No credentials:
 * tokens travel in the Authorization header, never in cookies.
 */
public final class Cors {
    static final String METHODS = "GET, HEAD, POST, PUT, PATCH, DELETE";
    static final String HEADERS = "Authorization, Content-Type, If-Match, If-None-Match";
    static final String EXPOSED = "ETag, Location, Retry-After, X-Request-Id";
    /** How long a browser may reuse a preflight answer, in seconds. */
    static final int MAX_AGE_S = 600;

    private final Set<String> origins;

    /** @param origins exact origins ({@code https://host[:port]}); empty: no cross-origin access */
    public Cors(Collection<String> origins) {
        this.origins = Set.copyOf(origins);
    }

    public void handle(RoutingContext ctx) {
        String origin = ctx.request().getHeader("Origin");
        boolean preflight = ctx.request().method() == HttpMethod.OPTIONS
                && origin != null
                && ctx.request().getHeader("Access-Control-Request-Method") != null;
        HttpServerResponse response = ctx.response();
        if (!origins.isEmpty()) {
            response.putHeader("Vary", "Origin");
        }
        if (origin != null && origins.contains(origin)) {
            response.putHeader("Access-Control-Allow-Origin", origin)
                    .putHeader("Access-Control-Expose-Headers", EXPOSED);
            if (preflight) {
                response.putHeader("Access-Control-Allow-Methods", METHODS)
                        .putHeader("Access-Control-Allow-Headers", HEADERS)
                        .putHeader("Access-Control-Max-Age", Integer.toString(MAX_AGE_S))
                        .setStatusCode(204)
                        .end();
                return;
            }
        } else if (preflight) {
            String shown = origin.length() > 100 ? origin.substring(0, 100) + "…" : origin;
            ErrorHandler.send(
                    ctx, 403, "cors_refused", "Origin", "cross-origin requests from " + shown + " are not allowed");
            return;
        }
        ctx.next();
    }
}
