package org.yizhan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("Configuration: defaults, then the YIZHAN_CONFIG file, then the environment")
class AppConfigTest {

    @Test
    @DisplayName("with nothing set the defaults apply: port 8080, ./data, demo on, Asia/Shanghai, embedded database")
    void defaults() {
        AppConfig c = AppConfig.load(Map.of());
        assertEquals(8080, c.port());
        assertEquals(Path.of("./data").toAbsolutePath().normalize(), c.dataDir());
        assertTrue(c.demo());
        assertEquals(ZoneId.of("Asia/Shanghai"), c.timezone());
        assertNull(c.databaseUrl());
        assertNull(c.adminToken());
    }

    @Test
    @DisplayName("a config file overrides defaults and the environment overrides the file")
    void fileThenEnvironment(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("yizhan.properties");
        Files.writeString(file, "PORT=9000\nYIZHAN_DEMO=false\nYIZHAN_TIMEZONE=Asia/Urumqi\n");
        AppConfig c = AppConfig.load(Map.of("YIZHAN_CONFIG", file.toString(), "PORT", "9100"));
        assertEquals(9100, c.port());
        assertFalse(c.demo());
        assertEquals(ZoneId.of("Asia/Urumqi"), c.timezone());
    }

    @Test
    @DisplayName("DATABASE_URL, when set, is kept for use instead of the embedded cluster")
    void databaseUrl() {
        AppConfig c = AppConfig.load(Map.of("DATABASE_URL", "postgresql://u:p@db:5432/yz"));
        assertEquals("postgresql://u:p@db:5432/yz", c.databaseUrl());
    }

    @Test
    @DisplayName("replica URLs are a comma list of postgresql:// URLs; a bad entry is named by position, never echoed")
    void replicas() {
        assertTrue(AppConfig.load(Map.of()).replicas().isEmpty());
        AppConfig c = AppConfig.load(Map.of(
                "YIZHAN_REPLICA_URLS",
                "postgresql://u:p@r1:5432/yz, postgresql://u:p@r2/yz,",
                "YIZHAN_REPLICA_MAX_LAG_S",
                "10"));
        assertEquals(
                java.util.List.of("postgresql://u:p@r1:5432/yz", "postgresql://u:p@r2/yz"),
                c.replicas().urls());
        assertEquals(java.time.Duration.ofSeconds(10), c.replicas().maxLag());
        assertEquals(
                java.time.Duration.ofSeconds(5),
                AppConfig.load(Map.of()).replicas().maxLag());
        String message = assertThrows(
                        IllegalArgumentException.class,
                        () -> AppConfig.load(
                                Map.of("YIZHAN_REPLICA_URLS", "postgresql://u:p@r1/yz,mysql://u:secret@r2/yz")))
                .getMessage();
        assertTrue(message.contains("entry 2") && !message.contains("secret"), message);
        assertThrows(IllegalArgumentException.class, () -> AppConfig.load(Map.of("YIZHAN_REPLICA_MAX_LAG_S", "1")));
        assertThrows(IllegalArgumentException.class, () -> AppConfig.load(Map.of("YIZHAN_REPLICA_MAX_LAG_S", "soon")));
    }

    @Test
    @DisplayName("tiles: none by default; a URL template or a 天地图 key configures them; a bad URL is refused")
    void tiles() {
        assertTrue(AppConfig.load(Map.of()).tiles().isEmpty());
        AppConfig c =
                AppConfig.load(Map.of("YIZHAN_TILE_URL", "https://t/{z}/{x}/{y}.png", "YIZHAN_TILE_MAX_ZOOM", "17"));
        assertEquals("https://t/{z}/{x}/{y}.png", c.tiles().url());
        assertEquals(17, c.tiles().maxZoom());
        assertFalse(AppConfig.load(Map.of("YIZHAN_TIANDITU_KEY", "k")).tiles().isEmpty());
        assertTrue(
                assertThrows(IllegalArgumentException.class, () -> AppConfig.load(Map.of("YIZHAN_TILE_URL", "ftp://x")))
                        .getMessage()
                        .contains("YIZHAN_TILE_URL"));
    }

    @Test
    @DisplayName("bad values fail with a message naming the key")
    void badValues() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> AppConfig.load(Map.of("PORT", "http")))
                .getMessage()
                .contains("PORT"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> AppConfig.load(Map.of("PORT", "70000")))
                .getMessage()
                .contains("PORT"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> AppConfig.load(Map.of("YIZHAN_DEMO", "yes")))
                .getMessage()
                .contains("YIZHAN_DEMO"));
        assertTrue(assertThrows(
                        IllegalArgumentException.class, () -> AppConfig.load(Map.of("YIZHAN_TIMEZONE", "Mars/Base")))
                .getMessage()
                .contains("YIZHAN_TIMEZONE"));
        assertTrue(assertThrows(
                        IllegalArgumentException.class, () -> AppConfig.load(Map.of("YIZHAN_ADMIN_TOKEN", "short")))
                .getMessage()
                .contains("YIZHAN_ADMIN_TOKEN"));
        assertTrue(assertThrows(
                        IllegalArgumentException.class,
                        () -> AppConfig.load(Map.of("YIZHAN_CONFIG", "/nonexistent/x.properties")))
                .getMessage()
                .contains("YIZHAN_CONFIG"));
    }

    @Test
    @DisplayName("rate limits, CORS origins and the log format are read and checked; 0 a minute turns a limit off")
    void limitsCorsLogs() {
        AppConfig c = AppConfig.load(Map.of(
                "YIZHAN_RATE_LIMIT",
                "0",
                "YIZHAN_HEAVY_RATE_BURST",
                "3",
                "YIZHAN_CORS_ORIGINS",
                "https://a.example.org, http://localhost:5173",
                "YIZHAN_LOG_FORMAT",
                "JSON"));
        assertEquals(new AppConfig.Limits(0, 200, 30, 3), c.limits());
        assertEquals(java.util.List.of("https://a.example.org", "http://localhost:5173"), c.corsOrigins());
        assertEquals("json", c.logFormat());
        assertEquals("text", AppConfig.load(Map.of()).logFormat());
        assertTrue(AppConfig.load(Map.of()).corsOrigins().isEmpty(), "CORS is off by default");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> AppConfig.load(Map.of("YIZHAN_RATE_BURST", "0")))
                .getMessage()
                .contains("YIZHAN_RATE_BURST"));
        assertTrue(assertThrows(
                        IllegalArgumentException.class, () -> AppConfig.load(Map.of("YIZHAN_HEAVY_RATE_LIMIT", "many")))
                .getMessage()
                .contains("YIZHAN_HEAVY_RATE_LIMIT"));
        assertTrue(assertThrows(
                        IllegalArgumentException.class,
                        () -> AppConfig.load(Map.of("YIZHAN_CORS_ORIGINS", "https://a.example.org/")))
                .getMessage()
                .contains("YIZHAN_CORS_ORIGINS"));
        assertTrue(
                assertThrows(IllegalArgumentException.class, () -> AppConfig.load(Map.of("YIZHAN_CORS_ORIGINS", "*")))
                        .getMessage()
                        .contains("YIZHAN_CORS_ORIGINS"));
        assertTrue(
                assertThrows(IllegalArgumentException.class, () -> AppConfig.load(Map.of("YIZHAN_LOG_FORMAT", "xml")))
                        .getMessage()
                        .contains("YIZHAN_LOG_FORMAT"));
    }
}
