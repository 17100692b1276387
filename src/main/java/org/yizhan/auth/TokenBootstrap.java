package org.yizhan.auth;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;

/**
 * Makes sure an admin can sign in. With {@code YIZHAN_ADMIN_TOKEN} set, that token (its hash) is an
 * admin token. Without it, the first start generates one; the caller prints it once. Only hashes are kept.
 */
public final class TokenBootstrap {
    /** Who the audit trail says issued the start-up admin token. */
    private static final String ACTOR = "system:bootstrap";

    private TokenBootstrap() {}

    /** Resolves to the generated token (to print once), or null when none was generated. */
    public static Future<String> ensureAdmin(Pool pool, String configuredToken) {
        TokenRepository tokens = new TokenRepository(pool);
        if (configuredToken != null) {
            return tokens.store(configuredToken, Role.ADMIN, "YIZHAN_ADMIN_TOKEN", ACTOR)
                    .map(id -> null);
        }
        return tokens.hasAdmin()
                .compose(present -> present
                        ? Future.succeededFuture(null)
                        : tokens.issue(Role.ADMIN, "generated at first start", ACTOR)
                                .map(TokenRepository.IssuedToken::token));
    }
}
