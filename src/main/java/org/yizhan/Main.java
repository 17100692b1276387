package org.yizhan;

import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.yizhan.db.EmbeddedPostgis.EmbeddedPostgisException;

/** Starts Yizhan from the environment; SIGTERM (or Ctrl-C) shuts it down gracefully. */
public final class Main {
    private static final Logger LOG = LoggerFactory.getLogger(Main.class);

    private Main() {
    }

    public static void main(String[] args) {
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
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            LOG.info("shutting down");
            app.close();
        }, "yizhan-shutdown"));
        String url = "http://localhost:" + app.port() + "/";
        System.out.println();
        System.out.println("Yizhan is running at " + url);
        if (app.generatedAdminToken() != null) {
            System.out.println("Admin token (shown once, only its hash is kept; store it now):");
            System.out.println("  " + app.generatedAdminToken());
        }
        System.out.println();
    }
}
