package org.yizhan.auth;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import org.yizhan.http.ApiException;
import org.yizhan.http.Bodies;
import org.yizhan.http.ClientAddress;
import org.yizhan.http.Params;

/**
 * Accounts over HTTP: {@code POST /login} (name and password → a session token), {@code POST /logout},
 * {@code DELETE /tokens/{id}}, and for admins {@code GET/POST /accounts}, {@code PATCH /accounts/{id}}.
 * Password work runs on a small worker pool of its own (Argon2 takes ~19 MiB and ~50 ms each), never on
 * an event loop, with a bound on how much may wait (503 beyond it).
 */
public final class AccountRoutes {
    /** Account names: lower case letters, digits and {@code . _ -}, 2-64 characters. */
    public static final Pattern NAME = Pattern.compile("^[a-z0-9][a-z0-9._-]{1,63}$");
    /** Concurrent Argon2 computations (each holds 19 MiB); more waiting than {@link #MAX_WAITING} is a 503. */
    private static final int HASHING_THREADS = 2;

    private static final int MAX_WAITING = 32;

    private final AccountRepository accounts;
    private final TokenRepository tokens;
    private final LoginThrottle throttle;
    private final Clock clock;
    private final Duration sessionTtl;
    private final ClientAddress clients;
    private final WorkerExecutor hashing;

    /**
     * @param throttle   shared by all event loops, so that a client's limits do not depend on its connection
     * @param sessionTtl how long a session token is valid ({@code YIZHAN_SESSION_HOURS})
     */
    public AccountRoutes(
            Vertx vertx,
            AccountRepository accounts,
            TokenRepository tokens,
            LoginThrottle throttle,
            Clock clock,
            Duration sessionTtl,
            Set<String> trustedProxies) {
        this.accounts = accounts;
        this.tokens = tokens;
        this.throttle = throttle;
        this.clock = clock;
        this.sessionTtl = sessionTtl;
        this.clients = new ClientAddress(trustedProxies);
        // Shared by name: one pool for every event loop's router.
        this.hashing = vertx.createSharedWorkerExecutor("yizhan-passwords", HASHING_THREADS);
    }

    /**
     * POST /api/v1/login {name, password}: 200 {token, token_id, expires_at, account}. An unknown name, a
     * wrong password and a disabled account get the same 401 after the same password work; too many
     * attempts from a client or for a name get 429 with Retry-After.
     */
    public void login(RoutingContext ctx) {
        new Params(ctx.queryParams()).allowOnly(Set.of());
        Bodies.requireMediaType(ctx, Set.of("application/json"));
        JsonObject body = Bodies.jsonObject(ctx);
        onlyMembers(body, Set.of("name", "password"));
        Object n = body.getValue("name");
        if (!(n instanceof String s) || s.isBlank() || s.strip().length() > 64) {
            throw ApiException.invalid("name", "name must be the account's name (1-64 characters)");
        }
        Object p = body.getValue("password");
        if (!(p instanceof String password) || password.isEmpty() || password.length() > Passwords.MAX_LENGTH) {
            throw ApiException.invalid("password", "password must be 1-" + Passwords.MAX_LENGTH + " characters");
        }
        String name = ((String) n).strip().toLowerCase(Locale.ROOT);
        long wait = throttle.admit(clients.of(ctx), name);
        if (wait > 0) {
            ctx.response().putHeader("Retry-After", Long.toString(wait));
            throw new ApiException(
                    429,
                    "rate_limited",
                    null,
                    "too many sign-in attempts from this client or for this name; try again in " + wait + " s");
        }
        accounts.credentials(name)
                .compose(c -> passwordWork(
                                () -> Passwords.verify(password, c == null ? Passwords.DUMMY : c.passwordHash()))
                        .compose(verified -> {
                            AccountRepository.LoginFailure failure = c == null
                                    ? AccountRepository.LoginFailure.UNKNOWN_NAME
                                    : !verified
                                            ? AccountRepository.LoginFailure.WRONG_PASSWORD
                                            : c.disabled() ? AccountRepository.LoginFailure.DISABLED : null;
                            if (failure == null) {
                                return Future.succeededFuture(c);
                            }
                            throttle.failed(name);
                            return accounts.loginFailed(name, c, failure)
                                    .compose(x -> Future.failedFuture(new ApiException(
                                            401,
                                            "invalid_credentials",
                                            "password",
                                            "the name or the password is wrong")));
                        }))
                .compose(c -> {
                    throttle.succeeded(name);
                    OffsetDateTime expires = OffsetDateTime.ofInstant(
                            clock.instant().plus(sessionTtl).truncatedTo(ChronoUnit.SECONDS), ZoneOffset.UTC);
                    return tokens.issueSession(c.id(), name, c.role(), expires)
                            .map(t -> new JsonObject()
                                    .put("token", t.token())
                                    .put("token_id", t.id())
                                    .put("expires_at", expires.toInstant().toString())
                                    .put(
                                            "account",
                                            new JsonObject()
                                                    .put("id", c.id())
                                                    .put("name", name)
                                                    .put("role", c.role().code())));
                })
                .onSuccess(json -> {
                    ctx.response().putHeader("Cache-Control", "no-store");
                    Bodies.json(ctx, 200, json);
                })
                .onFailure(ctx::fail);
    }

    /** POST /api/v1/logout: ends the session the request carries (204). An API token is not a session (400). */
    public void logout(RoutingContext ctx) {
        new Params(ctx.queryParams()).allowOnly(Set.of());
        Principal p = TokenAuth.principal(ctx);
        if (p.account() == null) {
            throw ApiException.invalid(
                    "Authorization",
                    "this is an API token, not a session; revoke it with DELETE /api/v1/tokens/" + p.tokenId());
        }
        tokens.revoke(p.tokenId(), p)
                .onSuccess(x -> ctx.response().setStatusCode(204).end())
                .onFailure(ctx::fail);
    }

    /** DELETE /api/v1/tokens/{id}: 204; an admin revokes any token, anyone else their own sessions only. */
    public void revoke(RoutingContext ctx) {
        new Params(ctx.queryParams()).allowOnly(Set.of());
        long id = Bodies.idParam(ctx, "id");
        tokens.revoke(id, TokenAuth.principal(ctx))
                .onSuccess(x -> ctx.response().setStatusCode(204).end())
                .onFailure(ctx::fail);
    }

    /** GET /api/v1/accounts (admin): {accounts: [...]} by name; never a password or its hash. */
    public void list(RoutingContext ctx) {
        new Params(ctx.queryParams()).allowOnly(Set.of());
        accounts.list()
                .onSuccess(a -> Bodies.json(ctx, 200, new JsonObject().put("accounts", a)))
                .onFailure(ctx::fail);
    }

    /** POST /api/v1/accounts (admin) {name, role, password}: 201 + Location; 409 when the name is taken. */
    public void create(RoutingContext ctx) {
        new Params(ctx.queryParams()).allowOnly(Set.of());
        Bodies.requireMediaType(ctx, Set.of("application/json"));
        JsonObject body = Bodies.jsonObject(ctx);
        onlyMembers(body, Set.of("name", "role", "password"));
        String name = name(body.getValue("name"));
        Role role = role(body.getValue("role"), true);
        String password = newPassword(body.getValue("password"), true);
        String actor = TokenAuth.principal(ctx).actor();
        passwordWork(() -> Passwords.hash(password))
                .compose(hash -> accounts.create(name, role, hash, actor))
                .onSuccess(a -> {
                    ctx.response().putHeader("Location", "/api/v1/accounts/" + a.getLong("id"));
                    Bodies.json(ctx, 201, a);
                })
                .onFailure(ctx::fail);
    }

    /**
     * PATCH /api/v1/accounts/{id} (admin) {role?, disabled?, password?}: 200 with the account. Disabling or
     * a new password ends the account's sessions. An admin cannot demote or disable their own account (409).
     */
    public void update(RoutingContext ctx) {
        new Params(ctx.queryParams()).allowOnly(Set.of());
        long id = Bodies.idParam(ctx, "id");
        Bodies.requireMediaType(ctx, Set.of("application/json", Bodies.MERGE_PATCH));
        JsonObject body = Bodies.jsonObject(ctx);
        onlyMembers(body, Set.of("role", "disabled", "password"));
        if (body.isEmpty()) {
            throw ApiException.invalid("body", "name at least one of role, disabled, password");
        }
        Role role = role(body.getValue("role"), false);
        Object d = body.getValue("disabled");
        if (body.containsKey("disabled") && !(d instanceof Boolean)) {
            throw ApiException.invalid("disabled", "disabled must be true or false");
        }
        Boolean disabled = (Boolean) d;
        String password = newPassword(body.getValue("password"), false);
        Principal by = TokenAuth.principal(ctx);
        if (by.accountId() == id && (role != null && role != Role.ADMIN || Boolean.TRUE.equals(disabled))) {
            throw new ApiException(
                    409,
                    "own_account",
                    role != null && role != Role.ADMIN ? "role" : "disabled",
                    "you cannot demote or disable your own account; ask another admin");
        }
        Future<String> hash =
                password == null ? Future.succeededFuture(null) : passwordWork(() -> Passwords.hash(password));
        hash.compose(h -> accounts.update(id, role, disabled, h, by.actor()))
                .onSuccess(a -> Bodies.json(ctx, 200, a))
                .onFailure(ctx::fail);
    }

    /** The name of a new account, lower-cased, or 400 naming {@code name}. */
    static String name(Object value) {
        String name = value instanceof String s ? s.strip().toLowerCase(Locale.ROOT) : null;
        if (name == null || !NAME.matcher(name).matches()) {
            throw ApiException.invalid(
                    "name",
                    "name must be 2-64 characters: letters a-z, digits, '.', '_' or '-', starting with a letter or digit");
        }
        return name;
    }

    private static Role role(Object value, boolean required) {
        if (value == null && !required) {
            return null;
        }
        if (!(value instanceof String r) || !Role.CODES.contains(r)) {
            throw ApiException.invalid("role", "role must be one of: " + String.join(", ", Role.CODES));
        }
        return Role.of(r);
    }

    private static String newPassword(Object value, boolean required) {
        if (value == null && !required) {
            return null;
        }
        String problem = value instanceof String s ? Passwords.problem(s) : "password must be a string";
        if (problem != null) {
            throw ApiException.invalid("password", problem);
        }
        return (String) value;
    }

    private static void onlyMembers(JsonObject body, Set<String> allowed) {
        for (String k : body.fieldNames()) {
            if (!allowed.contains(k)) {
                throw ApiException.invalid(k, "unknown member " + k + "; allowed: " + String.join(", ", allowed));
            }
        }
    }

    private <T> Future<T> passwordWork(java.util.concurrent.Callable<T> work) {
        if (!throttle.startWork(MAX_WAITING)) {
            return Future.failedFuture(new ApiException(503, "busy", null, "too many sign-ins at once; try again"));
        }
        return hashing.executeBlocking(work, false).onComplete(x -> throttle.endWork());
    }
}
