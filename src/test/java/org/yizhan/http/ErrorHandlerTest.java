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
}
