package org.yizhan.db;

import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.sqlclient.Pool;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code yizhan backup FILE} and {@code yizhan restore FILE}: pg_dump in its custom format (compressed,
 * every table, the schema history included) and pg_restore of such a file, for the embedded cluster or
 * the database of {@code DATABASE_URL}.
 *
 * <p>A backup may run while the server serves (pg_dump reads one consistent snapshot); with the embedded
 * cluster it uses the running cluster, or starts it for the dump and stops it after. A restore replaces
 * everything in the database in one transaction ({@code --clean --single-transaction}) and refuses while
 * the embedded cluster is in use by a server: stop the server first, so that no cache outlives the data.
 */
public final class Backup {

    private Backup() {}

    /**
     * Writes the dump to {@code file}, readable by its owner only (it holds token hashes); returns its
     * size in bytes. The dump goes to {@code FILE.partial} first and replaces {@code file} only when
     * pg_dump succeeded, so a failed backup never destroys the previous one.
     */
    public static long backup(String databaseUrl, Path dataDir, Path file) {
        if (databaseUrl == null && !Files.exists(dataDir.resolve("pg").resolve("PG_VERSION"))) {
            throw new IllegalArgumentException("no database in " + dataDir + " (set YIZHAN_DATA_DIR or DATABASE_URL)");
        }
        Path target = file.toAbsolutePath();
        Path partial = target.resolveSibling(target.getFileName() + ".partial");
        try {
            Files.deleteIfExists(partial);
            Files.createFile(
                    partial, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            withTarget(
                    databaseUrl,
                    dataDir,
                    false,
                    t -> run(
                            t, List.of("pg_dump", "--format=custom", "--no-owner", "--file=" + partial, t.database())));
            Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return Files.size(target);
        } catch (IOException e) {
            throw new IllegalStateException("the dump was not written: " + e.getMessage());
        } finally {
            try {
                Files.deleteIfExists(partial);
            } catch (IOException ignored) {
                // best effort: a leftover .partial is harmless and named as such
            }
        }
    }

    /**
     * Replaces the database's contents with the dump in {@code file}, then moves the data versions on by a
     * random amount (sql/V14): the restored counters are the backup's, which writes made since had passed,
     * so a client's ETag or a cache key could otherwise name other data. A dump older than V14 has no such
     * function; the server's migration to V14 then does the same.
     */
    public static void restore(String databaseUrl, Path dataDir, Path file) {
        if (!Files.isReadable(file)) {
            throw new IllegalArgumentException("cannot read " + file);
        }
        withTarget(databaseUrl, dataDir, true, t -> {
            run(
                    t,
                    List.of(
                            "pg_restore",
                            "--clean",
                            "--if-exists",
                            "--no-owner",
                            "--single-transaction",
                            "--exit-on-error",
                            "--dbname=" + t.database(),
                            file.toAbsolutePath().toString()));
            run(
                    t,
                    List.of(
                            "psql",
                            "--no-psqlrc",
                            "--quiet",
                            "--set=ON_ERROR_STOP=1",
                            "--dbname=" + t.database(),
                            "--command=" + RESEED));
        });
    }

    private static final String RESEED =
            "DO $$ BEGIN IF to_regproc('reseed_data_versions') IS NOT NULL THEN PERFORM reseed_data_versions(); END IF; END $$";

    /** Work on a database, for {@link #withTarget}. */
    public interface Step {
        void run(DatabaseTarget target);
    }

    /**
     * Runs {@code step} on the database of {@code DATABASE_URL}, else on the embedded cluster in
     * {@code dataDir}: the running one, or one started for the step and stopped after it. With
     * {@code restoring}, a running embedded cluster is refused (a server is using it). Also used by
     * {@code yizhan admin create}.
     */
    public static void withTarget(String databaseUrl, Path dataDir, boolean restoring, Step step) {
        if (databaseUrl != null) {
            step.run(DatabaseTarget.fromUrl(databaseUrl));
            return;
        }
        DatabaseTarget running = EmbeddedPostgis.runningTarget(dataDir);
        if (running != null) {
            if (restoring) {
                throw new IllegalArgumentException(
                        "the server is running on " + dataDir + "; stop it before a restore");
            }
            step.run(running);
            return;
        }
        try (EmbeddedPostgis pg = EmbeddedPostgis.start(dataDir)) {
            step.run(pg.target());
        }
    }

    /** Work with a pool, for {@link #withPool}. */
    public interface PoolStep {
        void run(DatabaseTarget target, Vertx vertx, Pool pool);
    }

    /**
     * As {@link #withTarget} (not restoring), on the migrated schema, with a pool of its own on a Vert.x of
     * its own (closed after), every statement bounded by {@code statementTimeoutMs}: the admin commands.
     */
    public static void withPool(String databaseUrl, Path dataDir, int statementTimeoutMs, PoolStep step) {
        withTarget(databaseUrl, dataDir, false, target -> {
            Migrations.migrate(target);
            Vertx vertx = Vertx.vertx();
            try {
                step.run(
                        target,
                        vertx,
                        PgBuilder.pool()
                                .connectingTo(target.connectOptions(statementTimeoutMs))
                                .using(vertx)
                                .build());
            } finally {
                Await.result(vertx.close(), Duration.ofMinutes(1), "Vert.x did not close in a minute");
            }
        });
    }

    private static void run(DatabaseTarget t, List<String> command) {
        List<String> full = new ArrayList<>();
        full.add(EmbeddedPostgis.binaries().resolve(command.get(0)).toString());
        full.addAll(List.of("--host=" + t.host(), "--port=" + t.port(), "--username=" + t.user()));
        full.addAll(command.subList(1, command.size()));
        ExternalProcess.run(full, pgPassword(t), Duration.ofMinutes(60));
    }

    /** The environment that gives a pg tool (pg_dump, osm2pgsql) the target's password: never an argument. */
    public static Map<String, String> pgPassword(DatabaseTarget t) {
        return Map.of("PGPASSWORD", t.password() == null ? "" : t.password());
    }
}
