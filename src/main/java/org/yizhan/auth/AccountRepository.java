package org.yizhan.auth;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.yizhan.audit.AuditActions;
import org.yizhan.audit.AuditRepository;
import org.yizhan.http.ApiException;

/**
 * All SQL on accounts ({@code account}). A password hash is read only for a login and written only
 * as a whole new hash; it never leaves this class in an answer ({@link #json(Row)} has no such column).
 * Every change is one transaction with its audit row ({@code account_create}, {@code account_update}).
 */
public final class AccountRepository {

    /** The columns {@link #json(Row)} reads. */
    private static final String COLUMNS =
            "id, name, role, iso_utc(created_at) AS created_at, disabled_at IS NOT NULL AS disabled";

    private static final String FIND_LOGIN = """
            SELECT id, role, password_hash, disabled_at IS NOT NULL AS disabled FROM account WHERE name = $1""";
    private static final String INSERT = """
            INSERT INTO account (name, role, password_hash) VALUES ($1, $2, $3)
            ON CONFLICT (name) DO NOTHING
            RETURNING %s""".formatted(COLUMNS);
    private static final String LIST = "SELECT " + COLUMNS + " FROM account ORDER BY name";
    private static final String LOCK = "SELECT " + COLUMNS + " FROM account WHERE id = $1 FOR UPDATE";
    private static final String UPDATE = """
            UPDATE account SET role = $2,
                disabled_at = CASE WHEN NOT $3 THEN NULL ELSE coalesce(disabled_at, $5) END,
                password_hash = coalesce($4, password_hash)
            WHERE id = $1
            RETURNING %s""".formatted(COLUMNS);
    /** A disabled account or a new password ends every session of the account. */
    private static final String END_SESSIONS = """
            UPDATE api_token SET revoked_at = $2 WHERE account_id = $1 AND revoked_at IS NULL""";

    private final Pool pool;
    private final Clock clock;

    public AccountRepository(Pool pool, Clock clock) {
        this.pool = pool;
        this.clock = clock;
    }

    /** Why a name and password did not sign in, as the {@code login_failed} audit row says. */
    public enum LoginFailure {
        UNKNOWN_NAME,
        WRONG_PASSWORD,
        DISABLED;

        String code() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /**
     * Records a failed sign-in: actor {@code (anonymous)} (no account name has parentheses), subject the account (null for a name that is no
     * account's: it may be a password typed into the name field), details the reason. Never the password.
     *
     * @param account the account tried, or null for an unknown name
     */
    public Future<Void> loginFailed(String name, Credentials account, LoginFailure reason) {
        JsonObject details = new JsonObject().put("reason", reason.code());
        if (account != null) {
            details.put("account_id", account.id());
        }
        return AuditRepository.record(
                pool, "(anonymous)", AuditActions.LOGIN_FAILED, account == null ? null : "account:" + name, details);
    }

    /** What a login needs to know about the account of {@code name}, or null when there is none. */
    public Future<Credentials> credentials(String name) {
        return pool.preparedQuery(FIND_LOGIN).execute(Tuple.of(name)).map(rows -> {
            if (rows.size() == 0) {
                return null;
            }
            Row r = rows.iterator().next();
            return new Credentials(
                    r.getLong("id"),
                    Role.of(r.getString("role")),
                    r.getString("password_hash"),
                    r.getBoolean("disabled"));
        });
    }

    /** An account as a login sees it; {@code passwordHash} stays on the server. */
    public record Credentials(long id, Role role, String passwordHash, boolean disabled) {}

    /** Every account, by name. */
    public Future<JsonArray> list() {
        return pool.preparedQuery(LIST).execute().map(rows -> {
            JsonArray out = new JsonArray();
            rows.forEach(r -> out.add(json(r)));
            return out;
        });
    }

    /**
     * Creates an account with an already computed hash, audited by {@code actor}; 409 {@code exists}
     * naming {@code name} when the name is taken.
     */
    public Future<JsonObject> create(String name, Role role, String passwordHash, String actor) {
        return pool.withTransaction(conn -> conn.preparedQuery(INSERT)
                .execute(Tuple.of(name, role.code(), passwordHash))
                .compose(rows -> {
                    if (rows.size() == 0) {
                        return Future.failedFuture(
                                new ApiException(409, "exists", "name", "an account named " + name + " exists"));
                    }
                    JsonObject account = json(rows.iterator().next());
                    return AuditRepository.record(
                                    conn,
                                    actor,
                                    AuditActions.ACCOUNT_CREATE,
                                    "account:" + name,
                                    new JsonObject()
                                            .put("account_id", account.getLong("id"))
                                            .put("role", role.code()))
                            .map(account);
                }));
    }

    /**
     * Changes an account: a null argument keeps that property. Disabling it or setting a password ends its
     * sessions. Audited with what changed (never the password). 404 for no such account.
     */
    public Future<JsonObject> update(long id, Role role, Boolean disabled, String passwordHash, String actor) {
        return pool.withTransaction(conn -> conn.preparedQuery(LOCK)
                .execute(Tuple.of(id))
                .compose(rows -> {
                    if (rows.size() == 0) {
                        return Future.failedFuture(ApiException.notFound("no account " + id));
                    }
                    JsonObject before = json(rows.iterator().next());
                    Role newRole = role != null ? role : Role.of(before.getString("role"));
                    boolean newDisabled = disabled != null ? disabled : before.getBoolean("disabled");
                    return conn.preparedQuery(UPDATE)
                            .execute(Tuple.of(id, newRole.code(), newDisabled, passwordHash, now()))
                            .compose(updated -> {
                                JsonObject after = json(updated.iterator().next());
                                JsonObject changes = new JsonObject().put("account_id", id);
                                if (!before.getString("role").equals(after.getString("role"))) {
                                    changes.put(
                                            "role",
                                            new JsonObject()
                                                    .put("from", before.getString("role"))
                                                    .put("to", after.getString("role")));
                                }
                                if (before.getBoolean("disabled") != after.getBoolean("disabled")) {
                                    changes.put("disabled", after.getBoolean("disabled"));
                                }
                                if (passwordHash != null) {
                                    changes.put("password_changed", true);
                                }
                                Future<Void> sessions = newDisabled || passwordHash != null
                                        ? endSessions(conn, id)
                                        : Future.succeededFuture();
                                return sessions.compose(x -> AuditRepository.record(
                                                conn,
                                                actor,
                                                AuditActions.ACCOUNT_UPDATE,
                                                "account:" + after.getString("name"),
                                                changes))
                                        .map(after);
                            });
                }));
    }

    private Future<Void> endSessions(SqlClient conn, long accountId) {
        return conn.preparedQuery(END_SESSIONS)
                .execute(Tuple.of(accountId, now()))
                .mapEmpty();
    }

    private OffsetDateTime now() {
        return OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC);
    }

    private static JsonObject json(Row r) {
        return new JsonObject()
                .put("id", r.getLong("id"))
                .put("name", r.getString("name"))
                .put("role", r.getString("role"))
                .put("created_at", r.getString("created_at"))
                .put("disabled", r.getBoolean("disabled"));
    }
}
