package org.yizhan.auth;

import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.PlatformHandler;
import org.yizhan.http.ApiException;

/**
 * Runs before the body is read (a platform handler): a write without any {@code Authorization: Bearer}
 * header is refused at once, so an anonymous client cannot make the server buffer a 64 MiB import.
 * The token itself is checked by {@link TokenAuth} after the body.
 */
public final class BearerRequired implements PlatformHandler {

    @Override
    public void handle(RoutingContext ctx) {
        String header = ctx.request().getHeader("Authorization");
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7) || header.length() <= 7) {
            ctx.fail(new ApiException(401, "unauthorized", "Authorization", "send Authorization: Bearer <token>"));
            return;
        }
        ctx.next();
    }
}
