package org.yizhan.auth;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.Set;
import org.yizhan.http.ApiException;
import org.yizhan.http.Bodies;
import org.yizhan.http.Params;

/** {@code POST /api/v1/tokens} (admin): issue a token for a role. {@code GET /api/v1/me}: who am I (and which account). */
public final class TokenRoutes {
    private final TokenRepository tokens;

    public TokenRoutes(TokenRepository tokens) {
        this.tokens = tokens;
    }

    public void issue(RoutingContext ctx) {
        new Params(ctx.queryParams()).allowOnly(Set.of());
        Bodies.requireMediaType(ctx, Set.of("application/json"));
        JsonObject body = Bodies.jsonObject(ctx);
        Object role = body.getValue("role");
        if (!(role instanceof String r) || !Role.CODES.contains(r)) {
            throw ApiException.invalid("role", "role must be one of: " + String.join(", ", Role.CODES));
        }
        Object label = body.getValue("label");
        if (!(label instanceof String l) || l.isBlank() || l.strip().length() > 100) {
            throw ApiException.invalid("label", "label must be 1-100 characters naming who holds the token");
        }
        String issuer = TokenAuth.principal(ctx).actor();
        tokens.issue(Role.of(r), ((String) label).strip(), issuer)
                .onSuccess(t -> Bodies.json(
                        ctx,
                        201,
                        new JsonObject()
                                .put("id", t.id())
                                .put("token", t.token())
                                .put("role", t.role().code())
                                .put("label", t.label())))
                .onFailure(ctx::fail);
    }

    public void me(RoutingContext ctx) {
        new Params(ctx.queryParams()).allowOnly(Set.of());
        Principal p = TokenAuth.principal(ctx);
        JsonObject me = new JsonObject()
                .put("token_id", p.tokenId())
                .put("role", p.role().code())
                .put("label", p.label());
        if (p.account() != null) {
            me.put("account", p.account());
        }
        Bodies.json(ctx, 200, me);
    }
}
