package org.yizhan.db;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A private PostgreSQL + PostGIS cluster run with the system binaries ({@code initdb}, {@code pg_ctl}),
 * kept under {@code <dataDir>/pg} so that its data survives restarts.
 *
 * <p>It listens on 127.0.0.1 only, on a free port chosen at each start, with no Unix socket, and with
 * password authentication (the password is generated at {@code initdb} and kept in
 * {@code <dataDir>/pg.password}, mode 0600). When the JVM runs as root the binaries run as the
 * {@code postgres} OS user, because {@code initdb} refuses root.
 *
 * <p>Crash recovery: a cluster left running by a process that was killed with {@code kill -9} is
 * stopped and started again; a stale {@code postmaster.pid} whose process is gone (or is not a
 * postgres process any more) is removed. Not thread-safe: one owner starts and stops it.
 */
public final class EmbeddedPostgis implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedPostgis.class);
    private static final String SUPERUSER = "yizhan";
    private static final String DATABASE = "yizhan";
    private static final String INSTALL_HINT =
            "install it with: sudo apt-get install postgresql-15-postgis-3 (or run ./yizhan run, which does)";

    private final Path dataDir;
    private final Path clusterDir;
    private final Path binDir;
    private final boolean runAsPostgres;
    private String password;
    private int port;
    private boolean running;
    /** Held while this process owns the data directory ({@code yizhan.lock}), released by {@link #close}. */
    private FileChannel lockFile;

    private EmbeddedPostgis(Path dataDir, Path binDir) {
        this.dataDir = dataDir;
        this.clusterDir = dataDir.resolve("pg");
        this.binDir = binDir;
        this.runAsPostgres = "root".equals(System.getProperty("user.name"));
    }

    /**
     * Initialises the cluster when {@code <dataDir>/pg} is new, recovers from an unclean stop, and
     * starts it. Blocks until PostgreSQL accepts connections.
     *
     * @throws EmbeddedPostgisException with a one-line message (missing binaries, failed start)
     */
    public static EmbeddedPostgis start(Path dataDir) {
        EmbeddedPostgis pg = new EmbeddedPostgis(dataDir.toAbsolutePath().normalize(), findBinDir());
        pg.checkPostgisInstalled();
        pg.lockDataDir();
        try {
            pg.startCluster();
        } catch (RuntimeException e) {
            pg.unlock();
            throw e;
        }
        return pg;
    }

    /**
     * Takes {@code <dataDir>/yizhan.lock} for this process, or refuses: a second server (or a restore) on
     * the same data directory would otherwise take the running cluster for one left behind by a crash and
     * stop it under the first server. The lock goes with the process, so a kill -9 leaves none behind.
     */
    private void lockDataDir() {
        Path file = dataDir.resolve("yizhan.lock");
        try {
            Files.createDirectories(dataDir);
            FileChannel ch = FileChannel.open(
                    file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = ch.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null;
            }
            if (lock == null) {
                ch.close();
                String holder = Files.readString(file, StandardCharsets.UTF_8).trim();
                throw new EmbeddedPostgisException(
                        "another Yizhan process" + (holder.isEmpty() ? "" : " (pid " + holder + ")") + " is using "
                                + dataDir + "; stop it first, or give this one its own YIZHAN_DATA_DIR");
            }
            ch.truncate(0);
            ch.write(ByteBuffer.wrap((ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.UTF_8)));
            lockFile = ch;
        } catch (IOException e) {
            throw new EmbeddedPostgisException("cannot lock " + file + ": " + e.getMessage());
        }
    }

    private void unlock() {
        if (lockFile != null) {
            try {
                lockFile.close();
            } catch (IOException e) {
                LOG.warn("releasing {}: {}", dataDir.resolve("yizhan.lock"), e.getMessage());
            }
            lockFile = null;
        }
    }

    /** Database name, user and password to use, and the loopback port of the running cluster. */
    public DatabaseTarget target() {
        return new DatabaseTarget("127.0.0.1", port, DATABASE, SUPERUSER, password);
    }

    /**
     * The target of the cluster in {@code dataDir} while another process (a running server) has it up,
     * read from its {@code postmaster.pid} (fourth line: the port) and {@code pg.password}; null when
     * it is not running. Lets a backup run beside a live server without touching it.
     */
    public static DatabaseTarget runningTarget(Path dataDir) {
        EmbeddedPostgis probe = new EmbeddedPostgis(dataDir.toAbsolutePath().normalize(), null);
        if (!probe.alive()) {
            return null;
        }
        try {
            List<String> pid = Files.readAllLines(probe.clusterDir.resolve("postmaster.pid"), StandardCharsets.UTF_8);
            String password = Files.readString(probe.dataDir.resolve("pg.password"), StandardCharsets.UTF_8)
                    .trim();
            return new DatabaseTarget("127.0.0.1", Integer.parseInt(pid.get(3).trim()), DATABASE, SUPERUSER, password);
        } catch (IOException | RuntimeException e) {
            throw new EmbeddedPostgisException(
                    "cannot read the running cluster's port in " + dataDir + ": " + e.getMessage());
        }
    }

    /** The PostgreSQL binaries used for the cluster, also for pg_dump and pg_restore. */
    static Path binaries() {
        return findBinDir();
    }

    private static Path findBinDir() {
        String override = System.getenv("YIZHAN_PG_BIN");
        List<Path> candidates = new ArrayList<>();
        if (override != null && !override.isBlank()) {
            candidates.add(Path.of(override));
        }
        candidates.add(Path.of("/usr/lib/postgresql/15/bin"));
        for (int v = 17; v >= 14; v--) {
            candidates.add(Path.of("/usr/lib/postgresql/" + v + "/bin"));
        }
        for (Path c : candidates) {
            if (Files.isExecutable(c.resolve("initdb")) && Files.isExecutable(c.resolve("pg_ctl"))) {
                return c;
            }
        }
        throw new EmbeddedPostgisException("PostgreSQL server binaries (initdb, pg_ctl) not found; " + INSTALL_HINT);
    }

    private void checkPostgisInstalled() {
        String share = run(List.of(binDir.resolve("pg_config").toString(), "--sharedir"), false)
                .trim();
        if (!Files.exists(Path.of(share, "extension", "postgis.control"))) {
            throw new EmbeddedPostgisException("PostGIS is not installed for " + binDir + "; " + INSTALL_HINT);
        }
    }

    /**
     * Whether the OS user that runs PostgreSQL can reach {@code dir} (always true unless we run as root,
     * when the server runs as {@code postgres} and needs search permission on every parent, which a
     * directory under /root lacks).
     */
    public static boolean serverUserCanReach(Path dir) {
        if (!"root".equals(System.getProperty("user.name"))) {
            return true;
        }
        Path probe = dir.toAbsolutePath().normalize();
        while (probe != null && !Files.exists(probe)) {
            probe = probe.getParent();
        }
        try {
            Process p = new ProcessBuilder("runuser", "-u", "postgres", "--", "test", "-x", String.valueOf(probe))
                    .redirectErrorStream(true)
                    .start();
            p.getInputStream().readAllBytes();
            return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private void startCluster() {
        try {
            Files.createDirectories(dataDir);
            if (runAsPostgres && !serverUserCanReach(dataDir)) {
                throw new EmbeddedPostgisException("the postgres OS user cannot reach " + dataDir
                        + " (PostgreSQL refuses to run as root, so it runs as postgres); set YIZHAN_DATA_DIR to a"
                        + " directory outside /root, e.g. /var/lib/yizhan");
            }
            Path pwFile = dataDir.resolve("pg.password");
            if (!Files.exists(clusterDir.resolve("PG_VERSION"))) {
                initCluster(pwFile);
            }
            password = Files.readString(pwFile, StandardCharsets.UTF_8).trim();
            recoverFromUncleanStop();
            IOException last = null;
            for (int attempt = 1; attempt <= 3; attempt++) {
                port = freePort();
                try {
                    pgCtlStart();
                    running = true;
                    ensureDatabase();
                    return;
                } catch (EmbeddedPostgisException e) {
                    // Another process may have taken the port between our probe and postgres' bind; or the
                    // cluster started but the database could not be made: stop it before trying again.
                    if (running) {
                        stop();
                    }
                    last = new IOException(e.getMessage());
                    LOG.warn(
                            "embedded PostGIS did not start on port {} (attempt {}): {}",
                            port,
                            attempt,
                            e.getMessage());
                }
            }
            throw new EmbeddedPostgisException("embedded PostGIS failed to start: " + last.getMessage() + " (see "
                    + dataDir.resolve("pg.log") + ")");
        } catch (IOException e) {
            throw new EmbeddedPostgisException("cannot prepare " + dataDir + ": " + e.getMessage());
        }
    }

    private void initCluster(Path pwFile) throws IOException {
        LOG.info("initialising a private PostGIS cluster in {}", clusterDir);
        byte[] secret = new byte[24];
        new SecureRandom().nextBytes(secret);
        String pw = Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        Files.writeString(pwFile, pw + "\n", StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(pwFile, PosixFilePermissions.fromString("rw-------"));
        Files.createDirectories(clusterDir);
        // initdb reads the password from a file the server user can read; removed right after.
        Path initPw = dataDir.resolve("pg.initpw");
        Files.writeString(initPw, pw + "\n", StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(initPw, PosixFilePermissions.fromString("rw-------"));
        handToPostgres(clusterDir);
        handToPostgres(initPw);
        try {
            run(
                    List.of(
                            binDir.resolve("initdb").toString(),
                            "-D",
                            clusterDir.toString(),
                            "-U",
                            SUPERUSER,
                            "--pwfile=" + initPw,
                            "-A",
                            "scram-sha-256",
                            "-E",
                            "UTF8",
                            "--locale=C.UTF-8",
                            "--no-instructions"),
                    true);
        } finally {
            Files.deleteIfExists(initPw);
        }
    }

    /** A kill -9 leaves either a live orphan postmaster or a stale pid file behind; handle both. */
    private void recoverFromUncleanStop() throws IOException {
        Path pidFile = clusterDir.resolve("postmaster.pid");
        if (!Files.exists(pidFile)) {
            return;
        }
        List<String> lines = Files.readAllLines(pidFile, StandardCharsets.UTF_8);
        long pid = lines.isEmpty() ? -1 : parsePid(lines.get(0));
        if (pid > 0 && isOurPostmaster(pid)) {
            LOG.warn("stopping a PostGIS cluster (pid {}) left running by an earlier process", pid);
            run(
                    List.of(
                            binDir.resolve("pg_ctl").toString(),
                            "-D",
                            clusterDir.toString(),
                            "-m",
                            "fast",
                            "-w",
                            "-t",
                            "60",
                            "stop"),
                    true);
        } else {
            LOG.warn("removing stale {} (process {} is gone)", pidFile, pid);
            Files.deleteIfExists(pidFile);
        }
    }

    private static long parsePid(String line) {
        try {
            return Long.parseLong(line.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** A live postgres process serving this data directory (after a reboot the pid may be anyone's). */
    private boolean isOurPostmaster(long pid) {
        try {
            String cmd = Files.readString(Path.of("/proc", Long.toString(pid), "cmdline"), StandardCharsets.UTF_8);
            return cmd.contains("postgres") && cmd.contains(clusterDir.toString());
        } catch (IOException e) {
            return false;
        }
    }

    private void pgCtlStart() throws IOException {
        Path log = dataDir.resolve("pg.log");
        if (!Files.exists(log)) {
            Files.createFile(log);
        }
        handToPostgres(log);
        String options = "-p " + port + " -c listen_addresses=127.0.0.1 -c unix_socket_directories=''"
                + " -c max_connections=100 -c shared_buffers=256MB -c fsync=on";
        run(
                List.of(
                        binDir.resolve("pg_ctl").toString(),
                        "-D",
                        clusterDir.toString(),
                        "-l",
                        log.toString(),
                        "-w",
                        "-t",
                        "60",
                        "-o",
                        options,
                        "start"),
                true);
        LOG.info("embedded PostGIS listening on 127.0.0.1:{}", port);
    }

    /** initdb makes only the {@code postgres} database; the service keeps its tables in its own. */
    private void ensureDatabase() {
        DatabaseTarget admin = new DatabaseTarget("127.0.0.1", port, "postgres", SUPERUSER, password);
        try (Connection c = DriverManager.getConnection(admin.jdbcUrl(), SUPERUSER, password);
                Statement st = c.createStatement()) {
            try (ResultSet rs = st.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + DATABASE + "'")) {
                if (!rs.next()) {
                    st.execute("CREATE DATABASE " + DATABASE);
                }
            }
        } catch (SQLException e) {
            throw new EmbeddedPostgisException("cannot create database " + DATABASE + ": " + e.getMessage());
        }
    }

    /**
     * Whether the postmaster still runs: its pid file names a live postgres process. Cheap (two file
     * reads), so a supervisor can call it every few seconds.
     */
    public synchronized boolean alive() {
        try {
            Path pidFile = clusterDir.resolve("postmaster.pid");
            if (!Files.exists(pidFile)) {
                return false;
            }
            List<String> lines = Files.readAllLines(pidFile, StandardCharsets.UTF_8);
            long pid = lines.isEmpty() ? -1 : parsePid(lines.get(0));
            return pid > 0 && isOurPostmaster(pid);
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Starts the cluster again after its postmaster died (kill -9, OOM killer, a manual stop), on the same
     * port, so that the pool's connect options stay right and the service recovers without a restart.
     * PostgreSQL's own crash recovery replays the WAL: every acknowledged commit survives (fsync is on).
     *
     * @throws EmbeddedPostgisException when it cannot start (the supervisor tries again later)
     */
    public synchronized void restart() {
        if (!running || alive()) {
            return;
        }
        try {
            recoverFromUncleanStop();
            pgCtlStart();
            LOG.warn("embedded PostGIS was down and has been restarted on port {}", port);
        } catch (IOException e) {
            throw new EmbeddedPostgisException("cannot restart embedded PostGIS: " + e.getMessage());
        }
    }

    /** Stops the cluster (fast mode: rolls back open transactions, then shuts down cleanly). */
    @Override
    public synchronized void close() {
        try {
            stop();
        } finally {
            unlock();
        }
    }

    private void stop() {
        if (!running) {
            return;
        }
        running = false;
        run(
                List.of(
                        binDir.resolve("pg_ctl").toString(),
                        "-D",
                        clusterDir.toString(),
                        "-m",
                        "fast",
                        "-w",
                        "-t",
                        "60",
                        "stop"),
                true);
        LOG.info("embedded PostGIS stopped");
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private void handToPostgres(Path path) {
        if (runAsPostgres) {
            run(List.of("chown", "-R", "postgres:postgres", path.toString()), false);
        }
    }

    private String run(List<String> command, boolean asServerUser) {
        return exec(command, asServerUser);
    }

    /**
     * Runs {@code command} (as the {@code postgres} OS user when {@code asServerUser} and the JVM runs as
     * root) and returns what it printed; EmbeddedPostgisException naming the program and its last line
     * when it fails. Also used by the tests' streaming replica.
     */
    public static String exec(List<String> command, boolean asServerUser) {
        List<String> full = new ArrayList<>();
        if (asServerUser && "root".equals(System.getProperty("user.name"))) {
            full.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        full.addAll(command);
        try {
            Process p = new ProcessBuilder(full).redirectErrorStream(true).start();
            p.getOutputStream().close();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new EmbeddedPostgisException(command.get(0) + " timed out");
            }
            if (p.exitValue() != 0) {
                String last = out.strip().lines().reduce((a, b) -> b).orElse("");
                throw new EmbeddedPostgisException(
                        Path.of(command.get(0)).getFileName() + " failed (exit " + p.exitValue() + "): " + last);
            }
            return out;
        } catch (IOException e) {
            throw new EmbeddedPostgisException("cannot run " + full.get(0) + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EmbeddedPostgisException("interrupted while running " + command.get(0));
        }
    }

    /** A failure of the embedded cluster, with a message fit for one line on the console. */
    public static final class EmbeddedPostgisException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public EmbeddedPostgisException(String message) {
            super(message);
        }
    }
}
