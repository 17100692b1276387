package org.yizhan.db;

import io.vertx.core.Future;
import java.io.PrintStream;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * For the admin commands ({@code yizhan admin create}, {@code yizhan network import}): waits for a future
 * from a command-line thread (never an event loop), and turns a failure into an exit status.
 */
public final class Await {

    private Await() {}

    /**
     * The future's value; its failure rethrown as it is when it is a RuntimeException; an
     * IllegalStateException saying {@code late} when {@code limit} passes first.
     */
    public static <T> T result(Future<T> f, Duration limit, String late) {
        try {
            return f.toCompletionStage().toCompletableFuture().get(limit.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            throw c instanceof RuntimeException r ? r : new IllegalStateException(c.getMessage(), c);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (TimeoutException e) {
            throw new IllegalStateException(late, e);
        }
    }

    /**
     * A command's exit status for its failure, the message printed to {@code err}: 1 for a refusal
     * (the API's refusals are no IllegalArgumentException) or a failed step, 2 for a usage or configuration error (a bad argument, no
     * embedded PostGIS).
     */
    public static int exitStatus(RuntimeException e, PrintStream err) {
        err.println("yizhan: " + e.getMessage());
        return !(e instanceof IllegalArgumentException || e instanceof EmbeddedPostgis.EmbeddedPostgisException)
                ? 1
                : 2;
    }
}
