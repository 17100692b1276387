package org.yizhan.http;

import io.vertx.ext.web.RoutingContext;
import java.util.Set;

/**
 * The client's address: the peer's, or, when the peer is a trusted proxy ({@code YIZHAN_TRUSTED_PROXIES}),
 * the last address it added to {@code X-Forwarded-For}. For rate limits and abuse keys only; never
 * stored or logged.
 */
public final class ClientAddress {
    private final Set<String> trustedProxies;

    public ClientAddress(Set<String> trustedProxies) {
        this.trustedProxies = Set.copyOf(trustedProxies);
    }

    public String of(RoutingContext ctx) {
        String peer = ctx.request().remoteAddress() == null
                ? ""
                : ctx.request().remoteAddress().host();
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
