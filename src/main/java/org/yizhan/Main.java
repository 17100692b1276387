package org.yizhan;

import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.yizhan.db.EmbeddedPostgis.EmbeddedPostgisException;

/**
 * Starts Yizhan from the environment; SIGTERM (or Ctrl-C) shuts it down gracefully. With arguments,
 * runs one command instead: {@code backup FILE}, {@code restore FILE}, {@code admin create NAME [--role ROLE]},
 * {@code network import FILE --name NAME [--synthetic]}.
 */
public final class Main {
    private static final Logger LOG = LoggerFactory.getLogger(Main.class);

    private Main() {}

    public static void main(String[] args) {
        if (args.length > 0) {
            System.exit(command(args));
            return;
        }
        AppConfig config;
        Application app;
        try {
            config = AppConfig.load(System.getenv());
            app = Application.start(config, Clock.systemUTC());
        } catch (IllegalArgumentException | EmbeddedPostgisException e) {
            System.err.println("yizhan: " + e.getMessage());
            System.exit(2);
            return;
        }
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            LOG.info("shutting down");
                            app.close();
                        },
                        "yizhan-shutdown"));
        String url = "http://localhost:" + app.port() + "/";
        System.out.println();
        System.out.println("Yizhan is running at " + url);
        if (app.generatedAdminToken() != null) {
            System.out.println("Admin token (shown once, only its hash is kept; store it now):");
            System.out.println("  " + app.generatedAdminToken());
        }
        System.out.println();
    }

    /** {@code backup FILE} / {@code restore FILE} / …: exit 0 when done, 2 for a usage or configuration error. */
    static int command(String[] args) {
        if (args[0].equals("admin")) {
            return org.yizhan.auth.AccountCommand.run(
                    java.util.List.of(args).subList(1, args.length),
                    System.getenv(),
                    System.console(),
                    System.in,
                    System.out,
                    System.err);
        }
        if (args[0].equals("network")) {
            return org.yizhan.routing.NetworkCommand.run(
                    java.util.List.of(args).subList(1, args.length), System.getenv(), System.out, System.err);
        }
        if (args.length != 2 || !(args[0].equals("backup") || args[0].equals("restore"))) {
            System.err.println(
                    "usage: yizhan backup FILE | yizhan restore FILE | yizhan admin create NAME [--role ROLE]"
                            + " | yizhan network import FILE --name NAME [--synthetic]");
            return 2;
        }
        try {
            AppConfig config = AppConfig.load(System.getenv());
            java.nio.file.Path file = java.nio.file.Path.of(args[1]);
            if (args[0].equals("backup")) {
                long bytes = org.yizhan.db.Backup.backup(config.databaseUrl(), config.dataDir(), file);
                System.out.println("backup written to " + file + " (" + bytes + " bytes)");
            } else {
                org.yizhan.db.Backup.restore(config.databaseUrl(), config.dataDir(), file);
                System.out.println("restored " + file);
            }
            return 0;
        } catch (IllegalArgumentException | IllegalStateException | EmbeddedPostgisException e) {
            System.err.println("yizhan: " + e.getMessage());
            return 2;
        }
    }
}
