package org.yizhan;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

/**
 * Server configuration: defaults, then an optional properties file ({@code YIZHAN_CONFIG}), then the
 * environment. {@code DATABASE_URL} wins over the embedded cluster: when it is set no cluster is started.
 *
 * @param port          HTTP port ({@code PORT}, default 8080; 0 picks a free port, used by tests)
 * @param dataDir       where the embedded PostGIS cluster lives ({@code YIZHAN_DATA_DIR}, default ./data)
 * @param databaseUrl   {@code postgresql://user:pass@host:port/db}, or null for the embedded cluster
 * @param demo          load the synthetic demo city into an empty database ({@code YIZHAN_DEMO})
 * @param adminToken    bootstrap admin bearer token ({@code YIZHAN_ADMIN_TOKEN}); null generates one
 * @param timezone      zone in which opening hours are evaluated ({@code YIZHAN_TIMEZONE})
 * @param host          interface the HTTP server binds ({@code YIZHAN_HOST}, default 0.0.0.0)
 * @param riders        riders' reports: staleness and trusted proxies
 * @param sessionTtl    how long a login's session token is valid ({@code YIZHAN_SESSION_HOURS}, default 12)
 * @param replicas      read replicas of the database, none by default (docs/scale.md)
 * @param limits        per-client request rates
 * @param corsOrigins   origins allowed cross-origin access ({@code YIZHAN_CORS_ORIGINS}, comma-separated; default none)
 * @param logFormat     {@code text} or {@code json} log lines ({@code YIZHAN_LOG_FORMAT}, default text)
 */
public record AppConfig(
        int port,
        Path dataDir,
        String databaseUrl,
        boolean demo,
        String adminToken,
        ZoneId timezone,
        String host,
        int dbPoolSize,
        Tiles tiles,
        Riders riders,
        java.time.Duration sessionTtl,
        Replicas replicas,
        Limits limits,
        java.util.List<String> corsOrigins,
        String logFormat) {

    /**
     * @param staleAfter     a station not verified for this long is stale ({@code YIZHAN_STALE_DAYS}, default 180)
     * @param trustedProxies peer addresses whose X-Forwarded-For names the client, for abuse control
     *                       ({@code YIZHAN_TRUSTED_PROXIES}, comma-separated; default none)
     */
    public record Riders(java.time.Duration staleAfter, java.util.Set<String> trustedProxies) {}

    /**
     * Streaming replicas that serve public reads (docs/scale.md).
     *
     * @param urls   {@code YIZHAN_REPLICA_URLS}: comma-separated {@code postgresql://} URLs, the form of
     *               {@code DATABASE_URL}; empty: every query goes to the primary
     * @param maxLag {@code YIZHAN_REPLICA_MAX_LAG_S}, default 5: a replica further behind the primary than
     *               this is skipped until it catches up
     */
    public record Replicas(java.util.List<String> urls, java.time.Duration maxLag) {
        public boolean isEmpty() {
            return urls.isEmpty();
        }
    }

    /**
     * Per-client rate limits, in requests a minute (evenly) with a burst; 0 requests a minute: no limit.
     *
     * @param perMinute      every API request ({@code YIZHAN_RATE_LIMIT}, default {@value #PER_MINUTE})
     * @param burst          ({@code YIZHAN_RATE_BURST}, default {@value #BURST})
     * @param heavyPerMinute CPU-heavy requests ({@code YIZHAN_HEAVY_RATE_LIMIT}, default {@value #HEAVY_PER_MINUTE})
     * @param heavyBurst     ({@code YIZHAN_HEAVY_RATE_BURST}, default {@value #HEAVY_BURST})
     */
    public record Limits(int perMinute, int burst, int heavyPerMinute, int heavyBurst) {
        public static final int PER_MINUTE = 1200;
        public static final int BURST = 200;
        public static final int HEAVY_PER_MINUTE = 30;
        public static final int HEAVY_BURST = 10;
    }

    /** Tile sources for the map page; empty when neither a URL nor a 天地图 key is configured. */
    public record Tiles(String url, String attribution, String subdomains, int maxZoom, String tiandituKey) {
        public boolean isEmpty() {
            return url == null && tiandituKey == null;
        }
    }

    /** The keys a config file and the environment may set, each with its default (null: none). */
    static final Map<String, String> DEFAULTS = Map.of(
            "PORT", "8080",
            "YIZHAN_DATA_DIR", "./data",
            "YIZHAN_DEMO", "true",
            "YIZHAN_TIMEZONE", "Asia/Shanghai",
            "YIZHAN_HOST", "0.0.0.0",
            "YIZHAN_STALE_DAYS", "180",
            "YIZHAN_SESSION_HOURS", "12",
            "YIZHAN_REPLICA_MAX_LAG_S", "5",
            "YIZHAN_DB_POOL",
                    Integer.toString(Math.max(4, 2 * Runtime.getRuntime().availableProcessors())));

    /** Builds the configuration from defaults, the file named by {@code YIZHAN_CONFIG}, and {@code env}. */
    public static AppConfig load(Map<String, String> env) {
        Map<String, String> values = new HashMap<>(DEFAULTS);
        String file = env.get("YIZHAN_CONFIG");
        if (file != null && !file.isBlank()) {
            values.putAll(readFile(Path.of(file)));
        }
        env.forEach((k, v) -> {
            if (v != null && !v.isEmpty()) {
                values.put(k, v);
            }
        });
        return fromValues(values);
    }

    static AppConfig fromValues(Map<String, String> v) {
        int port;
        try {
            port = Integer.parseInt(v.get("PORT").trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("PORT must be a number, got '" + v.get("PORT") + "'");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("PORT must be between 0 and 65535");
        }
        ZoneId zone;
        try {
            zone = ZoneId.of(v.get("YIZHAN_TIMEZONE").trim());
        } catch (DateTimeException e) {
            throw new IllegalArgumentException("YIZHAN_TIMEZONE is not a time zone: " + v.get("YIZHAN_TIMEZONE"));
        }
        String demo = v.get("YIZHAN_DEMO").trim().toLowerCase();
        if (!demo.equals("true") && !demo.equals("false")) {
            throw new IllegalArgumentException("YIZHAN_DEMO must be true or false");
        }
        int pool;
        try {
            pool = Integer.parseInt(v.get("YIZHAN_DB_POOL").trim());
        } catch (NumberFormatException e) {
            pool = -1;
        }
        if (pool < 1 || pool > 200) {
            throw new IllegalArgumentException("YIZHAN_DB_POOL must be a number from 1 to 200");
        }
        String token = v.get("YIZHAN_ADMIN_TOKEN");
        if (token != null && token.length() < 16) {
            throw new IllegalArgumentException("YIZHAN_ADMIN_TOKEN must be at least 16 characters");
        }
        return new AppConfig(
                port,
                Path.of(v.get("YIZHAN_DATA_DIR")).toAbsolutePath().normalize(),
                blankToNull(v.get("DATABASE_URL")),
                demo.equals("true"),
                token,
                zone,
                v.get("YIZHAN_HOST"),
                pool,
                tiles(v),
                riders(v),
                sessionTtl(v),
                replicas(v),
                limits(v),
                corsOrigins(v),
                logFormat(v));
    }

    private static java.time.Duration sessionTtl(Map<String, String> v) {
        int hours;
        try {
            hours = Integer.parseInt(v.get("YIZHAN_SESSION_HOURS").trim());
        } catch (NumberFormatException e) {
            hours = -1;
        }
        if (hours < 1 || hours > 24 * 90) {
            throw new IllegalArgumentException("YIZHAN_SESSION_HOURS must be a number of hours from 1 to 2160");
        }
        return java.time.Duration.ofHours(hours);
    }

    private static Replicas replicas(Map<String, String> v) {
        java.util.List<String> urls = new java.util.ArrayList<>();
        String list = blankToNull(v.get("YIZHAN_REPLICA_URLS"));
        if (list != null) {
            for (String part : list.split(",")) {
                if (part.isBlank()) {
                    continue;
                }
                String url = part.strip();
                if (!url.startsWith("postgresql://") && !url.startsWith("postgres://")) {
                    // Never echo the value: it carries a password.
                    throw new IllegalArgumentException("YIZHAN_REPLICA_URLS must be postgresql:// URLs, comma-separated"
                            + " (entry " + (urls.size() + 1) + " is not)");
                }
                urls.add(url);
            }
        }
        if (urls.size() > 16) {
            throw new IllegalArgumentException("YIZHAN_REPLICA_URLS names more than 16 replicas");
        }
        int lag;
        try {
            lag = Integer.parseInt(v.get("YIZHAN_REPLICA_MAX_LAG_S").trim());
        } catch (NumberFormatException e) {
            lag = -1;
        }
        if (lag < 2 || lag > 3_600) {
            throw new IllegalArgumentException("YIZHAN_REPLICA_MAX_LAG_S must be a number of seconds from 2 to 3600");
        }
        return new Replicas(java.util.List.copyOf(urls), java.time.Duration.ofSeconds(lag));
    }

    private static Limits limits(Map<String, String> v) {
        return new Limits(
                number(v, "YIZHAN_RATE_LIMIT", Limits.PER_MINUTE, 0, 1_000_000),
                number(v, "YIZHAN_RATE_BURST", Limits.BURST, 1, 1_000_000),
                number(v, "YIZHAN_HEAVY_RATE_LIMIT", Limits.HEAVY_PER_MINUTE, 0, 1_000_000),
                number(v, "YIZHAN_HEAVY_RATE_BURST", Limits.HEAVY_BURST, 1, 1_000_000));
    }

    private static int number(Map<String, String> v, String key, int fallback, int min, int max) {
        String text = v.get(key);
        int n;
        try {
            n = text == null ? fallback : Integer.parseInt(text.trim());
        } catch (NumberFormatException e) {
            n = min - 1;
        }
        if (n < min || n > max) {
            throw new IllegalArgumentException(key + " must be a number from " + min + " to " + max);
        }
        return n;
    }

    private static java.util.List<String> corsOrigins(Map<String, String> v) {
        java.util.List<String> out = new java.util.ArrayList<>();
        String list = blankToNull(v.get("YIZHAN_CORS_ORIGINS"));
        if (list != null) {
            for (String part : list.split(",")) {
                String origin = part.strip();
                if (origin.isEmpty()) {
                    continue;
                }
                if (!origin.matches("https?://[A-Za-z0-9.-]+(:[0-9]{1,5})?")) {
                    throw new IllegalArgumentException(
                            "YIZHAN_CORS_ORIGINS: each origin is scheme://host[:port] with no"
                                    + " path or trailing slash, such as https://map.example.com; got '" + origin + "'");
                }
                out.add(origin);
            }
        }
        return java.util.List.copyOf(out);
    }

    private static String logFormat(Map<String, String> v) {
        String f = v.getOrDefault("YIZHAN_LOG_FORMAT", "text").trim().toLowerCase(java.util.Locale.ROOT);
        if (!f.equals("text") && !f.equals("json")) {
            throw new IllegalArgumentException("YIZHAN_LOG_FORMAT must be text or json");
        }
        return f;
    }

    private static Riders riders(Map<String, String> v) {
        int days;
        try {
            days = Integer.parseInt(v.get("YIZHAN_STALE_DAYS").trim());
        } catch (NumberFormatException e) {
            days = -1;
        }
        if (days < 1 || days > 3_650) {
            throw new IllegalArgumentException("YIZHAN_STALE_DAYS must be a number of days from 1 to 3650");
        }
        java.util.Set<String> proxies = new java.util.LinkedHashSet<>();
        String list = blankToNull(v.get("YIZHAN_TRUSTED_PROXIES"));
        if (list != null) {
            for (String part : list.split(",")) {
                if (!part.isBlank()) {
                    proxies.add(part.strip());
                }
            }
        }
        return new Riders(java.time.Duration.ofDays(days), java.util.Set.copyOf(proxies));
    }

    private static Tiles tiles(Map<String, String> v) {
        String url = blankToNull(v.get("YIZHAN_TILE_URL"));
        if (url != null && !url.startsWith("https://") && !url.startsWith("http://") && !url.startsWith("/")) {
            throw new IllegalArgumentException("YIZHAN_TILE_URL must be an http(s) URL template with {z}/{x}/{y}");
        }
        int maxZoom;
        try {
            maxZoom = Integer.parseInt(
                    v.getOrDefault("YIZHAN_TILE_MAX_ZOOM", "18").trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("YIZHAN_TILE_MAX_ZOOM must be a number");
        }
        return new Tiles(
                url,
                blankToNull(v.get("YIZHAN_TILE_ATTRIBUTION")),
                blankToNull(v.get("YIZHAN_TILE_SUBDOMAINS")),
                maxZoom,
                blankToNull(v.get("YIZHAN_TIANDITU_KEY")));
    }

    private static Map<String, String> readFile(Path path) {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
            p.load(r);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read YIZHAN_CONFIG file " + path + ": " + e.getMessage());
        }
        Map<String, String> out = new HashMap<>();
        p.stringPropertyNames().forEach(k -> out.put(k, p.getProperty(k)));
        return out;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }
}
