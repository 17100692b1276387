package org.yizhan.http;

import io.vertx.ext.web.RoutingContext;

/**
 * Headers on every answer that keep browsers from guessing types, framing the map in another site, or
 * leaking the page address (with a rider's {@code ?lat=&lon=}) to tile and map-app hosts: other origins
 * get the origin only (tile services such as 天地图 check it against the key's allowed domains). The map
 * asks for the device position itself, so geolocation stays allowed for this origin only.
 */
public final class SecurityHeaders {
    private SecurityHeaders() {}

    public static void add(RoutingContext ctx) {
        ctx.response()
                .putHeader("X-Content-Type-Options", "nosniff")
                .putHeader("X-Frame-Options", "DENY")
                .putHeader("Referrer-Policy", "strict-origin-when-cross-origin")
                .putHeader("Permissions-Policy", "geolocation=(self), camera=(), microphone=()")
                .putHeader("Cross-Origin-Opener-Policy", "same-origin");
        ctx.next();
    }
}
