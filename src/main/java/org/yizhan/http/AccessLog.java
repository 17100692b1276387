package org.yizhan.http;

import io.vertx.ext.web.RoutingContext;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * One line per request: method, path, status, milliseconds, request id. The query string is left out
 * on purpose: it carries riders' positions, which are never logged. A tile path names a place too: one
 * beyond zoom {@value #LOGGED_ZOOM} (a tile narrower than 0.01°) is logged as its ancestor at that zoom,
 * marked with {@code ~} ({@link #loggedPath}).
 */
public final class AccessLog {
    private static final Logger LOG = LoggerFactory.getLogger("access");
    /** The finest zoom whose tiles a log line names: 360° / 2^14 = 0.022° wide, at least 0.013° tall south of 54°N. */
    static final int LOGGED_ZOOM = 14;

    private static final Pattern TILE =
            Pattern.compile("(/api/v1/tiles/[^/]+/)(\\d{1,2})/(\\d{1,8})/(\\d{1,8})(\\.\\w+)");

    private AccessLog() {}

    public static void handle(RoutingContext ctx) {
        long start = System.nanoTime();
        ctx.addBodyEndHandler(v -> {
            if (!LOG.isInfoEnabled()) {
                return;
            }
            String method = ctx.request().method().name();
            String path = loggedPath(ctx.request().path());
            int status = ctx.response().getStatusCode();
            long ms = (System.nanoTime() - start) / 1_000_000;
            // The same facts as fields for JSON lines (LogFormat); the text line shows them in the message.
            try (MDC.MDCCloseable id = RequestIds.mdc(ctx);
                    MDC.MDCCloseable m = MDC.putCloseable("method", method);
                    MDC.MDCCloseable p = MDC.putCloseable("path", path);
                    MDC.MDCCloseable s = MDC.putCloseable("status", Integer.toString(status));
                    MDC.MDCCloseable d = MDC.putCloseable("duration_ms", Long.toString(ms))) {
                LOG.info("{} {} {} {}ms id={}", method, path, status, ms, RequestIds.of(ctx));
            }
        });
        ctx.next();
    }

    /**
     * The path as logged: a tile {@code /api/v1/tiles/L/z/x/y.ext} with z beyond {@link #LOGGED_ZOOM} keeps
     * its zoom and shows the x and y of its ancestor at that zoom after {@code ~}
     * ({@code …/16/~13721/~6693.mvt} for 16/54884/26775); every other path as it is.
     */
    static String loggedPath(String path) {
        Matcher m = TILE.matcher(path);
        if (!m.matches()) {
            return path;
        }
        int z = Integer.parseInt(m.group(2));
        if (z <= LOGGED_ZOOM) {
            return path;
        }
        int shift = z - LOGGED_ZOOM;
        return m.group(1) + z + "/~" + (Long.parseLong(m.group(3)) >> shift) + "/~"
                + (Long.parseLong(m.group(4)) >> shift) + m.group(5);
    }
}
