package org.yizhan.db;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * An external tool (pg_dump, pg_restore, osm2pgsql) run to completion within a time limit, its output
 * (stdout and stderr together) captured. Secrets go in {@code env} (PGPASSWORD), never on the command line,
 * where ps would show them. Blocking: call it off the event loop.
 */
public final class ExternalProcess {

    /** The tool ran and failed (non-zero exit), or did not finish in time (then killed). */
    public static final class Failure extends IllegalStateException {
        private static final long serialVersionUID = 1L;
        private final transient String output;
        private final boolean timedOut;

        Failure(String message, String output, boolean timedOut) {
            super(message);
            this.output = output;
            this.timedOut = timedOut;
        }

        /** What the tool printed, stripped. */
        public String output() {
            return output;
        }

        public boolean timedOut() {
            return timedOut;
        }
    }

    private ExternalProcess() {}

    /**
     * Runs {@code command} with {@code env} added to this process's environment and no standard input;
     * returns its output. A tool still running after {@code limit} is killed.
     *
     * @throws Failure for a non-zero exit or the time limit
     * @throws IllegalStateException when the tool cannot be started
     */
    public static String run(List<String> command, Map<String, String> env, Duration limit) {
        Path log = null;
        try {
            // Output to a file, so that the time limit holds even when the tool prints nothing and hangs.
            log = Files.createTempFile("yizhan-" + Path.of(command.get(0)).getFileName(), ".log");
            ProcessBuilder pb =
                    new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
            pb.environment().putAll(env);
            Process p = pb.start();
            p.getOutputStream().close();
            boolean done = p.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS);
            if (!done) {
                p.destroyForcibly();
                p.waitFor(10, TimeUnit.SECONDS);
            }
            String out = Files.readString(log, StandardCharsets.UTF_8).strip();
            String tool = Path.of(command.get(0)).getFileName().toString();
            if (!done) {
                throw new Failure(tool + " timed out after " + describe(limit), out, true);
            }
            if (p.exitValue() != 0) {
                throw new Failure(tool + " failed: " + out, out, false);
            }
            return out;
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + command.get(0) + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } finally {
            if (log != null) {
                try {
                    Files.deleteIfExists(log);
                } catch (IOException ignored) {
                    // a temporary file
                }
            }
        }
    }

    private static String describe(Duration d) {
        return d.toSeconds() % 60 == 0 ? d.toMinutes() + " minutes" : d.toSeconds() + " s";
    }
}
