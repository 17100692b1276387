package org.yizhan.auth;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Base64;
import org.yizhan.audit.AuditActions;
import org.yizhan.audit.AuditRepository;
import org.yizhan.http.ApiException;

/**
 * Bearer tokens: API tokens (issued by an admin, no expiry) and accounts' session tokens (from a login,
 * expiring, with the account's current role). Only the SHA-256 hash of a token is stored; the token
 * itself is shown once, when it is issued. Tokens are random 32-byte values, so a fast hash is enough
 * (no password stretching). Expiry is judged by the server's clock, not the database's.
 */
public final class TokenRepository {

    /** A session's role is its account's now; a disabled account's sessions are refused. */
    private static final String FIND = """
            SELECT t.id, coalesce(a.role, t.role) AS role, t.label, t.account_id, a.name AS account
            FROM api_token t LEFT JOIN account a ON a.id = t.account_id
            WHERE t.token_hash = $1 AND t.revoked_at IS NULL
              AND (t.account_id IS NULL OR (t.expires_at > $2 AND a.disabled_at IS NULL))""";

    private static final String INSERT_SESSION = """
            INSERT INTO api_token (token_hash, role, label, account_id, expires_at)
            VALUES ($1, $2, 'session', $3, $4) RETURNING id""";
    private static final String OWNER = """
            SELECT id, account_id, revoked_at IS NOT NULL AS revoked FROM api_token WHERE id = $1""";
    private static final String REVOKE = """
            UPDATE api_token SET revoked_at = $2 WHERE id = $1 AND revoked_at IS NULL RETURNING id""";
    /** issued: a new token, or one re-activated or given another role; false when it was already so. */
    private static final String INSERT = """
            WITH prev AS (
                SELECT role, revoked_at FROM api_token WHERE token_hash = $1
            ), up AS (
                INSERT INTO api_token (token_hash, role, label) VALUES ($1, $2, $3)
                ON CONFLICT (token_hash) DO UPDATE SET role = EXCLUDED.role, revoked_at = NULL
                RETURNING id, label
            )
            SELECT up.id, up.label,
                   NOT EXISTS (SELECT 1 FROM prev WHERE prev.role = $2 AND prev.revoked_at IS NULL) AS issued
            FROM up""";

    private static final String HAS_ADMIN = """
            SELECT EXISTS (SELECT 1 FROM api_token WHERE role = 'admin' AND revoked_at IS NULL) AS present""";

    private final Pool pool;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    public TokenRepository(Pool pool) {
        this(pool, Clock.systemUTC());
    }

    /** @param clock decides whether a session has expired */
    public TokenRepository(Pool pool, Clock clock) {
        this.pool = pool;
        this.clock = clock;
    }

    /** The principal for a presented token, or null when unknown or revoked. */
    public Future<Principal> lookup(String token) {
        return pool.preparedQuery(FIND).execute(Tuple.of(hash(token), now())).map(rows -> {
            if (rows.size() == 0) {
                return null;
            }
            Row r = rows.iterator().next();
            Long account = r.getLong("account_id");
            return new Principal(
                    r.getLong("id"),
                    Role.of(r.getString("role")),
                    r.getString("label"),
                    account == null ? 0 : account,
                    r.getString("account"));
        });
    }

    /**
     * A new session token for account {@code name}, valid until {@code expiresAt}; its text is not kept. One
     * transaction with its {@code login} audit row (actor and subject the account, the session's token id).
     */
    public Future<IssuedToken> issueSession(long accountId, String name, Role role, OffsetDateTime expiresAt) {
        String token = newToken();
        return pool.withTransaction(conn -> conn.preparedQuery(INSERT_SESSION)
                .execute(Tuple.of(hash(token), role.code(), accountId, expiresAt))
                .map(rows -> new IssuedToken(rows.iterator().next().getLong("id"), token, role, "session"))
                .compose(t -> AuditRepository.record(
                                conn,
                                name,
                                AuditActions.LOGIN,
                                "account:" + name,
                                new JsonObject().put("account_id", accountId).put("token_id", t.id()))
                        .map(t)));
    }

    /**
     * Revokes token {@code id} for {@code by}: an admin may revoke any token, anyone else only their own
     * account's sessions (404 for any other token, as for no such token). Revoking a revoked token changes nothing
     * and is not audited again. One transaction with its {@code token_revoke} audit row.
     */
    public Future<Void> revoke(long id, Principal by) {
        return pool.withTransaction(conn -> conn.preparedQuery(OWNER)
                .execute(Tuple.of(id))
                .compose(rows -> {
                    if (rows.size() == 0) {
                        return Future.failedFuture(ApiException.notFound("no token " + id));
                    }
                    Row r = rows.iterator().next();
                    Long owner = r.getLong("account_id");
                    boolean own = owner != null && owner == by.accountId();
                    if (by.role() != Role.ADMIN && !own) {
                        // As if it did not exist: token ids of others say nothing to a non-admin.
                        return Future.failedFuture(ApiException.notFound("no token " + id + " of yours"));
                    }
                    if (r.getBoolean("revoked")) {
                        return Future.succeededFuture();
                    }
                    return conn.preparedQuery(REVOKE)
                            .execute(Tuple.of(id, now()))
                            .compose(x -> AuditRepository.record(
                                    conn,
                                    by.actor(),
                                    AuditActions.TOKEN_REVOKE,
                                    "token:" + id,
                                    new JsonObject().put("token_id", id).put("session", owner != null)))
                            .mapEmpty();
                }));
    }

    private OffsetDateTime now() {
        return OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC);
    }

    /**
     * Issues a new random token for {@code role}, with its {@code token_issue} audit row by {@code actor};
     * returns the token text, which is not kept.
     */
    public Future<IssuedToken> issue(Role role, String label, String actor) {
        String token = newToken();
        return store(token, role, label, actor).map(id -> new IssuedToken(id, token, role, label));
    }

    /**
     * Stores (or re-activates) a token chosen by the operator, such as YIZHAN_ADMIN_TOKEN, in one
     * transaction with a {@code token_issue} audit row when the token is new, was revoked or had another
     * role. The audit row names the token by id, role and label; never the token or its hash.
     */
    public Future<Long> store(String token, Role role, String label, String actor) {
        return pool.withTransaction(conn -> conn.preparedQuery(INSERT)
                .execute(Tuple.of(hash(token), role.code(), label))
                .compose(rows -> {
                    Row r = rows.iterator().next();
                    Principal holder = new Principal(r.getLong("id"), role, r.getString("label"));
                    if (!r.getBoolean("issued")) {
                        return Future.succeededFuture(holder.tokenId());
                    }
                    return AuditRepository.record(
                                    conn,
                                    actor,
                                    AuditActions.TOKEN_ISSUE,
                                    holder.actor(),
                                    new JsonObject()
                                            .put("token_id", holder.tokenId())
                                            .put("role", role.code())
                                            .put("label", holder.label()))
                            .map(holder.tokenId());
                }));
    }

    public Future<Boolean> hasAdmin() {
        return pool.query(HAS_ADMIN)
                .execute()
                .map(rows -> rows.iterator().next().getBoolean("present"));
    }

    private String newToken() {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return "yz_" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    static Buffer hash(String token) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            return Buffer.buffer(md.digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    /** A freshly issued token; {@code token} is shown to the caller once. */
    public record IssuedToken(long id, String token, Role role, String label) {}
}
