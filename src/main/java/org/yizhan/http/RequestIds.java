package org.yizhan.http;

import io.vertx.ext.web.RoutingContext;
import java.util.concurrent.ThreadLocalRandom;

/** Gives every request a short id, echoed in {@code X-Request-Id} and quoted in 500 answers and logs. */
public final class RequestIds {
    private static final String KEY = "requestId";

    private RequestIds() {
    }

    /** Assigns the id and the response header; the first handler on every route. */
    public static void assign(RoutingContext ctx) {
        String id = Long.toString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE, 36);
        ctx.put(KEY, id);
        ctx.response().putHeader("X-Request-Id", id);
        ctx.next();
    }

    public static String of(RoutingContext ctx) {
        String id = ctx.get(KEY);
        return id == null ? "-" : id;
    }
}
