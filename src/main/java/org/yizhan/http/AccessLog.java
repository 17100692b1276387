package org.yizhan.http;

import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One line per request: method, path, status, milliseconds, request id. The query string is left out
 * on purpose: it carries riders' positions, which are never logged.
 */
public final class AccessLog {
    private static final Logger LOG = LoggerFactory.getLogger("access");

    private AccessLog() {
    }

    public static void handle(RoutingContext ctx) {
        long start = System.nanoTime();
        ctx.addBodyEndHandler(v -> LOG.info("{} {} {} {}ms id={}", ctx.request().method(), ctx.request().path(),
                ctx.response().getStatusCode(), (System.nanoTime() - start) / 1_000_000, RequestIds.of(ctx)));
        ctx.next();
    }
}
