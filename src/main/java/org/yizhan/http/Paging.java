package org.yizhan.http;

import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;

/** Links between the pages of a listing. */
public final class Paging {
    private Paging() {}

    /** The request URI with {@code cursor} replaced: every other parameter is kept, so filters persist. */
    public static String nextUri(RoutingContext ctx, String cursor) {
        StringBuilder sb = new StringBuilder(ctx.request().path()).append('?');
        ctx.queryParams().forEach((name, value) -> {
            if (!name.equals("cursor")) {
                sb.append(encode(name)).append('=').append(encode(value)).append('&');
            }
        });
        return sb.append("cursor=").append(cursor).toString();
    }

    private static String encode(String s) {
        return java.net.URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
