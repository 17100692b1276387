package org.yizhan.http;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.util.function.Function;
import java.util.function.Predicate;
import org.yizhan.http.TokenBuckets.Rate;

/**
 * Per-client rate limits on the public API, in this process's memory (each instance counts on its own).
 * Every request spends a token of the client's {@code api} bucket; CPU-heavy requests (suggestions,
 * grid, what-if, isochrones, coverage by travel time) also one of its smaller {@code heavy} bucket. A
 * client past either limit gets 429 {@code rate_limited} with {@code Retry-After} and the limit named in
 * the message. Clients are told apart by {@link ClientAddress} and known only by a {@link ClientKeys} key.
 *
 * <p>A request past the limit that carries a bearer token for which {@code unlimitedToken} answers true
 * (admin and editor tokens: imports and moderation must not wait for riders behind the same address) is
 * let through; only such requests cost a token look-up.
 */
public final class RateLimits {
    /** Most clients remembered; past it the least recently seen is forgotten. About 100 bytes each. */
    static final int MAX_CLIENTS = 200_000;

    private static final String UNLIMITED = "rateLimitUnlimited";

    private final ClientAddress clients;
    private final ClientKeys keys;
    private final TokenBuckets buckets;
    private final Rate api;
    private final Rate heavy;
    private final Function<String, Future<Boolean>> unlimitedToken;

    /**
     * @param api            every request's limit, or null for none
     * @param heavy          CPU-heavy requests' limit, or null for none
     * @param unlimitedToken whether a bearer token is exempt (looked up only for a request past a limit)
     */
    public RateLimits(
            Clock clock,
            ClientAddress clients,
            Rate api,
            Rate heavy,
            Function<String, Future<Boolean>> unlimitedToken) {
        this.clients = clients;
        this.keys = new ClientKeys(clock);
        this.buckets = new TokenBuckets(clock, MAX_CLIENTS);
        this.api = api;
        this.heavy = heavy;
        this.unlimitedToken = unlimitedToken;
    }

    /** Every public request: the {@code api} limit. */
    public void api(RoutingContext ctx) {
        admit(ctx, "a:", api, "api");
    }

    /** A CPU-heavy request: the {@code heavy} limit as well. */
    public void heavy(RoutingContext ctx) {
        admit(ctx, "h:", heavy, "heavy");
    }

    /** The {@code heavy} limit for the requests {@code isHeavy} picks (coverage by travel time), else none. */
    public Handler<RoutingContext> heavyWhen(Predicate<RoutingContext> isHeavy) {
        return ctx -> {
            if (isHeavy.test(ctx)) {
                heavy(ctx);
            } else {
                ctx.next();
            }
        };
    }

    private void admit(RoutingContext ctx, String prefix, Rate rate, String name) {
        if (rate == null || Boolean.TRUE.equals(ctx.get(UNLIMITED))) {
            ctx.next();
            return;
        }
        long wait = buckets.admit(prefix + keys.key(clients.of(ctx)), rate);
        if (wait == 0) {
            ctx.next();
            return;
        }
        String token = bearer(ctx);
        Future<Boolean> exempt = token == null ? Future.succeededFuture(false) : unlimitedToken.apply(token);
        exempt.onSuccess(yes -> {
                    if (yes) {
                        ctx.put(UNLIMITED, true);
                        ctx.next();
                    } else {
                        ctx.response().putHeader("Retry-After", Long.toString(wait));
                        ctx.fail(new ApiException(
                                429,
                                "rate_limited",
                                null,
                                "too many requests from this client (limit \""
                                        + name + "\": " + perMinute(rate) + " a minute, bursts of " + rate.capacity()
                                        + "); try again in "
                                        + wait + " s"));
                    }
                })
                .onFailure(ctx::fail);
    }

    private static String perMinute(Rate r) {
        double n = 60e9 / r.every().toNanos();
        return n == Math.rint(n) ? Long.toString((long) n) : String.format(java.util.Locale.ROOT, "%.1f", n);
    }

    private static String bearer(RoutingContext ctx) {
        String header = ctx.request().getHeader("Authorization");
        if (header == null
                || header.length() <= 7
                || header.length() > 207
                || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return null;
        }
        return header.substring(7).trim();
    }
}
