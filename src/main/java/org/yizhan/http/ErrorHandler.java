package org.yizhan.http;

import io.vertx.core.Handler;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.HttpException;
import io.vertx.pgclient.PgException;
import java.io.IOException;
import java.nio.file.FileSystemException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.yizhan.db.DbFailures;
import org.yizhan.geo.InvalidGeometryException;

/**
 * Maps every failure to the one JSON error shape. Client errors keep their status; anything unexpected
 * becomes a 500 carrying the request id, logged here with its stack trace, which never reaches the client.
 */
public final class ErrorHandler implements Handler<RoutingContext> {

    private static final Logger LOG = LoggerFactory.getLogger(ErrorHandler.class);

    /** SQLSTATE 57014: statement cancelled, here by statement_timeout. */
    private static final String QUERY_CANCELED = "57014";

    @Override
    public void handle(RoutingContext ctx) {
        // Lines logged here carry the request id as a field too (JSON log lines).
        try (org.slf4j.MDC.MDCCloseable id = RequestIds.mdc(ctx)) {
            answer(ctx);
        }
    }

    private static void answer(RoutingContext ctx) {
        Throwable failure = ctx.failure();
        if (ctx.response().headWritten()) {
            // The answer has gone out already: the request's time bound sent its 503 and the work failed
            // later (a cold coverage past its own bound), or a streamed export broke mid-way (cut it, so
            // that the client sees a broken transfer, not a short file).
            if (clientGone(ctx, failure)) {
                hungUp(ctx, failure);
            } else if (ctx.response().ended()) {
                LOG.debug(
                        "failure after the answer, request {} {} {}: {}",
                        RequestIds.of(ctx),
                        ctx.request().method(),
                        ctx.request().path(),
                        String.valueOf(failure));
            } else {
                LOG.warn(
                        "failure while answering, request {} {} {}: {}",
                        RequestIds.of(ctx),
                        ctx.request().method(),
                        ctx.request().path(),
                        String.valueOf(failure));
                ctx.response().reset();
            }
            return;
        }
        if (failure instanceof ApiException e) {
            send(ctx, e.status(), e.code(), e.field(), e.getMessage());
        } else if (failure instanceof InvalidGeometryException g) {
            send(
                    ctx,
                    g.tooLarge() ? 413 : 400,
                    g.tooLarge() ? "payload_too_large" : "invalid_parameter",
                    g.field(),
                    g.getMessage());
        } else if (failure instanceof DecodeException) {
            send(ctx, 400, "invalid_json", "body", "request body is not valid JSON");
        } else if (failure instanceof PgException pg && QUERY_CANCELED.equals(pg.getSqlState())) {
            send(ctx, 503, "timeout", null, "the query took too long; narrow the request and try again");
        } else if (databaseUnavailable(failure)) {
            LOG.warn(
                    "database unavailable, request {} {} {}: {}",
                    RequestIds.of(ctx),
                    ctx.request().method(),
                    ctx.request().path(),
                    failure.toString());
            send(ctx, 503, "unavailable", null, "the database is not reachable right now; try again in a moment");
        } else if (failure instanceof java.util.concurrent.TimeoutException) {
            // A bound on our own work ran out (a cold coverage by travel time, say): the work goes on and
            // its finished parts stay cached, so asking again later can succeed.
            LOG.warn(
                    "timed out, request {} {} {}: {}",
                    RequestIds.of(ctx),
                    ctx.request().method(),
                    ctx.request().path(),
                    failure.getMessage());
            sendTimeout(ctx);
        } else if (failure instanceof HttpException h) {
            sendStatus(ctx, h.getStatusCode());
        } else if (failure == null) {
            sendStatus(ctx, ctx.statusCode());
        } else if (clientGone(ctx, failure)) {
            hungUp(ctx, failure);
        } else {
            String requestId = RequestIds.of(ctx);
            LOG.error(
                    "unexpected failure, request {} {} {}",
                    requestId,
                    ctx.request().method(),
                    ctx.request().path(),
                    failure);
            JsonObject body = error(
                    "internal_error",
                    null,
                    "unexpected server error; quote request id " + requestId + " when reporting it");
            body.getJsonObject("error").put("request_id", requestId);
            respond(ctx, 500, body);
        }
    }

    /**
     * The database is down, restarting or unreachable: a refused or lost connection, no pooled connection
     * within the pool's wait or a full wait queue, or PostgreSQL saying it is shutting down or starting up (SQLSTATE class 08,
     * 57P01-57P03). The request may succeed a moment later, so 503 with Retry-After, not 500.
     */
    public static boolean databaseUnavailable(Throwable failure) {
        return DbFailures.unavailable(failure);
    }

    /** 503 timeout with Retry-After: the answer took longer than its bound; asking again may succeed. */
    static void sendTimeout(RoutingContext ctx) {
        send(ctx, 503, "timeout", null, "the answer took too long; try again in a moment");
    }

    /** A rider's phone that walks out of coverage is not a server fault: no answer can reach it anyway. */
    private static void hungUp(RoutingContext ctx, Throwable failure) {
        LOG.debug(
                "client hung up, request {} {} {}: {}",
                RequestIds.of(ctx),
                ctx.request().method(),
                ctx.request().path(),
                String.valueOf(failure));
    }

    /** A write to a connection the client closed or reset ("Broken pipe", "Connection reset by peer"). */
    private static boolean clientGone(RoutingContext ctx, Throwable failure) {
        return ctx.response().closed() || failure instanceof IOException && !(failure instanceof FileSystemException);
    }

    /** The JSON error for a bare status code (router 404/405, body too large, ...). */
    public static void sendStatus(RoutingContext ctx, int status) {
        switch (status) {
            case 400 -> send(ctx, 400, "bad_request", null, "the request is malformed");
            case 401 -> send(ctx, 401, "unauthorized", null, "a valid bearer token is required");
            case 403 -> send(ctx, 403, "forbidden", null, "this token may not do that");
            case 404 ->
                send(
                        ctx,
                        404,
                        "not_found",
                        null,
                        "no such resource: " + ctx.request().path());
            case 405 ->
                send(
                        ctx,
                        405,
                        "method_not_allowed",
                        null,
                        ctx.request().method() + " is not allowed on "
                                + ctx.request().path());
            case 413 -> send(ctx, 413, "payload_too_large", "body", "the request body is too large");
            case 415 -> send(ctx, 415, "unsupported_media_type", "Content-Type", "unsupported Content-Type");
            default -> {
                if (status >= 400 && status < 500) {
                    send(ctx, status, "client_error", null, "the request cannot be served");
                } else {
                    String requestId = RequestIds.of(ctx);
                    try (org.slf4j.MDC.MDCCloseable id = RequestIds.mdc(ctx)) {
                        LOG.error("request {} failed with status {}", requestId, status);
                    }
                    send(ctx, 500, "internal_error", null, "unexpected server error; request id " + requestId);
                }
            }
        }
    }

    public static void send(RoutingContext ctx, int status, String code, String field, String message) {
        respond(ctx, status, error(code, field, message));
    }

    private static JsonObject error(String code, String field, String message) {
        JsonObject e = new JsonObject().put("code", code);
        if (field != null) {
            e.put("field", field);
        }
        e.put("message", message);
        return new JsonObject().put("error", e);
    }

    private static void respond(RoutingContext ctx, int status, JsonObject body) {
        if (ctx.response().headWritten()) {
            ctx.response().reset();
            return;
        }
        if (status == 401) {
            ctx.response().putHeader("WWW-Authenticate", "Bearer realm=\"yizhan\"");
        }
        if (status == 503 && !ctx.response().headers().contains("Retry-After")) {
            // Every 503 is a moment's unavailability (database, a busy pool, a time bound): say when to retry.
            ctx.response().putHeader("Retry-After", "1");
        }
        ctx.response()
                .setStatusCode(status)
                .putHeader("Content-Type", "application/json; charset=utf-8")
                .putHeader("Cache-Control", "no-store")
                .end(body.encode());
    }
}
