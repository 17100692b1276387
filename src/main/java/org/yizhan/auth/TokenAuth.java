package org.yizhan.auth;

import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.util.EnumSet;
import java.util.Set;
import org.yizhan.http.ApiException;

/**
 * Route guard: a valid {@code Authorization: Bearer <token>} (else 401) whose role is allowed (else
 * 403). On success the {@link Principal} is available through {@link #principal(RoutingContext)}.
 */
public final class TokenAuth {
    private static final String KEY = "principal";

    private final TokenRepository tokens;

    public TokenAuth(TokenRepository tokens) {
        this.tokens = tokens;
    }

    /** A handler admitting only the given roles. */
    public Handler<RoutingContext> require(Role first, Role... rest) {
        Set<Role> allowed = EnumSet.of(first, rest);
        return ctx -> {
            String header = ctx.request().getHeader("Authorization");
            if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7) || header.length() <= 7) {
                ctx.fail(new ApiException(401, "unauthorized", "Authorization", "send Authorization: Bearer <token>"));
                return;
            }
            String token = header.substring(7).trim();
            if (token.length() > 200) {
                ctx.fail(new ApiException(401, "unauthorized", "Authorization", "the token is not valid"));
                return;
            }
            tokens.lookup(token)
                    .onSuccess(principal -> {
                        if (principal == null) {
                            ctx.fail(new ApiException(401, "unauthorized", "Authorization", "the token is not valid"));
                        } else if (!allowed.contains(principal.role())) {
                            ctx.fail(new ApiException(
                                    403,
                                    "forbidden",
                                    "Authorization",
                                    "role " + principal.role().code() + " may not do this"));
                        } else {
                            ctx.put(KEY, principal);
                            ctx.next();
                        }
                    })
                    .onFailure(ctx::fail);
        };
    }

    /**
     * Like {@link #require} for the requests {@code when} picks (a CSV export of a public read, say); the
     * others pass anonymously.
     */
    public Handler<RoutingContext> requireWhen(
            java.util.function.Predicate<RoutingContext> when, Role first, Role... rest) {
        Handler<RoutingContext> guard = require(first, rest);
        return ctx -> {
            if (when.test(ctx)) {
                guard.handle(ctx);
            } else {
                ctx.next();
            }
        };
    }

    public static Principal principal(RoutingContext ctx) {
        return ctx.get(KEY);
    }
}
