package org.yizhan.http;

import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

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
        ctx.addBodyEndHandler(v -> {
            if (!LOG.isInfoEnabled()) {
                return;
            }
            String method = ctx.request().method().name();
            String path = ctx.request().path();
            int status = ctx.response().getStatusCode();
            long ms = (System.nanoTime() - start) / 1_000_000;
            // The same facts as fields for JSON lines (LogFormat); the text line shows them in the message.
            try (MDC.MDCCloseable id = RequestIds.mdc(ctx); MDC.MDCCloseable m = MDC.putCloseable("method", method);
                    MDC.MDCCloseable p = MDC.putCloseable("path", path);
                    MDC.MDCCloseable s = MDC.putCloseable("status", Integer.toString(status));
                    MDC.MDCCloseable d = MDC.putCloseable("duration_ms", Long.toString(ms))) {
                LOG.info("{} {} {} {}ms id={}", method, path, status, ms, RequestIds.of(ctx));
            }
        });
        ctx.next();
    }
}
