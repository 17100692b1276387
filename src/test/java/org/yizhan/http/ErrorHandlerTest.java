package org.yizhan.http;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.VertxException;
import io.vertx.core.http.ConnectionPoolTooBusyException;
import io.vertx.pgclient.PgException;
import java.net.ConnectException;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Which failures mean 'the database is unavailable' (503 + Retry-After) rather than a server fault (500)")
class ErrorHandlerTest {

    @Test
    @DisplayName("refused or lost connections, a full pool queue, and PostgreSQL shutting down or starting up")
    void unavailable() {
        assertTrue(ErrorHandler.databaseUnavailable(new ConnectException("Connection refused")));
        assertTrue(ErrorHandler.databaseUnavailable(new VertxException("wrapped", new ConnectException("refused"))));
        assertTrue(ErrorHandler.databaseUnavailable(new ConnectionPoolTooBusyException("max wait queue size of 2000")));
        assertTrue(ErrorHandler.databaseUnavailable(new PgException("starting up", "FATAL", "57P03", null)));
        assertTrue(ErrorHandler.databaseUnavailable(new PgException("terminating", "FATAL", "57P01", null)));
        assertTrue(ErrorHandler.databaseUnavailable(new PgException("connection failure", "FATAL", "08006", null)));
    }

    @Test
    @DisplayName("bugs and constraint errors are not")
    void notUnavailable() {
        assertFalse(ErrorHandler.databaseUnavailable(new IllegalStateException("a bug")));
        assertFalse(ErrorHandler.databaseUnavailable(new PgException("duplicate key", "ERROR", "23505", null)));
        assertFalse(ErrorHandler.databaseUnavailable(new PgException("syntax error", "ERROR", "42601", null)));
    }

    @Test
    @DisplayName(
            "a bound on our own work that runs out (a timed-out future) answers 503 timeout with Retry-After, not 500")
    void ownTimeoutIs503() {
        io.vertx.core.Vertx vertx = org.yizhan.support.TestApp.get().vertx();
        io.vertx.ext.web.Router router = io.vertx.ext.web.Router.router(vertx);
        router.get("/slow")
                .handler(ctx ->
                        ctx.fail(new io.vertx.core.impl.NoStackTraceTimeoutException("Timeout 60000 (ms) fired")));
        io.vertx.ext.web.client.HttpResponse<io.vertx.core.buffer.Buffer> r = get(router, "/slow");
        org.junit.jupiter.api.Assertions.assertEquals(503, r.statusCode());
        org.junit.jupiter.api.Assertions.assertEquals("1", r.getHeader("Retry-After"));
        org.junit.jupiter.api.Assertions.assertEquals(
                "timeout", r.bodyAsJsonObject().getJsonObject("error").getString("code"));
    }

    @Test
    @DisplayName("every 503 says when to retry: a busy pool's ApiException carries Retry-After, and a set one is kept")
    void every503HasRetryAfter() {
        io.vertx.core.Vertx vertx = org.yizhan.support.TestApp.get().vertx();
        io.vertx.ext.web.Router router = io.vertx.ext.web.Router.router(vertx);
        router.get("/busy").handler(ctx -> ctx.fail(new ApiException(503, "busy", null, "too many sign-ins at once")));
        router.get("/later").handler(ctx -> {
            ctx.response().putHeader("Retry-After", "30");
            ctx.fail(new ApiException(503, "busy", null, "come back later"));
        });
        router.get("/bad").handler(ctx -> ctx.fail(ApiException.invalid("k", "k must be a number")));
        io.vertx.ext.web.client.HttpResponse<io.vertx.core.buffer.Buffer> busy = get(router, "/busy");
        org.junit.jupiter.api.Assertions.assertEquals(503, busy.statusCode());
        org.junit.jupiter.api.Assertions.assertEquals("1", busy.getHeader("Retry-After"));
        org.junit.jupiter.api.Assertions.assertEquals(
                "busy", busy.bodyAsJsonObject().getJsonObject("error").getString("code"));
        org.junit.jupiter.api.Assertions.assertEquals(
                "30", get(router, "/later").getHeader("Retry-After"));
        org.junit.jupiter.api.Assertions.assertNull(
                get(router, "/bad").getHeader("Retry-After"), "a 400 is not retried");
    }

    /** GET path from a server running router with ErrorHandler as its failure handler. */
    private static io.vertx.ext.web.client.HttpResponse<io.vertx.core.buffer.Buffer> get(
            io.vertx.ext.web.Router router, String path) {
        io.vertx.core.Vertx vertx = org.yizhan.support.TestApp.get().vertx();
        router.route().failureHandler(new ErrorHandler());
        io.vertx.core.http.HttpServer server = org.yizhan.support.TestApp.await(
                vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1"));
        io.vertx.ext.web.client.WebClient client = io.vertx.ext.web.client.WebClient.create(vertx);
        try {
            return org.yizhan.support.TestApp.await(
                    client.get(server.actualPort(), "127.0.0.1", path).send());
        } finally {
            client.close();
            org.yizhan.support.TestApp.await(server.close());
        }
    }

    @Test
    @DisplayName(
            "work that fails after the time bound has answered 503 is dropped quietly (no second answer, no router error)")
    void lateFailureAfterTheBound() throws Exception {
        io.vertx.core.Vertx vertx = org.yizhan.support.TestApp.get().vertx();
        io.vertx.ext.web.Router router = io.vertx.ext.web.Router.router(vertx);
        java.util.concurrent.CompletableFuture<Throwable> uncaught = new java.util.concurrent.CompletableFuture<>();
        router.errorHandler(500, ctx -> uncaught.complete(ctx.failure()));
        java.util.concurrent.CompletableFuture<Void> failedLate = new java.util.concurrent.CompletableFuture<>();
        router.route().handler(RequestTimeout.of(100));
        router.get("/cold")
                .handler(ctx -> vertx.setTimer(400, t -> {
                    ctx.fail(new io.vertx.core.impl.NoStackTraceTimeoutException("Timeout 60000 (ms) fired"));
                    failedLate.complete(null);
                }));
        io.vertx.ext.web.client.HttpResponse<io.vertx.core.buffer.Buffer> r = get(router, "/cold");
        org.junit.jupiter.api.Assertions.assertEquals(503, r.statusCode(), "the bound answers first");
        failedLate.get(5, java.util.concurrent.TimeUnit.SECONDS);
        Thread.sleep(200);
        assertFalse(uncaught.isDone(), () -> "the late failure reached the router: " + uncaught.getNow(null));
    }
}
