package org.yizhan.audit;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import org.yizhan.audit.AuditRepository.Position;
import org.yizhan.audit.AuditRepository.Query;
import org.yizhan.http.ApiException;
import org.yizhan.http.Bodies;
import org.yizhan.http.Paging;
import org.yizhan.http.Params;

/** {@code GET /api/v1/audit}: every audited write, newest first, filtered and keyset-paged. */
public final class AuditRoutes {

    private static final Set<String> PARAMS = Set.of("actor", "action", "from", "to", "limit", "cursor");
    /** An actor is "token:<id> (<label of 1-100 characters>)" or "system:<what>". */
    static final int MAX_ACTOR = 200;
    /** Times the database can compare: years 1 to 9999 (PostgreSQL would refuse some beyond). */
    private static final Instant EARLIEST = Instant.parse("0001-01-01T00:00:00Z");

    private static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999999Z");

    private final AuditRepository repo;

    public AuditRoutes(AuditRepository repo) {
        this.repo = repo;
    }

    /** GET /api/v1/audit?actor&action&from&to&limit&cursor */
    public void list(RoutingContext ctx) {
        Params p = new Params(ctx.queryParams()).allowOnly(PARAMS);
        String actor = p.raw("actor");
        if (actor != null && actor.codePointCount(0, actor.length()) > MAX_ACTOR) {
            throw ApiException.invalid("actor", "actor must be at most " + MAX_ACTOR + " characters");
        }
        List<String> actions = p.listOf("action", AuditActions.ALL);
        Instant from = time(p, "from");
        Instant to = time(p, "to");
        if (from != null && to != null && from.isAfter(to)) {
            throw ApiException.invalid("from", "from must not be after to");
        }
        int limit = p.intParam("limit", 100, 1, 500);
        Position after = decodeCursor(p.raw("cursor"));
        repo.list(new Query(actor, actions, from, to, after, limit))
                .onSuccess(page -> {
                    JsonArray links =
                            new JsonArray().add(link("self", ctx.request().uri()));
                    if (page.next() != null) {
                        links.add(link("next", Paging.nextUri(ctx, encodeCursor(page.next()))));
                    }
                    Bodies.json(
                            ctx,
                            200,
                            new JsonObject()
                                    .put("events", new JsonArray(page.events()))
                                    .put("numberReturned", page.events().size())
                                    .put("links", links));
                })
                .onFailure(ctx::fail);
    }

    private static Instant time(Params p, String name) {
        Instant t = p.instant(name);
        if (t != null && (t.isBefore(EARLIEST) || t.isAfter(LATEST))) {
            throw ApiException.invalid(name, name + " must lie in the years 1 to 9999");
        }
        return t;
    }

    private static JsonObject link(String rel, String href) {
        return new JsonObject().put("rel", rel).put("type", "application/json").put("href", href);
    }

    /** Cursors are opaque to clients: base64url of "at:<microseconds since 1970>:<id>" of the last event. */
    static String encodeCursor(Position p) {
        String s = "at:" + ChronoUnit.MICROS.between(Instant.EPOCH, p.at()) + ":" + p.id();
        return Base64.getUrlEncoder().withoutPadding().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    static Position decodeCursor(String cursor) {
        if (cursor == null) {
            return null;
        }
        try {
            String[] parts = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8).split(":", -1);
            if (parts.length != 3 || !parts[0].equals("at")) {
                throw new IllegalArgumentException();
            }
            long micros = Long.parseLong(parts[1]);
            long id = Long.parseLong(parts[2]);
            Instant at = Instant.EPOCH.plus(micros, ChronoUnit.MICROS);
            if (at.isBefore(EARLIEST) || at.isAfter(LATEST) || id < 1) {
                throw new IllegalArgumentException();
            }
            return new Position(at, id);
        } catch (IllegalArgumentException e) {
            throw ApiException.invalid("cursor", "cursor is not one this server issued; start again without it");
        }
    }
}
