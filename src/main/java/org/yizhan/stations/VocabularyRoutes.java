package org.yizhan.stations;

import io.vertx.ext.web.RoutingContext;

/**
 * {@code GET /api/v1/vocabulary}: the station vocabulary ({@link Vocabulary}) with its zh-CN and English
 * labels, for anyone. The answer only changes with a release, so it carries a strong ETag of its bytes
 * and {@code Cache-Control: no-cache}: a client revalidates and gets a 304 while it is current.
 */
public final class VocabularyRoutes {
    private VocabularyRoutes() {}

    /** 200 with the vocabulary, or 304 when {@code If-None-Match} names its ETag (or is {@code *}). */
    public static void vocabulary(RoutingContext ctx) {
        ctx.response().putHeader("Cache-Control", "no-cache").putHeader("ETag", Vocabulary.ETAG);
        if (current(ctx.request().getHeader("If-None-Match"))) {
            ctx.response().setStatusCode(304).end();
            return;
        }
        ctx.response()
                .putHeader("Content-Type", "application/json; charset=utf-8")
                .end(Vocabulary.bytes());
    }

    /** If-None-Match names the current ETag, compared weakly (RFC 9110 §13.1.2), or is {@code *}. */
    private static boolean current(String ifNoneMatch) {
        if (ifNoneMatch == null) {
            return false;
        }
        for (String part : ifNoneMatch.split(",")) {
            String tag = part.trim();
            if (tag.equals("*") || (tag.startsWith("W/") ? tag.substring(2) : tag).equals(Vocabulary.ETAG)) {
                return true;
            }
        }
        return false;
    }
}
