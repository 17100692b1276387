package org.yizhan.support;

import java.nio.file.Path;
import org.yizhan.db.EmbeddedPostgis;

/**
 * Where test clusters live: {@code target/test-data}, unless the checkout sits where the postgres OS user
 * cannot reach it (a clone under /root, tests run as root), then a directory under /tmp.
 */
public final class TestDirs {
    private static Path base;

    private TestDirs() {}

    public static synchronized Path base() {
        if (base == null) {
            Path local = Path.of("target", "test-data").toAbsolutePath();
            base = EmbeddedPostgis.serverUserCanReach(local.getParent())
                    ? local
                    : Path.of(
                            System.getProperty("java.io.tmpdir"),
                            "yizhan-test-data-" + ProcessHandle.current().pid());
        }
        return base;
    }
}
