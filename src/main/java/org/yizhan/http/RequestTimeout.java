package org.yizhan.http;

import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

/**
 * A bound on how long an API answer may take: past it the client gets 503 with Retry-After instead of
 * waiting on. Statements are bounded by the database (statement_timeout) and the pool's wait by the
 * pool, but a connection lost at the wrong moment (the database killed mid-request) can leave a request
 * waiting on nothing. Imports and exports, which legitimately take longer, are left out.
 */
public final class RequestTimeout {
    private RequestTimeout() {}

    public static Handler<RoutingContext> of(long ms) {
        return ctx -> {
            String path = ctx.request().path();
            if (path.endsWith("/import") || path.endsWith("/export")) {
                ctx.next();
                return;
            }
            long timer = ctx.vertx().setTimer(ms, t -> {
                if (!ctx.response().headWritten() && !ctx.response().closed()) {
                    ErrorHandler.sendTimeout(ctx);
                }
            });
            ctx.addEndHandler(v -> ctx.vertx().cancelTimer(timer));
            ctx.next();
        };
    }
}
