package org.yizhan.support;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.yizhan.db.DatabaseTarget;
import org.yizhan.db.EmbeddedPostgis;

/**
 * A real hot standby of a running cluster: {@code pg_basebackup -R} (streaming WAL, standby.signal and
 * primary_conninfo written) into a directory of its own, started with {@code pg_ctl} on a free loopback
 * port. As in EmbeddedPostgis, when the tests run as root the binaries run as the {@code postgres} OS
 * user. initdb's pg_hba.conf already lets 127.0.0.1 open replication connections (scram), the bootstrap
 * superuser may replicate, and {@code wal_level=replica} is the default.
 */
public final class StreamingReplica implements AutoCloseable {
    private final Path root;
    private final Path data;
    private final Path bin;
    private final DatabaseTarget primary;
    private final int port;
    private final boolean asPostgres = "root".equals(System.getProperty("user.name"));

    private StreamingReplica(Path root, Path bin, DatabaseTarget primary, int port) {
        this.root = root;
        this.data = root.resolve("data");
        this.bin = bin;
        this.primary = primary;
        this.port = port;
    }

    /** Copies {@code primary} under {@code root} and starts the standby. */
    public static StreamingReplica of(DatabaseTarget primary, Path root) throws IOException {
        String override = System.getenv("YIZHAN_PG_BIN");
        Path bin = Path.of(override == null || override.isBlank() ? "/usr/lib/postgresql/15/bin" : override);
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        Files.createDirectories(root);
        StreamingReplica r = new StreamingReplica(root, bin, primary, port);
        if (r.asPostgres) {
            r.run(List.of("chown", "postgres:postgres", root.toString()), false);
        }
        r.run(
                List.of(
                        "env",
                        "PGPASSWORD=" + primary.password(),
                        bin.resolve("pg_basebackup").toString(),
                        "-h",
                        primary.host(),
                        "-p",
                        Integer.toString(primary.port()),
                        "-U",
                        primary.user(),
                        "-D",
                        r.data.toString(),
                        "-R",
                        "-X",
                        "stream",
                        "-c",
                        "fast"),
                true);
        r.start();
        return r;
    }

    /** Where the standby listens: the primary's database, user and password, its own port. */
    public DatabaseTarget target() {
        return new DatabaseTarget("127.0.0.1", port, primary.database(), primary.user(), primary.password());
    }

    /** The {@code postgresql://} URL of {@link #target()}, for YIZHAN_REPLICA_URLS. */
    public String url() {
        return "postgresql://" + primary.user() + ":" + primary.password() + "@127.0.0.1:" + port + "/"
                + primary.database();
    }

    public void start() {
        run(
                List.of(
                        bin.resolve("pg_ctl").toString(),
                        "-D",
                        data.toString(),
                        "-l",
                        root.resolve("pg.log").toString(),
                        "-w",
                        "-t",
                        "60",
                        "-o",
                        "-p " + port + " -c listen_addresses=127.0.0.1 -c unix_socket_directories=''",
                        "start"),
                true);
    }

    public void stop() {
        run(
                List.of(
                        bin.resolve("pg_ctl").toString(),
                        "-D",
                        data.toString(),
                        "-m",
                        "fast",
                        "-w",
                        "-t",
                        "60",
                        "stop"),
                true);
    }

    /** Stops the standby (if it runs) and deletes its directory. */
    @Override
    public void close() throws IOException {
        if (Files.exists(data.resolve("postmaster.pid"))) {
            stop();
        }
        try (Stream<Path> all = Files.walk(root)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    private String run(List<String> command, boolean asServerUser) {
        return EmbeddedPostgis.exec(command, asServerUser);
    }
}
