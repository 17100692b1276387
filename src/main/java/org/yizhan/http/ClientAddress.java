package org.yizhan.http;

import io.vertx.ext.web.RoutingContext;
import java.util.Set;

/** Who a client is for rate limits: an address, used in memory only, never stored or logged. */
public final class ClientAddress {
    private ClientAddress() {
    }

    /**
     * The client's address: the peer's, or, when the peer is a trusted proxy, the last address it added
     * to {@code X-Forwarded-For}.
     */
    public static String of(RoutingContext ctx, Set<String> trustedProxies) {
        String peer = ctx.request().remoteAddress() == null ? "" : ctx.request().remoteAddress().host();
        String forwarded = ctx.request().getHeader("X-Forwarded-For");
        if (forwarded != null && trustedProxies.contains(peer)) {
            String[] hops = forwarded.split(",");
            String last = hops[hops.length - 1].strip();
            if (!last.isEmpty() && last.length() <= 64) {
                return last;
            }
        }
        return peer;
    }
}
