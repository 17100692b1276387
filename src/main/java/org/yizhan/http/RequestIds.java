package org.yizhan.http;

import io.vertx.ext.web.RoutingContext;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.MDC;

/** Gives every request a short id, echoed in {@code X-Request-Id} and quoted in 500 answers and logs. */
public final class RequestIds {
    private static final String KEY = "requestId";

    private RequestIds() {}

    /** Assigns the id and the response header; the first handler on every route. */
    public static void assign(RoutingContext ctx) {
        String id = Long.toString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE, 36);
        ctx.put(KEY, id);
        ctx.response().putHeader("X-Request-Id", id);
        ctx.next();
    }

    /**
     * Puts the request id in the logging MDC as {@code request_id} until closed: log lines written
     * meanwhile carry it (JSON log lines as a field, {@link LogFormat}).
     */
    public static MDC.MDCCloseable mdc(RoutingContext ctx) {
        return MDC.putCloseable("request_id", of(ctx));
    }

    public static String of(RoutingContext ctx) {
        String id = ctx.get(KEY);
        return id == null ? "-" : id;
    }
}
